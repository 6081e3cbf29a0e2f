"""Exceptions and validation findings.

Every finding has a stable kebab-case `code` (documented in docs/validation-codes.md) and a
position in the file, so that editors and CI can point at the bad text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DataError",
    "Finding",
    "TradetermsError",
    "UnknownDealError",
]


class TradetermsError(Exception):
    """The root of every error this library raises."""


class UnknownDealError(TradetermsError, KeyError):
    """A deal id that the data does not hold; the message names the closest ids."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown deal"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a data file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message} [{self.code}]"


class DataError(TradetermsError, ValueError):
    """A data file that does not validate; `findings` holds every problem found."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "\n".join(str(f) for f in findings[:20])
        more = f"\n... and {len(findings) - 20} more" if len(findings) > 20 else ""
        super().__init__(f"{len(findings)} problem(s) in the data:\n{shown}{more}")
