"""What every question detector needs: the catalog, the two dates, and evidence with file:line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from tradeterms.catalog import Catalog
from tradeterms.describe import day, describe_value
from tradeterms.models import Deal, Event, Model, OpenQuestion, Source
from tradeterms.question_model import Evidence, Settlement
from tradeterms.state import ClaimView

__all__ = ["Context"]


@dataclass
class Context:
    catalog: Catalog
    as_of: dt.date
    known_on: dt.date | None
    stale_months: int = 6
    with_lines: bool = True  # False: leave out file:line
    open_only: bool = False  # True: questions settled by as_of are not wanted
    counting: bool = False  # True: open ones only counted, the day each was raised not traced

    @cached_property
    def events(self) -> list[tuple[Event, Source]]:
        return [(e, self.catalog.sources[e.source]) for e in self.catalog.data.events]

    def known(self, source: Source | str | None) -> bool:
        """Whether the source was public by known_on (always, when known_on is not set)."""
        if source is None or self.known_on is None:
            return True
        found = self.catalog.sources[source] if isinstance(source, str) else source
        return found.public_on <= self.known_on

    def line(self, record: Model) -> str | None:
        """`file:line` where the record is written, for evidence."""
        where = record.written_at
        return str(where) if self.with_lines and where else None

    def claim_evidence(self, view: ClaimView) -> Evidence:
        """The claim as evidence, described once: a peer's claim backs a gap in many deals."""
        known = self._evidence.get(id(view))
        if known is not None:
            return known[1]
        source = view.source
        found = Evidence(
            describe_value(view.claim.value),
            "+".join(view.claim.by),
            source.id,
            source.title,
            source.url,
            view.said,
            self.line(view.claim),
        )
        self._evidence[id(view)] = (view, found)  # the view kept, so its id stays its own
        return found

    @cached_property
    def _evidence(self) -> dict[int, tuple[ClaimView, Evidence]]:
        return {}

    def source_evidence(self, source_id: str, summary: str, location: str | None) -> Evidence:
        source = self.catalog.sources[source_id]
        return Evidence(
            summary, "", source.id, source.title, source.url, source.public_on, location
        )

    def settlement(self, date: dt.date, source_id: str | None, note: str | None) -> Settlement:
        source = self.catalog.sources.get(source_id) if source_id else None
        return Settlement(
            date, source_id, source.title if source else None, source.url if source else None, note
        )

    def view_settlement(self, date: dt.date, view: ClaimView) -> Settlement:
        claim = view.claim
        note = f"{'+'.join(claim.by)} ({claim.strength.value}, {view.source.kind.value}), "
        note += f"{day(view.said)}: {describe_value(claim.value)}"
        return self.settlement(date, view.source.id, note)

    def curated_for(self, deal: Deal, term_id: str) -> list[OpenQuestion]:
        return [q for q in deal.questions if q.term == term_id]
