"""The shipped data: sourced, valid, and holding the disputes of the record."""

import datetime as dt
from decimal import Decimal

import pytest
from deal_checks import check_deal

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.changes import diff
from tradeterms.models import PledgeValue, QuotaValue, TariffValue


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load()


def test_shipped_data_validates() -> None:
    report = tradeterms.validate()
    assert report.valid, [str(f) for f in report.findings[:5]]


def test_every_claim_cites_a_source_with_url_and_date(catalog: Catalog) -> None:
    claims = [c for deal in catalog for term in deal.terms for c in term.claims]
    claims += [c for m in catalog.data.measures for c in m.claims]
    assert len(claims) > 400
    for claim in claims:
        source = catalog.sources[claim.source]
        assert source.url.startswith("http") and source.date


def test_a_number_cannot_stand_outside_a_claim() -> None:
    # Terms and measures carry values only inside claims: a value written on the term itself
    # is refused, so no figure can enter the data without a source.
    from pydantic import ValidationError

    from tradeterms.models import GlobalMeasure, Term

    term = {"id": "x", "topic": "tariff.autos", "title": "Cars", "claims": []}
    for model in (Term, GlobalMeasure):
        with pytest.raises(ValidationError, match=r"value|rate"):
            model.model_validate({**term, "value": {"kind": "tariff", "applies": "free"}})
        with pytest.raises(ValidationError):
            model.model_validate({**term, "rate": "15%"})
        with pytest.raises(ValidationError, match="at least 1"):
            model.model_validate(term)  # and a term needs a claim


def test_every_number_has_a_claim_behind_it(catalog: Catalog) -> None:
    # Values only exist inside claims; a numeric value always carries its figure as text.
    for deal in catalog:
        for term in deal.terms:
            for claim in term.claims:
                value = claim.value
                if isinstance(value, TariffValue) and value.rate is not None:
                    assert str(value.rate).endswith("%")
                if isinstance(value, PledgeValue) and value.amount is not None:
                    assert value.amount.amount > 0


# The deals come from the data: a new data/deals/<id>.yaml is checked with no test to edit.
DEAL_IDS = [deal.id for deal in tradeterms.load()]


def test_the_catalog_has_one_file_per_deal(catalog: Catalog) -> None:
    assert len(catalog.files) == 1 + len(DEAL_IDS) and len(DEAL_IDS) >= 1


@pytest.mark.parametrize("deal_id", DEAL_IDS)
def test_every_deal_passes_the_generic_checks(catalog: Catalog, deal_id: str) -> None:
    check_deal(catalog, deal_id)


def disputed(catalog: Catalog, deal: str, as_of: str, known_on: str | None = None) -> set[str]:
    known = dt.date.fromisoformat(known_on) if known_on else None
    states = catalog.state(deal, as_of=dt.date.fromisoformat(as_of), known_on=known)
    return {s.term.topic for s in states if s.disputed} | {s.term.id for s in states if s.disputed}


def test_eu_disputes_of_july_2025(catalog: Catalog) -> None:
    # steel: 50% kept (US) against a quota replacing it (EU). Pharma is not disputed: on
    # 27 Jul the US said both "15%" (committed) and "excluded" (asserted); between claims of
    # the same day the firmer one is the US's position, and it agrees with the EU's.
    july = disputed(catalog, "us-eu-2025", "2025-07-28")
    assert "tariff.steel" in july and "tariff.pharma_branded" not in july
    # the joint statement of 21 Aug 2025 replaces both sides' words on steel (the sides will
    # consider quotas); copper, which it does not mention, stays disputed
    later = disputed(catalog, "us-eu-2025", "2025-09-01")
    assert "tariff.steel" not in later and "tariff.copper" in later


def test_japan_disputes(catalog: Catalog) -> None:
    # stacking: EO 14326 stacked 15% on MFN; Japan said it was inclusive (settled by EO 14345)
    assert "tariff.baseline" in disputed(catalog, "us-japan-2025", "2025-08-10", "2025-08-10")
    assert "tariff.baseline" not in disputed(catalog, "us-japan-2025", "2025-10-01")
    # who controls the USD 550bn and how profits split: disputed in July 2025, replaced by the
    # MOU both governments signed on 4 Sep 2025 (a joint text replaces what each side said)
    investment = {"investment-control", "investment-profit-split"}
    assert investment <= disputed(catalog, "us-japan-2025", "2025-08-01")
    assert not investment & disputed(catalog, "us-japan-2025", "2025-10-01")


def test_eu_car_rate_known_later_reaches_back(catalog: Catalog) -> None:
    def cars(**dates: dt.date) -> TariffValue:
        state = next(s for s in catalog.state("us-eu-2025", **dates) if s.term.id == "autos")
        assert isinstance(state.value, TariffValue)
        return state.value

    day = dt.date(2025, 9, 1)
    assert cars(as_of=day).rate is not None and str(cars(as_of=day).rate) == "15%"
    assert str(cars(as_of=day, known_on=day).rate) == "25%"


def test_japan_rice_terms_have_units(catalog: Catalog) -> None:
    terms = {t.id: t for t in catalog.deal("us-japan-2025").terms}
    quota = next(c.value for c in terms["rice-ma-quota"].claims if isinstance(c.value, QuotaValue))
    assert quota.volume.value == Decimal("770000") and quota.volume.unit == "t"
    tariffs = [c.value for c in terms["rice-tariff"].claims if isinstance(c.value, TariffValue)]
    assert any(str(v.specific) == "341 JPY/kg" for v in tariffs)


def test_diff_shows_commitment_turning_into_intention(catalog: Catalog) -> None:
    changes = {c.topic: c for c in diff("us-eu-2025", "2025-07-28", "2025-08-21", catalog=catalog)}
    energy = changes["purchase.energy"]
    assert "[committed," in energy.before and "[intended, joint]" in energy.after
    assert [s.id for s in energy.sources] == ["eu-js-2025-08-21"]
