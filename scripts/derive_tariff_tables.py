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
                           vehicles, patented pharmaceuticals) as HTS
                           prefixes at the digit level the law writes them, each checked
                           against the chapter 99 notes text (the text wins)
* ``s232_metals_2026.csv`` the Section 232 metals lists of note 16(c) from 6 April 2026 (full
                           value, in tiers by subdivision), as the notes text writes them
* ``hts_stat_lines.csv.gz`` the 10-digit statistical lines of the shipped revisions (to tell
                           whether a list names every line under an 8-digit code)
* ``s122_exempt.csv``      Section 122 exempt lines (note 2(aa)), HTS8
* ``s301fl_exempt.csv``    forced-labour Section 301 Annex A exemptions, HTS8 with windows
* ``usmca_rates.csv.gz``   the USMCA rate of each line (column 1 Special, programme S / S+)
* ``s301_china.csv.gz``       the China Section 301 lists (1, 2, 3, 4A, the four-year-review
                           headings) and the product exclusions in force, at the digit level
                           notes 20 and 31 write them, with the rate and dates of each heading

Run from the repository root::

    python scripts/derive_tariff_tables.py [--src /work/shared/data] [--out tradeterms/data]

Output is deterministic (gzip written with mtime 0), so re-running on the same inputs gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import re
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
NOTES = "hts_2026_rev6_chapter99_notes.txt"  # the legal lists as written; latin-1 text
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


# --------------------------------------------------------------------------- notes text

_CODE = re.compile(r"[0-9]{4}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:[0-9]{2})?)?)?")


class Notes:
    """The chapter 99 notes text: where each HTS code is written, at the digit level written.

    A section is named by the regular expressions of its first line and of the first line
    after it; codes are read as written (``3004.90.9244`` is the 10-digit line only).
    """

    def __init__(self, path: Path) -> None:
        self.lines = path.read_text(encoding="latin-1").split("\n")  # not splitlines: form feeds

    def section(self, start: str, end: str, after: int = 0) -> tuple[int, int]:
        """1-based (first, last) line numbers of a section."""
        first = next(i for i in range(after, len(self.lines)) if re.match(start, self.lines[i]))
        last = next(i for i in range(first + 1, len(self.lines)) if re.match(end, self.lines[i]))
        return first + 1, last

    def codes(self, span: tuple[int, int]) -> dict[str, int]:
        """HTS digits -> first line (1-based) where the code is written in the span."""
        found: dict[str, int] = {}
        for number in range(span[0], span[1] + 1):
            for token in re.split(r"[\s;,:]+", self.lines[number - 1]):
                token = token.rstrip(".)").lstrip("(")
                if _CODE.fullmatch(token):
                    found.setdefault(token.replace(".", ""), number)
        return found


# Sections of the notes text that hold the lists (first line, line after). Fixed phrases of
# the text, so a new extraction of another revision is found the same way.
NOTE_16 = (r"^16\. \(a\)", r"^17\. \(a\)")
NOTE_19 = (r"^19\. \(a\)", r"^20\. \(a\)")
NOTE_33G = (r"^\(g\) Subject to a manufacturer's import adjustment", r"^\(h\) Heading 9903\.94\.06")
NOTE_33J = (r"^\(j\) Heading 9903\.94\.32", r"^\(k\) ")
# Note 2(aa), the Section 122 surcharge: (ii) lists subheadings exempt outright (9903.03.03),
# (iii) described goods within subheadings (9903.03.04), (iv) civil aircraft (9903.03.05).
NOTE_2AA = {
    "ii": (r"^\(ii\) As provided in heading 9903\.03\.03", r"^\(iii\) As provided"),
    "iii": (r"^\(iii\) As provided in heading 9903\.03\.04", r"^\(iv\) As provided"),
    "iv": (r"^\(iv\) As provided in heading 9903\.03\.05", r"^\(v\) As provided"),
}


def checked_derivatives(src: Path, notes: Notes) -> list[list[str]]:
    """The 10-digit derivative list at the digit level notes 16 and 19 write each entry.

    An 8-digit entry the text writes only as 10-digit lines is replaced by those lines (the
    text wins). An entry the 2026 Rev 6 text does not write (an August 2025 inclusion the 2026
    annexes later moved) is kept for the dates of the list, without a notes line.
    """
    note16 = notes.codes(notes.section(*NOTE_16))
    written = {**notes.codes(notes.section(*NOTE_19)), **note16}
    rows = []
    for r in read_csv(src / "s232_derivative_products_hts10.csv"):
        code = r["hts_prefix"]
        codes = [code]
        if code not in written:
            longer = sorted(c for c in written if len(c) > len(code) and c.startswith(code))
            if longer:
                print(f"derivatives: {code} written as {', '.join(longer)}", file=sys.stderr)
                codes = longer
        for one in codes:
            line = written.get(one)
            note = "16" if one in note16 else "19"
            where = f"note_{note}" if line else "FR inclusions list; not in the 2026 Rev 6 notes"
            rows.append(
                [
                    "derivatives",
                    one,
                    r["derivative_type"],
                    "derivative",
                    r["ch99_code"],
                    r["effective_date"],
                    where,
                    str(line or ""),
                ]
            )
    return rows


def checked_auto_parts(src: Path, notes: Notes) -> list[list[str]]:
    """Auto-parts prefixes as note 33(g) writes them. A whole heading is kept only where note
    33(j), which writes the same list line by line, names a line under it: ``8471``
    (computers) appears in the (g) text but no line of it in (j), so it is left out."""
    listed = notes.codes(notes.section(*NOTE_33G))
    lines = notes.codes(notes.section(*NOTE_33J))
    rows = []
    for r in read_csv(src / "s232_auto_parts.csv"):
        code = r["hts_prefix"]
        if code not in listed:
            print(f"auto parts: {code} is not written in note 33(g); left out", file=sys.stderr)
            continue
        if len(code) == 4 and not any(c.startswith(code) for c in lines):
            print(
                f"auto parts: heading {code} has no line in note 33(j); left out", file=sys.stderr
            )
            continue
        rows.append(["auto_parts", code, "auto_parts", "", "", "", "note_33(g)", str(listed[code])])
    return rows


# Note 37, the wood products lists of heading 9903.76: softwood timber and lumber (b), upholstered
# wooden furniture (d), kitchen cabinets and vanities (f), written in the notes text only.
NOTE_WOOD = {
    "timber": (r"^\(b\) The rates of duty set forth in heading 9903\.76\.01", r"^\(c\) "),
    "upholstered_furniture": (
        r"^\(d\) The rates of duty set forth in headings 9903\.76\.02",
        r"^\(e\) ",
    ),
    "kitchen_cabinets": (r"^\(f\) Except for as provided by 9903\.76\.04, the rates", r"^\(g\) "),
}


def wood_products(notes: Notes) -> list[list[str]]:
    rows = []
    for program, span in NOTE_WOOD.items():
        for code, line in notes.codes(notes.section(*span)).items():
            if not code.startswith("9903"):
                rows.append(["wood", code, program, "", "", "", "note_37", str(line)])
    return rows


def build_s232(src: Path, notes: Notes) -> list[list[str]]:
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
                "",
            ]
        )
    rows.extend(checked_derivatives(src, notes))
    for r in read_csv(src / "s232_copper_products.csv"):
        rows.append(["copper", r["hts_prefix"], "copper", "", r["ch99_code"], "", "note_36(b)", ""])
    rows.extend(checked_auto_parts(src, notes))
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
                "",
            ]
        )
    rows.extend(wood_products(notes))
    for r in read_csv(src / "s232_pharma_products.csv"):
        rows.append(
            ["pharma", r["hts10"], "pharma_branded", "", "", "", "s232_pharma_products", ""]
        )
    for row in rows:
        if not row[1].isdigit() or len(row[1]) not in (4, 6, 8, 10):
            raise SystemExit(f"s232: bad prefix {row[1]!r} in {row[0]}")
    return rows


# Note 16(c): the subdivisions of the 2026 metals lists, by the title line of each.
NOTE_16C = (r"^\(c\) Headings 9903\.82\.02", r"^\(d\) Headings 9903\.82\.04")
_SUBDIVISION = re.compile(
    r"^\s*\((i|ii|iii|iv|v|vi|vii|viii|ix|x|xi)\) (?:Articles of|Derivative) (\w+)"
)


def build_metals_2026(notes: Notes) -> list[list[str]]:
    """Every code note 16(c) lists, with its subdivision, metal and notes line."""
    first, last = notes.section(*NOTE_16C)
    rows: list[list[str]] = []
    current: tuple[str, str] | None = None
    for number in range(first, last + 1):
        text = notes.lines[number - 1]
        match = _SUBDIVISION.match(text)
        if match:
            current = (match.group(1), match.group(2).lower())
            text = text[match.end() :]
        if current is None:
            continue
        for code in notes.codes((number, number)):
            rows.append([code, current[0], current[1], str(number)])
    return rows


def build_usmca(src: Path) -> list[list[str]]:
    """The USMCA rate of each rate-bearing line: the column 1 Special rate whose programme
    list names S or S+ (USMCA), from both shipped editions (they agree on every line both
    hold; the newer wins for the lines only it has). A line without one has no preference."""
    rates: dict[str, str] = {}
    for _, name in MFN_REVISIONS:
        for row in read_csv(src / name):
            code = digits(row["htsno"])
            if len(code) not in (8, 10) or code.startswith(("98", "99")):
                continue
            for rate, programmes in re.findall(r"([^()]*?)\s*\(([^)]*)\)", row["special"]):
                if {p.strip() for p in programmes.split(",")} & {"S", "S+"}:
                    rates[code] = rate.strip()
                    break
    return sorted([code, rate] for code, rate in rates.items())


def build_stat_lines(src: Path) -> list[list[str]]:
    """Every 10-digit statistical line of the shipped revisions, with the first one holding it."""
    first: dict[str, str] = {}
    for label, name in MFN_REVISIONS:
        for row in read_csv(src / name):
            code = digits(row["htsno"])
            if len(code) == 10 and not code.startswith(("98", "99")):
                first.setdefault(code, label)
    return [[code, first[code]] for code in sorted(first)]


def build_s122(src: Path, notes: Notes) -> list[list[str]]:
    """Section 122 exempt HTS8 lines with the subdivision of note 2(aa) writing each: only
    (ii) exempts the whole subheading; (iii) names goods within it, (iv) civil aircraft."""
    written = {sub: notes.codes(notes.section(*span)) for sub, span in NOTE_2AA.items()}
    rows = []
    for r in read_csv(src / "s122_exempt_products.csv"):
        code = r["hts8"]
        found = [
            (sub, line)
            for sub, codes in written.items()
            for c, line in codes.items()
            if code.startswith(c) and len(c) >= 6
        ]
        if not found:
            print(f"s122: {code} is not written in note 2(aa); left out", file=sys.stderr)
            continue
        sub, line = min(found)  # (ii) before (iii) before (iv)
        rows.append([code, sub, str(line)])
    return sorted(rows)


def build_fl301(src: Path) -> list[list[str]]:
    def iso(value: str) -> str:
        return "" if value in ("", "NA") else value

    rows = [
        [r["hts8"], iso(r["effective_date_start"]), iso(r["effective_date_end"])]
        for r in read_csv(src / "s301fl_exempt_products.csv")
    ]
    return sorted(rows)


# The China Section 301 headings charged: list -> (heading, first line of its subdivision).
# List 4B (9903.88.16) is left out: note 20(t)-(u) and the heading are suspended (compiler's
# note, notes line 22842); note 31's maritime headings (9903.91.12-.16) start 10 Nov 2026,
# suspended by the truce (us-china-2025.yaml, s301-maritime).
S301_LISTS: dict[str, tuple[str, str, str]] = {
    "1": ("9903.88.01", r"^\s*\(b\) Heading 9903\.88\.01 ", r"^\s*\(c\) "),
    "2": ("9903.88.02", r"^\s*\(d\) Heading 9903\.88\.02 ", r"^\s*\(e\) "),
    "3": ("9903.88.03", r"^\s*\(f\) Heading 9903\.88\.03 ", r"^\s*\(g\) "),
    "4A": ("9903.88.15", r"^\s*\(s\) Heading 9903\.88\.15 ", r"^\s*\(t\) "),
    "review_25": ("9903.91.01", r"^\s*\(b\) Heading 9903\.91\.01 ", r"^\s*\(c\) "),
    "review_50": ("9903.91.02", r"^\s*\(c\) Heading 9903\.91\.02 ", r"^\s*\(d\) "),
    "review_100": ("9903.91.03", r"^\s*\(d\) Heading 9903\.91\.03 ", r"^\s*\(e\) "),
    "review_25_2025": ("9903.91.04", r"^\s*\(e\) Heading 9903\.91\.04 ", r"^\s*\((f|i)\) "),
    "review_50_2025": ("9903.91.05", r"^\s*\(i\) Heading 9903\.91\.05 ", r"^\s*\(ii\) "),
    "review_25_2026": ("9903.91.06", r"^\s*\(g\) Heading 9903\.91\.06 ", r"^\s*\(h\) "),
    "review_50_2026": ("9903.91.07", r"^\s*\(h\) Heading 9903\.91\.07 ", r"^\s*\(i\) "),
    "review_100_2026": ("9903.91.08", r"^\s*\(i\) Heading 9903\.91\.08 ", r"^\s*\(j\) "),
    "review_25_2025b": ("9903.91.11", r"^\s*\(j\) Heading 9903\.91\.11 ", r"^\s*\((k|i)\) "),
}
# Exclusions in force: only note 20(vvv) and (www) (compiler's note, notes line 17132).
S301_EXCLUSIONS: dict[str, tuple[str, str]] = {
    "9903.88.69": (r"^\s*\(vvv\) ", r"^\s*\(www\) "),
    "9903.88.70": (r"^\s*\(www\) ", r"^\s*\(xxx\) |^21\. "),
}
_MONTH_DATE = r"([A-Z][a-z]+ [0-9]{1,2}, ?[0-9]{4})"


def heading_texts(src: Path) -> dict[str, dict[str, str]]:
    """The newest version of each chapter 99 heading (its rate and text)."""
    newest: dict[str, dict[str, str]] = {}
    for r in read_csv(src / "hts_ch9903_history_2025_2026.csv"):
        newest[r["htsno"]] = r  # rows are in revision order per heading
    return newest


def heading_terms(row: dict[str, str]) -> tuple[str, str, str]:
    """(added rate, first day, last day) of a heading, read from its text."""

    def day(text: str) -> dt.date:
        return dt.datetime.strptime(re.sub(r",\s*", ", ", text), "%B %d, %Y").date()

    rate = re.search(r"(?:\+|plus)\s*([0-9.]+%)", row["general"])
    start = re.search(r"on or after " + _MONTH_DATE, row["description"])
    end = re.search(r"(before|through) " + _MONTH_DATE, row["description"])
    last = ""
    if end:
        last_day = day(end.group(2)) - dt.timedelta(days=1 if end.group(1) == "before" else 0)
        last = last_day.isoformat()
    return (
        rate.group(1) if rate else "0%",
        day(start.group(1)).isoformat() if start else "",
        last,
    )


def _written(notes: Notes, start: str, end: str) -> dict[str, int]:
    """Codes written in the subdivision from `start` to `end`: 8 and 10 digits, other than
    chapter 99 (4-digit tokens are headings of other text or the year in page headers)."""
    codes = notes.codes(notes.section(start, end))
    return {c: n for c, n in codes.items() if len(c) >= 8 and not c.startswith("99")}


def build_s301_china(src: Path, notes: Notes) -> list[list[str]]:
    """The lists as notes 20 and 31 write them (the text wins over the compiled list), and
    the exclusions of note 20(vvv)/(www) in the compiled list that the text writes."""
    texts = heading_texts(src)
    compiled: dict[str, set[str]] = {}
    for r in read_csv(src / "s301_product_lists.csv"):
        compiled.setdefault(r["ch99_code"], set()).add(r["hts8"])
    rows = []
    for name, (heading, start, end) in S301_LISTS.items():
        rate, first, last = heading_terms(texts[heading])
        written = _written(notes, start, end)
        only_text = sorted(set(written) - compiled.get(heading, set()))
        only_list = sorted(compiled.get(heading, set()) - set(written))
        if only_text or only_list:
            print(
                f"s301 {heading}: {len(only_text)} codes only in the notes (kept), "
                f"{len(only_list)} only in the compiled list (left out)",
                file=sys.stderr,
            )
        for code, line in written.items():
            rows.append(["list", code, name, heading, rate, first, last, str(line)])
    for heading, (start, end) in S301_EXCLUSIONS.items():
        _, first, last = heading_terms(texts[heading])
        written = _written(notes, start, end)
        for r in read_csv(src / "s301_exclusion_lines.csv"):
            if r["ch99_code"] != heading:
                continue
            code = r["hts10"]
            line = written.get(code) or written.get(code[:8])
            if line is None:
                print(f"s301 exclusion {code} is not written in {heading}'s note", file=sys.stderr)
                continue
            rows.append(["exclusion", code, "", heading, "0%", first, last, str(line)])
    return sorted(rows, key=lambda r: (r[0], r[1], r[3]))


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

    notes = Notes(src / NOTES)
    s232 = build_s232(src, notes)
    write_csv(
        out / "s232_scopes.csv",
        [
            "list",
            "hts_prefix",
            "program",
            "kind",
            "ch99_heading",
            "effective_date",
            "source",
            "notes_line",
        ],
        s232,
    )
    write_csv(
        out / "s232_metals_2026.csv",
        ["hts_prefix", "subdivision", "metal", "notes_line"],
        build_metals_2026(notes),
    )
    write_csv(out / "hts_stat_lines.csv.gz", ["hts10", "first_revision"], build_stat_lines(src))
    write_csv(
        out / "s122_exempt.csv", ["hts8", "subdivision", "notes_line"], build_s122(src, notes)
    )
    write_csv(
        out / "s301fl_exempt.csv",
        ["hts8", "effective_date_start", "effective_date_end"],
        build_fl301(src),
    )
    write_csv(out / "usmca_rates.csv.gz", ["hts", "rate"], build_usmca(src))
    write_csv(
        out / "s301_china.csv.gz",
        [
            "kind",
            "hts_prefix",
            "list",
            "ch99_heading",
            "rate",
            "effective_date_start",
            "effective_date_end",
            "notes_line",
        ],
        build_s301_china(src, notes),
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
