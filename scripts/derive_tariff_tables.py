#!/usr/bin/env python3
"""Derive the compact tariff tables shipped in ``tradeterms/data/``.

Re-runnable and standard library only. Reads the reference CSVs described in
``/work/shared/data/README.md`` (override with ``--src``) and writes:

* ``hts_mfn.csv.gz``       one row per rate-bearing HTS line (chapters 01-98) with its
                           column-1 General rate, for 2025 Basic and 2025 Revision 32
* ``hts_headings.csv.gz`` 4- and 6-digit headings with their descriptions (context for
                           the many lines whose own description is just "Other")
* ``hts_revisions.csv``    the HTS revisions with their USITC publication dates
* ``deal_mfn_only.csv.gz`` EU/Japan/Korea/Switzerland/UK MFN-only product lists (HTS8)
* ``annex_ii_exempt.csv``  reciprocal-tariff Annex II exemptions (HTS10) with date windows
* ``s232_scopes.csv``      Section 232 scopes (metals, derivatives, copper, auto parts,
                           vehicles) as HTS prefixes

Run from the repository root::

    python scripts/derive_tariff_tables.py [--src /work/shared/data] [--out tradeterms/data]

Output is deterministic (gzip written with mtime 0), so re-running on the same inputs gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

DEFAULT_SRC = Path("/work/shared/data")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tradeterms" / "data"

# The two HTS snapshots shipped, oldest first (labels as in hts_revisions.csv).
MFN_REVISIONS: tuple[tuple[str, str], ...] = (
    ("2025_basic", "hts_2025_basic.csv"),
    ("2025_rev_32", "hts_2025_rev32.csv"),
)
DESCRIPTION_MAX = 80
ELLIPSIS = "\u2026"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    data = csv_text(header, rows).encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


def short(text: str, limit: int = DESCRIPTION_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def digits(htsno: str) -> str:
    return htsno.replace(".", "").strip()


# --------------------------------------------------------------------------- HTS lines


def rate_lines(path: Path) -> dict[str, tuple[str, str]]:
    """Return {hts digits: (description, general)} for the rate-bearing lines of one edition.

    A rate-bearing line is an 8-digit line, or a 10-digit line that is printed without an
    8-digit parent and carries the rate itself (e.g. 0101.30.00.00). Chapter 99 is left out
    (temporary legislation and additional duties, not MFN rates). Chapter 98 lines without a
    General rate (special-programme-only provisions) are left out too.
    """
    out: dict[str, tuple[str, str]] = {}
    for row in read_csv(path):
        code = digits(row["htsno"])
        if len(code) not in (8, 10) or code.startswith("99"):
            continue
        general = row["general"].strip()
        if not general:
            continue
        if code in out:
            raise SystemExit(f"{path.name}: duplicate line {code}")
        out[code] = (row["description"], general)
    # Sanity checks the lookup relies on: a 10-digit line carrying a rate never has a printed
    # 8-digit parent, and is the only rate-bearing line under its 8 digits.
    eight = {c for c in out if len(c) == 8}
    ten_by_parent: dict[str, list[str]] = {}
    for code in out:
        if len(code) == 10:
            if code[:8] in eight:
                raise SystemExit(f"{path.name}: 10-digit {code} has a rate and a printed parent")
            ten_by_parent.setdefault(code[:8], []).append(code)
    multi = {p: cs for p, cs in ten_by_parent.items() if len(cs) > 1}
    if multi:
        raise SystemExit(f"{path.name}: several rate-bearing 10-digit lines under {multi}")
    return out


def headings(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in read_csv(path):
        code = digits(row["htsno"])
        if len(code) in (4, 6) and not code.startswith("99"):
            out[code] = row["description"]
    return out


def build_mfn(src: Path) -> tuple[list[list[str]], list[list[str]]]:
    editions = [(label, rate_lines(src / name)) for label, name in MFN_REVISIONS]
    labels = [label for label, _ in editions]
    # version key (hts, description, general) -> list of revision labels containing it
    versions: dict[tuple[str, str, str], list[str]] = {}
    for label, lines in editions:
        for code, (desc, general) in lines.items():
            versions.setdefault((code, desc, general), []).append(label)
    rows: list[list[str]] = []
    for (code, desc, general), revs in versions.items():
        idx = [labels.index(r) for r in revs]
        if idx != list(range(idx[0], idx[-1] + 1)):
            raise SystemExit(f"line {code}: version present in non-contiguous revisions {revs}")
        rows.append([code, short(desc), general, revs[0], revs[-1]])
    rows.sort(key=lambda r: (r[0], labels.index(r[3])))

    heads: dict[str, str] = {}
    for _, name in MFN_REVISIONS:
        heads.update(headings(src / name))  # later revision wins
    head_rows = [[code, short(desc)] for code, desc in sorted(heads.items())]
    return rows, head_rows


# --------------------------------------------------------------------------- revisions


def build_revisions(src: Path) -> list[list[str]]:
    rows = []
    for r in read_csv(src / "hts_revisions.csv"):
        rows.append(
            [
                r["revision"],
                r["usitc_change_record_date"],
                r["tracker_effective_date"],
                r["json_identical_to"],
            ]
        )
    return rows


# --------------------------------------------------------------------------- product lists


def build_deals(src: Path, published: dict[str, str]) -> list[list[str]]:
    rows = []
    for r in read_csv(src / "deal_product_exemptions.csv"):
        code = r["hts8"]
        if len(code) != 8 or not code.isdigit():
            raise SystemExit(f"deal list: bad hts8 {code!r}")
        first = r["first_hts_revision"]
        date = r["effective_date_start"] or published.get(first, "")
        if r["effective_date_start"] and r["effective_date_start"] != published.get(first):
            print(
                f"note: deal {r['partner']} {code} date {r['effective_date_start']} "
                f"!= publication of {first}",
                file=sys.stderr,
            )
        rows.append(
            [code, r["partner"], r["category"], r["ch99_heading"], first, date, r["list_source"]]
        )
    rows.sort(key=lambda x: (x[1], x[0], x[2]))
    return rows


def build_annex_ii(src: Path) -> tuple[list[list[str]], list[str]]:
    def iso(value: str) -> str:
        return "" if value in ("", "NA") else value

    kept: dict[str, list[str]] = {}
    notes: list[str] = []
    for r in read_csv(src / "reciprocal_annex_ii_exempt_products.csv"):
        code = r["hts10"]
        row = [code, iso(r["effective_date_start"]), iso(r["effective_date_end"])]
        if len(code) == 12 and code.endswith("00") and code.isdigit():
            # Known source defect (README section 6): 850511007000 stands for 8505.11.00.70.
            fixed = code[:10]
            notes.append(f"{code} -> {fixed}")
            row[0] = fixed
            code = fixed
        if len(code) != 10 or not code.isdigit():
            raise SystemExit(f"annex II: bad hts10 {code!r}")
        if code in kept:
            if kept[code] != row:
                raise SystemExit(f"annex II: conflicting windows for {code}")
            notes.append(f"dropped duplicate {code}")
            continue
        kept[code] = row
    return [kept[c] for c in sorted(kept)], notes


def build_s232(src: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for r in read_csv(src / "s232_steel_aluminum_products.csv"):
        rows.append(
            [
                "metals",
                r["hts_prefix"],
                r["metal_type"],
                r["kind"],
                "",
                r["effective_date"],
                r["source"],
            ]
        )
    for r in read_csv(src / "s232_derivative_products.csv"):
        rows.append(
            [
                "derivatives",
                r["hts_prefix"],
                r["derivative_type"],
                "derivative",
                r["ch99_code"],
                r["effective_date"],
                "s232_derivative_products",
            ]
        )
    for r in read_csv(src / "s232_copper_products.csv"):
        rows.append(["copper", r["hts_prefix"], "copper", "", r["ch99_code"], "", "note_36(b)"])
    for r in read_csv(src / "s232_auto_parts.csv"):
        rows.append(
            [
                "auto_parts",
                r["hts_prefix"],
                "auto_parts",
                "",
                "",
                "",
                "CBP Automobile Parts HTS List 2025-05-01; note_33(g)/(h)",
            ]
        )
    for r in read_csv(src / "s232_vehicle_prefixes.csv"):
        rows.append(
            [
                "vehicles",
                r["hts_prefix"],
                r["program"],
                "",
                "",
                "",
                "tracker policy_params section_232_headings",
            ]
        )
    for row in rows:
        if not row[1].isdigit() or len(row[1]) not in (4, 6, 8, 10):
            raise SystemExit(f"s232: bad prefix {row[1]!r} in {row[0]}")
    return rows


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    src: Path = args.src
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    revisions = build_revisions(src)
    published = {r[0]: r[1] for r in revisions}
    write_csv(
        out / "hts_revisions.csv",
        ["revision", "usitc_change_record_date", "tracker_effective_date", "json_identical_to"],
        revisions,
    )

    mfn, heads = build_mfn(src)
    write_csv(
        out / "hts_mfn.csv.gz",
        ["hts", "description", "general", "first_revision", "last_revision"],
        mfn,
    )
    write_csv(out / "hts_headings.csv.gz", ["hts", "description"], heads)

    deals = build_deals(src, published)
    write_csv(
        out / "deal_mfn_only.csv.gz",
        [
            "hts8",
            "partner",
            "category",
            "ch99_heading",
            "first_hts_revision",
            "effective_date_start",
            "list_source",
        ],
        deals,
    )

    annex, notes = build_annex_ii(src)
    write_csv(
        out / "annex_ii_exempt.csv",
        ["hts10", "effective_date_start", "effective_date_end"],
        annex,
    )
    for note in notes:
        print(f"annex II: {note}", file=sys.stderr)

    s232 = build_s232(src)
    write_csv(
        out / "s232_scopes.csv",
        ["list", "hts_prefix", "program", "kind", "ch99_heading", "effective_date", "source"],
        s232,
    )

    total = 0
    for path in sorted(out.iterdir()):
        if path.is_file():
            total += path.stat().st_size
            print(f"{path.stat().st_size:>9,}  {path.name}")
    print(f"{total:>9,}  total  ({len(mfn)} MFN rows, {len(heads)} headings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
