"""Values and states in words a reader understands at a glance.

15% all-in (higher of MFN or 15%), from 7 Aug 2025
50% on top of MFN (s232)
USD 550bn by 19 Jan 2029, directed by US
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, assert_never

from tradeterms.models import (
    Application,
    LegalBasis,
    PartnerTariffValue,
    PledgeValue,
    Qualifier,
    QuotaValue,
    ShareValue,
    TariffValue,
    TextValue,
    Value,
)
from tradeterms.state import ClaimView, TermState
from tradeterms.units import Duration

__all__ = [
    "MARKER_MEANINGS",
    "MARKER_SYMBOLS",
    "SILENT",
    "day",
    "describe_state",
    "describe_value",
    "marker_claims",
    "markers",
    "quota_volume",
    "said_by",
    "shown_claims",
    "state_sides_json",
    "superseded_words",
]

_BASIS = {
    LegalBasis.ieepa: "IEEPA",
    LegalBasis.s232: "s232",
    LegalBasis.s122: "s122",
    LegalBasis.s301: "s301",
    LegalBasis.s201: "s201",
    LegalBasis.statute: "statute",
    LegalBasis.partner_law: "partner law",
    LegalBasis.none: "no legal instrument",
}


def day(date: dt.date | None) -> str:
    return f"{date.day} {date:%b %Y}" if date else ""


def _tariff(value: TariffValue) -> str:
    rate = str(value.rate) if value.rate else ""
    words = {
        Application.all_in: f"{rate} all-in (higher of MFN or {rate})",
        Application.on_top: f"{rate} on top of MFN",
        Application.cap: f"capped at {rate} (MFN included)",
        Application.mfn_only: "MFN only",
        Application.free: "duty-free",
        Application.unchanged: f"{rate} unchanged".strip() if rate else "unchanged",
        Application.excluded: "not covered",
        Application.specific: str(value.specific or ""),
        Application.unspecified: f"{rate} (stacking on MFN not stated)",
    }[value.applies]
    if value.specific and value.applies is not Application.specific:
        words += f" + {value.specific}"
    words += f" ({_BASIS[value.basis]})" if value.basis else ""
    if value.lasts:
        words += f", for {_qualified(value.lasts_qualifier, span(value.lasts))}"
    if value.snap_back:
        words += f", back to {value.snap_back} when it ends"
    return words


def span(duration: Duration) -> str:
    """P15Y -> "15 years", P1Y6M -> "1 year 6 months"."""
    parts = [(duration.years, "year"), (duration.months, "month")]
    return " ".join(f"{n} {unit}{'s' if n > 1 else ''}" for n, unit in parts if n)


def _qualified(qualifier: Qualifier | None, text: str) -> str:
    return f"{qualifier.words} {text}" if qualifier else text


def quota_volume(value: QuotaValue) -> str:
    """The size of a quota in words: a figure, a multiple of something, or still to be set."""
    if value.volume is not None:
        return str(value.volume)
    if value.volume_relative is not None:
        return f"{value.volume_relative.times.number}× {value.volume_relative.of}"
    return f"volume to be set ({value.volume_pending})"


def _quota(value: QuotaValue) -> str:
    inside = value.in_quota_rate or value.in_quota_specific or "the existing in-quota rate"
    over = value.over_quota_rate or value.over_quota_specific or value.over_quota_words
    text = f"quota {quota_volume(value)} at {inside}"
    text += f", {over} over quota" if over else ""
    text += f", {value.phase}" if value.phase else ""
    if value.fill:
        text += f" ({value.fill.used} used by {day(value.fill.date)})"
    return text


def _pledge(value: PledgeValue) -> str:
    what = str(value.amount or value.count or "") or f'"{value.words}" (no amount)'
    if value.quantified:
        what = _qualified(value.qualifier, what)
    if value.amount and value.count:
        what += f" ({value.count})"
    if value.pledge not in ("investment", "purchase"):
        what += " of " + value.pledge.replace("_", " ") + "s"
    parts = [what]
    if value.per_year_cap:
        parts.append(f"at most {value.per_year_cap} a year")
    if value.over:
        parts.append(f"over {span(value.over)}")
    if value.by:
        parts.append(f"by {day(value.by)}")
    if value.directed_by:
        parts.append(f"directed by {value.directed_by}")
    return ", ".join(parts)


def _partner_tariff(value: PartnerTariffValue) -> str:
    before = _qualified(value.before_qualifier, str(value.before)) if value.before else ""
    text = f"{before} → {value.after}" if before else f"to {value.after}"
    if value.average:
        text = f"average {text}"
    return text + (f", in stages over {span(value.phase_out)}" if value.phase_out else "")


def _share(value: ShareValue) -> str:
    base = {
        "tariff_lines": "tariff lines",
        "trade_value": "trade",
        "not_stated": "tariffs (lines or trade not stated)",
    }
    treated = value.treatment.replace("_", " ")
    goods = f" on {value.goods}" if value.goods else ""
    return f"{value.share} of {base[value.of]}{goods} {treated}"


def describe_value(value: Value) -> str:
    match value:
        case TariffValue():
            text = _tariff(value)
        case QuotaValue():
            text = _quota(value)
        case PledgeValue():
            text = _pledge(value)
        case PartnerTariffValue():
            text = _partner_tariff(value)
        case ShareValue():
            text = _share(value)
        case TextValue():
            text = value.text
        case _:
            assert_never(value)
    return text + (f", from {day(value.effective)}" if value.effective else "")


SILENT = "—"  # the deal says nothing on the topic
MARKER_SYMBOLS = {
    "disputed": "†",
    "conditional": "‡",
    "non-binding": "°",
    "unconfirmed": "?",
    "figure-unconfirmed": "⁎",
}
MARKER_MEANINGS = {
    "disputed": "the parties' positions disagree",
    "conditional": "depends on a condition the data does not show as met",
    "non-binding": "rests on words short of a commitment (intends, expects, will explore)",
    "unconfirmed": "the record marks it unconfirmed",
    "figure-unconfirmed": "figure not confirmed by the other party (it spoke without one)",
}


def shown_claims(state: TermState) -> list[ClaimView]:
    """The claims a cell shows: the applied one and, where it differs, the agreed one."""
    shown = [v for v in (state.applied, state.agreed) if v is not None]
    if state.applied is not None and not state.agreed_differs:
        shown = [state.applied]
    return shown or ([state.current] if state.current else [])


def marker_claims(state: TermState, marker: str) -> list[ClaimView]:
    """The claims behind one marker of a cell: the disputing positions, the unconfirmed
    figures, or the shown claims the marker is about."""
    if marker == "disputed":
        return list(state.conflict)
    if marker == "figure-unconfirmed":
        return list(state.unconfirmed_figures)
    holds: dict[str, Callable[[ClaimView], bool]] = {
        "conditional": _unmet,
        "non-binding": lambda v: not v.claim.strength.binding,
        "unconfirmed": lambda v: v.claim.unconfirmed,
    }
    return [v for v in shown_claims(state) if holds[marker](v)]


def markers(state: TermState) -> list[str]:
    """The names of the markers that apply to what a cell shows."""
    found = ["disputed"] if state.disputed else []
    found += [m for m in ("conditional", "non-binding", "unconfirmed") if marker_claims(state, m)]
    if state.unconfirmed_figures:
        found.append("figure-unconfirmed")
    return found


def _unmet(view: ClaimView) -> bool:
    condition = view.claim.value.condition
    return bool(condition and not condition.met_on)


def marker_symbols(names: list[str]) -> str:
    return "".join(MARKER_SYMBOLS[n] for n in names)


def said_by(view: ClaimView) -> str:
    return "+".join(view.claim.by)


def _agreed_words(state: TermState, agreed: ClaimView) -> str:
    """'agreed by US+CH+LI 14 Nov 2025, not yet in force: 15% all-in ...'

    Parties whose own statements say the same are named together, from the first of them."""
    strength = agreed.claim.strength
    parties = sorted({p for v in state.agreeing for p in v.claim.by} | set(agreed.claim.by))
    how = "agreed" if strength.binding and len(parties) > 1 else "stated"
    if not strength.binding:
        how += f" ({strength.value.replace('_', ' ')})"
    first = min((v.said for v in state.agreeing), default=agreed.said)
    who = "+".join(agreed.claim.by) if len(state.agreeing) < 2 else "+".join(_us_first(parties))
    when = f"{how} by {who} {day(first)}"
    applied = state.applied
    if applied is None and strength.binding:
        when += ", not in force"  # no act charges anything under this term yet
    elif applied is not None and _charges(applied) and strength.binding:
        when += ", not yet in force" if agreed.said > applied.starts else ", not applied"
    return f"{when}: {describe_value(agreed.claim.value)}"


def _us_first(parties: list[str]) -> list[str]:
    return sorted(parties, key=lambda p: (p != "US", p))


def _charges(view: ClaimView) -> bool:
    """A rate or a quota: what a law charges (words and pledges are not charged)."""
    return isinstance(view.claim.value, (TariffValue, QuotaValue))


def _with_additions(text: str, state: TermState, side: ClaimView) -> str:
    added = [v for v in state.additions if v.in_force == side.in_force]
    return "; ".join(
        [
            text,
            *(f"also {said_by(v)} {day(v.said)}: {describe_value(v.claim.value)}" for v in added),
        ]
    )


def _positions(state: TermState) -> str:
    return " vs ".join(f"{said_by(v)}: {describe_value(v.claim.value)}" for v in state.conflict)


def describe_state(state: TermState, symbols: bool = True) -> str:
    """One cell: the applied value, the agreed one where it differs (with its date), the
    positions when the parties disagree, and marker symbols (left out with
    `symbols=False`, for formats that link markers to footnotes)."""
    current = state.current
    if current is None:
        return SILENT
    applied = state.applied
    if state.disputed and (applied is None or applied in state.conflict):
        text = _positions(state)
    elif applied is None and _charges(current) and not current.in_force:
        text = _with_additions(_agreed_words(state, current), state, current)
    else:
        text = _with_additions(describe_value(current.claim.value), state, current)
        if applied is not None and state.disputed:
            text += f"; disputed: {_positions(state)}"
        elif applied is not None and state.agreed_differs:
            assert state.agreed is not None
            text += "; " + _with_additions(_agreed_words(state, state.agreed), state, state.agreed)
    for reading in (r for r in state.readings if r not in state.conflict):
        text += (
            f" — {'+'.join(reading.claim.by)} reads it as: {describe_value(reading.claim.value)}"
        )
    shown = marker_symbols(markers(state)) if symbols else ""
    return f"{text} {shown}" if shown else text


def state_sides_json(state: TermState) -> dict[str, Any]:
    """The applied and the agreed side of a state, each with its date and source."""

    def side(view: ClaimView | None, since: dt.date | None) -> dict[str, Any] | None:
        if view is None or since is None:
            return None
        return {
            "value": describe_value(view.claim.value),
            "since": since.isoformat(),
            "by": view.claim.by,
            "source": view.claim.source,
        }

    applied, agreed = state.applied, state.agreed
    shown_agreed = agreed if applied is None or state.agreed_differs else None
    return {
        "applied": side(applied, applied.starts if applied else None),
        "agreed": side(shown_agreed, shown_agreed.said if shown_agreed else None),
        "figure_unconfirmed": [v.claim.source for v in state.unconfirmed_figures],
    }


def superseded_words(later: ClaimView) -> str:
    """'superseded by [source] on 1 Dec 2025'"""
    return f"superseded by [{later.claim.source}] on {day(later.starts)}"
