"""The shipped tables of ``tradeterms/data``, read once per process in C-level passes.

Every table is a UTF-8 CSV with a header row (``.gz`` ones gzip'd; see
``tradeterms/data/README.md``). :func:`data_text` keeps a file decompressed, so a lookup of
one code can search the text instead of building the whole table; :func:`data_columns`
parses it with ``csv.reader`` (a row in C, not a dict per row in Python) into columns.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import gzip
import io
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from tradeterms._gc import collector_paused

__all__ = [
    "data_bytes",
    "data_columns",
    "data_lines",
    "data_records",
    "data_text",
    "iso_dates",
    "starting_with",
]


def data_text(name: str) -> str:
    """The text of ``tradeterms/data/<name>``, decompressed."""
    return data_bytes(name).decode("utf-8")


@lru_cache(maxsize=32)
def data_bytes(name: str) -> bytes:
    """The bytes of ``tradeterms/data/<name>``, decompressed."""
    # kept: the files are small, and a table is read as text and as columns
    raw = (resources.files("tradeterms") / "data" / name).read_bytes()
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def data_lines(name: str) -> list[str]:
    """The rows of a table as text, without the header (a table whose rows are sorted as text
    is searched with :func:`starting_with`, parsing only the rows found)."""
    return data_text(name).rstrip("\n").split("\n")[1:]


def starting_with(lines: Sequence[str], prefix: str) -> Sequence[str]:
    """The lines that start with ``prefix``, by binary search: ``lines`` must be sorted."""
    start = end = bisect.bisect_left(lines, prefix)
    while end < len(lines) and lines[end].startswith(prefix):
        end += 1
    return lines[start:end]


@lru_cache(maxsize=32)
def data_columns(name: str) -> Mapping[str, tuple[str, ...]]:
    """Column name -> its fields, in file order (kept: tables whose entries are built from
    them share the strings, and two readers of one table parse it once).

    Where pandas is imported already (a batch run), its C parser reads the large tables, in
    half the time of ``csv``; the CLI, which does not import pandas, reads with ``csv``. The
    two give the same strings (a test compares them on every shipped table). The cyclic
    collector is paused meanwhile: a list per row stays alive until the columns are taken,
    tens of thousands of containers without a cycle, over which it would walk every object
    of the process (pandas, the catalog) several times."""
    with collector_paused():
        big = len(data_bytes(name)) > _PANDAS_FROM
        read = _pandas_columns if big and "pandas" in sys.modules else _csv_columns
        return MappingProxyType(read(name))


_PANDAS_FROM = 200_000  # bytes: below, pandas' fixed cost per call outweighs its speed


def _csv_columns(name: str) -> dict[str, tuple[str, ...]]:
    header, *rows = csv.reader(io.StringIO(data_text(name)))
    columns = zip(*rows, strict=True) if rows else ((),) * len(header)
    return dict(zip(header, columns, strict=True))


def _pandas_columns(name: str) -> dict[str, tuple[str, ...]]:
    import pandas as pd

    text = io.BytesIO(data_bytes(name))
    frame = pd.read_csv(text, dtype=object, na_filter=False, encoding="utf-8")
    return {str(column): tuple(frame[column].tolist()) for column in frame.columns}


def data_records(name: str) -> list[dict[str, str]]:
    """The rows of a table as dicts keyed by the header."""
    with collector_paused():  # see data_columns
        header, *rows = csv.reader(io.StringIO(data_text(name)))
        return [dict(zip(header, row, strict=True)) for row in rows]


def iso_dates(values: tuple[str, ...]) -> list[dt.date | None]:
    """ISO dates of a column, None where empty; each distinct text is parsed once."""
    parsed = {text: dt.date.fromisoformat(text) if text else None for text in set(values)}
    return [parsed[text] for text in values]
