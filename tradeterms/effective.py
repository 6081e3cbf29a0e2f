"""Trade-weighted effective tariff rates: the duty on a basket of imports, as one rate.

`etr("EU", "2026-03-01")` prices every HTS10 line the EU shipped to the US in 2024 with
`duty_frame` and weighs the rates by the 2024 import values. What the data cannot settle is
not hidden: `coverage` is the value share with a settled rate, `priced` the share priced
once the named `Assumptions` are applied, and `low`/`high` bracket the rate over every line.
docs/etr.md explains the method and how it differs from the Yale Budget Lab tracker.

    >>> import pandas as pd, tradeterms
    >>> cars = pd.DataFrame({"partner": ["JP"], "hts10": ["8703230190"], "value": [100.0]})
    >>> round(tradeterms.etr("JP", "2025-10-01", weights=cars).rate, 6)
    0.15
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tradeterms._dates import required_date
from tradeterms._frame_engine import LAYERS, day_class
from tradeterms.errors import InvalidArgumentError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from tradeterms.catalog import Catalog
    from tradeterms.output import Output

__all__ = [
    "Assumptions",
    "EtrResult",
    "basket",
    "etr",
    "etr_frame",
    "etr_output",
    "etr_series",
    "render_etr",
]

# The partners of the shipped basket, as `duty` names them (the EU is one partner).
BASKET_PARTNERS = ("EU", "JP", "GB", "KR", "CH", "VN")
_ALIASES = {"UK": "GB"}
_SCREENED = "the line may fall under the Section 232 action on"  # _duty_layers._screens
_QUOTA = "give the quota status"  # _duty_quota.quota_step, where the quota's fill decides
# The parts of a rate: the layers, and the middle of the range of lines the data cannot settle.
BREAKDOWN = (*LAYERS, "unsettled")


@dataclass(frozen=True)
class Assumptions:
    """The inputs an effective rate rests on beyond the law; each has a documented default.

    * ``metal_share``: the steel, aluminium and copper share of a derivative's value, where
      its Section 232 duty is charged on the metal: ``"bea"`` (the shipped BEA-based
      estimate per HTS10, ``metal_shares_hs10.csv.gz``) or one share for every line.
      ``metal_range`` scales it for the bracket (half and double by default).
    * ``quota_fill``: the share of goods under a tariff-rate quota (UK cars, 100,000 vehicles
      a year) entered within it, at the in-quota rate; the rest pays the over-quota
      rate. Default 1.0: the basket has values, not vehicle counts.
    * ``unlisted_232``: Section 232 actions with no published HTS list (lumber and
      furniture, semiconductors...): ``"bracket"`` (default: not in the central rate, in the
      high end at the highest rate in force) or ``"not_applied"``.
    * ``per_unit_mfn``: how specific MFN duties are priced: ``"observed"`` (default: the
      2024 calculated duty over the 2024 value of the line) or ``"unsettled"``.
    * ``preferences``: ``"observed"`` (default: goods of a free-trade partner, KORUS and
      CAFTA-DR, pay the MFN duty they paid in 2024, i.e. the preference use of 2024) or
      ``"none"`` (column 1 General).
    * ``dating``: ``"legal"`` (default: every source, each measure from its legal effective
      date) or ``"known"`` (only sources public on the day: the rate as known then).
    """

    metal_share: str | float = "bea"
    metal_range: tuple[float, float] = (0.5, 2.0)
    quota_fill: float = 1.0
    unlisted_232: str = "bracket"  # or "not_applied"
    per_unit_mfn: str = "observed"  # or "unsettled"
    preferences: str = "observed"  # or "none"
    dating: str = "legal"  # or "known"

    def __post_init__(self) -> None:
        share = self.metal_share
        if share != "bea" and not (isinstance(share, float | int) and 0 <= share <= 1):
            raise InvalidArgumentError(f"metal_share must be 'bea' or a share, got {share!r}")
        if not 0 <= self.quota_fill <= 1:
            raise InvalidArgumentError(f"quota_fill must be a share, got {self.quota_fill!r}")
        for name, allowed in _CHOICES.items():
            if getattr(self, name) not in allowed:
                raise InvalidArgumentError(f"{name} must be one of {', '.join(allowed)}")

    def describe(self) -> dict[str, Any]:
        return {
            "metal_share": self.metal_share,
            "metal_range": list(self.metal_range),
            "quota_fill": self.quota_fill,
            "unlisted_232": self.unlisted_232,
            "per_unit_mfn": self.per_unit_mfn,
            "preferences": self.preferences,
            "dating": self.dating,
        }


_CHOICES = {
    "unlisted_232": ("bracket", "not_applied"),
    "per_unit_mfn": ("observed", "unsettled"),
    "preferences": ("observed", "none"),
    "dating": ("legal", "known"),
}


@dataclass(frozen=True)
class EtrResult:
    """The import-weighted rate of one partner on one date, with its bracket and parts.

    `rate`, `low` and `high` are over every line with a code the schedule knows: a line
    settled or priced by an assumption at its rate, a line the data cannot settle at the
    middle of its range (`by_layer["unsettled"]` is that part). `coverage` is the value share
    settled without any assumption (the metal share, a per-unit MFN priced from the base
    year), `priced` the share settled or priced by an assumption. `by_chapter` gives per HS
    chapter the value, the rate and the settled share.
    """

    partner: str
    on: dt.date
    rate: float
    low: float
    high: float
    coverage: float
    priced: float
    value: float
    by_layer: dict[str, float]
    by_chapter: tuple[tuple[str, float, float, float], ...]
    assumptions: Assumptions = field(default_factory=Assumptions)

    def row(self) -> tuple[Any, ...]:
        return (
            self.partner,
            self.on,
            _pct(self.rate),
            _pct(self.low),
            _pct(self.high),
            _pct(self.coverage),
            _pct(self.priced),
            *(_pct(self.by_layer[name]) for name in BREAKDOWN),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "partner": self.partner,
            "on": self.on.isoformat(),
            "rate": self.rate,
            "low": self.low,
            "high": self.high,
            "coverage": self.coverage,
            "priced": self.priced,
            "value_usd": self.value,
            "by_layer": self.by_layer,
            "by_chapter": [
                {"chapter": c, "value_usd": v, "rate": None if r != r else r, "coverage": s}
                for c, v, r, s in self.by_chapter
            ],
            "assumptions": self.assumptions.describe(),
        }


COLUMNS = (
    "partner",
    "on",
    "rate %",
    "low %",
    "high %",
    "coverage %",
    "priced %",
    *(f"{name} %" for name in BREAKDOWN),
)


def _pct(value: float) -> float:
    return round(100 * value, 2)


# ============================================================================ weights


def basket() -> pd.DataFrame:
    """The shipped weights: 2024 US imports for consumption by partner and HTS10 (Census),
    with columns partner, hts10, value and duty (calculated duty), in USD."""
    return _basket().copy()


_BASKET = "etr_basket_2024.csv.gz"
_BASKET_TYPES = {"partner": "string", "hts10": "string"}


@lru_cache(maxsize=1)
def _basket() -> pd.DataFrame:
    import io

    import pandas as pd

    from tradeterms._data_files import data_bytes

    return pd.read_csv(io.BytesIO(data_bytes(_BASKET)), dtype=_BASKET_TYPES)


@lru_cache(maxsize=8)
def _basket_of(partner: str) -> pd.DataFrame:
    """The lines of `partner` in the shipped basket, as `basket()` has them (with a fresh
    index). Only the rows from the partner's first to its last are parsed, not the whole
    basket, for an etr of one partner from a cold start (the file is sorted by partner;
    in any order the slice holds all the partner's lines, and is filtered)."""
    import io

    import pandas as pd

    from tradeterms._data_files import data_bytes

    text = data_bytes(_BASKET)
    header = text.index(b"\n") + 1
    start = text.find(b"\n" + partner.encode() + b",", header - 1) + 1
    last = text.rfind(b"\n" + partner.encode() + b",", header - 1) + 1
    end = text.find(b"\n", last) + 1 or len(text)
    if not start:
        return _basket().iloc[:0].reset_index(drop=True)
    rows = text[:header] + text[start:end]
    lines = pd.read_csv(io.BytesIO(rows), dtype=_BASKET_TYPES)
    return lines[lines["partner"] == partner].reset_index(drop=True)


@lru_cache(maxsize=1)
def _metal_shares() -> pd.Series:
    table = _read("metal_shares_hs10.csv.gz", {"hts10": "string"})
    return table.set_index("hts10")["metal_share"]


@lru_cache(maxsize=1)
def _fta_partners() -> frozenset[str]:
    from tradeterms._hts_schedule import read_data_csv

    return frozenset(r["partner"] for r in read_data_csv("preference_partners.csv"))


def _read(name: str, dtype: dict[str, str]) -> pd.DataFrame:
    from importlib import resources

    import pandas as pd

    with (resources.files("tradeterms") / "data" / name).open("rb") as fh:
        return pd.read_csv(fh, compression="gzip", dtype=dtype)


def _partner(name: str) -> str:
    code = name.strip().upper()
    return _ALIASES.get(code, code)


# ============================================================================ the rate


def etr(
    partner: str,
    on: dt.date | str,
    *,
    weights: pd.DataFrame | None = None,
    known_on: dt.date | str | None = None,
    assumptions: Assumptions | None = None,
    catalog: Catalog | None = None,
) -> EtrResult:
    """The import-weighted US duty rate on goods of `partner` on `on`.

    `weights` has columns partner, hts10, value (USD) and optionally duty (the duty paid in
    the base year, for `per_unit_mfn` and `preferences`); default `basket()`. `known_on`
    counts only sources public by that date (it overrides `assumptions.dating`).
    """
    return etr_frame(
        [partner],
        [on],
        weights=weights,
        known_on=known_on,
        assumptions=assumptions,
        catalog=catalog,
    )[0]


def etr_series(
    partners: Sequence[str],
    start: dt.date | str,
    end: dt.date | str,
    step: int = 1,
    **options: Any,
) -> list[EtrResult]:
    """`etr` for each partner every `step` days from `start` to `end` (both included)."""
    first, last = required_date(start, "start"), required_date(end, "end")
    if step < 1 or last < first:
        raise InvalidArgumentError("the series needs start <= end and a step of at least 1 day")
    days = [first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, step)]
    return etr_frame(partners, days, **options)


def etr_frame(
    partners: Iterable[str],
    dates: Iterable[dt.date | str],
    *,
    weights: pd.DataFrame | None = None,
    known_on: dt.date | str | None = None,
    assumptions: Assumptions | None = None,
    catalog: Catalog | None = None,
) -> list[EtrResult]:
    """`etr` for every partner on every date (partner by partner, dates in order).

    Two dates on which the data says the same thing of a partner (the same claims counted,
    the same list entries and schedule revision) share one calculation.
    """
    if catalog is None:
        from tradeterms.loader import load

        catalog = load()
    options = assumptions or Assumptions()
    known = required_date(known_on, "known_on") if known_on is not None else None
    table = None if weights is None else _weights(weights)
    days = [required_date(d, "on") for d in dates]
    results: list[EtrResult] = []
    for name in partners:
        code = _partner(name)
        lines = _basket_of(code) if table is None else table[table["partner"] == code]
        if lines.empty:
            have = ", ".join(sorted(set((_basket() if table is None else table)["partner"])))
            raise InvalidArgumentError(f"the weights have no lines for {name!r}; they have {have}")
        prepared = _prepare(lines, code, options)
        if len(days) == 1:  # nothing to share: skip working out the eras (a cold start)
            day_known = known or (days[0] if options.dating == "known" else None)
            results.append(_one(catalog, prepared, code, days[0], day_known, options))
            continue
        by_era: dict[int, EtrResult] = {}
        same: dict[Hashable, EtrResult] = {}
        for day in days:
            era = day_class(catalog, day)
            if era not in by_era:
                day_known = known or (day if options.dating == "known" else None)
                key = _same_as(catalog, code, day, day_known)
                if key not in same:
                    same[key] = _one(catalog, prepared, code, day, day_known, options)
                by_era[era] = same[key]
            results.append(replace(by_era[era], on=day))
    return results


def _weights(weights: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("partner", "hts10", "value") if c not in weights.columns]
    if missing:
        raise InvalidArgumentError(f"weights need the columns {', '.join(missing)}")
    table = weights.copy()
    table["partner"] = table["partner"].astype("string").map(_partner)
    table["hts10"] = table["hts10"].astype("string").str.replace(".", "", regex=False)
    if "duty" not in table:
        table["duty"] = float("nan")
    return table


def _prepare(lines: pd.DataFrame, code: str, options: Assumptions) -> pd.DataFrame:
    """The partner's lines as duty_frame entries, with the assumed metal share and the MFN
    rate observed in the base year where the assumptions use it."""
    import numpy as np

    frame = lines.loc[~lines["hts10"].str.startswith("99"), ["hts10", "value", "duty"]]
    frame = frame.rename(columns={"hts10": "hts"}).reset_index(drop=True)
    frame = frame[frame["value"] > 0].reset_index(drop=True)
    if options.metal_share == "bea":
        share = frame["hts"].map(_metal_shares()).to_numpy(dtype=float)
    else:
        share = np.full(len(frame), float(options.metal_share))
    frame["metal_share"] = share
    observed = (frame["duty"] / frame["value"]).to_numpy(dtype=float)
    frame["observed"] = observed
    frame["preference"] = options.preferences == "observed" and code in _fta_partners()
    frame["chapter"] = frame["hts"].str[:2]
    frame.attrs["census_only"] = float(
        lines.loc[lines["hts10"].str.startswith("99"), "value"].sum()
    )
    return frame


def _same_as(catalog: Catalog, code: str, day: dt.date, known: dt.date | None) -> Hashable:
    """What the rate of `code` on `day` depends on: the tariff claims counted, the list
    dates passed and the schedule revision in force."""
    from tradeterms import _frame_engine as engine
    from tradeterms._duty_origin import resolve_origin
    from tradeterms._hts_schedule import revision_for_date

    where = resolve_origin(catalog, code)
    states = engine.states_of(catalog, where, day, known)
    group = engine.Group(catalog, where, day, known, states, engine.party_list(where.party))
    known_era = None if known is None else engine.era(known)
    return (group.key, engine.era(day), known_era, revision_for_date(day))


def _one(
    catalog: Catalog,
    lines: pd.DataFrame,
    code: str,
    day: dt.date,
    known: dt.date | None,
    options: Assumptions,
) -> EtrResult:
    import numpy as np

    from tradeterms.batch import duty_frame, specific_mfn

    entries = lines[["hts", "value", "metal_share"]].assign(origin=code, on=day, known_on=known)
    mfn_rate = np.where(lines["preference"], lines["observed"], np.nan)
    if options.per_unit_mfn == "observed":
        specific = specific_mfn(lines["hts"].to_numpy(dtype=object), day)
        mfn_rate = np.where(specific & np.isnan(mfn_rate), lines["observed"], mfn_rate)
        lines = lines.assign(per_unit=specific & ~lines["preference"].to_numpy(dtype=bool))
    entries["mfn_rate"] = mfn_rate
    out = duty_frame(entries, catalog=catalog)
    quota = _quota_runs(catalog, entries, out)
    return _weigh(catalog, out, lines, code, day, known, options, quota)


def _quota_runs(
    catalog: Catalog, entries: pd.DataFrame, out: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """For lines a tariff-rate quota leaves open: the layers within and over the quota
    (NaN rows elsewhere), from the calculator with the quota status given."""
    import numpy as np

    from tradeterms.batch import duty_frame

    names = [f"rate_{name}" for name in LAYERS]
    runs = [np.full((len(out), len(LAYERS)), np.nan) for _ in range(2)]
    waiting = out["reason"].fillna("").str.contains(_QUOTA, regex=False).to_numpy()
    if not waiting.any():
        return runs[0], runs[1]
    for status, run in zip(("in", "over"), runs, strict=True):
        answered = duty_frame(entries[waiting].assign(quota=status), catalog=catalog)
        done = answered["settled"].to_numpy(dtype=bool)
        layers = answered[names].to_numpy(dtype=float)
        run[np.flatnonzero(waiting)[done]] = layers[done]
    return runs[0], runs[1]


def _weigh(
    catalog: Catalog,
    out: pd.DataFrame,
    lines: pd.DataFrame,
    code: str,
    day: dt.date,
    known: dt.date | None,
    options: Assumptions,
    quota_runs: tuple[np.ndarray, np.ndarray],
) -> EtrResult:
    import numpy as np

    value = out["value"].to_numpy(dtype=float)
    total = out["total_rate"].to_numpy(dtype=float)
    layers = np.column_stack([out[f"rate_{name}"].to_numpy(dtype=float) for name in LAYERS])
    layers = np.nan_to_num(layers)
    floor = layers.sum(axis=1)
    known_code = out["error"].isna().to_numpy()
    settled = out["settled"].to_numpy(dtype=bool)
    central = np.where(settled, total, np.nan)
    low, high = central.copy(), central.copy()
    ceiling = _ceiling(catalog, code, day, known)
    # derivatives priced on their metal: the assumed share, and a range around it
    metal = out["metal_rate"].to_numpy(dtype=float)
    rest = out["rest_rate"].to_numpy(dtype=float)
    share = lines["metal_share"].to_numpy(dtype=float)
    formula = ~np.isnan(metal)
    lo_share = np.clip(share * options.metal_range[0], 0, 1)
    hi_share = np.clip(share * options.metal_range[1], 0, 1)
    at = [metal * s + rest * (1 - s) for s in (lo_share, hi_share)]
    metal_lo, metal_hi = np.fmin(at[0], at[1]), np.fmax(at[0], at[1])
    metal_lo = np.where(np.isnan(share), np.fmin(metal, rest), metal_lo)
    metal_hi = np.where(np.isnan(share), np.fmax(metal, rest), metal_hi)
    low = np.where(formula, metal_lo, low)
    high = np.where(formula, metal_hi, high)
    # a tariff-rate quota: quota_fill of the value within it, the rest over it
    inside, over = quota_runs
    quota = ~settled & ~np.isnan(inside).any(axis=1) & ~np.isnan(over).any(axis=1)
    fill = options.quota_fill
    blend = fill * inside + (1 - fill) * over
    layers = np.where(quota[:, None], blend, layers)
    central = np.where(quota, blend.sum(axis=1), central)
    low = np.where(quota, np.fmin(inside.sum(axis=1), over.sum(axis=1)), low)
    high = np.where(quota, np.fmax(inside.sum(axis=1), over.sum(axis=1)), high)
    # Section 232 actions without a list, and anything else unsettled
    screened = ~settled & out["reason"].str.startswith(_SCREENED, na=False).to_numpy(bool)
    if options.unlisted_232 == "not_applied":
        central = np.where(screened, floor, central)
    rest_open = known_code & np.isnan(low)
    low = np.where(rest_open, floor, low)
    high = np.where(rest_open, floor + ceiling, high)
    bounded = known_code & ~np.isnan(low)
    priced = bounded & ~np.isnan(central)
    middle = np.where(priced, central, (low + high) / 2)
    parts = np.where(priced[:, None], layers, 0.0)
    parts[:, 0] = np.where(priced, central - parts[:, 1:].sum(axis=1), 0.0)
    weight = value[bounded].sum()
    whole = value.sum() + lines.attrs.get("census_only", 0.0)

    def mean(rates: np.ndarray) -> float:
        return float((rates[bounded] * value[bounded]).sum() / weight) if weight else 0.0

    rate = mean(middle)
    by_layer = {name: mean(parts[:, k]) for k, name in enumerate(LAYERS)}
    by_layer["unsettled"] = mean(np.where(priced, 0.0, middle))
    by_layer["mfn"] = rate - sum(v for k, v in by_layer.items() if k != "mfn")
    plain = settled & ~out["metal_priced"].to_numpy(dtype=bool)
    if "per_unit" in lines:
        plain &= ~lines["per_unit"].to_numpy(dtype=bool)
    return EtrResult(
        partner=code,
        on=day,
        rate=rate,
        low=mean(low),
        high=mean(high),
        coverage=float(value[plain].sum() / whole) if whole else 0.0,
        priced=float(value[priced].sum() / whole) if whole else 0.0,
        value=float(whole),
        by_layer=by_layer,
        by_chapter=_chapters(lines, value, central, settled),
        assumptions=options,
    )


def _chapters(
    lines: pd.DataFrame, value: np.ndarray, central: np.ndarray, settled: np.ndarray
) -> tuple[tuple[str, float, float, float], ...]:
    """Per HS chapter: value, rate, settled share; the Census-only chapter 99 codes last."""
    import numpy as np
    import pandas as pd

    code_of, names = pd.factorize(lines["chapter"].to_numpy(dtype=object), sort=True)
    priced = ~np.isnan(central)
    n = len(names)

    def total(weights: np.ndarray) -> np.ndarray:
        return np.bincount(code_of, weights=weights, minlength=n)

    whole = total(value)
    weighted = total(np.where(priced, central * value, 0.0))
    priced_value = total(np.where(priced, value, 0.0))
    settled_value = total(np.where(settled, value, 0.0))
    rows = [
        (
            str(names[k]),
            float(whole[k]),
            float(weighted[k] / priced_value[k]) if priced_value[k] else float("nan"),
            float(settled_value[k] / whole[k]) if whole[k] else 0.0,
        )
        for k in range(n)
    ]
    census_only = lines.attrs.get("census_only", 0.0)
    if census_only:
        rows.append(("99", float(census_only), float("nan"), 0.0))
    return tuple(rows)


def _ceiling(catalog: Catalog, code: str, day: dt.date, known: dt.date | None) -> float:
    """The highest ad valorem rate of any tariff claim in force on goods of `code`: the
    most an unsettled layer could add (the high end of the bracket)."""
    from tradeterms._duty_claims import in_force, tariff_of
    from tradeterms._duty_origin import resolve_origin
    from tradeterms._frame_engine import states_of

    states = states_of(catalog, resolve_origin(catalog, code), day, known)
    rates = [
        float(value.rate.fraction)
        for state in states
        for view in in_force(list(state.counted))
        if (value := tariff_of(view.claim.value)) is not None and value.rate is not None
    ]
    return max(rates, default=0.0)


# ============================================================================ output


def render_etr(results: Sequence[EtrResult], fmt: str) -> str | bytes:
    """The results in one format of the output registry (UnknownFormatError otherwise)."""
    from tradeterms.output import render

    return render(etr_output(results), fmt)


def etr_output(results: Sequence[EtrResult]) -> Output:
    """The results as the output registry sees them: one row per partner and date, with
    the layer and chapter breakdowns as more sheets."""
    from tradeterms.output import Output, Table

    table = Table("etr", COLUMNS, tuple(r.row() for r in results))

    def text() -> str:
        from tabulate import tabulate

        return tabulate(table.rows, headers=table.columns, floatfmt=".2f") + "\n"

    def chapters() -> Sequence[Table]:
        rows = [
            (r.partner, r.on, ch, round(v), _pct(rate), _pct(cov))
            for r in results
            for ch, v, rate, cov in r.by_chapter
        ]
        columns = ("partner", "on", "chapter", "value usd", "rate %", "coverage %")
        return (Table("by chapter", columns, tuple(rows)),)

    return Output(
        text, lambda: [r.to_dict() for r in results], table=lambda: table, sheets=chapters
    )
