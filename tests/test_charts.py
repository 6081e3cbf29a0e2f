"""Charts are matplotlib Figures drawing the library's own numbers; SVG output is stable."""

import math
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.charts import (
    deal_rate_figure,
    pledge_alt,
    pledge_table,
    rate_alt,
    rate_changes,
    to_svg,
    topic_alt,
    topic_figure,
    topic_series,
)
from tradeterms.timeline import legal_markers, rate_series

STATES = Path(__file__).parent / "fixtures" / "valid" / "states.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(STATES)


def test_deal_chart_has_one_step_line_per_topic_with_its_rates(catalog: Catalog) -> None:
    fig = deal_rate_figure(catalog, "us-eu-2025")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    series = rate_series(catalog, "us-eu-2025")
    steps = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert [line.get_label() for line in steps] == [s.label for s in series]
    for line, found in zip(steps, series, strict=True):
        drawn = list(line.get_ydata())  # type: ignore[arg-type]
        expected = [p.rate for p in found.points]
        assert len(drawn) == len(expected) + 1  # the last step runs to the end of the period
        for y, rate in zip(drawn, expected, strict=False):
            assert math.isnan(y) if rate is None else y == rate


def test_deal_chart_marks_each_legal_event_with_a_numbered_line(catalog: Catalog) -> None:
    (ax,) = deal_rate_figure(catalog, "us-eu-2025").axes
    markers = legal_markers(catalog, "us-eu-2025")
    vertical = [line for line in ax.get_lines() if line.get_label().startswith("_")]
    assert len(vertical) == len(markers) == 2
    assert [t.get_text() for t in ax.texts] == ["1", "2"]


def test_alt_text_says_every_rate_and_event(catalog: Catalog) -> None:
    series = rate_series(catalog, "us-eu-2025")
    markers = legal_markers(catalog, "us-eu-2025")
    alt = rate_alt("EU", series, markers)
    assert "Baseline: 10% from 5 Apr 2025, 15% from 7 Aug 2025, 10% from 24 Feb 2026" in alt
    assert all(m.label in alt for m in markers)


def test_svg_is_the_same_for_the_same_figure(catalog: Catalog) -> None:
    first = to_svg(deal_rate_figure(catalog, "us-eu-2025"))
    assert first.lstrip().startswith("<?xml") and "<svg" in first
    assert first == to_svg(deal_rate_figure(catalog, "us-eu-2025"))
    assert "http://fonts" not in first and "@import" not in first  # nothing to fetch


def test_comparison_plot_draws_each_pledge_in_usd_and_per_year() -> None:
    comparison = tradeterms.compare(topics=["investment*", "purchase.*"], as_of="2026-06-01")
    fig = comparison.plot()
    assert isinstance(fig, Figure)
    total, yearly = fig.axes
    table = pledge_table(comparison)
    assert len(table) > 0
    assert [b.get_width() for b in total.patches] == list(table["usd"].fillna(0) / 1e9)
    assert [b.get_width() for b in yearly.patches] == list(table["usd_per_year"].fillna(0) / 1e9)
    labels = [t.get_text() for t in total.get_yticklabels()]
    assert labels == [f"{d} · {t}" for d, t in zip(table["deal"], table["term"], strict=True)]
    assert pledge_alt(comparison).count(";") == len(table) - 1


def test_topic_figure_has_a_panel_per_deal_with_its_rates() -> None:
    catalog = tradeterms.load()
    fig = topic_figure(catalog, "tariff.baseline")
    panels = topic_series(catalog, "tariff.baseline")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == [deal.id for deal, _ in panels]
    for ax, (_, series) in zip(visible, panels, strict=True):
        step = ax.get_lines()[0]
        drawn = list(step.get_ydata())[:-1]  # type: ignore[arg-type]
        expected = [p.rate for p in series.points]
        assert [None if math.isnan(y) else y for y in drawn] == expected
    alt = topic_alt(catalog, "tariff.baseline")
    assert all(f"{deal.id}: {rate_changes(s)}" in alt for deal, s in panels)
