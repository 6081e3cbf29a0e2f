"""A catalog from its files: the entry point, the deal files its `deal_files` patterns name,
the checks across all of them, and the position of every record.

A file without `deal_files` is a whole catalog by itself (topics, sources and deals in one).
Every finding and every record position names the file the text is in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from tradeterms import _cache, _checks
from tradeterms._files import read_limited, read_or_none
from tradeterms._validation_limits import capped
from tradeterms.errors import Finding
from tradeterms.models import DataFile, Deal, Position, records, set_position

if TYPE_CHECKING:  # the parser is imported only when a file is really parsed
    from yaml.nodes import Node

__all__ = ["Assembled", "Piece", "deal_paths", "looks_like_a_deal", "read_catalog"]

DataPath = tuple[str | int, ...]


@dataclass
class Piece:
    """One file of the catalog."""

    file: str  # the name findings and positions show
    path: Path
    raw: bytes = b""
    model: DataFile | Deal | None = None
    root: Node | None = None  # None when the model came from the disk cache
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Assembled:
    data: DataFile | None  # the whole catalog; None when there are findings
    findings: list[Finding]
    pieces: list[Piece]  # the entry point first, then the deal files in name order


def read_catalog(
    entry: Path, shown: str, *, cached: bool = False, positions: bool = True
) -> Assembled:
    """Read and check a catalog; `cached` lets unchanged files come from the disk cache
    (for `load`), `positions=False` leaves records without positions (for `validate`)."""
    whole = _all_from_cache(entry, shown) if cached and positions else None
    if whole is not None:
        return whole
    head = _read(Piece(shown, entry), DataFile, cached, positions)
    if isinstance(head.model, DataFile):
        paths, findings = _deal_paths(head, head.model.deal_files)
    else:  # the deal files are still checked, so every file's findings come at once
        paths, findings = deal_paths(entry, shown, _patterns_in(head.root)), head.findings
    deals = [_read(Piece(file, path), Deal, cached, positions) for file, path in paths]
    findings += [f for piece in deals for f in piece.findings]
    pieces = [head, *deals]
    if findings or not isinstance(head.model, DataFile):
        return Assembled(None, findings, pieces)  # each file's findings are capped
    own = head.model.deals
    combined = head.model.model_copy(update={"deals": [*own, *(p.model for p in deals)]})
    issues = _checks.check(combined)
    if issues and any(piece.root is None for piece in pieces):
        # cached files have no node tree to point into: read them again
        return read_catalog(entry, shown, cached=False, positions=positions)
    findings = capped(_finding(issue, pieces, len(own)) for issue in issues)
    errors = any(issue.severity == "error" for issue in issues)  # warnings leave the data usable
    return Assembled(None if errors else combined, findings, pieces)


def _read(piece: Piece, kind: type[DataFile] | type[Deal], cached: bool, positions: bool) -> Piece:
    raw, problems = read_limited(piece.path, piece.file)
    if raw is None:  # not a regular file, too large, unreadable
        piece.findings = problems
        return piece
    piece.raw = raw
    if kind is DataFile and looks_like_a_deal(piece.raw):
        message = (
            "this is one deal, not a catalog: validate the deals.yaml whose `deal_files` names "
            "it (it is looked for in this folder and the one above)"
        )
        piece.findings = [Finding(piece.file, 1, 1, "deal-without-catalog", message)]
        return piece
    if cached and _from_cache(piece, kind):
        return piece
    from tradeterms._positions import place
    from tradeterms._validation import read_bytes

    piece.model, piece.root, piece.findings = read_bytes(piece.raw, piece.file, kind)
    if piece.model is not None and piece.root is not None and positions:
        place(piece.model, piece.root, piece.file)
        if cached:
            _cache.store(piece.raw, piece.model)
    return piece


def _all_from_cache(entry: Path, shown: str) -> Assembled | None:
    """The catalog when every file of it is in the disk cache and it passes the checks.

    The stored files go through the one `DataFile` model together: validating each deal on
    its own would cost a second model build on every start-up."""
    from pydantic import ValidationError

    head = Piece(shown, entry)
    raw = read_or_none(entry)
    found = _cache.load_plain(raw, "DataFile") if raw is not None else None
    if raw is None or found is None:
        return None
    head.raw = raw
    deals = []
    for file, path in deal_paths(entry, shown, found[0].get("deal_files", [])):
        deal_raw = read_or_none(path)
        if deal_raw is None:
            return None  # read it the long way, which reports why
        deals.append(Piece(file, path, deal_raw))
    stored = [found, *(_cache.load_plain(piece.raw, "Deal") for piece in deals)]
    if not all(stored):
        return None
    plains = [plain for plain, _ in filter(None, stored)]
    plain = {**plains[0], "deals": [*plains[0].get("deals", []), *plains[1:]]}
    try:
        data = DataFile.model_validate(plain)
    except ValidationError:
        return None
    pieces = [head, *deals]
    spots = [
        (p.file, spot) for p, (_, s) in zip(pieces, filter(None, stored), strict=True) for spot in s
    ]
    held = list(records(data))  # the entry point's records, then each deal file's
    if len(held) != len(spots) or any(i.severity == "error" for i in _checks.check(data)):
        return None  # a stale entry, or findings that need the node trees: read the files
    for record, (file, (line, column)) in zip(held, spots, strict=True):
        set_position(record, Position(file, line, column))
    own = len(data.deals) - len(deals)
    head.model = data.model_copy(update={"deals": data.deals[:own]})
    for piece, deal in zip(deals, data.deals[own:], strict=True):
        piece.model = deal
    return Assembled(data, [], pieces)


def _from_cache(piece: Piece, kind: type[DataFile] | type[Deal]) -> bool:
    found = _cache.load(piece.raw, kind)
    if found is None:
        return False
    model, spots = found
    held = list(records(model))
    if len(held) != len(spots):
        return False  # an entry that does not fit its model is a miss
    for record, (line, column) in zip(held, spots, strict=True):
        set_position(record, Position(piece.file, line, column))
    piece.model = model
    return True


def _starts_a_line(raw: bytes, prefix: bytes) -> bool:
    """Whether a line starts with `prefix`, for the line breaks `bytes.splitlines` knows
    (\\n, \\r, \\r\\n). Substring searches in C, not a loop over the lines: a 10 MB file
    has half a million of them."""
    return raw.startswith(prefix) or b"\n" + prefix in raw or b"\r" + prefix in raw


def looks_like_a_deal(raw: bytes) -> bool:
    """A top-level `id:` and no `format:`: one deal mapping, as in data/deals/<id>.yaml."""
    return _starts_a_line(raw, b"id:") and not _starts_a_line(raw, b"format:")


def _patterns_in(root: Node | None) -> list[str]:
    """The `deal_files` patterns of an entry point whose model did not validate."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if not isinstance(root, MappingNode):
        return []
    for key, value in root.value:
        if key.value == "deal_files" and isinstance(value, SequenceNode):
            return [item.value for item in value.value if isinstance(item, ScalarNode)]
    return []


def _deal_paths(head: Piece, patterns: list[str]) -> tuple[list[tuple[str, Path]], list[Finding]]:
    findings = []
    for k, (pattern, problem) in enumerate(pattern_problems(head.path, patterns)):
        if problem:
            line, column = _at(head, ("deal_files", k)) if head.root else (1, 1)
            message = problem.replace("this file", head.file)
            findings.append(
                Finding(head.file, line, column, "deal-files", f"{pattern!r}: {message}")
            )
    return deal_paths(head.path, head.file, patterns), findings


def deal_paths(entry: Path, shown: str, patterns: list[str]) -> list[tuple[str, Path]]:
    """The deal files the patterns name, as (shown name, path), sorted, each once."""
    folder, shown_folder = entry.parent, PurePosixPath(Path(shown).parent.as_posix())
    found: dict[str, Path] = {}
    for pattern in patterns:
        for path in _matches(entry, pattern):
            found.setdefault(str(shown_folder / path.relative_to(folder).as_posix()), path)
    return sorted(found.items())


def _matches(entry: Path, pattern: str) -> list[Path]:
    if _pattern_problem(pattern):
        return []
    matches = entry.parent.glob(pattern)
    # Not only regular files: a FIFO or device named by a pattern is reported, never skipped.
    return sorted(p for p in matches if not p.is_dir() and p.resolve() != entry.resolve())


def pattern_problems(entry: Path, patterns: list[str]) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        problem = _pattern_problem(pattern)
        if not problem and not _matches(entry, pattern):
            problem = "names no file next to this file"
        yield pattern, problem


def _pattern_problem(pattern: str) -> str | None:
    parts = PurePosixPath(pattern).parts
    if not pattern or pattern.startswith("/") or ".." in parts or "\\" in pattern:
        return "write a pattern relative to the folder of this file, e.g. 'deals/*.yaml'"
    return None


def _finding(issue: _checks.Issue, pieces: list[Piece], own_deals: int) -> Finding:
    piece, path = _where(issue.path, pieces, own_deals)
    line, column = _at(piece, path)
    message = issue.message
    if issue.also is not None:
        other, other_path = _where(issue.also, pieces, own_deals)
        other_line, other_column = _at(other, other_path)
        message += f" (also defined at {other.file}:{other_line}:{other_column})"
    return Finding(piece.file, line, column, issue.code, message, issue.severity)


def _where(path: DataPath, pieces: list[Piece], own_deals: int) -> tuple[Piece, DataPath]:
    """The file a path into the whole catalog points into, and the path inside that file."""
    if len(path) > 1 and path[0] == "deals" and isinstance(path[1], int) and path[1] >= own_deals:
        return pieces[1 + path[1] - own_deals], path[2:]
    return pieces[0], path


def _at(piece: Piece, path: DataPath) -> tuple[int, int]:
    from tradeterms._validation import at

    assert piece.root is not None  # read_catalog re-reads without the cache before this
    return at(piece.root, path)
