"""The strict loader: every trap is rejected at the right line, column and code."""

from pathlib import Path

import pytest

import tradeterms
from tradeterms._yaml import _may_have_anchors
from tradeterms.loader import MAX_FINDINGS, validate

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_reports_exactly_the_expected_findings(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(path.parent)  # findings name the file as given
    report = validate(path.name)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [str(f) for f in report.findings] == expected
    assert not report.valid


def test_every_invalid_fixture_has_an_expectation_with_a_finding() -> None:
    assert len(INVALID) >= 30
    for path in INVALID:
        assert path.with_suffix(".expected").read_text(encoding="utf-8").strip(), path


@pytest.mark.parametrize("name", ["minimal.yaml", "small.yaml"])
def test_valid_fixtures_pass(name: str) -> None:
    report = validate(FIXTURES / "valid" / name)
    assert report.valid, [str(f) for f in report.findings]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "small.yaml").read_text(encoding="utf-8")
    text = text.replace("    parties: [US, EU]", "    parties: [US, UK]")
    text = text.replace('rate: "15%"', "rate: 0.15").replace("topic: tariff.baseline", "topic: x.y")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    codes = {f.code for f in validate(bad).findings}
    assert {"unknown-party", "bare-percent"} <= codes


def test_too_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (16 * 1024 * 1024) + b"\n")
    [finding] = validate(big).findings
    assert (finding.code, finding.line, finding.column) == ("file-too-large", 1, 1)


def test_missing_file_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    [finding] = validate(tmp_path / "nope.yaml").findings
    assert finding.code == "unreadable"


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert [f.code for f in validate(empty).findings] == ["empty-file"]


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = validate(bomb).findings
    assert {f.code for f in findings} == {"anchor", "alias"}
    assert len(findings) == 10 + 81


@pytest.mark.parametrize(
    "text",
    [
        "format: 1\ntopics: &t []\nnotes: *t\n",  # block mapping values
        "format: 1\ntopics:\n  - &t {id: a}\n  - *t\n",  # sequence items
        "format: 1\ntopics: [&t {id: a}, *t]\n",  # flow sequence
        "format: 1\ntopics: {a: &t x, b: *t}\n",  # flow mapping
        "&root\nformat: 1\n",  # an anchor alone, at the start of the file
        "format: 1\n? &k key\n: value\n",  # an anchored key
        "format: 1\nnote: 'it''s' \nlist: [\"q\", &t x, *t]\n",  # after quoted text
        # An anchor inside what looks like quoted text to the quick check ("c'" is a plain
        # scalar): its alias is seen, and the event scan reports both.
        "format: 1\nx: [a 'b, &t c']\ny: [d 'e, *t]\n",
    ],
)
def test_anchors_and_aliases_are_found(tmp_path: Path, text: str) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    codes = {f.code for f in validate(path).findings}
    assert "anchor" in codes
    assert ("*" not in text) or "alias" in codes


@pytest.mark.parametrize(
    "text",
    [
        'quote: "the *only* rate, Q&A"\n',
        "title: R & D, 5*3, AT&T\n",
        "note: 'a *starred* word'\n",
    ],
)
def test_text_with_stars_and_ampersands_is_not_scanned_again(text: str) -> None:
    assert not _may_have_anchors(text)


@pytest.mark.parametrize("text", ["a: &x 1\n", "- *x\n", "[&a 1]", "{a: &b c}", "&top\n"])
def test_anchor_tokens_are_seen_by_the_quick_check(text: str) -> None:
    assert _may_have_anchors(text)


def test_findings_are_capped(tmp_path: Path) -> None:
    text = "format: 1\ntopics:\n" + "".join(
        f"  - id: t{i}\n    group: nope\n    label: x\n" for i in range(MAX_FINDINGS + 50)
    )
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    findings = validate(path).findings
    assert len(findings) == MAX_FINDINGS + 1
    assert findings[-1].code == "too-many-findings"
    assert findings[-1].message.startswith("… and 50 more problem(s)")


def test_load_raises_data_error_with_findings(tmp_path: Path) -> None:
    with pytest.raises(tradeterms.DataError) as caught:
        tradeterms.load(FIXTURES / "invalid" / "norway.yaml")
    assert caught.value.findings[0].code == "ambiguous-scalar"


def test_load_returns_catalog_of_the_file() -> None:
    catalog = tradeterms.load(FIXTURES / "valid" / "minimal.yaml")
    assert catalog.deal("us-xx-2025").parties == ["US", "NO"]
    assert catalog.get_deal("nope") is None
    with pytest.raises(tradeterms.UnknownDealError, match="did you mean us-xx-2025"):
        catalog.deal("us-xx-2026")
