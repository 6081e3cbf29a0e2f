"""The trail of a duty calculation: one step per measure, each with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradeterms._duty_units import format_rate

__all__ = ["DutyStep", "Ledger", "SourceRef"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a step's number comes from: a source of the data file, or a shipped table."""

    id: str
    title: str
    url: str | None = None
    public_on: dt.date | None = None
    evidence: str | None = None  # "data/deals/<id>.yaml:LINE" (any data file) or a table file

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "public_on": self.public_on.isoformat() if self.public_on else None,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class DutyStep:
    """One layer of the duty: which measure, on what legal basis, what it adds.

    `added` is the ad valorem fraction this step adds to the total (0 for an exemption or a
    measure that does not stack; None where the data cannot settle it). `rate` is the rate the
    measure states, as written ("15%"), and `applies` how it stacks (on_top, all_in, cap, ...).
    """

    layer: str  # mfn, section_232, reciprocal, section_122, section_301, other
    measure: str
    title: str
    basis: str
    applies: str
    rate: str | None
    added: Decimal | None
    effect: str
    source: SourceRef | None = None
    part: str = "value"  # the part of the value charged: value, metal (content) or rest
    part_rate: Decimal | None = None  # the rate on that part, where it is not the whole value

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "measure": self.measure,
            "title": self.title,
            "basis": self.basis,
            "applies": self.applies,
            "rate": self.rate,
            "added": None if self.added is None else format_rate(self.added),
            "effect": self.effect,
            "source": self.source.to_dict() if self.source else None,
            "part": self.part,
            "part_rate": None if self.part_rate is None else format_rate(self.part_rate),
        }


@dataclass
class Ledger:
    """Steps, warnings and unsettled layers gathered while the layers are worked out."""

    steps: list[DutyStep] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    metal_open: str | None = None  # why the total waits for the metal share, if it does
    trail: bool = True  # the warnings are read (the batch engine reads the rates only)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def cannot_settle(self, text: str) -> None:
        if text not in self.unsettled:
            self.unsettled.append(text)

    def needs_metal_share(self, text: str) -> None:
        """The total is a formula in the metal share: open only for want of the metal value."""
        self.metal_open = text
        self.cannot_settle(text)
