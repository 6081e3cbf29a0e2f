"""The MFN rates of many HTS codes at once, for the batch engine (``duty_frame``, ``etr``).

The codes are matched against the rate lines of one revision by hash joins (pandas
``Index.get_indexer``), with the fallbacks of :func:`tradeterms._hts_schedule.mfn_line`: a
10-digit statistical code reads the line of its 8 digits, an 8-digit code printed only at 10
digits reads that line. The join keys of a list of codes are the same in every revision and
are kept for the next revision asked (`code_keys`). Each distinct rate text is priced once
for the process, as the scalar calculator prices it without a quantity: it reads the text
alone, so every line of every revision with that text gets the same answer. A code the
schedule does not read gets the scalar calculator's message, with its nearest codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tradeterms._hts_rates import parse_rate
from tradeterms._hts_schedule import MfnLine, mfn_line, normalise_hts, revision_columns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["MfnArrays", "code_digits", "mfn_arrays"]


@dataclass(frozen=True, slots=True)
class MfnArrays:
    """One entry per code asked for (arrays are read-only: they are shared)."""

    revision: str
    digits: np.ndarray  # the code's digits; "" where refused
    line: np.ndarray  # the rate line read (its digits); "" where refused
    mfn: np.ndarray  # column 1 General as a fraction of the value; NaN: not that
    reason: np.ndarray  # why `mfn` is NaN, as the scalar calculator says it ("" if not)
    specific: np.ndarray  # the rate has specific parts a quantity prices
    error: np.ndarray  # why the code is refused; "" where it is read

    def take(self, at: np.ndarray) -> MfnArrays:
        """The entries of the codes at positions `at`, in that order."""
        columns = (self.digits, self.line, self.mfn, self.reason, self.specific, self.error)
        return MfnArrays(self.revision, *(_read_only(column[at]) for column in columns))


def code_digits(codes: Sequence[str]) -> list[str]:
    """The digits of each code, "" where it has none (digits already: no regular expression)."""
    return [c if c.isascii() and c.isdigit() and 2 <= len(c) <= 10 else _digits(c) for c in codes]


def mfn_arrays(
    codes: Sequence[str], revision: str, digits: tuple[str, ...] | None = None
) -> MfnArrays:
    """The MFN rate of each code in the shipped schedule ``revision``. `digits` are the
    codes' digits (`code_digits`), where the caller has them already."""
    import numpy as np

    schedule = _schedule(revision)
    keys = code_keys(tuple(code_digits(codes)) if digits is None else digits)
    at = schedule.positions(keys)
    known = at >= 0
    text = np.where(known, schedule.text_of[at], -1)
    error = np.full(len(codes), "", dtype=object)
    for k in np.flatnonzero(~known):
        error[k] = _refusal(codes[int(k)], revision)
    arrays = (
        np.where(known, keys.digits, ""),
        np.where(known, schedule.line_codes[at], ""),
        np.where(known, schedule.mfn[text], np.nan),
        np.where(known, schedule.reason[text], ""),
        known & schedule.specific[text],
        error,
    )
    return MfnArrays(revision, *map(_read_only, arrays))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True)
class _CodeKeys:
    """What the joins read of a list of codes, the same in every revision."""

    digits: np.ndarray  # the codes' digits (objects)
    own: pd.Index  # the digits, to find a code's own line
    ten: np.ndarray  # the positions of the 10-digit codes
    eight: pd.Index  # their first 8 digits, to find the line they fall back on


@lru_cache(maxsize=16)
def code_keys(digits: tuple[str, ...]) -> _CodeKeys:
    """The join keys of codes with these digits (kept for the next revision asked)."""
    import numpy as np
    import pandas as pd

    length = np.fromiter(map(len, digits), dtype=np.int64, count=len(digits))
    ten = np.flatnonzero(length == 10)
    return _CodeKeys(
        _read_only(np.array(digits, dtype=object)),
        pd.Index(digits, dtype=object),
        _read_only(ten),
        pd.Index([digits[k][:8] for k in ten.tolist()], dtype=object),
    )


@dataclass(frozen=True, slots=True)
class _Schedule:
    """The rate lines of a revision and their rate texts, priced once per text."""

    line_codes: np.ndarray  # the rate lines' codes
    text_of: np.ndarray  # per line: the number of its rate text
    # The codes a code may read as its own: the lines' codes, then the 8-digit codes without
    # a line of their own that the schedule prints at 10 digits (none is both)...
    keys: pd.Index
    line_of_key: np.ndarray  # ...and the position of the line each reads; last: -1
    mfn: np.ndarray  # per rate text: the fraction of the value (NaN: not that)
    reason: np.ndarray  # per rate text: why not
    specific: np.ndarray  # per rate text: specific parts a quantity prices

    def positions(self, keys: _CodeKeys) -> np.ndarray:
        """Each code's rate line (its position in `line_codes`), -1 where there is none: its
        own line (an 8-digit code: or the 10-digit line printed for it); a 10-digit code
        without one, that of its first 8 digits."""
        import numpy as np

        at = self.line_of_key[self.keys.get_indexer(keys.own)]
        missed = np.flatnonzero(at[keys.ten] < 0)  # 10-digit codes without a line
        if len(missed):
            at[keys.ten[missed]] = self.line_of_key[self.keys.get_indexer(keys.eight[missed])]
        return at


@lru_cache(maxsize=8)
def _schedule(revision: str) -> _Schedule:
    import numpy as np
    import pandas as pd

    hts, _, generals = revision_columns(revision)
    codes = pd.Index(hts, dtype=object)
    text_of, texts = pd.factorize(np.array(generals, dtype=object))
    priced = [_price(text) for text in texts.tolist()]
    length = np.fromiter(map(len, hts), dtype=np.int64, count=len(hts))
    ten = np.flatnonzero(length == 10)
    eight = pd.Index([hts[k][:8] for k in ten.tolist()], dtype=object)
    # the last 10-digit line of each 8 digits that have no line (as mfn_line reads them)
    printed = ~eight.isin(codes) & ~eight.duplicated(keep="last")
    return _Schedule(
        codes.to_numpy(),
        text_of,
        pd.Index([*hts, *eight[printed]], dtype=object),
        np.concatenate([np.arange(len(codes)), ten[printed], [-1]]),
        np.array([p[0] for p in priced], dtype=float),
        np.array([p[1] for p in priced], dtype=object),
        np.array([p[2] for p in priced], dtype=bool),
    )


@lru_cache(maxsize=4096)
def _price(general: str) -> tuple[float, str, bool]:
    """The fraction of the value of a rate text (NaN where it needs a quantity or cannot be
    computed), why not, and whether a quantity prices it: the scalar calculator's answer
    without a quantity, which reads the line's rate text and nothing else of it."""
    from tradeterms._duty_steps import Ledger
    from tradeterms.duties import _mfn_fraction

    rate = parse_rate(general)
    line = MfnLine("", "", general, rate, "", requested="")
    ledger = Ledger()
    fraction, _ = _mfn_fraction(line, None, None, ledger)
    reason = ledger.unsettled[0] if ledger.unsettled else ""
    value = float("nan") if fraction is None else float(fraction)
    return value, reason, bool(rate.specific) and rate.is_computable


def _digits(code: str) -> str:
    try:
        return normalise_hts(code)
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def _refusal(code: str, revision: str) -> str:
    """The scalar calculator's words for a code the schedule does not read."""
    try:
        mfn_line(code, revision)
    except (ValueError, LookupError) as exc:
        return str(exc)
    raise AssertionError(f"{code!r} is read by the scalar lookup in {revision}")
