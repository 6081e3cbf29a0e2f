"""What every command shares: date and data options, output, failing with exit code 1.

Separate from cli.py so that command modules (cli_duty, cli_questions) can import it
without importing the command group that registers them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
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
    "fail",
    "load_catalog",
    "output_option",
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


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def load_catalog(data: Path | None) -> Catalog:
    from tradeterms.errors import DataError
    from tradeterms.loader import load

    try:
        return load(data)
    except DataError as exc:
        fail(str(exc))
