"""A disk cache of parsed files, so that unchanged data loads fast (`load()` only).

`validate()` never reads it: it always parses. The key is the SHA-256 of the file's bytes,
the kind of file (entry point or deal), and a fingerprint of the code that reads it (the
package version, the source of every module that decides validity or positions, and the
versions of pydantic and PyYAML), so an edit to any of them misses the cache.
An entry holds the model as JSON (never pickle) and the line and column of every record.
The newest `KEEP` entries are kept. A cache folder that cannot be read or written only
costs speed: every failure here is a miss, never an error.

Set TRADETERMS_NO_CACHE=1 to switch it off, TRADETERMS_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradeterms.models import DataFile, Deal

__all__ = ["KEEP", "cache_dir", "load", "load_plain", "store"]

KEEP = 64  # entries: a catalog of ~20 files, in a few versions

# The modules whose code decides whether a file is valid, what it means, and where it sits.
_READER_MODULES = (
    "_cache.py", "_chars.py", "_code_tables.py", "_files.py", "_gc.py", "_positions.py",
    "_schemas.py", "_validation.py", "_validation_limits.py", "_yaml.py", "codes.py",
    "errors.py", "models.py", "types.py", "units.py",
)  # fmt: skip


def cache_dir() -> Path | None:
    if os.environ.get("TRADETERMS_NO_CACHE"):
        return None
    configured = os.environ.get("TRADETERMS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tradeterms"


def yaml_version() -> str:
    """PyYAML's `__version__`, read from its package file: a load from the cache does not
    otherwise import the parser (~20 ms)."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    try:
        text = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        text = ""
    found = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", text, re.MULTILINE)
    return found.group(1) if found else "unknown"


@cache  # the code of a running process does not change under it
def _fingerprint() -> bytes:
    import pydantic

    from tradeterms import __version__

    # The code lists are shipped in _code_tables.py, hashed with the other reader modules.
    versions = f"{__version__} pydantic {pydantic.VERSION} PyYAML {yaml_version()}"
    digest = hashlib.sha256(versions.encode())
    here = Path(__file__).parent
    for name in _READER_MODULES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def _entry(raw: bytes, kind: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(_fingerprint() + kind.encode() + b"\0")
    digest.update(raw)  # not `... + raw`: that would copy a file of up to 16 MB
    return folder / f"{digest.hexdigest()}.json"


_MAX_ENTRY_BYTES = 256 * 1024 * 1024  # the JSON of a model of a file within MAX_BYTES


def _read_entry(entry: Path) -> bytes:
    # Not following symlinks, never a FIFO or a device planted in the cache folder, bounded:
    # anything else is a miss.
    from tradeterms._files import read_limited

    stored, problems = read_limited(entry, str(entry), _MAX_ENTRY_BYTES, follow_symlinks=False)
    if stored is None:
        raise OSError(problems[0].message)
    return stored


def _file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


Spots = list[tuple[int, int]]


def load_plain(raw: bytes, kind: str) -> tuple[dict[str, Any], Spots] | None:
    """The stored data of a file read before (still to be run through its model), with
    (line, column) per record; None on a miss."""
    try:
        entry = _entry(raw, kind)
        if entry is None:
            return None
        stored = json.loads(_read_entry(entry))
        if stored["file_sha256"] != _file_digest(raw):
            return None  # an entry copied or renamed from another file's key: never trusted
        plain = stored["model"]
        spots = [(int(line), int(column)) for line, column in stored["positions"]]
        os.utime(entry)  # recently used: kept longer
    except (OSError, ValueError, TypeError, KeyError):
        return None  # a missing, damaged or unreadable entry is a miss
    return (plain, spots) if isinstance(plain, dict) else None


def load(raw: bytes, kind: type[DataFile] | type[Deal]) -> tuple[DataFile | Deal, Spots] | None:
    """The model of a file read before, with (line, column) per record; None on a miss."""
    from pydantic import ValidationError

    from tradeterms._schemas import validate_as

    found = load_plain(raw, kind.__name__)
    if found is None:
        return None
    try:
        return validate_as(kind, found[0]), found[1]
    except ValidationError:
        return None


def store(raw: bytes, model: DataFile | Deal) -> None:
    """Keep a file's model and its records' positions; failures only cost speed."""
    from tradeterms.models import records

    if cache_dir() is None:  # switched off: not even the dump (~20 ms for the shipped data)
        return
    places = [r.written_at for r in records(model)]
    spots = [(p.line, p.column) if p else (0, 0) for p in places]
    stored = {"file_sha256": _file_digest(raw), "model": model.model_dump(mode="json")}
    text = json.dumps({**stored, "positions": spots})
    try:
        entry = _entry(raw, type(model).__name__)
        if entry is None:
            return
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp creates a new file (O_EXCL): it never writes through a planted symlink.
        fd, partial = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(partial, entry)  # atomic: readers never see half a file
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        _evict(entry.parent)
    except OSError:
        return  # a read-only home or a full disk only costs speed


def _evict(folder: Path) -> None:
    """Keep the newest KEEP entries."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
