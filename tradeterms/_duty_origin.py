"""The origin of a good: which deal covers it, and the term states that reach it on a date.

An EU member state's code counts as the EU; a deal covers an origin named in its `parties`
(the Swiss deal covers CH and LI). For a deal with several partners the deal is read for the
origin: the measures reaching that origin, and the US terms on goods of that origin; where the
origin has no term of its own on a topic, the term on goods of another partner stands in
(`Origin.borrowed` names those terms). For an origin no deal covers, the cross-deal measures that
reach it are worked out the same way as for a deal, through a stand-in deal with no terms.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from tradeterms.catalog import Catalog
from tradeterms.codes import EU_MEMBERS, PARTY_HINTS, _countries, country_name
from tradeterms.errors import TradetermsError
from tradeterms.models import Deal
from tradeterms.state import TermState

__all__ = ["Origin", "UnknownOriginError", "origin_states", "resolve_origin"]


class UnknownOriginError(TradetermsError, ValueError):
    """An origin that is not an ISO 3166-1 alpha-2 code (or 'EU'); names the closest codes."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Origin:
    """`code` as given (upper case), the `party` it counts as (EU for members), its deal."""

    code: str
    party: str
    deal: Deal | None
    borrowed: tuple[str, ...] = ()  # terms on goods of another partner read for this origin

    @property
    def name(self) -> str:
        return country_name(self.code)


def _check_code(origin: str) -> str:
    code = origin.strip().upper()
    if code in PARTY_HINTS:
        hint = PARTY_HINTS[code]
        raise UnknownOriginError(f"{origin!r} is not an ISO 3166-1 code: write {hint!r}", (hint,))
    if code == "EU" or code in _countries():
        return code
    names = {name.upper(): c for c, name in _countries().items()}
    close = difflib.get_close_matches(code, [*_countries(), "EU"], n=3, cutoff=0.5)
    if code in names:
        close = [names[code]]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownOriginError(
        f"unknown origin {origin!r}: use an ISO 3166-1 alpha-2 code such as 'JP' or 'DE'{hint}",
        tuple(close),
    )


def resolve_origin(catalog: Catalog, origin: str) -> Origin:
    """The party an origin counts as and the deal (with the US) whose partner it is."""
    code = _check_code(origin)
    party = "EU" if code in EU_MEMBERS else code
    for deal in catalog:
        if "US" in deal.parties and party in deal.parties and party != "US":
            return _read_for(code, party, deal)
    return Origin(code, party, None)


def _read_for(code: str, party: str, deal: Deal) -> Origin:
    """The deal as it reaches goods of `party`: that party as partner, its own terms first."""
    if party == deal.partner:
        return Origin(code, party, deal)
    others = {p for p in deal.parties if p not in ("US", party)}
    own_topics = {t.topic for t in deal.terms if t.on_goods_of == party}
    terms, borrowed = [], []
    for term in deal.terms:
        if term.on_goods_of in others:
            if term.topic in own_topics:
                continue  # the origin's own term on this topic decides
            borrowed.append(term.id)
        terms.append(term)
    parties = ["US", party, *[p for p in deal.parties if p not in ("US", party)]]
    read = deal.model_copy(update={"parties": parties, "terms": terms})
    return Origin(code, party, read, tuple(borrowed))


def origin_states(
    catalog: Catalog, origin: Origin, on: dt.date, known_on: dt.date | None
) -> list[TermState]:
    """Every term state reaching goods of `origin` on `on` (deal terms and measures)."""
    deal = origin.deal or _stand_in(origin)
    return catalog.state(deal, as_of=on, known_on=known_on)


def _stand_in(origin: Origin) -> Deal:
    """A deal with no terms, so the catalog merges in exactly the measures reaching `origin`."""
    return Deal.model_construct(
        id=f"no-deal-{origin.code.lower()}",
        name=f"No deal ({origin.name})",
        parties=["US", origin.code],
        summary=None,
        sources=[],
        milestones=[],
        terms=[],
        questions=[],
        expected_instruments=[],
    )
