"""Deals side by side: one row per topic, one column per deal, as of any date.

See docs/tutorial.md for examples. pandas is imported here, so this module loads only
when a comparison is asked for.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tradeterms._dates import to_date
from tradeterms.catalog import Catalog
from tradeterms.describe import (
    MARKER_MEANINGS,
    SILENT,
    describe_state,
    describe_value,
    marker_claims,
    markers,
)
from tradeterms.errors import InvalidArgumentError
from tradeterms.models import Deal, TopicGroup
from tradeterms.state import TermState

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["GROUP_LABELS", "Cell", "Comparison", "Footnote", "check_topic_patterns", "compare"]

GROUP_LABELS = {
    TopicGroup.us_tariff: "US tariffs on the partner's goods",
    TopicGroup.partner_tariff: "The partner's tariffs",
    TopicGroup.investment: "Investment pledges",
    TopicGroup.purchase: "Purchase commitments",
    TopicGroup.non_tariff: "Non-tariff terms",
    TopicGroup.legal_status: "Legal status",
}


@dataclass(frozen=True)
class Footnote:
    """What a marker in one cell means, with the sources behind it."""

    deal: str
    topic: str
    marker: str
    meaning: str
    claims: tuple[str, ...]  # "EU (committed): 15% ... [source-id]"
    sources: tuple[tuple[str, str, str], ...]  # (id, title, url)


@dataclass(frozen=True)
class Cell:
    deal: str
    topic: str
    states: tuple[TermState, ...]

    @property
    def text(self) -> str:
        """The cell in words, with marker symbols."""
        return self._join(symbols=True)

    @property
    def words(self) -> str:
        """The cell in words only (HTML links the markers to their footnotes instead)."""
        return self._join(symbols=False)

    def _join(self, symbols: bool) -> str:
        shown = [s for s in self.states if not s.silent]
        if not shown:
            return SILENT
        if len(shown) == 1:
            return describe_state(shown[0], symbols)
        return "\n".join(f"{s.term.title}: {describe_state(s, symbols)}" for s in shown)

    @property
    def markers(self) -> list[str]:
        return sorted({m for s in self.states for m in markers(s)})


@dataclass
class Comparison:
    """A side-by-side view of deals on a date; `frame` is what a notebook shows."""

    catalog: Catalog
    deals: list[Deal]
    as_of: dt.date
    known_on: dt.date | None
    cells: dict[tuple[str, str], Cell] = field(repr=False)
    topics: list[str] = field(repr=False)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """One row per topic (grouped), one column per deal; cells in words with markers."""
        import pandas as pd

        rows = [self._row_label(t) for t in self.topics]
        data = [[self.cells[(d.id, t)].text for d in self.deals] for t in self.topics]
        index = pd.MultiIndex.from_tuples(rows, names=["group", "topic"])
        return pd.DataFrame(data, index=index, columns=[d.id for d in self.deals])

    def _row_label(self, topic: str) -> tuple[str, str]:
        info = self.catalog.topics[topic]
        return GROUP_LABELS[info.group], str(info.label)

    @cached_property
    def footnotes(self) -> list[Footnote]:
        """Every marker in every cell, with what it means and the sources behind it."""
        return [note for cell in self.cells.values() for note in _footnotes(cell)]

    @cached_property
    def numbers(self) -> pd.DataFrame:
        """Long format: deal, topic, term, measure, value, unit — pledges also in USD."""
        from tradeterms._numbers import number_rows

        return number_rows(self)

    @cached_property
    def questions(self) -> dict[str, int]:
        """Open questions per deal as of the date; `tradeterms questions` lists them."""
        from tradeterms.open_questions import open_counts

        ids = [d.id for d in self.deals]
        return open_counts(*ids, as_of=self.as_of, known_on=self.known_on, catalog=self.catalog)

    def plot(self) -> Figure:
        """The pledges of the compared deals in USD and USD per year, as a bar chart.

        Returns a matplotlib Figure (install the `plot` extra); a notebook shows it.
        """
        from tradeterms.charts import pledge_figure

        return pledge_figure(self)

    def render(
        self, fmt: str = "text", width: int | None = None, style: str = "grid"
    ) -> str | bytes:
        """In a format of tradeterms.output.TABLE_FORMATS; text in a tabulate `style`."""
        from tradeterms.render import render

        return render(self, fmt, width=width, style=style)

    def _repr_html_(self) -> str:
        from tradeterms.render import to_html

        return to_html(self)

    def __str__(self) -> str:
        return str(self.render("text"))


def _footnotes(cell: Cell) -> Iterable[Footnote]:
    for state in cell.states:
        for marker in markers(state):
            shown = marker_claims(state, marker)
            yield Footnote(
                cell.deal,
                cell.topic,
                marker,
                MARKER_MEANINGS[marker],
                tuple(
                    f"{'+'.join(v.claim.by)} ({v.claim.strength.value}): "
                    f"{describe_value(v.claim.value)} [{v.source.id}]"
                    for v in shown
                ),
                tuple((v.source.id, v.source.title, v.source.url) for v in shown),
            )


def _wanted(topic: str, patterns: Sequence[str] | None) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(topic, p) for p in patterns)


_PATTERN = re.compile(r"[a-z0-9_.*?\[\]!-]+")


def _check_syntax(patterns: Sequence[str]) -> None:
    for pattern in patterns:
        if not _PATTERN.fullmatch(pattern):
            raise InvalidArgumentError(
                f"{pattern!r} is not a topic pattern: write a topic id or a glob like 'tariff.*'"
            )


def check_topic_patterns(catalog: Catalog, patterns: Sequence[str]) -> None:
    """Raise InvalidArgumentError unless every pattern is a glob over topic ids that matches a
    topic of the catalog: what the command line checks, so that a typo is an error, never an
    empty comparison. (`compare` itself accepts patterns a catalog has no topic for.)"""
    _check_syntax(patterns)
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(t, pattern) for t in catalog.topics):
            close = difflib.get_close_matches(pattern, list(catalog.topics), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InvalidArgumentError(f"topic pattern {pattern!r} matches no topic{hint}")


def compare(
    *deal_ids: str,
    as_of: dt.date | str | None = None,
    known_on: dt.date | str | None = None,
    topics: str | Sequence[str] | None = None,
    catalog: Catalog | None = None,
) -> Comparison:
    """Compare deals (all of them when no id is given) as of a date, as known on a date.

    `topics` is a glob pattern or a list of them over topic ids, e.g. "tariff.*" (anything
    else raises InvalidArgumentError, and so does a deal named twice); `check_topic_patterns`
    also refuses patterns that match no topic of the catalog.
    """
    from tradeterms.loader import load

    catalog = catalog or load()
    deals = catalog.deals(*deal_ids)
    day = to_date(as_of, "as_of") or dt.date.today()
    known = to_date(known_on, "known_on")
    patterns = [topics] if isinstance(topics, str) else topics
    _check_syntax(patterns or ())
    cells: dict[tuple[str, str], Cell] = {}
    for deal in deals:
        by_topic: dict[str, list[TermState]] = {}
        for state in catalog.state(deal, as_of=day, known_on=known):
            by_topic.setdefault(state.term.topic, []).append(state)
        for topic, states in by_topic.items():
            cells[(deal.id, topic)] = Cell(deal.id, topic, tuple(states))
    shown = _topic_order(catalog, cells, patterns)
    for deal in deals:
        for topic in shown:
            cells.setdefault((deal.id, topic), Cell(deal.id, topic, ()))
    return Comparison(catalog, deals, day, known, cells, shown)


def _topic_order(
    catalog: Catalog, cells: dict[tuple[str, str], Cell], patterns: Sequence[str] | None
) -> list[str]:
    """Topics some deal speaks to, in vocabulary order grouped by topic group."""
    spoken = {topic for (_, topic), cell in cells.items() if cell.text != SILENT}
    groups = list(TopicGroup)
    ordered = sorted(catalog.topics.values(), key=lambda t: groups.index(t.group))
    return [t.id for t in ordered if t.id in spoken and _wanted(t.id, patterns)]
