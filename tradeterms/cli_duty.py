"""`tradeterms duty`: the US duty on a good, with the trail of every measure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tradeterms.cli_common import DATE, data_option, emit, fail, load_catalog

if TYPE_CHECKING:
    from tradeterms.duties import DutyResult

__all__ = ["command", "render_text"]


@click.command(name="duty")
@click.option(
    "--origin", required=True, help="ISO code of the country of origin (DE counts as EU)."
)
@click.option("--hts", required=True, help="HTS code, e.g. 8703.23.01 or 6109.10.00.12.")
@click.option("--on", "on", type=DATE, default=None, help="Date of entry (default today).")
@click.option("--value", help='Customs value in USD, e.g. "USD 1000".')
@click.option("--quantity", help='Quantity for a specific duty, e.g. "12 kg", "10 No.".')
@click.option("--known-on", type=DATE, help="Count only sources public by this date.")
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def command(
    origin: str,
    hts: str,
    on: dt.date | None,
    value: str | None,
    quantity: str | None,
    known_on: dt.date | None,
    data: Path | None,
    fmt: str,
) -> None:
    """The US duty on goods of ORIGIN under an HTS line on a date, with every measure's source."""
    from tradeterms.duties import duty
    from tradeterms.errors import TradetermsError
    from tradeterms.units import QuantityError

    catalog = load_catalog(data)
    try:
        result = duty(
            hts, origin, on or dt.date.today(), value, quantity, known_on, catalog=catalog
        )
    except (TradetermsError, QuantityError) as exc:
        fail(str(exc))
    if fmt == "json":
        emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        emit(render_text(result))


def render_text(result: DutyResult) -> str:
    """A heading, the trail as a short table, the total, then warnings and open layers."""
    from tabulate import tabulate

    known = f", as known on {result.known_on.isoformat()}" if result.known_on else ""
    deal = result.deal or "no deal"
    lines = [
        f"{result.hts} ({result.line}: {result.description}) from {result.origin} ({deal}) "
        f"on {result.on.isoformat()}{known}; HTS {result.revision}",
        "",
    ]
    rows = [
        [
            s.layer,
            s.measure,
            s.basis,
            s.rate or "",
            s.applies,
            _added(s.added),
            s.source.id if s.source else "",
        ]
        for s in result.steps
    ]
    headers = ["layer", "measure", "basis", "rate", "applies", "adds", "source"]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple"))
    lines.append("")
    total = result.total_rate_text or "not settled"
    money = f"; duty {result.duty}" if result.duty else ""
    value = f" on {result.value}" if result.value else ""
    lines.append(f"Total: {total}{value}{money}")
    lines += [f"Not settled: {u}" for u in result.unsettled]
    lines += [f"Warning: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _added(added: object) -> str:
    from decimal import Decimal

    from tradeterms._duty_units import format_rate

    return "?" if added is None else "+" + format_rate(added) if isinstance(added, Decimal) else ""
