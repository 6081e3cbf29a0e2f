"""Hostile and careless input: control characters, huge numbers, self-contradicting data.

Each semantic check has an invalid fixture that trips it (tests/fixtures/invalid, checked
line by line in test_loader.py) and a near miss in tests/fixtures/valid/checks.yaml that
must pass.
"""

from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

from tradeterms import _chars, units
from tradeterms.errors import FINDING_CODES
from tradeterms.loader import validate
from tradeterms.types import parse_format, parse_hs, parse_party, parse_text, parse_url

FIXTURES = Path(__file__).parent / "fixtures"
NEAR_MISSES = FIXTURES / "valid" / "checks.yaml"

# Every code this issue added, with an invalid fixture that must report it.
NEW_CODES = {
    "duplicate-party": "duplicate-party",
    "self-tariff": "self-tariff",
    "contradictory-value": "free-with-rate",
    "url-without-host": "url-without-host",
    "unknown-heading": "unknown-heading",
    "foreign-list": "foreign-list",
    "bad-format": "format-float",
    "huge-number": "huge-quoted-numbers",
}
# The checks that reuse an older code, with their fixture.
REUSED_CODES = {
    "directed-by-non-party": "unknown-party",
    "pledge-dates": "date-order",
    "instrument-dates": "date-order",
    "condition-dates": "date-order",
    "mfn-only-with-rate": "contradictory-value",
    "quota-rates": "contradictory-value",
    "format-bool": "bad-format",
    "huge-plain-numbers": "huge-number",
    "control-escape": "control-character",
    "control-line-breaks": "control-character",
}


def codes_of(path: Path) -> set[str]:
    return {f.code for f in validate(path).findings}


def test_near_misses_of_every_check_are_valid() -> None:
    report = validate(NEAR_MISSES)
    assert report.valid, [str(f) for f in report.findings]


@pytest.mark.parametrize(("code", "fixture"), NEW_CODES.items())
def test_new_code_is_documented_and_has_a_fixture(code: str, fixture: str) -> None:
    assert code in FINDING_CODES
    assert code in codes_of(FIXTURES / "invalid" / f"{fixture}.yaml")


@pytest.mark.parametrize(("fixture", "code"), REUSED_CODES.items())
def test_check_reports_its_code_and_nothing_else(fixture: str, code: str) -> None:
    assert codes_of(FIXTURES / "invalid" / f"{fixture}.yaml") == {code}


# ------------------------------------------------------------------ control characters


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def near_miss_with(old: str, new: str) -> str:
    text = NEAR_MISSES.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


HIDDEN = ["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1b", "\u200b", "\u3164", "\u115f"]
HIDDEN += ["\u2800", "\uffa0", "\u202e", "\x00"]


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_hidden_character_is_reported_at_its_own_line_and_column(tmp_path: Path, char: str) -> None:
    # The char is on line 20 (the URL); a second one on line 38 must keep its line number,
    # although str.splitlines() would break lines at the first.
    text = near_miss_with("url: https://example.gov/js", f"url: https://exa{char}mple.gov/js")
    text = text.replace("        title: Joint statement\n", f"        title: Joint{char}\n")
    findings = validate(write(tmp_path, text)).findings
    assert [(f.line, f.column, f.code) for f in findings] == [
        (20, 21, "control-character"),
        (38, 21, "control-character"),
    ]
    assert f"U+{ord(char):04X}" in findings[0].message


ESCAPES = ["\\e[2J", "\\x1b", "\\N", "\\L", "\\P", "\\u200b", "\\r", "\\0", "\\a", "\\v"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_control_character_written_as_an_escape_is_reported_at_the_scalar(
    tmp_path: Path, escape: str
) -> None:
    text = near_miss_with("url: https://example.gov/js", f'url: "https://example.gov/js{escape}"')
    findings = validate(write(tmp_path, text)).findings
    assert [(f.line, f.column, f.code) for f in findings] == [(20, 10, "control-character")]
    assert "written as an escape" in findings[0].message


def test_escape_in_a_key_is_reported(tmp_path: Path) -> None:
    text = near_miss_with("    label: Baseline\n", '    label: Baseline\n    "\\e": x\n')
    findings = validate(write(tmp_path, text)).findings
    assert [(f.line, f.column, f.code) for f in findings] == [(7, 5, "control-character")]


def test_tab_and_newline_escapes_stay_allowed_in_text(tmp_path: Path) -> None:
    text = near_miss_with("    label: Baseline\n", '    label: "Base\\tline\\nrate"\n')
    assert validate(write(tmp_path, text)).valid


def test_single_quotes_have_no_escapes(tmp_path: Path) -> None:
    text = near_miss_with("    label: Baseline\n", "    label: 'Base\\e[2J'\n")
    assert validate(write(tmp_path, text)).valid


def test_crlf_files_count_lines_like_editors(tmp_path: Path) -> None:
    text = near_miss_with("url: https://example.gov/js", "url: https://exa\u3164mple.gov/js")
    findings = validate(write(tmp_path, text.replace("\n", "\r\n"))).findings
    assert [(f.line, f.column) for f in findings] == [(20, 21)]


def test_a_lone_carriage_return_is_a_control_character(tmp_path: Path) -> None:
    # A terminal returns to the line start and overwrites: "Safe" hides what came before it.
    text = near_miss_with("    label: Baseline\n", "    label: Baseline\rSafe\n")
    findings = validate(write(tmp_path, text)).findings
    assert [(f.line, f.column, f.code) for f in findings] == [(6, 20, "control-character")]
    assert "U+000D" in findings[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x0bb\nc\u2028d", [(1, 2, "\x0b"), (2, 2, "\u2028")]),
        ("a\r\nb\x85\rc\u3164", [(2, 2, "\x85"), (3, 2, "\u3164")]),
    ],
)
def test_positions_count_only_yaml_line_breaks(
    text: str, expected: list[tuple[int, int, str]]
) -> None:
    bad = _chars.bad_characters(text, allowed="\t\n\r")
    assert list(_chars.positions(text, bad)) == expected


def test_python_api_refuses_control_characters_in_urls_and_text() -> None:
    cases = ((parse_url, "https://example.gov/\x1b[2J", "U+001B"), (parse_text, "\u3164", "U+3164"))
    for parse, text, shown in cases:
        with pytest.raises(PydanticCustomError) as caught:
            parse(text)
        assert caught.value.type == "control-character"
        assert shown in str(caught.value)
    assert parse_text("two\nlines\tand a tab") == "two\nlines\tand a tab"


# ------------------------------------------------------------------------ huge numbers


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (units.parse_percent, "9" * 5000 + "%"),
        (units.parse_money, "USD 1" + "0" * 39),
        (units.parse_amount, "4" * 40 + " t/year"),
        (units.parse_specific, "1" + "0" * 20 + " JPY/kg"),
        (units.parse_fx_rate, "1." + "1" * 20 + " USD/EUR"),
    ],
)
def test_huge_number_in_a_quantity_is_a_clean_error(parse: object, text: str) -> None:
    with pytest.raises(units.QuantityError) as caught:
        parse(text)  # type: ignore[operator]
    assert caught.value.code == "huge-number"
    assert len(str(caught.value)) < 100


def test_fifteen_digits_are_still_a_number() -> None:
    assert units.parse_money("USD 999999999999999").amount == 999999999999999
    assert str(units.parse_percent("12.3456789012345%")) == "12.3456789012345%"


@pytest.mark.parametrize(
    "value", [10**5000, float("inf"), float("nan"), 1e300], ids=["int", "inf", "nan", "1e300"]
)
def test_huge_bare_rate_from_python_is_a_clean_error(value: float) -> None:
    with pytest.raises(units.QuantityError) as caught:
        units.parse_percent(value)
    assert caught.value.code == "huge-number"


def test_messages_do_not_echo_a_huge_value() -> None:
    for parse, text in ((parse_hs, "8" * 5000), (parse_party, "X" * 5000)):
        with pytest.raises(ValueError) as caught:
            parse(text)
        assert len(str(caught.value)) < 200


@pytest.mark.parametrize("value", [1.0, True, "1", 2, None])
def test_format_is_exactly_the_integer_one(value: object) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        parse_format(value)
    assert caught.value.type == "bad-format"
    assert parse_format(1) == 1


def test_url_host_may_be_an_address_or_a_name_with_a_port() -> None:
    for url in ("https://127.0.0.1/x", "https://example.gov:8443/x", "http://[::1]/x"):
        assert parse_url(url) == url
    with pytest.raises(ValueError, match="host"):
        parse_url("https://[::1/x")
