"""The numbers behind a comparison, in long format, with pledges put on one footing.

Rates become numbers (percent); pledges are shown in their own currency and, where the data
has a dated, sourced exchange rate, in USD and per year over the pledge's horizon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, assert_never

from tradeterms.models import (
    FxRateRecord,
    PartnerTariffValue,
    PledgeValue,
    QuotaValue,
    ShareValue,
    TariffValue,
    TextValue,
)
from tradeterms.state import ClaimView, TermState

if TYPE_CHECKING:
    import pandas as pd

    from tradeterms.comparison import Comparison

__all__ = ["COLUMNS", "fx_to_usd", "number_rows", "pledge_per_year"]

COLUMNS = [
    "deal", "topic", "term", "axis", "since", "measure", "value", "unit", "text",
    "fx_rate", "fx_date", "fx_source", "source",
]  # fmt: skip


def fx_to_usd(rates: list[FxRateRecord], currency: str, on: dt.date) -> FxRateRecord | None:
    """The latest rate for `currency` in USD dated on or before `on` (else the earliest)."""
    usable = [r for r in rates if r.rate.quote == "USD" and r.rate.base == currency]
    before = [r for r in usable if r.date <= on]
    pool = before or usable
    key = (lambda r: r.date) if before else (lambda r: -r.date.toordinal())
    return max(pool, key=key, default=None)


def pledge_per_year(
    value: PledgeValue, start: dt.date, amount: Decimal, per: str | None = None
) -> Decimal | None:
    """The yearly amount over the pledge's horizon, or None when it has no horizon."""
    if per:  # "USD 20bn/year", "USD 2bn/quarter"
        return amount * {"year": 1, "quarter": 4, "month": 12}[per]
    if value.per_year:
        return amount
    if value.over is not None:  # "over 15 years"
        return amount / value.over.in_years
    if value.by is None or value.by <= start:
        return None
    years = Decimal((value.by - start).days) / Decimal("365.25")
    return amount / years


@dataclass(frozen=True)
class Side:
    """One side of a state: 'applied' (the law charges it) or 'agreed' (the parties' words)."""

    state: TermState
    axis: str
    view: ClaimView

    @property
    def since(self) -> dt.date:
        return self.view.starts if self.axis == "applied" else self.view.said


def _row(side: Side, measure: str, value: Decimal, unit: str, text: str) -> dict[str, Any]:
    return {
        "topic": side.state.term.topic,
        "term": side.state.term.id,
        "axis": side.axis,
        "since": side.since.isoformat(),
        "measure": measure,
        "value": float(value),
        "unit": unit,
        "text": text,
        "source": side.view.source.id,
    }


def _tariff_rows(state: Side, value: TariffValue) -> list[dict[str, Any]]:
    rows = []
    if value.rate is not None:
        rows.append(
            _row(state, f"rate ({value.applies.value})", value.rate.number, "%", str(value.rate))
        )
    if value.specific is not None:
        unit = f"{value.specific.currency}/{value.specific.unit}"
        rows.append(_row(state, "specific duty", value.specific.amount, unit, str(value.specific)))
    if value.snap_back is not None:
        snap = value.snap_back
        rows.append(_row(state, "snap-back rate", snap.number, "%", str(snap)))
    if value.lasts is not None:
        rows.append(_row(state, "lasts", value.lasts.in_years, "years", str(value.lasts)))
    return rows


def _quota_rows(state: Side, value: QuotaValue) -> list[dict[str, Any]]:
    rows = []
    volume = value.volume
    if volume is not None:
        unit = volume.unit + (f"/{volume.per}" if volume.per else "")
        rows.append(_row(state, "quota volume", volume.value, unit, str(volume)))
    if value.volume_relative is not None:
        times = value.volume_relative.times
        unit = f"× {value.volume_relative.of}"
        rows.append(_row(state, "quota volume (multiple)", times.number, unit, str(times)))
    if value.fill is not None and volume is not None and volume.value:
        used = value.fill.used
        share = used.value / volume.value * 100
        rows.append(_row(state, "quota fill", share, "%", f"{used} by {value.fill.date}"))
    quota_rates = (
        ("in-quota rate", value.in_quota_rate),
        ("over-quota rate", value.over_quota_rate),
    )
    for label, rate in quota_rates:
        if rate is not None:
            rows.append(_row(state, label, rate.number, "%", str(rate)))
    return rows


def _partner_rows(state: Side, value: PartnerTariffValue) -> list[dict[str, Any]]:
    which = "partner average rate" if value.average else "partner rate"
    rows = []
    if value.before is not None:
        rows.append(_row(state, f"{which} before", value.before.number, "%", str(value.before)))
    rows.append(_row(state, f"{which} after", value.after.number, "%", str(value.after)))
    return rows


def _share_rows(state: Side, value: ShareValue) -> list[dict[str, Any]]:
    measure = f"share of {value.of.replace('_', ' ')} {value.treatment.replace('_', ' ')}"
    return [_row(state, measure, value.share.number, "%", str(value.share))]


def _pledge_rows(
    state: Side, value: PledgeValue, rates: list[FxRateRecord]
) -> list[dict[str, Any]]:
    rows = []
    if value.count is not None:
        rows.append(
            _row(
                state,
                f"{value.pledge} count",
                value.count.value,
                value.count.unit,
                str(value.count),
            )
        )
    if value.amount is None:
        return rows
    money = value.amount
    unit = money.currency + (f"/{money.per}" if money.per else "")
    # The words keep the bound: "at least USD 250bn" is not "up to USD 250bn".
    said = f"{value.qualifier.words} {money}" if value.qualifier else str(money)
    rows.append(_row(state, f"{value.pledge} amount", money.amount, unit, said))
    if value.per_year_cap is not None:
        cap = value.per_year_cap
        unit = f"{cap.currency}/year"
        rows.append(_row(state, f"{value.pledge} yearly cap", cap.amount, unit, str(cap)))
    usd, fx = _in_usd(money.currency, money.amount, state.state.as_of, rates)
    if usd is None:
        return rows
    extra = _fx_columns(fx)
    usd_unit = "USD" + (f"/{money.per}" if money.per else "")
    rows.append({**_row(state, f"{value.pledge} amount in USD", usd, usd_unit, said), **extra})
    yearly = pledge_per_year(value, value.starts or state.view.said, usd, money.per)
    if yearly is not None:
        rows.append(
            {
                **_row(state, f"{value.pledge} per year in USD", yearly, "USD/year", said),
                **extra,
            }
        )
    return rows


def _in_usd(
    currency: str, amount: Decimal, on: dt.date, rates: list[FxRateRecord]
) -> tuple[Decimal | None, FxRateRecord | None]:
    if currency == "USD":
        return amount, None
    record = fx_to_usd(rates, currency, on)
    return (amount * record.rate.rate, record) if record else (None, None)


def _fx_columns(record: FxRateRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    return {
        "fx_rate": str(record.rate),
        "fx_date": record.date.isoformat(),
        "fx_source": record.source,
    }


def _sides(state: TermState) -> list[Side]:
    """The applied value, and the agreed one where the cell shows it; none when the cell
    shows only the parties' disagreeing positions."""
    applied, agreed = state.applied, state.agreed
    if state.disputed and (applied is None or applied in state.conflict):
        return []
    if applied is None:
        current = state.current
        axis = "applied" if current is not None and current.in_force else "agreed"
        return [Side(state, axis, current)] if current is not None else []
    sides = [Side(state, "applied", applied)]
    if agreed is not None and state.agreed_differs and not state.disputed:
        sides.append(Side(state, "agreed", agreed))
    return sides


def _side_rows(side: Side, rates: list[FxRateRecord]) -> list[dict[str, Any]]:
    value = side.view.claim.value
    match value:
        case TariffValue():
            return _tariff_rows(side, value)
        case QuotaValue():
            return _quota_rows(side, value)
        case PledgeValue():
            return _pledge_rows(side, value, rates)
        case PartnerTariffValue():
            return _partner_rows(side, value)
        case ShareValue():
            return _share_rows(side, value)
        case TextValue():
            return []  # words carry no number
        case _:
            assert_never(value)


def number_rows(comparison: Comparison) -> pd.DataFrame:
    """One row per number; `axis` says whether the law charges it or the parties agreed it."""
    import pandas as pd

    rates = comparison.catalog.data.fx_rates
    rows = [
        {"deal": cell.deal, **row}
        for cell in comparison.cells.values()
        if cell.topic in comparison.topics
        for state in cell.states
        for side in _sides(state)
        for row in _side_rows(side, rates)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
