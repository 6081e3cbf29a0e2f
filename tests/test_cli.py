"""The command line: exit codes, output formats, one library call per command."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradeterms.cli import cli
from tradeterms.errors import FINDING_CODES

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_validate_valid_file_exits_0() -> None:
    code, out = run("validate", str(FIXTURES / "valid" / "minimal.yaml"))
    assert code == 0 and "1 file(s) valid" in out


def test_validate_shows_caret_under_bad_text() -> None:
    code, out = run("validate", str(FIXTURES / "invalid" / "norway.yaml"))
    assert code == 1
    assert "norway.yaml:17:19: error:" in out
    assert "        parties: [US, NO]\n" + " " * 22 + "^^\n" in out


def test_validate_github_annotations() -> None:
    code, out = run("validate", "--format", "github", str(FIXTURES / "invalid" / "uk-party.yaml"))
    assert code == 1
    assert re.match(r"::error file=.*uk-party.yaml,line=17,col=19,title=unknown-party::", out)


def test_validate_json_lists_findings() -> None:
    code, out = run(
        "validate", "--format", "json", str(FIXTURES / "invalid" / "duplicate-key.yaml")
    )
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert report["findings"][0]["code"] == "duplicate-key"


def test_validate_several_files_reports_all() -> None:
    files = [str(FIXTURES / "invalid" / n) for n in ("tab.yaml", "alias.yaml")]
    code, out = run("validate", *files)
    assert code == 1 and "[tab]" in out and "[alias]" in out


def test_usage_error_exits_2() -> None:
    assert run("validate", "--format", "xml")[0] == 2
    assert run("show", "us-eu-2025", "--as-of", "yesterday")[0] == 2


def test_schema_is_json_with_if_then_for_values() -> None:
    code, out = run("schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert "oneOf" not in out and '"allOf"' in out


@pytest.mark.parametrize("kind", ["deals", "deal"])
def test_committed_schema_is_current(kind: str) -> None:
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == run("schema", "--kind", kind)[1]


def test_deal_schema_describes_one_deal() -> None:
    schema = json.loads(run("schema", "--kind", "deal")[1])
    assert schema["title"] == "tradeterms deal file" and "milestones" in schema["required"]


def _first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def test_data_files_point_editors_at_their_schema() -> None:
    assert _first_line(ROOT / "data" / "deals.yaml") == (
        "# yaml-language-server: $schema=../schema/deals.schema.json"
    )
    deal_files = sorted((ROOT / "data" / "deals").glob("*.yaml"))
    assert deal_files
    for path in deal_files:
        assert _first_line(path) == "# yaml-language-server: $schema=../../schema/deal.schema.json"


def test_show_unknown_deal_exits_1_with_suggestion() -> None:
    code, out = run("show", "us-xx-2026", "--data", str(FIXTURES / "valid" / "minimal.yaml"))
    assert code == 1 and "did you mean us-xx-2025" in out


def test_show_json_has_terms_claims_and_sources() -> None:
    data = str(FIXTURES / "valid" / "minimal.yaml")
    code, out = run(
        "show", "us-xx-2025", "--format", "json", "--data", data, "--as-of", "2025-09-01"
    )
    view = json.loads(out)
    assert code == 0
    baseline = next(t for t in view["terms"] if t["id"] == "baseline")
    assert baseline["state"].startswith("15% all-in")
    assert {s["id"] for s in view["sources"]} == {"example-joint", "example-press"}


def test_list_shows_each_deal() -> None:
    code, out = run("list", "--data", str(FIXTURES / "valid" / "minimal.yaml"))
    assert code == 0 and "us-xx-2025" in out and "2025-08-21 Joint statement" in out


def test_every_finding_code_is_documented() -> None:
    page = (ROOT / "docs" / "validation-codes.md").read_text(encoding="utf-8")
    for code in FINDING_CODES:
        assert f"`{code}`" in page, code


def test_every_code_in_the_source_is_in_the_catalogue() -> None:
    literal = re.compile(r"\"([a-z]+[0-9]*(?:-[a-z0-9]+)+)\"")
    not_codes = {"utf-8-sig", "us-eu-2025"}
    for name in ("_yaml.py", "loader.py", "_checks.py", "types.py", "units.py"):
        text = (ROOT / "tradeterms" / name).read_text(encoding="utf-8")
        for code in set(literal.findall(text)) - not_codes:
            assert code in FINDING_CODES, f"{code} ({name})"


def test_every_fixture_code_is_in_the_catalogue() -> None:
    for expected in (FIXTURES / "invalid").glob("*.expected"):
        for code in re.findall(r"\[([a-z0-9-]+)\]$", expected.read_text(), flags=re.M):
            assert code in FINDING_CODES, code
