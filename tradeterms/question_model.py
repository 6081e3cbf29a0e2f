"""What an open question carries: kind, severity, message, evidence, and its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tradeterms.question_kinds import Severity

__all__ = ["Evidence", "Question", "Settlement"]


@dataclass(frozen=True)
class Evidence:
    """One claim or cited source behind a question, and where it stands in the data file."""

    summary: str  # the claim in words, or what the source is cited for
    parties: str  # whose words: "US", "US+EU"; empty for a cited source
    source: str
    title: str
    url: str
    date: dt.date
    location: str | None  # FILE:LINE of the record, e.g. data/deals/us-eu-2025.yaml:120

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "date": self.date.isoformat()}


@dataclass(frozen=True)
class Settlement:
    """The document that settled a question, and when."""

    date: dt.date
    source: str | None
    title: str | None = None
    url: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "date": self.date.isoformat()}


@dataclass(frozen=True)
class Question:
    """An open (or, with its settlement, resolved) question about a deal."""

    id: str  # stable: deal/kind/term (or topic, or curated id)
    deal: str
    kind: str
    severity: Severity
    message: str
    raised: dt.date
    evidence: tuple[Evidence, ...] = ()
    term: str | None = None
    topic: str | None = None
    resolved: Settlement | None = field(default=None)

    @property
    def is_open(self) -> bool:
        return self.resolved is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "deal": self.deal,
            "kind": self.kind,
            "severity": self.severity.value,
            "term": self.term,
            "topic": self.topic,
            "message": self.message,
            "raised": self.raised.isoformat(),
            "resolved": self.resolved.as_dict() if self.resolved else None,
            "evidence": [e.as_dict() for e in self.evidence],
        }
