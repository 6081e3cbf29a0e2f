"""A term's state on every day something changed, and the runs of days a condition held.

A derived question is raised on the first day of the latest run of days its condition held,
and resolved on the first day after that run, by the document that arrived that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from tradeterms._question_context import Context
from tradeterms.models import Deal, Term
from tradeterms.question_model import Settlement
from tradeterms.state import ClaimView, TermState, decide, standing

__all__ = ["Hit", "Run", "TermHistory"]

ONE_DAY = dt.timedelta(days=1)
Hit = tuple[ClaimView, ...]


@dataclass
class Run:
    start: dt.date
    hit: Hit
    end: dt.date | None = None


@dataclass
class TermHistory:
    deal: Deal
    term: Term
    views: list[ClaimView]
    ctx: Context
    now: TermState  # the state on as_of, as the catalog worked it out for every term

    def state(self, day: dt.date) -> TermState:
        """The term on `day`, worked out once: every detector walks the same days, and days
        on which the same claims stand the same way share one state."""
        found = self._by_day.get(day)
        if found is None:
            claims = standing(self.views, self.ctx.events, day, self.ctx.known_on)
            same = self._by_standing.get(claims.key)
            if same is None:
                found = decide(self.term, claims, day, self.ctx.known_on)
                self._by_standing[claims.key] = found
            else:
                found = replace(same, as_of=day)
            self._by_day[day] = found
        return found

    @cached_property
    def _by_day(self) -> dict[dt.date, TermState]:
        return {self.ctx.as_of: self.now}

    @cached_property
    def _by_standing(self) -> dict[tuple[object, ...], TermState]:
        claims = standing(self.views, self.ctx.events, self.ctx.as_of, self.ctx.known_on)
        return {claims.key: self.now}

    @cached_property
    def known_views(self) -> list[ClaimView]:
        return [v for v in self.views if self.ctx.known(v.source)]

    @cached_property
    def first_own_claim(self) -> dt.date | None:
        """The first day one of the deal's own claims (not a measure's) counted, up to as_of."""
        own = [v.starts for v in self.known_views if v.origin == "deal"]
        return min((s for s in own if s <= self.ctx.as_of), default=None)

    @cached_property
    def days(self) -> list[dt.date]:
        """Every day up to as_of on which the term's state may change, and as_of itself."""
        found = {self.ctx.as_of}
        for view in self.known_views:
            found |= {view.said, view.starts}
            if view.ends:
                found.add(view.ends + ONE_DAY)
            condition = view.claim.value.condition
            if condition and condition.met_on:
                found.add(condition.met_on)
        found |= {event.effective for event, _ in self.ctx.events}
        return sorted(d for d in found if d <= self.ctx.as_of)

    @cached_property
    def points(self) -> list[tuple[dt.date, TermState]]:
        return [(d, self.state(d)) for d in self.days]

    def last_run(self, test: Callable[[dt.date, TermState], Hit]) -> Run | None:
        """The latest run of days on which `test` found evidence (open if it reaches as_of)."""
        runs: list[Run] = []
        for day, state in self.points:
            hit = test(day, state)
            if hit and (not runs or runs[-1].end is not None):
                runs.append(Run(day, hit))
            elif hit:
                runs[-1].hit = hit
            elif runs and runs[-1].end is None:
                runs[-1].end = day
        return runs[-1] if runs else None

    def open_run(self, test: Callable[[dt.date, TermState], Hit]) -> Run | None:
        """The run of `last_run` when it is still open on as_of, else None; found walking back
        from as_of, so only the days of that run (and the one before) are worked out."""
        hit = test(self.ctx.as_of, self.now)
        if not hit:
            return None
        start = self.ctx.as_of
        if self.ctx.counting:
            return Run(start, hit)  # only counted: the day it was raised is not asked for
        for day in reversed(self.days[:-1]):  # the last day is as_of
            if not test(day, self.state(day)):
                break
            start = day
        return Run(start, hit)

    def settler(self, day: dt.date, curated_first: bool = False) -> Settlement:
        """The document that arrived on `day`: a claim, a condition met, an event, a resolution."""
        resolution = self._curated_resolution(day)
        if resolution and curated_first:
            return resolution
        state = self.state(day)
        arrived = [v for v in state.counted if day in (v.said, v.starts)]
        if arrived:
            return self.ctx.view_settlement(day, arrived[0])
        for view in state.counted:
            condition = view.claim.value.condition
            if condition and condition.met_on == day:
                return self.ctx.settlement(day, condition.met_source, f"met: {condition.text}")
        for event, _ in self.ctx.events:
            if event.effective == day:
                return self.ctx.settlement(day, event.source, event.title)
        if resolution:
            return resolution
        ended = [v for v, _ in state.ended if v.ends and v.ends + ONE_DAY == day]
        note = "the claims behind it ended" if ended else None
        return Settlement(day, None, None, None, note)

    def _curated_resolution(self, day: dt.date) -> Settlement | None:
        for question in self.ctx.curated_for(self.deal, self.term.id):
            done = question.resolved
            if done and done.date == day and self.ctx.known(done.source):
                return self.ctx.settlement(day, done.source, done.note)
        return None
