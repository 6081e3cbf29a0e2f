"""Issue 7: for every US deal other than the EU's and Japan's, the disagreements and open
questions of the fact sheet (../shared/sources/deals-others.md, "Disagreements and open
questions" of each section and §14; events-2026.md §5) are in the data.

A disagreement is present when each side has a claim taking its stance, and the term shows as
disputed (`TermState.disputed`) on a day the disagreement was live. An open question is present
when the deal curates it (by id) or, for a live disagreement, the derived `conflicting-claims`
question names the term.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dispute_cases import check_dispute

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.models import TextValue
from tradeterms.open_questions import questions
from tradeterms.state import ClaimView, TermState, gist

D = dt.date.fromisoformat
FACTS = "deals-others.md "

# deal, term, a day the disagreement was live, {party: the source of its stance}, fact sheet
DISPUTES = [
    (
        "us-uk-2025",
        "steel",
        "2025-06-10",
        {"US": "uk-procl-10947", "GB": "uk-cityam-2025-06-04"},
        FACTS + "§1.7 steel 'zero' vs 'quota at MFN, conditional'",
    ),
    (
        "us-korea-2025",
        "semiconductors",
        "2026-01-20",
        {"US": "kr-ajupress-2026-01-17", "KR": "kr-koreaherald-2026-01-18"},
        FACTS + "§2.7 semiconductors: 'no less favorable' vs 'separate agreements'",
    ),
    (
        "us-korea-2025",
        "investment-funding",
        "2025-10-01",
        {"US": "kr-joongang-2025-09-22", "KR": "kr-joongang-2025-09-22"},
        FACTS + "§2.7 cash up front vs instalments",
    ),
    (
        "us-korea-2025",
        "investment-control",
        "2025-08-05",
        {"US": "kr-chinadaily-2025-07-31", "KR": "kr-chinadaily-2025-07-31"},
        FACTS + "§2.7 who controls the USD 350 bn",
    ),
    (
        "us-indonesia-2025",
        "legal-form",
        "2025-12-16",
        {"US": "id-atlas-2025-12-10", "ID": "id-atlas-2025-12-10"},
        FACTS + "§4.5 'backtracking' (Dec 2025)",
    ),
    (
        "us-philippines-2025",
        "partner-tariffs",
        "2025-07-29",
        {"US": "ph-menafn-2025-07-22", "PH": "ph-republika-2025-07-25"},
        FACTS + "§5.4 'ZERO Tariffs / OPEN MARKET' vs selective concessions",
    ),
    (
        "us-philippines-2025",
        "legal-form",
        "2025-11-01",
        {"US": "ph-menafn-2025-07-22", "PH": "ph-rappler-2025-10-27"},
        FACTS + "§5.4 is it a deal?",
    ),
    (
        "us-switzerland-2025",
        "car-standards",
        "2025-11-18",
        {"US": "ch-wh-fs-2025-11-14", "CH": "ch-bluewin-2025-11-17"},
        FACTS + "§6.5 vehicle standards",
    ),
    (
        "us-malaysia-2025",
        "economic-security",
        "2025-12-20",
        {"US": "my-malaymail-2025-12-17", "MY": "my-fmt-2025-10-29"},
        FACTS + "§7.5 Art. 5.1 meaning",
    ),
    (
        "us-thailand-2025",
        "legal-form",
        "2025-11-18",
        {"US": "th-nation-2025-11-15", "TH": "th-nation-2025-11-17"},
        FACTS + "§9.4 linkage to the Cambodia peace accord",
    ),
    (
        "us-china-2025",
        "rare-earths",
        "2025-11-04",
        {"US": "cn-wh-fs-2025-11-01", "CN": "cn-mofcom-2025-10-30"},
        FACTS + "§10.4 rare earths scope",
    ),
    (
        "us-argentina-2025",
        "beef-quota",
        "2026-02-10",
        {"US": "ar-elbalad-2026-02", "AR": "ar-bluedollar-2026-02"},
        FACTS + "§11.2 beef: 80,000 t in the proclamation vs 100,000 t as a deal outcome",
    ),
]

# Disagreements that end: the term is no longer disputed once both sides state the same thing.
SETTLED = [
    ("us-korea-2025", "investment-funding", "2025-11-14", "kr-jfs-2025-11-13"),
    ("us-indonesia-2025", "legal-form", "2026-02-20", "id-supplychaindive-2026-02-20"),
    ("us-philippines-2025", "legal-form", "2026-07-22", "vn-wh-jordan-2026-07-21"),
]

# Curated open questions per deal, each an item of the fact sheet.
QUESTIONS = {
    "us-uk-2025": {
        "steel-zero-or-quota": "§1.7 steel",
        "pharma-duration": "§1.7 pharma exemption duration",
        "auto-rate-framing": "§1.7 auto rate framing",
        "legal-form": "§1.7 legal form",
        "uk-rate-after-ieepa": "§1.7 after 24 Feb 2026",
        "ethanol-opening": "§14 ethanol quota opening date",
        "pharma-covered-goods": "§14 UK pharma covered-goods list",
    },
    "us-korea-2025": {
        "investment-control": "§2.7 who controls the USD 350 bn",
        "upfront-cash": "§2.7 cash up front vs instalments",
        "auto-timing": "§2.7 auto tariff timing",
        "semiconductors-mfn": "§2.7 semiconductors",
        "tariff-hike-25": "§2.7 and §14: 26 Jan 2026 threat of 25%",
        "metals": "§2.7 steel/aluminium 50%",
        "korus-status": "§2.7 KORUS status",
        "ceiling-after-ieepa": "§2.7 after SCOTUS",
        "energy-in-nov-documents": "§14 USD 100 bn energy",
        "first-project": "events-2026.md §5.3 no first project",
    },
    "us-vietnam-2025": {
        "the-numbers": "§3.5 the numbers",
        "vietnam-requests": "§3.5 Vietnam's asks",
        "zero-vs-substantially-all": "§3.5 'zero tariff' vs 'substantially all'",
        "annex3-list": "§3.5 0% product list",
        "boeing-order-new": "§3.5 and §14 Vietnam Airlines order",
    },
    "us-indonesia-2025": {
        "aircraft-count": "§4.5 aircraft",
        "critical-minerals": "§4.5 critical minerals",
        "backtracking": "§4.5 backtracking",
        "zero-line-count": "§4.5 count of 0% lines",
        "purchases-binding": "§4.5 purchases",
        "ratification": "§4.5 after SCOTUS",
    },
    "us-philippines-2025": {
        "zero-vs-selective": "§5.4 ZERO vs selective",
        "is-it-a-deal": "§5.4 is it a deal",
        "philippine-requests": "§5.4 Philippine asks",
        "military": "§5.4 military element",
    },
    "us-switzerland-2025": {
        "investment-horizon": "§6.5 investment horizon",
        "investment-binding": "§6.5 binding force of investment",
        "gold": "§6.5 gold",
        "vehicle-standards": "§6.5 vehicle standards",
        "poultry-hormone-beef": "§6.5 chlorinated chicken / hormone beef",
        "retroactivity": "§6.5 retroactivity",
        "deadline-31-march": "§6.5 31 Mar 2026 deadline",
        "binding-agreement": "events-2026.md §5.4 no binding agreement",
    },
    "us-malaysia-2025": {
        "art-5-1": "§7.5 Art. 5.1",
        "s232-chips-pharma": "§7.5 semiconductors/pharma",
        "ratification": "§7.5 after SCOTUS",
        "investment-in-text": "§14 Malaysia investment figure",
        "exemption-list": "§7 the 1,711 lines",
    },
    "us-cambodia-2025": {
        "staging": "§8.5 'already implemented' vs staging",
        "boeing-deadline": "§8.5 Boeing deadline",
        "entry-into-force": "§8.5 post-SCOTUS ratification",
    },
    "us-thailand-2025": {
        "peace-linkage": "§9.4 and §14 peace-accord linkage",
        "rate-in-text": "§9.4 rate in the text",
        "timeline": "§9.4 timeline",
    },
    "us-china-2025": {
        "soybean-quantities": "§10.4 soybean quantities",
        "soybean-2025-target": "§10.4 soybean deadline",
        "rare-earth-scope": "§10.4 rare earths",
        "fentanyl-framing": "§10.4 fentanyl framing",
        "countermeasures-after-ruling": "§10.4 after SCOTUS",
        "beijing-visit": "§10.4 Beijing visit",
        "truce-renewal-2026": "events-2026.md §5.7 no extension found",
        "board-of-trade-implementation": "events-2026.md §5.7 recommendations only",
    },
    "us-argentina-2025": {
        "beef-quota-numbers": "§11.2 beef numbers",
        "us-beef-quota-in-argentina": "§11.2 US beef quota into Argentina",
        "zero-list-beyond-farm-eo": "§0.1 partner lists vs the farm EO",
        "entry-into-force": "§11.2 entry into force",
        "steel-review": "§11.2 steel/aluminium review",
    },
    "us-ecuador-2025": {
        "shrimp-tuna": "§11.3 shrimp and tuna",
        "signature": "§11.3 and §14 signature",
        "zero-list-beyond-farm-eo": "§0.1 partner lists vs the farm EO",
        "after-ieepa-ruling": "§0.2 basis void",
    },
    "us-guatemala-2025": {
        "zero-list-beyond-farm-eo": "§0.1 partner lists vs the farm EO",
        "entry-into-force": "§11.4 entry into force",
        "after-ieepa-ruling": "§11.4 after 24 Feb 2026",
    },
    "us-elsalvador-2025": {
        "entry-into-force": "§11.4 entry into force",
        "after-ieepa-ruling": "§11.4 after 24 Feb 2026",
    },
}

OTHER_DEALS = sorted(QUESTIONS)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load()


def _state(catalog: Catalog, deal: str, term: str, on: str) -> TermState:
    return next(s for s in catalog.state(deal, as_of=D(on)) if s.term.id == term)


def _stance(view: ClaimView) -> object:
    value = view.claim.value
    return value.position if isinstance(value, TextValue) else value.kind


def test_every_deal_named_here_is_in_the_data(catalog: Catalog) -> None:
    # Keyed by deal id: a deal added to the data needs no entry here to keep this green.
    assert set(OTHER_DEALS) <= {d.id for d in catalog.deals()}


@pytest.mark.parametrize(("deal", "term", "on", "sides", "why"), DISPUTES)
def test_disagreement_is_disputed_while_live(
    catalog: Catalog, deal: str, term: str, on: str, sides: dict[str, str], why: str
) -> None:
    state = check_dispute(catalog, deal, term, on, sides, why)
    assert len({gist(v.claim.value) for v in state.conflict}) >= 2, why


@pytest.mark.parametrize(("deal", "term", "on", "sides", "why"), DISPUTES)
def test_disagreement_raises_a_conflicting_claims_question(
    catalog: Catalog, deal: str, term: str, on: str, sides: dict[str, str], why: str
) -> None:
    found = questions(deal, as_of=D(on), kinds=["conflicting-claims"], catalog=catalog)
    assert f"{deal}/conflicting-claims/{term}" in {q.id for q in found}, why


@pytest.mark.parametrize(("deal", "term", "on", "source"), SETTLED)
def test_disagreement_ends_when_both_sides_agree(
    catalog: Catalog, deal: str, term: str, on: str, source: str
) -> None:
    state = _state(catalog, deal, term, on)
    assert not state.disputed
    assert any(v.claim.source == source for v in state.counted)


def test_text_stances_carry_a_position(catalog: Catalog) -> None:
    """Words on both sides take a stance only with a position; the slugs name the stances."""
    slugs = {
        ("us-malaysia-2025", "economic-security"): {
            "adopt-equivalent-measures",
            "only-shared-concerns",
        },
        ("us-philippines-2025", "partner-tariffs"): {"selected-goods-only"},
        ("us-thailand-2025", "legal-form"): {
            "talks-conditional-on-peace-accord",
            "trade-separate-from-security",
        },
        ("us-korea-2025", "semiconductors"): {"separate-agreements", "taiwan-level-treatment"},
        ("us-switzerland-2025", "car-standards"): {"recognise-fmvss", "no-obligation-to-adopt"},
        ("us-china-2025", "rare-earths"): {
            "suspend-oct-2025-controls-one-year",
            "general-licences-remove-2022-2025-controls",
        },
        ("us-argentina-2025", "beef-quota"): {
            "quota-in-agreement",
            "quota-in-proclamation-only",
        },
        ("us-indonesia-2025", "critical-minerals"): {
            "remove-export-restrictions",
            "raw-ore-ban-stays",
        },
    }
    for (deal, term), wanted in slugs.items():
        claims = next(t for t in catalog.deal(deal).terms if t.id == term).claims
        have = {c.value.position for c in claims if isinstance(c.value, TextValue)}
        assert wanted <= have, (deal, term)


def test_indonesian_minerals_reading_disputes_the_joint_statement_until_the_signed_text(
    catalog: Catalog,
) -> None:
    """§4.5 critical minerals: Airlangga's reading (23 Jul 2025) comes after the Joint
    Statement (22 Jul), so it is Indonesia's current position and the term is disputed (time
    decides first, issue 11); the signed agreement reported on 19 Feb 2026, by both, replaces
    both and settles it."""
    state = _state(catalog, "us-indonesia-2025", "critical-minerals", "2025-08-01")
    stances = {(tuple(v.claim.by), _stance(v)) for v in state.conflict}
    assert stances == {(("ID",), "raw-ore-ban-stays"), (("US", "ID"), "remove-export-restrictions")}
    assert not _state(catalog, "us-indonesia-2025", "critical-minerals", "2026-03-01").disputed


@pytest.mark.parametrize("deal", OTHER_DEALS)
def test_curated_questions_of_the_fact_sheet_are_present(catalog: Catalog, deal: str) -> None:
    curated = {q.id: q for q in catalog.deal(deal).questions}
    missing = {qid: why for qid, why in QUESTIONS[deal].items() if qid not in curated}
    assert not missing
    for qid in QUESTIONS[deal]:
        question = curated[qid]
        assert question.sources, qid
        assert question.term or question.topic or qid in {"beijing-visit"}, qid


@pytest.mark.parametrize("deal", OTHER_DEALS)
def test_curated_questions_are_open_on_the_last_day_covered(catalog: Catalog, deal: str) -> None:
    found = questions(deal, as_of=D("2026-03-31"), kinds=["curated"], catalog=catalog)
    ids = {q.id.rsplit("/", 1)[1] for q in found}
    raised_by_then = {q.id for q in catalog.deal(deal).questions if q.raised <= D("2026-03-31")}
    assert raised_by_then & set(QUESTIONS[deal]) <= ids | _resolved(catalog, deal)


def _resolved(catalog: Catalog, deal: str) -> set[str]:
    return {q.id for q in catalog.deal(deal).questions if q.resolved is not None}
