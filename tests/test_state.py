"""The state of a term on a date: authority, recency, two dates, events, disputes."""

import datetime as dt
from pathlib import Path

import pytest

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.describe import describe_state, markers
from tradeterms.state import TermState

STATES = Path(__file__).parent / "fixtures" / "valid" / "states.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(STATES)


def state_of(catalog: Catalog, term: str, as_of: str, known_on: str | None = None) -> TermState:
    known = dt.date.fromisoformat(known_on) if known_on else None
    states = catalog.state("us-eu-2025", as_of=dt.date.fromisoformat(as_of), known_on=known)
    return next(s for s in states if s.term.id == term)


def rate(state: TermState) -> str:
    assert state.value is not None
    return str(getattr(state.value, "rate", None))


def test_retroactive_notice_changes_the_past_but_not_what_was_known(catalog: Catalog) -> None:
    assert rate(state_of(catalog, "autos", "2025-09-01")) == "15%"
    assert rate(state_of(catalog, "autos", "2025-09-01", known_on="2025-09-01")) == "25%"
    assert rate(state_of(catalog, "autos", "2025-07-15")) == "25%"


def test_measure_claims_join_the_deal_term_on_the_same_topic(catalog: Catalog) -> None:
    autos = state_of(catalog, "autos", "2025-07-15")
    assert autos.current is not None and autos.current.origin == "s232-autos"


def test_deal_rate_applies_from_its_effective_date(catalog: Catalog) -> None:
    before = state_of(catalog, "baseline", "2025-08-06")
    assert rate(before) == "10%" and before.current and before.current.origin == "baseline-10"
    assert [v.claim.source for v in before.pending] == ["eo-eu"]
    assert rate(state_of(catalog, "baseline", "2025-08-07")) == "15%"


def test_ruling_ends_ieepa_layers_and_section_122_follows(catalog: Catalog) -> None:
    after = state_of(catalog, "baseline", "2026-03-01")
    assert after.current is not None and after.current.origin == "s122-surcharge"
    ended = {view.claim.source: event.id for view, event in after.ended if event}
    assert ended == {"eo-eu": "ieepa-ruling", "eo-baseline": "ieepa-ruling"}
    assert rate(state_of(catalog, "autos", "2026-03-01")) == "15%"  # s232 survives


def test_ruling_not_yet_known_keeps_the_ieepa_rate(catalog: Catalog) -> None:
    assert rate(state_of(catalog, "baseline", "2026-03-01", known_on="2026-02-19")) == "15%"


def test_surcharge_lapses_after_its_end(catalog: Catalog) -> None:
    assert state_of(catalog, "baseline", "2026-08-01").silent


def test_parties_disagreeing_at_the_top_level_is_a_dispute(catalog: Catalog) -> None:
    july = state_of(catalog, "pharma", "2025-07-28")
    assert july.disputed
    assert {v.parties for v in july.conflict} == {("EU",), ("US",)}
    assert "disputed" in markers(july)
    assert "EU: capped at 15%" in describe_state(july) and "US: not covered" in describe_state(july)


def test_a_more_authoritative_source_settles_the_dispute(catalog: Catalog) -> None:
    september = state_of(catalog, "pharma", "2025-09-01")
    assert not september.disputed
    assert september.current is not None and september.current.claim.source == "joint"


def test_before_any_claim_the_term_is_silent(catalog: Catalog) -> None:
    assert state_of(catalog, "pharma", "2025-07-01").silent
    assert describe_state(state_of(catalog, "pharma", "2025-07-01")) == "—"


def test_dispute_shows_even_when_a_measure_in_force_decides(catalog: Catalog) -> None:
    steel = state_of(catalog, "steel", "2025-07-28")
    assert rate(steel) == "50%" and steel.current and steel.current.origin == "s232-steel"
    assert steel.disputed and {v.parties for v in steel.conflict} == {("EU",), ("US",)}
    assert describe_state(steel).startswith("50% on top of MFN (s232)")


def test_a_claim_in_force_outranks_words_about_the_future(catalog: Catalog) -> None:
    before = state_of(catalog, "industrial", "2026-06-30")
    after = state_of(catalog, "industrial", "2026-07-01")
    assert before.current and before.current.claim.source == "joint"
    assert after.current and after.current.claim.source == "press-eu-regulation"
    assert state_of(catalog, "industrial", "2030-01-01").current.claim.source == "joint"  # type: ignore[union-attr]
