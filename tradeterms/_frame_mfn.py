"""The MFN rate of a batch run, traced, so that one run answers for a range of MFN rates.

The layers read a line's MFN rate only to subtract it from a rate ("15% all-in": 15% minus
MFN) and compare what is left with zero or a cap. A run of the layers is given the rate as a
`TracedMfn`: each subtraction gives a `MfnDiff` that remembers the rate it was taken from,
and every comparison or test made on it is noted with its outcome. Any other use of either
(arithmetic, a conversion) makes the run *opaque*: its answer then holds for its own rate
only. Otherwise the run yields a `Template`: for every MFN rate on which the same
comparisons come out the same way, the layers are the same steps, each either a constant or
"rate minus MFN", summed in the same order as `_frame_engine` sums a run (so the numbers are
those a run would give, to the last bit).

A difference written into a reason ("+12.5%") would tie the words to the rate: the texts
written from differences are noted, and a run whose reasons hold one is kept for its own
rate only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["MfnDiff", "Template", "Trace", "TracedMfn", "template_of"]


@dataclass
class Trace:
    """What one run did with its MFN rate."""

    used: bool = False  # a rate was taken from it
    opaque: bool = False  # it was used in a way a template cannot replay
    checks: list[tuple[Decimal, str, Any, bool]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # texts written from differences


_COMPARISONS = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__")
# What Decimal itself must keep doing for the subclasses to exist and be inspected.
_KEEP = frozenset(
    (
        "__class__",
        "__delattr__",
        "__dir__",
        "__getattribute__",
        "__init__",
        "__init_subclass__",
        "__new__",
        "__reduce__",
        "__reduce_ex__",
        "__getstate__",
        "__setattr__",
        "__sizeof__",
        "__subclasshook__",
    )
)


def _opaque(name: str) -> Callable[..., Any]:
    method = getattr(Decimal, name)

    def use(self: Any, *args: Any, **kwargs: Any) -> Any:
        self.trace.opaque = True
        return method(Decimal(self), *args, **kwargs)

    use.__name__ = name
    return use


class _Traced(Decimal):
    """A Decimal whose every use not modelled below marks its run opaque."""

    trace: Trace

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in dir(Decimal):
            if name in _KEEP or name in cls.__dict__ or not callable(getattr(Decimal, name)):
                continue
            setattr(cls, name, _opaque(name))


class TracedMfn(_Traced):
    """The MFN rate of a run: `rate - mfn` gives a `MfnDiff`; anything else is opaque."""

    def __rsub__(self, other: Any, context: Any = None) -> MfnDiff:
        self.trace.used = True
        minuend = Decimal(other)
        return MfnDiff.of(minuend - Decimal(self), minuend, self.trace)

    def __hash__(self) -> int:  # hashing a rate is not using it
        return Decimal.__hash__(Decimal(self))


def traced(rate: Decimal, trace: Trace) -> TracedMfn:
    mfn = TracedMfn(rate)
    mfn.trace = trace
    return mfn


class MfnDiff(_Traced):
    """A rate minus the MFN rate: its comparisons are noted, so are the texts written from it
    (format_rate multiplies by 100; f-strings and str() format it)."""

    minuend: Decimal

    @classmethod
    def of(cls, value: Decimal, minuend: Decimal, trace: Trace) -> MfnDiff:
        diff = cls(value)
        diff.minuend = minuend
        diff.trace = trace
        return diff

    def _check(self, op: str, other: Any) -> bool:
        if isinstance(other, _Traced):
            self.trace.opaque = True
            other = Decimal(other)
        outcome = bool(getattr(Decimal, op)(Decimal(self), other))
        self.trace.checks.append((self.minuend, op, other, outcome))
        return outcome

    def __bool__(self) -> bool:
        return self._check("__ne__", 0)

    def __hash__(self) -> int:
        self.trace.opaque = True
        return Decimal.__hash__(Decimal(self))

    def __mul__(self, other: Any, context: Any = None) -> Decimal:
        if isinstance(other, int) and other == 100:  # format_rate: a percentage for words
            from tradeterms._duty_units import format_rate

            self.trace.words.append(format_rate(Decimal(self)))
        else:
            self.trace.opaque = True
        product: Decimal = Decimal(self) * other
        return product

    def __str__(self) -> str:
        text = Decimal.__str__(Decimal(self))
        self.trace.words.append(text)
        return text

    def __repr__(self) -> str:
        return self.__str__()

    def __format__(self, spec: str, context: Any = None, /) -> str:
        text = Decimal.__format__(Decimal(self), spec, context)
        self.trace.words.append(text)
        return text


def _compared(op: str) -> Callable[[MfnDiff, Any], bool]:
    def compare(self: MfnDiff, other: Any) -> bool:
        return self._check(op, other)

    compare.__name__ = op
    return compare


for _op in _COMPARISONS:  # <, <=, >, >=, ==, != on a difference: noted with their outcome
    setattr(MfnDiff, _op, _compared(_op))


_Term = float | Decimal  # a constant (as a float) or the rate an MFN rate is taken from


@dataclass(frozen=True, slots=True)
class Template:
    """The layers of a run as a function of the MFN rate, where its checks hold."""

    checks: tuple[tuple[Decimal, str, Any, bool], ...]
    steps: tuple[tuple[int, int, _Term], ...]  # (layer, part: 0 value/1 metal/2 rest, term)
    width: int  # the number of layers

    def holds(self, mfn: Decimal) -> bool:
        """Whether a run with this MFN rate would make the same comparisons the same way."""
        return all(
            bool(getattr(Decimal, op)(minuend - mfn, other)) is outcome
            for minuend, op, other, outcome in self.checks
        )

    def layers(self, mfn: Decimal) -> tuple[tuple[float, float, float], ...]:
        sums = [[0.0, 0.0, 0.0] for _ in range(self.width)]
        for layer, part, term in self.steps:
            sums[layer][part] += float(term - mfn) if isinstance(term, Decimal) else term
        return tuple((a, b, c) for a, b, c in sums)


def template_of(
    trace: Trace, steps: Sequence[tuple[int, int, Any]], width: int, texts: Sequence[str]
) -> Template | None:
    """The run's template, or None where its answer holds for its own MFN rate only (an
    opaque use, or a reason that writes a difference)."""
    if trace.opaque or any(word in text for word in trace.words for text in texts):
        return None
    terms: list[tuple[int, int, _Term]] = []
    for layer, part, value in steps:
        if isinstance(value, MfnDiff):
            terms.append((layer, part, value.minuend))
        else:
            terms.append((layer, part, float(value or 0)))
    return Template(tuple(trace.checks), tuple(terms), width)
