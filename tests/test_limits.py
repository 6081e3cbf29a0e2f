"""Issue 16: the limits of the format as typed data. Each value of the fixture
tests/fixtures/valid/limits.yaml is rendered, numbered and resolved as the words say."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

import tradeterms
from tradeterms._duty_quota import QuotaStatus
from tradeterms.catalog import Catalog
from tradeterms.cli import cli
from tradeterms.comparison import compare
from tradeterms.describe import describe_state, describe_value
from tradeterms.duties import DutyInputError, duty
from tradeterms.state import TermState
from tradeterms.units import QuantityError, parse_duration, parse_factor

LIMITS = Path(__file__).parent / "fixtures" / "valid" / "limits.yaml"
ON = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def limits() -> Catalog:
    return tradeterms.load(LIMITS)


def state(catalog: Catalog, term: str, on: dt.date = ON) -> TermState:
    return next(s for s in catalog.state("us-xx-2025", on) if s.term.id == term)


def numbers(catalog: Catalog, term: str) -> dict[str, tuple[float, str]]:
    frame = compare("us-xx-2025", as_of=ON, catalog=catalog).numbers
    rows = frame[frame.term == term]
    return {r.measure: (r.value, r.unit) for r in rows.itertuples()}


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("baseline", "10% on top of MFN (IEEPA), back to 34% when it ends"),
        (
            "autos",
            "quota 100000 vehicles/year at 10%, 27.5% over quota (40000 vehicles used by "
            "30 Sep 2025), from 30 Jun 2025",
        ),
        (
            "chips",
            "quota 2.5× planned US production capacity at 0%, a lower preferential Section 232 "
            "rate over quota, during the approved construction period",
        ),
        (
            "textiles",
            "quota volume to be set (in relation to US exports of cotton and man-made fibre "
            "textile inputs) at 0%",
        ),
        ("fund", "USD 200bn, at most USD 20bn a year"),
        ("wheat", "at least 700000 t/year, over 5 years"),
        ("energy", "about USD 15bn, over 15 years"),
        ("pork", "40% → 10%, in stages over 5 years"),
        ("beef", "up to 26% → 0%"),
        ("lines", "99% of tariffs (lines or trade not stated) eliminated or reduced"),
    ],
)
def test_each_limit_reads_as_the_words_say(limits: Catalog, term: str, words: str) -> None:
    current = state(limits, term).value
    assert current is not None and describe_value(current) == words


def test_textile_quota_lasts_three_years_in_numbers_only_as_written(limits: Catalog) -> None:
    value = state(limits, "textiles").value
    assert value is not None and str(getattr(value, "lasts", None)) == "P3Y"


def test_quota_numbers_give_multiple_fill_and_both_rates(limits: Catalog) -> None:
    autos = numbers(limits, "autos")
    assert autos["quota volume"] == (100000.0, "vehicles/year")
    assert autos["quota fill"] == (40.0, "%")
    assert autos["in-quota rate"] == (10.0, "%") and autos["over-quota rate"] == (27.5, "%")
    chips = numbers(limits, "chips")
    assert chips["quota volume (multiple)"] == (2.5, "× planned US production capacity")
    assert "quota volume" not in chips and "over-quota rate" not in chips


def test_pledge_numbers_keep_the_qualifier_in_words(limits: Catalog) -> None:
    frame = compare("us-xx-2025", as_of=ON, catalog=limits).numbers
    rows = frame[(frame.term == "energy") & (frame.measure == "purchase amount")]
    assert list(rows.text) == ["about USD 15bn"]


def test_pledge_numbers_use_the_span_and_the_yearly_cap(limits: Catalog) -> None:
    energy = numbers(limits, "energy")
    assert energy["purchase per year in USD"] == (1e9, "USD/year")  # USD 15bn over 15 years
    fund = numbers(limits, "fund")
    assert fund["investment yearly cap"] == (20e9, "USD/year")
    assert fund["investment amount"] == (200e9, "USD")


def test_partner_tariffs_and_shares_are_numbers(limits: Catalog) -> None:
    pork = numbers(limits, "pork")
    assert pork == {"partner rate before": (40.0, "%"), "partner rate after": (10.0, "%")}
    assert numbers(limits, "lines") == {"share of not stated eliminated or reduced": (99.0, "%")}
    assert numbers(limits, "baseline")["snap-back rate"] == (34.0, "%")


def test_qualifiers_part_two_pledges_of_the_same_amount(limits: Catalog) -> None:
    guarantees = state(limits, "investment")
    assert guarantees.disputed and not guarantees.timing_disputed
    assert describe_state(guarantees) == (
        "US: at least USD 250bn of credit guarantees vs NO: up to USD 250bn of credit guarantees †"
    )


def test_same_amount_at_different_times_is_a_timing_dispute(limits: Catalog) -> None:
    aircraft = state(limits, "aircraft")
    assert aircraft.disputed and aircraft.timing_disputed
    assert {v.source.id for v in aircraft.conflict} == {"ex-us-factsheet", "ex-no-factsheet"}


def test_a_later_reading_never_outranks_the_joint_text(limits: Catalog) -> None:
    minerals = state(limits, "minerals")
    assert minerals.current is not None and minerals.current.source.id == "ex-joint"
    assert minerals.agreed is not None and minerals.agreed.source.id == "ex-joint"
    assert [v.source.id for v in minerals.readings] == ["ex-no-reading"]
    # the reading is Norway's position, so the term is disputed; the text stays agreed
    assert minerals.disputed
    assert {v.source.id for v in minerals.conflict} == {"ex-joint", "ex-no-reading"}


def test_the_truce_ends_and_its_rate_with_it(limits: Catalog) -> None:
    assert state(limits, "baseline", dt.date(2025, 11, 20)).silent


@pytest.mark.parametrize("text", ["P15Y", "P18M", "P1Y6M", "P5Y"])
def test_durations_print_back_as_written(text: str) -> None:
    assert str(parse_duration(text)) == text


@pytest.mark.parametrize("text", ["P", "P0Y", "15Y", "P1.5Y", "P90D", "p5y", 15])
def test_bad_durations_are_refused(text: object) -> None:
    with pytest.raises(QuantityError) as err:
        parse_duration(text)
    assert err.value.code == "bad-duration"


def test_factors_print_back_and_refuse_zero() -> None:
    assert str(parse_factor("2.5x")) == "2.5x" and parse_factor("1.5x").number == Decimal("1.5")
    with pytest.raises(QuantityError):
        parse_factor("0x")


@given(st.integers(0, 99), st.integers(0, 11))
def test_any_duration_round_trips(years: int, months: int) -> None:
    assume(years or months)
    text = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    parsed = parse_duration(text)
    assert str(parsed) == text and parsed.in_years == years + Decimal(months) / 12


CAR = "8703.23.01"  # MFN 2.5%


@pytest.mark.parametrize(("status", "total"), [("in", "10%"), ("over", "27.5%")])
def test_duty_takes_the_quota_status_from_the_importer(
    limits: Catalog, status: QuotaStatus, total: str
) -> None:
    result = duty(CAR, "NO", ON, quota=status, catalog=limits)
    assert result.total_rate_text == total and result.unsettled == ()
    assert [s.measure for s in result.steps][1] == "us-xx-2025/autos"


def test_duty_without_a_quota_status_does_not_guess(limits: Catalog) -> None:
    result = duty(CAR, "NO", ON, catalog=limits)
    assert result.total_rate_text is None
    assert "give the quota status" in result.unsettled[0]


def test_a_quota_status_no_quota_reaches_is_said_not_dropped(limits: Catalog) -> None:
    result = duty("9506.31.00", "NO", ON, quota="in", catalog=limits)
    assert "no quota in force reaches this good" in result.warnings[-1]
    with pytest.raises(DutyInputError):
        duty(CAR, "NO", ON, quota="inside", catalog=limits)  # type: ignore[arg-type]


def test_cli_passes_the_quota_status() -> None:
    args = ["duty", "--origin", "NO", "--hts", CAR, "--on", "2025-10-01", "--data", str(LIMITS)]
    result = CliRunner().invoke(cli, [*args, "--quota", "over"])
    assert result.exit_code == 0 and "Total: 27.5%" in result.output
    assert CliRunner().invoke(cli, [*args, "--quota", "maybe"]).exit_code == 2
