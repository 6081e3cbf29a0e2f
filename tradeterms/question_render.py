"""Open questions as text (tabulate), markdown, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from tradeterms.describe import day
from tradeterms.question_model import Evidence, Question

__all__ = ["FORMATS", "render_questions"]

FORMATS = ("text", "markdown", "json", "csv")
_CSV_HEAD = (
    *("id", "deal", "kind", "severity", "term", "topic"),
    *("raised", "resolved", "resolved_by", "message", "evidence"),
)


def render_questions(found: list[Question], fmt: str = "text") -> str:
    """The questions in one of FORMATS."""
    renderers = {"text": _text, "markdown": _markdown, "json": _json, "csv": _csv}
    return renderers[fmt](found)


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
    table = tabulate(rows, headers, tablefmt="simple", maxcolwidths=widths, disable_numparse=True)
    return f"{table}\n\n{len(found)} question(s)\n"


def _evidence_line(item: Evidence) -> str:
    who = f"{item.parties}: " if item.parties else ""
    where = f" ({item.location})" if item.location else ""
    return (
        f"{who}{item.summary} — [{item.source}] {item.title}, {day(item.date)}, {item.url}{where}"
    )


def _markdown(found: list[Question]) -> str:
    lines: list[str] = []
    for q in found:
        lines += [f"### {q.id}", "", f"{q.message}", ""]
        lines.append(f"*{q.kind}*, severity {q.severity.value}, raised {q.raised}; {_status(q)}")
        if q.resolved and q.resolved.note:
            lines.append(f"— {q.resolved.note}")
        lines += ["", *(f"- {_evidence_line(e)}" for e in q.evidence), ""]
    return "\n".join(lines) + "\n" if lines else "No open questions.\n"


def _json(found: list[Question]) -> str:
    return json.dumps([q.as_dict() for q in found], indent=2, ensure_ascii=False) + "\n"


def _csv(found: list[Question]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_CSV_HEAD])
    for q in found:
        done = q.resolved
        evidence = "; ".join(f"{e.source} ({e.location or ''})" for e in q.evidence)
        by = (done.source or "") if done else ""
        head = [q.id, q.deal, q.kind, q.severity.value, q.term or "", q.topic or ""]
        writer.writerow([*head, q.raised, done.date if done else "", by, q.message, evidence])
    return out.getvalue()
