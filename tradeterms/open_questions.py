"""Open questions about the deals: curated in the data, or derived from the claims.

    >>> import datetime as dt, tradeterms
    >>> found = questions("us-eu-2025", as_of="2025-08-01", kinds=["curated"])
    >>> [q.id for q in found if q.term == "pharma-branded"]
    ['us-eu-2025/curated/pharma-in-or-out']

Every question has a stable id (deal/kind/term), a kind (see question_kinds.KINDS), a
severity, a message, its evidence with file:line, the date it was raised and, when a later
document settled it, that document. docs/questions.md explains each kind with examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from tradeterms._dates import to_date
from tradeterms._deal_questions import curated, peer_gaps, pending_instruments, stale
from tradeterms._question_context import Context
from tradeterms._term_history import TermHistory
from tradeterms._term_questions import TERM_DETECTORS
from tradeterms.catalog import Catalog
from tradeterms.models import Deal
from tradeterms.question_kinds import KINDS, Kind, Severity, kind
from tradeterms.question_model import Evidence, Question, Settlement

__all__ = [
    "KINDS",
    "Evidence",
    "Kind",
    "Question",
    "Settlement",
    "Severity",
    "fold_low",
    "open_counts",
    "questions",
]


def questions(
    *deal_ids: str,
    as_of: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    kinds: Iterable[str] | None = None,
    include_resolved: bool = False,
    catalog: Catalog | None = None,
    stale_months: int = 6,
    with_lines: bool = True,
) -> list[Question]:
    """The open questions of the deals (all deals if none named) as of a date, as known on a
    date; resolved ones too with `include_resolved`. Peer gaps are found against the other
    deals named, or against every deal when one (or none) is named. `with_lines=False`
    leaves the file:line of the evidence out, for outputs that show none (to count the
    questions, `open_counts` does less work still).
    """
    catalog = catalog or _load()
    wanted = {kind(k).slug for k in kinds} if kinds is not None else {k.slug for k in KINDS}
    day, known = _dates(as_of, known_on)
    ctx = Context(catalog, day, known, stale_months, with_lines, not include_resolved)
    found = _find(ctx, *_deals_and_peers(catalog, deal_ids), wanted)
    kept = [q for q in found if include_resolved or q.is_open]
    return sorted(kept, key=_order)


def open_counts(
    *deal_ids: str,
    as_of: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    catalog: Catalog | None = None,
    stale_months: int = 6,
) -> dict[str, int]:
    """How many open questions `questions` finds for each deal, counted without tracing
    back the day each was raised: what a count line needs, for a fraction of the work."""
    catalog = catalog or _load()
    day, known = _dates(as_of, known_on)
    ctx = Context(catalog, day, known, stale_months, False, open_only=True, counting=True)
    deals, peers = _deals_and_peers(catalog, deal_ids)
    found = _find(ctx, deals, peers, {k.slug for k in KINDS})
    return {d.id: sum(1 for q in found if q.deal == d.id and q.is_open) for d in deals}


def _load() -> Catalog:
    from tradeterms.loader import load

    return load()


def _dates(
    as_of: dt.date | str | None, known_on: dt.date | str | None
) -> tuple[dt.date, dt.date | None]:
    return to_date(as_of, "as_of") or dt.date.today(), to_date(known_on, "known_on")


def _deals_and_peers(catalog: Catalog, deal_ids: tuple[str, ...]) -> tuple[list[Deal], list[Deal]]:
    """The deals asked about, and the peers they are held against."""
    deals = catalog.deals(*deal_ids)
    return deals, deals if len(deals) > 1 else catalog.deals()


def _order(question: Question) -> tuple[object, ...]:
    """What matters first: the most severe questions, then by deal."""
    return (-question.severity.rank, question.deal, question.kind, question.id)


def fold_low(found: list[Question]) -> tuple[list[Question], dict[str, int]]:
    """The questions a reader sees first, and a count per kind of the low-severity ones
    folded away (coverage, sourcing, age: worth a look, not what applies)."""
    shown = [q for q in found if q.severity is not Severity.low]
    folded: dict[str, int] = {}
    for question in found:
        if question.severity is Severity.low:
            folded[question.kind] = folded.get(question.kind, 0) + 1
    return shown, folded


def _find(ctx: Context, deals: list[Deal], peers: list[Deal], wanted: set[str]) -> list[Question]:
    histories = {d.id: _histories(ctx, d) for d in [*deals, *peers]}
    found: list[Question] = []
    for deal in deals:
        if "curated" in wanted:
            found += curated(ctx, deal)
        if "pending-instrument" in wanted:
            found += pending_instruments(ctx, deal)
        if "peer-gap" in wanted:
            others = [p for p in peers if p.id != deal.id]
            found += peer_gaps(ctx, deal, others, histories)
        found += _term_questions(histories[deal.id], wanted)
    return found


def _histories(ctx: Context, deal: Deal) -> list[TermHistory]:
    # the catalog keeps the states on as_of: a comparison has worked them out already
    now = ctx.catalog.state(deal, ctx.as_of, ctx.known_on)
    terms = ctx.catalog.terms(deal)
    return [
        TermHistory(deal, t, views, ctx, state)
        for (t, views), state in zip(terms, now, strict=True)
    ]


def _term_questions(histories: list[TermHistory], wanted: set[str]) -> Iterator[Question]:
    for history in histories:
        for slug, detect in TERM_DETECTORS.items():
            question = detect(history) if slug in wanted else None
            if question is not None:
                yield question
        question = stale(history) if "stale" in wanted else None
        if question is not None:
            yield question
