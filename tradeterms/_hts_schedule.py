"""The shipped MFN (column 1 General) rate table of the US tariff schedule, and HTS codes.

``mfn_line`` looks an HTS code up in ``tradeterms/data/hts_mfn.csv.gz`` (see
``tradeterms/data/README.md``); each line's rate text is parsed by
:func:`tradeterms._hts_rates.parse_rate`. The revision used is part of every answer.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from tradeterms._data_files import (
    data_columns,
    data_lines,
    data_records,
    iso_dates,
    starting_with,
)
from tradeterms._hts_rates import Rate, parse_rate
from tradeterms.errors import InvalidArgumentError, TradetermsError

__all__ = [
    "HtsCodeNotFound",
    "MfnLine",
    "format_hts",
    "hts_context",
    "latest_mfn_revision",
    "latest_revision",
    "load_mfn_table",
    "mfn_line",
    "mfn_revisions",
    "nearest_codes",
    "normalise_hts",
    "rate_rows",
    "read_data_csv",
    "revision_columns",
    "revision_for_date",
    "revision_in_force",
    "revision_published",
]


class HtsCodeNotFound(TradetermsError, LookupError):
    """No rate line for an HTS code in the requested revision (with suggestions)."""

    def __init__(
        self,
        hts: str,
        revision: str,
        suggestions: tuple[str, ...] = (),
        other_revisions: tuple[str, ...] = (),
    ) -> None:
        self.hts = hts
        self.revision = revision
        self.suggestions = suggestions
        self.other_revisions = other_revisions
        message = f"no HTS rate line {format_hts(hts)} in revision {revision}"
        if hts.startswith("99"):
            message += " (chapter 99 holds additional duties, not MFN rate lines)"
        if other_revisions:
            message += f" (present in {', '.join(other_revisions)})"
        if suggestions:
            message += "; nearest: " + ", ".join(format_hts(s) for s in suggestions)
        super().__init__(message)

    def __str__(self) -> str:  # LookupError/KeyError would repr() the message
        return str(self.args[0])


# ============================================================================ HTS codes


_HTS_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_hts(hts: str) -> str:
    """Digits of an HTS code: ``"8703.23.01"`` -> ``"87032301"``.

    Dots, spaces and hyphens are ignored. Raises ``ValueError`` unless 2 to 10 digits remain.
    """
    if isinstance(hts, str) and hts.isascii() and hts.isdigit() and 2 <= len(hts) <= 10:
        return hts  # digits already, as batch input mostly is: no regular expression
    code = _HTS_SEPARATORS.sub("", hts)
    if not code.isdigit() or not code.isascii() or not 2 <= len(code) <= 10:
        raise InvalidArgumentError(f"not an HTS code: {hts!r}")
    return code


def format_hts(hts: str) -> str:
    """Dotted form: ``"8703230190"`` -> ``"8703.23.01.90"``."""
    code = _HTS_SEPARATORS.sub("", hts)
    return ".".join([code[:4]] + [code[i : i + 2] for i in range(4, len(code), 2)])


# ============================================================================ data files


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Rows of ``tradeterms/data/<name>`` (``.gz`` files are decompressed)."""
    return data_records(name)


@lru_cache(maxsize=1)
def _revision_dates() -> Mapping[str, date | None]:
    """Every HTS revision label (in order) -> USITC publication date."""
    columns = data_columns(_REVISIONS)
    published = iso_dates(columns["usitc_change_record_date"])
    return MappingProxyType(dict(zip(columns["revision"], published, strict=True)))


_MFN_FILE = "hts_mfn.csv.gz"
_HEADINGS_FILE = "hts_headings.csv.gz"
_REVISIONS = "hts_revisions.csv"


@lru_cache(maxsize=1)
def _mfn_lines() -> list[str]:
    """The rows of the MFN table as text. The table is sorted by code, so the lines are sorted
    as text too (a comma sorts before every digit): one code is a binary search away, and
    nothing is parsed until a line is asked for."""
    return data_lines(_MFN_FILE)


def _lines_from(prefix: str) -> Sequence[str]:
    """The lines whose code starts with ``prefix`` (``"8703,"`` for the code ``8703`` only)."""
    return starting_with(_mfn_lines(), prefix)


def _in_revision(line: str, revision: int) -> bool:
    """Whether a line of the table is present in the revision (numbered as in
    ``_revision_dates``): its last two fields are its first and last revision."""
    _, first, last = line.rsplit(",", 2)
    order = _revision_order()
    return order[first] <= revision <= order[last]


@lru_cache(maxsize=1)
def _revision_order() -> Mapping[str, int]:
    return MappingProxyType({label: i for i, label in enumerate(_revision_dates())})


@lru_cache(maxsize=1)
def mfn_revisions() -> tuple[str, ...]:
    """Revisions covered by the shipped MFN table, oldest first."""
    used = {label for line in _mfn_lines() for label in line.rsplit(",", 2)[1:]}
    return tuple(label for label in _revision_dates() if label in used)


def latest_mfn_revision() -> str:
    return mfn_revisions()[-1]


_REVISION_RE = re.compile(
    r"(?P<year>\d{4})[_\- ]?(?:(?P<basic>basic)|rev(?:ision)?[_\- ]?(?P<n>\d+))"
)


def _resolve_revision(revision: str) -> str:
    m = _REVISION_RE.fullmatch(revision.strip().lower())
    label = revision
    if m:
        label = f"{m['year']}_basic" if m["basic"] else f"{m['year']}_rev_{int(m['n'])}"
    if label not in mfn_revisions():
        raise InvalidArgumentError(
            f"HTS revision {revision!r} is not shipped; available: {', '.join(mfn_revisions())}"
        )
    return label


def revision_published(revision: str) -> date:
    """USITC publication date (change-record date) of a shipped revision."""
    label = _resolve_revision(revision)
    published = _revision_dates()[label]
    if published is None:  # pragma: no cover - every shipped revision has a date
        raise InvalidArgumentError(f"no publication date for {label}")
    return published


@lru_cache(maxsize=1)
def _all_revision_dates() -> tuple[tuple[str, date], ...]:
    """Every revision of the revisions table with its date: the USITC publication date, or
    the tracker's date where the change record is missing (2026 Rev 10)."""
    out = []
    for r in read_data_csv(_REVISIONS):
        day = _iso(r["usitc_change_record_date"]) or _iso(r["tracker_effective_date"])
        if day is not None:
            out.append((r["revision"], day))
    return tuple(out)


def _iso(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def latest_revision() -> tuple[str, date]:
    """The newest HTS revision the revisions table holds, with its date."""
    return _all_revision_dates()[-1]


def revision_in_force(on: date) -> str | None:
    """The HTS revision (of all 44, shipped or not) in force on ``on``: the latest published on
    or before it. MFN rates come from :func:`revision_for_date` (the shipped editions)."""
    found = None
    for label, day in _all_revision_dates():
        if day <= on:
            found = label
    return found


@lru_cache(maxsize=4096)
def revision_for_date(on: date) -> str:
    """Latest shipped revision published on or before ``on``.

    Only snapshots are shipped: a date between two of them maps to the older one. Dates after
    the last shipped revision map to it. Raises ``ValueError`` before the first one.
    """
    chosen = None
    for label in mfn_revisions():
        if revision_published(label) <= on:
            chosen = label
    if chosen is None:
        first = mfn_revisions()[0]
        raise InvalidArgumentError(
            f"no shipped HTS revision in force on {on.isoformat()}; the first is {first} "
            f"({revision_published(first).isoformat()})"
        )
    return chosen


@dataclass(frozen=True, slots=True)
class MfnLine:
    """An HTS rate line: ``hts`` digits (8, or 10 where the schedule prints the legal line at 10
    digits), its own ``description`` (at most 80 characters), the ``general`` text verbatim,
    its parsed ``rate`` and the ``revision`` it was taken from. ``requested`` is the code asked
    for; ``fallback`` is True when that was a 10-digit statistical code without its own rate
    and the line of its first 8 digits was used."""

    hts: str
    description: str
    general: str
    rate: Rate
    revision: str
    requested: str
    fallback: bool = False

    @property
    def dotted(self) -> str:
        return format_hts(self.hts)


def _parse_line(line: str, revision: str) -> MfnLine:
    hts, description, general, _, _ = next(csv.reader([line]))
    return MfnLine(hts, description, general, parse_rate(general), revision, requested=hts)


@lru_cache(maxsize=65_536)
def _family(code: str, revision: str) -> Mapping[str, MfnLine]:
    """The rate lines of ``revision`` under an 8-digit code (its own line and its 10-digit
    lines), or for a code of another length its own line."""
    prefix = code if len(code) == 8 else code + ","
    index = _revision_order()[revision]
    texts = [text for text in _lines_from(prefix) if _in_revision(text, index)]
    return MappingProxyType({line.hts: line for line in (_parse_line(t, revision) for t in texts)})


def load_mfn_table(revision: str | None = None) -> Mapping[str, MfnLine]:
    """All rate lines of one revision (default: the latest shipped), keyed by HTS digits."""
    label = latest_mfn_revision() if revision is None else _resolve_revision(revision)
    return _mfn_table(label)


@lru_cache(maxsize=8)
def _mfn_table(revision: str) -> Mapping[str, MfnLine]:
    codes, descriptions, generals = revision_columns(revision)
    lines = zip(codes, descriptions, generals, strict=True)
    return MappingProxyType(
        {
            hts: MfnLine(hts, text, general, parse_rate(general), revision, hts)
            for hts, text, general in lines
        }
    )


@lru_cache(maxsize=8)
def revision_columns(revision: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The codes, descriptions and General rate texts of the rate lines of ``revision`` (a
    label of :func:`mfn_revisions`), in code order: the whole table in one parse."""
    order = _revision_order()
    index = order[revision]
    c = data_columns(_MFN_FILE)
    first, last = c["first_revision"], c["last_revision"]
    present = [order[a] <= index <= order[b] for a, b in zip(first, last, strict=True)]
    columns = (c["hts"], c["description"], c["general"])
    code, text, general = (tuple(itertools.compress(column, present)) for column in columns)
    return code, text, general


def rate_rows() -> tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]]:
    """Every rate line of every shipped revision at once, in code order: its code, General
    rate text, and the first and last revision it is in (labels of :func:`mfn_revisions`)."""
    c = data_columns(_MFN_FILE)
    return c["hts"], c["general"], c["first_revision"], c["last_revision"]


def _pick_revision(revision: str | None, on: date | None) -> str:
    if revision is not None and on is not None:
        raise InvalidArgumentError("give either revision or on, not both")
    if on is not None:
        return revision_for_date(on)
    return latest_mfn_revision() if revision is None else _resolve_revision(revision)


def _find(code: str, revision: str) -> MfnLine | None:
    """``code`` as ``revision`` reads it: its own rate line; for an 8-digit code printed only
    at 10 digits, that line; for a 10-digit statistical code, the line of its 8 digits."""
    family = _family(code[:8] if len(code) == 10 else code, revision)
    line = family.get(code)
    if line is not None:
        return line
    if len(code) == 8:
        line = _printed_at_ten(family)
        return None if line is None else dataclasses.replace(line, requested=code)
    if len(code) == 10:
        line = family.get(code[:8]) or _printed_at_ten(family)
        if line is not None:
            return dataclasses.replace(line, requested=code, fallback=True)
    return None


def _printed_at_ten(family: Mapping[str, MfnLine]) -> MfnLine | None:
    """The 10-digit line that carries the rate of an 8-digit code without a line of its own
    (the schedule prints at most one such line under its 8 digits)."""
    ten = [line for code, line in family.items() if len(code) == 10]
    return ten[-1] if ten and not any(len(code) == 8 for code in family) else None


def mfn_line(hts: str, revision: str | None = None, *, on: date | None = None) -> MfnLine:
    """The MFN (column 1 General) rate line for ``hts`` (8 or 10 digits, dotted or not).

    ``revision`` (``"2025_basic"``, ``"2025_rev_32"``; ``"2025_rev32"`` is accepted) or ``on``
    (a date, see :func:`revision_for_date`) choose the edition; default is the latest. A
    10-digit statistical code without a rate of its own falls back to its 8-digit line
    (``fallback`` is then True). Raises :class:`HtsCodeNotFound` with ``suggestions`` for
    codes that are not rate lines, ``ValueError`` for malformed codes.
    """
    code = normalise_hts(hts)
    label = _pick_revision(revision, on)
    line = _find(code, label)
    if line is not None:
        return line
    others = tuple(r for r in mfn_revisions() if r != label and _find(code, r) is not None)
    raise HtsCodeNotFound(code, label, tuple(nearest_codes(code, revision=label)), others)


def nearest_codes(hts: str, n: int = 5, revision: str | None = None) -> list[str]:
    """Up to ``n`` rate-line codes (digits) close to ``hts``, best first.

    Codes sharing the longest prefix (at least the 4-digit heading) come first, ordered by
    numeric distance; then near misses by edit similarity (typos such as swapped digits); a
    shorter common prefix is the last resort. Partial codes (``"870323"``) list the lines under
    them.
    """
    code = normalise_hts(hts)
    if n <= 0:
        return []
    label = latest_mfn_revision() if revision is None else _resolve_revision(revision)
    target = int(code.ljust(10, "0"))

    def by_distance(candidates: list[str]) -> list[str]:
        return sorted(candidates, key=lambda c: (abs(int(c.ljust(10, "0")) - target), c))

    def with_prefix(prefix: str) -> list[str]:
        return _codes_from(prefix, label)

    out: list[str] = []

    def add(candidates: list[str]) -> None:
        for c in candidates:
            if c not in out and len(out) < n:
                out.append(c)

    for length in range(len(code), 3, -1):
        add(by_distance(with_prefix(code[:length])))
        if len(out) >= n:
            return out
    pool = _near_pool(code, label) if len(code) in (8, 10) else _codes_from("", label)
    add(difflib.get_close_matches(code, pool, n=n, cutoff=0.7))
    for length in (3, 2):
        if len(out) >= n:
            break
        add(by_distance(with_prefix(code[:length])))
    return out


def _near_pool(code: str, revision: str) -> list[str]:
    """The codes of the same length under the headings one slip from the code's heading.

    Comparing the code with every line of the schedule took a quarter of a second; a typo
    (one digit wrong, two adjacent digits swapped) leaves the heading at most one slip away,
    and those headings hold the close matches in all but rare cases.
    """
    return [c for h in _slips(code[:4]) for c in _codes_from(h, revision) if len(c) == len(code)]


def _slips(heading: str) -> set[str]:
    """The heading, and every heading with one digit changed or two adjacent digits swapped."""
    found = {heading[:i] + d + heading[i + 1 :] for i in range(len(heading)) for d in _DIGITS}
    swaps = (heading[:i] + heading[i + 1] + heading[i] + heading[i + 2 :] for i in range(3))
    return found | set(swaps) | {heading}


_DIGITS = "0123456789"


def _codes_from(prefix: str, revision: str) -> list[str]:
    """The codes of the rate lines of ``revision`` that start with ``prefix``, in order."""
    index = _revision_order()[revision]
    return [t[: t.index(",")] for t in _lines_from(prefix) if _in_revision(t, index)]


@lru_cache(maxsize=1)
def _headings() -> Mapping[str, str]:
    columns = data_columns(_HEADINGS_FILE)
    return MappingProxyType(dict(zip(columns["hts"], columns["description"], strict=True)))


def hts_context(hts: str, revision: str | None = None) -> list[tuple[str, str]]:
    """(code, description) from the 4-digit heading down to the rate line, for display:
    many lines are described only as "Other". Unknown parts are left out."""
    code = normalise_hts(hts)
    out = [
        (code[:k], _headings()[code[:k]])
        for k in (4, 6)
        if len(code) >= k and code[:k] in _headings()
    ]
    if len(code) >= 8:
        line = _find(code, _pick_revision(revision, None))
        if line is not None:
            out.append((line.hts, line.description))
    return out
