"""Shared helpers for the benchmark scripts: median wall time of a fresh process."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence


def wall_time(cmd: Sequence[str], runs: int = 7) -> float:
    """Median wall-clock seconds of running `cmd` in a new process, after one warm-up run."""
    subprocess.run(cmd, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
