"""What changed in a deal between two dates, and the sources that changed it.

See docs/tutorial.md for examples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradeterms._dates import required_date, to_date
from tradeterms.catalog import Catalog
from tradeterms.describe import describe_state, describe_value, superseded_words
from tradeterms.errors import InvalidArgumentError
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
    superseded: tuple[str, ...] = ()  # "US (committed) ... [old] superseded by [new] on ..."


def _summary(state: TermState | None) -> str:
    if state is None or state.current is None:
        return "—"
    current = state.current
    return f"{describe_state(state)} [{current.claim.strength.value}, {current.source.kind.value}]"


def diff(
    deal_id: str,
    date_from: dt.date | str,
    date_to: dt.date | str,
    known_on: dt.date | str | None = None,
    catalog: Catalog | None = None,
) -> list[Change]:
    """The terms of a deal whose state differs between two dates (dates or "YYYY-MM-DD")."""
    from tradeterms.loader import load

    catalog = catalog or load()
    deal = catalog.deal(deal_id)
    start, end = required_date(date_from, "date_from"), required_date(date_to, "date_to")
    if start > end:
        raise InvalidArgumentError(f"date_from {start} is after date_to {end}: swap them")
    known = to_date(known_on, "known_on")
    before = catalog.state(deal, as_of=start, known_on=known)
    after = catalog.state(deal, as_of=end, known_on=known)
    changes = []
    for old, new in zip(before, after, strict=True):
        if _summary(old) != _summary(new) or _supersessions(old, new):
            changes.append(_change(catalog, old, new))
    return changes


def _change(catalog: Catalog, old: TermState, new: TermState) -> Change:
    return Change(
        new.term.topic, new.term.id, new.term.title, _summary(old), _summary(new),
        _why(catalog, old, new), _supersessions(old, new),
    )  # fmt: skip


def _supersessions(old: TermState, new: TermState) -> tuple[str, ...]:
    """The claims a later claim replaced between the two dates."""
    before = {id(v.claim) for v, _ in old.superseded}
    return tuple(
        f"{'+'.join(view.claim.by)} ({view.claim.strength.value}): "
        f"{describe_value(view.claim.value)} [{view.claim.source}] — {superseded_words(later)}"
        for view, later in new.superseded
        if id(view.claim) not in before
    )


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
