"""The examples of issue 11 read right in `compare` and `show` on the dates they concern,
each keyed by its deal: two sides instead of a false dispute, supersession instead of a
stale state, a missed dispute, unconfirmed figures, hidden caps (shipped data)."""

from __future__ import annotations

import datetime as dt

import pytest

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.comparison import compare
from tradeterms.describe import describe_state, markers
from tradeterms.state import TermState
from tradeterms.views import deal_view, render_deal_view

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load()


def state(
    catalog: Catalog, deal: str, term: str, on: str, known_on: str | None = None
) -> TermState:
    states = catalog.state(deal, as_of=D(on), known_on=D(known_on) if known_on else None)
    return next(s for s in states if s.term.id == term)


def test_switzerland_november_2025_is_39_charged_15_agreed(catalog: Catalog) -> None:
    swiss = state(catalog, "us-switzerland-2025", "baseline", "2025-11-20", "2025-11-20")
    assert not swiss.disputed
    assert describe_state(swiss) == (
        "39% on top of MFN (IEEPA), from 7 Aug 2025; agreed by US+CH+LI 14 Nov 2025, not yet "
        "in force: 15% all-in (higher of MFN or 15%) (IEEPA)"
    )
    cell = compare(
        "us-switzerland-2025", as_of="2025-11-20", known_on="2025-11-20", catalog=catalog
    ).cells[("us-switzerland-2025", "tariff.baseline")]
    assert "†" not in cell.text and "not yet in force" in cell.text
    liechtenstein = state(catalog, "us-switzerland-2025", "baseline-li", "2025-11-20", "2025-11-20")
    assert not liechtenstein.disputed


def test_korea_base_rate_before_its_notice_is_not_a_dispute(catalog: Catalog) -> None:
    korea = state(catalog, "us-korea-2025", "baseline", "2025-11-20", "2025-11-20")
    assert not korea.disputed and korea.agreed_differs
    assert "agreed by US+KR 13 Nov 2025, not yet in force" in describe_state(korea)


def test_uk_pharmaceuticals_follow_the_december_2025_arrangement(catalog: Catalog) -> None:
    january = state(catalog, "us-uk-2025", "pharma-branded", "2026-01-15")
    assert describe_state(january) == (
        "agreed by US+GB 1 Dec 2025, not in force: MFN only (s232), for at least 3 years"
    )
    replaced = {v.claim.source: by.claim.source for v, by in january.superseded}
    assert replaced["uk-eo-14309"] == "uk-ustr-pharma-2025-12-01"
    shown = str(render_deal_view(deal_view(catalog, "us-uk-2025", D("2026-01-15"))))
    assert "[uk-eo-14309] — superseded by [uk-ustr-pharma-2025-12-01] on 1 Dec 2025" in shown


def test_japan_defence_purchases_are_disputed_and_the_figure_unconfirmed(catalog: Catalog) -> None:
    defence = state(catalog, "us-japan-2025", "defence-purchases", "2026-01-15")
    assert defence.disputed
    assert {v.claim.source for v in defence.conflict} == {
        "jp-eo14345",
        "jp-jiji-hayashi-2025-07-24",
    }
    assert [v.claim.source for v in defence.unconfirmed_figures] == ["jp-nationthailand-2025-09-05"]


@pytest.mark.parametrize(
    ("deal", "term", "figure"),
    [
        ("us-japan-2025", "energy-purchases", "jp-wh-fs-2025-09-05"),
        ("us-china-2025", "soybeans-2025", "cn-wh-fs-2025-11-01"),
        ("us-china-2025", "soybeans-2026-28", "cn-wh-fs-2025-11-01"),
    ],
)
def test_a_figure_only_one_side_gives_is_flagged(
    catalog: Catalog, deal: str, term: str, figure: str
) -> None:
    found = state(catalog, deal, term, "2026-01-15")
    assert not found.disputed and "figure-unconfirmed" in markers(found)
    assert [v.claim.source for v in found.unconfirmed_figures] == [figure]


def test_vietnam_readout_without_a_rate_does_not_dispute_the_20_percent(catalog: Catalog) -> None:
    july = state(catalog, "us-vietnam-2025", "baseline", "2025-07-10")
    assert not july.disputed and "figure-unconfirmed" in markers(july)


@pytest.mark.parametrize(
    ("deal", "cell"),
    [
        ("us-eu-2025", "capped at 15% (MFN included) (s232), from 14 Oct 2025"),
        ("us-japan-2025", "capped at 15% (MFN included) (s232), from 14 Oct 2025"),
        ("us-uk-2025", "10% on top of MFN (s232), from 14 Oct 2025"),
    ],
)
def test_lumber_caps_of_the_proclamation_show_in_the_deal(
    catalog: Catalog, deal: str, cell: str
) -> None:
    lumber = compare(deal, as_of="2026-01-15", catalog=catalog).cells[(deal, "tariff.lumber")]
    assert lumber.text == cell


def test_eu_steel_after_the_joint_statement_is_not_disputed(catalog: Catalog) -> None:
    steel = state(catalog, "us-eu-2025", "steel", "2025-11-20")
    assert not steel.disputed
    assert describe_state(steel).startswith(
        "50% on top of MFN (s232), from 4 Jun 2025; stated (exploring) by US+EU 21 Aug 2025"
    )
    assert state(catalog, "us-eu-2025", "copper", "2025-11-20").disputed  # the JS is silent


def test_japan_and_korea_investment_mous_end_the_july_disputes(catalog: Catalog) -> None:
    for deal in ("us-japan-2025", "us-korea-2025"):
        for term in ("investment-control", "investment-profit-split"):
            assert not state(catalog, deal, term, "2026-01-15").disputed, (deal, term)


def test_liechtenstein_is_not_charged_the_swiss_forced_labour_line(catalog: Catalog) -> None:
    li = state(catalog, "us-switzerland-2025", "baseline-li", "2026-09-01")
    assert "us-s301-fl-12-5-inclusive" not in {v.origin for v in li.counted}
    swiss = state(catalog, "us-switzerland-2025", "baseline", "2026-09-01")
    assert "us-s301-fl-12-5-inclusive" in {v.origin for v in swiss.counted}


def test_the_aluminium_half_rate_adds_to_the_section_232_rate(catalog: Catalog) -> None:
    aluminium = describe_state(state(catalog, "us-eu-2025", "aluminium", "2026-09-01"))
    assert aluminium.startswith("50% on top of MFN (s232), from 8 Jun 2026; also US 20 Jul 2026")
