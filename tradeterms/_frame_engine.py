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
import datetime as dt
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from tradeterms._duty_claims import Context, tariff_of
from tradeterms._duty_layers import _s301_start, other_measures, reciprocal, section_232
from tradeterms._duty_origin import Origin
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
)
from tradeterms.catalog import Catalog
from tradeterms.errors import TradetermsError
from tradeterms.state import TermState

__all__ = ["LAYERS", "CaseAnswer", "Group", "answer", "epoch", "signature"]

# The layer columns of a batch answer, in the order of the calculation (docs/duty.md).
LAYERS: tuple[str, ...] = (
    "mfn",
    "section_232",
    "reciprocal",
    "section_122",
    "section_301",
    "other",
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


@dataclass(frozen=True)
class Group:
    """One (origin, date, known_on) group: its states and the key its answers are kept under."""

    catalog: Catalog
    origin: Origin
    on: dt.date
    known_on: dt.date | None
    states: list[TermState]
    party_list: str | None  # the partner's MFN-only list key (eu, japan...), if any

    @property
    def key(self) -> Hashable:
        """What the answer of a case depends on besides its signature and MFN rate."""
        return (
            self.origin.code,
            epoch(self.on),
            None if self.known_on is None else epoch(self.known_on),
            _fingerprint(self.states, self.known_on),
            self._after_dates(),
        )

    def _after_dates(self) -> tuple[bool, ...]:
        ctx = Context(self.catalog, self.origin, "", self.on, self.known_on, self.states, None)
        start = _s301_start(ctx)
        return (start is not None and self.on >= start,)


def _fingerprint(states: list[TermState], known_on: dt.date | None) -> Hashable:
    """The claims each state counts (and whether their conditions are known to be met)."""
    out = []
    for state in states:
        views = []
        for view in state.counted:
            value = tariff_of(view.claim.value)
            condition = value.condition if value is not None else None
            met = None
            if condition is not None:
                when = condition.met_on
                met = when is not None and (known_on is None or when <= known_on)
            views.append((id(view.claim), view.origin, met))
        out.append((state.term.id, tuple(views)))
    return tuple(out)


@lru_cache(maxsize=1)
def _breakpoints() -> tuple[dt.date, ...]:
    """Every date on which a product list entry or a calculator date starts or ends."""
    days: set[dt.date] = set(rules().dates.values())
    days.update(s.effective_date for s in s232_scopes() if s.effective_date)
    for entry in _annex_ii().values():
        days.update(d for d in (entry.start, _after(entry.end)) if d)
    for start, end in _fl301().values():
        days.update(d for d in (start, _after(end)) if d)
    for entries in _deal_index().values():
        days.update(e.effective_date for e in entries)
    return tuple(sorted(days))


def _after(day: dt.date | None) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=1)


def epoch(day: dt.date) -> int:
    """The number of list dates on or before `day`: equal epochs read the same lists."""
    return bisect.bisect_right(_breakpoints(), day)


def signature(code: str, on: dt.date, party_list: str | None) -> Hashable:
    """What the layers read about `code` (digits) from the product lists on `on`."""
    try:
        return _signature(code, epoch(on), on, party_list)
    except TradetermsError:
        return ("own", code)  # the engine raises the same error on the code itself


@lru_cache(maxsize=200_000)
def _signature(code: str, _epoch: int, on: dt.date, party_list: str | None) -> Hashable:
    # `_epoch` keys the cache: every date of an epoch reads the same lists, so `on` (the
    # first date seen in it) stands for all of them.
    annex = annex_ii_exempt(code, on) if len(code) == 10 else annex_ii_line(code, on)[0]
    return (
        tuple(s232_hits(code, on)),
        tuple(screens_for(code)),
        annex,
        s122_exempt_line(code) if len(code) >= 8 else None,
        fl301_exempt(code, on) if len(code) >= 8 else None,
        mfn_only_entries(party_list, code) if party_list and len(code) >= 8 else (),
        len(code) >= 8,
    )


def party_list(party: str) -> str | None:
    try:
        return normalise_partner(party)
    except ValueError:
        return None


_ANSWERS: weakref.WeakKeyDictionary[Catalog, dict[Hashable, CaseAnswer]] = (
    weakref.WeakKeyDictionary()
)


def answer(
    group: Group, group_key: Hashable, code: str, sig: Hashable, mfn: Decimal | None
) -> CaseAnswer:
    """The layers for a line of `group` with this signature and MFN rate (`code` stands in)."""
    memo = _ANSWERS.setdefault(group.catalog, {})
    key = (group_key, sig, mfn)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _run(group, code, mfn)
    return found


def _run(group: Group, code: str, rate: Decimal | None) -> CaseAnswer:
    ledger = Ledger()
    ctx = Context(group.catalog, group.origin, code, group.on, group.known_on, group.states, rate)
    try:
        s232 = section_232(ctx, ledger)
        reciprocal(ctx, ledger, s232)
        other_measures(ctx, ledger, s232)
    except TradetermsError as exc:
        return CaseAnswer((), (), None, "", str(exc))
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
    return CaseAnswer(
        tuple((a, b, c) for a, b, c in layers.values()), unsettled, ledger.metal_open, cap
    )
