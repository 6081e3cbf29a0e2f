"""The state of a term on a date, worked out from its claims.

Two dates: `as_of` (the day the state applies to) and `known_on` (only sources public by
then count). A claim in force counts from its `effective` date — even when that is before
the claim was made (retroactive acts) — until its `until` date or an event that ends its
legal basis. Other claims count from the day they were made. Among the claims that count,
claims in force outrank words about the future, then the most authoritative kind of source
wins, then the most recent. When the parties' positions (each one's latest claim at the
highest level it reached) disagree, the term is disputed, even where a measure decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from tradeterms.models import (
    Application,
    Claim,
    Event,
    PledgeValue,
    QuotaValue,
    Source,
    Strength,
    TariffValue,
    Term,
    TextValue,
    Value,
)
from tradeterms.units import Percent

__all__ = ["ClaimView", "TermState", "resolve"]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with the source it cites and where it comes from (a deal term or a measure)."""

    claim: Claim
    source: Source
    origin: str  # "deal" or the id of the global measure

    @property
    def said(self) -> dt.date:
        return self.claim.date or self.source.date

    @property
    def starts(self) -> dt.date:
        effective = self.claim.value.effective
        if self.claim.strength is Strength.in_force and effective:
            return effective
        return self.said

    @property
    def ends(self) -> dt.date | None:
        return self.claim.value.until

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted(self.claim.by))

    def level(self) -> tuple[bool, int]:
        """Claims in force outrank words about the future; then the kind of source counts."""
        return (self.claim.strength is Strength.in_force, self.source.kind.rank)

    def rank(self) -> tuple[bool, int, dt.date, dt.date, bool]:
        # On a tie, the deal's own term beats a measure for all origins: a proclamation that
        # sets 100% for everyone and 15% for Japan is read as 15% for Japan.
        return (*self.level(), self.starts, self.said, self.origin == "deal")


@dataclass(frozen=True)
class TermState:
    """What a term says on a date, with the claims that decide it."""

    term: Term
    as_of: dt.date
    known_on: dt.date | None
    current: ClaimView | None = None  # the claim that decides the state
    conflict: tuple[ClaimView, ...] = ()  # the parties' disagreeing claims, if any
    counted: tuple[ClaimView, ...] = ()  # every claim that counts, strongest first
    ended: tuple[tuple[ClaimView, Event | None], ...] = ()  # claims ended by `until` or an event
    pending: tuple[ClaimView, ...] = field(default=())  # in force later than as_of

    @property
    def value(self) -> Value | None:
        return self.current.claim.value if self.current else None

    @property
    def disputed(self) -> bool:
        return bool(self.conflict)

    @property
    def silent(self) -> bool:
        return self.current is None


def gist(value: Value) -> tuple[object, ...]:
    """What two claims must share to agree: kind and numbers, not notes or dates."""
    match value:
        case TariffValue():
            # "not exceed 15%" (cap) and "15% including MFN" (all-in) state the same ceiling;
            # they part only where MFN alone is higher, which the stacking itself records.
            applies = Application.all_in if value.applies is Application.cap else value.applies
            return ("tariff", applies, _num(value.rate), str(value.specific or ""))
        case QuotaValue():
            return ("quota", value.volume.value, value.volume.unit, _num(value.in_quota_rate))
        case PledgeValue():
            amount = (value.amount.currency, value.amount.amount) if value.amount else None
            return ("pledge", value.pledge, amount, str(value.count or ""))
        case TextValue():
            return ("text", value.position)
        case _:
            assert_never(value)


def takes_a_stance(value: Value) -> bool:
    """Whether the value can confirm or contradict another: a dispute needs two that do."""
    match value:
        case TariffValue() | QuotaValue():
            return True
        case PledgeValue():
            # A pledge without a figure neither confirms nor contradicts one with a figure.
            return value.quantified
        case TextValue():
            # Two readouts in words always differ in wording: only words with a `position` count.
            return value.position is not None
        case _:
            assert_never(value)


def _num(rate: Percent | None) -> Decimal | None:
    return rate.fraction if rate is not None else None


def _ending_event(
    view: ClaimView, events: list[tuple[Event, Source]], as_of: dt.date, known_on: dt.date | None
) -> Event | None:
    basis = view.claim.value.basis
    for event, source in events:
        voids = basis in event.ends_basis and view.starts < event.effective <= as_of
        if voids and (known_on is None or source.public_on <= known_on):
            return event
    return None


def resolve(
    term: Term,
    views: list[ClaimView],
    events: list[tuple[Event, Source]],
    as_of: dt.date,
    known_on: dt.date | None = None,
) -> TermState:
    known = [v for v in views if known_on is None or v.source.public_on <= known_on]
    counted, ended, pending = [], [], []
    for view in known:
        if view.starts > as_of:
            if view.said <= as_of:
                pending.append(view)
            continue
        event = _ending_event(view, events, as_of, known_on)
        if event or (view.ends and view.ends < as_of):
            ended.append((view, event))
            continue
        counted.append(view)
    counted.sort(key=ClaimView.rank, reverse=True)
    current = counted[0] if counted else None
    return TermState(
        term,
        as_of,
        known_on,
        current,
        _conflict(counted),
        tuple(counted),
        tuple(ended),
        tuple(pending),
    )


def _conflict(counted: list[ClaimView]) -> tuple[ClaimView, ...]:
    """Each party's position, when the positions disagree.

    A party's position is its latest claim at the highest level it has reached; a joint
    claim speaks for each of its parties. Measures for all origins are not positions.
    `counted` comes strongest first, so each party's first claim is its position.
    """
    own = [v for v in counted if v.origin == "deal" and takes_a_stance(v.claim.value)]
    positions: dict[str, ClaimView] = {}
    for view in own:
        for party in view.claim.by:
            positions.setdefault(party, view)
    views = list({id(v): v for v in positions.values()}.values())
    if len({gist(v.claim.value) for v in views}) < 2:
        return ()
    return tuple(views)
