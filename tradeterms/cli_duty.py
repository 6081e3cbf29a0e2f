"""`tradeterms duty`: the US duty on a good, with the trail of every measure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import click

from tradeterms.cli_common import (
    DATE,
    data_option,
    emit_rendering,
    fail,
    format_for,
    known_on_option,
    load_catalog,
    output_options,
)
from tradeterms.output import TABLE_FORMATS

__all__ = ["command"]


@click.command(name="duty")
@click.option("--origin", help="ISO code of the country of origin (DE counts as EU).")
@click.option("--hts", help="HTS code, e.g. 8703.23.01 or 6109.10.00.12.")
@click.option(
    "--file",
    "entries",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A CSV of entries, one per row (columns origin, hts, on, value and optionally "
    "quantity, metal_value, metal_share, known_on, mfn_rate): the duty on each.",
)
@click.option("--on", "on", type=DATE, default=None, help="Date of entry (default today).")
@click.option("--value", help='Customs value in USD, e.g. "USD 1000".')
@click.option("--quantity", help='Quantity for a specific duty, e.g. "12 kg", "10 No.".')
@click.option(
    "--metal-value",
    help='Value of the steel, aluminium or copper content of a derivative, e.g. "USD 120".',
)
@click.option(
    "--usmca",
    is_flag=True,
    help="The importer claims USMCA treatment for goods of Canada or Mexico.",
)
@known_on_option
@click.option(
    "--quota",
    type=click.Choice(["in", "over"]),
    help="Where a tariff-rate quota reaches the good: entered within it (in) or above it (over).",
)
@data_option
@output_options(TABLE_FORMATS)
@click.pass_context
def command(
    ctx: click.Context,
    origin: str | None,
    hts: str | None,
    entries: Path | None,
    on: dt.date | None,
    value: str | None,
    quantity: str | None,
    metal_value: str | None,
    usmca: bool,
    known_on: dt.date | None,
    quota: Literal["in", "over"] | None,
    data: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """The US duty on goods of ORIGIN under an HTS line on a date, with every measure's source.

    With --file, the duty on every row of a CSV of entries (bad rows are reported by number,
    the others computed); the format follows the -o file's suffix unless --format is given."""
    if entries is not None:
        if origin or hts:
            raise click.UsageError("give either --file or --origin and --hts")
        from tradeterms.cli_batch import run_file

        fmt = format_for(ctx, fmt, output, TABLE_FORMATS)
        run_file(entries, load_catalog(data), fmt, output)
        return
    if not origin or not hts:
        raise click.UsageError("give --origin and --hts (or --file)")
    from tradeterms.duties import duty
    from tradeterms.duty_render import render_duty
    from tradeterms.errors import TradetermsError

    catalog = load_catalog(data)
    try:
        result = duty(
            hts,
            origin,
            on or dt.date.today(),
            value,
            quantity,
            known_on,
            metal_value=metal_value,
            quota=quota,
            usmca=usmca,
            catalog=catalog,
        )
    except TradetermsError as exc:
        fail(str(exc))
    emit_rendering(lambda: render_duty(result, fmt), output)
