"""What every command shares: date, data and output options, printing, failing with exit 1.

Separate from cli.py so that command modules (cli_duty, cli_questions) can import it
without importing the command group that registers them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from tradeterms.catalog import Catalog

__all__ = [
    "DATE",
    "data_option",
    "date_options",
    "emit",
    "emit_rendering",
    "fail",
    "format_for",
    "kept_for_the_run",
    "known_on_option",
    "load_catalog",
    "output_option",
    "output_options",
]

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


def known_on_option(func: F) -> F:
    """--known-on: the date of knowledge, shared by every command that reads the record."""
    return click.option("--known-on", type=DATE, help="Count only sources public by this date.")(
        func
    )


def date_options(func: F) -> F:
    """--as-of and --known-on, shared by every command that reads term states."""
    func = known_on_option(func)
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


class FormatParam(click.ParamType):  # type: ignore[type-arg]
    """A format among those a command offers; refused with the library's own message."""

    name = "FORMAT"

    def __init__(self, offered: tuple[str, ...]) -> None:
        self.offered = offered

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tradeterms.output import UnknownFormatError, check

        try:
            return check(str(value), self.offered)
        except UnknownFormatError as exc:
            self.fail(str(exc), param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return "[" + "|".join(self.offered) + "]"


def output_options(offered: tuple[str, ...], default: str = "text") -> Callable[[F], F]:
    """--format (among `offered`, from tradeterms.output) and --output/-o, for every command."""

    from tradeterms.output import FORMATS

    def decorate(func: F) -> F:
        func = output_option(func)
        return click.option(
            "--format",
            "fmt",
            type=FormatParam(offered),
            default=default,
            show_default=True,
            help="; ".join(f"{n}: {FORMATS[n].help}" for n in offered) + ".",
        )(func)

    return decorate


_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".md": "markdown",
}


def format_for(ctx: click.Context, fmt: str, output: Path | None, offered: tuple[str, ...]) -> str:
    """--format as given, else the format the -o file's suffix names (out.csv: csv)."""
    source = ctx.get_parameter_source("fmt")
    if output is None or source is not click.core.ParameterSource.DEFAULT:
        return fmt
    found = _SUFFIX_FORMATS.get(output.suffix.lower())
    return found if found in offered else fmt


def emit(text: str | bytes, output: Path | None = None) -> None:
    """Print or write a rendering; binary output (xlsx) is never written to a terminal."""
    if isinstance(text, bytes) and output is None and _is_terminal():
        raise click.UsageError("xlsx is binary: write it to a file with -o FILE.xlsx")
    if output is None:
        click.echo(text, nl=not (isinstance(text, str) and text.endswith("\n")))
        return
    if not output.parent.is_dir():
        missing = "is not a folder" if output.parent.exists() else "does not exist"
        fail(f"cannot write {output}: {output.parent} {missing}")
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def emit_rendering(make: Callable[[], str | bytes], output: Path | None = None) -> None:
    """Render with the library and emit; a library error (e.g. xlsx without openpyxl) fails."""
    from tradeterms.errors import TradetermsError

    try:
        text = make()
    except TradetermsError as exc:
        fail(str(exc))
    emit(text, output)


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def kept_for_the_run() -> AbstractContextManager[None]:
    """Objects made inside live until the command exits: keep the cyclic collector off while
    they are built and out of its sight afterwards, so it does not walk the catalog's
    ~500,000 objects again on each collection (20–30 ms a walk)."""
    from tradeterms._gc import collector_paused

    return collector_paused(freeze=True)


def load_catalog(data: Path | None) -> Catalog:
    from tradeterms.errors import DataError
    from tradeterms.loader import load

    try:
        with kept_for_the_run():
            return load(data)
    except DataError as exc:
        fail(str(exc))
