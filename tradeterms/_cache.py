"""A cache of files that passed validation, so that unchanged data loads fast.

The key is the SHA-256 of the file's bytes together with a fingerprint of the validator
(the package version and the source of every module that decides validity), so an edit to
the data or to the validator misses the cache. Only valid files are stored, as JSON (never
pickle) in the user's cache folder; loading a hit still runs the pydantic models over it.

Set TRADETERMS_NO_CACHE=1 to switch it off, TRADETERMS_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tradeterms.models import DataFile

__all__ = ["cache_dir", "known_valid", "load_valid", "store_valid"]

# The modules whose code decides whether a file is valid and what it means.
_VALIDATOR_MODULES = (
    "_cache.py", "_checks.py", "_validation.py", "_yaml.py", "codes.py", "errors.py",
    "loader.py", "models.py", "types.py", "units.py",
)  # fmt: skip


def cache_dir() -> Path | None:
    if os.environ.get("TRADETERMS_NO_CACHE"):
        return None
    configured = os.environ.get("TRADETERMS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tradeterms"


@cache
def _fingerprint() -> bytes:
    import importlib.util

    from tradeterms import __version__

    # The code lists come from pycountry: a new release may change what is valid.
    spec = importlib.util.find_spec("pycountry")
    origin = Path(spec.origin) if spec and spec.origin else None
    stamp = f"{origin} {origin.stat().st_mtime_ns}" if origin else "no pycountry"
    digest = hashlib.sha256(f"{__version__} {stamp}".encode())
    here = Path(__file__).parent
    for name in _VALIDATOR_MODULES:
        digest.update((here / name).read_bytes())
    return digest.digest()


def _key(raw: bytes) -> str:
    return hashlib.sha256(_fingerprint() + raw).hexdigest()


def _entry(raw: bytes) -> Path | None:
    folder = cache_dir()
    return folder / f"{_key(raw)}.json" if folder else None


def known_valid(path: str | Path) -> bool:
    """True when these exact bytes passed this exact validator before."""
    try:
        entry = _entry(Path(path).read_bytes())
    except OSError:
        return False
    return entry is not None and entry.is_file()


def load_valid(raw: bytes) -> DataFile | None:
    """The model of a file that validated before, or None on a miss."""
    entry = _entry(raw)
    if entry is None or not entry.is_file():
        return None
    from pydantic import ValidationError

    from tradeterms.models import DataFile

    try:
        return DataFile.model_validate(json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None  # a damaged entry is a miss, never an error


def store_valid(raw: bytes, model: DataFile) -> None:
    entry = _entry(raw)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(model.model_dump(mode="json")), encoding="utf-8")
        partial.replace(entry)  # atomic: readers never see half a file
    except OSError:
        return  # a read-only home or a full disk only costs speed
