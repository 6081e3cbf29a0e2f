"""Every command against the time it takes to import its libraries (issue 17), in one run.

Each command runs in a fresh process with the disk cache off (TRADETERMS_NO_CACHE=1: a first
run, as on CI), interleaved with its import floor; a figure is the median of the ratios of
the pairs, so load on a shared machine hits both sides alike. Prints one line per goal:

- `validate` of the shipped data <= 0.6 x `python -c "import pandas"`;
- `validate` of a ~10 MB file <= 0.6 x a bare `yaml.load(f, CSafeLoader)` of the same file;
- `list`, `show`, `diff`, `duty` (one line), `compare` of two deals <= 1.0 x the import of
  the stack (`import pandas, pint, tabulate, pydantic, yaml`); `compare` and `questions` of
  all deals <= 1.3 x the same floor;
- `tradeterms.duty()` warm, one line: <= 0.5 ms;
- `questions()` of all deals in-process, resolved ones too: <= 2.0 s (was a timed test).

Usage: python benchmarks/commands.py [pairs] [--only WORD ...]
(default 9 pairs; 3 is enough for a glance; --only runs the lines whose name contains a word,
e.g. `--only compare questions`; by default every line runs)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from validate import generate

ROOT = Path(__file__).resolve().parent.parent
PANDAS = "import pandas"
STACK = "import pandas, pint, tabulate, pydantic, yaml"
BIG_DEALS = 3700  # about 10 MB of generated deals


def _run(cmd: Sequence[str]) -> float:
    env = {**os.environ, "TRADETERMS_NO_CACHE": "1"}
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # validate exits 1 on findings; anything else is broken
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def ratio(cmd: Sequence[str], floor: Sequence[str], pairs: int) -> tuple[float, float, float]:
    """(median command s, median floor s, median of the per-pair ratios), after a warm-up."""
    _run(cmd), _run(floor)
    times, floors, ratios = [], [], []
    for _ in range(pairs):
        a, b = _run(cmd), _run(floor)
        times.append(a)
        floors.append(b)
        ratios.append(a / b)
    return statistics.median(times), statistics.median(floors), statistics.median(ratios)


def report(name: str, cmd: Sequence[str], floor: Sequence[str], goal: float, pairs: int) -> None:
    took, base, r = ratio(cmd, floor, pairs)
    verdict = "met" if r <= goal else "NOT met"
    print(f"{name:<28} {took:6.3f} s / {base:6.3f} s = {r:4.2f}  (goal <= {goal}: {verdict})")


def warm_duty(calls: int = 2000) -> float:
    """Median seconds of one warm `duty()` call on one line, in this process."""
    import tradeterms

    catalog = tradeterms.load()
    on = dt.date(2025, 10, 1)
    tradeterms.duty("8703.23.01", "JP", on, catalog=catalog)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(calls // 5):
            tradeterms.duty("8703.23.01", "JP", on, catalog=catalog)
        samples.append((time.perf_counter() - start) / (calls // 5))
    return statistics.median(samples)


def questions_in_process() -> float:
    """Seconds to find every question of every deal, resolved ones too, in this process."""
    from tradeterms import load
    from tradeterms.open_questions import questions

    catalog = load()
    start = time.perf_counter()
    questions(as_of=dt.date(2026, 3, 1), include_resolved=True, catalog=catalog)
    return time.perf_counter() - start


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Every command against its import floor.")
    parser.add_argument("pairs", nargs="?", type=int, default=9, help="interleaved pairs")
    parser.add_argument(
        "--only", nargs="+", default=[], metavar="WORD", help="run only lines naming one of these"
    )
    return parser.parse_args()


def validate_big(cli: str, py: str, pairs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        generate(big, BIG_DEALS)
        load = f"import yaml; yaml.load(open({str(big)!r}, 'rb'), Loader=yaml.CSafeLoader)"
        size = big.stat().st_size / 1e6
        report(f"validate ({size:.0f} MB file)", [cli, "validate", str(big)], [py, "-c", load],
               0.6, max(3, pairs // 3))  # fmt: skip


def main() -> None:
    args = _arguments()
    pairs = args.pairs

    def wanted(name: str) -> bool:
        return not args.only or any(word in name for word in args.only)

    cli = shutil.which("tradeterms") or sys.exit("install the package first: pip install -e .")
    py = sys.executable
    pandas, stack = [py, "-c", PANDAS], [py, "-c", STACK]
    print(f"{pairs} interleaved pairs each, TRADETERMS_NO_CACHE=1; command / floor = ratio")
    if wanted("validate (shipped data)"):
        report("validate (shipped data)", [cli, "validate"], pandas, 0.6, pairs)
    if wanted("validate (10 MB file)"):
        validate_big(cli, py, pairs)
    one_line = ["--origin", "JP", "--hts", "8703.23.01", "--on", "2025-10-01"]
    for name, cmd, goal in (
        ("list", ["list"], 1.0),
        ("show us-eu-2025", ["show", "us-eu-2025"], 1.0),
        ("diff us-eu-2025", ["diff", "us-eu-2025", "--from", "2025-07-01", "--to", "2026-01-01"],
         1.0),
        ("duty (one line)", ["duty", *one_line], 1.0),
        ("compare (two deals)", ["compare", "us-eu-2025", "us-japan-2025"], 1.0),
        ("compare (all deals)", ["compare"], 1.3),
        ("questions (all deals)", ["questions"], 1.3),
    ):  # fmt: skip
        if wanted(name):
            report(name, [cli, *cmd], stack, goal, pairs)
    if wanted("duty() warm, one line"):
        warm = warm_duty()
        verdict = "met" if warm <= 0.5e-3 else "NOT met"
        print(f"{'duty() warm, one line':<28} {warm * 1e3:6.3f} ms  (goal <= 0.5 ms: {verdict})")
    if wanted("questions() in-process"):
        found = questions_in_process()
        verdict = "met" if found <= 2.0 else "NOT met"
        print(f"{'questions() in-process':<28} {found:6.3f} s  (goal <= 2.0 s: {verdict})")


if __name__ == "__main__":
    main()
