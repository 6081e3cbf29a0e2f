"""Everything a data file says is data: no renderer, in any format, lets a hostile string act
as a formula, markup, a link, a terminal escape or a CI workflow command (issue 14).

The validator refuses control characters in data files; these tests build the models in
Python (model_copy skips validation) to prove the renderers' own defence in depth.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.changes import diff
from tradeterms.cli import cli
from tradeterms.comparison import compare
from tradeterms.deal_page import deal_page
from tradeterms.duty_render import render_duty
from tradeterms.errors import Finding
from tradeterms.loader import Report, read
from tradeterms.models import Claim, OpenQuestion, TextValue
from tradeterms.open_questions import questions
from tradeterms.output import REPORT_FORMATS, TABLE_FORMATS, _escaped, printable, web_link
from tradeterms.question_render import render_questions
from tradeterms.render import render as render_comparison
from tradeterms.report_format import format_report
from tradeterms.views import (
    deal_list,
    deal_view,
    render_changes,
    render_deal_list,
    render_deal_view,
)

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "valid" / "small.yaml"
DEAL = "us-eu-2025"

PAYLOADS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\x1b[2J",
    "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
    "\x9b31m",
    "\u202egnp.exe",
    "\u200b",
    "\u2028",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](data:text/html,hi)",
    "a | b",
    "line\nbreak",
    "\r\n",
    "\n::error file=x,line=1::forged",
    "::add-mask::secret",
    "%0A::warning::x",
    "##[error]forged",
    "x ##[set-output name=y;]z",
    "&amp;",
    "\\",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "http://",
    "https://ok.example/\x1b[2J",
]

hostile_text = st.lists(
    st.sampled_from(PAYLOADS) | st.text(min_size=1, max_size=4), min_size=1, max_size=3
).map("".join)


def hostile_catalog(text: str, url: str = "javascript:alert(1)") -> Catalog:
    """The small fixture with `text` in every free-text field and `url` as the source URL."""
    base, findings = read(SMALL)
    assert base is not None, findings
    source = base.sources[0].model_copy(
        update={"title": text, "publisher": text, "url": url, "via": text, "note": text}
    )
    deal = base.deals[0]
    term = deal.terms[0]
    tariff = term.claims[0].model_copy(update={"quote": text, "unconfirmed": True})
    later = Claim.model_construct(
        source=source.id, by=["EU"], date=dt.date(2025, 9, 1), strength=tariff.strength,
        value=TextValue.model_construct(kind="text", text=text, position=None, effective=None,
                                        until=None, condition=None, note=text),
        quote=text, unconfirmed=False,
    )  # fmt: skip
    said = term.model_copy(update={"id": "said", "title": text, "claims": [later]})
    question = OpenQuestion.model_construct(
        id="q", text=text, raised=dt.date(2025, 8, 21), sources=[source.id], topic=None,
        term=None, resolved=None,
    )  # fmt: skip
    milestones = [m.model_copy(update={"title": text}) for m in deal.milestones]
    hostile_deal = deal.model_copy(
        update={
            "name": text,
            "summary": text,
            "terms": [term.model_copy(update={"title": text, "claims": [tariff]}), said],
            "milestones": milestones,
            "questions": [question],
        }
    )
    topics = [t.model_copy(update={"label": text}) for t in base.topics]
    data = base.model_copy(update={"sources": [source], "deals": [hostile_deal], "topics": topics})
    return Catalog(data)


ON = dt.date(2025, 9, 2)

RENDERERS: dict[str, Callable[[Catalog, str], str | bytes]] = {
    "list": lambda c, f: render_deal_list(deal_list(c), f),
    "show": lambda c, f: render_deal_view(deal_view(c, DEAL, as_of=ON), f),
    "compare": lambda c, f: render_comparison(compare(as_of=ON, catalog=c), f, width=100),
    "questions": lambda c, f: render_questions(questions(as_of=ON, catalog=c), f),
    "diff": lambda c, f: render_changes(diff(DEAL, "2025-08-01", ON, catalog=c), f),
    "duty": lambda c, f: render_duty(tradeterms.duty("8703.23.01", "DE", ON, catalog=c), f),
}


# ------------------------------------------------------------------- what "neutralised" means

_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _invisible(text: str, keep: str = "\n") -> list[str]:
    return [c for c in text if c not in keep and unicodedata.category(c) in _UNSAFE]


def _no_command_lines(text: str) -> None:
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert "##[" not in text, "the runner's legacy command syntax, found anywhere in a line"


def check_terminal_text(text: str, keep: str = "\n") -> None:
    assert _invisible(text, keep) == [], "a control character reaches the terminal"
    _no_command_lines(text)


def _md_cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line)) - 2


def check_markdown(text: str, tags: frozenset[str] = frozenset({"br"})) -> None:
    check_terminal_text(text, "\n\t")  # a tab is harmless in a document
    assert "<script" not in text and "<img" not in text
    # A link to anything but the web: a scheme other than http(s) (our own links are relative).
    assert not re.search(r"\]\((?!https?://)[a-zA-Z][a-zA-Z0-9+.-]*:", text), "a non-web link"
    # Raw markup only as the renderer writes it; autolinks only to the web.
    assert set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9+.-]*)", text)) <= tags | {"http", "https"}
    widths = {_md_cells(line) for line in text.splitlines() if line.startswith("|")}
    tables = [line for line in text.splitlines() if line.startswith("|---")]
    assert len(widths) <= max(1, len(tables)), "a table row has the wrong number of cells"


def check_deal_page(text: str) -> None:
    check_markdown(text, frozenset({"br", "ol", "li", "time", "em", "code"}))  # the timeline


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        assert all(not k.startswith("on") for k, _ in attrs), "an event handler attribute"


SAFE_TAGS = {"div", "p", "em", "table", "thead", "tbody", "tr", "th", "td", "br", "ol", "li", "a"}


def check_html(text: str) -> None:
    check_terminal_text(text, "\n\t")
    parser = _Html()
    parser.feed(text)
    assert parser.tags <= SAFE_TAGS
    assert all(h.startswith("#") or web_link(h) for h in parser.hrefs), parser.hrefs


def check_delimited(text: str, delimiter: str) -> None:
    assert _invisible(text, "\n\t") == []
    _no_command_lines(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len({len(r) for r in rows}) == 1, "a row with the wrong number of cells"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def check_json(text: str) -> None:
    assert _invisible(text) == []
    assert "##[" not in text  # the runner's legacy command, were the JSON printed in a CI log
    json.loads(text)


def check_xlsx(book: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert _invisible(cell.value, "\n\t") == []


CHECKS: dict[str, Callable[[str], None]] = {
    "text": check_terminal_text,
    "markdown": check_markdown,
    "html": check_html,
    "csv": lambda t: check_delimited(t, ","),
    "tsv": lambda t: check_delimited(t, "\t"),
    "json": check_json,
}


def check(fmt: str, rendered: str | bytes) -> None:
    if fmt == "xlsx":
        assert isinstance(rendered, bytes)
        check_xlsx(rendered)
    else:
        assert isinstance(rendered, str)
        CHECKS[fmt](rendered)


# ----------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_neutralised_by_every_renderer_in_every_format(payload: str) -> None:
    catalog = hostile_catalog(payload)
    for make in RENDERERS.values():
        for fmt in TABLE_FORMATS:
            check(fmt, make(catalog, fmt))
    check_deal_page(deal_page(catalog, DEAL))


@pytest.mark.parametrize("renderer", list(RENDERERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text, url=st.sampled_from(HOSTILE_URLS) | st.just("https://ok.example/"))
def test_any_hostile_string_is_neutralised(renderer: str, text: str, url: str) -> None:
    catalog = hostile_catalog(text, url)
    for fmt in TABLE_FORMATS:
        check(fmt, RENDERERS[renderer](catalog, fmt))


@settings(max_examples=30, deadline=None)
@given(text=hostile_text, url=st.sampled_from(HOSTILE_URLS))
def test_a_deal_page_never_links_anything_but_the_web(text: str, url: str) -> None:
    check_deal_page(deal_page(hostile_catalog(text, url), DEAL))


def test_the_hostile_catalog_really_carries_the_payload() -> None:
    # A guard for the tests above: the payload reaches every renderer (escaped).
    catalog = hostile_catalog("PAYLOAD\x1b[2J")
    for name, make in RENDERERS.items():
        text = make(catalog, "text")
        assert isinstance(text, str) and "PAYLOAD\\x1b[2J" in text, name
    assert "PAYLOAD\\\\x1b[2J" in deal_page(catalog, DEAL)


def _printable_char_by_char(text: str, keep: str) -> str:
    """`printable` as first written: every character looked at on its own (the escape itself
    is the one `printable` writes; the payload tests above pin what it looks like)."""
    shown = []
    for char in text:
        bad = char not in keep and unicodedata.category(char) in _UNSAFE
        shown.append(_escaped(char) if bad else char)
    return "".join(shown)


@settings(max_examples=500)
@given(text=hostile_text | st.text(), keep=st.sampled_from(["", "\n", "\n\t", "\r\n", "\u00a0"]))
def test_printable_takes_its_fast_paths_without_changing_a_character(text: str, keep: str) -> None:
    assert printable(text, keep) == _printable_char_by_char(text, keep)
    assert printable(text) == _printable_char_by_char(text, "")


def test_printable_escapes_what_hides_beside_kept_line_breaks() -> None:
    assert printable("a\nb\u202ec\x1b", "\n") == "a\nb\\u202ec\\x1b"
    assert printable("a\u00a0b\n", "\n") == "a\u00a0b\n"  # a no-break space is shown as is
    assert printable("\U000e0001\n") == "\\U000e0001\\x0a"


def test_web_links_are_links_and_others_are_text() -> None:
    comparison = compare(as_of=ON, catalog=hostile_catalog("t", "javascript:alert(1)"))
    shown = str(render_comparison(comparison, "html"))
    assert 'href="javascript' not in shown and "(javascript:alert(1))" in shown
    comparison = compare(as_of=ON, catalog=hostile_catalog("t", "https://ok.example/a"))
    assert 'href="https://ok.example/a"' in str(render_comparison(comparison, "html"))
    page = deal_page(hostile_catalog("t", "data:text/html,x"), DEAL)
    assert "<data:" not in page and "data:text/html,x" in page


def test_a_formula_in_the_data_is_text_in_every_spreadsheet(tmp_path: Path) -> None:
    # Through YAML and the CLI: the validator accepts the text, the writers defuse it.
    data = SMALL.read_text(encoding="utf-8").replace(
        "label: Baseline\n", 'label: \'=HYPERLINK("http://evil.example","x")\'\n'
    )
    path = tmp_path / "formula.yaml"
    path.write_text(data, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    args = ["compare", "--data", str(path), "--as-of", "2025-09-01"]
    result = CliRunner().invoke(cli, [*args, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    check_xlsx(out.read_bytes())
    cells = [c.value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row]
    assert '=HYPERLINK("http://evil.example","x")' in cells  # kept, as text
    csv_out = CliRunner().invoke(cli, [*args, "--format", "csv"]).output
    assert "'=HYPERLINK" in csv_out
    check_delimited(csv_out, ",")


def test_a_number_stays_a_number_in_a_spreadsheet() -> None:
    comparison = compare("us-japan-2025", as_of="2025-10-01", topics="tariff.autos")
    book = openpyxl.load_workbook(io.BytesIO(render_comparison(comparison, "xlsx")))  # type: ignore[arg-type]
    numbers = book["numbers"]
    values = [c for row in numbers.iter_rows(min_row=2) for c in row]
    assert any(c.data_type == "n" and c.value is not None for c in values)


# -------------------------------------------------------------------------------- validate

HOSTILE_FILES = [
    "a,line=99,title=forged::x.yaml",
    "evil\n::error::forged.yaml",
    "100%0A::warning::x.yaml",
    "dir:with:colons/f.yaml",
    "\x1b[2Jclear.yaml",
]


def _report(file: str, message: str) -> Report:
    return Report([Finding(file, 3, 7, "wrong-type", message)], [file])


def _annotation_fields(line: str) -> tuple[dict[str, str], str]:
    assert line.startswith("::error ")
    head, _, message = line[len("::error ") :].partition("::")
    fields = dict(part.split("=", 1) for part in head.split(","))
    return fields, message


@pytest.mark.parametrize("file", HOSTILE_FILES)
@pytest.mark.parametrize("message", PAYLOADS)
def test_github_annotations_cannot_be_forged(file: str, message: str) -> None:
    text = format_report(_report(file, message), "github")
    lines = text.splitlines()
    assert len(lines) == 1  # one finding, one command: no line break escapes the message
    fields, shown = _annotation_fields(lines[0])
    assert fields.keys() == {"file", "line", "col", "title"}
    assert not re.search(r"[\r\n]", shown)
    if "\n" in message:
        assert "%0A" in shown
    assert (fields["line"], fields["col"], fields["title"]) == ("3", "7", "wrong-type")
    assert not re.search(r"[:,\r\n]", fields["file"])
    assert _invisible(text) == []
    decoded = fields["file"].replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n")
    decoded = decoded.replace("%0D", "\r").replace("%25", "%")
    assert decoded == printable(file, "\r\n")  # GitHub decodes it back to the name


def test_github_message_encoding_follows_the_runner_rules() -> None:
    fields, message = _annotation_fields(
        format_report(_report("a:b,c%d", "50%\r\nnext"), "github").rstrip("\n")
    )
    assert fields["file"] == "a%3Ab%2Cc%25d"
    assert message == "50%25%0D%0Anext"


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
@pytest.mark.parametrize("message", PAYLOADS)
def test_every_report_format_neutralises_a_message(fmt: str, message: str) -> None:
    text = format_report(_report("\x1b[2Jf.yaml", message), fmt)
    assert _invisible(text) == []
    if fmt != "github":  # github's own lines are commands, checked above
        _no_command_lines(text)
    if fmt == "json":
        assert json.loads(text)["findings"][0]["message"] == message


def test_the_caret_excerpt_is_escaped_and_points_at_the_escaped_text(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('title: "\x1b[2J" bad\n', encoding="utf-8")
    finding = Finding(str(path), 1, 15, "wrong-type", "x")
    text = format_report(Report([finding], [str(path)]), "text")
    excerpt, caret = text.splitlines()[1:3]
    assert "\x1b" not in text and "\\x1b[2J" in excerpt
    assert excerpt[caret.index("^") :].startswith("bad")
