"""`list` and `show`: deals and their terms as plain data, and their text/JSON renderings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from tradeterms.catalog import Catalog
from tradeterms.changes import Change
from tradeterms.describe import day, describe_state, describe_value, markers
from tradeterms.models import Deal, Source
from tradeterms.state import ClaimView, TermState

__all__ = [
    "DealSummary",
    "DealView",
    "deal_list",
    "deal_view",
    "render_deal_list",
    "render_deal_view",
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
    catalog: Catalog, deal_id: str, as_of: dt.date | None = None, known_on: dt.date | None = None
) -> DealView:
    """A deal with every term's state on a date and the sources its claims cite."""
    deal = catalog.deal(deal_id)
    day = as_of or dt.date.today()
    states = catalog.state(deal, as_of=day, known_on=known_on)
    cited = {v.claim.source for s in states for v in (*s.counted, *s.pending)}
    cited |= {v.claim.source for s in states for v, _ in s.ended}
    sources = {i: catalog.sources[i] for i in sorted(cited)}
    return DealView(deal, day, known_on, states, sources)


def render_deal_list(summaries: list[DealSummary], fmt: str = "text") -> str:
    if fmt == "json":
        return (
            json.dumps([_summary_json(s) for s in summaries], indent=2, ensure_ascii=False) + "\n"
        )
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
            rows,
            headers,
            tablefmt="simple",
            disable_numparse=True,
            maxcolwidths=[None, 40, None, 50, None],
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


def render_deal_view(view: DealView, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(_view_json(view), indent=2, ensure_ascii=False) + "\n"
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
        "markers": markers(state),
        "disputed": state.disputed,
        "claims": [_claim_json(v, "counts") for v in state.counted]
        + [_claim_json(v, "pending") for v in state.pending]
        + [_claim_json(v, "ended") for v, _ in state.ended],
    }


def _claim_json(view: ClaimView, status: str) -> dict[str, Any]:
    return {"status": status, "origin": view.origin, **view.claim.model_dump(mode="json")}


def render_changes(changes: list[Change], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([_change_json(c) for c in changes], indent=2, ensure_ascii=False) + "\n"
    if not changes:
        return "No term changed.\n"
    lines = []
    for change in changes:
        lines += [f"{change.topic}  {change.title}", f"  before: {change.before}"]
        lines += [f"  after:  {change.after}"]
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
        "sources": [s.model_dump(mode="json") for s in change.sources],
    }
