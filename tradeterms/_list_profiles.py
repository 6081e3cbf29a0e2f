"""Which product-list entries each code reads, as a row of numbers per code (its *profile*).

The signature of a code (`_frame_engine`) and the dates on which it changes are read from
the entries of the lists that cover the code: the Section 232 scopes, the 2026 metals lists
and the screens at each digit count, the code's own Annex II entry, and the Section 122 and
Annex A entries of its HTS8 line. Codes with the same entries have the same signature on
every date, so a batch works one out per distinct profile, not per code: the ~5,000 listed
codes of the 2024 basket have ~1,200 profiles. The rows are built with numpy joins on code
prefixes (`_code_numbers`), without a Python loop per code.

A row holds, for each digit count the scope lists write, the number of the prefix the code
starts with (-1: none); the code's digit count; for a code of fewer than 10 digits, the code
itself (Annex II is read line by line under it: such a code is a profile of its own); the
dates of its Annex II and Annex A entries as ordinals (0: open, -1: no entry); and the
Section 122 subdivision listing its line (-1: none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tradeterms._code_numbers import WIDTH, CodeNumbers, PrefixTable
from tradeterms._duty_rules import rules
from tradeterms._duty_scope import _prefixes
from tradeterms._product_lists import _annex_ii, _fl301, _metals_2026, _s122, s232_scopes

if TYPE_CHECKING:
    import datetime as dt

    import numpy as np

__all__ = ["Profiles", "named", "profiles"]


def named(codes: CodeNumbers, prefixes: frozenset[str]) -> np.ndarray:
    """Whether some prefix of two digits or more of each code is in `prefixes`."""
    return _table(prefixes).any(codes)


@lru_cache(maxsize=4)
def _table(prefixes: frozenset[str]) -> PrefixTable:
    return PrefixTable([p for p in prefixes if len(p) >= 2])


@dataclass(frozen=True)
class Profiles:
    """The distinct profiles of some codes: `of` numbers each code's, `first` is the first
    code of each, `rows` are their rows."""

    of: np.ndarray
    first: np.ndarray
    rows: list[tuple[int, ...]]


def profiles(codes: CodeNumbers) -> Profiles:
    """The profile of each code (see the module docstring)."""
    import numpy as np

    columns = _columns(codes)
    of = _distinct(columns)
    _, first = np.unique(of, return_index=True)
    rows: list[list[int]] = np.column_stack(columns)[first].tolist()
    return Profiles(of, first, [tuple(row) for row in rows])


def _columns(codes: CodeNumbers) -> list[np.ndarray]:
    import numpy as np

    scopes = _scope_prefixes()
    columns = [scopes.at(codes, n) for n in scopes.lengths]
    columns += [codes.length, np.where(codes.length == WIDTH, -1, codes.whole)]
    for (table, start, end), n in ((_annex_windows(), WIDTH), (_fl301_windows(), 8)):
        at = table.at(codes, n)
        columns += [np.where(at >= 0, start[at], -1), np.where(at >= 0, end[at], -1)]
    table, subdivision = _s122_subdivisions()
    at = table.at(codes, 8)
    columns.append(np.where(at >= 0, subdivision[at], -1))
    return columns


def _distinct(columns: list[np.ndarray]) -> np.ndarray:
    """A number per distinct row of the columns, in the order first met: the columns are
    numbered one by one (hashing, no sort) and combined as digits of one number, renumbered
    before it could overflow."""
    import numpy as np
    import pandas as pd

    key, size = np.zeros(len(columns[0]), dtype=np.int64), 1
    for column in columns:
        number, values = pd.factorize(column)
        if size * len(values) >= 2**62:
            key, kept = pd.factorize(key)
            size = len(kept)
        key, size = key * len(values) + number, size * max(len(values), 1)
    found: np.ndarray = pd.factorize(key)[0]
    return found


@lru_cache(maxsize=1)
def _scope_prefixes() -> PrefixTable:
    """Every prefix the Section 232 scopes, the 2026 metals lists and the screens write."""
    prefixes = [scope.hts_prefix for scope in s232_scopes()]
    prefixes += list(_metals_2026())
    prefixes += [p for screen in rules().screens for p in _prefixes(screen)]
    return PrefixTable(prefixes)


Windows = tuple[PrefixTable, "np.ndarray", "np.ndarray"]


@lru_cache(maxsize=1)
def _annex_windows() -> Windows:
    entries = _annex_ii()
    return _windows(list(entries), [(e.start, e.end) for e in entries.values()])


@lru_cache(maxsize=1)
def _fl301_windows() -> Windows:
    table = _fl301()
    return _windows(list(table), list(table.values()))


def _windows(
    codes: Sequence[str], dates: Sequence[tuple[dt.date | None, dt.date | None]]
) -> Windows:
    """The codes of a dated table, with the first and last day of each entry."""
    return PrefixTable(codes), _ordinals(d[0] for d in dates), _ordinals(d[1] for d in dates)


def _ordinals(days: Iterable[dt.date | None]) -> np.ndarray:
    import numpy as np

    return np.array([day.toordinal() if day else 0 for day in days], dtype=np.int64)


@lru_cache(maxsize=1)
def _s122_subdivisions() -> tuple[PrefixTable, np.ndarray]:
    """The lines of note 2(aa) and the number of the subdivision listing each."""
    import numpy as np

    table = _s122()
    names: dict[str, int] = {}
    numbers = [names.setdefault(sub, len(names)) for sub, _ in table.values()]
    return PrefixTable(list(table)), np.array(numbers, dtype=np.int64)
