"""The CLI fails cleanly (issue 14): a one-line error and exit 1 or 2, never a traceback;
where it could only guess what was meant, it says so instead of guessing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import tradeterms
from tradeterms.cli import cli
from tradeterms.comparison import check_topic_patterns
from tradeterms.errors import InvalidArgumentError

COMPARE = ["compare", "us-eu-2025", "--as-of", "2025-10-01"]


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def assert_clean_error(result: Result, code: int, says: str) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if "rror" in line]
    assert len(error_lines) == 1 and says in error_lines[0], result.output


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("missing-folder/out.csv", "missing-folder does not exist"),
        ("a-file/out.csv", "a-file is not a folder"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_output_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, says: str, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("x")
    result = run(["list", "--format", fmt, "-o", target])
    assert_clean_error(result, 1, f"cannot write {target}: {says}")


def test_an_output_the_system_refuses() -> None:
    # /dev/full refuses every write (ENOSPC), even for root.
    assert_clean_error(run(["list", "-o", "/dev/full"]), 1, "cannot write /dev/full: No space")


@pytest.mark.parametrize("width", ["0", "-5"])
def test_a_width_that_is_not_positive(width: str) -> None:
    assert_clean_error(run([*COMPARE, "--width", width]), 2, "--width")


def test_the_library_refuses_a_width_that_is_not_positive() -> None:
    comparison = tradeterms.compare("us-eu-2025", as_of="2025-10-01", topics="tariff.autos")
    with pytest.raises(InvalidArgumentError, match="width must be a positive"):
        comparison.render("text", width=-5)


def test_a_narrow_width_still_renders() -> None:
    result = run([*COMPARE, "-t", "tariff.autos", "--width", "1"])
    assert result.exit_code == 0 and "15%" in result.output


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("tarif.autos", "topic pattern 'tarif.autos' matches no topic; did you mean tariff.autos"),
        ("nothing.here", "topic pattern 'nothing.here' matches no topic"),
        ("", "'' is not a topic pattern"),
        ("Tariff.*", "'Tariff.*' is not a topic pattern"),
        ("tariff autos", "'tariff autos' is not a topic pattern"),
    ],
)
def test_a_topic_pattern_that_matches_nothing_or_is_invalid(pattern: str, says: str) -> None:
    assert_clean_error(run([*COMPARE, "-t", "tariff.*", "-t", pattern]), 1, says)


def test_topics_no_deal_speaks_to_on_the_date() -> None:
    result = run(["compare", "--as-of", "2020-01-01", "-t", "tariff.autos"])
    assert_clean_error(result, 1, "the deals say nothing on any topic matching tariff.autos")


def test_the_library_refuses_a_topic_pattern_that_matches_nothing() -> None:
    catalog = tradeterms.load()
    with pytest.raises(InvalidArgumentError, match=r"'tarif\.\*' matches no topic"):
        check_topic_patterns(catalog, ["tariff.*", "tarif.*"])
    with pytest.raises(InvalidArgumentError, match="'Tariff' is not a topic pattern"):
        tradeterms.compare("us-eu-2025", topics="Tariff", catalog=catalog)


def test_diff_from_after_to() -> None:
    result = run(["diff", "us-eu-2025", "--from", "2026-01-01", "--to", "2025-01-01"])
    assert_clean_error(result, 2, "2026-01-01 is after --to 2025-01-01")
    with pytest.raises(InvalidArgumentError, match="is after date_to"):
        tradeterms.diff("us-eu-2025", dt.date(2026, 1, 1), dt.date(2025, 1, 1))


def test_diff_on_one_date_is_no_change() -> None:
    result = run(["diff", "us-eu-2025", "--from", "2025-10-01", "--to", "2025-10-01"])
    assert result.exit_code == 0 and result.output == "No term changed.\n"


@pytest.mark.parametrize("command", ["compare", "questions"])
def test_a_deal_named_twice(command: str) -> None:
    result = run([command, "us-eu-2025", "us-japan-2025", "us-eu-2025"])
    assert_clean_error(result, 1, "deal named more than once: us-eu-2025")


def test_the_library_refuses_a_deal_named_twice() -> None:
    with pytest.raises(InvalidArgumentError, match="more than once"):
        tradeterms.compare("us-eu-2025", "us-eu-2025")


def test_xlsx_is_never_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tradeterms.cli_common._is_terminal", lambda: True)
    assert_clean_error(run(["list", "--format", "xlsx"]), 2, "xlsx is binary")


@pytest.mark.parametrize("data", ["missing-folder/deals.yaml", "missing.yaml"])
def test_data_that_is_not_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["list", "--data", data])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot read the file" in result.output and "[unreadable]" in result.output
