"""The site's pages generated from the data: one per deal, comparisons, the change log.

mkdocs-gen-files runs this while `mkdocs build` runs (see mkdocs.yml); the pages and their
SVG charts exist only in the built site, so they cannot go stale. Everything is dated by the
newest source in the data, not by today. The numbers come from the library
(tradeterms.timeline, tradeterms.charts); this script only lays them out.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from itertools import groupby

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.charts import (
    deal_rate_figure,
    pledge_alt,
    pledge_figure,
    pledge_table,
    rate_alt,
    rate_changes,
    to_svg,
    topic_alt,
    topic_figure,
    topic_series,
)
from tradeterms.comparison import compare
from tradeterms.deal_page import data_date, deal_page
from tradeterms.describe import MARKER_MEANINGS, MARKER_SYMBOLS, day
from tradeterms.models import Deal
from tradeterms.open_questions import questions
from tradeterms.output import printable
from tradeterms.timeline import (
    MAIN_TOPICS,
    RateSeries,
    legal_markers,
    rate_series,
    record_log,
)

# The topics the side-by-side page shows: the US rates most deals set. Pledges have a page
# of their own; each deal's page has every term.
SIDE_BY_SIDE = list(MAIN_TOPICS)
WIDE = "---\nhide:\n  - toc\n---\n\n"  # wide tables get the table of contents' room

Pages = dict[str, str]  # path under docs/ -> text (markdown or SVG)


def _md(text: str) -> str:
    """Text from the data, safe inside markdown (and a table cell); control characters are
    shown escaped, as everywhere (tradeterms.output.printable)."""
    escaped = html.escape(printable(text, "\n"), quote=False)
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", "<br>")


def _alt(text: str) -> str:
    """Text safe inside ![...]: no brackets, no line breaks."""
    return text.replace("[", "(").replace("]", ")").replace("\n", " ")


def _table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:g}%"


def _rate_rows(series: list[RateSeries]) -> list[list[str]]:
    """One row per day some rate changes, from the first day any rate is stated."""
    rows: list[list[str]] = []
    for date in sorted({p.date for s in series for p in s.points}):
        rates = [_percent(s.rate_on(date)) for s in series]
        started = rows or any(r != "—" for r in rates)
        if started and (not rows or rows[-1][1:] != rates):
            rows.append([day(date), *rates])
    return rows


def _rate_chart(catalog: Catalog, deal: Deal) -> tuple[str, str]:
    """The deal's chart section (markdown) and its SVG."""
    series = rate_series(catalog, deal)
    markers = legal_markers(catalog, deal)
    if not series:
        return "## US tariffs over 2025–26\n\nThe data states no US tariff rate for this deal.", ""
    svg = to_svg(deal_rate_figure(catalog, deal))
    rates = _table(["from", *[_md(s.label) for s in series]], _rate_rows(series))
    marks = _table(
        ["#", "date", "legal event", "source"],
        ([str(n), day(m.date), _md(m.label), f"`{m.source}`"] for n, m in enumerate(markers, 1)),
    )
    lines = [
        f"## US tariff on goods of {deal.partner}, 2025–26",
        "",
        f"![{_alt(rate_alt(deal.partner, series, markers))}]({deal.id}-rates.svg)",
        "",
        "The rate of the claim that decides each term on each day (the rules are in "
        "[writing a deal](../writing-a-deal.md)); the terms below give the words. "
        "Each rate holds from its date until the next change:",
        "",
        *rates,
        "",
        "Dashed lines on the chart:",
        "",
        *marks,
    ]
    return "\n".join(lines), svg


def deal_pages(catalog: Catalog) -> Pages:
    pages: Pages = {}
    found = questions(as_of=data_date(catalog), catalog=catalog, with_lines=False)
    for deal in catalog:
        chart, svg = _rate_chart(catalog, deal)
        mine = [q for q in found if q.deal == deal.id]
        pages[f"deals/{deal.id}.md"] = deal_page(catalog, deal.id, chart, mine)
        if svg:
            pages[f"deals/{deal.id}-rates.svg"] = svg
    rows = []
    for deal in catalog:
        latest = max(deal.milestones, key=lambda m: m.date)
        rows.append(
            [f"[{_md(deal.name)}]({deal.id}.md)", ", ".join(deal.parties),
             f"{day(latest.date)}: {_md(latest.title)}"]
        )  # fmt: skip
    index = [
        "# Deals",
        "",
        f"One page per deal, generated from the data (newest source {day(data_date(catalog))}).",
        "",
        *_table(["deal", "parties", "latest milestone"], rows),
    ]
    pages["deals/index.md"] = "\n".join(index) + "\n"
    return pages


def _legend() -> list[str]:
    return [f"- {MARKER_SYMBOLS[m]} {m}: {meaning}" for m, meaning in MARKER_MEANINGS.items()]


def _over_time(catalog: Catalog, topic: str) -> tuple[list[str], Pages]:
    """A topic for every deal over 2025–26: the chart, and its numbers in a table."""
    svg = to_svg(topic_figure(catalog, topic))
    name = f"{topic.replace('.', '-')}-by-partner.svg"
    rows = (
        [f"[{d.id}](../deals/{d.id}.md)", _md(rate_changes(s))]
        for d, s in topic_series(catalog, topic)
    )
    lines = [
        f"## {_md(str(catalog.topics[topic].label))} by partner over 2025–26",
        "",
        f"![{_alt(topic_alt(catalog, topic))}]({name})",
        "",
        *_table(["deal", "rate changes (each holds until the next)"], rows),
    ]
    return lines, {f"compare/{name}": svg}


def side_by_side(catalog: Catalog) -> Pages:
    as_of = data_date(catalog)
    comparison = compare(as_of=as_of, topics=SIDE_BY_SIDE, catalog=catalog)
    labels = [_md(str(catalog.topics[t].label)) for t in comparison.topics]
    rows = [
        [f"[{_md(d.id)}](../deals/{d.id}.md)"]
        + [_md(comparison.cells[(d.id, t)].text) for t in comparison.topics]
        for d in comparison.deals
    ]
    chart, images = _over_time(catalog, "tariff.baseline")
    lines = [
        WIDE + "# All deals side by side",
        "",
        *chart,
        "",
        f"## On {day(as_of)}",
        "",
        f"Every deal on the main US tariff topics, as of {day(as_of)} (the newest source in "
        "the data). `tradeterms compare --as-of DATE -t 'tariff.*'` shows any date and any "
        "topics; each deal's page has the claims behind each cell.",
        "",
        *_table(["deal", *labels], rows),
        "",
        "Markers:",
        "",
        *_legend(),
        "- — the deal says nothing on the topic",
    ]
    return {"compare/index.md": "\n".join(lines) + "\n", **images}


def _bn(value: float) -> str:
    return "—" if value != value else f"{value / 1e9:,.1f}"  # NaN: no such figure


def pledges(catalog: Catalog) -> Pages:
    as_of = data_date(catalog)
    comparison = compare(as_of=as_of, topics=["investment*", "purchase.*"], catalog=catalog)
    table = pledge_table(comparison)
    rows = (
        [f"[{_md(r.deal)}](../deals/{r.deal}.md)", _md(r.term), _md(str(r.topic)),
         _bn(r.usd), _bn(r.usd_per_year), f"`{r.source}`"]
        for r in table.itertuples()
    )  # fmt: skip
    lines = [
        WIDE + "# Pledges on one footing",
        "",
        f"Investment and purchase pledges as of {day(as_of)}, in US dollars (at the dated, "
        "sourced exchange rates in the data) and per year over each pledge's horizon. Pledges "
        "are shown one by one, never summed: a deal's parts and its total overlap.",
        "",
        f"![{_alt(pledge_alt(comparison))}](pledges.svg)",
        "",
        *_table(["deal", "term", "topic", "USD bn", "USD bn per year", "source"], rows),
        "",
        "In Python: `tradeterms.compare(topics=['investment*', 'purchase.*']).plot()`.",
    ]
    svg = to_svg(pledge_figure(comparison))
    return {"compare/pledges.md": "\n".join(lines) + "\n", "compare/pledges.svg": svg}


def changelog(catalog: Catalog) -> str:
    lines = [
        "# Change log of the data",
        "",
        "Every claim in the record, newest first, under the date its source became public: "
        "what was said, by whom, how firmly. Measures for many deals have no deal link.",
    ]
    for date, entries in groupby(record_log(catalog), key=lambda e: e.date):
        lines += ["", f"## {day(date)}", ""]
        for e in entries:
            where = f"[{e.deal}](deals/{e.deal}.md)" if e.deal else "all deals it reaches"
            lines.append(
                f"- {where} — {_md(e.title)}: {'+'.join(e.by)} ({e.strength}) "
                f"{_md(e.text)} `{e.source}`"
            )
    return "\n".join(lines) + "\n"


def all_pages(catalog: Catalog) -> Pages:
    return {
        **deal_pages(catalog),
        **side_by_side(catalog),
        **pledges(catalog),
        "changelog.md": changelog(catalog),
    }


def main() -> None:
    import matplotlib
    import mkdocs_gen_files

    matplotlib.use("Agg")  # no display: the charts are written as SVG
    for path, text in all_pages(tradeterms.load()).items():
        with mkdocs_gen_files.open(path, "w") as out:
            out.write(text)


if __name__ in ("__main__", "<run_path>"):
    main()
