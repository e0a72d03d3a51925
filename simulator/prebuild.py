"""`python -m simulator.prebuild --cameras N [--scene cam-3=rain]`: fill the clip cache.

Encodes every clip the simulator with the same options could play (base clips and every fault at
every severity step), so later starts and fault changes never wait for an encoder. Takes about
0.5 s per clip per core at 640x360: ~ 35 clips per camera.
"""

from __future__ import annotations

import argparse
import logging
import sys

from simulator.cli import LOG_FORMAT, add_arguments, settings_from
from simulator.library import clip_library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="simulator.prebuild", description="Encode every simulator clip into the cache"
    )
    add_arguments(parser)  # ports and --fault are accepted and ignored: one option set for both
    settings = settings_from(parser.parse_args(argv)).model_copy(update={"prebuild_faults": True})
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    clip_library(settings).close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
