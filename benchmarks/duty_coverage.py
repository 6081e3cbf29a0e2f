"""Share of 2024 US import value that gets a settled duty total, per partner and date.

For EU, JP, GB, KR, CH, VN on 2025-09-01, 2026-03-01 and 2026-09-01, runs `tradeterms.duty`
on every HTS10 line the partner shipped in 2024 (US Census, `us_imports_2024_hs10_deal_
partners.csv`, see /work/shared/data/README.md) and prints the share of import value whose total
is settled, and the share settled or answered by a formula in the metal share (derivatives
without a declared metal value). Goals (issue 12): >= 95% with formulas, >= 85% without.
China, Canada and Mexico are not measured: the HTS10 import file holds only the six partners
above (China and Hong Kong are in us_imports_2024_hs2_by_country.csv at HS2 only, too coarse
for a duty per line).

No value or quantity is given, as for a user who asks for the rate: lines with a specific MFN
duty need a quantity and count as not settled. Codes the 2025 schedule no longer has count as
not settled. `--reasons` prints the largest unsettled reasons by value.

    python benchmarks/duty_coverage.py [--data /work/shared/data] [--partners EU,JP] [--reasons]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import tradeterms.duties as duties
from tradeterms.errors import TradetermsError
from tradeterms.loader import load

CENSUS = {"0003": "EU", "5880": "JP", "4120": "GB", "5800": "KR", "4419": "CH", "5520": "VN"}
DATES = ("2025-09-01", "2026-03-01", "2026-09-01")


def basket(data: Path) -> dict[str, dict[str, float]]:
    """Partner -> HTS10 -> 2024 import value in USD."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with (data / "us_imports_2024_hs10_deal_partners.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            partner = CENSUS[row["cty_code"]]
            value = float(row["con_val_yr_usd"] or 0)
            out[partner][row["hts10"]] = out[partner].get(row["hts10"], 0.0) + value
    return out


def _cache_states() -> None:
    """States depend only on (origin, date, known_on): compute them once per run."""
    original = duties.origin_states
    memo: dict[tuple[str, dt.date, dt.date | None], Any] = {}

    def cached(catalog: Any, origin: Any, on: dt.date, known_on: dt.date | None) -> Any:
        key = (origin.code, on, known_on)
        if key not in memo:
            memo[key] = original(catalog, origin, on, known_on)
        return memo[key]

    duties.origin_states = cached  # type: ignore[assignment]


def measure(
    lines: dict[str, float], origin: str, on: dt.date, reasons: Counter[str]
) -> tuple[float, float]:
    catalog = load()
    total = settled = by_formula = 0.0
    for hts, value in lines.items():
        total += value
        if hts.startswith("99"):
            reasons["chapter 99 code (Census only)"] += value
            continue
        try:
            result = duties.duty(hts, origin, on, catalog=catalog)
        except TradetermsError as exc:
            reasons[f"error: {type(exc).__name__}"] += value
            continue
        if result.settled:
            settled += value
        elif result.formula is not None:
            by_formula += value
        else:
            reasons[_reason(result.unsettled[0])] += value
    return settled / total, (settled + by_formula) / total


def _reason(text: str) -> str:
    return text.split(":")[0][:90]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--partners", default=",".join(CENSUS.values()))
    parser.add_argument("--dates", default=",".join(DATES))
    parser.add_argument("--reasons", action="store_true")
    args = parser.parse_args(argv)
    _cache_states()
    lines = basket(args.data)
    print(f"{'partner':<8}{'date':<12}{'settled':>9}{'+formula':>10}")
    for partner in args.partners.split(","):
        for day in args.dates.split(","):
            reasons: Counter[str] = Counter()
            plain, with_formula = measure(
                lines[partner], partner, dt.date.fromisoformat(day), reasons
            )
            print(f"{partner:<8}{day:<12}{plain:>9.1%}{with_formula:>10.1%}", flush=True)
            if args.reasons:
                whole = sum(lines[partner].values())
                for why, value in reasons.most_common(6):
                    print(f"    {value / whole:6.1%}  {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
