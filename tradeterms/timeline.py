"""A deal's US tariffs over time, and the record's changes by date: the numbers behind charts.

The state of a term only changes on a day some claim starts, ends or is said, a source is
published, or a legal event takes effect. `rate_series` works the state out on each of those
days (with `Catalog.state`, the same rules as everywhere else) and keeps the rate of the
deciding claim, so a chart of it is a step line that is right between the steps too.

    >>> import tradeterms
    >>> from tradeterms.timeline import rate_series
    >>> cars = rate_series(tradeterms.load(), "us-japan-2025", topics=["tariff.autos"])[0]
    >>> [(str(p.date), p.rate) for p in cars.points if p.rate and p.date.year == 2025]
    [('2025-04-03', 25.0), ('2025-09-16', 15.0)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradeterms.catalog import Catalog
from tradeterms.describe import describe_value
from tradeterms.models import Application, Deal, LegalBasis, Strength, TariffValue
from tradeterms.state import ClaimView, TermState

__all__ = [
    "MAIN_TOPICS",
    "LegalMarker",
    "RatePoint",
    "RateSeries",
    "RecordEntry",
    "change_dates",
    "legal_markers",
    "rate_series",
    "record_log",
]

# The topics a deal's rate chart shows by default: the ones most deals speak to.
MAIN_TOPICS = (
    "tariff.baseline",
    "tariff.autos",
    "tariff.steel",
    "tariff.aluminium",
    "tariff.pharma_branded",
    "tariff.semiconductors",
)

# Legal bases whose measures mark a turn for every deal they reach.
_MARKED_BASES = {LegalBasis.s122: "Section 122 surcharge", LegalBasis.s301: "Section 301 duty"}


@dataclass(frozen=True)
class RatePoint:
    """From `date` until the next point, the topic's rate (None: no rate stated)."""

    date: dt.date
    rate: float | None  # percent
    text: str  # the deciding value in words, or "—"
    source: str | None  # the source of the deciding claim


@dataclass(frozen=True)
class RateSeries:
    topic: str
    label: str
    points: tuple[RatePoint, ...]  # one per change, in date order

    def rate_on(self, day: dt.date) -> float | None:
        """The rate in force on a day (None before the first point or where none is stated)."""
        rate = None
        for point in self.points:
            if point.date > day:
                break
            rate = point.rate
        return rate


@dataclass(frozen=True)
class LegalMarker:
    """A legal turn to mark on a chart: an event in the data or a measure's start."""

    date: dt.date
    label: str
    source: str


def period(catalog: Catalog) -> tuple[dt.date, dt.date]:
    """The whole years the record spans: from 1 January of its first milestone's year to
    31 December of the year of its latest milestone or source, so a new deal widens it."""
    milestones = [m.date for deal in catalog for m in deal.milestones]
    latest = [*milestones, *(s.public_on for s in catalog.sources.values())]
    return dt.date(min(milestones).year, 1, 1), dt.date(max(latest).year, 12, 31)


def change_dates(
    catalog: Catalog, deal: Deal, start: dt.date | None = None, end: dt.date | None = None
) -> list[dt.date]:
    """Every day in [start, end] (the record's `period` by default) on which some claim or
    event could change a term's state."""
    first, last = period(catalog)
    start, end = start or first, end or last
    days = {start}
    for _, views in catalog.terms(deal):
        for view in views:
            days |= {view.starts, view.said, view.source.public_on}
            if view.ends:
                days.add(view.ends + dt.timedelta(days=1))  # `until` is the last day it counts
    days |= {e.effective for e in catalog.data.events}
    return sorted(d for d in days if start <= d <= end)


def _rate(state: TermState) -> float | None:
    value = state.value
    if not isinstance(value, TariffValue):
        return None
    if value.applies in (Application.free, Application.mfn_only):
        return 0.0  # no duty beyond MFN
    return float(value.rate.number) if value.rate is not None else None


def _point(day: dt.date, states: list[TermState]) -> RatePoint:
    """The first term on the topic that states a rate decides; else the first that speaks."""
    rated = [s for s in states if _rate(s) is not None]
    spoken = rated or [s for s in states if not s.silent]
    if not spoken:
        return RatePoint(day, None, "—", None)
    state = spoken[0]
    assert state.current is not None and state.value is not None
    return RatePoint(day, _rate(state), describe_value(state.value), state.current.source.id)


def rate_series(
    catalog: Catalog,
    deal: Deal | str,
    topics: list[str] | tuple[str, ...] = MAIN_TOPICS,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[RateSeries]:
    """The US tariff on the partner's goods per topic over [start, end], as step series.

    Only topics the deal (or a measure reaching it) speaks to are returned; a point is kept
    only where the value changes.
    """
    deal = catalog.deal(deal) if isinstance(deal, str) else deal
    points: dict[str, list[RatePoint]] = {t: [] for t in topics}
    for day in change_dates(catalog, deal, start, end):
        states = catalog.state(deal, as_of=day)
        for topic, found in points.items():
            point = _point(day, [s for s in states if s.term.topic == topic])
            if not found or (found[-1].rate, found[-1].text) != (point.rate, point.text):
                found.append(point)
    return [
        RateSeries(topic, str(catalog.topics[topic].label), tuple(found))
        for topic, found in points.items()
        if any(p.rate is not None for p in found)
    ]


def _first_in_force(views: list[ClaimView], basis: LegalBasis) -> ClaimView | None:
    starts = [
        v for v in views if v.claim.strength is Strength.in_force and v.claim.value.basis is basis
    ]
    return min(starts, key=lambda v: v.starts, default=None)


def legal_markers(
    catalog: Catalog, deal: Deal | str, start: dt.date | None = None, end: dt.date | None = None
) -> list[LegalMarker]:
    """The legal events in the data, and the start of Section 122 and 301 measures reaching
    the deal, that fall in [start, end] (the record's `period` by default)."""
    span = period(catalog)
    start, end = start or span[0], end or span[1]
    deal = catalog.deal(deal) if isinstance(deal, str) else deal
    found = [LegalMarker(e.effective, e.title, e.source) for e in catalog.data.events]
    for measure in catalog.measures_for(deal):
        views = [ClaimView(c, catalog.sources[c.source], measure.id) for c in measure.claims]
        for basis, label in _MARKED_BASES.items():
            first = _first_in_force(views, basis)
            if first is not None:
                found.append(LegalMarker(first.starts, label, first.source.id))
    unique = {(m.date, m.label): m for m in found if start <= m.date <= end}
    return sorted(unique.values(), key=lambda m: (m.date, m.label))


@dataclass(frozen=True)
class RecordEntry:
    """One claim entering the record: on `date` (its source's), `by` said this of a term."""

    date: dt.date
    deal: str | None  # None: a measure for many deals
    holder: str  # the term or measure id
    title: str
    by: tuple[str, ...]
    strength: str
    text: str
    source: str


def record_log(catalog: Catalog) -> list[RecordEntry]:
    """Every claim in the data as a dated entry, newest first: the change log of the record."""
    entries = [
        _entry(deal.id, term.id, term.title, view)
        for deal in catalog
        for term in deal.terms
        for view in (ClaimView(c, catalog.sources[c.source], "deal") for c in term.claims)
    ]
    entries += [
        _entry(None, m.id, m.title, ClaimView(c, catalog.sources[c.source], m.id))
        for m in catalog.data.measures
        for c in m.claims
    ]
    return sorted(entries, key=lambda e: (e.date, e.deal or "", e.holder), reverse=True)


def _entry(deal: str | None, holder: str, title: str, view: ClaimView) -> RecordEntry:
    claim = view.claim
    return RecordEntry(
        view.source.public_on,
        deal,
        holder,
        title,
        tuple(claim.by),
        claim.strength.value,
        describe_value(claim.value),
        view.source.id,
    )
