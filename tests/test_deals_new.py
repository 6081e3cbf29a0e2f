"""Issue 16: the US–Taiwan and US–Bangladesh deals. Every fact comes from the researcher's
fact sheet (taiwan-bangladesh-facts.md, facts T-n and B-n) with its source and quote; what
it marks UNCONFIRMED is curated as unconfirmed or as an open question, never as settled."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from dispute_cases import check_dispute, state_of

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.cli import cli
from tradeterms.comparison import compare
from tradeterms.describe import describe_value
from tradeterms.models import QuotaValue, Strength
from tradeterms.open_questions import questions
from tradeterms.state import bounds

D = dt.date.fromisoformat
TAIWAN, BANGLADESH = "us-taiwan-2025", "us-bangladesh-2025"
FACTS = "taiwan-bangladesh-facts.md "


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load()


def test_both_deals_are_listed() -> None:
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0
    assert TAIWAN in result.output and BANGLADESH in result.output


@pytest.mark.parametrize("deal", [TAIWAN, BANGLADESH])
def test_every_claim_cites_its_source_with_a_quote(catalog: Catalog, deal: str) -> None:
    for term in catalog.deal(deal).terms:
        for claim in term.claims:
            assert claim.quote, (term.id, claim.source)
            assert claim.source in catalog.sources


@pytest.mark.parametrize("deal", [TAIWAN, BANGLADESH])
def test_unconfirmed_facts_are_never_settled(catalog: Catalog, deal: str) -> None:
    flagged = [c for t in catalog.deal(deal).terms for c in t.claims if c.unconfirmed]
    assert flagged, "the fact sheet marks facts of both deals UNCONFIRMED"
    assert all(c.strength is Strength.asserted for c in flagged)


def test_compare_side_by_side_with_japan_and_korea(catalog: Catalog) -> None:
    deals = (TAIWAN, BANGLADESH, "us-japan-2025", "us-korea-2025")
    result = compare(*deals, as_of="2026-03-01", catalog=catalog)
    cells = {key: cell.text for key, cell in result.cells.items()}
    assert "at least USD 250bn" in cells[(TAIWAN, "investment")]
    assert "about USD 15bn, over 15 years" in cells[(BANGLADESH, "purchase.energy")]
    assert "40% → 10%" in cells[(TAIWAN, "partner.farm")]
    numbers = result.numbers
    rows = {(r.deal, r.term, r.measure): r.value for r in numbers.itertuples()}
    assert rows[(TAIWAN, "pork-belly", "partner rate before")] == 40.0
    assert rows[(TAIWAN, "tariff-barriers", "share of not stated eliminated or reduced")] == 99.0
    assert rows[(BANGLADESH, "energy", "purchase per year in USD")] == 1e9  # USD 15bn / 15
    korea = next(t for t in catalog.deal("us-korea-2025").terms if t.id == "investment-strategic")
    capped = [c for c in korea.claims if c.source == "kr-jfs-2025-11-13"]
    assert "at most USD 20bn a year" in describe_value(capped[0].value)


def test_cli_compares_the_four_deals() -> None:
    args = ["compare", TAIWAN, BANGLADESH, "us-japan-2025", "us-korea-2025"]
    result = CliRunner().invoke(cli, [*args, "--as-of", "2026-03-01"])
    assert result.exit_code == 0 and "us-bangladesh-2025" in result.output


# deal, term, a day the disagreement was live, {party: the source of its stance}, why
DISPUTES = [
    (
        TAIWAN,
        "credit-guarantees",
        "2026-01-20",
        {"US": "tw-commerce-factsheet-2026-01-15", "TW": "tw-taipeitimes-2026-01-17"},
        FACTS + "§1.4 (2) 'at least' (Commerce) vs 'up to' (Executive Yuan) USD 250bn",
    ),
    (
        TAIWAN,
        "investment-total",
        "2026-01-25",
        {"US": "tw-capitalaidaily-2026-01", "TW": "tw-taipeitimes-2026-01-20"},
        FACTS + "§1.4 (1) 'USD 500bn' vs 'apples with oranges'",
    ),
    (
        TAIWAN,
        "chip-production-share",
        "2025-10-15",
        {"US": "tw-newsio-cnbc-2025-09-30", "TW": "tw-econotimes-2025-10-01"},
        FACTS + "§1.4 (3) '50-50' vs 'never made any commitment'",
    ),
]


@pytest.mark.parametrize(("deal", "term", "on", "sides", "why"), DISPUTES)
def test_disagreement_is_disputed_while_live(
    catalog: Catalog, deal: str, term: str, on: str, sides: dict[str, str], why: str
) -> None:
    check_dispute(catalog, deal, term, on, sides, why)


def test_the_guarantee_dispute_is_one_of_qualifiers(catalog: Catalog) -> None:
    state = state_of(catalog, TAIWAN, "credit-guarantees", "2026-01-20")
    assert {bounds(v.claim.value) for v in state.conflict} == {("at_least",), ("up_to",)}
    assert not state.timing_disputed


@pytest.mark.parametrize(
    ("deal", "question"),
    [
        (TAIWAN, "fifteen-in-force"),
        (TAIWAN, "art-in-force"),
        (TAIWAN, "chip-quota"),
        (TAIWAN, "guarantee-size"),
        (TAIWAN, "pork-ham-timing"),
        (BANGLADESH, "stacking-19"),
        (BANGLADESH, "textile-volume"),
        (BANGLADESH, "farm-amounts"),
        (BANGLADESH, "wheat-qualifier"),
        (BANGLADESH, "aircraft-count"),
        (BANGLADESH, "entry-into-force"),
    ],
)
def test_open_questions_of_the_fact_sheet_are_asked(
    catalog: Catalog, deal: str, question: str
) -> None:
    found = {q.id for q in questions(deal, as_of="2026-03-01", catalog=catalog)}
    assert any(q.endswith(question) for q in found), sorted(found)


def test_agreed_rates_are_never_read_as_applied(catalog: Catalog) -> None:
    """Taiwan's 15% and Bangladesh's 19% were agreed but not found in force (T-8, B-7)."""
    for deal, rate in ((TAIWAN, "20%"), (BANGLADESH, "20%")):
        state = state_of(catalog, deal, "baseline", "2026-02-15")
        assert state.current is not None and state.current.claim.strength is Strength.in_force
        assert str(getattr(state.value, "rate", "")) == rate


def test_chip_quota_is_sized_against_planned_capacity(catalog: Catalog) -> None:
    term = next(t for t in catalog.deal(TAIWAN).terms if t.id == "chips-construction")
    quota = term.claims[0].value
    assert isinstance(quota, QuotaValue) and quota.volume_relative is not None
    assert str(quota.volume_relative.times) == "2.5x"
    assert quota.condition is not None and quota.condition.met_on is None
