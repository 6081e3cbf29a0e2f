"""The state of a term follows the record in time (issue 11): two sides, applied and agreed;
later words supersede earlier ones; disputes only between parties' current positions; a
figure the other party never gave is flagged; deal-specific caps show. Each rule has a term
of tests/fixtures/valid/time.yaml that triggers it and one that must not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.changes import diff
from tradeterms.comparison import compare
from tradeterms.describe import describe_state, markers
from tradeterms.loader import validate
from tradeterms.state import TermState
from tradeterms.views import deal_view, render_deal_view

FIXTURES = Path(__file__).parent / "fixtures"
TIME = FIXTURES / "valid" / "time.yaml"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(TIME)


def state_of(
    catalog: Catalog, term: str, as_of: str, known_on: str | None = None, deal: str = "us-ch-2025"
) -> TermState:
    states = catalog.state(deal, as_of=D(as_of), known_on=D(known_on) if known_on else None)
    return next(s for s in states if s.term.id == term)


# 1. Two sides: applied and agreed


def test_cell_shows_what_is_charged_and_what_was_agreed_not_yet_in_force(catalog: Catalog) -> None:
    state = state_of(catalog, "baseline", "2025-11-20", known_on="2025-11-20")
    assert state.applied is not None and state.applied.claim.source == "eo-39"
    assert state.agreed is not None and state.agreed.claim.source == "joint-ch"
    assert describe_state(state) == (
        "39% on top of MFN (IEEPA), from 7 Aug 2025; agreed by US+CH+LI 14 Nov 2025, "
        "not yet in force: 15% all-in (higher of MFN or 15%) (IEEPA)"
    )
    assert not state.disputed  # the US is not in dispute with itself


def test_agreed_value_the_law_applies_is_not_repeated(catalog: Catalog) -> None:
    state = state_of(catalog, "baseline", "2025-11-20")  # the notice is known: retroactive
    assert not state.agreed_differs
    assert describe_state(state) == "15% all-in (higher of MFN or 15%) (IEEPA), from 14 Nov 2025"


def test_frame_numbers_and_json_carry_both_sides(catalog: Catalog) -> None:
    comparison = compare("us-ch-2025", as_of="2025-11-20", known_on="2025-11-20", catalog=catalog)
    assert "not yet in force" in comparison.frame.loc[("US tariffs on the partner's goods",
                                                      "Baseline"), "us-ch-2025"]  # fmt: skip
    rows = comparison.numbers
    rows = rows[rows.term == "baseline"]
    assert list(zip(rows.axis, rows.since, rows.value, strict=True)) == [
        (
            "applied",
            "2025-08-07",
            39.0,
        ),
        ("agreed", "2025-11-14", 15.0),
    ]
    data = json.loads(str(comparison.render("json")))
    cells = [r["cells"]["us-ch-2025"] for r in data["rows"]]
    terms = [t for c in cells for t in c["terms"] if t["term"] == "baseline"]
    assert terms[0]["applied"]["value"].startswith("39%")
    assert terms[0]["agreed"] == {
        "value": "15% all-in (higher of MFN or 15%) (IEEPA)",
        "since": "2025-11-14",
        "by": ["US", "CH", "LI"],
        "source": "joint-ch",
    }


# 2. Supersession in time


def test_later_words_of_a_party_supersede_its_earlier_words(catalog: Catalog) -> None:
    july = state_of(catalog, "pharma", "2025-08-01")
    assert july.current is not None and july.current.claim.source == "press-us-july"
    later = state_of(catalog, "pharma", "2025-10-01")
    assert [(v.claim.source, by.claim.source) for v, by in later.superseded] == [
        ("press-us-july", "press-us-sept")
    ]
    assert not later.disputed  # the US's current words agree with Switzerland's


def test_known_on_works_on_top_of_supersession(catalog: Catalog) -> None:
    before = state_of(catalog, "pharma", "2025-10-01", known_on="2025-09-01")
    assert not before.superseded and before.current is not None
    assert before.current.claim.source == "press-us-july"


def test_words_marked_adds_to_stand_beside_the_earlier_words(catalog: Catalog) -> None:
    energy = state_of(catalog, "energy", "2026-02-01")
    assert not energy.superseded
    assert describe_state(energy) == (
        'USD 10bn; also US 20 Jan 2026: "one company buys 1 Mt of LNG a year" (no amount)'
    )
    farm = state_of(catalog, "farm", "2026-02-01")  # the same claims without adds_to
    assert [v.claim.source for v, _ in farm.superseded] == ["us-fact-sheet"]
    assert describe_state(farm) == "USD 2bn"


def test_a_later_act_supersedes_an_earlier_one_but_not_a_reading_of_it(catalog: Catalog) -> None:
    steel = state_of(catalog, "s232-steel", "2025-10-01")
    assert [(v.claim.source, by.claim.source) for v, by in steel.superseded] == [
        ("procl-steel-25", "procl-steel-50")
    ]
    assert steel.applied is not None and steel.applied.claim.source == "procl-steel-50"
    assert "steel-analysis" in {v.claim.source for v in steel.counted}  # counted, outranked


def test_a_joint_text_supersedes_what_each_party_said_before_it(catalog: Catalog) -> None:
    state = state_of(catalog, "baseline", "2025-11-20", known_on="2025-11-20")
    assert state.agreed is not None and set(state.agreed.claim.by) == {"US", "CH", "LI"}


def test_superseded_claims_stay_visible_in_show_and_diff(catalog: Catalog) -> None:
    shown = render_deal_view(deal_view(catalog, "us-ch-2025", D("2025-10-01")))
    assert "[press-us-july] — superseded by [press-us-sept] on 10 Sep 2025" in str(shown)
    changes = diff("us-ch-2025", "2025-08-01", "2025-10-01", catalog=catalog)
    pharma = next(c for c in changes if c.term == "pharma")
    assert pharma.superseded == (
        "US (asserted): 100% on top of MFN [press-us-july] — superseded by [press-us-sept] "
        "on 10 Sep 2025",
    )
    assert not any(c.superseded for c in changes if c.term != "pharma")


# 3. Disputes between current positions; figures not confirmed


def test_words_with_different_positions_are_a_dispute(catalog: Catalog) -> None:
    digital = state_of(catalog, "digital", "2026-02-01")
    assert digital.disputed and {v.parties for v in digital.conflict} == {("CH",), ("US",)}


def test_a_figure_the_other_party_never_gave_is_flagged_not_disputed(catalog: Catalog) -> None:
    investment = state_of(catalog, "investment", "2026-02-01")
    assert not investment.disputed
    assert [v.claim.source for v in investment.unconfirmed_figures] == ["us-fact-sheet"]
    assert markers(investment) == ["figure-unconfirmed"]
    assert describe_state(investment) == "USD 200bn ⁎"
    pharma = state_of(catalog, "pharma", "2026-02-01")  # both parties give the figure
    assert not pharma.unconfirmed_figures and "figure-unconfirmed" not in markers(pharma)


# 5. Hidden caps


def test_a_deal_cap_from_the_proclamation_shows_over_the_global_rate(catalog: Catalog) -> None:
    lumber = state_of(catalog, "lumber", "2026-02-01")
    assert describe_state(lumber) == "capped at 15% (MFN included) (s232), from 14 Oct 2025"
    assert "s232-wood" in {v.origin for v in lumber.counted}  # the global rate still counts
    korea = state_of(catalog, "s232-wood", "2025-11-01", deal="us-kr-2025")
    assert describe_state(korea) == "10% on top of MFN (s232), from 14 Oct 2025"


def test_a_later_general_rate_does_not_hide_the_deal_cap(catalog: Catalog) -> None:
    lumber = state_of(catalog, "lumber", "2026-02-01")
    assert describe_state(lumber) == "capped at 15% (MFN included) (s232), from 14 Oct 2025"
    korea = state_of(catalog, "s232-wood", "2026-02-01", deal="us-kr-2025")
    assert describe_state(korea) == "25% on top of MFN (s232), from 1 Jan 2026"
    assert [v.claim.source for v, _ in korea.superseded] == ["procl-wood"]


def test_a_measure_reaches_the_goods_a_term_is_about(catalog: Catalog) -> None:
    swiss = state_of(catalog, "baseline", "2026-08-01")
    assert "swiss-line" in {v.origin for v in swiss.counted}
    liechtenstein = state_of(catalog, "baseline-li", "2026-08-01")
    assert "swiss-line" not in {v.origin for v in liechtenstein.counted}


# Validation of the new fields


def test_words_of_two_parties_without_positions_warn() -> None:
    report = validate(FIXTURES / "valid" / "positions.yaml")
    assert report.valid  # a warning, not an error
    warned = [(f.code, f.severity, f.line) for f in report.findings]
    assert warned == [("text-without-position", "warning", 32)]


def test_words_with_positions_do_not_warn() -> None:
    report = validate(TIME)
    assert report.valid and report.findings == []
