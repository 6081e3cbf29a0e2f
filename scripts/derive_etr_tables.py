#!/usr/bin/env python3
"""Derive the compact tables `tradeterms.etr` weighs with, shipped in ``tradeterms/data/``.

Re-runnable and standard library only. Reads two reference files described in
``/work/shared/data/README.md`` (override with ``--src``) and writes:

* ``etr_basket_2024.csv.gz``  US imports for consumption in 2024 by HTS10 for the EU, Japan,
                              UK, Korea, Switzerland and Vietnam (US Census, public domain):
                              ``partner`` (ISO code; EU for the Census EU-27 aggregate),
                              ``hts10``, ``value`` (customs value, USD) and ``duty``
                              (calculated duty, USD), from
                              ``us_imports_2024_hs10_deal_partners.csv``
* ``metal_shares_hs10.csv.gz`` the Budget Lab tracker's BEA-based estimate of the steel,
                              aluminium and copper share of each HTS10 line's value
                              (``hts10``, ``metal_share`` = steel + aluminium + copper; the
                              "other metal" share is left out: no Section 232 duty is charged
                              on it), from ``metal_content_shares_bea_hs10.csv`` (MIT licence,
                              (c) The Budget Lab at Yale: see LICENSE-tariff-rate-tracker.txt)

Run from the repository root::

    python scripts/derive_etr_tables.py [--src /work/shared/data] [--out tradeterms/data]

Output is deterministic (gzip written with mtime 0).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

DEFAULT_SRC = Path("/work/shared/data")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tradeterms" / "data"
# Census country codes of the import file (README section 4) -> ISO codes used by `duty`.
CENSUS = {"0003": "EU", "5880": "JP", "4120": "GB", "5800": "KR", "4419": "CH", "5520": "VN"}
METALS = ("steel_share", "aluminum_share", "copper_share")


def write_gz(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(text.getvalue().encode("utf-8"))


def basket_rows(src: Path) -> list[list[str]]:
    totals: dict[tuple[str, str], list[int]] = {}
    with (src / "us_imports_2024_hs10_deal_partners.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (CENSUS[row["cty_code"]], row["hts10"])
            sums = totals.setdefault(key, [0, 0])
            sums[0] += int(row["con_val_yr_usd"] or 0)
            sums[1] += int(row["cal_dut_yr_usd"] or 0)
    return [[p, h, str(v), str(d)] for (p, h), (v, d) in sorted(totals.items())]


def metal_rows(src: Path) -> list[list[str]]:
    rows = []
    with (src / "metal_content_shares_bea_hs10.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            share = sum(float(row[m] or 0) for m in METALS)
            rows.append([row["hs10"], f"{share:.6f}"])
    return sorted(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    basket = basket_rows(args.src)
    write_gz(args.out / "etr_basket_2024.csv.gz", ("partner", "hts10", "value", "duty"), basket)
    metals = metal_rows(args.src)
    write_gz(args.out / "metal_shares_hs10.csv.gz", ("hts10", "metal_share"), metals)
    print(f"etr_basket_2024.csv.gz: {len(basket)} rows; metal_shares_hs10.csv.gz: {len(metals)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
