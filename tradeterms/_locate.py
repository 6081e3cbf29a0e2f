"""Find where a record stands in its data file, as `file:line`, for evidence in reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tradeterms._positions import Path as DataPath
from tradeterms._positions import node_at
from tradeterms._yaml import Parsed, parse

__all__ = ["locate"]


@cache
def _parsed(path: Path) -> Parsed | None:
    parsed, _ = parse(path.read_bytes(), str(path))
    return parsed


def locate(path: Path | None, loc: DataPath) -> str | None:
    """`file:line` of the value at `loc` (e.g. ("deals", 0, "terms", 3)), or None."""
    if path is None or not path.exists():
        return None
    parsed = _parsed(path.resolve())
    if parsed is None or parsed.root is None:
        return None
    line = node_at(parsed.root, loc).start_mark.line + 1
    return f"{_shown(path)}:{line}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
