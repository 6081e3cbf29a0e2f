"""`list`, `show` and `diff`: deals and their terms as plain data, and their renderings.

`deals()` and `show()` are the library twins of `tradeterms list` and `tradeterms show`:

    >>> import tradeterms
    >>> [d.id for d in tradeterms.deals()][:2]
    ['us-eu-2025', 'us-japan-2025']
    >>> view = tradeterms.show("us-eu-2025", as_of="2025-09-01")
    >>> view.as_of, view.states[0].term.topic
    (datetime.date(2025, 9, 1), 'tariff.baseline')
    >>> print(render_deal_list(tradeterms.deals()[:1], "csv"), end="")
    deal,name,parties,latest milestone date,latest milestone,newest source
    us-eu-2025,...
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tradeterms._dates import to_date
from tradeterms._wrap import wrap_cells
from tradeterms.catalog import Catalog
from tradeterms.changes import Change
from tradeterms.describe import (
    day,
    describe_state,
    describe_value,
    markers,
    state_sides_json,
    superseded_words,
)
from tradeterms.models import Deal, Source
from tradeterms.output import Output, Table, printable_rows, render
from tradeterms.state import ClaimView, TermState

__all__ = [
    "DealSummary",
    "DealView",
    "deal_list",
    "deal_view",
    "deals",
    "render_changes",
    "render_deal_list",
    "render_deal_view",
    "show",
]


@dataclass(frozen=True)
class DealSummary:
    id: str
    name: str
    parties: list[str]
    latest_milestone: str
    latest_milestone_date: dt.date
    newest_source_date: dt.date | None


def deal_list(catalog: Catalog) -> list[DealSummary]:
    """One line of facts per deal."""
    return [_summary(catalog, deal) for deal in catalog]


def deals(catalog: Catalog | None = None) -> list[DealSummary]:
    """`tradeterms list` as data: one summary per deal of `catalog` (default: shipped data)."""
    from tradeterms.loader import load

    return deal_list(catalog or load())


def show(
    deal_id: str,
    as_of: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    catalog: Catalog | None = None,
) -> DealView:
    """`tradeterms show` as data: every term of a deal with its state, claims and sources."""
    from tradeterms.loader import load

    return deal_view(catalog or load(), deal_id, as_of=as_of, known_on=known_on)


def _summary(catalog: Catalog, deal: Deal) -> DealSummary:
    last = max(deal.milestones, key=lambda m: m.date)
    newest = catalog.newest_source(deal)
    return DealSummary(
        deal.id,
        deal.name,
        deal.parties,
        last.title,
        last.date,
        newest.public_on if newest else None,
    )


@dataclass(frozen=True)
class DealView:
    deal: Deal
    as_of: dt.date
    known_on: dt.date | None
    states: list[TermState]
    sources: dict[str, Source]


def deal_view(
    catalog: Catalog,
    deal_id: str,
    as_of: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
) -> DealView:
    """A deal with every term's state on a date and the sources its claims cite."""
    deal = catalog.deal(deal_id)
    day = to_date(as_of, "as_of") or dt.date.today()
    known_on = to_date(known_on, "known_on")
    states = catalog.state(deal, as_of=day, known_on=known_on)
    cited = {v.claim.source for s in states for v in (*s.counted, *s.pending)}
    cited |= {v.claim.source for s in states for v, _ in (*s.ended, *s.superseded)}
    sources = {i: catalog.sources[i] for i in sorted(cited)}
    return DealView(deal, day, known_on, states, sources)


def render_deal_list(summaries: list[DealSummary], fmt: str = "text") -> str | bytes:
    """The deal list in any format of tradeterms.output.TABLE_FORMATS."""
    return render(deal_list_output(summaries), fmt)


def deal_list_output(summaries: list[DealSummary]) -> Output:
    columns = (
        *("deal", "name", "parties", "latest milestone date", "latest milestone"),
        "newest source",
    )
    rows = [
        (s.id, s.name, "–".join(s.parties), s.latest_milestone_date, s.latest_milestone,
         s.newest_source_date)
        for s in summaries
    ]  # fmt: skip
    return Output(
        text=lambda: _deal_list_text(summaries),
        data=lambda: [_summary_json(s) for s in summaries],
        table=lambda: Table("deals", columns, rows),
    )


def _deal_list_text(summaries: list[DealSummary]) -> str:
    from tabulate import tabulate

    rows = [
        [
            s.id,
            s.name,
            "–".join(s.parties),
            f"{s.latest_milestone_date} {s.latest_milestone}",
            s.newest_source_date,
        ]
        for s in summaries
    ]
    headers = ["deal", "name", "parties", "latest milestone", "newest source"]
    return (
        tabulate(
            wrap_cells(printable_rows(rows), [None, 40, None, 50, None]),
            headers,
            tablefmt="simple",
            disable_numparse=True,
        )
        + "\n"
    )


def _summary_json(summary: DealSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "name": summary.name,
        "parties": summary.parties,
        "latest_milestone": {
            "date": summary.latest_milestone_date.isoformat(),
            "title": summary.latest_milestone,
        },
        "newest_source": summary.newest_source_date.isoformat()
        if summary.newest_source_date
        else None,
    }


def render_deal_view(view: DealView, fmt: str = "text") -> str | bytes:
    """The deal view in any format of tradeterms.output.TABLE_FORMATS (one row per term)."""
    return render(deal_view_output(view), fmt)


def deal_view_output(view: DealView) -> Output:
    columns = ("topic", "term", "title", "state", "markers", "sources")
    rows = [
        (s.term.topic, s.term.id, s.term.title, describe_state(s), ", ".join(markers(s)),
         ", ".join(dict.fromkeys(v.claim.source for v in s.counted)))
        for s in view.states
    ]  # fmt: skip
    return Output(
        text=lambda: _deal_view_text(view),
        data=lambda: _view_json(view),
        table=lambda: Table(view.deal.id, columns, rows),
    )


def _deal_view_text(view: DealView) -> str:
    known = f", as known on {view.known_on}" if view.known_on else ""
    lines = [f"{view.deal.name} ({view.deal.id})", f"State as of {view.as_of}{known}", ""]
    for state in view.states:
        lines += _state_lines(state)
    lines += ["Sources:"] + [
        f"  [{s.id}] {s.title}. {s.publisher}, {s.date}. {s.url}" for s in view.sources.values()
    ]
    return "\n".join(lines) + "\n"


def _state_lines(state: TermState) -> list[str]:
    flags = ", ".join(markers(state))
    lines = [
        f"{state.term.topic}  {state.term.title}",
        f"  now: {describe_state(state)}" + (f"  [{flags}]" if flags else ""),
    ]
    for view in state.counted:
        lines.append("    " + _claim_line(view, "counts"))
    for view in state.pending:
        lines.append("    " + _claim_line(view, "not yet in force"))
    for view, later in state.superseded:
        lines.append("    " + _claim_line(view, superseded_words(later)))
    for view, event in state.ended:
        lines.append("    " + _claim_line(view, f"ended by {event.id}" if event else "expired"))
    return [*lines, ""]


def _claim_line(view: ClaimView, status: str) -> str:
    claim = view.claim
    who = "+".join(claim.by)
    how = f"({claim.strength.value}, {view.source.kind.value})"
    return f"{day(view.said)} {who} {how} {describe_value(claim.value)} [{claim.source}] — {status}"


def _view_json(view: DealView) -> dict[str, Any]:
    return {
        "deal": view.deal.model_dump(mode="json", exclude={"terms", "sources"}),
        "as_of": view.as_of.isoformat(),
        "known_on": view.known_on.isoformat() if view.known_on else None,
        "terms": [_state_json(s) for s in view.states],
        "sources": [s.model_dump(mode="json") for s in view.sources.values()],
    }


def _state_json(state: TermState) -> dict[str, Any]:
    return {
        "id": state.term.id,
        "topic": state.term.topic,
        "title": state.term.title,
        "state": describe_state(state),
        **state_sides_json(state),
        "markers": markers(state),
        "disputed": state.disputed,
        "claims": [_claim_json(v, "counts") for v in state.counted]
        + [_claim_json(v, "pending") for v in state.pending]
        + [_claim_json(v, "superseded", later) for v, later in state.superseded]
        + [_claim_json(v, "ended") for v, _ in state.ended],
    }


def _claim_json(view: ClaimView, status: str, later: ClaimView | None = None) -> dict[str, Any]:
    found = {"status": status, "origin": view.origin, **view.claim.model_dump(mode="json")}
    if later is not None:
        found["superseded_by"] = {"source": later.claim.source, "on": later.starts.isoformat()}
    return found


def render_changes(changes: list[Change], fmt: str = "text") -> str | bytes:
    """The changes in any format of tradeterms.output.TABLE_FORMATS (one row per term)."""
    return render(changes_output(changes), fmt)


def changes_output(changes: list[Change]) -> Output:
    columns = ("topic", "term", "title", "before", "after", "superseded", "sources")
    rows = [
        (
            *(c.topic, c.term, c.title, c.before, c.after, "\n".join(c.superseded)),
            ", ".join(s.id for s in c.sources),
        )
        for c in changes
    ]
    return Output(
        text=lambda: _changes_text(changes),
        data=lambda: [_change_json(c) for c in changes],
        table=lambda: Table("changes", columns, rows),
    )


def _changes_text(changes: list[Change]) -> str:
    if not changes:
        return "No term changed.\n"
    lines = []
    for change in changes:
        lines += [f"{change.topic}  {change.title}", f"  before: {change.before}"]
        lines += [f"  after:  {change.after}"]
        lines += [f"  superseded: {line}" for line in change.superseded]
        lines += [
            f"  source: [{s.id}] {s.title}. {s.publisher}, {s.date}. {s.url}"
            for s in change.sources
        ]
        lines.append("")
    return "\n".join(lines)


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "topic": change.topic,
        "term": change.term,
        "title": change.title,
        "before": change.before,
        "after": change.after,
        "superseded": list(change.superseded),
        "sources": [s.model_dump(mode="json") for s in change.sources],
    }
