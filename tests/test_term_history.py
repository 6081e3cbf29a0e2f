"""A term's history works out each day's state once, and days on which the claims stand alike
share one state: every state it gives must be what `resolve` gives for that day alone."""

from __future__ import annotations

import datetime as dt

import pytest

import tradeterms
from tradeterms._question_context import Context
from tradeterms._term_history import ONE_DAY, TermHistory
from tradeterms.catalog import Catalog
from tradeterms.state import resolve, standing

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


def _histories(ctx: Context) -> list[TermHistory]:
    found = []
    for deal in ctx.catalog:
        now = ctx.catalog.state(deal, ctx.as_of, ctx.known_on)
        terms = ctx.catalog.terms(deal)
        found += [TermHistory(deal, t, vs, ctx, s) for (t, vs), s in zip(terms, now, strict=True)]
    return found


@pytest.mark.parametrize(
    ("as_of", "known_on"), [("2026-06-01", None), ("2026-03-01", "2025-09-01")]
)
def test_every_state_of_a_history_is_the_state_resolved_that_day(
    shipped: Catalog, as_of: str, known_on: str | None
) -> None:
    ctx = Context(shipped, D(as_of), D(known_on) if known_on else None)
    shared = 0
    for history in _histories(ctx):
        days = [*history.days, *(e.effective - ONE_DAY for e, _ in ctx.events)]
        for day in days:
            state = history.state(day)
            assert state == resolve(history.term, history.views, ctx.events, day, ctx.known_on)
            assert history.state(day) is state  # asked again, not worked out again
        first: dict[tuple[object, ...], dt.date] = {}
        for day in days:
            key = standing(history.views, ctx.events, day, ctx.known_on).key
            state = history.state(day)
            if key in first and first[key] != day:
                assert state.counted is history.state(first[key]).counted
                shared += 1
            first.setdefault(key, day)
    assert shared > 0  # the data has days on which nothing changed for a term


def test_the_state_on_as_of_is_the_catalogs(shipped: Catalog) -> None:
    ctx = Context(shipped, D("2026-03-01"), None)
    deal = shipped.deal("us-eu-2025")
    history = next(h for h in _histories(ctx) if h.deal is deal)
    assert history.state(ctx.as_of) is shipped.state(deal, ctx.as_of)[0]
