"""Reading a data file with bounded cost: only a regular file, at most MAX_BYTES of it.

`/dev/zero` would be read forever, a FIFO would block forever, and a file larger than the
limit would be read whole before being refused; here each is a finding instead. The file is
opened without blocking and checked with fstat on the open descriptor (so it cannot be
swapped between the check and the read), and read in one bounded call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tradeterms._validation_limits import MAX_BYTES
from tradeterms.errors import Finding

__all__ = ["read_limited", "read_or_none"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_limited(
    path: str | Path, name: str, limit: int = MAX_BYTES, *, follow_symlinks: bool = True
) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file of at most `limit` bytes, else (None, [finding])."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, [_finding(name, "unreadable", f"cannot read the file: {exc.strerror}")]
    try:
        mode = os.fstat(fd)
        if not stat.S_ISREG(mode.st_mode):
            what = next((w for test, w in _KINDS if test(mode.st_mode)), "not a regular file")
            return None, [_finding(name, "not-a-file", f"{what}, not a data file: name a file")]
        if mode.st_size > limit:
            return None, [_too_large(name, mode.st_size, limit)]
        raw = _read_at_most(fd, limit + 1, mode.st_size)  # the size can change after fstat
    except OSError as exc:
        return None, [_finding(name, "unreadable", f"cannot read the file: {exc.strerror}")]
    finally:
        os.close(fd)
    if len(raw) > limit:
        return None, [_too_large(name, len(raw), limit, grew=True)]
    return raw, []


def read_or_none(path: str | Path, limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of a regular file within the limit, or None (for reads that only look)."""
    return read_limited(path, str(path), limit)[0]


_CHUNK = 1024 * 1024


def _read_at_most(fd: int, size: int, expected: int) -> bytes:
    """At most `size` bytes; the first read asks for what fstat said (plus one, to see the
    end), so that a small file does not cost a buffer of the whole limit."""
    chunks = []
    want = min(size, max(expected + 1, 64 * 1024))
    while size > 0:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        want = min(size, _CHUNK)
    return b"".join(chunks)


def _too_large(name: str, size: int, limit: int, grew: bool = False) -> Finding:
    shown = f"over {limit} bytes (it grew while read)" if grew else f"{size} bytes"
    message = f"file is {shown}; the limit is {limit} bytes: split it"
    return _finding(name, "file-too-large", message)


def _finding(name: str, code: str, message: str) -> Finding:
    return Finding(name, 1, 1, code, message)
