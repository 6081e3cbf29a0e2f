"""Questions found from a deal as a whole: curated ones, promised documents, peer gaps, age."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from tradeterms._question_context import Context
from tradeterms._term_history import TermHistory
from tradeterms.describe import day
from tradeterms.models import Deal, ExpectedInstrument, OpenQuestion, SourceKind
from tradeterms.question_kinds import kind
from tradeterms.question_model import Evidence, Question, Settlement
from tradeterms.state import TermState

__all__ = ["add_months", "curated", "peer_gaps", "pending_instruments", "stale"]


def curated(ctx: Context, deal: Deal) -> Iterator[Question]:
    """The questions written in the data, raised and resolved on their own dates."""
    for question in deal.questions:
        if question.raised > ctx.as_of or not _known_question(ctx, question):
            continue
        where = ctx.line(question)
        term = next((t for t in deal.terms if t.id == question.term), None)
        yield Question(
            id=f"{deal.id}/curated/{question.id}",
            deal=deal.id,
            kind="curated",
            severity=kind("curated").severity,
            message=f"{deal.name}: {question.text}",
            raised=question.raised,
            evidence=tuple(ctx.source_evidence(s, "cited", where) for s in question.sources),
            term=question.term,
            topic=question.topic or (term.topic if term else None),
            resolved=_curated_resolution(ctx, question),
        )


def _known_question(ctx: Context, question: OpenQuestion) -> bool:
    return ctx.known_on is None or question.raised <= ctx.known_on


def _curated_resolution(ctx: Context, question: OpenQuestion) -> Settlement | None:
    done = question.resolved
    if done is None or done.date > ctx.as_of or not ctx.known(done.source):
        return None
    return ctx.settlement(done.date, done.source, done.note)


def pending_instruments(ctx: Context, deal: Deal) -> Iterator[Question]:
    """Documents the parties said would follow; resolved once delivered."""
    for promise in deal.expected_instruments:
        if promise.promised_on > ctx.as_of or not ctx.known(promise.promised_in):
            continue
        where = ctx.line(promise)
        yield Question(
            id=f"{deal.id}/pending-instrument/{_slug(promise.title)}",
            deal=deal.id,
            kind="pending-instrument",
            severity=kind("pending-instrument").severity,
            message=(
                f"{deal.name}: promised on {day(promise.promised_on)} "
                f"[{promise.promised_in}] and not yet in the data: {promise.title}"
            ),
            raised=promise.promised_on,
            evidence=(ctx.source_evidence(promise.promised_in, "promised in", where),),
            resolved=_delivery(ctx, promise),
        )


def _delivery(ctx: Context, promise: ExpectedInstrument) -> Settlement | None:
    done = promise.delivered_on
    if done is None or done > ctx.as_of or not ctx.known(promise.delivered_in):
        return None
    return ctx.settlement(done, promise.delivered_in, f"delivered: {promise.title}")


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:8])


def peer_gaps(
    ctx: Context, deal: Deal, peers: list[Deal], histories: dict[str, list[TermHistory]]
) -> Iterator[Question]:
    """Topics a peer deal's own terms cover while this deal's own terms are silent."""
    own = _first_claims(histories[deal.id])
    covered: dict[str, list[tuple[Deal, TermHistory]]] = {}
    for peer in peers:
        for history in histories[peer.id]:
            if history.first_own_claim is not None:
                covered.setdefault(history.term.topic, []).append((peer, history))
    for topic, found in sorted(covered.items()):
        if topic.endswith(".other"):
            continue  # a catch-all topic holds unrelated provisions
        yield from _gap(ctx, deal, topic, found, own.get(topic))


def _first_claims(histories: list[TermHistory]) -> dict[str, dt.date]:
    """The first day a deal's own claim on each topic counted, up to as_of."""
    first: dict[str, dt.date] = {}
    for history in histories:
        start = history.first_own_claim
        if start is not None:
            topic = history.term.topic
            first[topic] = min(first.get(topic, start), start)
    return first


def _gap(
    ctx: Context,
    deal: Deal,
    topic: str,
    found: list[tuple[Deal, TermHistory]],
    own_start: dt.date | None,
) -> Iterator[Question]:
    peer_start = min(h.first_own_claim or ctx.as_of for _, h in found)
    if own_start is not None and (own_start <= peer_start or ctx.open_only):
        return  # covered from the start, or covered later (settled) and only open ones wanted
    peers = sorted({p.id for p, _ in found})
    label = ctx.catalog.topics[topic].label
    yield Question(
        id=f"{deal.id}/peer-gap/{topic}",
        deal=deal.id,
        kind="peer-gap",
        severity=kind("peer-gap").severity,
        message=f"{deal.name} is silent on {label} ({topic}), covered by {', '.join(peers)}",
        raised=peer_start,
        evidence=tuple(_peer_evidence(ctx, h) for _, h in found),
        topic=topic,
        resolved=_own_cover(ctx, deal, topic, own_start) if own_start else None,
    )


def _peer_evidence(ctx: Context, history: TermHistory) -> Evidence:
    views = [v for v in history.known_views if v.origin == "deal"]
    first = min(views, key=lambda v: v.starts)
    evidence = ctx.claim_evidence(first)
    return Evidence(
        f"{history.deal.id}: {history.term.title}: {evidence.summary}",
        evidence.parties,
        evidence.source,
        evidence.title,
        evidence.url,
        evidence.date,
        evidence.location,
    )


def _own_cover(ctx: Context, deal: Deal, topic: str, start: dt.date) -> Settlement:
    term = next(t for t in deal.terms if t.topic == topic)
    return ctx.settlement(start, term.claims[0].source, f"{deal.name} covers it: {term.title}")


def add_months(date: dt.date, months: int) -> dt.date:
    year, month = divmod(date.month - 1 + months, 12)
    year += date.year
    last = calendar.monthrange(year, month + 1)[1]
    return date.replace(year=year, month=month + 1, day=min(date.day, last))


def _rests_on_words(state: TermState) -> bool:
    """A state some source still has to keep current: not one a legal act in force decides
    alone (the law stands until another act changes it, however old the act)."""
    applied = state.applied
    if applied is None or applied.source.kind is not SourceKind.legal:
        return state.current is not None
    return state.agreed_differs or state.disputed


def stale(history: TermHistory) -> Question | None:
    """An active term whose newest source is older than the set age, unless a legal act in
    force decides it."""
    ctx = history.ctx
    dates = sorted({v.source.public_on for v in history.known_views if v.said <= ctx.as_of})
    if not dates:
        return None
    episodes = [
        (add_months(a, ctx.stale_months) + dt.timedelta(days=1), a, b)
        for a, b in zip(dates, [*dates[1:], None], strict=True)
        if (b or ctx.as_of) > add_months(a, ctx.stale_months)
    ]
    if ctx.open_only:  # each episode but one with no newer source after it is settled
        episodes = episodes[-1:] if episodes and episodes[-1][2] is None else []
    episodes = [e for e in episodes if _rests_on_words(history.state(e[0]))]
    if not episodes:
        return None
    raised, newest, settled = episodes[-1]
    if settled is None and not _rests_on_words(history.now):
        return None
    return _stale_question(history, raised, newest, settled)


def _stale_question(
    history: TermHistory, raised: dt.date, newest: dt.date, settled: dt.date | None
) -> Question:
    deal, term, ctx = history.deal, history.term, history.ctx
    views = [v for v in history.known_views if v.source.public_on == newest]
    resolved = None
    if settled is not None:
        arrived = next(v for v in history.known_views if v.source.public_on == settled)
        resolved = ctx.view_settlement(settled, arrived)
    return Question(
        id=f"{deal.id}/stale/{term.id}",
        deal=deal.id,
        kind="stale",
        severity=kind("stale").severity,
        message=(
            f"{deal.name} — {term.title}: no source newer than {day(newest)} "
            f"(more than {ctx.stale_months} months)"
        ),
        raised=raised,
        evidence=tuple(ctx.claim_evidence(v) for v in views[:3]),
        term=term.id,
        topic=term.topic,
        resolved=resolved,
    )
