"""The scalar duty layers, run once per distinct case instead of once per line.

A line's layers above MFN depend on its HTS code only through what the product lists say
about it (its *signature*: the Section 232 hits, screens, Annex II, the Section 122 and
Annex A exemptions, the partner's MFN-only entries), and on its MFN rate. Lines of one
(origin, date, known_on) group with the same signature and MFN rate get the same layers, so
the layers of `_duty_layers` run once per such case, on a representative code, and the
answer is joined back to every line. Runs are kept across groups: two dates between which
no term state and no list entry changes give the same answer for the same case.

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
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tradeterms._duty_claims import Context, tariff_of
from tradeterms._duty_layers import _s301_start, other_measures, reciprocal, section_232
from tradeterms._duty_origin import Origin
from tradeterms._duty_origin_layers import origin_layers
from tradeterms._duty_rules import rules
from tradeterms._duty_scope import s232_hits, screens_for
from tradeterms._duty_steps import Ledger
from tradeterms._product_lists import (
    _annex_ii,
    _deal_index,
    _fl301,
    annex_ii_exempt,
    annex_ii_line,
    fl301_exempt,
    mfn_only_entries,
    normalise_partner,
    s122_exempt_line,
    s232_scopes,
    s301_china,
)
from tradeterms.catalog import Catalog
from tradeterms.errors import TradetermsError
from tradeterms.state import ClaimView, TermState

__all__ = [
    "LAYERS",
    "CaseAnswer",
    "Group",
    "Signature",
    "answer",
    "era",
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
_DEAL_CAPS = ("all_in", "cap")


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
    """One (origin, date, known_on) group: its states and the key its answers are kept under."""

    catalog: Catalog
    origin: Origin
    on: dt.date
    known_on: dt.date | None
    states: list[TermState]
    party_list: str | None  # the partner's MFN-only list key (eu, japan...), if any
    views: dict[tuple[str, tuple[str, ...]], list[ClaimView]] = dataclasses.field(
        default_factory=dict
    )  # the claims on each topic, worked out once for the group's runs

    @property
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
    """The dates on which a list entry covering `code` starts or ends, and the calculator's
    dates: between two of them the lists say the same about the code."""
    from tradeterms._product_lists import _annex_ii_by_line, _s232_by_prefix

    days: set[dt.date] = set(rules().dates.values())
    scopes = _s232_by_prefix()
    for n in range(4, len(code) + 1):
        days.update(s.effective_date for s in scopes.get(code[:n], ()) if s.effective_date)
    for entry in _annex_ii_by_line().get(code[:8], ()):
        days.update(d for d in (entry.start, _after(entry.end)) if d)
    start, end = _fl301().get(code[:8], (None, None))
    days.update(d for d in (start, _after(end)) if d)
    days.update(e.effective_date for e in _deal_entries().get(code[:8], ()))
    return tuple(sorted(days))


@lru_cache(maxsize=1)
def _deal_entries() -> dict[str, list[Any]]:
    by_line: dict[str, list[Any]] = {}
    for (_, hts8), entries in _deal_index().items():
        by_line.setdefault(hts8, []).extend(entries)
    return by_line


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
    found = memo.get(key)
    if found is None:
        from tradeterms._duty_origin import origin_states

        if len(memo) > 4096:
            memo.clear()
        found = memo[key] = origin_states(catalog, origin, on, known_on)
    return found


_STATES: weakref.WeakKeyDictionary[Catalog, dict[Hashable, list[TermState]]] = (
    weakref.WeakKeyDictionary()
)


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


def signatures(
    codes: list[str], on: dt.date, party_list: str | None, tables: bool = False
) -> list[Signature]:
    """The signature of each code (digits) on `on`; a code no list names at any of its digit
    levels gets the empty one without a lookup. `tables`: the origin pays a layer read from
    a product table (`Group.tables`), whose entries for the code join the signature."""
    era = bisect.bisect_right(_rule_dates(), on)
    if tables:
        return [_with_tables(code, on, party_list, era) for code in codes]
    lengths, special = _plan(tuple(codes), party_list)
    # only the calculator's own dates matter to a code no list names and no entry of the
    # partner's list covers: one signature per length of code
    empty = [_empty(length >= 8, length == 10, era, on) for length in (6, 8, 10)]
    out = [empty[k] for k in lengths]
    for k, code, named, entries in special:
        if named:
            common = _common(code, bisect.bisect_right(_code_breaks(code), on), on)
        else:
            common = empty[lengths[k]]
        out[k] = _with_entries(common, entries) if entries else common
    return out


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


_Special = tuple[int, str, bool, tuple[Any, ...]]


@lru_cache(maxsize=64)
def _plan(codes: tuple[str, ...], party_list: str | None) -> tuple[list[int], list[_Special]]:
    """What of `codes` does not depend on the date: each code's length class (0: 6 digits
    or fewer, 1: 8 or 9, 2: 10) and the codes a list names or the partner's entries cover,
    with those entries (a series over dates reads the same codes again and again)."""
    lengths = [2 if len(code) == 10 else 1 if len(code) >= 8 else 0 for code in codes]
    special: list[_Special] = []
    for k, code in enumerate(codes):
        entries = _entries(party_list, code) if party_list and len(code) >= 8 else ()
        named = _is_named(code)
        if named or entries:
            special.append((k, code, named, entries))
    return lengths, special


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
        if len(_COMMON) > 400_000:
            _COMMON.clear()
        found = _COMMON[key] = _signature(code, on)
    return found


_COMMON: dict[tuple[str, int], Signature] = {}


@lru_cache(maxsize=400_000)
def _is_named(code: str) -> bool:
    named = _named()
    return any(code[:n] in named for n in range(2, len(code) + 1))


@lru_cache(maxsize=400_000)
def _entries(party_list: str, code: str) -> tuple[Any, ...]:
    """The partner's MFN-only entries for the code, without their code (the layers read
    their category, heading and dates)."""
    try:
        entries = mfn_only_entries(party_list, code)
    except TradetermsError:
        return ()
    return tuple(dataclasses.replace(e, hts8="") for e in entries)


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
            tuple(dataclasses.replace(h, listed_as="") for h in hits),
            _screens(code),
            annex,
            None if s122 is None else s122[0],
            fl301_exempt(code, on) if len(code) >= 8 else None,
            len(code) >= 8,
        )
    except TradetermsError:
        return Signature(("own", code))  # the engine raises the same error on the code
    return Signature(key, tuple(h.listed_as for h in hits))


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


_ANSWERS: weakref.WeakKeyDictionary[Catalog, dict[Hashable, CaseAnswer]] = (
    weakref.WeakKeyDictionary()
)


def answer(
    group: Group,
    group_key: Hashable,
    code: str,
    sig: Signature,
    mfn: Decimal | None,
    extra: tuple[int, str | None] = (0, None),
) -> CaseAnswer:
    """The layers for a line of `group` with this signature and MFN rate (`code` stands in).

    A run in which the MFN rate was never subtracted from anything answers for every MFN
    rate: it is kept for the signature alone. `extra` is (the term scopes the code falls
    under, as numbered for the group, and the importer's quota status)."""
    memo = _ANSWERS.setdefault(group.catalog, {})
    group_key = (group_key, group.entry_dates(sig), extra)
    any_rate = (group_key, sig.key_ident, "any")
    found = memo.get(any_rate) if mfn is not None else None
    if found is None:
        key = (group_key, sig.key_ident, mfn)
        found = memo.get(key)
        if found is None:
            tracked = None if mfn is None else _Tracked(mfn)
            found = _run(group, code, tracked, sig.listed, extra[1])
            used = tracked is None or tracked.used
            memo[key if used else any_rate] = found
    return _reworded(found, sig.listed)


def _reworded(found: CaseAnswer, listed: tuple[str, ...]) -> CaseAnswer:
    """The answer in the words of the line's own list entries."""
    if found.listed == listed or not found.unsettled:
        return found
    reasons = []
    for reason in found.unsettled:
        for old, new in zip(found.listed, listed, strict=True):
            reason = reason.replace(old, new)
        reasons.append(reason)
    return dataclasses.replace(found, unsettled=tuple(reasons), listed=listed)


class _Tracked(Decimal):
    """An MFN rate that notes whether the layers subtracted it from a rate (the only way
    `_duty_claims.added_by` and the metals tiers use it)."""

    used = False

    def __rsub__(self, other: Any, context: Any = None) -> Decimal:
        self.used = True
        return Decimal(other) - Decimal(self)

    def __sub__(self, other: Any, context: Any = None) -> Decimal:
        self.used = True
        return Decimal(self) - Decimal(other)


class _BatchContext(Context):
    """A Context whose claims by topic are worked out once per group (the scalar engine
    sorts them again for every line)."""

    seen: dict[tuple[str, tuple[str, ...]], list[ClaimView]]  # views by topic, per group

    def views(self, topic: str, exclude: tuple[str, ...] = ()) -> list[ClaimView]:
        found = self.seen.get((topic, exclude))
        if found is None:
            found = self.seen[(topic, exclude)] = super().views(topic, exclude)
        return list(found)


def _context(group: Group, code: str, rate: Decimal | None, quota: str | None) -> Context:
    ctx = _BatchContext(
        group.catalog,
        group.origin,
        code,
        group.on,
        group.known_on,
        group.states,
        rate,
        None,
        quota,
    )
    ctx.seen = group.views
    return ctx


def _run(
    group: Group, code: str, rate: Decimal | None, listed: tuple[str, ...], quota: str | None
) -> CaseAnswer:
    ledger = Ledger()
    ctx = _context(group, code, rate, quota)
    try:
        s232 = section_232(ctx, ledger)
        reciprocal(ctx, ledger, s232)
        other_measures(ctx, ledger, s232)
        origin_layers(ctx, ledger)
    except TradetermsError as exc:
        return CaseAnswer((), (), None, "", str(exc), listed)
    layers = {name: [0.0, 0.0, 0.0] for name in LAYERS[1:]}
    cap = ""
    for step in ledger.steps:
        sums = layers[step.layer]
        if step.part == "value":
            sums[0] += float(step.added or 0)
        else:
            sums[1 if step.part == "metal" else 2] += float(step.part_rate or 0)
        if step.applies in _DEAL_CAPS and "/" in step.measure and step.added is not None:
            cap = cap or step.measure
    unsettled = tuple(u for u in ledger.unsettled if u != ledger.metal_open)
    rates = tuple((a, b, c) for a, b, c in layers.values())
    return CaseAnswer(rates, unsettled, ledger.metal_open, cap, None, listed)
