"""duty_frame over a Dask DataFrame: peak memory follows the partition, not the total.

Builds N partitions of the 2024 basket of six partners (57,795 lines each, repeated over
dates and values) lazily, one per task, maps duty_frame over them and reduces each to the
duty by partner, so only one partition at a time need be in memory (synchronous scheduler).
Prints, measured in this one run, the peak RSS of a process that computes 1 partition, of
one that computes N/2 and of one that computes N partitions, their ratios (goal: about 1,
i.e. bounded by the partition size), and the rows per second. The partitions' dates span
two HTS revisions, whose tables the longer runs hold both: N / N/2 shows whether anything
grows with the number of partitions.

    python benchmarks/dask_frame.py [--partitions 173]   # 173 x 57,795 = 10.0 million rows
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

CHILD = """
import datetime as dt, resource, sys, time
import dask, dask.dataframe as dd, numpy as np, pandas as pd
import tradeterms
from tradeterms.effective import basket

n = int(sys.argv[1])
lines = basket()
base = pd.DataFrame({"origin": lines["partner"].astype(str), "hts": lines["hts10"].astype(str),
                     "value": lines["value"].astype(float)})

def part(k):
    day = dt.date(2025, 1, 1) + dt.timedelta(days=(7 * k) % 660)
    rng = np.random.default_rng(k)
    return base.assign(on=day.isoformat(), value=base["value"] * rng.uniform(0.5, 1.5, len(base)))

frame = dd.from_map(part, list(range(n)))
catalog = tradeterms.load()
out = tradeterms.duty_frame(frame, catalog=catalog)
by_partner = out.groupby("origin")["duty"].sum()
start = time.perf_counter()
with dask.config.set(scheduler="synchronous"):
    result = by_partner.compute()
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{n * len(base)} {took:.2f} {peak:.0f}")
"""


def run(partitions: int) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(partitions)], check=True, capture_output=True, text=True
    )
    rows, took, peak = done.stdout.split()
    return int(rows), float(took), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--partitions", type=int, default=173)
    args = parser.parse_args()
    start = time.perf_counter()
    one_rows, _, one_peak = run(1)
    half = args.partitions // 2
    _, _, half_peak = run(half)
    rows, took, peak = run(args.partitions)
    print(f"1 partition ({one_rows:,} rows): peak RSS {one_peak:.0f} MB")
    print(f"{half} partitions: peak RSS {half_peak:.0f} MB")
    print(
        f"{args.partitions} partitions ({rows:,} rows): peak RSS {peak:.0f} MB, "
        f"{took:.0f} s, {rows / took:,.0f} rows/s"
    )
    print(
        f"peak RSS, {args.partitions} partitions / 1 partition = {peak / one_peak:.2f}, "
        f"/ {half} partitions = {peak / half_peak:.2f} (goal: about 1, bounded by the partition)"
    )
    print(f"(whole run {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
