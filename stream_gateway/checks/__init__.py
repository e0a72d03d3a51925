"""Video patrol checks: pure functions of downscaled frames, one module a diagnosis."""

from stream_gateway.checks.dark import check_dark
from stream_gateway.checks.frozen import check_frozen
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.signal_loss import check_signal, check_silence

__all__ = ["CheckResult", "check_dark", "check_frozen", "check_signal", "check_silence"]
