"""Read catalogs: strict YAML → models, with every problem at file:line:column.

A catalog is one self-contained file, or an entry point (data/deals.yaml) and the deal files
its `deal_files` patterns name (data/deals/*.yaml). `validate()` returns a Report of all
findings and never raises on bad input; `load()` returns a Catalog or raises DataError
carrying the same findings.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tradeterms._files import read_or_none
from tradeterms._gc import collector_paused
from tradeterms._validation_limits import MAX_FINDINGS
from tradeterms.errors import DataError, Finding

if TYPE_CHECKING:
    from tradeterms._assemble import Piece
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
    """The shipped catalog's entry point (data/deals.yaml in a source checkout); its deal
    files are data/deals/*.yaml."""
    packaged = resources.files("tradeterms") / "data" / "deals.yaml"
    source_tree = Path(__file__).resolve().parent.parent / "data" / "deals.yaml"
    return source_tree if source_tree.is_file() else Path(str(packaged))


def read(path: str | Path, display: str | None = None) -> tuple[DataFile | None, list[Finding]]:
    """Parse and check a catalog: one self-contained file, or an entry point and the deal
    files it names. Always parses (never the disk cache); the model is None on findings."""
    from tradeterms._assemble import read_catalog

    with collector_paused():
        result = read_catalog(Path(path), display or str(path))
    return result.data, result.findings


def validate(*paths: str | Path) -> Report:
    """Validate catalogs (the shipped one when none is given); never raises on bad data.

    A deal file is validated within its catalog: the deals.yaml in its folder or the folder
    above that names deal files; a folder stands for the deals.yaml in it. Several files of
    one catalog are checked once, together.
    """
    from tradeterms._assemble import read_catalog

    report = Report()
    done: set[Path] = set()
    for path in paths or (default_data_path(),):
        entry, shown = _catalog_of(Path(path))
        if entry.resolve() in done:
            continue
        done.add(entry.resolve())
        with collector_paused():
            result = read_catalog(entry, shown, positions=False)
        report.files.extend(piece.file for piece in result.pieces)
        report.findings.extend(result.findings)
        report.findings.extend(_not_named(Path(path), entry, result.pieces))
    return report


def _catalog_of(path: Path) -> tuple[Path, str]:
    """The entry point whose catalog holds `path` (a deal file, or a folder holding a
    deals.yaml, such as `data/`), else `path` itself."""
    from tradeterms._assemble import looks_like_a_deal

    if path.is_dir() and (path / "deals.yaml").is_file():
        entry = path / "deals.yaml"
        return entry, os.path.normpath(entry)
    raw = read_or_none(path)  # never blocks on a FIFO nor reads a device
    if raw is None or not looks_like_a_deal(raw):
        return path, str(path)
    for folder in (path.parent, path.parent.parent):
        entry = folder / "deals.yaml"
        if entry.is_file() and _names_deal_files(entry):
            return entry, os.path.normpath(entry)
    return path, str(path)


def _names_deal_files(entry: Path) -> bool:
    raw = read_or_none(entry)
    return raw is not None and any(line.startswith(b"deal_files:") for line in raw.splitlines())


def _not_named(path: Path, entry: Path, pieces: list[Piece]) -> list[Finding]:
    if (
        path == entry
        or entry.parent == path
        or any(p.path.resolve() == path.resolve() for p in pieces)
    ):
        return []
    message = f"{entry} does not name this file in `deal_files`: check the file's folder and name"
    return [Finding(str(path), 1, 1, "deal-without-catalog", message)]


def dumps(data: DataFile) -> str:
    """The catalog as one self-contained YAML file that `read` accepts again (defaults left
    out, quantities as text, the deals of every deal file included)."""
    from tradeterms._validation import dumps as run

    return run(data)


# Catalogs loaded in this process, keyed by entry point; an entry is used only while the
# bytes of every file of the catalog are the same (an edited file is read again).
_LOADED: OrderedDict[Path, tuple[str, Catalog]] = OrderedDict()
_KEEP_LOADED = 4


def load(path: str | Path | None = None) -> Catalog:
    """Load a catalog (the shipped one by default) into a Catalog; raises DataError.

    A deal file loads the catalog it belongs to. Repeated calls return the same Catalog
    while no file of it has changed."""
    from tradeterms._assemble import read_catalog
    from tradeterms.catalog import Catalog

    entry = _catalog_of(Path(path))[0] if path else default_data_path()
    shown = _shown(entry)
    known = _LOADED.get(entry.resolve())
    if known is not None and known[0] == _content_key(entry, shown, known[1].data.deal_files):
        return known[1]
    with collector_paused():
        result = read_catalog(entry, shown, cached=True)
    if result.data is None:
        raise DataError(result.findings)
    catalog = Catalog(result.data, tuple(p.path for p in result.pieces))
    key = _digest((piece.file, piece.raw) for piece in result.pieces)
    _LOADED[entry.resolve()] = (key, catalog)
    while len(_LOADED) > _KEEP_LOADED:
        _LOADED.popitem(last=False)
    return catalog


def _content_key(entry: Path, shown: str, patterns: list[str]) -> str | None:
    from tradeterms._assemble import deal_paths

    files = [(shown, entry), *deal_paths(entry, shown, patterns)]
    contents = [(name, read_or_none(path)) for name, path in files]
    if any(raw is None for _, raw in contents):
        return None
    return _digest((name, raw) for name, raw in contents if raw is not None)


def _digest(files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(f"{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    return digest.hexdigest()


def _shown(path: Path) -> str:
    """The path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
