"""A catalog across files: an entry point and the deal files it names, validated together,
every finding at its real file:line:column, every record knowing where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import tradeterms
from tradeterms._assemble import looks_like_a_deal
from tradeterms.cli import cli
from tradeterms.loader import validate
from tradeterms.report_format import format_report

ROOT = Path(__file__).parent.parent

ENTRY = """\
format: 1
deal_files: [{pattern}]
topics:
  - {{id: tariff.baseline, group: us_tariff, label: Baseline}}
sources:
  - id: shared-notice
    title: A notice two deals cite
    publisher: Federal Register
    url: https://example.org/shared-notice
    date: 2025-08-01
    kind: legal
    issued_by: [US]
"""

DEAL = """\
# yaml-language-server: $schema=../../schema/deal.schema.json
id: {id}
name: Deal {id}
parties: [US, {partner}]
sources:
  - id: {id}-report
    title: A report on {id}
    publisher: Example News
    url: https://example.org/{id}
    date: 2025-08-02
    kind: press
milestones:
  - {{date: 2025-08-01, kind: notice, title: Notice, source: shared-notice}}
terms:
  - id: baseline
    topic: tariff.baseline
    title: US tariff
    claims:
      - source: {cite}
        by: [US]
        strength: committed
        value: {{kind: tariff, applies: all_in, rate: "15%"}}
"""


def write_catalog(folder: Path, deals: dict[str, str], pattern: str = "deals/*.yaml") -> Path:
    (folder / "deals").mkdir(parents=True)
    entry = folder / "deals.yaml"
    entry.write_text(ENTRY.format(pattern=pattern), encoding="utf-8")
    for name, text in deals.items():
        (folder / "deals" / name).write_text(text, encoding="utf-8")
    return entry


def deal(deal_id: str, partner: str = "JP", cite: str | None = None) -> str:
    return DEAL.format(id=deal_id, partner=partner, cite=cite or f"{deal_id}-report")


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # findings name files as given, relative to here
    return write_catalog(
        tmp_path / "data",
        {"us-a-2025.yaml": deal("us-a-2025"), "us-b-2025.yaml": deal("us-b-2025", "KR")},
    ).relative_to(tmp_path)


def test_a_catalog_of_files_validates_and_loads_with_positions(catalog: Path) -> None:
    report = validate(catalog)
    assert report.valid and report.files == [
        "data/deals.yaml",
        "data/deals/us-a-2025.yaml",
        "data/deals/us-b-2025.yaml",
    ]
    loaded = tradeterms.load(catalog)
    assert [d.id for d in loaded] == ["us-a-2025", "us-b-2025"]
    claim = loaded.deal("us-b-2025").terms[0].claims[0]
    assert str(claim.written_at) == "data/deals/us-b-2025.yaml:19"
    assert str(loaded.sources["shared-notice"].written_at) == "data/deals.yaml:6"


def test_a_source_of_another_file_resolves(catalog: Path) -> None:
    # us-b cites the source that us-a's file defines, and both cite the entry point's.
    (catalog.parent / "deals" / "us-b-2025.yaml").write_text(
        deal("us-b-2025", "KR", cite="us-a-2025-report"), encoding="utf-8"
    )
    assert validate(catalog).valid


def test_findings_of_every_file_at_once_at_their_own_lines(catalog: Path) -> None:
    folder = catalog.parent / "deals"
    (folder / "us-a-2025.yaml").write_text(
        deal("us-a-2025").replace("strength: committed", "strength: firm"), encoding="utf-8"
    )
    (folder / "us-b-2025.yaml").write_text(deal("us-b-2025", cite="no-such"), encoding="utf-8")
    findings = [str(f) for f in validate(catalog).findings]
    assert findings == [
        "data/deals/us-a-2025.yaml:21:19: error: terms.0.claims.0.strength: 'firm' is not "
        "allowed here: 'in_force', 'committed', 'intended', 'expected', 'exploring', "
        "'under_discussion' or 'asserted' [invalid-choice]",
    ]  # a file that does not parse stops the cross-file checks: fix it first
    (folder / "us-a-2025.yaml").write_text(deal("us-a-2025"), encoding="utf-8")
    findings = [str(f) for f in validate(catalog).findings]
    assert findings == [
        "data/deals/us-b-2025.yaml:19:17: error: unknown source 'no-such' [unknown-source]"
    ]


def test_a_deal_file_copied_under_another_name_names_both_files(catalog: Path) -> None:
    copy = catalog.parent / "deals" / "us-c-2025.yaml"
    copy.write_text(deal("us-a-2025"), encoding="utf-8")
    findings = validate(catalog).findings
    assert {(f.file, f.line, f.code) for f in findings} == {
        ("data/deals/us-c-2025.yaml", 2, "duplicate-id"),  # the deal id
        ("data/deals/us-c-2025.yaml", 6, "duplicate-id"),  # its source id
    }
    assert "(also defined at data/deals/us-a-2025.yaml:2:5)" in findings[0].message
    assert "(also defined at data/deals/us-a-2025.yaml:6:9)" in findings[1].message


def test_a_deal_file_alone_is_validated_within_its_catalog(catalog: Path) -> None:
    deal_file = catalog.parent / "deals" / "us-a-2025.yaml"
    other = catalog.parent / "deals" / "us-b-2025.yaml"
    other.write_text(deal("us-a-2025", "KR"), encoding="utf-8")  # breaks the catalog
    report = validate(deal_file)
    assert report.files[0] == "data/deals.yaml"
    first = report.findings[0]
    assert (first.file, first.code) == (str(other), "duplicate-id")
    assert len(validate(deal_file, other, catalog).findings) == len(report.findings)  # once


def test_the_shipped_deal_files_validate_alone() -> None:
    result = CliRunner().invoke(cli, ["validate", str(ROOT / "data" / "deals" / "us-eu-2025.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(" file(s) valid\n")


def test_a_deal_file_no_catalog_names_is_reported(tmp_path: Path) -> None:
    lone = tmp_path / "us-a-2025.yaml"
    lone.write_text(deal("us-a-2025"), encoding="utf-8")
    [finding] = validate(lone).findings
    assert finding.code == "deal-without-catalog" and finding.file == str(lone)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("deal/*.yaml", "'deal/*.yaml': names no file next to data/deals.yaml"),
        ("../*.yaml", "'../*.yaml': write a pattern relative to the folder of data/deals.yaml"),
    ],
)
def test_a_pattern_that_names_nothing_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    entry = write_catalog(tmp_path / "data", {"us-a-2025.yaml": deal("us-a-2025")}, pattern)
    [finding] = validate(entry.relative_to(tmp_path)).findings
    assert (finding.line, finding.column, finding.code) == (2, 14, "deal-files")
    assert message in finding.message


def test_the_caret_excerpt_shows_the_file_as_it_is_now(catalog: Path) -> None:
    deal_file = catalog.parent / "deals" / "us-b-2025.yaml"
    deal_file.write_text(deal("us-b-2025", cite="no-such"), encoding="utf-8")
    first = format_report(validate(catalog))
    deal_file.write_text(deal("us-b-2025", cite="gone-too"), encoding="utf-8")
    second = format_report(validate(catalog))
    assert "      - source: no-such\n" in first and "      - source: gone-too\n" in second


def test_a_broken_entry_point_still_has_its_deal_files_checked(catalog: Path) -> None:
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("    kind: legal\n", "    kind: law\n"),
        encoding="utf-8",
    )
    deal_file = catalog.parent / "deals" / "us-b-2025.yaml"
    deal_file.write_text(deal("us-b-2025", partner="UK"), encoding="utf-8")  # UK is not ISO
    report = validate(deal_file)
    assert [(f.file, f.line, f.code) for f in report.findings] == [
        ("data/deals.yaml", 11, "invalid-choice"),
        ("data/deals/us-b-2025.yaml", 4, "unknown-party"),
    ]


def test_loading_a_deal_file_loads_its_catalog(catalog: Path) -> None:
    loaded = tradeterms.load(catalog.parent / "deals" / "us-a-2025.yaml")
    assert [d.id for d in loaded] == ["us-a-2025", "us-b-2025"]
    assert loaded.files[0] == catalog


def test_a_folder_stands_for_the_deals_yaml_in_it(catalog: Path, tmp_path: Path) -> None:
    folder = catalog.parent
    other = folder / "deals" / "us-b-2025.yaml"
    other.write_text(deal("us-a-2025", "KR"), encoding="utf-8")  # breaks the catalog
    report = validate(folder)
    assert report.files[0] == "data/deals.yaml"
    assert [f.code for f in report.findings] == [f.code for f in validate(catalog).findings]
    assert not report.valid
    other.write_text(deal("us-b-2025", "KR"), encoding="utf-8")
    assert [d.id for d in tradeterms.load(folder)] == ["us-a-2025", "us-b-2025"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [f.code for f in validate(empty).findings] == ["not-a-file"]  # no catalog in it


def test_validate_data_folder_on_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["validate", str(ROOT / "data")])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(" file(s) valid\n")


_LINE_PIECES = [b"id:", b"format:", b"\n", b"\r", b"\r\n", b" ", b"x", b"d:", b"\x0b", b"\x0c"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=12).map(b"".join))
def test_a_deal_is_told_by_its_lines_as_splitlines_breaks_them(raw: bytes) -> None:
    # The regex must agree with the line-by-line reading it replaced (a line starting `id:`
    # and none starting `format:`), for every line break bytes.splitlines knows and the ones
    # it does not (\v, \f).
    lines = raw.splitlines()
    expected = any(line.startswith(b"id:") for line in lines) and not any(
        line.startswith(b"format:") for line in lines
    )
    assert looks_like_a_deal(raw) == expected
