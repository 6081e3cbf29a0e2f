"""The numbers behind a comparison, in long format, with pledges put on one footing.

Rates become numbers (percent); pledges are shown in their own currency and, where the data
has a dated, sourced exchange rate, in USD and per year over the pledge's horizon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, assert_never

from tradeterms.models import FxRateRecord, PledgeValue, QuotaValue, TariffValue, TextValue
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
    return rows


def _quota_rows(state: Side, value: QuotaValue) -> list[dict[str, Any]]:
    volume = value.volume
    unit = volume.unit + (f"/{volume.per}" if volume.per else "")
    rows = [_row(state, "quota volume", volume.value, unit, str(volume))]
    if value.in_quota_rate is not None:
        rate = value.in_quota_rate
        rows.append(_row(state, "in-quota rate", rate.number, "%", str(rate)))
    return rows


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
    rows.append(_row(state, f"{value.pledge} amount", money.amount, unit, str(money)))
    usd, fx = _in_usd(money.currency, money.amount, state.state.as_of, rates)
    if usd is None:
        return rows
    extra = _fx_columns(fx)
    usd_unit = "USD" + (f"/{money.per}" if money.per else "")
    rows.append(
        {**_row(state, f"{value.pledge} amount in USD", usd, usd_unit, str(money)), **extra}
    )
    yearly = pledge_per_year(value, value.starts or state.view.said, usd, money.per)
    if yearly is not None:
        rows.append(
            {
                **_row(state, f"{value.pledge} per year in USD", yearly, "USD/year", str(money)),
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
