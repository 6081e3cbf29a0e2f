"""The kinds of open question: a stable slug, a one-line meaning and a severity each.

docs/questions.md lists them; a test checks that every kind is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tradeterms.errors import TradetermsError

__all__ = ["KINDS", "Kind", "Severity", "kind"]


class Severity(StrEnum):
    """How much a question matters to a reader, from most to least."""

    high = "high"  # what applies is in doubt
    medium = "medium"  # the term stands, but on soft ground
    low = "low"  # worth a look: coverage, sourcing, age

    @property
    def rank(self) -> int:
        return len(Severity) - list(Severity).index(self)


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    meaning: str
    severity: Severity


KINDS: tuple[Kind, ...] = (
    Kind("curated", "Curated", "A question written in the data.", Severity.medium),
    Kind(
        "conflicting-claims",
        "Conflicting claims",
        "The parties' current positions on a term (each one's latest claim) disagree.",
        Severity.high,
    ),
    Kind(
        "figure-unconfirmed",
        "Figure unconfirmed",
        "One party gives a figure (a rate, a volume, an amount); the other spoke on the term "
        "without one and without taking a stance.",
        Severity.medium,
    ),
    Kind(
        "non-binding",
        "Non-binding",
        "The term rests on 'intends', 'expects', 'will explore' or similar language.",
        Severity.medium,
    ),
    Kind(
        "unquantified-pledge",
        "Unquantified pledge",
        "A pledge recorded in words without an amount.",
        Severity.medium,
    ),
    Kind(
        "unmet-condition",
        "Unmet condition",
        "The term depends on a condition the data does not show as met.",
        Severity.high,
    ),
    Kind(
        "pending-instrument",
        "Pending instrument",
        "A document the parties said would follow is not yet in the data.",
        Severity.medium,
    ),
    Kind(
        "peer-gap",
        "Peer gap",
        "A peer deal covers the topic and this deal is silent on it.",
        Severity.low,
    ),
    Kind(
        "thin-sourcing",
        "Thin sourcing",
        "The term rests on a single press or analysis source, or on a claim marked unconfirmed.",
        Severity.low,
    ),
    Kind(
        "basis-voided",
        "Basis voided",
        "A later event removed the legal basis of the term (e.g. the IEEPA ruling).",
        Severity.high,
    ),
    Kind(
        "lapsed-without-successor",
        "Lapsed without successor",
        "The measure's end date has passed and no later source says what followed.",
        Severity.high,
    ),
    Kind(
        "stale",
        "Stale",
        "An active term with no source newer than a set age (default 6 months), unless a "
        "legal act in force decides it alone.",
        Severity.low,
    ),
)

_BY_SLUG = {k.slug: k for k in KINDS}


class UnknownKindError(TradetermsError, KeyError):
    """A question kind that does not exist; the message names the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def kind(slug: str) -> Kind:
    """The kind with this slug; raises UnknownKindError (a KeyError) naming the known slugs."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise UnknownKindError(
            f"unknown question kind {slug!r}; known: {', '.join(_BY_SLUG)}"
        ) from None
