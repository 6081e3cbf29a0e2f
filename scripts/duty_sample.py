"""The differential sample of duty answers: tests/fixtures/duty_sample.csv.

A fixed, seeded sample of line x date cases from the 2024 EU and Japan import baskets (the
Census HTS10 lines of ../shared/data/us_imports_2024_hs10_deal_partners.csv), with the
scalar answers of `tradeterms.duty` for each: the total rate, whether it is settled, and
every layer (layer:measure:added). tests/test_duty_sample.py checks that the current code
gives the same answers, so a speed-up cannot change one silently.

When a change of the data or of the duty rules changes answers on purpose, re-record them
(the same cases, the new answers) and review the diff of the CSV:

    python scripts/duty_sample.py

To draw the sample afresh from the import baskets:

    python scripts/duty_sample.py --draw /work/shared/data/us_imports_2024_hs10_deal_partners.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from pathlib import Path

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.duties import DutyResult, duty

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "duty_sample.csv"
FIELDS = ["hts", "origin", "on", "known_on", "total_rate", "settled", "layers"]
ORIGINS = {"0003": "EU", "5880": "JP"}  # Census country codes of the two baskets
DATES = ["2025-03-01", "2025-05-01", "2025-10-01", "2026-03-01", "2026-09-01"]
SIZE = 2000
SEED = 17


def draw(imports: Path, size: int = SIZE, seed: int = SEED) -> list[dict[str, str]]:
    """`size` cases from the EU and Japan lines x DATES; a quarter known only 60 days earlier."""
    with imports.open(encoding="utf-8", newline="") as f:
        lines = [(r["hts10"], ORIGINS[r["cty_code"]]) for r in csv.DictReader(f)
                 if r["cty_code"] in ORIGINS]  # fmt: skip
    rng = random.Random(seed)
    cases = []
    for hts, origin in rng.sample(lines, size):
        on = rng.choice(DATES)
        known = dt.date.fromisoformat(on) - dt.timedelta(days=60) if rng.random() < 0.25 else None
        cases.append({"hts": hts, "origin": origin, "on": on,
                      "known_on": known.isoformat() if known else ""})  # fmt: skip
    return cases


def answer(case: dict[str, str], catalog: Catalog) -> dict[str, str]:
    """The case with its scalar answers (an unknown line answers with the error's name)."""
    known = dt.date.fromisoformat(case["known_on"]) if case["known_on"] else None
    try:
        result = duty(case["hts"], case["origin"], dt.date.fromisoformat(case["on"]),
                      known_on=known, catalog=catalog)  # fmt: skip
    except tradeterms.TradetermsError as exc:
        return {**case, "total_rate": "", "settled": "", "layers": type(exc).__name__}
    return {**case, **scalars(result)}


def scalars(result: DutyResult) -> dict[str, str]:
    layers = ";".join(
        f"{s.layer}:{s.measure}:{'' if s.added is None else s.added.normalize()}"
        for s in result.steps
    )
    total = "" if result.total_rate is None else str(result.total_rate.normalize())
    return {"total_rate": total, "settled": str(result.settled).lower(), "layers": layers}


def read_fixture(path: Path = FIXTURE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draw", type=Path, metavar="IMPORTS_CSV",
                        help="draw a new sample from the Census import baskets")  # fmt: skip
    args = parser.parse_args()
    cases = draw(args.draw) if args.draw else read_fixture()
    catalog = tradeterms.load()
    rows = [answer({k: c[k] for k in FIELDS[:4]}, catalog) for c in cases]
    with FIXTURE.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{FIXTURE}: {len(rows)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
