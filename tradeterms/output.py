"""The registry of output formats: every command and every library renderer goes through it.

A result describes itself once as an `Output`: its text for a terminal, its JSON data, and
(when it is tabular) its rows as `Table`s. The registry turns those into every format, so
markdown, HTML, CSV, TSV and xlsx are each written once, here, for every result:

    >>> from tradeterms.output import Output, Table, render
    >>> table = Table("deals", ("deal", "parties"), (("us-eu-2025", "US–EU"),))
    >>> result = Output(lambda: "us-eu-2025\\n", lambda: ["us-eu-2025"], table=lambda: table)
    >>> result.formats
    ('text', 'markdown', 'html', 'csv', 'tsv', 'json', 'xlsx')
    >>> print(render(result, "csv"), end="")
    deal,parties
    us-eu-2025,US–EU
    >>> render(result, "nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tradeterms.errors.UnknownFormatError: unknown format 'nope': choose one of text, ..., xlsx

Adding a format is adding one entry to FORMATS. Every cell a data file supplies passes
through `escape_markdown`, `escape_html`, `_plain` (csv, tsv) or `_sheet_cell` (xlsx): the
places where escaping happens (render.py's own markdown and HTML use the same two escapers).
This module imports only the standard library, so that the CLI can build its options from it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradeterms.errors import MissingExtraError, UnknownFormatError

__all__ = [
    "FORMATS",
    "REPORT_FORMATS",
    "TABLE_FORMATS",
    "Format",
    "Output",
    "Table",
    "UnknownFormatError",
    "check",
    "escape_html",
    "escape_markdown",
    "render",
]

CellValue = str | int | float | Decimal | dt.date | None


@dataclass(frozen=True)
class Table:
    """Rows under named columns; `name` titles the sheet in xlsx."""

    name: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[CellValue]]


@dataclass(frozen=True)
class Output:
    """A result as the registry sees it.

    `text` and `data` (JSON-ready) are required; `table` makes the result tabular (csv, tsv,
    markdown, html and xlsx show it); `sheets` are more tables only a workbook has room for;
    `own` holds formats the result writes itself (a comparison's HTML with footnotes, `github`).
    """

    text: Callable[[], str]
    data: Callable[[], Any]
    table: Callable[[], Table] | None = None
    sheets: Callable[[], Sequence[Table]] | None = None
    own: Mapping[str, Callable[[], str | bytes]] = field(default_factory=dict)

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats this result offers, in registry order."""
        return tuple(n for n, f in FORMATS.items() if n in self.own or f.offered_by(self))


@dataclass(frozen=True)
class Format:
    """One output format: what it is for, and how it writes a result, a table or a workbook."""

    help: str
    whole: Callable[[Output], str] | None = None  # writes any result
    table: Callable[[Table], str] | None = None  # writes a tabular result's table
    book: Callable[[Sequence[Table]], bytes] | None = None  # writes its table and sheets

    def offered_by(self, output: Output) -> bool:
        tabular = self.table is not None or self.book is not None
        return self.whole is not None or (tabular and output.table is not None)

    def write(self, output: Output) -> str | bytes:
        if self.whole is not None:
            return self.whole(output)
        assert output.table is not None  # offered_by() checked it
        if self.table is not None:
            return self.table(output.table())
        assert self.book is not None
        return self.book([output.table(), *(output.sheets() if output.sheets else ())])


def check(fmt: str, offered: Sequence[str], what: str = "format") -> str:
    """`fmt` if it is offered, else UnknownFormatError listing what is."""
    if fmt not in offered:
        raise UnknownFormatError(fmt, tuple(offered), what)
    return fmt


def render(output: Output, fmt: str) -> str | bytes:
    """The result in a format: bytes for binary formats (xlsx), text for the others."""
    check(fmt, output.formats)
    own = output.own.get(fmt)
    return own() if own is not None else FORMATS[fmt].write(output)


# ---------------------------------------------------------------- writers, one per format


def _text(output: Output) -> str:
    return output.text()


def _json(output: Output) -> str:
    return json.dumps(output.data(), indent=2, ensure_ascii=False, default=str) + "\n"


def _plain(value: CellValue) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def escape_markdown(value: CellValue) -> str:
    """A cell that cannot break a markdown table: markup, `|` and line breaks escaped."""
    import html

    text = html.escape(_plain(value), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _markdown(table: Table) -> str:
    lines = [
        "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def escape_html(value: CellValue) -> str:
    """Text with all markup escaped; line breaks become `<br>`."""
    import html

    return html.escape(_plain(value), quote=True).replace("\n", "<br>")


def _html(table: Table) -> str:
    head = "".join(f"<th>{escape_html(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape_html(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"


def _delimited(table: Table, delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_plain(c) for c in row] for row in table.rows)
    return out.getvalue()


def _sheet_cell(sheet: Any, value: CellValue) -> Any:
    """Text is typed as a string, so that nothing from the data becomes a formula."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _xlsx(tables: Sequence[Table]) -> bytes:
    import io

    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError(
            "Excel output needs openpyxl: pip install 'tradeterms[xlsx]'"
        ) from None
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_sheet_cell(sheet, c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS: dict[str, Format] = {
    "text": Format("aligned text for a terminal", whole=_text),
    "markdown": Format("a GitHub-flavoured markdown table", table=_markdown),
    "html": Format("an HTML table", table=_html),
    "csv": Format("comma-separated values", table=lambda t: _delimited(t, ",")),
    "tsv": Format("tab-separated values", table=lambda t: _delimited(t, "\t")),
    "json": Format("JSON with every field", whole=_json),
    "xlsx": Format("an Excel workbook, written with -o FILE.xlsx", book=_xlsx),
    "github": Format("GitHub Actions annotations for a pull request"),
}

# What the CLI offers before any result exists: every format of a tabular result, and
# validate's report formats.
TABLE_FORMATS: tuple[str, ...] = tuple(
    n for n, f in FORMATS.items() if f.whole or f.table or f.book
)
REPORT_FORMATS: tuple[str, ...] = ("text", "json", "github")  # registry order
