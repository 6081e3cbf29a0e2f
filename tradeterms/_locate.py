"""Find where a record stands in its data file, as `file:line`, for evidence in reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from yaml.nodes import Node

from tradeterms._positions import Path as DataPath
from tradeterms._positions import node_at

__all__ = ["locate"]


@cache
def _root(path: Path) -> Node | None:
    # The file was validated when it was loaded: composing the node tree is all that is
    # needed here, and libyaml's composer is several times faster than the strict parse.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def locate(path: Path | None, loc: DataPath) -> str | None:
    """`file:line` of the value at `loc` (e.g. ("deals", 0, "terms", 3)), or None."""
    if path is None or not path.exists():
        return None
    root = _root(path.resolve())
    if root is None:
        return None
    line = node_at(root, loc).start_mark.line + 1
    return f"{_shown(path)}:{line}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
