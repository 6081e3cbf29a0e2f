"""Questions about one term, each found by a test run over the term's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import assert_never

from tradeterms._term_history import ONE_DAY, Hit, TermHistory
from tradeterms.describe import day as day_words
from tradeterms.describe import describe_value
from tradeterms.models import (
    PartnerTariffValue,
    PledgeValue,
    QuotaValue,
    ShareValue,
    SourceKind,
    Strength,
    TariffValue,
    TextValue,
    Value,
)
from tradeterms.question_kinds import kind
from tradeterms.question_model import Question
from tradeterms.state import ClaimView, TermState, gist

__all__ = ["TERM_DETECTORS"]

Test = Callable[[dt.date, TermState], Hit]
SOFT = (Strength.intended, Strength.expected, Strength.exploring, Strength.under_discussion)
THIN_KINDS = (SourceKind.press, SourceKind.analysis)


def _said(view: ClaimView) -> str:
    who = "+".join(view.claim.by)
    return f"{who}, {view.claim.strength.value}, [{view.source.id}] {day_words(view.said)}"


def _question(
    history: TermHistory,
    slug: str,
    test: Test,
    words: Callable[[Hit], str],
    curated_first: bool = False,
) -> Question | None:
    # Only open questions wanted: their run reaches as_of, so the earlier days need no look.
    run = history.open_run(test) if history.ctx.open_only else history.last_run(test)
    if run is None:
        return None
    deal, term = history.deal, history.term
    return Question(
        id=f"{deal.id}/{slug}/{term.id}",
        deal=deal.id,
        kind=slug,
        severity=kind(slug).severity,
        message=f"{deal.name} — {term.title}: {words(run.hit)}",
        raised=run.start,
        evidence=tuple(history.ctx.claim_evidence(v) for v in run.hit),
        term=term.id,
        topic=term.topic,
        resolved=history.settler(run.end, curated_first) if run.end else None,
    )


def conflicting_claims(history: TermHistory) -> Question | None:
    def words(hit: Hit) -> str:
        sides = "; ".join(f"{describe_value(v.claim.value)} ({_said(v)})" for v in hit)
        return f"the parties' positions disagree: {sides}"

    return _question(
        history, "conflicting-claims", lambda d, s: s.conflict, words, curated_first=True
    )


def figure_unconfirmed(history: TermHistory) -> Question | None:
    def words(hit: Hit) -> str:
        sides = "; ".join(f"{describe_value(v.claim.value)} ({_said(v)})" for v in hit)
        return f"a figure the other party has not confirmed: {sides}"

    return _question(history, "figure-unconfirmed", lambda d, s: s.unconfirmed_figures, words)


def _current(state: TermState, holds: Callable[[ClaimView], bool]) -> Hit:
    current = state.current
    return (current,) if current is not None and holds(current) else ()


def non_binding(history: TermHistory) -> Question | None:
    def test(day: dt.date, state: TermState) -> Hit:
        return _current(state, lambda v: v.origin == "deal" and v.claim.strength in SOFT)

    def words(hit: Hit) -> str:
        view = hit[0]
        return (
            f"rests on {view.claim.strength.value} language only: "
            f"{describe_value(view.claim.value)} ({_said(view)})"
        )

    return _question(history, "non-binding", test, words)


def _unquantified(value: Value) -> PledgeValue | None:
    """The pledge, when it was made in words without an amount or a count."""
    match value:
        case PledgeValue():
            return None if value.quantified else value
        case TariffValue() | QuotaValue() | TextValue() | PartnerTariffValue() | ShareValue():
            return None
        case _:
            assert_never(value)


def unquantified_pledge(history: TermHistory) -> Question | None:
    def unquantified(view: ClaimView) -> bool:
        return _unquantified(view.claim.value) is not None

    def words(hit: Hit) -> str:
        pledge = _unquantified(hit[0].claim.value)
        said = pledge.words if pledge else None
        return f'pledged in words without an amount: "{said}" ({_said(hit[0])})'

    return _question(history, "unquantified-pledge", lambda d, s: _current(s, unquantified), words)


def unmet_condition(history: TermHistory) -> Question | None:
    def test(day: dt.date, state: TermState) -> Hit:
        def unmet(view: ClaimView) -> bool:
            condition = view.claim.value.condition
            if condition is None:
                return False
            met = condition.met_on is not None and condition.met_on <= day
            return not (met and history.ctx.known(condition.met_source))

        return _current(state, unmet)

    def words(hit: Hit) -> str:
        condition = hit[0].claim.value.condition
        text = condition.text if condition else ""
        return f"depends on a condition the data does not show as met: {text} ({_said(hit[0])})"

    return _question(history, "unmet-condition", test, words)


def thin_sourcing(history: TermHistory) -> Question | None:
    def test(day: dt.date, state: TermState) -> Hit:
        deciding = [state.current] if state.current else []
        deciding += [v for v in state.conflict if v is not state.current]
        return tuple(v for v in deciding if _thin(v, state))

    def words(hit: Hit) -> str:
        view = hit[0]
        if view.claim.unconfirmed:
            return f"rests on a claim marked unconfirmed ({_said(view)})"
        source = view.source
        return (
            f"rests on a single {source.kind.value} source: {source.title} "
            f"({source.publisher}, {day_words(source.date)})"
        )

    return _question(history, "thin-sourcing", test, words)


def _support_key(view: ClaimView) -> object:
    value = view.claim.value
    match value:
        case TextValue(position=None):
            return ("text", value.text)  # words without a stance back only the same words
        case _:
            return gist(value)


def _thin(view: ClaimView, state: TermState) -> bool:
    if view.claim.unconfirmed:
        return True
    if view.source.kind not in THIN_KINDS:
        return False
    key = _support_key(view)
    # A later report that repeats an earlier one replaces it, but still backs it up.
    pool = [*state.counted, *(v for v, _ in state.superseded)]
    return len({v.source.id for v in pool if _support_key(v) == key}) == 1


def basis_voided(history: TermHistory) -> Question | None:
    def test(day: dt.date, state: TermState) -> Hit:
        for view, event in state.ended:
            if event is None or (view.ends and view.ends < event.effective):
                continue  # a lapse, not a voided basis
            if history.state(event.effective - ONE_DAY).current is not view:
                continue
            later = (v for v in state.counted if v.origin == view.origin)
            if not any(v.starts >= event.effective for v in later):
                return (view,)
        return ()

    def words(hit: Hit) -> str:
        view = hit[0]
        basis = view.claim.value.basis
        event = next(e for e, _ in history.ctx.events if basis in e.ends_basis)
        return (
            f"{describe_value(view.claim.value)} lost its legal basis when {event.title} "
            f"took effect on {day_words(event.effective)} ({_said(view)})"
        )

    return _question(history, "basis-voided", test, words)


def lapsed_without_successor(history: TermHistory) -> Question | None:
    def test(day: dt.date, state: TermState) -> Hit:
        for view, event in state.ended:
            if view.ends is None or (event is not None and view.ends >= event.effective):
                continue  # ended by an event before its own end: a voided basis
            end = view.ends + ONE_DAY
            if history.state(view.ends).current is not view:
                continue
            if not any(v.said >= end or v.starts >= end for v in state.counted):
                return (view,)
        return ()

    def words(hit: Hit) -> str:
        view = hit[0]
        return (
            f"{describe_value(view.claim.value)} ended on {day_words(view.ends)} and no later "
            f"source says what followed ({_said(view)})"
        )

    return _question(history, "lapsed-without-successor", test, words)


TERM_DETECTORS: dict[str, Callable[[TermHistory], Question | None]] = {
    "conflicting-claims": conflicting_claims,
    "figure-unconfirmed": figure_unconfirmed,
    "non-binding": non_binding,
    "unquantified-pledge": unquantified_pledge,
    "unmet-condition": unmet_condition,
    "thin-sourcing": thin_sourcing,
    "basis-voided": basis_voided,
    "lapsed-without-successor": lapsed_without_successor,
}
