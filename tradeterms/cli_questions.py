"""`tradeterms questions`: open questions with their evidence, as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tradeterms.cli_common import (
    data_option,
    date_options,
    emit_rendering,
    fail,
    load_catalog,
    output_options,
)
from tradeterms.output import TABLE_FORMATS
from tradeterms.question_kinds import KINDS

__all__ = ["command"]

_KINDS = [k.slug for k in KINDS]


@click.command(name="questions")
@click.argument("deal_ids", nargs=-1, metavar="[DEAL]...")
@date_options
@click.option("--kind", "kinds", multiple=True, type=click.Choice(_KINDS), help="Only these.")
@click.option("--include-resolved", is_flag=True, help="Also list questions settled by then.")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List the low-severity questions (peer gaps, thin sourcing, stale) in the text "
    "output too, not only their count. Other formats always list every question.",
)
@output_options(TABLE_FORMATS)
@data_option
def command(
    deal_ids: tuple[str, ...],
    as_of: dt.date | None,
    known_on: dt.date | None,
    kinds: tuple[str, ...],
    include_resolved: bool,
    show_all: bool,
    fmt: str,
    output: Path | None,
    data: Path | None,
) -> None:
    """Open questions of the deals (all deals if none named), each with its evidence."""
    from tradeterms.errors import TradetermsError
    from tradeterms.open_questions import fold_low, questions
    from tradeterms.question_render import render_questions, shows_locations

    try:
        found = questions(
            *deal_ids,
            as_of=as_of,
            known_on=known_on,
            kinds=kinds or None,
            include_resolved=include_resolved,
            catalog=load_catalog(data),
            with_lines=shows_locations(fmt),  # text prints no file:line: do not find them
        )
    except TradetermsError as exc:  # an unknown deal, a deal named twice
        fail(str(exc))
    folded: dict[str, int] = {}
    if fmt == "text" and not (show_all or kinds):
        found, folded = fold_low(found)
    emit_rendering(lambda: render_questions(found, fmt, folded), output)
