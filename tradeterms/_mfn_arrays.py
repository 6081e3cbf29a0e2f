"""The MFN rates of many HTS codes at once, for the batch engine (``duty_frame``, ``etr``).

The codes are matched against the rate lines of one revision by hash joins (pandas
``Index.get_indexer``), with the fallbacks of :func:`tradeterms._hts_schedule.mfn_line`: a
10-digit statistical code reads the line of its 8 digits, an 8-digit code printed only at 10
digits reads that line. Each distinct rate text is priced once, as the scalar calculator
prices it without a quantity. A code the schedule does not read gets the scalar calculator's
message, with its nearest codes.
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

__all__ = ["MfnArrays", "mfn_arrays"]


@dataclass(frozen=True, slots=True)
class MfnArrays:
    """One entry per code asked for (arrays are read-only: they are shared)."""

    digits: tuple[str, ...]  # the code's digits; "" where refused
    line: np.ndarray  # the rate line read (its digits); "" where refused
    mfn: np.ndarray  # column 1 General as a fraction of the value; NaN: not that
    reason: np.ndarray  # why `mfn` is NaN, as the scalar calculator says it ("" if not)
    specific: np.ndarray  # the rate has specific parts a quantity prices
    error: np.ndarray  # why the code is refused; "" where it is read


def mfn_arrays(codes: Sequence[str], revision: str) -> MfnArrays:
    """The MFN rate of each code in the shipped schedule ``revision``."""
    import numpy as np

    schedule = _schedule(revision)
    digits = [c if c.isascii() and c.isdigit() and 2 <= len(c) <= 10 else _digits(c) for c in codes]
    at = _positions(schedule, digits)
    known = at >= 0
    text = np.where(known, schedule.text_of[at], -1)
    error = np.full(len(codes), "", dtype=object)
    for k in np.flatnonzero(~known):
        error[k] = _refusal(codes[int(k)], revision)
    arrays = (
        np.where(known, schedule.codes.to_numpy()[at], ""),
        np.where(known, schedule.mfn[text], np.nan),
        np.where(known, schedule.reason[text], ""),
        known & schedule.specific[text],
        error,
    )
    for array in arrays:
        array.flags.writeable = False
    return MfnArrays(tuple(np.where(known, digits, "")), *arrays)


@dataclass(frozen=True, slots=True)
class _Schedule:
    """The rate lines of a revision and their rate texts, priced once per text."""

    codes: pd.Index  # the rate lines' codes
    text_of: np.ndarray  # per line: the number of its rate text
    eights: pd.Index  # 8-digit codes without a line of their own, printed at 10 digits
    eight_line: np.ndarray  # per such code: the position of that 10-digit line; last: -1
    mfn: np.ndarray  # per rate text: the fraction of the value (NaN: not that)
    reason: np.ndarray  # per rate text: why not
    specific: np.ndarray  # per rate text: specific parts a quantity prices


@lru_cache(maxsize=8)
def _schedule(revision: str) -> _Schedule:
    import numpy as np
    import pandas as pd

    hts, descriptions, generals = revision_columns(revision)
    codes = pd.Index(hts, dtype=object)
    text_of, _ = pd.factorize(np.array(generals, dtype=object))
    _, first_of_text = np.unique(text_of, return_index=True)
    priced = [_price(hts[k], descriptions[k], generals[k], revision) for k in first_of_text]
    present = set(codes)
    eights = {c[:8]: k for k, c in enumerate(codes) if len(c) == 10 and c[:8] not in present}
    return _Schedule(
        codes,
        text_of,
        pd.Index(list(eights), dtype=object),
        np.array([*eights.values(), -1], dtype=np.int64),
        np.array([p[0] for p in priced], dtype=float),
        np.array([p[1] for p in priced], dtype=object),
        np.array([p[2] for p in priced], dtype=bool),
    )


def _price(hts: str, description: str, general: str, revision: str) -> tuple[float, str, bool]:
    """A rate line's fraction of the value (NaN where it needs a quantity or cannot be
    computed), why not, and whether a quantity prices it: the scalar calculator's answer,
    the same for every line with the same rate text."""
    from tradeterms._duty_steps import Ledger
    from tradeterms.duties import _mfn_fraction

    rate = parse_rate(general)
    line = MfnLine(hts, description, general, rate, revision, requested=hts)
    ledger = Ledger()
    fraction, _ = _mfn_fraction(line, None, None, ledger)
    reason = ledger.unsettled[0] if ledger.unsettled else ""
    value = float("nan") if fraction is None else float(fraction)
    return value, reason, bool(rate.specific) and rate.is_computable


def _positions(schedule: _Schedule, digits: list[str]) -> np.ndarray:
    """Each code's rate line (its position in `schedule.codes`), -1 where there is none."""
    import numpy as np
    import pandas as pd

    length = np.fromiter(map(len, digits), dtype=np.int64, count=len(digits))
    eight = pd.Index([code[:8] for code in digits], dtype=object)
    own = schedule.codes.get_indexer(pd.Index(digits, dtype=object))
    of_eight = np.where(length == 10, schedule.codes.get_indexer(eight), -1)
    at_ten = schedule.eights.get_indexer(eight)
    printed = np.where((length == 8) | (length == 10), schedule.eight_line[at_ten], -1)
    return np.where(own >= 0, own, np.where(of_eight >= 0, of_eight, printed))


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
