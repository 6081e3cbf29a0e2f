"""duty_frame against a plain pandas merge and against the scalar duty() loop.

Prints, measured in this one run:
- duty_frame over the 2024 basket of EU, JP, GB, KR, CH and VN on one date (57,795 lines,
  the shipped `etr_basket_2024.csv.gz`) / one `pandas.merge` of the same rows with a rate
  table (goal: 20 or less). The first call of the process (cold: the product lists and the
  schedule are read, every case is run) and a second call on another date (warm: tables
  loaded, the layers of cases the two dates share are kept) are both printed.
- the scalar `duty()` loop over the same rows / duty_frame (goal: 100 or more). The loop
  is timed on a random sample of lines and extrapolated to all rows (said in the output).
- with --million: 1,000,000 synthetic entries (the basket repeated over 18 dates with
  random values) / the merge floor of the same rows (goal: 20 or less), and the peak RSS
  of the process (goal: 2 GB or less).

    python benchmarks/duty_frame.py [--sample 400] [--million]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import resource
import statistics
import time

import numpy as np
import pandas as pd

import tradeterms
from tradeterms.batch import duty_frame
from tradeterms.duties import duty
from tradeterms.effective import basket
from tradeterms.errors import TradetermsError

DAY = "2026-03-01"
OTHER_DAY = "2025-11-17"


def entries(day: str) -> pd.DataFrame:
    lines = basket()
    return pd.DataFrame(
        {"origin": lines["partner"], "hts": lines["hts10"], "on": day, "value": lines["value"]}
    )


def merge_floor(frame: pd.DataFrame, runs: int = 5) -> float:
    """Median time of one merge of the rows with a table of one rate per code."""
    codes = frame["hts"].drop_duplicates()
    rates = pd.DataFrame({"hts": codes, "rate": np.linspace(0, 0.5, len(codes))})
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pd.merge(frame, rates, on="hts", how="left")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(frame: pd.DataFrame, catalog: tradeterms.Catalog) -> float:
    start = time.perf_counter()
    duty_frame(frame, catalog=catalog)
    return time.perf_counter() - start


def scalar_per_line(frame: pd.DataFrame, catalog: tradeterms.Catalog, sample: int) -> float:
    rows = frame.sample(n=sample, random_state=1)
    start = time.perf_counter()
    for origin, hts, on in zip(rows["origin"], rows["hts"], rows["on"], strict=True):
        with contextlib.suppress(TradetermsError):
            duty(hts, origin, on, catalog=catalog)
    return (time.perf_counter() - start) / sample


def million(catalog: tradeterms.Catalog) -> None:
    base = entries(DAY)
    days = [dt.date(2025, 1, 15) + dt.timedelta(days=40 * k) for k in range(18)]
    rng = np.random.default_rng(7)
    frame = pd.concat([base.assign(on=day.isoformat()) for day in days], ignore_index=True)
    frame = frame.iloc[:1_000_000].copy()
    frame["value"] = frame["value"].to_numpy() * rng.uniform(0.5, 1.5, len(frame))
    floor = merge_floor(frame)
    took = timed(frame, catalog)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB
    print(
        f"1,000,000 entries over {len(days)} dates: duty_frame {took:.2f} s; "
        f"merge {floor * 1000:.1f} ms"
    )
    print(f"duty_frame / merge (1M rows) = {took / floor:.1f} (goal <= 20)")
    print(f"peak RSS of the process = {peak:.2f} GB (goal <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--million", action="store_true")
    args = parser.parse_args()
    catalog = tradeterms.load()
    frame = entries(DAY)
    floor = merge_floor(frame)
    cold = timed(frame, catalog)
    warm = timed(entries(OTHER_DAY), catalog)
    again = timed(frame, catalog)
    per_line = scalar_per_line(frame, catalog, args.sample)
    loop = per_line * len(frame)
    print(
        f"{len(frame):,} lines on {DAY}: merge {floor * 1000:.1f} ms; duty_frame cold "
        f"{cold * 1000:.0f} ms, another date ({OTHER_DAY}) {warm * 1000:.0f} ms, same date "
        f"again {again * 1000:.0f} ms"
    )
    print(
        f"scalar duty(): {per_line * 1000:.2f} ms a line on a sample of {args.sample} "
        f"lines, extrapolated to {len(frame):,} lines: {loop:.0f} s"
    )
    print(
        f"duty_frame / merge = {cold / floor:.0f} cold, {warm / floor:.0f} another date, "
        f"{again / floor:.0f} same date again (goal <= 20)"
    )
    print(
        f"scalar loop / duty_frame = {loop / cold:.0f} cold, {loop / warm:.0f} another "
        f"date (goal >= 100)"
    )
    if args.million:
        million(catalog)


if __name__ == "__main__":
    main()
