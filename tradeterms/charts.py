"""Charts as matplotlib Figures, for a notebook or as static SVG for the site.

matplotlib is imported inside the functions that draw (install the `plot` extra), so the
rest of the library never pays for it. Figures are made with `matplotlib.figure.Figure`,
not pyplot: drawing one changes no global state and needs no display. Every chart comes
with alt text (`*_alt`) saying the same numbers in words.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import TYPE_CHECKING, Any

from tradeterms.catalog import Catalog
from tradeterms.describe import day
from tradeterms.models import Deal
from tradeterms.timeline import MAIN_TOPICS, LegalMarker, RateSeries, legal_markers, rate_series

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from tradeterms.comparison import Comparison
    from tradeterms.effective import EtrResult

__all__ = [
    "deal_rate_figure",
    "etr_alt",
    "etr_figure",
    "pledge_alt",
    "pledge_figure",
    "pledge_table",
    "rate_alt",
    "rate_changes",
    "rate_figure",
    "to_svg",
    "topic_alt",
    "topic_figure",
    "topic_series",
]


def _percent(rate: float | None) -> str:
    return "no rate" if rate is None else f"{rate:g}%"


_STYLES = ("-", "--", "-.", ":")


def _dates(days: object) -> Any:
    """matplotlib plots dates on its axes, but its type stubs only admit numbers."""
    return days


def rate_figure(
    series: list[RateSeries],
    markers: list[LegalMarker],
    title: str,
    period: tuple[dt.date, dt.date],
) -> Figure:
    """One step line per topic; dashed vertical lines numbered 1, 2… for the legal markers.

    Lines differ in style and width as well as colour, so equal rates stay visible.
    """
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.add_subplot()
    for n, line in enumerate(series):
        days = [p.date for p in line.points] + [period[1]]
        rates = [float("nan") if p.rate is None else p.rate for p in line.points]
        ax.step(_dates(days), [*rates, rates[-1]], where="post", label=line.label,
                linestyle=_STYLES[n % len(_STYLES)], linewidth=3.2 - 0.4 * n)  # fmt: skip
    top = max((p.rate or 0 for s in series for p in s.points), default=0) or 10
    for n, marker in enumerate(markers):
        ax.axvline(_dates(marker.date), color="grey", linestyle=(0, (2, 3)), linewidth=1)
        height = top * (1.04 + 0.07 * (n % 2))  # alternate heights: close dates stay legible
        ax.annotate(str(n + 1), (_dates(marker.date), height), ha="center", color="dimgrey")
    ax.set_xlim(_dates(period[0]), _dates(period[1]))
    ax.set_ylim(0, top * 1.16)
    ax.set_ylabel("US tariff, %")
    ax.set_title(title, fontsize="medium")
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.grid(axis="y", alpha=0.3)
    fig.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    return fig


def deal_rate_figure(
    catalog: Catalog, deal: Deal | str, topics: list[str] | tuple[str, ...] = MAIN_TOPICS
) -> Figure:
    """The chart of the US tariff on the partner's goods over 2025–26, for one deal."""
    from tradeterms.timeline import period

    deal = catalog.deal(deal) if isinstance(deal, str) else deal
    title = f"US tariff on goods of {deal.partner}: {deal.name}"
    series = rate_series(catalog, deal, topics)
    return rate_figure(series, legal_markers(catalog, deal), title, period(catalog))


def rate_changes(series: RateSeries) -> str:
    """The rate changes in words; a point that only changes the wording is left out."""
    steps, last = [], None
    for point in series.points:
        if point.rate != last:
            steps.append(f"{_percent(point.rate)} from {day(point.date)}")
        last = point.rate
    return ", ".join(steps)


def rate_alt(partner: str, series: list[RateSeries], markers: list[LegalMarker]) -> str:
    """The rate chart in words: each line's steps, then the marked events."""
    lines = [f"{s.label}: {rate_changes(s)}" for s in series]
    marks = [f"{n} {m.label} ({day(m.date)})" for n, m in enumerate(markers, 1)]
    return (
        f"Step chart of the US tariff on goods of {partner}, 2025–26. "
        + "; ".join(lines)
        + ". Dashed lines: "
        + "; ".join(marks)
        + "."
    )


def topic_series(
    catalog: Catalog, topic: str, deals: list[Deal] | None = None
) -> list[tuple[Deal, RateSeries]]:
    """One topic's rate series for each deal that states a rate on it."""
    found = []
    for deal in deals if deals is not None else list(catalog):
        series = rate_series(catalog, deal, [topic])
        if series:
            found.append((deal, series[0]))
    return found


def topic_figure(catalog: Catalog, topic: str, deals: list[Deal] | None = None) -> Figure:
    """Small multiples: one panel per deal with the topic's US rate over 2025–26 as a step
    line, on shared axes; dashed lines mark the legal events in the data."""
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    from tradeterms.timeline import period

    span = period(catalog)
    panels = topic_series(catalog, topic, deals)
    columns = 4
    rows = max(1, -(-len(panels) // columns))
    fig = Figure(figsize=(10, 1.9 * rows + 0.8), layout="constrained")
    axes = list(fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).flat)
    events = [e.effective for e in catalog.data.events]
    for ax, (deal, series) in zip(axes, panels, strict=False):
        days = [p.date for p in series.points] + [span[1]]
        rates = [float("nan") if p.rate is None else p.rate for p in series.points]
        ax.step(_dates(days), [*rates, rates[-1]], where="post", linewidth=2)
        for event in events:
            ax.axvline(_dates(event), color="grey", linestyle=(0, (2, 3)), linewidth=1)
        ax.set_title(deal.id, fontsize="small")
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize="x-small")
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    first = axes[0]
    first.set_xlim(_dates(span[0]), _dates(span[1]))
    first.set_ylim(bottom=0)
    years = range(span[0].year, span[1].year + 1)
    first.set_xticks(_dates([dt.date(year, month, 1) for year in years for month in (1, 7)]))
    first.xaxis.set_major_formatter(DateFormatter("%b %y"))  # type: ignore[no-untyped-call]
    label = catalog.topics[topic].label
    fig.suptitle(f"US tariff by partner, 2025–26: {label} (%)")
    return fig


def topic_alt(catalog: Catalog, topic: str, deals: list[Deal] | None = None) -> str:
    panels = topic_series(catalog, topic, deals)
    label = catalog.topics[topic].label
    events = "; ".join(f"{e.title} ({day(e.effective)})" for e in catalog.data.events)
    return (
        f"Small multiples of the US tariff by partner, 2025–26: {label}. "
        + "; ".join(f"{deal.id}: {rate_changes(series)}" for deal, series in panels)
        + f". Dashed lines: {events}."
    )


def pledge_table(comparison: Comparison) -> pd.DataFrame:
    """The pledges in USD: one row per deal and term, the total and the yearly amount."""
    numbers = comparison.numbers
    usd = numbers[numbers["measure"].str.endswith("amount in USD") & (numbers["unit"] == "USD")]
    yearly = numbers[numbers["measure"].str.endswith("per year in USD")]
    keys = ["deal", "term", "topic", "source"]
    table = usd[[*keys, "value"]].rename(columns={"value": "usd"})
    per_year = yearly[[*keys, "value"]].rename(columns={"value": "usd_per_year"})
    merged = table.merge(per_year, on=keys, how="outer")
    return merged.sort_values(["usd", "usd_per_year"], ascending=False, na_position="last")


def pledge_figure(comparison: Comparison) -> Figure:
    """Pledges on one footing: USD (left) and USD per year (right), one bar per pledge."""
    from matplotlib.figure import Figure

    table = pledge_table(comparison)
    labels = [f"{d} · {t}" for d, t in zip(table["deal"], table["term"], strict=True)]
    fig = Figure(figsize=(10, 0.32 * len(labels) + 1.6), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    positions = range(len(labels))
    left.barh(positions, table["usd"].fillna(0) / 1e9, color="tab:blue")
    right.barh(positions, table["usd_per_year"].fillna(0) / 1e9, color="tab:orange")
    left.set_yticks(list(positions), labels, fontsize="small")
    left.invert_yaxis()
    left.set_xlabel("USD bn")
    right.set_xlabel("USD bn per year (over the pledge's horizon)")
    for ax in (left, right):
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"Pledges in USD, as of {comparison.as_of}")
    return fig


def pledge_alt(comparison: Comparison) -> str:
    parts = []
    for row in pledge_table(comparison).to_dict("records"):
        usd, yearly = float(row["usd"]), float(row["usd_per_year"])
        total = "no total" if math.isnan(usd) else f"USD {usd / 1e9:,.1f}bn"
        per_year = "" if math.isnan(yearly) else f", USD {yearly / 1e9:,.1f}bn a year"
        parts.append(f"{row['deal']} {row['term']}: {total}{per_year}")
    return f"Bar chart of pledges in USD as of {comparison.as_of}. " + "; ".join(parts) + "."


def etr_figure(results: list[EtrResult]) -> Figure:
    """One panel per partner: the import-weighted rate over time, its layers stacked (the
    unsettled part on top, hatched), with the low–high bracket as dotted lines."""
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    from tradeterms.effective import BREAKDOWN

    partners = list(dict.fromkeys(r.partner for r in results))
    columns = min(3, len(partners))
    rows = -(-len(partners) // columns)
    fig = Figure(figsize=(4 * columns + 1, 2.6 * rows + 0.9), layout="constrained")
    axes = list(fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).flat)
    for ax, partner in zip(axes, partners, strict=False):
        mine = sorted((r for r in results if r.partner == partner), key=lambda r: r.on)
        days = _dates([r.on for r in mine])
        stacks = [[100 * r.by_layer[name] for r in mine] for name in BREAKDOWN]
        polys = ax.stackplot(
            days, *stacks, labels=[n.replace("_", " ") for n in BREAKDOWN], step="post"
        )
        polys[-1].set_hatch("//")
        for bound in ("low", "high"):
            ax.step(
                days,
                [100 * getattr(r, bound) for r in mine],
                where="post",
                color="black",
                linestyle=":",
                linewidth=1,
            )
        ax.set_title(partner, fontsize="small")
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize="x-small")
        ax.xaxis.set_major_formatter(DateFormatter("%b %y"))  # type: ignore[no-untyped-call]
    for ax in axes[len(partners) :]:
        ax.set_visible(False)
    axes[0].set_ylim(bottom=0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(BREAKDOWN), fontsize="small")
    fig.suptitle("US import-weighted tariff rate by layer, 2024 weights (%)")
    return fig


def etr_alt(results: list[EtrResult]) -> str:
    """The chart's numbers in words: first and last rate per partner."""
    parts = []
    for partner in dict.fromkeys(r.partner for r in results):
        mine = sorted((r for r in results if r.partner == partner), key=lambda r: r.on)
        first, last = mine[0], mine[-1]
        parts.append(
            f"{partner}: {100 * first.rate:.1f}% on {day(first.on)}, "
            f"{100 * last.rate:.1f}% on {day(last.on)}"
        )
    return "Import-weighted US tariff rate by partner, layers stacked. " + "; ".join(parts)


def to_svg(fig: Figure) -> str:
    """The figure as SVG text, the same bytes for the same figure (no date, fixed ids)."""
    from matplotlib import rc_context

    out = io.StringIO()
    with rc_context({"svg.hashsalt": "tradeterms", "svg.fonttype": "path"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
