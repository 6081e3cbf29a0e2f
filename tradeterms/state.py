"""The state of a term on a date, worked out from its claims.

Two dates: `as_of` (the day the state applies to) and `known_on` (only sources public by
then count). A claim in force counts from its `effective` date — even when that is before
the claim was made (retroactive acts) — until its `until` date or an event that ends its
legal basis. Other claims count from the day they were made.

A state has two sides. **Applied**: what the law charges (claims in force). **Agreed**: what
the parties have committed to, by their current words. Time decides first: a later claim
replaces the earlier claims of the same parties on the same side (a joint text replaces
what each of its parties said before it), unless it is marked `adds_to`; firmness and the
kind of source decide only between claims of the same time. The parties' current positions
disagreeing is a dispute; the applied and the agreed value differing is not. Positions that
agree on the figures still disagree when both state a bound ("at least" and "up to",
different snap-back rates) or a timing (not that of an act in force) and these differ;
silence on either is never a disagreement. A party's later reading of a joint text
(`reading_of`) is its position, but never replaces the text as what was agreed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from tradeterms.models import (
    Application,
    Claim,
    Event,
    PartnerTariffValue,
    PledgeValue,
    QuotaValue,
    ShareValue,
    Source,
    SourceKind,
    Strength,
    TariffValue,
    Term,
    TextValue,
    Value,
)
from tradeterms.units import Percent

__all__ = [
    "ClaimView",
    "Standing",
    "TermState",
    "bounds",
    "decide",
    "gist",
    "has_figure",
    "resolve",
    "standing",
    "takes_a_stance",
    "timing",
]

_FIRMNESS = {strength: len(Strength) - i for i, strength in enumerate(Strength)}
_PROPOSALS = (Strength.exploring, Strength.under_discussion)  # figures not yet anyone's position


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with the source it cites and where it comes from (a deal term or a measure)."""

    claim: Claim
    source: Source
    origin: str  # "deal" or the id of the global measure
    # the deal's own claim, or a measure that names the origins it reaches: not a rule for
    # all origins, which yields to it
    specific: bool = True
    # Worked out once from the claim and its source, which never change: every state of the
    # term on every date reads them.
    said: dt.date = field(init=False, repr=False, compare=False)  # the day it was said
    in_force: bool = field(init=False, repr=False, compare=False)
    starts: dt.date = field(init=False, repr=False, compare=False)  # the day it counts from
    _rank: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        said = self.claim.date or self.source.date
        in_force = self.claim.strength is Strength.in_force
        effective = self.claim.value.effective
        starts = effective if in_force and effective else said
        object.__setattr__(self, "said", said)
        object.__setattr__(self, "in_force", in_force)
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "_rank", self._ranking(said, in_force, starts))

    @property
    def ends(self) -> dt.date | None:
        return self.claim.value.until

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted(self.claim.by))

    @property
    def own(self) -> bool:
        """The deal's own claim, not a measure stated for many origins."""
        return self.origin == "deal"

    def rank(self) -> tuple[int, ...]:
        """Claims in force first. Between acts in force: the most authoritative source, then
        a specific act (the deal's own, or a measure naming its origins) before a measure for
        all origins (a proclamation that sets 25% for everyone and caps Japan at 15% is read
        as 15% for Japan, even after a later change to the general rate), then the latest,
        then the deal's own. Between words: the latest, then the firmest, then the most
        authoritative."""
        return self._rank

    def _ranking(self, said: dt.date, in_force: bool, starts: dt.date) -> tuple[int, ...]:
        firmness = _FIRMNESS[self.claim.strength]
        kind, day = self.source.kind.rank, said.toordinal()
        if in_force:
            return (1, kind, int(self.specific), starts.toordinal(), day, int(self.own))
        return (0, day, firmness, kind, int(self.own), 0)

    @property
    def act(self) -> bool:
        """A claim in force from the law itself or its issuer's own statement of it: the word
        of the party whose law it is (a law firm's or a newspaper's reading is not)."""
        return self.in_force and self.source.kind in (SourceKind.legal, SourceKind.official)

    def supersedes(self, earlier: ClaimView) -> bool:
        """A later claim of the same record, by the same parties or more, on the same side; or
        a party's later act replacing its earlier words. A secondary account of the law does
        not replace the law itself, nor does a claim marked `adds_to` replace anything."""
        if self.claim.adds_to or self.origin != earlier.origin:
            return False
        if not set(earlier.claim.by) <= set(self.claim.by):
            return False
        if self.in_force and earlier.in_force:
            return (
                self.source.kind.rank >= earlier.source.kind.rank and self.starts > earlier.starts
            )
        if self.in_force:
            return self.act and self.said > earlier.said
        return not earlier.in_force and self.said > earlier.said


Superseded = tuple[ClaimView, ClaimView]  # (the claim, the later claim that replaced it)


@dataclass(frozen=True)
class TermState:
    """What a term says on a date, with the claims that decide it."""

    term: Term
    as_of: dt.date
    known_on: dt.date | None
    current: ClaimView | None = None  # the claim that decides the state: applied, else agreed
    conflict: tuple[ClaimView, ...] = ()  # the parties' disagreeing positions, if any
    counted: tuple[ClaimView, ...] = ()  # every claim that counts, strongest first
    ended: tuple[tuple[ClaimView, Event | None], ...] = ()  # claims ended by `until` or an event
    pending: tuple[ClaimView, ...] = field(default=())  # in force later than as_of
    applied: ClaimView | None = None  # what the law charges on the date
    agreed: ClaimView | None = None  # the parties' strongest current words
    additions: tuple[ClaimView, ...] = ()  # claims marked `adds_to` that count beside them
    superseded: tuple[Superseded, ...] = ()  # claims a later one replaced, with that claim
    unconfirmed_figures: tuple[ClaimView, ...] = ()  # figures the other party never gave
    # the parties whose current positions say what the agreed claim says, when it takes a
    # stance (two statements of one deal, each in its own words, agree)
    agreeing: tuple[ClaimView, ...] = ()

    @property
    def value(self) -> Value | None:
        return self.current.claim.value if self.current else None

    @property
    def disputed(self) -> bool:
        return bool(self.conflict)

    @property
    def silent(self) -> bool:
        return self.current is None

    @property
    def readings(self) -> tuple[ClaimView, ...]:
        """Later readings of the deciding text by one party, where they read it otherwise."""
        if self.current is None:
            return ()
        text, said = self.current.source.id, gist(self.current.claim.value)
        return tuple(
            v for v in self.counted if v.claim.reading_of == text and gist(v.claim.value) != said
        )

    @property
    def timing_disputed(self) -> bool:
        """The positions agree on the amount but not on when or for how long."""
        values = [v.claim.value for v in self.conflict]
        return len({gist(v) for v in values}) == 1 and len({timing(v) for v in values}) > 1

    @property
    def agreed_differs(self) -> bool:
        """An agreed value beside the applied one that says something else: a different
        figure or stance, or newer words the law does not (yet) reflect."""
        applied, agreed = self.applied, self.agreed
        if applied is None or agreed is None:
            return False
        if not takes_a_stance(agreed.claim.value, agreed.claim.strength):
            return agreed.said > applied.starts
        return not _same(agreed.claim.value, applied.claim.value)


def _same(agreed: Value, applied: Value) -> bool:
    """Agreed words the applied value matches; "unchanged" keeps whatever is charged."""
    match agreed, applied:
        case TariffValue(applies=Application.unchanged), TariffValue():
            rates = (agreed.rate, applied.rate)
            return None in rates or _num(agreed.rate) == _num(applied.rate)
    return gist(agreed) == gist(applied)


def gist(value: Value) -> tuple[object, ...]:
    """What two claims must share to agree: kind and numbers, not notes or dates."""
    match value:
        case TariffValue():
            # "not exceed 15%" (cap) and "15% including MFN" (all-in) state the same ceiling;
            # they part only where MFN alone is higher, which the stacking itself records.
            applies = Application.all_in if value.applies is Application.cap else value.applies
            return ("tariff", applies, _num(value.rate), str(value.specific or ""))
        case QuotaValue():
            return ("quota", _volume(value), _num(value.in_quota_rate))
        case PledgeValue():
            amount = (value.amount.currency, value.amount.amount) if value.amount else None
            return ("pledge", value.pledge, amount, str(value.count or ""))
        case PartnerTariffValue():
            return ("partner_tariff", _num(value.before), _num(value.after), value.average)
        case ShareValue():
            return ("share", _num(value.share), value.of, value.treatment)
        case TextValue():
            return ("text", value.position)
        case _:
            assert_never(value)


def _volume(value: QuotaValue) -> object:
    if value.volume is not None:
        return (value.volume.value, value.volume.unit)
    if value.volume_relative is not None:
        return (value.volume_relative.times.number, value.volume_relative.of)
    return "pending"


def bounds(value: Value) -> tuple[object, ...]:
    """The bound a figure is stated with, if any: "at least" or "up to" USD 250bn are
    different pledges; a truce that snaps back to 34% differs from one back to 25%."""
    match value:
        case PledgeValue() if value.qualifier:
            return (value.qualifier,)
        case TariffValue() if value.snap_back:
            return (_num(value.snap_back),)
        case _:
            return ()


def timing(value: Value) -> tuple[object, ...]:
    """When a value starts to count and how long it lasts, as far as its words say (empty
    when they say nothing): two positions that agree on the gist but state different
    timings are a timing dispute."""
    match value:
        case PledgeValue():
            stated: tuple[object, ...] = (value.starts, value.by, value.over)
        case TariffValue() | QuotaValue():
            stated = (value.until, value.lasts)
        case PartnerTariffValue() | ShareValue() | TextValue():
            stated = (value.until,)
        case _:
            assert_never(value)
    return stated if any(stated) else ()


def has_figure(value: Value) -> bool:
    """A rate, a volume or an amount: something the other party can confirm or not."""
    match value:
        case TariffValue():
            return value.applies is not Application.unspecified or value.rate is not None
        case QuotaValue() | PartnerTariffValue() | ShareValue():
            return True
        case PledgeValue():
            return value.quantified
        case TextValue():
            return False
        case _:
            assert_never(value)


def takes_a_stance(value: Value, strength: Strength = Strength.committed) -> bool:
    """Whether a claim can confirm or contradict another: a dispute needs two that do.
    A figure still being explored or discussed is a proposal, not yet a position."""
    match value:
        case TariffValue() | QuotaValue() | PartnerTariffValue() | ShareValue():
            return strength not in _PROPOSALS
        case PledgeValue():
            # A pledge without a figure neither confirms nor contradicts one with a figure.
            return value.quantified and strength not in _PROPOSALS
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


@dataclass(frozen=True)
class Standing:
    """Where each known claim stands on a date: counting, ended (with the event that ended
    it, if any) or pending. A term's state depends on the date only through this."""

    live: tuple[ClaimView, ...]
    ended: tuple[tuple[ClaimView, Event | None], ...]
    pending: tuple[ClaimView, ...]

    @property
    def key(self) -> tuple[object, ...]:
        """Equal for two dates on which the same claims stand the same way."""
        ended = tuple((id(v), id(e)) for v, e in self.ended)
        return tuple(map(id, self.live)), ended, tuple(map(id, self.pending))


def standing(
    views: list[ClaimView],
    events: list[tuple[Event, Source]],
    as_of: dt.date,
    known_on: dt.date | None = None,
) -> Standing:
    live, ended, pending = [], [], []
    for view in views:
        if known_on is not None and view.source.public_on > known_on:
            continue
        if view.starts > as_of:
            if view.said <= as_of:
                pending.append(view)
            continue
        event = _ending_event(view, events, as_of, known_on)
        if event or (view.ends and view.ends < as_of):
            ended.append((view, event))
            continue
        live.append(view)
    return Standing(tuple(live), tuple(ended), tuple(pending))


def resolve(
    term: Term,
    views: list[ClaimView],
    events: list[tuple[Event, Source]],
    as_of: dt.date,
    known_on: dt.date | None = None,
) -> TermState:
    return decide(term, standing(views, events, as_of, known_on), as_of, known_on)


def decide(
    term: Term, claims: Standing, as_of: dt.date, known_on: dt.date | None = None
) -> TermState:
    """The term's state on `as_of` from where its claims stand that day."""
    live, ended = list(claims.live), claims.ended
    superseded = _superseded(live, [v for v, _ in ended if not v.in_force])
    replaced = {id(v) for v, _ in superseded}
    counted = sorted((v for v in live if id(v) not in replaced), key=ClaimView.rank, reverse=True)
    applied = _first(v for v in counted if v.in_force)
    words = [v for v in counted if v.own and not v.in_force]
    # a party's later reading of a joint text is its position, not what was agreed
    agreed = _agreed(v for v in words if v.claim.reading_of is None) or _agreed(words)
    positions = _positions(counted)
    agreeing = _agreeing(agreed, positions) if agreed is not None else ()
    return TermState(
        term,
        as_of,
        known_on,
        current=applied or agreed or (counted[0] if counted else None),
        conflict=_conflict(positions),
        counted=tuple(counted),
        ended=ended,
        pending=claims.pending,
        applied=applied,
        agreed=agreed,
        additions=tuple(v for v in counted if v.claim.adds_to and v not in (applied, agreed)),
        superseded=superseded,
        unconfirmed_figures=_unconfirmed_figures(counted),
        agreeing=agreeing,
    )


def _first(views: Iterable[ClaimView]) -> ClaimView | None:
    """The strongest claim that does not only add to another (else the strongest addition)."""
    found = list(views)
    return next((v for v in found if not v.claim.adds_to), found[0] if found else None)


def _agreed(words: Iterable[ClaimView]) -> ClaimView | None:
    """The latest words with a figure (a rate, a volume, an amount), else the latest words:
    one party's words without a figure do not hide the other party's figure."""
    found = list(words)
    return _first(v for v in found if has_figure(v.claim.value)) or _first(found)


def _superseded(live: list[ClaimView], ended_words: list[ClaimView]) -> tuple[Superseded, ...]:
    """Each live claim a later one replaced, with the earliest (and of those the strongest)
    claim that replaced it.

    Words stay replaced when the words that replaced them end (an agreed rate whose legal
    basis fell does not bring back what a party said before it); an act that lapses does
    not keep an earlier act replaced, which is how the data records a snapback."""
    found = []
    for view in live:
        later = [v for v in (*live, *ended_words) if v.supersedes(view)]
        if later:
            strongest_first = sorted(later, key=ClaimView.rank, reverse=True)
            found.append((view, min(strongest_first, key=lambda v: v.starts)))
    return tuple(found)


def _positions(counted: list[ClaimView]) -> dict[str, ClaimView]:
    """Each party's position: its latest claim on the term, words or an act it issued (a
    joint text speaks for each of its parties). Measures for all origins and additions are
    not positions."""
    own = [v for v in counted if v.own and not v.claim.adds_to and (v.act or not v.in_force)]
    own.sort(key=lambda v: (v.said, v.claim.strength.binding, v.rank()), reverse=True)
    positions: dict[str, ClaimView] = {}
    for view in own:
        for party in view.claim.by:
            positions.setdefault(party, view)
    return positions


def _agreeing(agreed: ClaimView, positions: dict[str, ClaimView]) -> tuple[ClaimView, ...]:
    if not takes_a_stance(agreed.claim.value, agreed.claim.strength):
        return ()
    same = {id(v): v for v in positions.values() if gist(v.claim.value) == gist(agreed.claim.value)}
    return tuple(sorted(same.values(), key=lambda v: v.said))


def _conflict(positions: dict[str, ClaimView]) -> tuple[ClaimView, ...]:
    """The positions, when two that take a stance disagree; never a party against itself."""
    views = list({id(v): v for v in positions.values()}.values())
    stances: dict[tuple[object, ...], ClaimView] = {}
    for view in views:  # the latest view of each stance speaks for it
        if takes_a_stance(view.claim.value, view.claim.strength):
            stances.setdefault(gist(view.claim.value), view)
    if len(stances) < 2:
        stances = _stated_differences(views)
    if len(stances) < 2:
        return ()
    return tuple(sorted(stances.values(), key=lambda v: (v.parties != ("US",), v.parties)))


def _stated_differences(views: list[ClaimView]) -> dict[tuple[object, ...], ClaimView]:
    """Positions with the same figures that both state a bound or a timing, and differ on it.
    Silence is not disagreement; the dates of an act in force are facts, not a position."""
    stance = [v for v in views if takes_a_stance(v.claim.value, v.claim.strength)]
    words = [v for v in stance if not v.in_force]
    for aspect, pool in ((bounds, stance), (timing, words)):
        stated: dict[tuple[object, ...], ClaimView] = {}
        for view in pool:
            if aspect(view.claim.value):
                stated.setdefault(aspect(view.claim.value), view)
        if len(stated) >= 2:
            return stated
    return {}


def _unconfirmed_figures(counted: list[ClaimView]) -> tuple[ClaimView, ...]:
    """Figures one party gives where another party spoke on the term without any figure:
    its words do not confirm the number (whether they contradict it is a dispute)."""
    words = [v for v in counted if v.own and not v.in_force]
    spoke = {p for v in words for p in v.claim.by}
    with_figure = {p for v in words if has_figure(v.claim.value) for p in v.claim.by}
    silent_on_figure = spoke - with_figure
    if not silent_on_figure:
        return ()
    return tuple(
        v for v in words if has_figure(v.claim.value) and not set(v.claim.by) & silent_on_figure
    )
