"""Reading term states for the duty calculator: the claims in force on a topic, and how a
tariff value adds to the MFN rate. The states themselves come from `Catalog.state`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, assert_never

from tradeterms._duty_origin import Origin
from tradeterms._duty_steps import Ledger, SourceRef
from tradeterms._duty_units import format_rate
from tradeterms.catalog import Catalog
from tradeterms.models import (
    Application,
    PartnerTariffValue,
    PledgeValue,
    QuotaValue,
    ShareValue,
    Strength,
    TariffValue,
    TextValue,
    Value,
)
from tradeterms.state import ClaimView, TermState

__all__ = ["Context", "Extra", "added_by", "general_rate", "in_force", "tariff_of"]

_ZERO = Decimal(0)


@dataclass
class Context:
    """Everything one calculation reads: the line, the origin, the dates and the states."""

    catalog: Catalog
    origin: Origin
    hts: str  # digits
    on: dt.date
    known_on: dt.date | None
    states: list[TermState]
    mfn: Decimal | None  # the MFN rate as an ad valorem fraction (or equivalent); None: unknown
    metal_share: Decimal | None = None  # declared metal value / customs value, if given
    quota: str | None = None  # the importer's quota status: "in", "over", or None (not given)
    quota_reached: bool = False  # a quota in force reached the good
    usmca: bool = False  # the importer claims USMCA treatment (goods of Canada or Mexico)
    # what is worked out of the states alone, where the caller keeps it for many lines with
    # the same states (a batch group); None: worked out for this line
    kept: dict[Hashable, Any] | None = None

    def views(self, topic: str, exclude: tuple[str, ...] = ()) -> list[ClaimView]:
        """Tariff claims counted on `topic`, strongest first, without the measures `exclude`."""
        seen: set[int] = set()
        found: list[ClaimView] = []
        on_topic = [state for state in self.states if state.term.topic == topic]
        for state in on_topic:
            for view in state.counted:
                if (
                    view.origin not in exclude
                    and tariff_of(view.claim.value)
                    and id(view.claim) not in seen
                ):
                    seen.add(id(view.claim))
                    found.append(view)
        if len(on_topic) > 1:  # one state's claims come strongest first already
            found.sort(key=ClaimView.rank, reverse=True)
        return found

    def note_states(self, topic: str, ledger: Ledger) -> None:
        """Warn where a topic's state is disputed or rests on an unconfirmed claim."""
        if not ledger.trail:
            return
        for state in self.states:
            if state.term.topic != topic:
                continue
            if state.disputed:
                sides = "; ".join(f"{'/'.join(v.parties)}: {v.source.id}" for v in state.conflict)
                ledger.warn(f"{state.term.title}: the parties disagree ({sides}).")
            if state.current is not None and state.current.claim.unconfirmed:
                ledger.warn(
                    f"{state.term.title}: the claim deciding it is marked UNCONFIRMED "
                    f"({state.current.source.id})."
                )

    def ref(self, view: ClaimView) -> SourceRef:
        """The source of a claim, for a step (kept with the states where the caller keeps
        them: the states hold the claim)."""
        if self.kept is None:
            return _ref(view)
        key = ("ref", id(view.claim), id(view.source))
        found: SourceRef | None = self.kept.get(key)
        if found is None:
            found = self.kept[key] = _ref(view)
        return found


def _ref(view: ClaimView) -> SourceRef:
    source = view.source
    where = view.claim.written_at
    evidence = str(where) if where else None
    return SourceRef(source.id, source.title, source.url, source.public_on, evidence)


def tariff_of(value: Value) -> TariffValue | None:
    """The tariff a value charges on a good, or None: the duty calculator reads nothing else."""
    match value:
        case TariffValue():
            return value
        case QuotaValue():
            return None  # read by _duty_quota, with the importer's quota status
        case PledgeValue() | TextValue() | PartnerTariffValue() | ShareValue():
            return None  # not a US duty: a pledge, words, or the partner's own tariffs
        case _:
            assert_never(value)


def in_force(views: list[ClaimView]) -> list[ClaimView]:
    return [v for v in views if v.claim.strength is Strength.in_force]


def general_rate(views: list[ClaimView]) -> Decimal | None:
    """The rate of the strongest cross-deal measure charged on top of MFN."""
    for view in in_force(views):
        value = tariff_of(view.claim.value)
        if view.origin != "deal" and value and value.applies is Application.on_top and value.rate:
            return value.rate.fraction
    return None


@dataclass(frozen=True, slots=True)
class Extra:
    """What a tariff value adds to MFN (None: cannot be settled) and why, in words."""

    added: Decimal | None
    effect: str


def added_by(value: TariffValue, mfn: Decimal | None, general: Decimal | None) -> Extra:
    """The ad valorem fraction `value` adds on top of an MFN rate of `mfn`."""
    rate = value.rate.fraction if value.rate is not None else None
    applies = value.applies
    if applies in (Application.mfn_only, Application.free):
        return Extra(_ZERO, "MFN only: no additional duty")
    if rate is None:
        shown = f" ({value.specific})" if value.specific else ""
        return Extra(None, f"the source gives no ad valorem rate{shown}")
    if applies is Application.on_top:
        return Extra(rate, f"+{format_rate(rate)} on top of MFN")
    if applies is Application.unspecified:
        return Extra(None, f"{format_rate(rate)}, but the source does not say how it stacks on MFN")
    if mfn is None:
        return Extra(None, f"{format_rate(rate)} inclusive of MFN, but the MFN rate is not known")
    if applies is Application.all_in:
        extra = max(_ZERO, rate - mfn)
        if extra == 0:
            return Extra(
                _ZERO, f"{format_rate(rate)} inclusive of MFN: MFN is higher, no extra duty"
            )
        return Extra(extra, f"{format_rate(rate)} inclusive of MFN: +{format_rate(extra)}")
    if applies is Application.cap:
        if general is None:
            return Extra(None, f"capped at {format_rate(rate)}, but the capped duty is not known")
        extra = min(general, max(_ZERO, rate - mfn))
        return Extra(
            extra,
            f"MFN + {format_rate(general)} capped at {format_rate(rate)} in all: "
            f"+{format_rate(extra)}",
        )
    return Extra(None, f"'{applies.value}' does not give a rate")
