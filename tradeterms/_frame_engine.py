"""The scalar duty layers, run once per distinct case instead of once per line.

A line's layers above MFN depend on its HTS code only through what the product lists say
about it (its *signature*: the Section 232 hits, screens, Annex II, the Section 122 and
Annex A exemptions, the partner's MFN-only entries), and on its MFN rate. Lines of one group
with the same signature get the same layers for the same MFN rate, so the layers of
`_duty_layers` run once per such case (and range of MFN rates, see `_frame_cases`), on a
representative code, and the answer is joined back to every line.

A group is an origin, a *date class* and a known_on class: the dates between two of the
dates the data, the lists and the schedule revisions hold (`day_classes`), on which every
comparison the calculator makes with the date comes out the same. Runs are kept across
groups with the same term states.

Each case answers per layer a rate on the whole value and, for derivatives priced on their
metal, a rate on the metal content and on the rest of the value; the batch engine prices
those with each line's metal share.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from tradeterms._duty_claims import Context, tariff_of
from tradeterms._duty_layers import _s301_start
from tradeterms._duty_origin import Origin
from tradeterms._duty_rules import rules
from tradeterms._duty_scope import s232_hits, screens_for
from tradeterms._product_lists import (
    _annex_ii,
    _fl301,
    annex_ii_exempt,
    annex_ii_line,
    fl301_exempt,
    normalise_partner,
    partner_lines,
    s122_exempt_line,
    s232_scopes,
    s301_china,
)
from tradeterms.catalog import Catalog
from tradeterms.errors import TradetermsError
from tradeterms.state import ClaimView, TermState

if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy as np

    from tradeterms._code_numbers import PrefixTable

__all__ = [
    "LAYERS",
    "CaseAnswer",
    "Group",
    "Signature",
    "class_dates",
    "day_class",
    "day_classes",
    "era",
    "group",
    "reworded",
    "signatures",
    "states_of",
]

# The layer columns of a batch answer, in the order of the calculation (docs/duty.md).
LAYERS: tuple[str, ...] = (
    "mfn",
    "section_232",
    "reciprocal",
    "section_122",
    "section_301",
    "other",
    "section_301_china",
    "fentanyl",
)


@dataclass(frozen=True, slots=True)
class CaseAnswer:
    """The layers above MFN for one case: per layer (whole, on metal, on rest) rates."""

    layers: tuple[tuple[float, float, float], ...]  # in LAYERS[1:] order
    unsettled: tuple[str, ...]  # reasons other than a missing metal share
    metal_open: str | None  # the reason the total waits for the metal share, if it does
    deal_cap: str  # the deal term whose all-in or capped rate set a layer, or ""
    error: str | None = None  # the scalar engine refused the line
    listed: tuple[str, ...] = ()  # the Section 232 entries the reasons name


@dataclass(frozen=True)
class Group:
    """One (origin, date class, known_on class) group, read on one of its dates: its states
    and the key its answers are kept under."""

    catalog: Catalog
    origin: Origin
    on: dt.date
    known_on: dt.date | None
    states: list[TermState]
    party_list: str | None  # the partner's MFN-only list key (eu, japan...), if any
    views: dict[tuple[str, tuple[str, ...]], list[ClaimView]] = dataclasses.field(
        default_factory=dict
    )  # the claims on each topic, worked out once for the group's runs
    kept: dict[Hashable, Any] = dataclasses.field(default_factory=dict)  # Context.kept

    @cached_property
    def key(self) -> Hashable:
        """What the answer of a case depends on besides its signature, the dates of its
        partner-list entries and its MFN rate: the claims counted and the calculator's dates
        passed."""
        return (self.origin.code, _fingerprint(self.states, self.known_on), self._passed())

    def _passed(self) -> tuple[bool, ...]:
        ctx = Context(self.catalog, self.origin, "", self.on, self.known_on, self.states, None)
        start = _s301_start(ctx)
        days = [*rules().dates.values(), *([start] if start else [])]
        return tuple(self.on >= day for day in days)

    @property
    def tables(self) -> bool:
        """Whether an origin layer read from a product table (the China Section 301 lists)
        charges the group's origin: its lines' signatures then hold their table entries."""
        return any(
            layer.table and self.origin.party in layer.origins for layer in rules().origin_layers
        )

    @property
    def scopes(self) -> tuple[str, ...]:
        """The HS codes of the scopes of the group's terms (digits), longest first."""
        codes = {
            code.replace(".", "")
            for state in self.states
            if state.term.scope
            for code in state.term.scope.hs
        }
        return tuple(sorted(codes, key=lambda c: (-len(c), c)))

    def entry_dates(self, sig: Signature) -> Hashable:
        """Whether each partner-list entry of the signature applies on the date and was
        public by known_on (the layers compare nothing else about a line with the date)."""
        entries = sig.key[6] if isinstance(sig.key, tuple) and len(sig.key) > 6 else ()
        known = self.known_on
        return tuple(
            (e.effective_date <= self.on, known is None or e.effective_date <= known)
            for e in entries
        )


def _fingerprint(states: list[TermState], known_on: dt.date | None) -> Hashable:
    """The tariff claims each state counts (and whether their conditions are known to be
    met), and the terms with a product-list scope: all the layers read of the states."""
    out = []
    for state in states:
        views = []
        for view in state.counted:
            value = tariff_of(view.claim.value)
            if value is None:
                continue  # the layers read tariff claims only (Context.views)
            condition = value.condition
            met = None
            if condition is not None:
                when = condition.met_on
                met = when is not None and (known_on is None or when <= known_on)
            views.append((id(view.claim), view.origin, met))
        if views or state.term.scope:
            out.append((state.term.id, tuple(views)))
    return tuple(out)


@lru_cache(maxsize=200_000)
def _code_breaks(code: str) -> tuple[dt.date, ...]:
    """The dates on which a list entry `_signature` reads for `code` starts or ends, and the
    date of the metals tiers: between two of them the lists say the same about the code.
    (The partner's entries are not read there: `Group.entry_dates` compares their dates.)"""
    from tradeterms._duty_scope import METALS
    from tradeterms._product_lists import _annex_ii_by_line, _metals_2026, _s232_by_prefix

    days: set[dt.date] = set()
    scopes = _s232_by_prefix()
    prefixes = [code[:n] for n in range(4, len(code) + 1)]
    found = [s for p in prefixes for s in scopes.get(p, ())]
    days.update(s.effective_date for s in found if s.effective_date)
    if any(p in _metals_2026() for p in prefixes) or any(s.program in METALS for s in found):
        # from the metals tiers' date, s232_hits reads the metals lists of note 16(c)
        days.add(rules().dates["metals_annex_tiers_from"])
    own = _annex_ii().get(code)  # a 10-digit code reads its own Annex II entry only
    annex = (own,) if own else () if len(code) == 10 else _annex_ii_by_line().get(code[:8], ())
    for entry in annex:
        days.update(d for d in (entry.start, _after(entry.end)) if d)
    start, end = _fl301().get(code[:8], (None, None))
    days.update(d for d in (start, _after(end)) if d)
    return tuple(sorted(days))


def _after(day: dt.date | None) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=1)


def era(on: dt.date) -> int:
    """The number of list dates on or before `on`, over every code of the lists: two dates of
    one era read the same lists for every code."""
    return bisect.bisect_right(_list_dates(), on)


@lru_cache(maxsize=1)
def _list_dates() -> tuple[dt.date, ...]:
    from tradeterms._product_lists import list_change_dates

    return tuple(sorted(set(rules().dates.values()) | list_change_dates()))


def states_of(
    catalog: Catalog, origin: Origin, on: dt.date, known_on: dt.date | None
) -> list[TermState]:
    """The origin's term states, kept for the recent (origin, date, known_on) keys."""
    key = (origin.code, on, known_on)
    memo = _STATES.setdefault(catalog, {})
    found = memo.pop(key, None)
    if found is None:
        from tradeterms._duty_origin import origin_states

        found = origin_states(catalog, origin, on, known_on)
    _keep(memo, key, found, 64)
    return found


_STATES: weakref.WeakKeyDictionary[Catalog, dict[Hashable, list[TermState]]] = (
    weakref.WeakKeyDictionary()
)


def group(catalog: Catalog, origin: Origin, on: dt.date, known_on: dt.date | None) -> Group:
    """The group of goods of `origin` on the date class of `on` (and of `known_on`), read on
    the first date of the class asked for: its answers hold for every date of the class."""
    known_class = None if known_on is None else day_class(catalog, known_on)
    key = (origin.code, day_class(catalog, on), known_class)
    memo = _GROUPS.setdefault(catalog, {})
    found = memo.pop(key, None)
    if found is None:
        states = states_of(catalog, origin, on, known_on)
        found = Group(catalog, origin, on, known_on, states, party_list(origin.party))
    _keep(memo, key, found, 64)
    return found


def _keep(memo: dict[Any, Any], key: Hashable, value: Any, most: int) -> None:
    """Keep `value` as the newest of at most `most` (a long series of dates keeps the
    recent ones)."""
    memo[key] = value
    while len(memo) > most:
        del memo[next(iter(memo))]


_GROUPS: weakref.WeakKeyDictionary[Catalog, dict[Hashable, Group]] = weakref.WeakKeyDictionary()


def day_classes(catalog: Catalog, days: np.ndarray) -> np.ndarray:
    """The date class of each day (datetime64; NaT: -1): the number of `class_dates` on or
    before it. Two days of one class read the same states, lists and schedule revision."""
    import numpy as np

    table = _class_table(catalog)
    found = np.searchsorted(table, days.astype("datetime64[D]"), side="right")
    return np.where(np.isnat(days), -1, found).astype(np.int64)


def day_class(catalog: Catalog, day: dt.date) -> int:
    return bisect.bisect_right(class_dates(catalog), day)


def _class_table(catalog: Catalog) -> np.ndarray:
    import numpy as np

    found = _CLASS_TABLES.get(catalog)
    if found is None:
        found = _CLASS_TABLES[catalog] = np.array(class_dates(catalog), dtype="datetime64[D]")
    return found


def class_dates(catalog: Catalog) -> tuple[dt.date, ...]:
    """Every date the data, the lists and the schedule revisions hold, and the day after
    each: between two of them nothing a duty depends on changes (dates are only compared)."""
    found = _CLASS_DATES.get(catalog)
    if found is None:
        from tradeterms._hts_schedule import _all_revision_dates

        days: set[dt.date] = set(_list_dates())
        days.update(day for _, day in _all_revision_dates())
        for day in data_dates(catalog.data):
            days.update((day, day + dt.timedelta(days=1)))
        found = _CLASS_DATES[catalog] = tuple(sorted(days))
    return found


def data_dates(data: BaseModel) -> set[dt.date]:
    """Every date the records hold, in any field, and any text of the form of one (a date
    too many only splits a class in two). Read from the records' own fields: a dump of the
    whole data would build a copy of every record to find a few hundred dates."""
    days: set[dt.date] = set()
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        kind = _KINDS.get(type(item))
        if kind is None:
            kind = _KINDS[type(item)] = _kind(type(item))
        if kind == _TEXT:
            if len(item) == 10 and item[4] == "-" and item[7] == "-":
                day = _as_date(item)
                if day is not None:
                    days.add(day)
        elif kind == _ITEMS:
            stack.extend(item)
        elif kind == _RECORD:
            stack.extend(item.__dict__.values())
        elif kind == _DATE:
            days.add(item.date() if isinstance(item, dt.datetime) else item)
        elif kind == _MAPPING:
            stack.extend(item.values())
    return days


_TEXT, _ITEMS, _RECORD, _DATE, _MAPPING, _OTHER = range(6)
# What the walk does with a value of each type, worked out once per type (an isinstance
# test against pydantic's model class runs Python code on every call).
_KINDS: dict[type, int] = {}


def _kind(kind: type) -> int:
    for base, found in (
        (str, _TEXT),
        (list, _ITEMS),
        (tuple, _ITEMS),
        (BaseModel, _RECORD),
        (dt.date, _DATE),
        (dict, _MAPPING),
    ):
        if issubclass(kind, base):
            return found
    return _OTHER


def _as_date(item: str) -> dt.date | None:
    """Text of the form of a date (``2025-09-01``), as a date."""
    try:
        return dt.date.fromisoformat(item)
    except ValueError:
        return None


_CLASS_DATES: weakref.WeakKeyDictionary[Catalog, tuple[dt.date, ...]] = weakref.WeakKeyDictionary()
_CLASS_TABLES: weakref.WeakKeyDictionary[Catalog, np.ndarray] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Signature:
    """What the layers read about a code from the product lists, and the words of its
    Section 232 entries (`listed`: they enter the reasons, never the rates)."""

    key: Hashable
    listed: tuple[str, ...] = ()
    ident: int = dataclasses.field(default=-1, compare=False)  # equal for equal key and words
    key_ident: int = dataclasses.field(default=-1, compare=False)  # equal for equal key

    def __post_init__(self) -> None:
        # hashing a key of list entries is slow: number each distinct one once
        object.__setattr__(self, "ident", _IDENTS.setdefault((self.key, self.listed), len(_IDENTS)))
        object.__setattr__(self, "key_ident", _KEYS.setdefault(self.key, len(_KEYS)))


_IDENTS: dict[tuple[Hashable, tuple[str, ...]], int] = {}
_KEYS: dict[Hashable, int] = {}


@dataclass(frozen=True)
class CodeSignatures:
    """The signature of each code of a group: `keys` numbers their keys, `idents` their keys
    and words; `which` is the place of each code's signature in `table`."""

    keys: np.ndarray
    idents: np.ndarray
    which: np.ndarray
    table: tuple[Signature, ...]

    @classmethod
    def of(cls, which: np.ndarray, table: tuple[Signature, ...]) -> CodeSignatures:
        import numpy as np

        keys = np.array([sig.key_ident for sig in table], dtype=np.int64)[which]
        idents = np.array([sig.ident for sig in table], dtype=np.int64)[which]
        keys.flags.writeable = False
        idents.flags.writeable = False
        return cls(keys, idents, which, table)

    def __getitem__(self, k: int) -> Signature:
        return self.table[int(self.which[k])]


def signatures(
    codes: tuple[str, ...], on: dt.date, party_list: str | None, tables: bool = False
) -> CodeSignatures:
    """The signature of each code (digits) on `on`. `tables`: the origin pays a layer read
    from a product table (`Group.tables`), whose entries for the code join the signature."""
    import numpy as np

    era = bisect.bisect_right(_rule_dates(), on)
    if tables:
        sigs = tuple(_with_tables(code, on, party_list, era) for code in codes)
        return CodeSignatures.of(np.arange(len(codes)), sigs)
    return _plan(codes, party_list).signatures(on, era)


class _Plan:
    """What of a group's codes does not depend on the date: each code's length class, the
    codes a list names (by profile, `_list_profiles`: one representative code each) and the
    dates on which the lists change for each profile, and the codes the partner's entries
    cover (by set of entries). A series over dates reads the same codes again and again:
    each date reworks only the profiles whose lists changed since the last one."""

    def __init__(self, codes: tuple[str, ...], party_list: str | None) -> None:
        import numpy as np

        from tradeterms._code_numbers import CodeNumbers
        from tradeterms._list_profiles import named, profiles

        numbers = CodeNumbers(codes)
        self.lengths = (numbers.length >= 8).astype(np.int64) + (numbers.length == 10)
        self.named = np.flatnonzero(named(numbers, _named()))
        found = profiles(numbers.take(self.named))
        self.profile_of = found.of
        self.reps = [
            _REPRESENTATIVES.setdefault(row, codes[self.named[j]])
            for row, j in zip(found.rows, found.first.tolist(), strict=True)
        ]
        breaks = [_code_breaks(code) for code in self.reps]
        self.owner = np.repeat(np.arange(len(breaks)), [len(b) for b in breaks])
        self.breaks = np.array([d.toordinal() for b in breaks for d in b], dtype=np.int64)
        self.party_list = party_list
        self.covered = np.zeros(0, dtype=np.int64)  # the codes the partner's entries cover
        self.entry_set = np.zeros(0, dtype=np.int64)  # the number of their set of entries
        self.entry_sets: tuple[tuple[Any, ...], ...] = ()
        if party_list:
            lines, set_of, self.entry_sets = _party_lines(party_list)
            line = lines.at(numbers, 8)
            self.covered = np.flatnonzero(line >= 0)
            self.entry_set = set_of[line[self.covered]]
        self.last: tuple[np.ndarray, list[Signature]] | None = None

    def signatures(self, on: dt.date, era: int) -> CodeSignatures:
        import numpy as np

        epochs = np.bincount(self.owner[self.breaks <= on.toordinal()], minlength=len(self.reps))
        if self.last is None:
            epoch_of = zip(self.reps, epochs.tolist(), strict=True)
            common = [_common(rep, epoch, on) for rep, epoch in epoch_of]
        else:
            last_epochs, common = self.last[0], list(self.last[1])
            for j in np.flatnonzero(epochs != last_epochs).tolist():
                common[j] = _common(self.reps[j], int(epochs[j]), on)
        self.last = (epochs, common)
        empty = [_empty(length >= 8, length == 10, era, on) for length in (6, 8, 10)]
        table = [*empty, *common]
        which = self.lengths.copy()
        which[self.named] = len(empty) + self.profile_of
        if len(self.covered):  # one signature per (signature without entries, entries)
            sets = len(self.entry_sets)
            pair_key = which[self.covered] * sets + self.entry_set
            pairs, pair_of = np.unique(pair_key, return_inverse=True)
            which[self.covered] = len(table) + pair_of.reshape(-1)
            for pair in pairs.tolist():
                base, entries = divmod(pair, sets)
                table.append(self._with_entries(table[base], entries))
        return CodeSignatures.of(which, tuple(table))

    def _with_entries(self, common: Signature, entries: int) -> Signature:
        key = (common.ident, self.party_list, entries)
        found = _WITH_ENTRIES.get(key)
        if found is None:
            if len(_WITH_ENTRIES) > 100_000:
                _WITH_ENTRIES.clear()
            found = _WITH_ENTRIES[key] = _with_entries(common, self.entry_sets[entries])
        return found


# A code standing for each profile seen, for the whole process: the signatures of a profile
# are worked out once, whichever group meets it first (`_common` keys them by code).
_REPRESENTATIVES: dict[tuple[int, ...], str] = {}
_WITH_ENTRIES: dict[tuple[int, str | None, int], Signature] = {}


def _with_tables(code: str, on: dt.date, party_list: str | None, era: int) -> Signature:
    if _is_named(code):
        common = _common(code, bisect.bisect_right(_code_breaks(code), on), on)
    else:  # only the calculator's own dates matter to a code no list names
        common = _empty(len(code) >= 8, len(code) == 10, era, on)
    entries = _entries(party_list, code) if party_list and len(code) >= 8 else ()
    listed = _table_entries(code, on)
    # the partner entries stay the 7th part of the key (Group.entry_dates), even if none
    sig = _with_entries(common, entries) if entries or listed else common
    return _with_entries(sig, ("tables", listed)) if listed else sig


def _table_entries(code: str, on: dt.date) -> tuple[tuple[str, str], ...]:
    """(heading, rate) of the China Section 301 list entries covering the code on the date:
    all the layer reads of a line for its rates and reasons."""
    return tuple((e.ch99_heading, e.rate) for e in s301_china(code, on) if e.kind == "list")


@lru_cache(maxsize=16)
def _plan(codes: tuple[str, ...], party_list: str | None) -> _Plan:
    return _Plan(codes, party_list)


@lru_cache(maxsize=100_000)
def _with_entries(common: Signature, entries: tuple[Any, ...]) -> Signature:
    return Signature((*_parts(common.key), entries), common.listed)


def _parts(key: Hashable) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _common(code: str, epoch: int, on: dt.date) -> Signature:
    # (code, epoch) keys the memo, not the date: every date of an epoch of the code reads the
    # same lists, so `on` (the first date seen in it) stands for all of them.
    key = (code, epoch)
    found = _COMMON.get(key)
    if found is None:
        if len(_COMMON) > 100_000:
            _COMMON.clear()
        found = _COMMON[key] = _signature(code, on)
    return found


_COMMON: dict[tuple[str, int], Signature] = {}


@lru_cache(maxsize=400_000)
def _is_named(code: str) -> bool:
    named = _named()
    return any(code[:n] in named for n in _named_lengths() if n <= len(code))


@lru_cache(maxsize=1)
def _named_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(p) for p in _named() if len(p) >= 2}))


def _entries(party_list: str, code: str) -> tuple[Any, ...]:
    """The partner's MFN-only entries for the code (8 digits or more), without their code
    (the layers read their category, heading and dates)."""
    return _party_entries(party_list).get(code[:8], ())


@lru_cache(maxsize=16)
def _party_entries(party_list: str) -> Mapping[str, tuple[Any, ...]]:
    """The partner's MFN-only entries by HTS8, as `mfn_only_entries` reads them."""
    try:
        key = normalise_partner(party_list)
    except TradetermsError:
        return {}
    return partner_lines(key)


@lru_cache(maxsize=16)
def _party_lines(party_list: str) -> tuple[PrefixTable, np.ndarray, tuple[tuple[Any, ...], ...]]:
    """The HTS8 lines of the partner's entries, the number of each line's set of entries,
    and the distinct sets (a few: the entries are kept without their code)."""
    import numpy as np

    from tradeterms._code_numbers import PrefixTable

    table = _party_entries(party_list)
    # equal entries are one object (`partner_lines`): a set is known by their identities,
    # without hashing their fields
    number: dict[tuple[int, ...], int] = {}
    sets: list[tuple[Any, ...]] = []
    set_of = []
    for entries in table.values():
        k = number.setdefault(tuple(map(id, entries)), len(number))
        if k == len(sets):
            sets.append(entries)
        set_of.append(k)
    return PrefixTable(list(table)), np.array(set_of, dtype=np.int64), tuple(sets)


@lru_cache(maxsize=1)
def _named() -> frozenset[str]:
    """Every code or prefix a list the layers read for all origins writes (any date)."""
    from tradeterms._product_lists import _metals_2026, _s122

    named: set[str] = {s.hts_prefix for s in s232_scopes()}
    named.update(_metals_2026())
    named.update(p for screen in rules().screens for p in screen.prefixes)
    for code in _annex_ii():
        named.update((code, code[:8]))
    named.update(_s122())
    named.update(_fl301())
    return frozenset(named)


def _empty(eight: bool, ten: bool, era: int, on: dt.date) -> Signature:
    # Any code of that length no list names: its signature is the same as this one's, on
    # every date of the era (`on` is the first seen; the era, not the date, keys the memo).
    key = (eight, ten, era)
    found = _EMPTY.get(key)
    if found is None:
        found = _EMPTY[key] = _signature("0" * (10 if ten else 8 if eight else 6), on)
    return found


_EMPTY: dict[tuple[bool, bool, int], Signature] = {}


@lru_cache(maxsize=1)
def _rule_dates() -> tuple[dt.date, ...]:
    return tuple(sorted(rules().dates.values()))


def _signature(code: str, on: dt.date) -> Signature:
    try:
        hits = s232_hits(code, on)
        annex = annex_ii_exempt(code, on) if len(code) == 10 else annex_ii_line(code, on)[0]
        s122 = _s122_line(code) if len(code) >= 8 else None
        key = (
            tuple(_unworded(h) for h in hits),
            _screens(code),
            annex,
            None if s122 is None else s122[0],
            fl301_exempt(code, on) if len(code) >= 8 else None,
            len(code) >= 8,
        )
    except TradetermsError:
        return Signature(("own", code))  # the engine raises the same error on the code
    return Signature(key, tuple(h.listed_as for h in hits))


def _unworded(hit: Any) -> tuple[Any, ...]:
    """A Section 232 hit without its words (`listed_as`): what the layers read of it."""
    return (hit.topic, hit.program, hit.exclude, hit.content_based, hit.tier)


@lru_cache(maxsize=400_000)
def _screens(code: str) -> tuple[Any, ...]:
    # the screens do not depend on the date: read once per code, not once per epoch
    return tuple(screens_for(code))


@lru_cache(maxsize=400_000)
def _s122_line(code: str) -> tuple[str, int] | None:
    return s122_exempt_line(code)  # not dated either


def party_list(party: str) -> str | None:
    try:
        return normalise_partner(party)
    except ValueError:
        return None


def reworded(found: CaseAnswer, listed: tuple[str, ...]) -> CaseAnswer:
    """The answer in the words of the line's own list entries."""
    if found.listed == listed or not found.unsettled:
        return found
    reasons = []
    for reason in found.unsettled:
        for old, new in zip(found.listed, listed, strict=True):
            reason = reason.replace(old, new)
        reasons.append(reason)
    return dataclasses.replace(found, unsettled=tuple(reasons), listed=listed)
