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
    load_catalog,
    output_options,
)
from tradeterms.output import TABLE_FORMATS

__all__ = ["command"]


@click.command(name="duty")
@click.option(
    "--origin", required=True, help="ISO code of the country of origin (DE counts as EU)."
)
@click.option("--hts", required=True, help="HTS code, e.g. 8703.23.01 or 6109.10.00.12.")
@click.option("--on", "on", type=DATE, default=None, help="Date of entry (default today).")
@click.option("--value", help='Customs value in USD, e.g. "USD 1000".')
@click.option("--quantity", help='Quantity for a specific duty, e.g. "12 kg", "10 No.".')
@click.option(
    "--metal-value",
    help='Value of the steel, aluminium or copper content of a derivative, e.g. "USD 120".',
)
@click.option("--known-on", type=DATE, help="Count only sources public by this date.")
@click.option(
    "--quota",
    type=click.Choice(["in", "over"]),
    help="Where a tariff-rate quota reaches the good: entered within it (in) or above it (over).",
)
@data_option
@output_options(TABLE_FORMATS)
def command(
    origin: str,
    hts: str,
    on: dt.date | None,
    value: str | None,
    quantity: str | None,
    metal_value: str | None,
    known_on: dt.date | None,
    quota: Literal["in", "over"] | None,
    data: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """The US duty on goods of ORIGIN under an HTS line on a date, with every measure's source."""
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
            catalog=catalog,
        )
    except TradetermsError as exc:
        fail(str(exc))
    emit_rendering(lambda: render_duty(result, fmt), output)
