"""The MFN rates of many HTS codes at once, for the batch engine (``duty_frame``, ``etr``).

The codes are matched against the rate lines of the shipped schedule by hash joins (pandas
``Index.get_indexer``), with the fallbacks of :func:`tradeterms._hts_schedule.mfn_line`: a
10-digit statistical code reads the line of its 8 digits, an 8-digit code printed only at 10
digits reads that line. The joins are made once for a list of codes, against the codes of
every revision's lines (`code_keys`); which line each of those codes reads is worked out
once per revision, with array operations (`_reads`). Each distinct rate text is priced once,
as the scalar calculator prices it without a quantity: it reads the text alone, so every
line of every revision with that text gets the same answer. A code the schedule does not
read gets the scalar calculator's message, with its nearest codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tradeterms._hts_rates import parse_rate
from tradeterms._hts_schedule import MfnLine, mfn_line, mfn_revisions, normalise_hts, rate_rows

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


def code_digits(codes: Sequence[str]) -> list[str]:
    """The digits of each code, "" where it has none (digits already: no regular expression)."""
    return [c if c.isascii() and c.isdigit() and 2 <= len(c) <= 10 else _digits(c) for c in codes]


def mfn_arrays(
    codes: Sequence[str], revision: str, digits: tuple[str, ...] | None = None
) -> MfnArrays:
    """The MFN rate of each code in the shipped schedule ``revision``. `digits` are the
    codes' digits (`code_digits`), where the caller has them already."""
    import numpy as np

    table = _table()
    keys = code_keys(tuple(code_digits(codes)) if digits is None else digits)
    reads = _reads(revision)
    at = reads[keys.own]  # a code's own line (an 8-digit code: or the line printed for it)
    missed = np.flatnonzero(at[keys.ten] < 0)  # 10-digit codes without a line: their 8 digits'
    at[keys.ten[missed]] = reads[keys.eight[missed]]
    known = at >= 0
    text = np.where(known, table.text_of[at], -1)
    error = np.full(len(codes), "", dtype=object)
    for k in np.flatnonzero(~known):
        error[k] = _refusal(codes[int(k)], revision)
    arrays = (
        np.where(known, keys.digits, ""),
        np.where(known, table.codes[at], ""),
        np.where(known, table.mfn[text], np.nan),
        np.where(known, table.reason[text], ""),
        known & table.specific[text],
        error,
    )
    return MfnArrays(revision, *map(_read_only, arrays))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True)
class _Table:
    """The rate lines of every shipped revision (rows), their rate texts priced once per
    text, and the codes a code may read as its own (keys): every line's code and the first 8
    digits of every 10-digit line."""

    codes: np.ndarray  # per row: its code
    first: np.ndarray  # per row: the number of the first revision it is in...
    last: np.ndarray  # ...and of the last (in the order of mfn_revisions)
    text_of: np.ndarray  # per row: the number of its rate text
    key: np.ndarray  # per row: its code's key
    eight: np.ndarray  # per row: the key of its 8 digits for a 10-digit line, else -1
    keys: pd.Index
    mfn: np.ndarray  # per rate text: the fraction of the value (NaN: not that)
    reason: np.ndarray  # per rate text: why not
    specific: np.ndarray  # per rate text: specific parts a quantity prices


@lru_cache(maxsize=1)
def _table() -> _Table:
    import numpy as np
    import pandas as pd

    hts, generals, first, last = rate_rows()
    number = {label: k for k, label in enumerate(mfn_revisions())}
    text_of, texts = pd.factorize(np.array(generals, dtype=object))
    priced = [_price(text) for text in texts.tolist()]
    length = np.fromiter(map(len, hts), dtype=np.int64, count=len(hts))
    ten = np.flatnonzero(length == 10)
    eights = [hts[k][:8] for k in ten.tolist()]
    key_of, keys = pd.factorize(np.array([*hts, *eights], dtype=object))
    eight = np.full(len(hts), -1, dtype=np.int64)
    eight[ten] = key_of[len(hts) :]
    return _Table(
        np.array(hts, dtype=object),
        np.array([number[label] for label in first], dtype=np.int64),
        np.array([number[label] for label in last], dtype=np.int64),
        text_of,
        key_of[: len(hts)],
        eight,
        pd.Index(keys, dtype=object),
        np.array([p[0] for p in priced], dtype=float),
        np.array([p[1] for p in priced], dtype=object),
        np.array([p[2] for p in priced], dtype=bool),
    )


@lru_cache(maxsize=8)
def _reads(revision: str) -> np.ndarray:
    """Per key of the table: the row of the line it reads in `revision` (its own line; for
    8 digits without one, the last 10-digit line under them, which the schedule prints for
    them), -1 where none; last: -1, for a code that is no key."""
    import numpy as np

    table = _table()
    number = mfn_revisions().index(revision)
    rows = np.flatnonzero((table.first <= number) & (number <= table.last))
    own = np.full(len(table.keys) + 1, -1, dtype=np.int64)
    own[table.key[rows]] = rows  # a revision has one line per code
    tens = rows[table.eight[rows] >= 0]
    printed = np.full(len(own), -1, dtype=np.int64)
    np.maximum.at(printed, table.eight[tens], tens)  # rows are in code order: the last
    reads = np.where(own >= 0, own, printed)
    return _read_only(reads)


@dataclass(frozen=True, slots=True)
class _CodeKeys:
    """What the joins read of a list of codes, the same in every revision."""

    digits: np.ndarray  # the codes' digits (objects)
    own: np.ndarray  # the key of each code (-1: none)
    ten: np.ndarray  # the positions of the 10-digit codes
    eight: np.ndarray  # the key of their first 8 digits (-1: none)


@lru_cache(maxsize=16)
def code_keys(digits: tuple[str, ...]) -> _CodeKeys:
    """The join keys of codes with these digits (kept for the next revision asked)."""
    import numpy as np
    import pandas as pd

    keys = _table().keys
    length = np.fromiter(map(len, digits), dtype=np.int64, count=len(digits))
    ten = np.flatnonzero(length == 10)
    eights = pd.Index([digits[k][:8] for k in ten.tolist()], dtype=object)
    return _CodeKeys(
        _read_only(np.array(digits, dtype=object)),
        _read_only(keys.get_indexer(pd.Index(digits, dtype=object))),
        _read_only(ten),
        _read_only(keys.get_indexer(eights)),
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
