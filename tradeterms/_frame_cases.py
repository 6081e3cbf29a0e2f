"""The layers of the cases of a batch group: one run of the scalar layers per case and range
of MFN rates, joined to the lines with array operations.

A *case* is what the layers read of a line besides its MFN rate: its signature (what the
product lists say of its code, `_frame_engine.Signature`), the term scopes its code falls
under and the importer's quota status, in one group (origin, date class, known_on class).
A `Case` keeps its runs across groups with the same states: the answer where the MFN rate is
not known, the answer for any rate (a run that never read it), templates for ranges of rates
(`_frame_mfn`), and answers kept for one rate only.

The words of an answer (its first reason, the metal-share reason, the deal term that capped
a layer, an error) are numbered in `Store.texts`; lines carry the number.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tradeterms._duty_claims import Context
from tradeterms._duty_layers import other_measures, reciprocal, section_232
from tradeterms._duty_origin_layers import origin_layers
from tradeterms._duty_steps import Ledger
from tradeterms._frame_engine import LAYERS, CaseAnswer, Group, Signature
from tradeterms._frame_mfn import Template, Trace, template_of, traced
from tradeterms.catalog import Catalog
from tradeterms.errors import TradetermsError
from tradeterms.state import ClaimView

if TYPE_CHECKING:
    import numpy as np

__all__ = ["WIDTH", "Case", "Rates", "Store", "run", "runner", "store"]

WIDTH = len(LAYERS) - 1  # the layers above MFN
_LAYER_INDEX = {name: k for k, name in enumerate(LAYERS[1:])}
_PARTS = {"value": 0, "metal": 1, "rest": 2}
_DEAL_CAPS = ("all_in", "cap")
# Kept cases and words per catalog before they are dropped (at the start of a call): a long
# series of dates (a Dask frame of many partitions) would otherwise keep them all.
_MOST_CASES = 20_000
_MOST_TEXTS = 50_000


class Texts:
    """The words of the answers, numbered: (first reason, metal reason, deal cap, error)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self._numbers: dict[tuple[str, str, str, str], int] = {}

    def number(self, answer: CaseAnswer) -> int:
        first = answer.error or (answer.unsettled[0] if answer.unsettled else "")
        words = (first, answer.metal_open or "", answer.deal_cap, answer.error or "")
        found = self._numbers.get(words)
        if found is None:
            found = self._numbers[words] = len(self.rows)
            self.rows.append(words)
        return found

    def __len__(self) -> int:
        return len(self.rows)

    def columns(self) -> np.ndarray:
        """The words as an object array, one row per number (4 columns)."""
        import numpy as np

        table = np.empty((len(self.rows), 4), dtype=object)
        for k, row in enumerate(self.rows):
            table[k] = row
        return table


@dataclass
class Store:
    """The cases and words kept for one catalog."""

    cases: dict[Hashable, Case] = field(default_factory=dict)
    texts: Texts = field(default_factory=Texts)
    groups: dict[Hashable, int] = field(default_factory=dict)  # group keys, numbered

    def group_number(self, group_key: Hashable) -> int:
        """A number for a group's key (`Group.key`), the same for equal keys."""
        return self.groups.setdefault(group_key, len(self.groups))

    def case(self, group: Group, group_key: Hashable, sig: Signature, extra: Any) -> Case:
        key = (group_key, group.entry_dates(sig), extra, sig.key_ident)
        found = self.cases.get(key)
        if found is None:
            found = self.cases[key] = Case()
        return found


_STORES: weakref.WeakKeyDictionary[Catalog, Store] = weakref.WeakKeyDictionary()


def store(catalog: Catalog) -> Store:
    """The catalog's store, emptied first if it has grown past its bounds (call this once at
    the start of a batch call: the numbers of the words stay valid through the call)."""
    found = _STORES.get(catalog)
    if (
        found is None
        or max(len(found.cases), len(found.groups)) > _MOST_CASES
        or len(found.texts) > _MOST_TEXTS
    ):
        found = _STORES[catalog] = Store()
    return found


class Rates:
    """The distinct known MFN rates of a group's lines, as the layers read them (Decimals of
    the floats' shortest form), with the template checks and terms worked out over all of
    them at once."""

    def __init__(self, mfn: np.ndarray) -> None:
        import numpy as np
        import pandas as pd

        known = ~np.isnan(mfn)
        # np.unique(return_inverse=True), by hashing (a group's lines have a few hundred
        # distinct rates: only those are sorted)
        seen_as, seen = pd.factorize(mfn[known])
        order = np.argsort(seen)
        rank = np.empty(len(seen), dtype=np.int64)
        rank[order] = np.arange(len(seen))
        values, inverse = seen[order], rank[seen_as]
        self.of = np.full(len(mfn), -1, dtype=np.int64)  # per line; -1: not known
        self.of[known] = inverse
        self.values = values
        self.decimals = [_decimal(v) for v in values.tolist()]
        self._checks: dict[Hashable, np.ndarray] = {}
        self._terms: dict[Decimal, np.ndarray] = {}

    def holds(self, template: Template) -> np.ndarray:
        """Per rate: whether the template's checks hold."""
        import numpy as np

        found = self._checks.get(template.checks)
        if found is None:
            found = np.ones(len(self.values), dtype=bool)
            for minuend, op, other, outcome in template.checks:
                compare = getattr(Decimal, op)
                found &= np.array(
                    [bool(compare(minuend - m, other)) is outcome for m in self.decimals],
                    dtype=bool,
                )
            self._checks[template.checks] = found
        return found

    def layers(self, template: Template) -> np.ndarray:
        """Per rate: the template's layers (rates x WIDTH x 3), summed in its steps' order."""
        import numpy as np

        sums = np.zeros((len(self.values), WIDTH, 3))
        for layer, part, term in template.steps:
            if isinstance(term, Decimal):
                sums[:, layer, part] += self._term(term)
            else:
                sums[:, layer, part] += term
        return sums

    def _term(self, minuend: Decimal) -> np.ndarray:
        import numpy as np

        found = self._terms.get(minuend)
        if found is None:
            found = self._terms[minuend] = np.array(
                [float(minuend - m) for m in self.decimals], dtype=float
            )
        return found


def _decimal(rate: float) -> Decimal:
    """The MFN rate as the layers read it: the Decimal of the float's shortest form."""
    found = _DECIMALS.get(rate)
    if found is None:
        if len(_DECIMALS) > 100_000:
            _DECIMALS.clear()
        found = _DECIMALS[rate] = Decimal(repr(rate))
    return found


_DECIMALS: dict[float, Decimal] = {}


# One run of the layers on a case: (answer, template or None, trace or None).
Run = Callable[[Decimal | None], tuple[CaseAnswer, Template | None, Trace | None]]


@dataclass
class Case:
    """The runs of one case, at any MFN rate."""

    unknown: CaseAnswer | None = None  # the MFN rate not known
    any_rate: CaseAnswer | None = None  # a run that never read the rate: every known rate
    templates: list[tuple[Template, CaseAnswer]] = field(default_factory=list)
    exact: dict[float, CaseAnswer] = field(default_factory=dict)  # one rate each

    def answer(
        self, rate_of: np.ndarray, rates: Rates, run: Run
    ) -> list[tuple[np.ndarray, CaseAnswer, np.ndarray | None]]:
        """Which answer each line gets: (the lines, by position in `rate_of`; the answer; the
        layers per rate of `rates` where they depend on the rate, else None)."""
        import numpy as np

        out: list[tuple[np.ndarray, CaseAnswer, np.ndarray | None]] = []
        unknown = rate_of < 0
        unknowns = int(np.count_nonzero(unknown))
        if unknowns:
            if self.unknown is None:
                self.unknown = run(None)[0]
            out.append((np.flatnonzero(unknown), self.unknown, None))
            if unknowns == len(rate_of):
                return out
        todo = ~unknown
        while True:  # some lines of `todo` are left (a run's rate is answered after it)
            if self.any_rate is not None:
                out.append((np.flatnonzero(todo), self.any_rate, None))
                break
            if self.templates or self.exact:
                todo = self._known(rate_of, rates, todo, out)
            left = np.flatnonzero(todo)
            if not len(left):
                break
            rate = float(rates.values[rate_of[left[0]]])
            answer, template, trace = run(Decimal(repr(rate)))
            if trace is None or not trace.used:
                self.any_rate = answer
            elif template is not None:
                self.templates.append((template, answer))
            else:
                self.exact[rate] = answer
        return out

    def _known(
        self,
        rate_of: np.ndarray,
        rates: Rates,
        todo: np.ndarray,
        out: list[tuple[np.ndarray, CaseAnswer, np.ndarray | None]],
    ) -> np.ndarray:
        """Answer the lines `todo` that a kept template or rate answers; the rest."""
        import numpy as np

        for template, answer in self.templates:
            hit = todo & rates.holds(template)[rate_of]
            if hit.any():
                out.append((np.flatnonzero(hit), answer, rates.layers(template)))
                todo = todo & ~hit
        for rate, answer in self.exact.items():
            hit = todo & (rates.values[rate_of] == rate)
            if hit.any():
                out.append((np.flatnonzero(hit), answer, None))
                todo = todo & ~hit
        return todo


def runner(group: Group, code: str, listed: tuple[str, ...], quota: str | None) -> Run:
    """A run of the layers for lines of `group` like `code` (which stands in for them)."""

    def one(rate: Decimal | None) -> tuple[CaseAnswer, Template | None, Trace | None]:
        return run(group, code, rate, listed, quota)

    return one


class _BatchContext(Context):
    """A Context whose claims by topic are worked out once per group (the scalar engine
    sorts them again for every line)."""

    seen: dict[tuple[str, tuple[str, ...]], list[ClaimView]]  # views by topic, per group

    def views(self, topic: str, exclude: tuple[str, ...] = ()) -> list[ClaimView]:
        found = self.seen.get((topic, exclude))
        if found is None:
            found = self.seen[(topic, exclude)] = super().views(topic, exclude)
        return list(found)


def run(
    group: Group,
    code: str,
    rate: Decimal | None,
    listed: tuple[str, ...],
    quota: str | None,
    tracing: bool = True,
) -> tuple[CaseAnswer, Template | None, Trace | None]:
    """The layers for a line of `group` like `code` with this MFN rate: traced, or where
    `tracing` is False, the scalar layers as they are (no template)."""
    trace = None if rate is None or not tracing else Trace()
    mfn = rate if trace is None or rate is None else traced(rate, trace)
    ledger = Ledger(trail=False)  # the batch reads rates and reasons, not the warnings
    ctx = _BatchContext(
        group.catalog, group.origin, code, group.on, group.known_on, group.states, mfn
    )
    ctx.quota = quota
    ctx.seen = group.views
    ctx.kept = group.kept
    try:
        s232 = section_232(ctx, ledger)
        reciprocal(ctx, ledger, s232)
        other_measures(ctx, ledger, s232)
        origin_layers(ctx, ledger)
    except TradetermsError as exc:
        return CaseAnswer((), (), None, "", str(exc), listed), None, trace
    steps = []
    cap = ""
    for step in ledger.steps:
        part = _PARTS.get(step.part, 2)
        steps.append((_LAYER_INDEX[step.layer], part, step.added if part == 0 else step.part_rate))
        if step.applies in _DEAL_CAPS and "/" in step.measure and step.added is not None:
            cap = cap or step.measure
    unsettled = tuple(u for u in ledger.unsettled if u != ledger.metal_open)
    template = None
    if trace is not None and trace.used:
        template = template_of(trace, steps, WIDTH, [*ledger.unsettled, ledger.metal_open or ""])
    layers = template.layers(Decimal(rate)) if template and rate is not None else _sums(steps)
    return CaseAnswer(layers, unsettled, ledger.metal_open, cap, None, listed), template, trace


def _sums(steps: list[tuple[int, int, Any]]) -> tuple[tuple[float, float, float], ...]:
    sums = [[0.0, 0.0, 0.0] for _ in range(WIDTH)]
    for layer, part, value in steps:
        sums[layer][part] += float(value or 0)
    return tuple((a, b, c) for a, b, c in sums)
