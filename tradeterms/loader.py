"""Read data files: strict YAML → models, with every problem at file:line:column.

`validate()` returns a Report of all findings and never raises on bad input; `load()` returns
a Catalog or raises DataError carrying the same findings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tradeterms import _cache
from tradeterms._validation_limits import MAX_FINDINGS
from tradeterms.errors import DataError, Finding

if TYPE_CHECKING:
    from tradeterms.catalog import Catalog
    from tradeterms.models import DataFile

__all__ = ["MAX_FINDINGS", "Report", "default_data_path", "dumps", "load", "read", "validate"]


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
    cached = _cache.load_valid(raw)
    if cached is not None:
        return cached, []
    from tradeterms._validation import read_bytes

    with _gc_paused():
        model, findings = read_bytes(raw, name)
    if model is not None:
        _cache.store_valid(raw, model)
    return model, findings


def validate(*paths: str | Path) -> Report:
    """Validate data files (the shipped file when none is given); never raises on bad data."""
    report = Report()
    for path in paths or (default_data_path(),):
        report.files.append(str(path))
        if not _cache.known_valid(path):  # this exact file passed this exact validator before
            report.findings.extend(read(path)[1])
    return report


def dumps(data: DataFile) -> str:
    """The data as YAML that `read` accepts again (defaults left out, quantities as text)."""
    from tradeterms._validation import dumps as run

    return run(data)


def load(path: str | Path | None = None) -> Catalog:
    """Load a data file (the shipped one by default) into a Catalog; raises DataError."""
    from tradeterms.catalog import Catalog

    source = Path(path) if path else default_data_path()
    model, findings = read(source)
    if model is None:
        raise DataError(findings)
    return Catalog(model, source)
