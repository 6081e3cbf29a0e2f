"""etr from a cold start, and a daily series for six partners.

Prints, measured in this one run:
- `python -c "import tradeterms; tradeterms.etr('EU', '2026-03-01')"` / `python -c "import
  pandas"`, median wall time of fresh processes (goal: 2 or less), and, on the same scale,
  what a cold start costs before etr's own work: importing pandas and loading the catalog
  (`tradeterms.load()`, pydantic models from the disk cache), and the interpreter's exit;
- the daily series for EU, JP, GB, KR, CH and VN from 2025-01-01 to 2026-10-31 (4,014
  partner-days) in a fresh process, in seconds (goal: under 60).

    python benchmarks/etr.py [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import time

from _timing import wall_time

ONE = "import tradeterms; tradeterms.etr('EU', '2026-03-01')"
LOADED = "import pandas, tradeterms; tradeterms.load()"
SERIES = (
    "from tradeterms.effective import etr_series; "
    "etr_series(['EU', 'JP', 'GB', 'KR', 'CH', 'VN'], '2025-01-01', '2026-10-31', 1)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    one = wall_time([sys.executable, "-c", ONE], runs=args.runs)
    pandas = wall_time([sys.executable, "-c", "import pandas"], runs=args.runs)
    loaded = wall_time([sys.executable, "-c", LOADED], runs=args.runs)
    print(f"etr EU 2026-03-01 cold: {one:.2f} s; import pandas: {pandas:.2f} s")
    print(f"etr cold / import pandas = {one / pandas:.1f} (goal <= 2)")
    print(
        f"before etr's own work: import pandas + load() + exit = {loaded:.2f} s "
        f"= {loaded / pandas:.1f} x import pandas"
    )
    start = time.perf_counter()
    import subprocess

    subprocess.run([sys.executable, "-c", SERIES], check=True)
    series = time.perf_counter() - start
    print(f"daily series, 6 partners, 2025-01-01 to 2026-10-31: {series:.1f} s (goal < 60)")


if __name__ == "__main__":
    main()
