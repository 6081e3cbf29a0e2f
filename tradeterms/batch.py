"""`duty_frame`: the duty calculator over a table of entries, pandas or Dask.

Input columns (names as written; the optional ones may be absent):

============== =========================================================================
``origin``     ISO 3166-1 code of the country of origin (``DE`` counts as the EU, or ``EU``)
``hts``        HTS code, 8 or 10 digits, dotted or not
``on``         date of entry (a date, a datetime or "YYYY-MM-DD"; a time with a zone reads
               as the date written in that zone, as ``duty()`` reads a datetime)
``value``      customs value in USD (a number; empty: no duty amount)
``quantity``   optional: quantity for a specific MFN duty, as ``duty()`` takes it ("12 kg")
``metal_value`` optional: value in USD of the steel, aluminium or copper content
``metal_share`` optional: that content as a share of the value (instead of ``metal_value``)
``known_on``   optional: count only sources public by this date
``mfn_rate``   optional: the MFN rate charged, as a fraction, where it is not column 1
               General (a preference rate claimed, an ad valorem equivalent of a specific
               rate); empty: column 1 General, as ``duty()`` reads it
``quota``      optional: the importer's quota status where a tariff-rate quota reaches the
               good, ``in`` or ``over`` (as ``duty(quota=...)``); empty: not given
============== =========================================================================

Columns added: ``total_rate`` (a fraction; NaN where not settled), ``duty`` (USD),
``settled``, ``reason`` (why not settled), ``rate_<layer>`` for each layer of
`_frame_engine.LAYERS` (``rate_mfn``, ``rate_section_232``, ``rate_reciprocal``,
``rate_section_122``, ``rate_section_301``, ``rate_other``, ``rate_section_301_china``,
``rate_fentanyl``; they sum to ``total_rate``),
``deal_cap`` (the deal term whose all-in or capped rate set a layer, e.g.
``us-japan-2025/autos``), ``metal_priced`` (the total rests on the given metal value or
share), ``metal_rate`` and ``rest_rate`` (for a derivative priced on its metal, the total is
``metal_rate × share + rest_rate × (1 − share)``), and ``error`` (a
row the calculator refuses: unknown origin or code, a date before the shipped schedule...).

States are resolved once per group (origin, date class, known_on class: `_frame_engine`);
the MFN rates of the frame's distinct codes are looked up once per schedule revision for all
the groups (`_Codes`, `_mfn_arrays`); the layers run once per distinct case of a group and
range of MFN rates (`_frame_cases`, `_frame_mfn`) and are joined back to the lines with
array operations.

    >>> import pandas as pd, tradeterms
    >>> entries = pd.DataFrame({"origin": ["JP", "DE"], "hts": ["8703.23.01", "8703.23.01"],
    ...                         "on": ["2025-10-01", "2025-10-01"], "value": [30000, 50000]})
    >>> out = tradeterms.duty_frame(entries)
    >>> print(out[["origin", "total_rate", "duty", "settled"]].to_string(index=False))
    origin  total_rate   duty  settled
        JP        0.15 4500.0     True
        DE        0.15 7500.0     True
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tradeterms._frame_engine import LAYERS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from tradeterms._mfn_arrays import MfnArrays
    from tradeterms.catalog import Catalog

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "FrameOutput", "duty_frame", "frame_output"]

INPUT_COLUMNS = (
    "origin",
    "hts",
    "on",
    "value",
    "quantity",
    "metal_value",
    "metal_share",
    "known_on",
    "mfn_rate",
    "quota",
)
_REQUIRED = ("origin", "hts", "on")
OUTPUT_COLUMNS = (
    "total_rate",
    "duty",
    "settled",
    "reason",
    *(f"rate_{layer}" for layer in LAYERS),
    "deal_cap",
    "metal_priced",
    "metal_rate",
    "rest_rate",
    "error",
)
Progress = Callable[[int], None]


def duty_frame(
    frame: Any, *, catalog: Catalog | None = None, progress: Progress | None = None
) -> Any:
    """The duty on every line of `frame` (a pandas or Dask DataFrame; columns: module doc).

    Returns a frame of the same kind with the input columns and OUTPUT_COLUMNS. A Dask frame
    is computed partition by partition with the same code (install ``tradeterms[dask]``).
    `progress` is called with the number of lines of each group as it is done.
    """
    if catalog is None:
        from tradeterms.loader import load

        catalog = load()
    if _is_dask(frame):
        meta = duty_frame(frame._meta, catalog=catalog)
        return frame.map_partitions(_paused, catalog, None, meta=meta)
    return _paused(frame, catalog, progress)


def _paused(frame: pd.DataFrame, catalog: Catalog, progress: Progress | None) -> pd.DataFrame:
    """`_pandas` with the cyclic collector paused: the tables and runs it builds are many
    small objects without cycles, and each full collection would walk the whole catalog and
    the schedule (a call on a new date: ~30% of its time)."""
    from tradeterms._gc import collector_paused

    with collector_paused():
        return _pandas(frame, catalog, progress)


def _is_dask(frame: Any) -> bool:
    return type(frame).__module__.startswith("dask")


def _pandas(frame: pd.DataFrame, catalog: Catalog, progress: Progress | None) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    from tradeterms import _frame_cases as cases
    from tradeterms import _frame_engine as engine
    from tradeterms.errors import InvalidArgumentError

    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise InvalidArgumentError(f"duty_frame needs the columns {', '.join(missing)}")
    n = len(frame)
    out = _Answers(n)
    on = _dates(frame["on"], out, "on")
    known = _dates(frame["known_on"], out, "known_on") if "known_on" in frame else None
    value = _numbers(frame, "value", out)
    share = _metal_share(frame, value, out)
    mfn_given = _numbers(frame, "mfn_rate", out)
    origin_of, origins = _texts(frame["origin"], upper=True)
    hts_of, codes = _texts(frame["hts"], upper=False)
    inputs = _Inputs(
        hts_of,
        _frame_codes(tuple(codes.tolist())),
        frame["quantity"].to_numpy(dtype=object) if "quantity" in frame else None,
        value,
        mfn_given,
        _quota(frame, out),
    )
    store = cases.store(catalog)
    # one group per origin, date class and known_on class (engine.day_classes)
    on_class = engine.day_classes(catalog, on)
    known_class = engine.day_classes(catalog, known) if known is not None else None
    key = origin_of * (on_class.max(initial=0) + 2) + on_class + 1
    if known_class is not None:
        key = key * (known_class.max(initial=0) + 2) + known_class + 1
    group_of, _ = pd.factorize(key)
    order = np.argsort(group_of, kind="stable")
    bounds = np.searchsorted(group_of[order], np.arange(group_of.max(initial=-1) + 2))
    for g in range(len(bounds) - 1):
        rows = order[bounds[g] : bounds[g + 1]]
        rows = rows[~out.refused[rows]]
        if len(rows):
            k = rows[0]
            day = _date_of(on[k])
            known_day = _day(known[k]) if known is not None else None
            group = _open_group(catalog, out, origins[origin_of[k]], day, known_day, rows, on)
            if group is not None:
                _group(store, out, group, rows, inputs)
        if progress is not None:
            progress(len(rows))
    return out.frame(frame, value, share, store.texts)


def _texts(column: pd.Series, upper: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each line's number among the distinct texts of `column` (stripped and in upper case
    where `upper`), and those texts; a missing value reads "<NA>" (an origin) or "".
    Values that are not text read as pandas writes them (`astype("string")`)."""
    import numpy as np
    import pandas as pd

    raw_of, raw = pd.factorize(column, use_na_sentinel=True)
    values = raw.to_numpy(dtype=object) if hasattr(raw, "to_numpy") else np.asarray(raw)
    names = values.tolist()
    text = isinstance(raw.dtype, pd.StringDtype)
    if not text:  # values that are not text: as pandas writes them
        names = [v if type(v) is str else _as_text(v) for v in names]
    if upper:
        names = [name.strip().upper() for name in names]
    missing = "<NA>" if upper else ""
    if text and not upper and missing not in names:  # distinct already: missing is last
        names.append(missing)
        return np.where(raw_of < 0, len(names) - 1, raw_of), np.array(names, dtype=object)
    names.append(missing)
    number_of, distinct = pd.factorize(np.array(names, dtype=object))
    return number_of[raw_of], np.asarray(distinct, dtype=object)


def _as_text(value: Any) -> str:
    import pandas as pd

    return str(pd.Series([value], dtype=object).astype("string").iloc[0])


def _quota(frame: pd.DataFrame, out: _Answers) -> np.ndarray | None:
    """The quota column as numbers (see _QUOTA_CODES); a status other than in/over fails."""
    import numpy as np

    if "quota" not in frame:
        return None
    text = frame["quota"].astype("string").str.strip().str.lower().fillna("")
    codes = np.select([text == "in", text == "over"], [1, 2], 0)
    out.fail((text != "").to_numpy() & (codes == 0), "'quota' must be 'in' or 'over'")
    return codes.astype(np.int64)


def _day(value: Any) -> dt.date | None:
    import pandas as pd

    return None if pd.isna(value) else pd.Timestamp(value).date()


def _date_of(value: Any) -> dt.date:
    import pandas as pd

    return pd.Timestamp(value).date()


def _dates(column: pd.Series, out: _Answers, name: str) -> np.ndarray:
    import pandas as pd

    given = column.notna().to_numpy()
    # parse each distinct value once: entries repeat a few dates over many lines
    codes, uniques = pd.factorize(column)
    distinct = pd.Series([*uniques, None], dtype=object)  # code -1 (missing): the last, NaT
    try:
        once = pd.to_datetime(distinct, errors="coerce", format="mixed")
    except (ValueError, TypeError):  # values in different time zones: each on its own
        once = pd.Series([_wall_time(v) for v in distinct.tolist()], dtype="datetime64[ns]")
    if once.dt.tz is not None:
        once = once.dt.tz_localize(None)  # the date as written in its zone, as duty() reads it
    parsed = once.dt.normalize().to_numpy()[codes]
    bad = given & pd.isna(parsed)
    if name == "on":
        bad |= ~given
    out.fail(bad, f"'{name}' must be a date written YYYY-MM-DD")
    return parsed


def _wall_time(value: Any) -> Any:
    """A date or time without its time zone (its local wall time); NaT if not a date."""
    import pandas as pd

    stamp = pd.to_datetime(value, errors="coerce")
    return stamp.tz_localize(None) if isinstance(stamp, pd.Timestamp) and stamp.tz else stamp


def _numbers(frame: pd.DataFrame, name: str, out: _Answers) -> np.ndarray:
    import numpy as np
    import pandas as pd

    if name not in frame:
        return np.full(len(frame), np.nan)
    column = frame[name]
    parsed = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
    bad = column.notna().to_numpy() & np.isnan(parsed)
    bad |= parsed < 0
    if name == "value":
        bad |= parsed == 0
    out.fail(
        bad,
        f"'{name}' must be a number of US dollars above zero"
        if name != "mfn_rate"
        else "'mfn_rate' must be a fraction of at least 0",
    )
    return parsed


def _metal_share(frame: pd.DataFrame, value: np.ndarray, out: _Answers) -> np.ndarray:
    import numpy as np

    share = _numbers(frame, "metal_share", out)
    out.fail(share > 1, "'metal_share' must be a fraction between 0 and 1")
    if "metal_value" not in frame:
        return share
    metal = _numbers(frame, "metal_value", out)
    given = ~np.isnan(metal)
    out.fail(given & np.isnan(value), "metal_value needs the customs value too (value)")
    out.fail(given & (metal > value), "the metal value is above the customs value")
    return np.where(given, metal / value, share)


@dataclass(frozen=True, slots=True)
class _Inputs:
    """The per-line inputs the groups read, as arrays."""

    hts_of: np.ndarray  # per line: the number of its code in `codes`
    codes: _Codes  # the distinct codes as given (text), their digits and schedule lines
    quantity: np.ndarray | None
    value: np.ndarray
    mfn_rate: np.ndarray
    quota: np.ndarray | None = None  # 0 not given, 1 "in", 2 "over"


class _Answers:
    """The answer columns, filled group by group: the layers and MFN rate of each line, and
    the number of its answer's words (`_frame_cases.Texts`; -1: none)."""

    def __init__(self, n: int) -> None:
        import numpy as np

        self.mfn = np.full(n, np.nan)
        self.layers = _Layers(n)
        self.reason = np.full(n, "", dtype=object)  # the line refused or its input wrong
        self.mfn_reason = np.full(n, "", dtype=object)  # why the MFN rate is not settled
        self.words = np.full(n, -1, dtype=np.int64)
        self.error = np.full(n, "", dtype=object)
        self.refused = np.zeros(n, dtype=bool)  # error != "" (not compared text by text)

    def fail(self, mask: np.ndarray, message: str) -> None:
        """The lines of `mask` that have no error yet fail with `message`."""
        import numpy as np

        at = np.flatnonzero(mask)
        if len(at):  # (mostly none: the texts are not compared)
            at = at[~self.refused[at]]
            self.error[at] = self.reason[at] = message
            self.refused[at] = message != ""

    def frame(
        self, frame: pd.DataFrame, value: np.ndarray, share: np.ndarray, texts: Any
    ) -> pd.DataFrame:
        import numpy as np
        import pandas as pd

        words = texts.columns().reshape(-1, 4)
        said = np.vstack([words != "", np.zeros((1, 4), dtype=bool)])[self.words]  # -1: none
        refused = self.refused
        mfn_open = self.mfn_reason != ""
        reason_said = refused | mfn_open | said[:, 0]
        known = ~np.isnan(share)
        layer, layers_sum, on_metal, on_rest = self.layers.priced(share, known)
        layer[refused | said[:, 3]] = np.nan
        open_metal = said[:, 1] & ~known
        settled = ~reason_said & ~np.isnan(self.mfn) & ~open_metal
        total = np.where(settled, self.mfn + layers_sum, np.nan)
        formula = said[:, 1] & ~reason_said & ~np.isnan(self.mfn)
        metal_rate = np.where(formula, self.mfn + on_metal, np.nan)
        rest_rate = np.where(formula, self.mfn + on_rest, np.nan)
        reason = _text_column(
            (refused, self.error),  # the line's own error is its reason
            (mfn_open, self.mfn_reason),
            (said[:, 0], self.words, words[:, 0]),
            (open_metal, self.words, words[:, 1]),
        )
        columns: dict[str, Any] = {
            "total_rate": total,
            "duty": np.round(value * total, 2),
            "settled": settled,
            "reason": reason,
            "rate_mfn": self.mfn,
        }
        for k, name in enumerate(LAYERS[1:]):
            columns[f"rate_{name}"] = layer[:, k]
        columns["deal_cap"] = _text_column((said[:, 2], self.words, words[:, 2]))
        columns["metal_priced"] = formula & known
        columns["metal_rate"] = metal_rate
        columns["rest_rate"] = rest_rate
        columns["error"] = _text_column(
            (refused, self.error), (said[:, 3], self.words, words[:, 3])
        )
        # the arrays are this call's own: no copy into one block per type
        added = pd.DataFrame(columns, index=frame.index, copy=False)
        kept = frame.drop(columns=[c for c in OUTPUT_COLUMNS if c in frame.columns])
        return pd.concat([kept, added], axis=1)


def _text_column(*sources: tuple[np.ndarray, ...]) -> Any:
    """A text column ("str": the same type in every partition; missing where nothing is
    said) from sources in order of precedence: (where, the text of each line), or (where,
    each line's number, the texts by number). Each distinct text is made a string once."""
    import numpy as np
    import pandas as pd

    n = len(sources[0][0])
    codes = np.full(n, -1, dtype=np.int64)
    free = np.ones(n, dtype=bool)
    table: list[str] = []
    for where, numbers, *texts in sources:
        use = where & free
        if not use.any():
            continue
        if texts:
            codes[use] = numbers[use] + len(table)
            table.extend(texts[0])
        else:
            number_of, distinct = pd.factorize(numbers[use])
            codes[use] = number_of + len(table)
            table.extend(distinct)
        free &= ~use
    column = pd.array(np.array(table, dtype=object), dtype="str")
    return column.take(codes, allow_fill=True)


def _group(store: Any, out: _Answers, group: Any, rows: np.ndarray, inputs: _Inputs) -> None:
    """Answer the lines `rows` of one group: one run of the layers per distinct case (and
    range of MFN rates), joined back to the lines."""
    import numpy as np

    from tradeterms._frame_cases import Rates, runner
    from tradeterms._hts_schedule import revision_for_date

    distinct, code_of = np.unique(inputs.hts_of[rows], return_inverse=True)
    revision = revision_for_date(group.on)
    sigs, scope_of_code = _code_tables(inputs.codes, distinct, group, revision)
    # the frame's schedule lines, read at the group's codes (`distinct`) line by line: no
    # table of the group's own is made
    lines = inputs.codes.lines(revision)
    refused = inputs.codes.refused(revision)[distinct]
    line_of = distinct[code_of]  # each line's place in `lines`
    if refused.any():
        at = np.flatnonzero(refused[code_of])
        out.error[rows[at]] = out.reason[rows[at]] = lines.error[line_of[at]]
        out.refused[rows[at]] = True  # (a refusal always says why)
    mfn, out.mfn_reason[rows] = _line_mfn(rows, line_of, lines, inputs)
    out.mfn[rows] = mfn
    quota = inputs.quota[rows] if inputs.quota is not None else np.zeros(len(rows), dtype=int)
    # one case per distinct (signature, term scopes matched, quota status)
    key = np.where(refused, -1, sigs.keys)[code_of] + 1
    scope = scope_of_code[code_of]
    case_key = (key * (scope.max(initial=0) + 1) + scope) * 3 + quota
    _, first, case_of = np.unique(case_key, return_index=True, return_inverse=True)
    order = np.argsort(case_of, kind="stable")
    bounds = np.searchsorted(case_of[order], np.arange(len(first) + 1))
    rates = Rates(mfn)
    layers = out.layers
    group_key = store.group_number(group.key)  # (a long key: hashed once, not per case)
    # a case whose lines all get one answer (kept from before or just run) is joined per
    # case, not per line
    unknown = np.bincount(case_of, weights=rates.of < 0, minlength=len(first)).tolist()
    sizes = np.bincount(case_of, minlength=len(first)).tolist()
    case_words = np.full(len(first), -2, dtype=np.int64)  # -2: answered line by line
    case_row = np.full(len(first), -1, dtype=np.int64)
    firsts = zip(code_of[first].tolist(), quota[first].tolist(), scope[first].tolist(), strict=True)
    bounds = bounds.tolist()
    for c, (code, quota_code, scope_number) in enumerate(firsts):
        if refused[code]:
            continue  # the line's error says why
        sig = sigs[code]
        status = _QUOTA_CODES[quota_code]
        case = store.case(group, group_key, sig, (scope_number, status))
        one = case.any_rate if not unknown[c] else case.unknown if unknown[c] == sizes[c] else None
        at = order[bounds[c] : bounds[c + 1]]
        answers: list[Any] = []  # (where, answer, per-rate table) of the lines `at`
        if one is None or _worded_per_line(one):
            run = runner(group, lines.digits[distinct[code]], sig.listed, status)
            answers = case.answer(rates.of[at], rates, run)
            # one answer for every line of the case (its `where`: all of them)
            one = answers[0][1] if len(answers) == 1 and answers[0][2] is None else None
        if one is not None and not _worded_per_line(one):  # joined per case, not per line
            case_words[c] = store.texts.number(one)
            case_row[c] = layers.row_of(one.layers)
            continue
        for where, answer, per_rate in answers:
            lines_at = at[where]
            out.words[rows[lines_at]] = _words(store.texts, answer, code_of[lines_at], sigs)
            if per_rate is not None:
                layers.by_rate(rows[lines_at], per_rate, rates.of[lines_at])
            else:
                layers.row[rows[lines_at]] = layers.row_of(answer.layers)
    joined = np.flatnonzero(case_words[case_of] != -2)
    out.words[rows[joined]] = case_words[case_of[joined]]
    layers.row[rows[joined]] = case_row[case_of[joined]]


class _Layers:
    """The layers of the lines, joined in one step at the end: each line points at a row of
    a table of the fixed answers and of the per-rate answers of templates (rows of
    WIDTH x 3: on the whole value, on the metal, on the rest)."""

    def __init__(self, n: int) -> None:
        import numpy as np

        self.row = np.full(n, -1, dtype=np.int64)  # -1: no layers (all zero)
        self.size = 0
        self.fixed_rows: list[tuple[tuple[float, float, float], ...]] = []  # rows 0, 1...
        self.rated: list[tuple[int, np.ndarray]] = []  # (first row, per-rate table)
        self.seen: dict[int, int] = {}  # the row of each fixed answer, by identity

    def row_of(self, layers: tuple[tuple[float, float, float], ...]) -> int:
        """The row of a fixed answer's layers (-1: none, all zero)."""
        if not layers:
            return -1
        row = self.seen.get(id(layers))
        if row is None:  # (fixed_rows keeps the tuple alive while its id is a key)
            self.seen[id(layers)] = row = len(self.fixed_rows)
            self.fixed_rows.append(layers)
        return row

    def by_rate(self, at: np.ndarray, per_rate: np.ndarray, rate_of: np.ndarray) -> None:
        """The lines `at` read the row of their rate (`rate_of`) in `per_rate`: only the
        rows of the rates they have are kept (a group has many rates, a case a few)."""
        import numpy as np

        # (np.unique, counted instead of sorted: the rates of a group are numbered densely)
        used = np.flatnonzero(np.bincount(rate_of, minlength=len(per_rate)))
        place = np.empty(len(per_rate), dtype=np.int64)
        place[used] = np.arange(len(used))
        self.rated.append((self.size, per_rate[used]))
        self.row[at] = -2 - self.size - place[rate_of]  # numbered after the fixed rows
        self.size += len(used)

    def _table(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows (fixed, then per rate, then a zero row) and each line's row in them."""
        import numpy as np

        width = len(LAYERS) - 1
        fixed = len(self.fixed_rows)
        table = np.zeros((fixed + self.size + 1, width, 3))
        if fixed:
            table[:fixed] = np.array(self.fixed_rows, dtype=float).reshape(-1, width, 3)
        for start, rows in self.rated:
            table[fixed + start : fixed + start + len(rows)] = rows
        row = np.where(self.row <= -2, fixed - 2 - self.row, self.row)
        return table, np.where(row == -1, len(table) - 1, row)

    def priced(
        self, share: np.ndarray, known: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per line: the layers (WIDTH columns; a layer charged on the metal content and the
        rest is priced with the line's metal share, NaN where none is given), their sum (NaN
        read as 0), and the sums of the layers on the whole value with those on the metal
        and with those on the rest. Worked out per table row where the share plays no part:
        the same sums, in the same order, as line by line."""
        import numpy as np

        table, line_row = self._table()
        whole, metal, rest = (np.ascontiguousarray(table[:, :, k]) for k in range(3))
        parts = (metal != 0) | (rest != 0)
        layer = whole[line_row]
        added = np.nansum(whole, axis=1)[line_row]
        shared = np.flatnonzero(parts.any(axis=1)[line_row])  # lines priced on their metal
        if len(shared):
            row, m = line_row[shared], np.where(known[shared], share[shared], 0.0)[:, None]
            priced = whole[row] + metal[row] * m + rest[row] * (1 - m)
            priced[parts[row] & ~known[shared, None]] = np.nan
            layer[shared] = priced
            added[shared] = np.nansum(priced, axis=1)
        on_metal = (whole + metal).sum(axis=1)[line_row]
        on_rest = (whole + rest).sum(axis=1)[line_row]
        return layer, added, on_metal, on_rest


def _worded_per_line(answer: Any) -> bool:
    """Whether the answer's first reason names the Section 232 entries of the code that
    stood in for the case (each line then reads its own)."""
    first = answer.error or (answer.unsettled[0] if answer.unsettled else "")
    return any(old in first for old in answer.listed)


def _words(texts: Any, answer: Any, code_of: np.ndarray, sigs: Any) -> Any:
    """The number of the answer's words for each line, in each line's own words."""
    import numpy as np

    from tradeterms._frame_engine import reworded

    if not _worded_per_line(answer):
        return texts.number(answer)
    _, one, each = np.unique(sigs.idents[code_of], return_index=True, return_inverse=True)
    numbers = [texts.number(reworded(answer, sigs[int(code_of[j])].listed)) for j in one]
    return np.array(numbers, dtype=np.int64)[each]


_QUOTA_CODES: tuple[str | None, ...] = (None, "in", "over")  # the quota column, as numbers


def _code_tables(
    frame_codes: _Codes, distinct: np.ndarray, group: Any, revision: str
) -> tuple[Any, np.ndarray]:
    """The signatures and matched term scopes of a group's codes (the frame's `distinct`
    codes), kept for the next group with the same codes on a date on which the schedule
    (`revision`) and the lists say the same (a series over dates, the partners of a
    basket)."""
    from tradeterms import _frame_engine as engine

    codes = tuple(frame_codes.codes[distinct].tolist())
    scopes = group.scopes
    era, party_list, tables = engine.era(group.on), group.party_list, group.tables
    key = (hash(codes), len(codes), revision, era, party_list, scopes, tables)
    found = _CODE_TABLES.get(key)
    if found is not None and found[0] == codes:
        kept: tuple[Any, np.ndarray] = found[1]
        return kept
    digits = tuple(frame_codes.digits[distinct].tolist())
    sigs = engine.signatures(digits, group.on, party_list, tables)
    made = (sigs, _scope_matches(digits, scopes))
    if len(_CODE_TABLES) >= 16:
        del _CODE_TABLES[next(iter(_CODE_TABLES))]  # the oldest
    _CODE_TABLES[key] = (codes, made)
    return made


_CODE_TABLES: dict[Hashable, tuple[tuple[str, ...], Any]] = {}


class _Codes:
    """The distinct codes of a frame: interned (the kept tables share one copy of the
    strings, whichever call made them), their digits ("" where a code has none), and their
    schedule lines in each revision asked for, looked up once for all the frame's groups
    (the partners of a basket share most of their codes)."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        import numpy as np

        from tradeterms._mfn_arrays import code_digits

        interned = tuple(map(sys.intern, codes))
        self.codes = np.array(interned, dtype=object)
        self.digits = np.array(code_digits(interned), dtype=object)
        self._lines: dict[str, MfnArrays] = {}  # by revision: a few are shipped
        self._refused: dict[str, np.ndarray] = {}  # by revision: the codes it refuses

    def lines(self, revision: str) -> MfnArrays:
        from tradeterms._mfn_arrays import mfn_arrays

        found = self._lines.get(revision)
        if found is None:
            codes = self.codes.tolist()
            found = mfn_arrays(codes, revision, tuple(self.digits.tolist()))
            self._lines[revision] = found
        return found

    def refused(self, revision: str) -> np.ndarray:
        """Per code: whether the schedule `revision` refuses it (its lines' `error`)."""
        found = self._refused.get(revision)
        if found is None:
            found = self._refused[revision] = self.lines(revision).error != ""
        return found


@lru_cache(maxsize=16)
def _frame_codes(codes: tuple[str, ...]) -> _Codes:
    """The frame's codes, kept for the next frame with the same codes (another date)."""
    return _Codes(codes)


def _scope_matches(codes: tuple[str, ...], scopes: tuple[str, ...]) -> np.ndarray:
    """A number per distinct set of the term scopes (`scope.hs`) each code falls under: the
    quota terms reach a good through them."""
    import numpy as np

    if not scopes:  # every code under none: one number, stored once
        return np.broadcast_to(np.int64(0), (max(len(codes), 1),))
    return _scope_numbers(codes, scopes)


@lru_cache(maxsize=16)
def _scope_numbers(codes: tuple[str, ...], scopes: tuple[str, ...]) -> np.ndarray:
    import numpy as np

    numbers = np.array(
        [
            _SCOPE_SETS.setdefault(tuple(p for p in scopes if c.startswith(p)), len(_SCOPE_SETS))
            for c in codes
        ],
        dtype=np.int64,
    )
    numbers.flags.writeable = False  # shared by the groups with these codes and scopes
    return numbers


# Sets of term scopes, numbered once for the process: the numbers key the kept cases.
_SCOPE_SETS: dict[tuple[str, ...], int] = {(): 0}


def _open_group(
    catalog: Catalog,
    out: _Answers,
    origin: str,
    on: dt.date,
    known_on: dt.date | None,
    rows: np.ndarray,
    days: np.ndarray,
) -> Any:
    """The group's origin and term states, or None (its lines failed) where refused. A date
    the schedule refuses is refused in its own words, line by line (`days`)."""
    import numpy as np

    from tradeterms import _frame_engine as engine
    from tradeterms._duty_origin import resolve_origin
    from tradeterms.duties import _line, refuse_us_origin
    from tradeterms.errors import TradetermsError

    try:
        where = resolve_origin(catalog, origin)
        refuse_us_origin(where.party)
    except TradetermsError as exc:
        out.fail(_mask(len(out.error), rows), str(exc))
        return None
    try:
        _line("0101.21.00", on)  # refuses a date before the first shipped schedule
    except TradetermsError:
        for day in np.unique(days[rows]):  # every date of the class is refused, in its words
            try:
                _line("0101.21.00", _date_of(day))
            except TradetermsError as exc:
                out.fail(_mask(len(out.error), rows[days[rows] == day]), str(exc))
        return None
    try:
        return engine.group(catalog, where, on, known_on)
    except TradetermsError as exc:
        out.fail(_mask(len(out.error), rows), str(exc))
        return None


def specific_mfn(hts: np.ndarray, on: dt.date) -> np.ndarray:
    """Which codes have an MFN rate that is not a fraction of the value alone (a specific or
    compound rate, a watch rate on named components) in the schedule in force on `on`."""
    import numpy as np
    import pandas as pd

    from tradeterms._hts_schedule import revision_for_date

    if not len(hts):
        return np.zeros(0, dtype=bool)
    # the codes as duty_frame reads them: its call on these codes finds them looked up
    code_of, codes = _texts(pd.Series(hts, dtype=object), upper=False)
    lines = _frame_codes(tuple(codes.tolist())).lines(revision_for_date(on))
    flags: np.ndarray = ((lines.error == "") & np.isnan(lines.mfn))[code_of]
    return flags


def _line_mfn(
    rows: np.ndarray, line_of: np.ndarray, lines: MfnArrays, inputs: _Inputs
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's MFN fraction (NaN: not settled) and, where not settled, why.

    A given `mfn_rate` wins; a specific rate is priced from the line's quantity and value,
    once per distinct (code, value, quantity)."""
    import numpy as np

    base = lines.mfn[line_of]
    reason = lines.reason[line_of]
    given = inputs.mfn_rate[rows]
    mfn = np.where(np.isnan(given), base, given)
    reason = np.where(np.isnan(given), reason, "")
    if inputs.quantity is None:
        return mfn, reason
    specific = lines.specific[line_of]
    todo = np.flatnonzero(specific & np.isnan(given) & ~np.isnan(inputs.value[rows]))
    todo = todo[[isinstance(q, str) and q.strip() != "" for q in inputs.quantity[rows[todo]]]]
    priced: dict[tuple[int, float, str], tuple[float, str]] = {}
    for k in todo:  # lines with a specific MFN rate and a quantity only
        case = (int(line_of[k]), float(inputs.value[rows[k]]), str(inputs.quantity[rows[k]]))
        if case not in priced:
            priced[case] = _specific(lines, case[0], case[1], case[2])
        mfn[k], reason[k] = priced[case]
    return mfn, reason


def _specific(lines: MfnArrays, code: int, value: float, quantity: str) -> tuple[float, str]:
    from tradeterms._duty_steps import Ledger
    from tradeterms._duty_units import parse_quantity, parse_value
    from tradeterms._hts_schedule import mfn_line
    from tradeterms.duties import _mfn_fraction
    from tradeterms.errors import TradetermsError

    ledger = Ledger()
    line = mfn_line(lines.line[code], lines.revision)
    try:
        money = parse_value(f"USD {Decimal(repr(value))}")
        fraction, _ = _mfn_fraction(line, money, parse_quantity(quantity), ledger)
    except TradetermsError as exc:
        return float("nan"), str(exc)
    if fraction is None:
        return float("nan"), ledger.unsettled[0]
    return float(fraction), ""


def _mask(n: int, rows: np.ndarray) -> np.ndarray:
    import numpy as np

    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


# ============================================================================ output

_TEXT_COLUMNS = ("origin", "hts", "on", "value", "total_rate", "duty", "settled", "reason")


@dataclass(frozen=True)
class FrameOutput:
    """A duty_frame result for the output registry: every column in csv, tsv, json, xlsx,
    markdown and HTML; the main columns as aligned text."""

    frame: pd.DataFrame

    def output(self) -> Any:
        from tradeterms.output import Output, Table

        def table() -> Table:
            return Table("duty", tuple(map(str, self.frame.columns)), _rows(self.frame))

        def text() -> str:
            from tabulate import tabulate

            shown = self.frame[[c for c in _TEXT_COLUMNS if c in self.frame.columns]]
            return tabulate(_rows(shown), headers=list(shown.columns)) + "\n"

        def records() -> list[dict[str, Any]]:
            names = list(map(str, self.frame.columns))
            return [dict(zip(names, row, strict=True)) for row in _rows(self.frame)]

        return Output(text, records, table=table)

    def render(self, fmt: str) -> str | bytes:
        from tradeterms.output import render

        return render(self.output(), fmt)


def frame_output(frame: pd.DataFrame) -> FrameOutput:
    return FrameOutput(frame)


def _rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Rows as plain Python values: NaN and missing are None, dates are dates."""
    import pandas as pd

    def plain(value: Any) -> Any:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, pd.Timestamp):
            return value.date()
        return value.item() if hasattr(value, "item") else value

    return [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)]
