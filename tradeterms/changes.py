"""What changed in a deal between two dates, and the sources that changed it.

See docs/tutorial.md for examples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradeterms.catalog import Catalog
from tradeterms.describe import describe_state
from tradeterms.models import Source
from tradeterms.state import TermState

__all__ = ["Change", "diff"]


@dataclass(frozen=True)
class Change:
    topic: str
    term: str
    title: str
    before: str
    after: str
    sources: tuple[Source, ...]  # the documents that made the change


def _summary(state: TermState | None) -> str:
    if state is None or state.current is None:
        return "—"
    current = state.current
    return f"{describe_state(state)} [{current.claim.strength.value}, {current.source.kind.value}]"


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def diff(
    deal_id: str,
    date_from: dt.date | str,
    date_to: dt.date | str,
    known_on: dt.date | None = None,
    catalog: Catalog | None = None,
) -> list[Change]:
    """The terms of a deal whose state differs between two dates."""
    from tradeterms.loader import load

    catalog = catalog or load()
    deal = catalog.deal(deal_id)
    before = catalog.state(deal, as_of=_day(date_from), known_on=known_on)
    after = catalog.state(deal, as_of=_day(date_to), known_on=known_on)
    changes = []
    for old, new in zip(before, after, strict=True):
        if _summary(old) != _summary(new):
            changes.append(_change(catalog, old, new))
    return changes


def _change(catalog: Catalog, old: TermState, new: TermState) -> Change:
    return Change(
        new.term.topic, new.term.id, new.term.title, _summary(old), _summary(new),
        _why(catalog, old, new),
    )  # fmt: skip


def _why(catalog: Catalog, old: TermState, new: TermState) -> tuple[Source, ...]:
    """The documents behind the change: the new deciding claim's, and any ending event's."""
    found: dict[str, Source] = {}
    if new.current is not None and (
        old.current is None or old.current.claim is not new.current.claim
    ):
        found[new.current.source.id] = new.current.source
    for view, event in new.ended:
        if old.current is not None and view.claim is old.current.claim:
            source = catalog.sources[event.source] if event else view.source
            found[source.id] = source
    return tuple(found.values())
