"""Open questions in every format of the output registry: text (tabulate), JSON, and a
table (one row per question) for markdown, HTML, CSV, TSV and xlsx."""

from __future__ import annotations

from tradeterms._wrap import wrap_cells
from tradeterms.describe import day
from tradeterms.output import Output, Table, printable_rows, render
from tradeterms.question_model import Evidence, Question

__all__ = ["questions_output", "render_questions", "shows_locations"]

_COLUMNS = (
    *("id", "deal", "kind", "severity", "term", "topic"),
    *("raised", "resolved", "resolved_by", "message", "evidence"),
)


def render_questions(
    found: list[Question], fmt: str = "text", folded: dict[str, int] | None = None
) -> str | bytes:
    """The questions in any format of tradeterms.output.TABLE_FORMATS; the text says how
    many questions of each kind were `folded` away (see open_questions.fold_low)."""
    return render(questions_output(found, folded), fmt)


def shows_locations(fmt: str) -> bool:
    """Whether the format prints the file:line of evidence: all but text, which has no evidence."""
    return fmt != "text"


def questions_output(found: list[Question], folded: dict[str, int] | None = None) -> Output:
    return Output(
        text=lambda: _text(found) + _folded(folded or {}),
        data=lambda: [q.as_dict() for q in found],
        table=lambda: Table("questions", _COLUMNS, [_row(q) for q in found]),
    )


def _status(question: Question) -> str:
    done = question.resolved
    return f"resolved {done.date} [{done.source or '—'}]" if done else "open"


def _text(found: list[Question]) -> str:
    if not found:
        return "No open questions.\n"
    from tabulate import tabulate

    rows = [[q.id, q.severity.value, q.raised.isoformat(), _status(q), q.message] for q in found]
    headers = ["question", "severity", "raised", "status", "message"]
    widths = [40, None, None, 24, 70]
    table = tabulate(
        wrap_cells(printable_rows(rows), widths), headers, tablefmt="simple", disable_numparse=True
    )
    return f"{table}\n\n{len(found)} question(s)\n"


def _folded(folded: dict[str, int]) -> str:
    if not folded:
        return ""
    counts = ", ".join(f"{n} {k}" for k, n in sorted(folded.items(), key=lambda i: -i[1]))
    return f"\nFolded (low severity): {counts}. List them with --all.\n"


def _evidence_line(item: Evidence) -> str:
    who = f"{item.parties}: " if item.parties else ""
    where = f" ({item.location})" if item.location else ""
    return (
        f"{who}{item.summary} — [{item.source}] {item.title}, {day(item.date)}, {item.url}{where}"
    )


def _row(q: Question) -> tuple[str, ...]:
    done = q.resolved
    evidence = "\n".join(_evidence_line(e) for e in q.evidence)
    by = (done.source or "") if done else ""
    head = (q.id, q.deal, q.kind, q.severity.value, q.term or "", q.topic or "")
    resolved = str(done.date) if done else ""
    return (*head, str(q.raised), resolved, by, q.message, evidence)
