"""Comparisons in every format of the output registry (tradeterms.output).

Text is a tabulate table in any safe tabulate style (`style`, default grid); markdown and
HTML are the comparison's own, with footnotes; csv, tsv and xlsx come from its table (xlsx
adds the numbers and footnotes sheets). Rendering knows nothing of the command line.
Everything that comes from the data is escaped for the target format: `|` and line breaks
in markdown, all markup in HTML.
"""

from __future__ import annotations

import html
import shutil
from typing import TYPE_CHECKING, Any

from tradeterms._wrap import wrap_cells
from tradeterms.comparison import GROUP_LABELS, Comparison
from tradeterms.describe import MARKER_MEANINGS, state_sides_json
from tradeterms.describe import MARKER_SYMBOLS as SYMBOLS
from tradeterms.errors import InvalidArgumentError
from tradeterms.output import Output, Table, check, printable_rows, web_link
from tradeterms.output import escape_html as _h
from tradeterms.output import escape_markdown as _md
from tradeterms.output import render as render_output

if TYPE_CHECKING:
    from tradeterms.comparison import Footnote

__all__ = [
    "checked_style",
    "comparison_output",
    "render",
    "styles",
    "to_html",
    "to_json",
    "to_markdown",
]

# Text output is for a terminal: only tabulate's plain-text layouts are offered. The styles
# that write a markup language (github, pipe, mediawiki, jira, rst, orgtbl, latex, html, …)
# pass cell text through as markup (a `|` in a cell splits it, `|}` ends a wiki table), so
# data from a file would become structure; --format markdown / html escape it instead. An
# allow-list, so that a style tabulate adds later is not offered unchecked.
TEXT_STYLES = frozenset(
    {"plain", "simple", "grid", "simple_grid", "rounded_grid", "heavy_grid", "mixed_grid",
     "double_grid", "fancy_grid", "outline", "simple_outline", "rounded_outline",
     "heavy_outline", "mixed_outline", "double_outline", "fancy_outline", "psql", "presto",
     "pretty"}
)  # fmt: skip


def styles() -> list[str]:
    """The tabulate styles text output can take (`--style`): its plain-text layouts."""
    import tabulate

    return sorted(TEXT_STYLES & set(tabulate.tabulate_formats))


def checked_style(style: str) -> str:
    """`style` if text output takes it, else UnknownFormatError (saying why for markup)."""
    import tabulate

    markup = style in tabulate.tabulate_formats and style not in TEXT_STYLES
    hint = "a markup style, which does not escape cells: use --format markdown or html"
    return check(style, styles(), "style", hint if markup else "")


def render(
    comparison: Comparison, fmt: str = "text", width: int | None = None, style: str = "grid"
) -> str | bytes:
    """The comparison in a format of tradeterms.output.TABLE_FORMATS; bytes for xlsx."""
    return render_output(comparison_output(comparison, width, style), fmt)


def comparison_output(
    comparison: Comparison, width: int | None = None, style: str = "grid"
) -> Output:
    return Output(
        text=lambda: to_text(comparison, checked_style(style), width),
        data=lambda: _json_data(comparison),
        table=lambda: _table_of(comparison),
        sheets=lambda: [_numbers_table(comparison), _footnotes_table(comparison)],
        own={"markdown": lambda: to_markdown(comparison), "html": lambda: to_html(comparison)},
    )


def _header(comparison: Comparison) -> str:
    known = f", as known on {comparison.known_on}" if comparison.known_on else ""
    return f"As of {comparison.as_of}{known}"


def _legend() -> str:
    return "  ".join(f"{SYMBOLS[m]} {m}" for m in MARKER_MEANINGS) + "  — silent"


Row = tuple[str, str, str, list[str]]  # group, topic label, topic id, cell texts


def _rows(comparison: Comparison) -> list[Row]:
    """One row per topic, in display order."""
    rows = []
    for topic in comparison.topics:
        info = comparison.catalog.topics[topic]
        cells = [comparison.cells[(d.id, topic)].text for d in comparison.deals]
        rows.append((GROUP_LABELS[info.group], str(info.label), topic, cells))
    return rows


LABEL_WIDTH = 26
MIN_CELL_WIDTH = 16  # narrower cells break every word; beyond this, split into panels


def to_text(comparison: Comparison, fmt: str = "grid", width: int | None = None) -> str:
    """A text table; when the deals do not fit the width, several panels of fewer deals."""
    if width is not None and width < 1:
        raise InvalidArgumentError(f"width must be a positive number of columns, got {width}")
    total = width or shutil.get_terminal_size((120, 24)).columns
    panels = _panels(len(comparison.deals), total)
    parts = [_header(comparison)]
    if len(panels) > 1:
        parts.append(_textwrap(_split_note(len(comparison.deals), total, len(panels)), total))
    grouped = _grouped(comparison)  # the cells in words, worked out once for every panel
    parts += [_table(comparison, grouped, fmt, total, columns) for columns in panels]
    questions = _question_line(comparison).rstrip("\n")
    parts += [_textwrap(_legend(), total), _textwrap(questions, total) + "\n"]
    return "\n".join(parts)


def _panels(columns: int, total: int) -> list[range]:
    """Deal columns per panel: all in one when they fit, else balanced panels that fit."""
    fit = max(1, (total - LABEL_WIDTH - 4) // (MIN_CELL_WIDTH + 3))
    if columns <= fit:
        return [range(columns)]
    count = -(-columns // fit)
    size = -(-columns // count)
    return [range(i, min(i + size, columns)) for i in range(0, columns, size)]


def _split_note(columns: int, total: int, panels: int) -> str:
    return (
        f"{columns} deals do not fit in {total} columns, so they are shown in {panels} panels. "
        "Fewer deal ids, --topics, or --format markdown / html / csv suit better."
    )


def _table(comparison: Comparison, grouped: Grouped, fmt: str, total: int, columns: range) -> str:
    """One panel; cells narrow until it fits (some symbols count double in tabulate)."""
    n = len(columns)
    cell_width = max(MIN_CELL_WIDTH, (total - LABEL_WIDTH - 3 * (n + 1)) // max(n, 1))
    while True:
        text = _tabulate(comparison, grouped, fmt, columns, cell_width)
        if cell_width <= MIN_CELL_WIDTH or max(map(len, text.splitlines())) <= total:
            return text
        cell_width -= 1


def _tabulate(
    comparison: Comparison, grouped: Grouped, fmt: str, columns: range, cell_width: int
) -> str:
    from tabulate import tabulate

    n = len(columns)
    table: list[list[str]] = []
    for group, rows in grouped:
        table.append([group.upper()] + [""] * n)
        table += [
            [label, *(_break_long_words(cells[i], cell_width) for i in columns)]
            for _, label, _, cells in rows
        ]
    headers = ["topic", *[comparison.deals[i].id for i in columns]]
    widths = [LABEL_WIDTH, *([cell_width] * n)]
    return tabulate(
        wrap_cells(printable_rows(table), widths),
        [str(h) for h in wrap_cells(printable_rows([headers]), widths)[0]],
        tablefmt=fmt,
        disable_numparse=True,
    )


def _break_long_words(text: str, width: int) -> str:
    """Split words longer than a cell, which the table would otherwise widen to fit."""
    import textwrap

    words = text.split(" ")
    return " ".join(" ".join(textwrap.wrap(w, width)) if len(w) > width else w for w in words)


def _textwrap(text: str, total: int) -> str:
    import textwrap

    return textwrap.fill(text, width=total, break_on_hyphens=False) if len(text) > total else text


Grouped = list[tuple[str, list[Row]]]  # rows under their group's label


def _grouped(comparison: Comparison) -> Grouped:
    grouped: dict[str, list[Row]] = {}
    for row in _rows(comparison):
        grouped.setdefault(row[0], []).append(row)
    return list(grouped.items())


def _question_line(comparison: Comparison) -> str:
    counts = ", ".join(f"{deal}: {n}" for deal, n in comparison.questions.items())
    return f"Open questions ({counts}): see `tradeterms questions`\n"


def to_markdown(comparison: Comparison) -> str:
    headers = ["group", "topic", *[d.id for d in comparison.deals]]
    lines = [
        f"*{_md(_header(comparison))}*",
        "",
        "| " + " | ".join(_md(h) for h in headers) + " |",
        "|" + "---|" * len(headers),
    ]
    for group, label, _, cells in _rows(comparison):
        lines.append("| " + " | ".join(_md(c) for c in [group, label, *cells]) + " |")
    lines += ["", _md(_legend()), ""]
    lines += [f"- {_md(_footnote_text(n))}" for n in comparison.footnotes]
    return "\n".join(lines) + "\n"


def _footnote_text(note: Footnote) -> str:
    claims = "; ".join(note.claims)
    return (
        f"{note.deal} / {note.topic} {SYMBOLS[note.marker]} {note.marker}: {note.meaning}. {claims}"
    )


def to_html(comparison: Comparison) -> str:
    head = "".join(f"<th>{_h(d.id)}</th>" for d in comparison.deals)
    notes = _note_ids(comparison)
    body = []
    for group, rows in _grouped(comparison):
        body.append(
            f'<tr class="group"><th colspan="{len(comparison.deals) + 1}">{_h(group)}</th></tr>'
        )
        body += [_html_row(comparison, row, notes) for row in rows]
    footnotes = "".join(
        f'<li id="{notes[(n.deal, n.topic, n.marker)]}">{_h(_footnote_text(n))} {_links(n)}</li>'
        for n in comparison.footnotes
    )
    return (
        f'<div class="tradeterms-comparison"><p><em>{_h(_header(comparison))}</em></p>'
        f"<table><thead><tr><th>topic</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<p>{_h(_legend())}</p><ol>{footnotes}</ol></div>"
    )


def _note_ids(comparison: Comparison) -> dict[tuple[str, str, str], str]:
    return {(n.deal, n.topic, n.marker): f"fn-{i}" for i, n in enumerate(comparison.footnotes, 1)}


def _html_row(comparison: Comparison, row: Row, notes: dict[tuple[str, str, str], str]) -> str:
    _, label, topic, _ = row
    tds = []
    for deal in comparison.deals:
        cell = comparison.cells[(deal.id, topic)]
        links = "".join(
            f' <a href="#{notes[(deal.id, topic, m)]}">{SYMBOLS[m]}</a>'
            for m in cell.markers
            if (deal.id, topic, m) in notes
        )
        tds.append(f"<td>{_h(cell.words)}{links}</td>")
    return f"<tr><th>{_h(label)}</th>{''.join(tds)}</tr>"


def _links(note: Footnote) -> str:
    return " ".join(_link(title, url) for _, title, url in note.sources)


def _link(title: str, url: str) -> str:
    """A link for an http(s) address; any other (javascript:, data:) is shown as text."""
    if web_link(url):
        return f'<a href="{html.escape(url, quote=True)}">{_h(title)}</a>'
    return f"{_h(title)} ({_h(url)})"


def _table_of(comparison: Comparison) -> Table:
    columns = ("group", "topic", *[d.id for d in comparison.deals])
    return Table(
        "comparison", columns, [(g, label, *cells) for g, label, _, cells in _rows(comparison)]
    )


def to_json(comparison: Comparison) -> str:
    return str(render_output(comparison_output(comparison), "json"))


def _json_data(comparison: Comparison) -> dict[str, Any]:
    rows = []
    for topic in comparison.topics:
        info = comparison.catalog.topics[topic]
        cells = {d.id: _json_cell(comparison, d.id, topic) for d in comparison.deals}
        rows.append(
            {"group": GROUP_LABELS[info.group], "topic": topic, "label": info.label, "cells": cells}
        )
    numbers = comparison.numbers.astype(object).where(comparison.numbers.notna(), None)
    return {
        "as_of": comparison.as_of.isoformat(),
        "known_on": comparison.known_on.isoformat() if comparison.known_on else None,
        "deals": [{"id": d.id, "name": d.name, "parties": d.parties} for d in comparison.deals],
        "rows": rows,
        "footnotes": [_json_note(n) for n in comparison.footnotes],
        "numbers": numbers.to_dict(orient="records"),
        "questions": comparison.questions,
    }


def _json_cell(comparison: Comparison, deal: str, topic: str) -> dict[str, Any]:
    cell = comparison.cells[(deal, topic)]
    return {
        "text": cell.text,
        "markers": cell.markers,
        "terms": [
            {
                "term": s.term.id,
                "title": s.term.title,
                "value": s.value.model_dump(mode="json", exclude_defaults=True)
                if s.value
                else None,
                "source": s.current.source.id if s.current else None,
                **state_sides_json(s),
                "disputed": s.disputed,
            }
            for s in cell.states
        ],
    }


def _json_note(note: Footnote) -> dict[str, Any]:
    return {
        "deal": note.deal,
        "topic": note.topic,
        "marker": note.marker,
        "meaning": note.meaning,
        "claims": list(note.claims),
        "sources": [{"id": i, "title": t, "url": u} for i, t, u in note.sources],
    }


def _numbers_table(comparison: Comparison) -> Table:
    numbers = comparison.numbers.astype(object).where(comparison.numbers.notna(), None)
    return Table("numbers", tuple(map(str, numbers.columns)), numbers.values.tolist())


def _footnotes_table(comparison: Comparison) -> Table:
    columns = ("deal", "topic", "marker", "meaning", "claims", "sources")
    rows = [
        (n.deal, n.topic, n.marker, n.meaning, "\n".join(n.claims),
         "\n".join(f"[{i}] {t} {u}" for i, t, u in n.sources))
        for n in comparison.footnotes
    ]  # fmt: skip
    return Table("footnotes", columns, rows)
