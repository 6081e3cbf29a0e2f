"""Values and states in words a reader understands at a glance.

15% all-in (higher of MFN or 15%), from 7 Aug 2025
50% on top of MFN (s232)
USD 550bn by 19 Jan 2029, directed by US
"""

from __future__ import annotations

import datetime as dt
from typing import assert_never

from tradeterms.models import (
    Application,
    LegalBasis,
    PledgeValue,
    QuotaValue,
    TariffValue,
    TextValue,
    Value,
)
from tradeterms.state import TermState

__all__ = [
    "MARKER_MEANINGS",
    "MARKER_SYMBOLS",
    "SILENT",
    "day",
    "describe_state",
    "describe_value",
    "markers",
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
    return words + (f" ({_BASIS[value.basis]})" if value.basis else "")


def _quota(value: QuotaValue) -> str:
    inside = value.in_quota_rate or value.in_quota_specific
    over = value.over_quota_rate or value.over_quota_specific
    text = f"quota {value.volume} at {inside}"
    return text + (f", {over} over quota" if over else "")


def _pledge(value: PledgeValue) -> str:
    what = str(value.amount or value.count or "") or f'"{value.words}" (no amount)'
    if value.amount and value.count:
        what += f" ({value.count})"
    parts = [what]
    if value.by:
        parts.append(f"by {day(value.by)}")
    if value.directed_by:
        parts.append(f"directed by {value.directed_by}")
    return ", ".join(parts)


def describe_value(value: Value) -> str:
    match value:
        case TariffValue():
            text = _tariff(value)
        case QuotaValue():
            text = _quota(value)
        case PledgeValue():
            text = _pledge(value)
        case TextValue():
            text = value.text
        case _:
            assert_never(value)
    return text + (f", from {day(value.effective)}" if value.effective else "")


SILENT = "—"  # the deal says nothing on the topic
MARKER_SYMBOLS = {"disputed": "†", "conditional": "‡", "non-binding": "°", "unconfirmed": "?"}
MARKER_MEANINGS = {
    "disputed": "the parties' positions disagree",
    "conditional": "depends on a condition the data does not show as met",
    "non-binding": "rests on words short of a commitment (intends, expects, will explore)",
    "unconfirmed": "the record marks it unconfirmed",
}


def markers(state: TermState) -> list[str]:
    """The names of the markers that apply: disputed, conditional, non-binding, unconfirmed."""
    current = state.current
    if current is None:
        return []
    found = []
    if state.disputed:
        found.append("disputed")
    condition = current.claim.value.condition
    if condition and not condition.met_on:
        found.append("conditional")
    if not current.claim.strength.binding:
        found.append("non-binding")
    if current.claim.unconfirmed:
        found.append("unconfirmed")
    return found


def marker_symbols(names: list[str]) -> str:
    return "".join(MARKER_SYMBOLS[n] for n in names)


def describe_state(state: TermState, symbols: bool = True) -> str:
    """One cell: the deciding value(s), with the speakers when disputed, and marker symbols
    (left out with `symbols=False`, for formats that link markers to footnotes)."""
    if state.silent:
        return SILENT
    if state.disputed and state.current in state.conflict:
        text = " vs ".join(
            f"{'+'.join(v.claim.by)}: {describe_value(v.claim.value)}" for v in state.conflict
        )
    else:
        assert state.value is not None
        text = describe_value(state.value)
    shown = marker_symbols(markers(state)) if symbols else ""
    return f"{text} {shown}" if shown else text
