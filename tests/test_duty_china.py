"""Goods of China: the Section 301 lists (notes 20 and 31 of HTSUS 2026 Rev 6, chapter 99), the
IEEPA fentanyl and reciprocal layers until the IEEPA ruling (24 Feb 2026), then Section 122 and
the forced-labour Section 301 duty. Each row cites the notes line or document it rests on."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.cli_duty import command
from tradeterms.duties import DutyInputError, duty

D = dt.date.fromisoformat

# hts, on, expected total, the chapter 99 heading charged (or None), why (with the notes line)
CASES = [
    (
        "9506.31.00",
        "2025-03-01",
        "21.9%",
        "9903.88.15",
        "4.4% MFN + list 4A 7.5% (note 20(s), notes line 22774) + 10% fentanyl "
        "(EO 14195, 9903.01.24); no reciprocal layer before 9 Apr 2025",
    ),
    (
        "9506.31.00",
        "2025-12-01",
        "31.9%",
        "9903.88.15",
        "+10% truce reciprocal (EO 14358) + 10% fentanyl (EO 14357) + list 4A 7.5%",
    ),
    (
        "8501.10.40",
        "2025-12-01",
        "49.4%",
        "9903.88.01",
        "list 1 25% (heading 9903.88.01, note 20(b))",
    ),
    (
        "8541.42.00",
        "2025-12-01",
        "70%",
        "9903.91.02",
        "four-year review 50% (heading 9903.91.02, note 31(c), notes line 34927)",
    ),
    (
        "7208.51.00",
        "2025-12-01",
        "85%",
        "9903.91.01",
        "Section 232 steel 50% displaces the reciprocal rate but not Section 301 (note 31 "
        "'continue to be subject to ... other duties', notes line 34802) nor the fentanyl tariff "
        "(9903.01.24 excepts only 9903.01.21-.23)",
    ),
    (
        "4015.12.10",
        "2026-03-01",
        "110%",
        "9903.91.08",
        "after the IEEPA ruling: Section 122 10% + 100% from 1 Jan 2026 (heading 9903.91.08, "
        "note 31(i), notes line 35051)",
    ),
    (
        "4015.12.10",
        "2025-12-01",
        "20%",
        None,
        "heading 9903.91.08 starts 1 Jan 2026: before it, reciprocal + fentanyl only",
    ),
    (
        "9506.31.00",
        "2026-08-01",
        "24.4%",
        "9903.88.15",
        "forced-labour Section 301 12.5% from 24 Jul 2026 stacks on list 4A",
    ),
]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


@pytest.mark.parametrize(("hts", "on", "total", "heading", "why"), CASES)
def test_china_case_table(
    shipped: Catalog, hts: str, on: str, total: str, heading: str | None, why: str
) -> None:
    result = duty(hts, "CN", D(on), catalog=shipped)
    assert result.total_rate_text == total, (why, result.to_dict())
    charged = {s.measure for s in result.steps if s.layer == "section_301_china"}
    assert charged == ({heading} if heading else set()), why
    assert result.unsettled == ()


def test_fentanyl_ends_with_the_ieepa_ruling(shipped: Catalog) -> None:
    before = duty("9506.31.00", "CN", D("2026-02-23"), catalog=shipped)
    after = duty("9506.31.00", "CN", D("2026-02-24"), catalog=shipped)
    assert "fentanyl" in {s.layer for s in before.steps}
    assert "fentanyl" not in {s.layer for s in after.steps}


def test_fentanyl_rate_follows_the_orders(shipped: Catalog) -> None:
    # EO 14228: 20% from 4 Mar 2025; EO 14357: 10% from 10 Nov 2025
    rates = [
        next(
            s.added
            for s in duty("9506.31.00", "CN", D(on), catalog=shipped).steps
            if s.layer == "fentanyl"
        )
        for on in ("2025-06-01", "2025-11-10")
    ]
    assert [str(r) for r in rates] == ["0.2", "0.1"]


def test_exclusion_is_named_not_assumed(shipped: Catalog) -> None:
    # note 20(vvv), heading 9903.88.69 (through 9 Nov 2026): the exclusion describes goods
    result = duty("8501.10.40", "CN", D("2025-12-01"), catalog=shipped)
    assert any("8501.10.40.20" in w and "9903.88.69" in w for w in result.warnings)
    assert any(s.measure == "9903.88.01" for s in result.steps)


def test_statistical_lines_on_another_list_are_named(shipped: Catalog) -> None:
    # note 31(e) names facemasks 6307.90.9870 at 10 digits (+25% in 2025, notes line 34960)
    result = duty("6307.90.98", "CN", D("2025-12-01"), catalog=shipped)
    assert any("6307.90.98.70" in w for w in result.warnings)


def test_hong_kong_is_not_charged_the_china_lists(shipped: Catalog) -> None:
    # note 20 charges "products of China"; HK keeps its own gap for the IEEPA layers
    result = duty("9506.31.00", "HK", D("2026-03-01"), catalog=shipped)
    assert "section_301_china" not in {s.layer for s in result.steps}


# USMCA (an importer's claim, never guessed): note 2(aa)(vi), (vii) (notes lines 15302, 15307)
# exempt Canadian and Mexican goods entered under USMCA from the Section 122 surcharge; the
# forced-labour Section 301 action excludes them too (us-wh-fl301-memo).
@pytest.mark.parametrize(
    ("origin", "on", "layer"),
    [("MX", "2026-03-01", "section_122"), ("CA", "2026-09-01", "section_301")],
)
def test_usmca_claim_exempts_the_baseline_layer(
    shipped: Catalog, origin: str, on: str, layer: str
) -> None:
    claimed = duty("8471.30.01", origin, D(on), usmca=True, catalog=shipped)
    assert claimed.total_rate_text == "0%"  # MFN free, layer not charged
    assert any(s.layer == layer and s.added == 0 and "USMCA" in s.effect for s in claimed.steps)
    unclaimed = duty("9506.31.00", origin, D(on), catalog=shipped)
    assert any("usmca=True" in w for w in unclaimed.warnings)
    assert any(s.layer == layer and s.added and s.added > 0 for s in unclaimed.steps)


def test_usmca_goods_pay_the_special_rate(shipped: Catalog) -> None:
    # golf clubs: General 4.4%, column 1 Special "Free (..., S, ...)" (usmca_rates.csv.gz)
    result = duty("9506.31.00", "MX", D("2026-03-01"), usmca=True, catalog=shipped)
    assert result.total_rate_text == "0%"
    assert result.steps[0].effect == "USMCA (column 1 Special, S): Free"


def test_usmca_rate_by_reference_stays_open(shipped: Catalog) -> None:
    # 0401.40.25: the USMCA rate is "See 9823.01.01-9823.01.07" (a chapter 98 provision)
    result = duty("0401.40.25", "CA", D("2026-03-01"), "USD 100", "10 liter", usmca=True)
    assert result.total_rate is None
    assert any("See 9823.01.01-9823.01.07" in u for u in result.unsettled)


def test_usmca_cars_stay_open(shipped: Catalog) -> None:
    # us-s232-autos: USMCA vehicles pay on non-US content only (the data's measure note)
    result = duty("8703.23.01", "MX", D("2026-03-01"), usmca=True, catalog=shipped)
    assert result.total_rate is None
    assert any("non-US content" in u for u in result.unsettled)
    assert duty("8703.23.01", "MX", D("2026-03-01"), catalog=shipped).total_rate_text == "27.5%"


def test_usmca_is_refused_for_other_origins(shipped: Catalog) -> None:
    with pytest.raises(DutyInputError, match="USMCA treatment is for goods of CA or MX"):
        duty("9506.31.00", "CN", D("2026-03-01"), usmca=True, catalog=shipped)


def test_usmca_option_of_the_command() -> None:
    args = ["--origin", "MX", "--hts", "8471.30.01", "--on", "2026-03-01", "--usmca"]
    result = CliRunner().invoke(command, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)["steps"]
    assert any(s["measure"] == "usmca" for s in steps)
    refused = CliRunner().invoke(command, ["--origin", "JP", *args[2:]])
    assert refused.exit_code != 0
    assert "USMCA treatment is for goods of CA or MX" in refused.output


def test_a_line_on_a_list_and_a_review_heading_stays_open(shipped: Catalog) -> None:
    # 6307.90.98 is on list 4A (note 20(s)); note 31(e) names its line 6307.90.9870 (facemasks)
    result = duty("6307.90.98.70", "CN", D("2025-12-01"), catalog=shipped)
    assert result.total_rate is None
    assert any("replaces the list rate or adds to it" in u for u in result.unsettled)
