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

Adding a format is adding one entry to FORMATS. Everything a data file says is data, never
markup, a formula or a terminal command. Every cell a data file supplies passes through
`escape_markdown`, `escape_html`, `_spreadsheet_text` (csv, tsv) or `_sheet_cell` (xlsx), and
all text for a terminal through `printable`: the places where escaping happens (render.py's own
markdown and HTML use the same escapers, and emit a link only for a `web_link`):

    >>> print(printable("\\x1b[2Jgone"), escape_markdown("a|b\\n[x](javascript:y)"))
    \\x1b[2Jgone a\\|b<br>[x]\\(javascript:y)
    >>> _spreadsheet_text("=HYPERLINK(1)"), web_link("javascript:alert(1)")
    ("'=HYPERLINK(1)", False)

This module imports only the standard library, so that the CLI can build its options from it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
    "decimal_text",
    "escape_github_data",
    "escape_github_property",
    "escape_html",
    "escape_markdown",
    "no_workflow_commands",
    "printable",
    "printable_rows",
    "render",
    "web_link",
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


def check(fmt: str, offered: Sequence[str], what: str = "format", hint: str = "") -> str:
    """`fmt` if it is offered, else UnknownFormatError listing what is (and why, `hint`)."""
    if fmt not in offered:
        raise UnknownFormatError(fmt, tuple(offered), what, hint)
    return fmt


def render(output: Output, fmt: str) -> str | bytes:
    """The result in a format: bytes for binary formats (xlsx), text for the others."""
    check(fmt, output.formats)
    own = output.own.get(fmt)
    return own() if own is not None else FORMATS[fmt].write(output)


# ---------------------------------------------------------------- writers, one per format


# ---------------------------------------------------------------- escaping, one per target

# Unicode categories a terminal, a log or an editor does not show as themselves: controls
# (ESC, CR, C1), format characters (bidi overrides, zero-width), line and paragraph
# separators, surrogates, private use and unassigned code points.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _unsafe(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escaped(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def printable(text: str, keep: str = "") -> str:
    """Text a terminal shows as written: every control, format or separator character not in
    `keep` is written as its escape (ESC as `\\x1b`, a bidi override as `\\u202e`)."""
    # Every unsafe character is one str.isprintable refuses, so text that is printable but
    # for the kept characters has nothing to escape: the common case, checked in C.
    if text.isprintable() or _without(text, keep).isprintable():
        return text
    unsafe = {c for c in set(text) if c not in keep and _unsafe(c)}
    return text.translate({ord(c): _escaped(c) for c in unsafe}) if unsafe else text


def _without(text: str, chars: str) -> str:
    for char in chars:
        text = text.replace(char, "")
    return text


def printable_rows(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Table rows with every text cell `printable` (line breaks kept for multi-line cells),
    so that a table is aligned on what the terminal will really show."""
    return [[printable(c, "\n") if isinstance(c, str) else c for c in row] for row in rows]


def decimal_text(number: Decimal) -> str:
    """A decimal as a reader and the data file write it: `0.0000001`, never `1E-7`."""
    return f"{number:f}"


def web_link(url: str) -> bool:
    """True for an http(s) address with a host: the only links a renderer emits."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and url.isprintable()


def escape_github_property(text: str) -> str:
    """A value of a GitHub Actions annotation property (file=, title=): cannot end the field."""
    escaped = escape_github_data(text)
    return escaped.replace(":", "%3A").replace(",", "%2C")


def escape_github_data(text: str) -> str:
    """An annotation's message: it cannot start a new workflow command or colour the log."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


_COMMAND_LINE = re.compile(r"^(\s*)::", re.MULTILINE)


# The runner's older command syntax, `##[command]data`, is found anywhere in a line.
LEGACY_COMMAND = "##["


def no_workflow_commands(text: str) -> str:
    """Text whose lines cannot be read as CI workflow commands: GitHub Actions acts on any
    line of a job's output that starts with `::` (`::error`, `::add-mask::`), so such a
    line from the data is shown as `\\::`; and on `##[` anywhere in a line (its legacy
    syntax, `##[set-output name=x;]y`), shown as `##\\[`."""
    if "::" in text:
        text = _COMMAND_LINE.sub(r"\1\\::", text)
    return text.replace(LEGACY_COMMAND, "##\\[")


def _text(output: Output) -> str:
    return no_workflow_commands(printable(output.text(), "\n"))


def _json(output: Output) -> str:
    text = json.dumps(output.data(), indent=2, ensure_ascii=False, default=_json_default)
    # json escapes C0 controls itself; the rest (C1, bidi, separators) as \uXXXX too, and
    # the `[` of a CI runner's `##[` command (only a string can hold it; it parses back).
    return _json_escaped(text).replace(LEGACY_COMMAND, "##\\u005b") + "\n"


def _json_default(value: object) -> str:
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


def _json_escaped(text: str) -> str:
    if all(line.isprintable() for line in text.split("\n")):
        return text
    return "".join(_json_escape(c) if c != "\n" and _unsafe(c) else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _plain(value: CellValue) -> str:
    """A cell's text, with nothing a terminal would act on (line breaks and tabs kept)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return printable(str(value), "\n\t")


def escape_markdown(value: CellValue) -> str:
    """A cell that cannot break a markdown table or make a link: markup, `|`, link brackets
    and line breaks escaped."""
    import html

    text = html.escape(_plain(value), quote=False).replace("\\", "\\\\").replace("|", "\\|")
    # `[text](url)` and `[text][ref]` are links; a bracket followed by `(` or `[` is not.
    text = text.replace("](", "]\\(").replace("][", "]\\[").replace(LEGACY_COMMAND, "##\\[")
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _markdown(table: Table) -> str:
    lines = [
        "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def escape_html(value: CellValue) -> str:
    """Text with all markup escaped, link brackets too; line breaks become `<br>`."""
    import html

    text = html.escape(_plain(value), quote=True).replace("\n", "<br>")
    # As entities, `](` and `][` look the same but make no link when HTML sits in markdown.
    text = text.replace("](", "]&#40;").replace("][", "]&#91;")
    return text.replace(LEGACY_COMMAND, "##&#91;")  # a CI runner's legacy command


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
    writer.writerow([_spreadsheet_text(c) for c in table.columns])
    writer.writerows([_spreadsheet_text(c) for c in row] for row in table.rows)
    return no_workflow_commands(out.getvalue())


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_text(value: CellValue) -> str:
    """A csv/tsv cell no spreadsheet reads as a formula: text starting with = + - @, a tab or
    a carriage return gets a leading `'` (the OWASP rule); numbers and dates stay numbers."""
    text = _plain(value)
    if isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _sheet_cell(sheet: Any, value: CellValue) -> Any:
    """Text is typed as a string, so that nothing from the data becomes a formula; characters
    a worksheet cannot hold (controls) are written as their escapes."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=printable(value, "\n\t"))
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)


def _sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: no `[]:*?/\\`, at most 31 characters, unique."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in printable(name)).strip("'")
    title = cleaned[:31] or "sheet"
    number = 1
    while title.lower() in taken:
        number += 1
        title = f"{cleaned[: 31 - len(str(number)) - 1]}-{number}"
    taken.add(title.lower())
    return title


def _xlsx(tables: Sequence[Table]) -> bytes:
    import io

    try:
        from openpyxl import Workbook  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError(
            "Excel output needs openpyxl: pip install 'tradeterms[xlsx]'"
        ) from None
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.name, taken))
        sheet.append([_sheet_cell(sheet, c) for c in table.columns])
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
