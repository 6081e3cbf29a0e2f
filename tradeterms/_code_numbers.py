"""HTS codes as numbers, looked up in tables of code prefixes with numpy.

A batch asks, for thousands of codes at once, which prefixes of each a product list writes.
A code's first n digits, read as a number, are found by binary search among the n-digit
prefixes of the table, also as numbers: one pass per digit count, not one lookup per code
and prefix in Python. (Numbers of one digit count are compared only with each other, so
leading zeros are kept apart: "0101" and "101" have different counts.)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["CodeNumbers", "PrefixTable"]

WIDTH = 10  # the most digits an HTS code has


class CodeNumbers:
    """Codes of 0 to 10 digits (``""`` for none), as their digit counts and the numbers of
    their first n digits."""

    def __init__(self, codes: Sequence[str]) -> None:
        import numpy as np

        text = np.array(codes, dtype=f"U{WIDTH + 1}")
        self.length: np.ndarray = np.char.str_len(text)
        # one row per digit place, one 32-bit character per code (0 past a code's end)
        chars = np.ascontiguousarray(text.view(np.uint32).reshape(len(codes), WIDTH + 1).T)
        written = np.arange(WIDTH + 1)[:, None] < self.length
        if (self.length > WIDTH).any() or (written & ((chars < 48) | (chars > 57))).any():
            raise ValueError(f"HTS codes are 0 to {WIDTH} digits")
        self._digits = chars[:WIDTH].astype(np.int64) - ord("0")
        self._first: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.length)

    def take(self, at: np.ndarray) -> CodeNumbers:
        """The codes at positions `at`."""
        found = object.__new__(CodeNumbers)
        found.length = self.length[at]
        found._digits = self._digits[:, at]
        found._first = {n: first[at] for n, first in self._first.items()}
        return found

    def first(self, n: int) -> np.ndarray:
        """Each code's first n digits as a number, -1 where the code has fewer."""
        import numpy as np

        found = self._first.get(n)
        if found is None:
            number = np.zeros(len(self), dtype=np.int64)
            for digit in self._digits[:n]:
                number *= 10
                number += digit
            found = self._first[n] = np.where(self.length >= n, number, -1)
        return found

    @cached_property
    def whole(self) -> np.ndarray:
        """Each code as a number (with its digit count, it names the code)."""
        import numpy as np

        number = np.zeros(len(self), dtype=np.int64)
        for k, digit in enumerate(self._digits):
            number = np.where(self.length > k, number * 10 + digit, number)
        return number


class PrefixTable:
    """Code prefixes (digit strings), numbered in the order first given: the one each code
    starts with, at a given digit count."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        import numpy as np

        self.prefixes: tuple[str, ...] = tuple(dict.fromkeys(prefixes))
        numbers = CodeNumbers(self.prefixes)
        self.lengths: tuple[int, ...] = tuple(np.unique(numbers.length).tolist())
        self._sorted: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in self.lengths:
            places = np.flatnonzero(numbers.length == n)
            order = np.argsort(numbers.whole[places], kind="stable")
            self._sorted[n] = (numbers.whole[places][order], places[order])

    def at(self, codes: CodeNumbers, n: int) -> np.ndarray:
        """The number of the n-digit prefix each code starts with, -1 where none."""
        import numpy as np

        found = np.full(len(codes), -1, dtype=np.int64)
        if n not in self._sorted or not len(codes):
            return found
        numbers, places = self._sorted[n]
        first = codes.first(n)
        where = np.searchsorted(numbers, first).clip(max=len(numbers) - 1)
        hit = (numbers[where] == first) & (first >= 0)
        found[hit] = places[where[hit]]
        return found

    def any(self, codes: CodeNumbers) -> np.ndarray:
        """Whether each code starts with some prefix of the table."""
        import numpy as np

        found = np.zeros(len(codes), dtype=bool)
        for n in self.lengths:
            found |= self.at(codes, n) >= 0
        return found
