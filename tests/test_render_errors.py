"""Rendering fails clearly where it cannot work, and the CLI says so without a traceback."""

import sys

import pytest
from click.testing import CliRunner

from tradeterms.cli import cli


def test_xlsx_without_openpyxl_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # makes `import openpyxl` fail
    result = CliRunner().invoke(cli, ["compare", "us-eu-2025", "--format", "xlsx"])
    assert result.exit_code == 1
    assert "pip install 'tradeterms[xlsx]'" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["compare", "--format", "pdf"])
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output


def test_unknown_deal_exits_1_with_suggestion() -> None:
    result = CliRunner().invoke(cli, ["compare", "us-eu-2026"])
    assert result.exit_code == 1 and "did you mean us-eu-2025" in result.output


def test_output_file_gets_the_rendering(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "c.md"
    args = [
        "compare",
        "us-eu-2025",
        "--format",
        "markdown",
        "--as-of",
        "2025-10-01",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith(
        "*As of 2025-10-01*"
    )
