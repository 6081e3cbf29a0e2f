"""The output registry: every command offers its formats through it, and refuses the same way."""

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import openpyxl
import pytest
from click.testing import CliRunner

import tradeterms
from tradeterms import render as render_module
from tradeterms.cli import cli
from tradeterms.cli_common import FormatParam
from tradeterms.duty_render import render_duty
from tradeterms.effective import basket, etr_frame, render_etr
from tradeterms.output import FORMATS, TABLE_FORMATS, Format, Output, Table, render
from tradeterms.question_render import render_questions
from tradeterms.report_format import format_report
from tradeterms.views import render_changes, render_deal_list, render_deal_view

DATA = str(Path(__file__).parent.parent / "data" / "deals.yaml")
INVALID = str(Path(__file__).parent / "fixtures" / "invalid" / "uk-party.yaml")

# The arguments that give each command a small, real result.
ARGS = {
    "list": [],
    "show": ["us-japan-2025", "--as-of", "2025-10-01"],
    "compare": ["us-eu-2025", "us-japan-2025", "--as-of", "2025-10-01", "-t", "tariff.autos"],
    "diff": ["us-japan-2025", "--from", "2026-02-20", "--to", "2026-03-01"],
    "questions": ["us-japan-2025", "--as-of", "2025-10-01", "--kind", "curated"],
    "duty": ["--origin", "JP", "--hts", "8703.23.01", "--on", "2025-10-01"],
    "etr": ["JP", "--on", "2025-10-01"],
    "validate": [INVALID],  # findings to report
}
EXIT = {"validate": 1}


def offered(command: str) -> tuple[str, ...]:
    """The formats a command's --format option offers, read from the command itself."""
    (param,) = [p for p in cli.commands[command].params if p.name == "fmt"]
    assert isinstance(param.type, FormatParam)
    return param.type.offered


CASES = [(name, fmt) for name in ARGS for fmt in offered(name)]


def test_every_command_with_a_format_goes_through_the_registry() -> None:
    with_format = {n for n, c in cli.commands.items() if any(p.name == "fmt" for p in c.params)}
    assert with_format == set(ARGS)
    assert all(offered(n) == TABLE_FORMATS for n in ARGS if n != "validate")
    assert offered("validate") == ("text", "json", "github")


def _check(fmt: str, out: bytes) -> None:
    """Each format parses as what it claims to be, and holds some data."""
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(out))
        sheet = book.worksheets[0]
        assert sheet.max_row >= 2 and sheet.max_column >= 2
        return
    text = out.decode("utf-8")
    assert text.strip()
    if fmt == "json":
        assert json.loads(text)
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        assert len(rows) >= 2 and len({len(r) for r in rows}) == 1
    elif fmt == "markdown":
        assert text.lstrip().startswith(("|", "*"))
    elif fmt == "html":
        assert text.startswith("<") and "<table>" in text


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_every_command_renders_every_format_it_offers(command: str, fmt: str) -> None:
    result = CliRunner().invoke(cli, [command, *ARGS[command], "--format", fmt])
    assert result.exit_code == EXIT.get(command, 0), result.output
    _check(fmt, result.stdout_bytes)


@pytest.mark.parametrize("command", list(ARGS))
def test_unknown_format_is_exit_2_with_the_formats(command: str) -> None:
    result = CliRunner().invoke(cli, [command, *ARGS[command], "--format", "nope"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    expected = f"unknown format 'nope': choose one of {', '.join(offered(command))}"
    assert expected in result.output


@pytest.mark.parametrize("command", [n for n in ARGS if "xlsx" in offered(n)])
def test_xlsx_goes_to_a_file_and_never_to_a_terminal(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, [command, *ARGS[command], "--format", "xlsx", "-o", target])
    assert result.exit_code == 0 and target.read_bytes().startswith(b"PK")
    monkeypatch.setattr("tradeterms.cli_common._is_terminal", lambda: True)
    result = CliRunner().invoke(cli, [command, *ARGS[command], "--format", "xlsx"])
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def renderers() -> dict[str, Callable[[str], str | bytes]]:
    """Each library renderer, bound to a small real result."""
    catalog = tradeterms.load()
    comparison = tradeterms.compare("us-eu-2025", as_of="2025-10-01", catalog=catalog)
    view = tradeterms.show("us-eu-2025", as_of="2025-10-01", catalog=catalog)
    changes = tradeterms.diff("us-japan-2025", "2026-02-20", "2026-03-01", catalog=catalog)
    found = tradeterms.questions("us-japan-2025", kinds=["curated"], catalog=catalog)
    duty = tradeterms.duty("8703.23.01", "JP", "2025-10-01", catalog=catalog)
    report = tradeterms.validate(INVALID)
    summaries = tradeterms.deals(catalog)
    weights = basket().query("partner == 'JP'").head(50)
    rates = etr_frame(["JP"], ["2025-10-01"], weights=weights, catalog=catalog)
    return {
        "compare": comparison.render,
        "show": lambda f: render_deal_view(view, f),
        "diff": lambda f: render_changes(changes, f),
        "questions": lambda f: render_questions(found, f),
        "duty": lambda f: render_duty(duty, f),
        "validate": lambda f: format_report(report, f),
        "list": lambda f: render_deal_list(summaries, f),
        "etr": lambda f: render_etr(rates, f),
    }


@pytest.mark.parametrize("command", list(ARGS))
def test_library_raises_unknown_format_error(
    renderers: dict[str, Callable[[str], Any]], command: str
) -> None:
    with pytest.raises(tradeterms.UnknownFormatError) as caught:
        renderers[command]("nope")
    assert isinstance(caught.value, tradeterms.TradetermsError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.offered == offered(command)


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_library_renders_what_the_cli_prints(
    renderers: dict[str, Callable[[str], Any]], command: str, fmt: str
) -> None:
    rendered = renderers[command](fmt)
    _check(fmt, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))


def test_a_new_format_is_one_registry_entry(
    renderers: dict[str, Callable[[str], Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(FORMATS, "count", Format("rows", table=lambda t: f"{len(t.rows)}\n"))
    for command in ARGS:
        if command != "validate":  # a report is not a table
            assert renderers[command]("count").strip().isdigit()


def test_compare_text_takes_safe_styles_only(renderers: dict[str, Any]) -> None:
    assert renderers["compare"].__self__.render("text", style="simple").count("---") > 0
    for unsafe in ("unsafehtml", "latex_raw", "nope"):
        with pytest.raises(tradeterms.UnknownFormatError, match=f"unknown style '{unsafe}'"):
            renderers["compare"].__self__.render("text", style=unsafe)
    result = CliRunner().invoke(cli, ["compare", "us-eu-2025", "--style", "unsafehtml"])
    assert result.exit_code == 2 and "unknown style 'unsafehtml'" in result.output


@pytest.mark.parametrize("markup", ["github", "pipe", "mediawiki", "jira", "rst", "orgtbl", "html"])
def test_markup_styles_are_refused_with_the_format_to_use(markup: str) -> None:
    # Their cells are markup: a `|` from a data file would split a cell, `|}` end a wiki table.
    assert markup not in render_module.styles()
    with pytest.raises(tradeterms.UnknownFormatError, match="use --format markdown or html"):
        render_module.checked_style(markup)


def test_every_offered_style_keeps_a_hostile_cell_in_one_cell() -> None:
    # One row of two cells: however a plain-text layout draws it, the cell text stays whole
    # and the row keeps its two cells on one line (no markup can split or end the table).
    import tabulate

    hostile = "a | b |} [[x]] {{t}}"
    for style in render_module.styles():
        lines = tabulate.tabulate([[hostile, "z"]], tablefmt=style).splitlines()
        assert any(hostile in line and "z" in line for line in lines), style


def test_cells_are_escaped_for_each_format() -> None:
    hostile = '=HYPERLINK("x") | <b>\nnext'
    table = Table("t", ("a", "b"), [(hostile, 1)])
    result = Output(lambda: hostile, lambda: [hostile], table=lambda: table)
    markdown = str(render(result, "markdown"))
    assert "\\|" in markdown and "<b>" not in markdown and "\nnext" not in markdown
    assert "<b>" not in str(render(result, "html"))
    rows = list(csv.reader(io.StringIO(str(render(result, "csv")))))
    assert rows[1] == ["'" + hostile, "1"]  # a formula only as text (the OWASP rule)
    book = openpyxl.load_workbook(io.BytesIO(render(result, "xlsx")))  # type: ignore[arg-type]
    cell = book.worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value == hostile  # text, never a formula
    assert book.worksheets[0]["B2"].value == 1


# Library and CLI as twins


def test_library_twins_of_list_and_show() -> None:
    catalog = tradeterms.load()
    listed = CliRunner().invoke(cli, ["list", "--format", "json"])
    assert json.loads(listed.output)[0]["id"] == tradeterms.deals(catalog)[0].id
    view = tradeterms.show("us-japan-2025", as_of="2025-10-01", known_on="2025-09-30")
    assert (view.as_of, view.known_on) == (dt.date(2025, 10, 1), dt.date(2025, 9, 30))
    shown = CliRunner().invoke(cli, ["show", "us-japan-2025", "--as-of", "2025-10-01"])
    assert shown.output == render_deal_view(tradeterms.show("us-japan-2025", "2025-10-01"))


def test_every_date_argument_takes_iso_strings() -> None:
    catalog = tradeterms.load()
    day = dt.date(2025, 10, 1)
    by_string = tradeterms.questions("us-japan-2025", as_of="2025-10-01", catalog=catalog)
    by_date = tradeterms.questions("us-japan-2025", as_of=day, catalog=catalog)
    assert [q.id for q in by_string] == [q.id for q in by_date]
    duty = tradeterms.duty("8703.23.01", "JP", on="2025-10-01", known_on="2025-10-01")
    assert (duty.on, duty.known_on) == (day, day)
    assert tradeterms.diff("us-japan-2025", "2026-02-20", "2026-03-01", known_on="2026-03-01")


@pytest.mark.parametrize(
    "call",
    [
        lambda: tradeterms.questions(as_of="2025-13-01"),
        lambda: tradeterms.duty("8703.23.01", "JP", on="1 Oct 2025"),
        lambda: tradeterms.duty("8703.23.01", "JP", on=None),  # type: ignore[arg-type]
        lambda: tradeterms.diff("us-eu-2025", "2025-08-01", 20250901),  # type: ignore[arg-type]
        lambda: tradeterms.compare(known_on="yesterday"),
        lambda: tradeterms.show("us-eu-2025", as_of="2025-02-30"),
    ],
)
def test_a_bad_date_is_a_clean_error(call: Callable[[], object]) -> None:
    with pytest.raises(tradeterms.BadDateError, match="YYYY-MM-DD"):
        call()


def _exception_classes() -> list[type[BaseException]]:
    import importlib
    import pkgutil

    found = []
    for module in pkgutil.iter_modules(tradeterms.__path__):
        if module.name in ("__main__",):
            continue
        loaded = importlib.import_module(f"tradeterms.{module.name}")
        found += [
            v
            for v in vars(loaded).values()
            if isinstance(v, type)
            and issubclass(v, BaseException)
            and v.__module__.startswith("tradeterms")
        ]
    return found


def test_every_error_of_the_library_is_a_tradeterms_error() -> None:
    classes = _exception_classes()
    assert len(classes) >= 10  # the scan finds them
    assert [c.__name__ for c in classes if not issubclass(c, tradeterms.TradetermsError)] == []


def test_dir_lists_the_public_names_lazily() -> None:
    names = dir(tradeterms)
    assert {"compare", "duty", "questions", "deals", "show", "diff"} <= set(names)
    assert all(getattr(tradeterms, n) is not None for n in tradeterms.__all__)


def test_import_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tradeterms; print(sorted({'pandas', 'pint', 'tabulate'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_click_sees_the_choices_in_help() -> None:
    result = CliRunner().invoke(cli, ["list", "--help"])
    assert "[text|markdown|html|csv|tsv|json|xlsx]" in result.output
    assert isinstance(cli.commands["list"], click.Command)


def test_json_schema_of_an_unknown_kind_is_a_tradeterms_error() -> None:
    import tradeterms

    with pytest.raises(tradeterms.TradetermsError, match="unknown kind of file 'nope'"):
        tradeterms.json_schema("nope")
