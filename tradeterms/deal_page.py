"""A deal as a markdown page: milestones, every term with its claims, questions, sources.

The site's deal pages are made with this when the site is built (scripts/site_pages.py).
Pages are dated by the newest source in the data, not by today, so they only change when
the data does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tradeterms.catalog import Catalog
from tradeterms.describe import day, describe_state, describe_value, markers, superseded_words
from tradeterms.models import Deal, Source
from tradeterms.open_questions import Question, questions
from tradeterms.output import escape_html, escape_markdown, no_workflow_commands, web_link
from tradeterms.state import ClaimView

__all__ = ["data_date", "deal_page"]


def data_date(catalog: Catalog) -> dt.date:
    """The newest publication date among all sources: the date the data speaks for."""
    return max(s.public_on for s in catalog.sources.values())


def _cell(text: str) -> str:
    """Data as markdown text: never markup, a link, a table break or a terminal escape."""
    return escape_markdown(text.strip())


def _claim_line(view: ClaimView, status: str) -> str:
    claim = view.claim
    flags = " (unconfirmed)" if claim.unconfirmed else ""
    quote = f' — "{_cell(claim.quote)}"' if claim.quote else ""
    return (
        f"  - {day(view.said)}, {'+'.join(claim.by)}, {claim.strength.value}{flags}: "
        f"{_cell(describe_value(claim.value))}{quote} [{view.source.id}] *({status})*"
    )


def _terms(catalog: Catalog, deal: Deal, as_of: dt.date) -> list[str]:
    lines = ["## Terms", "", f"State as of {as_of} (the newest source in the data).", ""]
    for state in catalog.state(deal, as_of=as_of):
        flags = ", ".join(markers(state))
        title = f"### {_cell(state.term.title)} (`{state.term.topic}`)"
        lines += [
            title,
            "",
            f"**{_cell(describe_state(state))}**" + (f" — {flags}" if flags else ""),
            "",
        ]
        lines += [_claim_line(v, "counts") for v in state.counted]
        lines += [_claim_line(v, "not yet in force") for v in state.pending]
        lines += [_claim_line(v, superseded_words(later)) for v, later in state.superseded]
        lines += [_claim_line(v, f"ended by {e.id}" if e else "expired") for v, e in state.ended]
        lines.append("")
    return lines


def _milestones(deal: Deal) -> list[str]:
    """A timeline, oldest first: date, kind, what happened, and the source."""
    items = [
        f'<li><time datetime="{m.date}">{day(m.date)}</time><em>{m.kind.value}</em> — '
        f"{escape_html(m.title)} <code>{escape_html(m.source)}</code></li>"
        for m in sorted(deal.milestones, key=lambda m: m.date)
    ]
    return ["## Milestones", "", '<ol class="timeline">', *items, "</ol>", ""]


def _questions(found: Sequence[Question]) -> list[str]:
    """The open questions, most severe first (`tradeterms questions` gives the evidence)."""
    if not found:
        return ["## Open questions", "", "None as of the newest source.", ""]
    lines = [
        "## Open questions",
        "",
        f"{len(found)} open as of the newest source; `tradeterms questions DEAL` gives the "
        "evidence for each, [open questions](../questions.md) explains the kinds.",
        "",
        "| severity | kind | term | question | raised |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {q.severity.value} | {q.kind} | {_cell(q.term or q.topic or '')} | "
        f"{_cell(q.message)} | {q.raised} |"
        for q in found
    ]
    return [*lines, ""]


def _sources(catalog: Catalog, deal: Deal) -> list[str]:
    cited = {v.claim.source for _, views in catalog.terms(deal) for v in views}
    cited |= {m.source for m in deal.milestones}
    lines = ["## Sources", ""]
    for source_id in sorted(cited):
        s = catalog.sources[source_id]
        via = f" Via {_cell(s.via)}." if s.via else ""
        lines.append(
            f"- `{s.id}` — {_cell(s.title)}. {_cell(s.publisher)}, {s.date} ({s.kind.value}). "
            f"{_url(s)}{via}"
        )
    return [*lines, ""]


def _url(source: Source) -> str:
    """An autolink for an http(s) address; any other is shown as text, never as a link."""
    return f"<{source.url}>" if web_link(source.url) else _cell(source.url)


def deal_page(
    catalog: Catalog,
    deal_id: str,
    chart: str = "",
    open_questions: Sequence[Question] | None = None,
) -> str:
    """The page in markdown; `chart` (markdown) goes between the summary and the milestones.

    `open_questions` are the deal's questions as of the newest source, worked out here
    when not given (pass them in to work them out once for many deals).
    """
    deal = catalog.deal(deal_id)
    as_of = data_date(catalog)
    if open_questions is None:
        open_questions = questions(deal.id, as_of=as_of, catalog=catalog, with_lines=False)
    head = [
        f"# {_cell(deal.name)}",
        "",
        f"Deal id `{deal.id}`; parties: {', '.join(deal.parties)}.",
        "",
    ]
    if deal.summary:
        head += [_cell(deal.summary), ""]
    if chart:
        head += [chart, ""]
    body = _milestones(deal) + _terms(catalog, deal, as_of) + _questions(open_questions)
    return no_workflow_commands("\n".join(head + body + _sources(catalog, deal)))
