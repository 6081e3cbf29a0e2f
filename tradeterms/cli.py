"""The command line: each command parses its options, makes one library call, and prints.

Exit codes: 0 success, 1 invalid data or a failed lookup, 2 usage errors (click's own).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date: write YYYY-MM-DD", param, ctx)


DATE = DateParam()


def date_options(func: F) -> F:
    """--as-of and --known-on, shared by every command that reads term states."""
    func = click.option("--known-on", type=DATE, help="Count only sources public by this date.")(
        func
    )
    return click.option(
        "--as-of", type=DATE, help="The date the state applies to (default today)."
    )(func)


def data_option(func: F) -> F:
    return click.option(
        "--data",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Data file (default: shipped data).",
    )(func)


def output_option(func: F) -> F:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
    )(func)


def emit(text: str | bytes, output: Path | None = None) -> None:
    if output is None:
        click.echo(text, nl=not (isinstance(text, str) and text.endswith("\n")))
    elif isinstance(text, bytes):
        output.write_bytes(text)
    else:
        output.write_text(text, encoding="utf-8")


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def load_catalog(data: Path | None) -> Any:
    from tradeterms.errors import DataError
    from tradeterms.loader import load

    try:
        return load(data)
    except DataError as exc:
        fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tradeterms")
def cli() -> None:
    """What the 2025–26 US trade deals say, with a source for every number."""


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
)
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check data files; exit 1 with file:line:column messages when any is invalid."""
    from tradeterms.loader import validate as run
    from tradeterms.report_format import format_report

    report = run(*files)
    emit(format_report(report, fmt))
    sys.exit(0 if report.valid else 1)


@cli.command()
@output_option
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the data file (for editors and pre-commit)."""
    from tradeterms.schema import schema_text

    emit(schema_text(), output)


@cli.command(name="list")
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def list_deals(data: Path | None, fmt: str) -> None:
    """List the deals: parties, latest milestone, newest source."""
    from tradeterms.views import deal_list, render_deal_list

    emit(render_deal_list(deal_list(load_catalog(data)), fmt))


@cli.command()
@click.argument("deal_id")
@date_options
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(
    deal_id: str, as_of: dt.date | None, known_on: dt.date | None, data: Path | None, fmt: str
) -> None:
    """Every term of a deal with its state, claims and sources."""
    from tradeterms.errors import UnknownDealError
    from tradeterms.views import deal_view, render_deal_view

    try:
        view = deal_view(load_catalog(data), deal_id, as_of=as_of, known_on=known_on)
    except UnknownDealError as exc:
        fail(str(exc))
    emit(render_deal_view(view, fmt))


def main() -> None:
    cli()
