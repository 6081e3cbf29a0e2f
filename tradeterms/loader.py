"""Read data files: strict YAML → models, with every problem at file:line:column.

`validate()` returns a Report of all findings and never raises on bad input; `load()` returns
a Catalog or raises DataError carrying the same findings.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from tradeterms import _checks
from tradeterms._positions import node_at
from tradeterms._yaml import parse
from tradeterms.errors import DataError, Finding
from tradeterms.models import DataFile

if TYPE_CHECKING:
    from tradeterms.catalog import Catalog

__all__ = ["Report", "default_data_path", "dumps", "load", "read", "validate"]

MAX_FINDINGS = 1000


@dataclass
class Report:
    """The outcome of validating one or more files."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def default_data_path() -> Path:
    """The data file shipped with the package (data/deals.yaml in a source checkout)."""
    packaged = resources.files("tradeterms") / "data" / "deals.yaml"
    source_tree = Path(__file__).resolve().parent.parent / "data" / "deals.yaml"
    return source_tree if source_tree.is_file() else Path(str(packaged))


@contextmanager
def _gc_paused() -> Iterator[None]:
    # The loader refuses aliases, so the data has no cycles: pausing the cyclic GC while
    # building many small objects is safe and halves the time on large files.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read(path: str | Path, display: str | None = None) -> tuple[DataFile | None, list[Finding]]:
    """Parse and validate one file; the model is None when there are findings."""
    name = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Finding(name, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")]
    with _gc_paused():
        return _read_bytes(raw, name)


def _read_bytes(raw: bytes, name: str) -> tuple[DataFile | None, list[Finding]]:
    parsed, findings = parse(raw, name)
    if parsed is None:
        return None, findings
    if parsed.root is None:
        return None, [
            Finding(name, 1, 1, "empty-file", "the file is empty: start with 'format: 1'")
        ]
    try:
        model = DataFile.model_validate(parsed.data)
    except ValidationError as exc:
        return None, [_finding(name, parsed.root, e) for e in exc.errors()][:MAX_FINDINGS]
    findings = [_at(name, parsed.root, issue) for issue in _checks.check(model)]
    return (None if findings else model), findings[:MAX_FINDINGS]


def _at(name: str, root: Node, issue: _checks.Issue) -> Finding:
    node = node_at(root, issue.path)
    mark = node.start_mark
    return Finding(name, mark.line + 1, mark.column + 1, issue.code, issue.message)


_CODES = {
    "extra_forbidden": "unknown-field",
    "missing": "missing-field",
    "union_tag_invalid": "unknown-kind",
    "union_tag_not_found": "missing-field",
    "enum": "invalid-choice",
    "literal_error": "invalid-choice",
    "too_short": "too-few-items",
}


def _finding(name: str, root: Node, error: ErrorDetails) -> Finding:
    loc = list(error["loc"])
    code = _CODES.get(error["type"], error["type"])
    if "-" not in code:
        code = "wrong-type"
    if error["type"] == "union_tag_invalid":
        loc.append("kind")
    node = node_at(root, loc, at_key=code == "unknown-field")
    mark = node.start_mark
    where = ".".join(str(p) for p in _visible(loc))
    return Finding(name, mark.line + 1, mark.column + 1, code, f"{where}: {_message(error)}")


def _visible(loc: list[str | int]) -> list[str | int]:
    # Drop the union tags pydantic puts into paths ("value.tariff.rate" → "value.rate").
    return [p for i, p in enumerate(loc) if not (i and loc[i - 1] == "value" and p in _TAGS)]


_TAGS = {"tariff", "quota", "pledge", "text"}


def _message(error: ErrorDetails) -> str:
    kind, loc, given = error["type"], error["loc"], error.get("input")
    field_name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return f"unknown field {field_name!r}{_suggest(field_name, error)}"
    if kind == "missing":
        return f"missing required field {field_name!r}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return (
            f"unknown value kind {ctx.get('tag')!r} (expected one of: {ctx.get('expected_tags')})"
        )
    if kind == "union_tag_not_found":
        return "missing required field 'kind' (tariff, quota, pledge or text)"
    if kind in ("enum", "literal_error"):
        return f"{given!r} is not allowed here: {error.get('ctx', {}).get('expected', '')}"
    return str(error["msg"]).removeprefix("Value error, ")


def _suggest(name: str, error: ErrorDetails) -> str:
    allowed: list[str] = error.get("ctx", {}).get("allowed", [])
    close = difflib.get_close_matches(name, _field_names(), n=1)
    hint = close or allowed
    return f": did you mean {hint[0]!r}?" if hint else ""


def _field_names() -> list[str]:
    from tradeterms import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, models.Model):
            names.update(obj.model_fields)
    return sorted(names)


def dumps(data: DataFile) -> str:
    """The data as YAML that `read` accepts again (defaults left out, quantities as text)."""
    import yaml

    plain = data.model_dump(mode="json", exclude_defaults=True)
    plain = {"format": data.format, **plain}
    return yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=100)


def validate(*paths: str | Path) -> Report:
    """Validate data files (the shipped file when none is given); never raises on bad data."""
    report = Report()
    for path in paths or (default_data_path(),):
        report.files.append(str(path))
        report.findings.extend(read(path)[1])
    return report


def load(path: str | Path | None = None) -> Catalog:
    """Load a data file (the shipped one by default) into a Catalog; raises DataError."""
    from tradeterms.catalog import Catalog

    source = Path(path) if path else default_data_path()
    model, findings = read(source)
    if model is None:
        raise DataError(findings)
    return Catalog(model, source)
