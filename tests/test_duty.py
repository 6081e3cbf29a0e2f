"""The duty calculator: a table of real cases, each with the sources that justify it, then
the behaviour around it (unknown is not zero, known_on, errors, CLI) on a small fixture."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from duty_cases import check_case

import tradeterms
from tradeterms._duty_units import format_rate, parse_quantity
from tradeterms.catalog import Catalog
from tradeterms.cli_duty import command
from tradeterms.duties import DutyInputError, UnknownHtsCodeError, UnknownOriginError, duty
from tradeterms.units import QuantityError

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "duty.yaml"
D = dt.date.fromisoformat
FACTS = "../shared/sources/"

# hts, origin, on, known_on, expected total, the trail's deciding measure or source, why
CASES = [
    (
        "8703.23.01",
        "JP",
        "2025-10-01",
        None,
        "15%",
        "jp-fr-2025-17908",
        "Japanese cars 15% inclusive of MFN from 16 Sep 2025: FR Doc 2025-17908, "
        "https://www.govinfo.gov/content/pkg/FR-2025-09-16/html/2025-17908.htm; "
        + FACTS
        + "deals-us-eu-japan.md (US-Japan, autos)",
    ),
    (
        "8703.23.01",
        "JP",
        "2025-09-15",
        None,
        "27.5%",
        "us-procl-10908",
        "the day before: 25% Section 232 + 2.5% MFN (Proclamation 10908); the Japan cap is not "
        "retroactive (" + FACTS + "deals-us-eu-japan.md, 'not retroactive')",
    ),
    (
        "7208.51.00",
        "DE",
        "2025-10-01",
        None,
        "50%",
        "us-procl-10947",
        "EU steel: Section 232 at 50% from 4 Jun 2025, no deal cap (Proclamation 10947; "
        "eu-wh-fs-2025-07-28 'unchanged'); MFN free; no reciprocal on 232 goods",
    ),
    (
        "6109.10.00",
        "FR",
        "2025-10-01",
        None,
        "16.5%",
        "eu-eo-14326",
        "EU 'higher of MFN or 15%' (EO 14326, CBP CSMS #65829726; "
        + FACTS
        + "deals-us-eu-japan.md): MFN 16.5% is higher",
    ),
    (
        "8703.23.01",
        "DE",
        "2025-09-01",
        None,
        "15%",
        "eu-fr-2025-18660",
        "EU cars 15% inclusive from 1 Aug 2025, retroactively (FR Doc 2025-18660, pub. 25 Sep "
        "2025, https://www.federalregister.gov/documents/2025/09/25/2025-18660/...)",
    ),
    (
        "8703.23.01",
        "DE",
        "2025-09-01",
        "2025-09-01",
        "27.5%",
        "us-procl-10908",
        "as known on 1 Sep 2025, before the FR notice: 25% + 2.5% MFN ("
        + FACTS
        + "deals-us-eu-japan.md: 'Before the deal: 27.5%')",
    ),
    (
        "9506.31.00",
        "JP",
        "2025-10-01",
        None,
        "15%",
        "jp-fr-2025-17908",
        "Japanese golf clubs (MFN 4.4%): 15% inclusive of MFN, retroactive to 7 Aug 2025 "
        "(EO 14345; FR Doc 2025-17908)",
    ),
    (
        "9506.31.00",
        "JP",
        "2025-08-20",
        "2025-08-20",
        "19.4%",
        "jp-eo14326",
        "as known on 20 Aug 2025, before EO 14345 (pub. 9 Sep 2025): EO 14326 charged 15% on top "
        "of MFN (" + FACTS + "deals-us-eu-japan.md, US-Japan reciprocal)",
    ),
    (
        "9506.31.00",
        "IT",
        "2026-03-01",
        None,
        "14.4%",
        "us-procl-s122",
        "after the IEEPA ruling (us-scotus-learning-resources): Section 122 10% on top of MFN "
        "(" + FACTS + "events-2026.md §0.6)",
    ),
    (
        "9506.31.00",
        "IT",
        "2026-08-01",
        None,
        "10%",
        "us-wh-fl301-memo",
        "from 24 Jul 2026 the EU pays the Section 301 forced-labour duty 10% inclusive of MFN "
        "(" + FACTS + "events-2026.md §2.1)",
    ),
    (
        "6109.10.00",
        "DE",
        "2026-08-01",
        None,
        "16.5%",
        "us-wh-fl301-memo",
        "10% inclusive of MFN adds nothing where MFN is 16.5% (events-2026.md §2.1 'never below "
        "zero')",
    ),
    (
        "9506.31.00",
        "JP",
        "2026-08-01",
        None,
        "12.5%",
        "us-wh-fl301-memo",
        "Japan: Section 301 forced-labour 12.5% inclusive of MFN (events-2026.md §2.1)",
    ),
    (
        "8703.23.01",
        "DE",
        "2026-03-01",
        None,
        "15%",
        "eu-fr-2025-18660",
        "EU cars keep the Section 232 15% cap; Section 122 does not apply to Section 232 goods "
        "(us-s122-surcharge scope; events-2026.md §0.6)",
    ),
    (
        "9506.31.00",
        "VN",
        "2025-10-01",
        None,
        "24.4%",
        "us-eo-14326",
        "Vietnam 20% on top of MFN from 7 Aug 2025 (EO 14326; "
        + FACTS
        + "deals-others.md §3, EY Vietnam alert)",
    ),
    (
        "6109.10.00",
        "VN",
        "2026-08-01",
        None,
        "29%",
        "us-wh-fl301-memo",
        "Vietnam in the 12.5% additive forced-labour group (events-2026.md §2.1)",
    ),
    (
        "9506.31.00",
        "ID",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        "Indonesia 19% on top of MFN (EO 14326; deals-others.md, US-Indonesia)",
    ),
    (
        "9506.31.00",
        "TH",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        "Thailand 19% on top of MFN (EO 14326; deals-others.md, US-Thailand)",
    ),
    (
        "9506.31.00",
        "KH",
        "2026-08-01",
        None,
        "14.4%",
        "us-wh-fl301-memo",
        "Cambodia in the 10% additive forced-labour group (events-2026.md §2.1)",
    ),
    (
        "8704.21.01",
        "JP",
        "2025-11-15",
        None,
        "25%",
        "jp-fr-2025-17908",
        "Japanese light truck: MFN 25% is above the 15% inclusive cap, so MFN alone "
        "(FR Doc 2025-17908: 'none if MFN >= 15%')",
    ),
    (
        "0711.90.30",
        "DE",
        "2025-10-01",
        None,
        "8%",
        "eu-fr-2025-18660",
        "on the EU MFN-only list (9903.02.74) from 1 Sep 2025 (FR Doc 2025-18660; "
        "tradeterms/data/deal_mfn_only.csv.gz)",
    ),
    (
        "8802.40.01",
        "JP",
        "2025-10-01",
        None,
        "0%",
        "hts-2025_rev_23",
        "Japanese civil aircraft: no reciprocal duty from 16 Sep 2025, HTS 9903.96.02 (FR Doc "
        "2025-17908; " + FACTS + "deals-us-eu-japan.md, civil aircraft); MFN free",
    ),
    (
        "8802.40.01",
        "JP",
        "2025-09-10",
        None,
        "15%",
        "jp-fr-2025-17908",
        "before 16 Sep 2025 the aircraft paid the 15% all-in reciprocal rate (EO 14345)",
    ),
    (
        "8702.10.31",
        "JP",
        "2025-12-01",
        None,
        "12%",
        "us-procl-10984",
        "a Japanese bus pays the 10% Section 232 bus duty (not the 25% truck rate) on MFN 2% "
        "(Proclamation 10984; " + FACTS + "deals-us-eu-japan.md, trucks excluded from the cap)",
    ),
    (
        "9506.31.00",
        "DE",
        "2025-04-01",
        None,
        "4.4%",
        "hts-2025_basic",
        "before the 10% baseline of 5 Apr 2025 (EO 14257): MFN only",
    ),
]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


@pytest.fixture(scope="module")
def small() -> Catalog:
    return tradeterms.load(FIXTURE)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[1]}-{case[0]}-{case[2]}")
def test_case_table(
    shipped: Catalog, case: tuple[str, str, str, str | None, str, str, str]
) -> None:
    check_case(shipped, *case)


def test_duty_amount_is_value_times_total(shipped: Catalog) -> None:
    result = duty("8703.23.01", "JP", D("2025-10-01"), value="USD 30000", catalog=shipped)
    assert str(result.duty) == "USD 4500.00"
    assert result.to_dict()["duty"] == "USD 4500.00"


def test_eu_member_counts_as_eu(shipped: Catalog) -> None:
    result = duty("6109.10.00", "AT", D("2025-10-01"), catalog=shipped)
    assert (result.origin, result.party, result.deal) == ("AT", "EU", "us-eu-2025")


def test_steps_carry_basis_and_evidence(shipped: Catalog) -> None:
    result = duty("8703.23.01", "DE", D("2025-10-01"), catalog=shipped)
    layers = [(s.layer, s.basis, s.added) for s in result.steps]
    assert layers == [
        ("mfn", "statute", Decimal("0.025")),
        ("section_232", "s232", Decimal("0.125")),
        ("reciprocal", "ieepa", Decimal(0)),
    ]
    cap = result.steps[1].source
    assert cap is not None and cap.evidence is not None
    assert cap.evidence.startswith("data/deals/us-eu-2025.yaml:")


def test_specific_duty_needs_a_quantity(shipped: Catalog) -> None:
    result = duty("2204.21.20", "IT", D("2025-10-01"), value="USD 120", catalog=shipped)
    assert result.total_rate is None and result.duty is None
    assert any("give a quantity" in u for u in result.unsettled)


def test_specific_duty_uses_unit_value_for_its_equivalent(shipped: Catalog) -> None:
    result = duty(
        "2204.21.20",
        "IT",
        D("2025-10-01"),
        value="USD 120",
        quantity="24 liter",
        catalog=shipped,
    )
    # 19.8 cents x 24 liter = USD 4.752 on USD 120 = 3.96%; all-in 15% adds 11.04%
    assert result.steps[0].added == Decimal("0.0396")
    assert result.total_rate_text == "15%" and str(result.duty) == "USD 18.00"
    assert any("ad valorem equivalent of 3.96%" in w for w in result.warnings)


def test_quantity_converts_tonnes_to_kg(shipped: Catalog) -> None:
    result = duty(
        "0201.10.05.10",
        "DE",
        D("2025-12-01"),
        value="USD 1000",
        quantity="2 t",
        catalog=shipped,
    )
    assert result.steps[0].added == Decimal("0.088")  # 4.4 cents x 2000 kg on USD 1000
    assert result.total_rate_text == "8.8%"  # on Annex II from 13 Nov 2025: no reciprocal


def test_metal_content_duty_is_not_settled(shipped: Catalog) -> None:
    result = duty("7308.90.95", "DE", D("2025-10-01"), catalog=shipped)
    assert result.total_rate is None
    assert any("metal content" in u for u in result.unsettled)


def test_lumber_without_hts_list_is_not_settled(shipped: Catalog) -> None:
    result = duty("4407.11.00", "CA", D("2025-11-01"), catalog=shipped)
    assert result.total_rate is None
    assert any("softwood timber" in u for u in result.unsettled)


def test_no_deal_origin_after_country_rates_is_not_settled(shipped: Catalog) -> None:
    early = duty("9506.31.00", "BR", D("2025-05-01"), catalog=shipped)
    late = duty("9506.31.00", "BR", D("2025-10-01"), catalog=shipped)
    assert early.total_rate_text == "14.4%" and early.deal is None
    assert late.total_rate is None and any("EO 14326" in u for u in late.unsettled)


def test_china_pays_the_section_301_lists_on_top_of_the_forced_labour_duty(
    shipped: Catalog,
) -> None:
    result = duty("9506.31.00", "CN", D("2026-08-01"), catalog=shipped)
    assert result.total_rate_text == "24.4%"  # 4.4% MFN + 12.5% FL-301 + 7.5% list 4A
    assert [s.measure for s in result.steps][1:] == ["us-s301-fl-12-5-additive", "9903.88.15"]


def test_brazil_301_stacks_on_forced_labour_duty(shipped: Catalog) -> None:
    result = duty("9506.31.00", "BR", D("2026-08-01"), catalog=shipped)
    assert result.total_rate_text == "41.9%"  # 4.4% MFN + 12.5% FL-301 + 25% Brazil 301
    assert [s.measure for s in result.steps][1:] == [
        "us-s301-fl-12-5-additive",
        "us-s301-brazil",
    ]


def test_unknown_hts_code_names_nearest(shipped: Catalog) -> None:
    with pytest.raises(UnknownHtsCodeError) as err:
        duty("8703.23.02", "JP", D("2025-10-01"), catalog=shipped)
    assert err.value.suggestions[0] == "8703.23.01"


def test_unknown_origin_names_nearest(shipped: Catalog) -> None:
    with pytest.raises(UnknownOriginError) as err:
        duty("9506.31.00", "UK", D("2025-10-01"), catalog=shipped)
    assert err.value.suggestions == ("GB",)
    with pytest.raises(UnknownOriginError) as err:
        duty("9506.31.00", "Japan", D("2025-10-01"), catalog=shipped)
    assert err.value.suggestions == ("JP",)


def test_date_before_schedule_and_foreign_currency_are_refused(shipped: Catalog) -> None:
    with pytest.raises(DutyInputError, match="2025_basic"):
        duty("9506.31.00", "JP", D("2024-12-31"), catalog=shipped)
    with pytest.raises(QuantityError, match="US dollar"):
        duty("9506.31.00", "JP", D("2025-10-01"), value="EUR 100", catalog=shipped)


# --- on the small fixture -----------------------------------------------------------------


def test_third_party_of_a_deal_uses_that_deal(small: Catalog) -> None:
    result = duty("9506.31.00", "LI", D("2025-12-01"), catalog=small)
    assert result.deal == "us-alps-2025" and result.total_rate_text == "15%"
    assert any("read for CH" in w for w in result.warnings)


def test_disputed_and_unimplemented_words_are_warned(small: Catalog) -> None:
    result = duty("9506.31.00", "CH", D("2025-11-16"), catalog=small)
    assert result.total_rate_text == "14.4%"  # the 10% baseline: the order starts 20 Nov
    assert any("the parties disagree" in w for w in result.warnings)
    assert any("not in force on 2025-11-16" in w for w in result.warnings)


def test_unmet_condition_leaves_total_open(small: Catalog) -> None:
    result = duty("8703.23.01", "CH", D("2025-12-15"), catalog=small)
    assert result.total_rate is None
    assert any("not known to be met" in u for u in result.unsettled)


def test_origin_specific_measure_joins_the_stack(small: Catalog) -> None:
    result = duty("9506.31.00", "NO", D("2026-07-22"), value="USD 100", catalog=small)
    assert result.total_rate_text == "39.4%"  # 4.4% + s122 10% + extra 25%
    assert str(result.duty) == "USD 39.40"
    assert any("no deal for NO" in w for w in result.warnings)


def test_section_232_good_pays_no_baseline(small: Catalog) -> None:
    result = duty("7208.51.00", "NO", D("2025-07-01"), catalog=small)
    assert result.total_rate_text == "50%"
    assert result.steps[-1].effect.startswith("not charged: the good is subject to a Section 232")


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("12 kg", "12", "kg"),
        ("3 liter", "3", "liter"),
        ("10 No.", "10", "No."),
        ("4 pairs", "4", "pair"),
        ("2 doz.", "2", "doz."),
        ("1.5 t", "1.5", "t"),
    ],
)
def test_parse_quantity(text: str, amount: str, unit: str) -> None:
    quantity = parse_quantity(text)
    assert (quantity.amount, quantity.unit, str(quantity)) == (Decimal(amount), unit, text)


@pytest.mark.parametrize("text", ["kg", "12", "12 parsecs", "-3 kg", "1,000 kg"])
def test_parse_quantity_refuses(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_format_rate() -> None:
    assert [format_rate(Decimal(x)) for x in ("0.275", "0.15", "0", "0.0396")] == [
        "27.5%",
        "15%",
        "0%",
        "3.96%",
    ]


# --- the command --------------------------------------------------------------------------


def test_cli_json() -> None:
    args = [
        "--origin",
        "DE",
        "--hts",
        "8703.23.01",
        "--on",
        "2025-09-01",
        "--known-on",
        "2025-09-01",
        "--value",
        "USD 1000",
        "--format",
        "json",
    ]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["total_rate"], data["duty"]) == ("27.5%", "USD 275.00")
    assert [s["layer"] for s in data["steps"]] == ["mfn", "section_232", "reciprocal"]


def test_cli_text_table() -> None:
    args = ["--origin", "JP", "--hts", "9506.31.00", "--on", "2025-10-01", "--value", "USD 1000"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0
    assert "reciprocal  us-japan-2025/baseline  ieepa    15%     all_in     +10.6%" in result.output
    assert "Total: 15% on USD 1000; duty USD 150.00" in result.output


def test_cli_not_settled_and_errors() -> None:
    runner = CliRunner()
    open_case = runner.invoke(
        command,
        ["--origin", "CN", "--hts", "9506.31.00", "--on", "2025-10-01", "--data", str(FIXTURE)],
    )
    assert open_case.exit_code == 0 and "Total: not settled" in open_case.output
    bad = runner.invoke(command, ["--origin", "JP", "--hts", "8703.23.02", "--on", "2025-10-01"])
    assert bad.exit_code == 1 and "nearest: 8703.23.01" in bad.output
    quantity = runner.invoke(
        command, ["--origin", "JP", "--hts", "9506.31.00", "--quantity", "12 parsecs"]
    )
    assert quantity.exit_code == 1 and "unknown quantity unit" in quantity.output
