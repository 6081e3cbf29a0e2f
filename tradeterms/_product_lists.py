"""Product lists a US duty calculator needs, read from ``tradeterms/data/``.

* MFN-only lists of the 2025 deals (EU, Japan, Korea, Switzerland, UK): HTS8 lines that the
  chapter 99 notes exempt from the reciprocal tariff for one partner (``deal_mfn_only.csv.gz``).
* Annex II: HTS10 lines exempt from the reciprocal (IEEPA) tariffs for goods of any country,
  with date windows (``annex_ii_exempt.csv``).
* Section 232 scopes as HTS prefixes: steel and aluminium (mill and derivative), the
  derivative inclusions, copper, automobile parts, vehicles, patented pharmaceuticals,
  semiconductors (``s232_scopes.csv``).
* Exemptions from the Section 122 surcharge (note 2(aa), ``s122_exempt.csv``) and from the
  forced-labour Section 301 duty (Annex A, ``s301fl_exempt.csv``), HTS8.
* The China Section 301 lists and their product exclusions, with the rate and dates of each
  chapter 99 heading (``s301_china.csv.gz``).
* The 10-digit statistical lines of the schedule (``hts_stat_lines.csv.gz``).
* The USMCA rate of each line, column 1 Special (``usmca_rates.csv.gz``).

**Digit level.** Every list is kept at the digit level the law writes it, as a table keyed by
code prefix: an entry covers the codes that start with it. A code shorter than an entry (an
8-digit query under a 10-digit entry) is not covered by it; :func:`listed_under` names such
entries so the caller can ask for the 10-digit code. The tables are plain mappings from
prefix to entries, so a batch engine can join them instead of calling per line.

Sources and caveats: ``tradeterms/data/README.md``. Lookups accept dotted or undotted codes.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from tradeterms._data_files import data_columns, data_lines, iso_dates, starting_with
from tradeterms._hts_schedule import normalise_hts
from tradeterms.errors import InvalidArgumentError

__all__ = [
    "MFN_ONLY_PARTNERS",
    "AnnexIIEntry",
    "MfnOnlyEntry",
    "S232Scope",
    "S301ChinaEntry",
    "annex_ii_entry",
    "annex_ii_exempt",
    "annex_ii_line",
    "fl301_exempt",
    "in_s232_scope",
    "list_change_dates",
    "listed_under",
    "metals_2026",
    "metals_2026_under",
    "mfn_only_entries",
    "mfn_only_list",
    "normalise_partner",
    "s122_exempt_line",
    "s232_scopes",
    "s301_china",
    "s301_china_table",
    "s301_china_under",
    "stat_lines",
    "usmca_rate",
]

MFN_ONLY_PARTNERS: tuple[str, ...] = ("eu", "japan", "korea", "swiss", "uk")

_PARTNER_ALIASES: dict[str, str] = {
    "eu": "eu",
    "european union": "eu",
    "eu27": "eu",
    "eu-27": "eu",
    "japan": "japan",
    "jp": "japan",
    "jpn": "japan",
    "korea": "korea",
    "south korea": "korea",
    "republic of korea": "korea",
    "korea, south": "korea",
    "kr": "korea",
    "kor": "korea",
    "swiss": "swiss",
    "switzerland": "swiss",
    "ch": "swiss",
    "che": "swiss",
    "uk": "uk",
    "united kingdom": "uk",
    "gb": "uk",
    "gbr": "uk",
    "great britain": "uk",
}


def _lines(values: tuple[str, ...]) -> list[int | None]:
    """A column of notes lines as numbers, None where empty."""
    return [int(value) if value else None for value in values]


def _digits(hts: str, min_len: int, what: str) -> str:
    code = normalise_hts(hts)
    if len(code) < min_len:
        raise InvalidArgumentError(f"{what} needs at least {min_len} HTS digits, got {hts!r}")
    return code


# ============================================================================ deal lists


@dataclass(frozen=True, slots=True)
class MfnOnlyEntry:
    """One HTS8 line of a partner's MFN-only list.

    ``category``: ``ptaap`` (EU/Swiss natural resources and other listed articles),
    ``particular``, ``civil_aircraft``, ``pharma``. ``ch99_heading`` grants it.
    ``effective_date`` is the publication date of ``first_hts_revision`` (the first HTS
    revision listing it); the legal effective date can be earlier (EU: 1 September 2025).
    ``list_source``: ``tracker`` or ``note35_2026rev6`` (see the data README).
    """

    hts8: str
    partner: str
    category: str
    ch99_heading: str
    first_hts_revision: str
    effective_date: date
    list_source: str

    def applies_on(self, on: date) -> bool:
        return self.effective_date <= on


@lru_cache(maxsize=256)
def normalise_partner(partner: str) -> str:
    """``"Switzerland"`` -> ``"swiss"`` etc.; ``ValueError`` for partners without a list."""
    key = " ".join(partner.split()).lower()
    try:
        return _PARTNER_ALIASES[key]
    except KeyError:
        raise InvalidArgumentError(
            f"no MFN-only list for partner {partner!r}; known: {', '.join(MFN_ONLY_PARTNERS)}"
        ) from None


_DEALS = "deal_mfn_only.csv.gz"


@lru_cache(maxsize=1)
def _deal_lines() -> list[str]:
    """The rows of the deal lists as text, ordered by their start "hts8,partner," (file order
    within one): the rows of a line and partner are a binary search away."""
    lines = data_lines(_DEALS)
    return sorted(lines, key=lambda line: line[: line.index(",", 9) + 1])


def _deal_entry(row: Sequence[str]) -> MfnOnlyEntry:
    hts8, partner, category, heading, revision, start, source = row
    if not start:  # pragma: no cover - the derivation script fills every date
        raise InvalidArgumentError(f"{_DEALS}: a row without effective_date_start: {row}")
    return MfnOnlyEntry(hts8, partner, category, heading, revision, _iso(start), source)


@lru_cache(maxsize=4096)
def _iso(day: str) -> date:
    return date.fromisoformat(day)


@lru_cache(maxsize=1)
def _deal_codes() -> frozenset[str]:
    """The lines some deal list names: most codes are on none (a set lookup, no search)."""
    return frozenset(line[:8] for line in _deal_lines())


@lru_cache(maxsize=65_536)
def _deal_entries(partner: str, hts8: str) -> tuple[MfnOnlyEntry, ...]:
    lines = starting_with(_deal_lines(), f"{hts8},{partner},")
    return tuple(map(_deal_entry, csv.reader(lines))) if lines else ()


def partner_lines(partner: str) -> Mapping[str, tuple[MfnOnlyEntry, ...]]:
    """HTS8 -> the entries of the partner's list (a key of ``MFN_ONLY_PARTNERS``) for it,
    without their code (``hts8`` empty): the table a batch engine joins."""
    return _partner_tables().get(partner, MappingProxyType({}))


@lru_cache(maxsize=1)
def _partner_tables() -> Mapping[str, Mapping[str, tuple[MfnOnlyEntry, ...]]]:
    # the entries of many lines are the same once without their code: each is built once
    made: dict[tuple[str, ...], MfnOnlyEntry] = {}
    tables: dict[str, dict[str, list[MfnOnlyEntry]]] = {}
    for hts8, *row in zip(*data_columns(_DEALS).values(), strict=True):
        entry = made.get(tuple(row))
        if entry is None:
            entry = made[tuple(row)] = _deal_entry(["", *row])
        tables.setdefault(entry.partner, {}).setdefault(hts8, []).append(entry)
    return MappingProxyType(
        {
            partner: MappingProxyType({k: tuple(v) for k, v in table.items()})
            for partner, table in tables.items()
        }
    )


def mfn_only_entries(partner: str, hts: str, on: date | None = None) -> tuple[MfnOnlyEntry, ...]:
    """All MFN-only list entries of ``partner`` covering ``hts`` (8 or 10 digits; the lists
    are HTS8 and cover every 10-digit line under them). With ``on``, only entries in effect
    on that date."""
    hts8 = _digits(hts, 8, "MFN-only lookup")[:8]
    key = normalise_partner(partner)
    entries = _deal_entries(key, hts8) if hts8 in _deal_codes() else ()
    if on is not None:
        entries = tuple(e for e in entries if e.applies_on(on))
    return entries


def mfn_only_list(partner: str, hts: str, on: date | None = None) -> MfnOnlyEntry | None:
    """The partner's MFN-only entry for ``hts``, or None. (No code is on two lists of the
    same partner in the shipped data; :func:`mfn_only_entries` returns all if that changes.)
    """
    entries = mfn_only_entries(partner, hts, on)
    return entries[0] if entries else None


# ============================================================================ Annex II


@dataclass(frozen=True, slots=True)
class AnnexIIEntry:
    """An HTS10 line exempt from the reciprocal tariffs from ``start`` to ``end``, both
    inclusive; None means open (exempt since the list began / still exempt)."""

    hts10: str
    start: date | None
    end: date | None

    def applies_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@lru_cache(maxsize=1)
def _annex_ii() -> Mapping[str, AnnexIIEntry]:
    c = data_columns("annex_ii_exempt.csv")
    starts, ends = iso_dates(c["effective_date_start"]), iso_dates(c["effective_date_end"])
    entries = map(AnnexIIEntry, c["hts10"], starts, ends)
    return MappingProxyType({entry.hts10: entry for entry in entries})


@lru_cache(maxsize=1)
def _annex_ii_by_line() -> Mapping[str, tuple[AnnexIIEntry, ...]]:
    index: dict[str, list[AnnexIIEntry]] = {}
    for entry in _annex_ii().values():
        index.setdefault(entry.hts10[:8], []).append(entry)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _hts10(hts: str) -> str:
    code = normalise_hts(hts)
    if len(code) != 10:
        raise InvalidArgumentError(
            f"Annex II is listed at HTS10: give a 10-digit statistical code, got {hts!r}"
        )
    return code


def annex_ii_entry(hts: str) -> AnnexIIEntry | None:
    """The Annex II entry of a 10-digit code (any date window), or None."""
    return _annex_ii().get(_hts10(hts))


def stat_lines(hts8: str) -> tuple[str, ...]:
    """The 10-digit statistical lines of the schedule under an 8-digit code."""
    return tuple(starting_with(_stat_codes(), normalise_hts(hts8)[:8]))


@lru_cache(maxsize=1)
def _stat_codes() -> tuple[str, ...]:
    """Every statistical line, in order: the lines under a code are a binary search away."""
    return tuple(sorted(data_columns("hts_stat_lines.csv.gz")["hts10"]))


def annex_ii_line(hts8: str, on: date) -> tuple[bool, tuple[str, ...]]:
    """Annex II for an 8-digit line on ``on``: (exempt, the listed 10-digit lines under it).

    The line is exempt when its ``XXXXXXXX00`` entry is listed or every statistical line under
    it is; otherwise the listed lines (if any) are returned so the caller can name them.
    """
    code = normalise_hts(hts8)[:8]
    listed = tuple(e.hts10 for e in _annex_ii_by_line().get(code, ()) if e.applies_on(on))
    if not listed:
        return False, ()  # (without reading the statistical lines)
    lines = stat_lines(code)
    whole = code + "00" in listed or (bool(lines) and set(lines) <= set(listed))
    return whole, listed


def annex_ii_exempt(hts: str, on: date) -> bool:
    """True if the 10-digit ``hts`` is on Annex II (exempt from the reciprocal tariffs for
    goods of any country) on ``on``. ``ValueError`` for codes that are not 10 digits."""
    entry = annex_ii_entry(hts)
    return entry is not None and entry.applies_on(on)


# ============================================================================ Section 232


@dataclass(frozen=True, slots=True)
class S232Scope:
    """A Section 232 scope entry: every HTS code starting with ``hts_prefix`` is covered.

    ``list_name``: ``metals`` (steel/aluminium mill and derivative prefixes),
    ``derivatives`` (HTS8 derivative list with its heading), ``copper``, ``auto_parts``,
    ``vehicles``. ``program``: ``steel``, ``aluminum``, ``copper``, ``auto_parts``,
    ``autos_passenger``, ``autos_light_trucks``, ``mhd_vehicles``, ``buses``. ``kind``:
    ``mill``/``derivative`` for metals, else None. ``ch99_heading`` where the list gives one.
    ``effective_date`` None means in scope since the programme began (2018 for metals).
    ``notes_line`` is the line of the chapter 99 notes text (2026 Rev 6) that writes the entry.
    """

    list_name: str
    hts_prefix: str
    program: str
    kind: str | None
    ch99_heading: str | None
    effective_date: date | None
    source: str
    notes_line: int | None = None

    def covers(self, hts: str) -> bool:
        return normalise_hts(hts).startswith(self.hts_prefix)

    def applies_on(self, on: date) -> bool:
        return self.effective_date is None or self.effective_date <= on


@lru_cache(maxsize=1)
def s232_scopes() -> tuple[S232Scope, ...]:
    """Every shipped Section 232 scope entry, in file order."""
    c = data_columns("s232_scopes.csv")
    return tuple(
        map(
            S232Scope,
            c["list"],
            c["hts_prefix"],
            c["program"],
            [kind or None for kind in c["kind"]],
            [heading or None for heading in c["ch99_heading"]],
            iso_dates(c["effective_date"]),
            c["source"],
            _lines(c["notes_line"]),
        )
    )


@lru_cache(maxsize=1)
def _s232_by_prefix() -> Mapping[str, tuple[S232Scope, ...]]:
    index: dict[str, list[S232Scope]] = {}
    for scope in s232_scopes():
        index.setdefault(scope.hts_prefix, []).append(scope)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def in_s232_scope(hts: str, on: date | None = None) -> list[S232Scope]:
    """Section 232 scopes covering ``hts`` (most specific prefix first). With ``on``, only
    scopes in effect on that date.

    A scope covers a code when its prefix is a prefix of the code; a code shorter than a
    scope's prefix (an 8-digit code under a 10-digit auto-parts prefix) is not reported as
    covered, since only some of its statistical lines are.
    """
    code = normalise_hts(hts)
    index = _s232_by_prefix()
    found: list[S232Scope] = []
    for length in range(len(code), 3, -1):
        for scope in index.get(code[:length], ()):
            if on is None or scope.applies_on(on):
                found.append(scope)
    return found


def listed_under(hts: str, on: date | None = None) -> list[S232Scope]:
    """Section 232 entries written at more digits than ``hts`` and under it: the statistical
    lines of an 8-digit code that a list names one by one. Such an entry does not cover the
    shorter code (see the digit-level rule in the module docstring)."""
    code = normalise_hts(hts)
    return [s for s in _s232_longer().get(code, ()) if on is None or s.applies_on(on)]


@lru_cache(maxsize=1)
def _s232_longer() -> Mapping[str, tuple[S232Scope, ...]]:
    """Every shorter code (4, 6, 8 digits) -> the entries written at more digits under it."""
    index: dict[str, list[S232Scope]] = {}
    for scope in s232_scopes():
        for length in (4, 6, 8):
            if len(scope.hts_prefix) > length:
                index.setdefault(scope.hts_prefix[:length], []).append(scope)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


# ============================================================================ Section 122 / 301


@lru_cache(maxsize=1)
def _s122() -> Mapping[str, tuple[str, int]]:
    c = data_columns("s122_exempt.csv")
    places = zip(c["subdivision"], map(int, c["notes_line"]), strict=True)
    return MappingProxyType(dict(zip(c["hts8"], places, strict=True)))


def s122_exempt_line(hts: str) -> tuple[str, int] | None:
    """(subdivision of note 2(aa), notes line) listing an 8/10-digit code as exempt from the
    Section 122 surcharge, or None. Only subdivision ``ii`` exempts the whole line; ``iii``
    names goods within it and ``iv`` civil aircraft."""
    return _s122().get(_digits(hts, 8, "Section 122 lookup")[:8])


@lru_cache(maxsize=1)
def _fl301() -> Mapping[str, tuple[date | None, date | None]]:
    c = data_columns("s301fl_exempt.csv")
    starts, ends = iso_dates(c["effective_date_start"]), iso_dates(c["effective_date_end"])
    return MappingProxyType(dict(zip(c["hts8"], zip(starts, ends, strict=True), strict=True)))


def fl301_exempt(hts: str, on: date) -> bool:
    """True if the line is on Annex A of the forced-labour Section 301 action on ``on``."""
    window = _fl301().get(_digits(hts, 8, "Section 301 lookup")[:8])
    if window is None:
        return False
    start, end = window
    return (start is None or start <= on) and (end is None or on <= end)


# ============================================================================ 2026 metals


@dataclass(frozen=True, slots=True)
class Metals2026Entry:
    """A line of the 2026 metals lists of note 16(c): its subdivision, metal, notes line."""

    hts_prefix: str
    subdivision: str
    metal: str  # aluminum, steel, copper
    notes_line: int


@lru_cache(maxsize=1)
def _metals_2026() -> Mapping[str, tuple[Metals2026Entry, ...]]:
    c = data_columns("s232_metals_2026.csv")
    index: dict[str, list[Metals2026Entry]] = {}
    lines = map(int, c["notes_line"])
    for entry in map(Metals2026Entry, c["hts_prefix"], c["subdivision"], c["metal"], lines):
        index.setdefault(entry.hts_prefix, []).append(entry)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def metals_2026(hts: str) -> list[Metals2026Entry]:
    """The note 16(c) entries covering ``hts`` (most specific first), at their digit level."""
    code = normalise_hts(hts)
    table = _metals_2026()
    return [e for n in range(len(code), 3, -1) for e in table.get(code[:n], ())]


def metals_2026_under(hts: str) -> list[Metals2026Entry]:
    """The note 16(c) entries written at more digits than ``hts`` and under it."""
    return list(_metals_2026_under(normalise_hts(hts)))


@lru_cache(maxsize=65_536)
def _metals_2026_under(code: str) -> tuple[Metals2026Entry, ...]:
    # a scan of every entry: kept per code for batch runs (duty_frame, etr)
    return tuple(
        [
            e
            for prefix, entries in _metals_2026().items()
            if len(prefix) > len(code) and prefix.startswith(code)
            for e in entries
        ]
    )


# ============================================================================ Section 301 China


@dataclass(frozen=True, slots=True)
class S301ChinaEntry:
    """A line of the China Section 301 lists (``kind`` ``list``) or a product exclusion from
    them (``exclusion``), at the digit level notes 20 and 31 write it, with the added rate and
    dates of its chapter 99 heading (``s301_china.csv.gz``)."""

    kind: str  # list, exclusion
    hts_prefix: str
    list: str  # 1, 2, 3, 4A, review_25 ... ('' for an exclusion)
    ch99_heading: str
    rate: str  # the heading's added rate, e.g. '25%'
    start: date | None
    end: date | None
    notes_line: int

    def applies_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@lru_cache(maxsize=1)
def s301_china_table() -> Mapping[str, tuple[S301ChinaEntry, ...]]:
    """Prefix -> entries: the table a batch engine joins on code prefix and digit level."""
    c = data_columns("s301_china.csv.gz")
    index: dict[str, list[S301ChinaEntry]] = {}
    for entry in map(
        S301ChinaEntry,
        c["kind"],
        c["hts_prefix"],
        c["list"],
        c["ch99_heading"],
        c["rate"],
        iso_dates(c["effective_date_start"]),
        iso_dates(c["effective_date_end"]),
        map(int, c["notes_line"]),
    ):
        index.setdefault(entry.hts_prefix, []).append(entry)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def s301_china(hts: str, on: date) -> list[S301ChinaEntry]:
    """The entries covering ``hts`` on ``on``, most specific first."""
    code = normalise_hts(hts)
    table = s301_china_table()
    return [e for n in range(len(code), 3, -1) for e in table.get(code[:n], ()) if e.applies_on(on)]


def s301_china_under(hts: str, on: date) -> list[S301ChinaEntry]:
    """The entries written at more digits than ``hts`` and under it, in force on ``on``."""
    return [e for e in _s301_china_under(normalise_hts(hts)) if e.applies_on(on)]


@lru_cache(maxsize=65_536)
def _s301_china_under(code: str) -> tuple[S301ChinaEntry, ...]:
    # a scan of every entry: kept per code for batch runs
    return tuple(
        e
        for prefix, entries in s301_china_table().items()
        if len(prefix) > len(code) and prefix.startswith(code)
        for e in entries
    )


# ============================================================================ USMCA rates


@lru_cache(maxsize=1)
def _usmca_rates() -> Mapping[str, str]:
    c = data_columns("usmca_rates.csv.gz")
    return MappingProxyType(dict(zip(c["hts"], c["rate"], strict=True)))


def usmca_rate(hts: str) -> str | None:
    """The USMCA rate (column 1 Special, programme S or S+) of a rate-bearing line, verbatim
    (``Free``, ``See 9823.04.01-9823.04.54``), or None where the line gives USMCA no
    preference (column 1 General applies)."""
    return _usmca_rates().get(normalise_hts(hts))


# ============================================================================ dates


# (table, the column of the dates its entries start, of those they end on; "": none)
_DATED_TABLES = (
    ("s232_scopes.csv", "effective_date", ""),
    ("annex_ii_exempt.csv", "effective_date_start", "effective_date_end"),
    ("s301fl_exempt.csv", "effective_date_start", "effective_date_end"),
    (_DEALS, "effective_date_start", ""),
    ("s301_china.csv.gz", "effective_date_start", "effective_date_end"),
)


@lru_cache(maxsize=1)
def list_change_dates() -> frozenset[date]:
    """Every date on which an entry of a dated product list starts, and the day after each
    last day of one: between two of them every list says the same of every code. Read from
    the date columns, without building the entries."""
    days: set[date] = set()
    for name, start, end in _DATED_TABLES:
        columns = data_columns(name)
        days.update(day for day in iso_dates(tuple(set(columns[start]))) if day)
        if end:
            last_days = iso_dates(tuple(set(columns[end])))
            days.update(day + timedelta(days=1) for day in last_days if day)
    return frozenset(days)
