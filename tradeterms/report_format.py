"""Print validation findings: compiler style with a caret, GitHub annotations, or JSON."""

from __future__ import annotations

import re
from dataclasses import asdict

from tradeterms._files import read_or_none
from tradeterms.errors import Finding
from tradeterms.loader import Report
from tradeterms.output import (
    Output,
    escape_github_data,
    escape_github_property,
    printable,
    render,
)

__all__ = ["format_report", "report_output"]


class _Lines(dict[str, list[str]]):
    """The lines of each file, read when a report is printed (files change between runs)."""

    def __missing__(self, file: str) -> list[str]:
        # Read as the loader reads: a device or FIFO named on the command line is never read.
        raw = read_or_none(file)
        lines = raw.decode("utf-8", errors="replace").splitlines() if raw is not None else []
        self[file] = lines
        return lines


def _caret(finding: Finding, files: _Lines) -> str:
    lines = files[finding.file]
    if not 0 < finding.line <= len(lines):
        return ""
    text = lines[finding.line - 1]
    start = finding.column - 1
    width = _token_width(text, start)
    # The excerpt is shown escaped (a control character in the data must not act on the
    # terminal), so the caret is placed under the escaped text.
    before, token = printable(text[:start]), printable(text[start : start + width])
    return f"    {printable(text)}\n    {' ' * len(before)}{'^' * max(1, len(token))}\n"


_PLAIN_TOKEN = re.compile(r"(?:[^,\]}#]|#(?<! #))*")


def _token_width(text: str, start: int) -> int:
    rest = text[start:]
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        return end + 1 if end > 0 else len(rest)
    token = _PLAIN_TOKEN.match(rest)[0].rstrip()  # type: ignore[index]
    key, separator, _ = token.partition(": ")
    return max(1, len(key if separator else token))


def format_report(report: Report, fmt: str = "text") -> str:
    """The report in text, github or json (tradeterms.output.REPORT_FORMATS)."""
    return str(render(report_output(report), fmt))


def report_output(report: Report) -> Output:
    return Output(
        text=lambda: _text(report),
        data=lambda: {
            "valid": report.valid,
            "files": report.files,
            "findings": [asdict(f) for f in report.findings],
        },
        own={"github": lambda: _github(report)},
    )


def _github(report: Report) -> str:
    """One workflow command per finding; file names and messages are encoded so that they
    cannot add fields or start a command of their own."""
    return "".join(
        f"::error file={escape_github_property(f.file)},line={f.line},col={f.column},"
        f"title={escape_github_property(f.code)}::{escape_github_data(f.message)}\n"
        for f in report.findings
    )


def _text(report: Report) -> str:
    files = _Lines()
    body = "".join(f"{f}\n{_caret(f, files)}" for f in report.findings)
    count = len(report.findings)
    summary = f"{len(report.files)} file(s) valid" if report.valid else f"{count} problem(s) found"
    return body + summary + "\n"
