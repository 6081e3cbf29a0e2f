"""The command line: each command parses its options, makes one library call, and prints.

Exit codes: 0 success, 1 invalid data or a failed lookup, 2 usage errors (click's own).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path
from typing import Any

import click

from tradeterms.cli_common import (
    DATE,
    data_option,
    date_options,
    emit,
    emit_rendering,
    fail,
    kept_for_the_run,
    known_on_option,
    load_catalog,
    output_option,
    output_options,
)
from tradeterms.output import REPORT_FORMATS, TABLE_FORMATS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tradeterms")
def cli() -> None:
    """What the 2025–26 US trade deals say, with a source for every number."""


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@output_options(REPORT_FORMATS)
def validate(files: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Check data files; exit 1 with file:line:column messages when any is invalid."""
    from tradeterms.loader import validate as run
    from tradeterms.report_format import format_report

    with kept_for_the_run():
        report = run(*files)
    emit(format_report(report, fmt), output)
    sys.exit(0 if report.valid else 1)


@cli.command()
@click.option(
    "--kind",
    type=click.Choice(["deals", "deal"]),
    default="deals",
    show_default=True,
    help="deals: a catalog's entry point (data/deals.yaml); deal: one data/deals/<id>.yaml.",
)
@output_option
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of a data file (for editors and pre-commit)."""
    from tradeterms.schema import schema_text

    emit(schema_text(kind), output)


@cli.command(name="list")
@data_option
@output_options(TABLE_FORMATS)
def list_deals(data: Path | None, fmt: str, output: Path | None) -> None:
    """List the deals: parties, latest milestone, newest source."""
    from tradeterms.views import deal_list, render_deal_list

    summaries = deal_list(load_catalog(data))
    emit_rendering(lambda: render_deal_list(summaries, fmt), output)


@cli.command()
@click.argument("deal_id")
@date_options
@data_option
@output_options(TABLE_FORMATS)
def show(
    deal_id: str,
    as_of: dt.date | None,
    known_on: dt.date | None,
    data: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Every term of a deal with its state, claims and sources."""
    from tradeterms.errors import UnknownDealError
    from tradeterms.views import deal_view, render_deal_view

    try:
        view = deal_view(load_catalog(data), deal_id, as_of=as_of, known_on=known_on)
    except UnknownDealError as exc:
        fail(str(exc))
    emit_rendering(lambda: render_deal_view(view, fmt), output)


class StyleParam(click.ParamType):  # type: ignore[type-arg]
    """A tabulate style for text output (checked lazily: tabulate loads only when used)."""

    name = "STYLE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tradeterms.errors import UnknownFormatError
        from tradeterms.render import checked_style

        try:
            return checked_style(str(value))
        except UnknownFormatError as exc:
            self.fail(str(exc), param, ctx)


@cli.command()
@click.argument("deal_ids", nargs=-1)
@date_options
@click.option("--topics", "-t", multiple=True, help="Glob over topic ids, e.g. 'tariff.*'.")
@output_options(TABLE_FORMATS)
@click.option(
    "--style", type=StyleParam(), default="grid", show_default=True,
    help=(
        "Table style of text output: a plain-text tabulate layout (simple, rounded_grid, …);"
        " for markdown or HTML tables use --format."
    ),
)  # fmt: skip
@click.option(
    "--width", type=click.IntRange(min=1), help="Width of text tables (default: the terminal's)."
)
@data_option
def compare(
    deal_ids: tuple[str, ...],
    as_of: dt.date | None,
    known_on: dt.date | None,
    topics: tuple[str, ...],
    fmt: str,
    output: Path | None,
    style: str,
    width: int | None,
    data: Path | None,
) -> None:
    """Deals side by side, one row per topic (all deals when none is named)."""
    from tradeterms.comparison import check_topic_patterns
    from tradeterms.comparison import compare as run
    from tradeterms.errors import TradetermsError

    catalog = load_catalog(data)
    try:
        check_topic_patterns(catalog, topics)
        comparison = run(*deal_ids, as_of=as_of, known_on=known_on, topics=topics, catalog=catalog)
    except TradetermsError as exc:  # an unknown deal, a topic pattern that matches nothing
        fail(str(exc))
    if topics and not comparison.topics:
        fail(f"the deals say nothing on any topic matching {', '.join(topics)}")
    emit_rendering(lambda: comparison.render(fmt, width=width, style=style), output)


@cli.command()
@click.argument("deal_id")
@click.option("--from", "date_from", type=DATE, required=True, help="The earlier date.")
@click.option("--to", "date_to", type=DATE, required=True, help="The later date.")
@known_on_option
@output_options(TABLE_FORMATS)
@data_option
def diff(
    deal_id: str,
    date_from: dt.date,
    date_to: dt.date,
    known_on: dt.date | None,
    fmt: str,
    output: Path | None,
    data: Path | None,
) -> None:
    """Which terms of a deal changed between two dates, and the sources that changed them."""
    from tradeterms.changes import diff as run
    from tradeterms.errors import UnknownDealError
    from tradeterms.views import render_changes

    if date_from > date_to:
        raise click.BadParameter(f"{date_from} is after --to {date_to}", param_hint="--from")
    try:
        changes = run(deal_id, date_from, date_to, known_on=known_on, catalog=load_catalog(data))
    except UnknownDealError as exc:
        fail(str(exc))
    emit_rendering(lambda: render_changes(changes, fmt), output)


def _register_commands() -> None:
    # Commands that live in their own modules; importing them is cheap (no pandas, no pint).
    from tradeterms.cli_duty import command as duty_command
    from tradeterms.cli_etr import command as etr_command
    from tradeterms.cli_questions import command as questions_command

    cli.add_command(duty_command)
    cli.add_command(etr_command)
    cli.add_command(questions_command)


_register_commands()


def main() -> None:
    try:
        cli()
    finally:
        # The process is ending: its objects need no cyclic collection. Without this, the
        # interpreter's shutdown walks everything the command built (20–50 ms of a command
        # that takes a few tenths of a second).
        gc.freeze()
