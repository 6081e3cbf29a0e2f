"""Rate series for charts, legal markers and the change log, on a small data file."""

import datetime as dt
from pathlib import Path

import pytest

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.models import TariffValue
from tradeterms.timeline import change_dates, legal_markers, rate_series, record_log

STATES = Path(__file__).parent / "fixtures" / "valid" / "states.yaml"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(STATES)


def steps(catalog: Catalog, topic: str) -> list[tuple[str, float | None]]:
    series = rate_series(catalog, "us-eu-2025", topics=[topic])
    assert [s.topic for s in series] == [topic]
    return [(str(p.date), p.rate) for p in series[0].points]


def test_baseline_steps_through_deal_ruling_and_surcharge_lapse(catalog: Catalog) -> None:
    # 10% IEEPA baseline, the deal's 15% from 7 Aug, Section 122's 10% once the ruling takes
    # effect, nothing after the surcharge's last day (24 Jul 2026).
    assert steps(catalog, "tariff.baseline") == [
        ("2025-01-01", None),
        ("2025-04-05", 10.0),
        ("2025-08-07", 15.0),
        ("2026-02-24", 10.0),
        ("2026-07-25", None),
    ]


def test_retroactive_notice_moves_the_step_to_its_effective_date(catalog: Catalog) -> None:
    assert steps(catalog, "tariff.autos") == [
        ("2025-01-01", None),
        ("2025-04-03", 25.0),
        ("2025-08-01", 15.0),
    ]


def test_topics_without_a_rate_are_left_out(catalog: Catalog) -> None:
    assert rate_series(catalog, "us-eu-2025", topics=["tariff.pharma_generic"]) == []


def test_duty_free_is_a_zero_rate(catalog: Catalog) -> None:
    assert steps(catalog, "partner.industrial")[-1] == ("2026-07-01", 0.0)


def test_every_point_is_the_rate_of_the_deciding_claim_that_day(catalog: Catalog) -> None:
    for series in rate_series(catalog, "us-eu-2025"):
        for point in series.points:
            states = catalog.state("us-eu-2025", as_of=point.date)
            values = [s.value for s in states if s.term.topic == series.topic and s.value]
            rates = [float(v.rate.number) for v in values if isinstance(v, TariffValue) and v.rate]
            assert (point.rate in rates) if point.rate is not None else not rates


def test_rate_on_holds_between_steps(catalog: Catalog) -> None:
    (baseline,) = rate_series(catalog, "us-eu-2025", topics=["tariff.baseline"])
    assert baseline.rate_on(D("2025-08-06")) == 10.0
    assert baseline.rate_on(D("2025-12-31")) == 15.0
    assert baseline.rate_on(D("2026-08-01")) is None


def test_change_dates_include_event_and_the_day_after_until(catalog: Catalog) -> None:
    days = change_dates(catalog, catalog.deal("us-eu-2025"))
    assert D("2026-02-24") in days and D("2026-07-25") in days
    assert days == sorted(set(days))


def test_legal_markers_are_events_and_section_122_start(catalog: Catalog) -> None:
    marks = [(str(m.date), m.label, m.source) for m in legal_markers(catalog, "us-eu-2025")]
    assert marks == [
        ("2026-02-24", "IEEPA does not authorise tariffs", "ruling"),
        ("2026-02-24", "Section 122 surcharge", "s122"),
    ]


def test_record_log_has_every_claim_newest_first(catalog: Catalog) -> None:
    log = record_log(catalog)
    claims = sum(len(t.claims) for d in catalog for t in d.terms)
    claims += sum(len(m.claims) for m in catalog.data.measures)
    assert len(log) == claims
    assert [e.date for e in log] == sorted((e.date for e in log), reverse=True)
    newest = log[0]
    assert (newest.deal, newest.holder, newest.source) == (
        "us-eu-2025",
        "industrial",
        "press-eu-regulation",
    )


def test_real_data_series_start_in_2025_for_every_deal() -> None:
    catalog = tradeterms.load()
    for deal in catalog:
        for series in rate_series(catalog, deal):
            assert all(
                dt.date(2025, 1, 1) <= p.date <= dt.date(2026, 12, 31) for p in series.points
            )
            assert series.points == tuple(sorted(series.points, key=lambda p: p.date))


def test_the_period_is_the_whole_years_the_record_spans(catalog: Catalog) -> None:
    from tradeterms.timeline import period

    first, last = period(catalog)
    milestones = [m.date for deal in catalog for m in deal.milestones]
    assert (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    assert first.year == min(milestones).year
    assert last >= max(s.public_on for s in catalog.sources.values())
    assert change_dates(catalog, catalog.deal("us-eu-2025"))[0] == first
