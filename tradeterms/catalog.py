"""The loaded data: look deals up, and work out every term's state on a date.

Measures stated once for many origins (the 10% baseline, Section 232, Section 122) join
each deal they reach here: their claims are added to the deal's term on the same topic,
or form a term of their own where the deal is silent on that topic.

The data never changes once loaded, so the merged terms of a deal and its states on a date
are worked out once per catalog and kept (a bounded number of them) for the next caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from tradeterms.codes import EU_MEMBERS
from tradeterms.errors import InvalidArgumentError, UnknownDealError
from tradeterms.models import DataFile, Deal, Event, GlobalMeasure, Source, Term, Topic
from tradeterms.state import ClaimView, TermState, decide, standing

__all__ = ["Catalog"]

_MEMO_SIZE = 4096  # states of a deal on a date kept per catalog; the oldest go first

# A deal as the catalog merges it: its id, parties and the identities of its terms.
_DealKey = tuple[str, tuple[str, ...], tuple[int, ...]]


class Catalog:
    """All deals, sources, topics, measures and events of one catalog.

    `files` are the files it was read from (the entry point first); each record knows its
    own file, line and column (`record.position`).
    """

    def __init__(self, data: DataFile, files: tuple[Path, ...] = ()) -> None:
        self.data = data
        self.files = files
        self._merged: dict[_DealKey, tuple[tuple[Term, tuple[ClaimView, ...]], ...]] = {}
        self._states: dict[tuple[_DealKey, dt.date, dt.date | None], tuple[TermState, ...]] = {}
        # a term's state by where its claims stand (`Standing.key`): the state holds the term,
        # the claims and the events the key names, so their ids stay theirs while it is kept
        self._decided: dict[tuple[object, ...], TermState] = {}

    def __iter__(self) -> Iterator[Deal]:
        return iter(self.data.deals)

    def __len__(self) -> int:
        return len(self.data.deals)

    @cached_property
    def sources(self) -> dict[str, Source]:
        found = {s.id: s for s in self.data.sources}
        for deal in self.data.deals:
            found.update({s.id: s for s in deal.sources})
        return found

    @cached_property
    def topics(self) -> dict[str, Topic]:
        return {t.id: t for t in self.data.topics}

    @cached_property
    def _deals(self) -> dict[str, Deal]:
        return {d.id: d for d in self.data.deals}

    def get_deal(self, deal_id: str, default: Deal | None = None) -> Deal | None:
        return self._deals.get(deal_id, default)

    def deal(self, deal_id: str) -> Deal:
        """The deal with this id; raises UnknownDealError naming the closest ids."""
        found = self._deals.get(deal_id)
        if found is None:
            close = difflib.get_close_matches(deal_id, list(self._deals), n=3, cutoff=0.4)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownDealError(f"unknown deal {deal_id!r}{hint}")
        return found

    def deals(self, *deal_ids: str) -> list[Deal]:
        """The deals named (all when none is); a deal named twice is refused, not guessed at."""
        twice = sorted({i for i in deal_ids if deal_ids.count(i) > 1})
        if twice:
            raise InvalidArgumentError(f"deal named more than once: {', '.join(twice)}")
        return [self.deal(i) for i in deal_ids] if deal_ids else list(self.data.deals)

    def measures_for(self, deal: Deal) -> list[GlobalMeasure]:
        """The cross-deal US measures that reach this deal's partner."""
        if "US" not in deal.parties:
            return []
        return [m for m in self.data.measures if _reaches(m, deal.partner)]

    def terms(self, deal: Deal) -> list[tuple[Term, list[ClaimView]]]:
        """The deal's terms with their claims, cross-deal measures merged in by topic.

        A measure joins a term on its topic when it reaches the goods the term is about (its
        `on_goods_of`, else the deal's partner): a Swiss line does not reach Liechtenstein's
        goods unless the measure names Liechtenstein too."""
        key = self._key(deal)
        merged = self._merged.get(key) if key else None
        if merged is None:
            merged = tuple((t, tuple(views)) for t, views in self._merge(deal))
            if key:
                _remember(self._merged, key, merged)
        return [(t, list(views)) for t, views in merged]

    def _merge(self, deal: Deal) -> list[tuple[Term, list[ClaimView]]]:
        merged = [(t, self._views(t, "deal")) for t in deal.terms]
        if "US" not in deal.parties:
            return merged
        for measure in self.data.measures:
            views = self._views(measure, measure.id)
            targets = [
                vs
                for t, vs in merged
                if _merges_into(measure, t) and _reaches(measure, t.on_goods_of or deal.partner)
            ]
            for target in targets:
                target.extend(views)
            on_topic = any(_merges_into(measure, t) for t, _ in merged)
            if not on_topic and _reaches(measure, deal.partner):
                merged.append((_measure_term(measure, deal), views))
        return merged

    def _views(self, holder: Term | GlobalMeasure, origin: str) -> list[ClaimView]:
        specific = not isinstance(holder, GlobalMeasure) or bool(holder.origins)
        return [ClaimView(c, self.sources[c.source], origin, specific) for c in holder.claims]

    def state(
        self, deal: Deal | str, as_of: dt.date | None = None, known_on: dt.date | None = None
    ) -> list[TermState]:
        """Every term of the deal as of a date (today by default), as known on a date."""
        deal = self.deal(deal) if isinstance(deal, str) else deal
        day = as_of or dt.date.today()
        key = self._key(deal)
        found = self._states.get((key, day, known_on)) if key else None
        if found is None:
            events = self._events
            found = tuple(self._resolve(t, vs, events, day, known_on) for t, vs in self.terms(deal))
            if key:
                _remember(self._states, (key, day, known_on), found)
        return list(found)

    def _resolve(
        self,
        term: Term,
        views: list[ClaimView],
        events: list[tuple[Event, Source]],
        day: dt.date,
        known_on: dt.date | None,
    ) -> TermState:
        """The term's state on `day`: decided once for the days on which its claims stand the
        same way (a state depends on the date only through that)."""
        claims = standing(views, events, day, known_on)
        key = (id(term), known_on, claims.key)
        same = self._decided.get(key)
        if same is None:
            same = decide(term, claims, day, known_on)
            _remember(self._decided, key, same)
        return same if same.as_of == day else dataclasses.replace(same, as_of=day)

    @cached_property
    def _events(self) -> list[tuple[Event, Source]]:
        return [(e, self.sources[e.source]) for e in self.data.events]

    @cached_property
    def _own_terms(self) -> frozenset[int]:
        return frozenset(id(t) for d in self.data.deals for t in d.terms)

    def _key(self, deal: Deal) -> _DealKey | None:
        """What the merge of a deal depends on; None for a deal with terms not of this catalog.

        The ids of the catalog's own terms stay unique while the catalog lives; a deal read
        for one of its partners (or a stand-in with no terms) is keyed by its parties too.
        """
        own = self._own_keys.get(id(deal))
        if own is not None and own[0] is deal:
            return own[1]
        terms = tuple(id(t) for t in deal.terms)
        if not self._own_terms.issuperset(terms):
            return None
        return deal.id, tuple(deal.parties), terms

    @cached_property
    def _own_keys(self) -> dict[int, tuple[Deal, _DealKey]]:
        return {
            id(d): (d, (d.id, tuple(d.parties), tuple(id(t) for t in d.terms)))
            for d in self.data.deals
        }

    def newest_source(self, deal: Deal) -> Source | None:
        cited = {c.source for t, views in self.terms(deal) for c in (v.claim for v in views)}
        cited |= {m.source for m in deal.milestones}
        return max((self.sources[s] for s in cited), key=lambda s: s.public_on, default=None)


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= _MEMO_SIZE:
        del memo[next(iter(memo))]
    memo[key] = value


def _merges_into(measure: GlobalMeasure, term: Term) -> bool:
    # A catch-all topic ("tariff.other") holds unrelated provisions: never merge into it.
    catch_all = measure.topic.endswith(".other")
    return not catch_all and term.topic == measure.topic and term.levied_by in (None, "US")


def _reaches(measure: GlobalMeasure, partner: str) -> bool:
    def listed(codes: list[str]) -> bool:
        return partner in codes or (partner in EU_MEMBERS and "EU" in codes)

    return (not measure.origins or listed(measure.origins)) and not listed(measure.except_origins)


def _measure_term(measure: GlobalMeasure, deal: Deal) -> Term:
    return Term.model_construct(
        id=measure.id,
        topic=measure.topic,
        title=measure.title,
        levied_by="US",
        on_goods_of=deal.partner,
        scope=measure.scope,
        claims=measure.claims,
        note=None,
    )
