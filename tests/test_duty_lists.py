"""Issue 12: duty on the legal lists. Each row rests on a line of the chapter 99 U.S. notes,
HTS 2026 Revision 6 (``NOTES``, cited by line) or a Federal Register document.

Rules: every product list at the digit level the law writes it; the exemptions that reach
across layers (civil aircraft from the metals duties, the Section 122 list, Annex A of the
forced-labour Section 301 action); derivatives priced on their metal; honest edges.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from duty_cases import check_case

import tradeterms
from tradeterms._duty_rules import rules
from tradeterms._duty_scope import _prefixes, screens_for
from tradeterms._hts_schedule import load_mfn_table
from tradeterms.catalog import Catalog
from tradeterms.cli_duty import command
from tradeterms.duties import DutyInputError, duty
from tradeterms.loader import default_data_path, load, validate

D = dt.date.fromisoformat
NOTES = "/work/shared/data/hts_2026_rev6_chapter99_notes.txt"
FR_INCLUSIONS = "FR 2025-15819 (90 FR 40326), https://www.federalregister.gov/d/2025-15819"
FL301_ANNEX_A = "FR 2026-11296 (91 FR 34272), Annex A"

# hts, origin, on, known_on, expected total, the deciding source, why (with the notes line)
CASES = [
    # 1. Digit level
    (
        "3004.90.92",
        "DE",
        "2025-10-01",
        None,
        "0%",
        "annex-ii",
        f"medicaments: note 19(k) names only 3004.90.9244 ({NOTES}:16880; {FR_INCLUSIONS}), so "
        "the 8-digit line pays no Section 232 duty; pharmaceuticals are on Annex II",
    ),
    (
        "8807.30.00",
        "FR",
        "2025-10-01",
        None,
        "0%",
        "eu-fr-2025-18660",
        f"aircraft parts: note 19(k) names only 8807.30.0060 ({NOTES}:16900); the 8-digit line "
        "is on the EU civil-aircraft list (9903.02.76)",
    ),
    (
        "8471.30.01",
        "VN",
        "2025-05-01",
        None,
        "0%",
        "annex-ii",
        f"laptops: note 33(g) writes '8471' ({NOTES}:35457) but 33(j), the same list line by "
        "line, names no line of heading 8471 (computers), so no auto-parts duty; Annex II "
        "electronics from 5 Apr 2025",
    ),
    (
        "0810.90.46",
        "DE",
        "2025-12-01",
        None,
        "2.2%",
        "annex-ii",
        "fruit: Annex II lists 0810.90.46.00 (the XXXXXXXX00 entry, 13 Nov 2025 agricultural "
        "expansion, EO 14360), so the whole 8-digit line is exempt: MFN 2.2% only",
    ),
    # 2. Exemptions across layers
    (
        "8807.30.00.60",
        "FR",
        "2025-10-01",
        None,
        "0%",
        "hts-2025_rev_24",
        f"EU civil aircraft: note 2(v)(xxii) exempts them from 9903.82 and the reciprocal "
        f"({NOTES}:13147); note 19(h) excepts 9903.02.76 from the aluminium derivative duty "
        f"({NOTES}:16811)",
    ),
    (
        "8807.30.00.60",
        "JP",
        "2025-10-01",
        None,
        "0%",
        "hts-2025_rev_23",
        f"Japanese civil aircraft: note 35(b), heading 9903.96.02 ({NOTES}:36006); note 19(h)",
    ),
    (
        "8807.30.00.60",
        "KR",
        "2025-12-15",
        None,
        "0%",
        "hts-2025_rev_32",
        f"Korean civil aircraft: heading 9903.02.81 ({NOTES}:13590); note 19(h) ({NOTES}:16811)",
    ),
    (
        "8807.30.00.60",
        "GB",
        "2025-10-01",
        None,
        "0%",
        "hts-2025_rev_16",
        f"UK civil aircraft: note 35(a), heading 9903.96.01 ({NOTES}:35935)",
    ),
    (
        "8471.30.01",
        "JP",
        "2026-03-01",
        None,
        "0%",
        "hts-2026_rev_6-note-2aa",
        f"Section 122: note 2(aa)(ii) lists 8471.30.01 as exempt (heading 9903.03.03, {NOTES}:"
        "15075)",
    ),
    (
        "3917.40.00",
        "DE",
        "2026-08-01",
        None,
        "5.3%",
        "fr-2026-11296-annex-a",
        f"forced-labour Section 301: 3917.40.00 is on Annex A ({FL301_ANNEX_A}); MFN 5.3% only",
    ),
]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[1]}-{case[0]}-{case[2]}")
def test_case_table(
    shipped: Catalog, case: tuple[str, str, str, str | None, str, str, str]
) -> None:
    check_case(shipped, *case)


def test_aircraft_exemption_from_metals_follows_the_deal_term(shipped: Catalog) -> None:
    # the EU list is in force from 1 Sep 2025 (the deal term), before HTS Rev 24 printed it
    early = duty("8807.30.00.60", "FR", D("2025-09-05"), catalog=shipped)
    assert early.total_rate_text == "0%"
    assert early.steps[1].measure == "9903.02.76"
    known = duty("8807.30.00.60", "FR", D("2025-09-05"), known_on=D("2025-09-05"), catalog=shipped)
    assert known.total_rate is None  # not yet public: the metals duty on the metal content
    # after the IEEPA ruling the 2026 notes keep the exemption (note 2(v)(xxii), line 13147)
    later = duty("8807.30.00.60", "FR", D("2026-03-01"), catalog=shipped)
    assert later.steps[1].measure == "9903.02.76" and later.steps[1].added == 0
    # Section 122: note 2(aa)(iv) exempts civil aircraft of general note 6 only: a warning
    assert later.total_rate_text == "10%"
    assert any("2(aa)(iv)" in w for w in later.warnings)


def test_eight_digit_line_names_the_listed_statistical_lines(shipped: Catalog) -> None:
    result = duty("8807.30.00", "VN", D("2025-10-01"), catalog=shipped)
    assert result.total_rate_text == "20%"  # the other lines pay the reciprocal rate only
    assert any("8807.30.00.60" in w and "10-digit" in w for w in result.warnings)


def test_listed_statistical_line_that_changes_nothing_is_not_warned(shipped: Catalog) -> None:
    # EU civil aircraft: the listed line 8807.30.0060 is exempt from the metals duty anyway
    result = duty("8807.30.00", "FR", D("2025-10-01"), catalog=shipped)
    assert result.total_rate_text == "0%"
    assert not any("10-digit" in w for w in result.warnings)


def test_statistical_line_on_the_derivative_list_is_priced_on_its_metal(shipped: Catalog) -> None:
    result = duty("8807.30.00.60", "VN", D("2025-10-01"), catalog=shipped)
    assert result.total_rate is None
    assert result.formula == "50% × metal share + 20% × (1 − metal share)"


# 5. Derivatives priced on their metal (FR 2025-15819: duty on the value of the metal content)


def test_metal_value_settles_a_derivative(shipped: Catalog) -> None:
    result = duty(
        "7308.90.95",
        "DE",
        D("2025-10-01"),
        value="USD 1000",
        metal_value="USD 400",
        catalog=shipped,
    )
    # 50% on USD 400 of steel + the EU 15% (inclusive of MFN free) on the other USD 600
    assert result.total_rate_text == "29%" and str(result.duty) == "USD 290.00"
    parts = {s.layer: (s.part, s.part_rate) for s in result.steps}
    assert parts["section_232"][0] == "metal" and parts["reciprocal"][0] == "rest"


def test_without_metal_value_the_total_is_a_formula(shipped: Catalog) -> None:
    result = duty("7308.90.95", "DE", D("2025-10-01"), catalog=shipped)
    assert result.total_rate is None
    assert result.formula == "50% × metal share + 15% × (1 − metal share)"
    assert result.by_metal_share is not None
    assert result.by_metal_share.at(tradeterms.duties.Decimal("0.4")) == tradeterms.duties.Decimal(
        "0.29"
    )
    assert result.to_dict()["formula"] == result.formula


def test_section_122_is_not_charged_on_a_metal_article(shipped: Catalog) -> None:
    # note 2(aa)(v)(1): no surcharge on articles under the Section 232 metals headings
    result = duty("7308.90.95", "VN", D("2026-03-01"), catalog=shipped)
    assert result.formula == "50% × metal share + 0% × (1 − metal share)"


def test_metal_value_needs_a_value_and_fits_in_it(shipped: Catalog) -> None:
    with pytest.raises(DutyInputError, match="customs value too"):
        duty("7308.90.95", "DE", D("2025-10-01"), metal_value="USD 10", catalog=shipped)
    with pytest.raises(DutyInputError, match="above the customs value"):
        duty(
            "7308.90.95",
            "DE",
            D("2025-10-01"),
            value="USD 10",
            metal_value="USD 20",
            catalog=shipped,
        )


# 4. The 2026 metals tiers: full value, by the subdivision of note 16(c) listing the line


@pytest.mark.parametrize(
    ("hts", "origin", "total", "heading", "why"),
    [
        (
            "7308.90.95",
            "JP",
            "50%",
            "9903.82.02",
            f"note 16(c)(iv) lists 7308.90.95 ({NOTES}:15712): heading 9903.82.02, +50% on the "
            "full value; no Japanese cap on metals",
        ),
        (
            "8504.34.00",
            "DE",
            "15%",
            "9903.82.10",
            f"note 16(c)(ix) ({NOTES}:15913) and 16(f) ({NOTES}:15954): MFN 1.6% and 9903.82.10 "
            "total 15%",
        ),
        (
            "7308.90.95",
            "GB",
            "25%",
            "9903.82.02",
            "the UK deal's own 25% on steel decides (us-uk-2025/steel)",
        ),
    ],
)
def test_metals_tiers_of_2026(
    shipped: Catalog, hts: str, origin: str, total: str, heading: str, why: str
) -> None:
    result = duty(hts, origin, D("2026-09-01"), catalog=shipped)
    assert result.total_rate_text == total, why
    assert heading in result.steps[1].title or heading in result.steps[1].effect, why
    assert result.steps[1].part == "value", why  # full value, not the metal content


def test_metals_of_2026_are_read_at_their_digits(shipped: Catalog) -> None:
    # note 16(c)(i) lists 7616.99.5160 and .5170, (ii) other lines of 7616.99.51
    line = duty("7616.99.51", "KR", D("2026-05-01"), catalog=shipped)
    assert line.total_rate_text == "12.5%"  # MFN 2.5% + Section 122 10%
    assert any("7616.99.51.60" in w and "10-digit" in w for w in line.warnings)
    listed = duty("7616.99.51.60", "KR", D("2026-05-01"), catalog=shipped)
    assert listed.total_rate_text == "52.5%"


def test_wood_screen_is_read_at_the_digits_of_note_37(shipped: Catalog) -> None:
    # note 37(d) (notes lines 36125-36128) lists 9401.61.4011 and .4031, not all of 9401.61.40
    line = duty("9401.61.40", "VN", D("2026-03-01"), catalog=shipped)
    assert line.total_rate_text == "10%"  # MFN free + Section 122 10%
    assert any("9401.61.40.11" in w and "10-digit" in w for w in line.warnings)
    listed = duty("9401.61.40.11", "VN", D("2026-03-01"), catalog=shipped)
    assert listed.total_rate is None and "softwood timber" in listed.unsettled[0]
    # semiconductors: note 39(b) (notes line 36489) writes 8471.50, 8471.80, 8473.30 only
    assert duty("8542.31.00", "KR", D("2026-03-01"), catalog=shipped).settled


def test_a_codes_screens_are_those_whose_prefixes_it_starts_with() -> None:
    # screens_for looks the code's own prefixes up in an index of the screens' prefixes
    # instead of trying every prefix on every code: the same screens, in the same order
    screens = rules().screens
    prefixes = {p for screen in screens for p in _prefixes(screen)}
    longer = [p + "99" for p in sorted(prefixes) if len(p) <= 8]
    codes = sorted(load_mfn_table()) + sorted(prefixes) + longer
    for code in codes:
        expected = [s for s in screens if any(code.startswith(p) for p in _prefixes(s))]
        assert screens_for(code) == expected, code
    assert [s.topic for s in screens_for("9401.61.40.11")] == ["tariff.lumber"]


# 6. Honest edges


def test_us_origin_is_refused(shipped: Catalog) -> None:
    with pytest.raises(DutyInputError, match="US origin"):
        duty("9506.31.00", "US", D("2025-10-01"), catalog=shipped)


def test_date_after_the_data_is_warned(shipped: Catalog) -> None:
    result = duty("9506.31.00", "DE", D("2027-01-04"), catalog=shipped)
    assert any("newest HTS revision" in w for w in result.warnings)
    assert any("newest source" in w for w in result.warnings)
    early = duty("9506.31.00", "DE", D("2025-10-01"), catalog=shipped)
    assert not any("newest" in w for w in early.warnings)


def test_revision_in_force_is_named(shipped: Catalog) -> None:
    result = duty("9506.31.00", "DE", D("2025-10-01"), catalog=shipped)
    assert result.revision == "2025_basic"  # MFN rates: the shipped edition
    assert result.revision_in_force == "2025_rev_24"  # published 2025-09-25


# Issue 10, part 5: the measure ids the duty tables name are checked by the validator


def test_renamed_measure_is_a_validation_error(tmp_path: Path) -> None:
    shutil.copytree(default_data_path().parent, tmp_path / "data")
    renamed = tmp_path / "data" / default_data_path().name
    text = renamed.read_text(encoding="utf-8")
    assert "  - id: us-s232-buses\n" in text
    renamed.write_text(text.replace("  - id: us-s232-buses\n", "  - id: us-s232-coaches\n"))
    findings = validate(renamed).findings
    assert [f.code for f in findings] == ["unknown-duty-measure"]
    assert "us-s232-buses" in str(findings[0])
    assert validate(default_data_path()).valid


def test_every_named_measure_is_in_the_shipped_data(shipped: Catalog) -> None:
    defined = {m.id for m in shipped.data.measures}
    named = {m for _, measures, _ in rules().measure_groups() for m in measures}
    assert named <= defined


def test_cli_metal_value_and_us_origin() -> None:
    runner = CliRunner()
    base = ["--hts", "7308.90.95", "--on", "2025-10-01"]
    priced = runner.invoke(
        command, [*base, "--origin", "DE", "--value", "USD 1000", "--metal-value", "USD 400"]
    )
    assert priced.exit_code == 0 and "Total: 29% on USD 1000; duty USD 290.00" in priced.output
    formula = runner.invoke(command, [*base, "--origin", "DE"])
    assert "Total: 50% × metal share + 15% × (1 − metal share)" in formula.output
    us = runner.invoke(command, [*base, "--origin", "US"])
    assert us.exit_code == 1 and "US origin" in us.output and "Traceback" not in us.output
