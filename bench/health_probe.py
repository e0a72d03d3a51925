"""A `/healthz` prober in its own process: a GET every 50 ms on one keep-alive connection, the
time each took, until told to stop. Its own process, so an attacker in the bench's event loop
(or holding the bench's GIL) cannot make health look slow."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.synchronize import Event

import httpx
import numpy as np

PROBE_EVERY_S = 0.05  # a load balancer polls every few seconds; 20 a second gives p99 meaning
PROBE_TIMEOUT_S = 5.0  # a probe this late counts as a failure (at this time) rather than hang
READY_TIMEOUT_S = 30.0  # the prober's process starting and its first answer
SLOWEST = 5  # probes named with their time, to tell a burst from a steady slowness
WINDOW_S = 5.0  # p99 of each such stretch too: an attack's first seconds may differ from the rest


@dataclass
class Probes:
    """Every probe's time (answered or not), and what went wrong with those that failed."""

    seconds: list[float] = field(default_factory=list)
    started_at: list[float] = field(default_factory=list)  # seconds after the first probe
    failures: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, object]:
        return {
            "probes": len(self.seconds),
            "failures": dict(self.failures),
            "latency_ms": percentiles(self.seconds),
            "p99_ms_by_window": self.p99_by_window(),
            "slowest": [
                {"ms": round(s * 1000, 1), "at_s": round(at, 2)}
                for s, at in sorted(zip(self.seconds, self.started_at, strict=True))[-SLOWEST:]
            ],
        }

    def p99_by_window(self) -> dict[str, float]:
        windows: dict[int, list[float]] = {}
        for seconds, at in zip(self.seconds, self.started_at, strict=True):
            windows.setdefault(int(at // WINDOW_S), []).append(seconds)
        return {
            f"{i * WINDOW_S:g}-{(i + 1) * WINDOW_S:g} s": percentiles(w)["p99"]
            for i, w in sorted(windows.items())
        }


def percentiles(seconds: list[float]) -> dict[str, float]:
    values = np.asarray(seconds or [float("nan")], dtype=float) * 1000
    return {
        name: round(float(np.percentile(values, q)), 1)
        for name, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
    }


def probe(url: str, ready: Event, stop: Event, out: multiprocessing.Queue[Probes]) -> None:
    probes = Probes()
    with httpx.Client(timeout=PROBE_TIMEOUT_S) as client:
        client.get(url)  # opens the connection: not counted
        ready.set()
        due = first = time.monotonic()
        while not stop.is_set():
            probes.started_at.append(time.monotonic() - first)
            started = time.perf_counter()
            try:
                status = client.get(url).status_code
            except httpx.HTTPError as exc:
                probes.failures[type(exc).__name__] += 1
            else:
                if status != 200:
                    probes.failures[f"HTTP {status}"] += 1
            probes.seconds.append(time.perf_counter() - started)
            due = max(due + PROBE_EVERY_S, time.monotonic())  # a late probe is not made up for
            time.sleep(max(0.0, due - time.monotonic()))
    out.put(probes)


class Prober:
    """`with Prober(url) as probes:` probes while the block runs; `probes` is filled at exit."""

    def __init__(self, url: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.ready, self.stop, self.out = context.Event(), context.Event(), context.Queue()
        self.process = context.Process(
            target=probe, args=(url, self.ready, self.stop, self.out), daemon=True
        )
        self.probes = Probes()

    def __enter__(self) -> Probes:
        self.process.start()
        if not self.ready.wait(READY_TIMEOUT_S):
            self.process.kill()
            raise RuntimeError("the health prober did not start")
        return self.probes

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        result = self.out.get(timeout=PROBE_TIMEOUT_S + 10)
        self.process.join()
        self.probes.__dict__.update(result.__dict__)
