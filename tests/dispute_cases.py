"""What every row of a dispute table must satisfy (shared by the deal test tables)."""

from __future__ import annotations

import datetime as dt

from tradeterms.catalog import Catalog
from tradeterms.state import TermState


def state_of(catalog: Catalog, deal: str, term: str, on: str) -> TermState:
    return next(
        s for s in catalog.state(deal, as_of=dt.date.fromisoformat(on)) if s.term.id == term
    )


def check_dispute(
    catalog: Catalog, deal: str, term: str, on: str, sides: dict[str, str], why: str
) -> TermState:
    """The term is disputed on the day, each side's stance comes from the named source, and
    the stances differ in their gist or in how they bound it."""
    state = state_of(catalog, deal, term, on)
    assert state.disputed, why
    for party, source in sides.items():
        stance = [v for v in state.conflict if party in v.claim.by and v.claim.source == source]
        assert stance, (why, party, source)
    return state
