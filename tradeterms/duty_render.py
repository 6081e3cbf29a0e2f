"""A duty result in every format of the output registry: text with the trail, JSON, and
the trail as a table (one row per measure, then the total) for csv, tsv, markdown, html, xlsx.

    >>> import tradeterms
    >>> result = tradeterms.duty("8703.23.01", "JP", on="2025-10-01")
    >>> print(render_duty(result, "csv").splitlines()[-1])
    total,,,15%,,,
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeterms.output import Output, Table, printable_rows, render

if TYPE_CHECKING:
    from tradeterms.duties import DutyResult

__all__ = ["duty_output", "render_duty"]

_COLUMNS = ("layer", "measure", "basis", "rate", "applies", "adds", "source")


def render_duty(result: DutyResult, fmt: str = "text") -> str | bytes:
    """The duty in any format of tradeterms.output.TABLE_FORMATS."""
    return render(duty_output(result), fmt)


def duty_output(result: DutyResult) -> Output:
    return Output(text=lambda: _text(result), data=result.to_dict, table=lambda: _table(result))


def _rows(result: DutyResult) -> list[list[str]]:
    return [
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


def _table(result: DutyResult) -> Table:
    total = ["total", "", "", _total(result), "", "", ""]
    return Table("duty", _COLUMNS, [*_rows(result), total])


def _text(result: DutyResult) -> str:
    """A heading, the trail as a short table, the total, then warnings and open layers."""
    from tabulate import tabulate

    known = f", as known on {result.known_on.isoformat()}" if result.known_on else ""
    deal = result.deal or "no deal"
    lines = [
        f"{result.hts} ({result.line}: {result.description}) from {result.origin} ({deal}) "
        f"on {result.on.isoformat()}{known}; HTS {result.revision}",
        "",
    ]
    lines.append(tabulate(printable_rows(_rows(result)), list(_COLUMNS), tablefmt="simple"))
    lines.append("")
    money = f"; duty {result.duty}" if result.duty else ""
    value = f" on {result.value}" if result.value else ""
    metal = f" (metal content {result.metal_value})" if result.metal_value else ""
    lines.append(f"Total: {_total(result)}{value}{money}{metal}")
    lines += [f"Not settled: {u}" for u in result.unsettled]
    lines += [f"Warning: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _total(result: DutyResult) -> str:
    """The total rate, else the formula in the metal share, else 'not settled'."""
    return result.total_rate_text or result.formula or "not settled"


def _added(added: object) -> str:
    from decimal import Decimal

    from tradeterms._duty_units import format_rate

    return "?" if added is None else "+" + format_rate(added) if isinstance(added, Decimal) else ""
