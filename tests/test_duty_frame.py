"""duty_frame agrees with the scalar duty() on every line of the case tables."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from test_duty import CASES as DUTY_CASES
from test_duty_china import CASES as CHINA_CASES
from test_duty_lists import CASES as LIST_CASES
from test_duty_others import CASES as OTHER_CASES
from test_duty_others import NOT_SETTLED

from tradeterms.batch import OUTPUT_COLUMNS, duty_frame
from tradeterms.catalog import Catalog
from tradeterms.duties import duty
from tradeterms.errors import TradetermsError

CASE_ROWS = [(c[0], c[1], c[2], c[3]) for c in (*DUTY_CASES, *LIST_CASES, *OTHER_CASES)]
CASE_ROWS += [(c[0], c[1], c[2], None) for c in NOT_SETTLED]
CASE_ROWS += [(c[0], "CN", c[1], None) for c in CHINA_CASES]
CASE_ROWS += [("6307.90.98.70", "CN", "2025-12-01", None), ("6307.90.98", "CN", "2026-02-01", None)]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    from tradeterms.loader import load

    return load()


def _frame(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["hts", "origin", "on", "known_on"])


def _scalar(catalog: Catalog, row: pd.Series) -> tuple[float | None, str | None]:
    known = None if pd.isna(row["known_on"]) else row["known_on"]
    try:
        result = duty(row["hts"], row["origin"], row["on"], known_on=known, catalog=catalog)
    except TradetermsError as exc:
        return None, str(exc)
    reason = result.unsettled[0] if result.unsettled else None
    return (None if result.total_rate is None else float(result.total_rate)), reason


def _agree(catalog: Catalog, frame: pd.DataFrame) -> None:
    out = duty_frame(frame, catalog=catalog)
    assert list(out.columns[-len(OUTPUT_COLUMNS) :]) == list(OUTPUT_COLUMNS)
    for _, row in out.iterrows():
        total, reason = _scalar(catalog, row)
        where = (row["hts"], row["origin"], row["on"], row["known_on"])
        if total is None:
            assert not row["settled"] and math.isnan(row["total_rate"]), where
            assert row["reason"] == reason, where
        else:
            assert row["settled"], (where, row["reason"])
            assert row["total_rate"] == pytest.approx(total, abs=1e-12), where
            layers = sum(row[c] for c in OUTPUT_COLUMNS if c.startswith("rate_"))
            assert layers == pytest.approx(total, abs=1e-12), where


def test_the_case_tables_agree(shipped: Catalog) -> None:
    assert len(CASE_ROWS) > 70
    _agree(shipped, _frame(CASE_ROWS))


def test_a_sample_of_the_basket_agrees_over_dates(shipped: Catalog) -> None:
    """Lines of the 2024 basket of six partners on dates across 2025-26 (the list dates)."""
    from tradeterms.effective import basket

    lines = basket().groupby("partner").sample(n=25, random_state=3)
    dates = ["2025-04-10", "2025-08-08", "2025-11-17", "2026-02-25", "2026-04-07", "2026-08-01"]
    rows = [
        (h, p, d, None)
        for h, p in zip(lines["hts10"], lines["partner"], strict=True)
        for d in dates
    ]
    _agree(shipped, _frame(rows))


def test_known_on_and_metal_share(shipped: Catalog) -> None:
    """A derivative priced on its metal: the frame's share gives the scalar's total."""
    rows = pd.DataFrame(
        {
            "origin": ["DE", "DE", "DE"],
            "hts": ["7326.90.86", "7326.90.86", "7326.90.86"],
            "on": ["2025-10-01"] * 3,
            "value": [1000, 1000, 1000],
            "metal_value": [200, None, None],
            "known_on": [None, None, "2025-10-01"],
        }
    )
    out = duty_frame(rows, catalog=shipped)
    scalar = duty(
        "7326.90.86", "DE", "2025-10-01", "USD 1000", metal_value="USD 200", catalog=shipped
    )
    assert out["total_rate"][0] == pytest.approx(float(scalar.total_rate or 0))
    assert out["duty"][0] == pytest.approx(float(scalar.duty.amount if scalar.duty else 0))
    plain = duty("7326.90.86", "DE", "2025-10-01", catalog=shipped)
    assert not out["settled"][1] and plain.by_metal_share is not None
    assert out["metal_rate"][1] == pytest.approx(float(plain.by_metal_share.on_metal))
    assert out["rest_rate"][1] == pytest.approx(float(plain.by_metal_share.on_rest))


def test_bad_rows_are_reported_and_the_rest_computed(shipped: Catalog) -> None:
    rows = pd.DataFrame(
        {
            "origin": ["JP", "ZZ", "JP", "JP", "US", "JP"],
            "hts": ["8703.23.01", "8703.23.01", "9999.99.99", "8703.23.01", "8703.23.01", "x"],
            "on": [
                "2025-10-01",
                "2025-10-01",
                "2025-10-01",
                "2025-13-01",
                "2025-10-01",
                "2025-10-01",
            ],
            "value": [100, 100, 100, 100, 100, -5],
        }
    )
    out = duty_frame(rows, catalog=shipped)
    assert out["settled"].tolist() == [True, False, False, False, False, False]
    assert pd.isna(out["error"][0])
    assert "unknown origin 'ZZ'" in out["error"][1]
    assert out["error"][2] == _scalar(shipped, rows.assign(known_on=None).iloc[2])[1]
    assert "'on' must be a date" in out["error"][3]
    assert "US origin" in out["error"][4]
    assert "'value' must be a number" in out["error"][5]


def test_mfn_rate_and_quantity(shipped: Catalog) -> None:
    """A given MFN rate replaces column 1 General; a specific rate is priced per line."""
    rows = pd.DataFrame(
        {
            "origin": ["KR", "JP"],
            "hts": ["8703.23.01", "2204.21.50"],
            "on": [dt.date(2025, 12, 1)] * 2,
            "value": [1000.0, 100.0],
            "quantity": [None, "10 liters"],
            "mfn_rate": [0.0, None],
        }
    )
    out = duty_frame(rows, catalog=shipped)
    assert out["rate_mfn"][0] == 0.0 and out["total_rate"][0] == pytest.approx(0.15)
    wine = duty("2204.21.50", "JP", "2025-12-01", "USD 100", "10 liters", catalog=shipped)
    assert out["total_rate"][1] == pytest.approx(float(wine.total_rate or 0))


def test_a_dask_frame_gives_the_pandas_answer(shipped: Catalog) -> None:
    """The same code maps over the partitions, on Dask's synchronous scheduler."""
    import dask
    import dask.dataframe as dd

    from tradeterms.effective import basket

    lines = basket().query("value > 0").groupby("partner").head(40)
    frame = pd.DataFrame(
        {
            "origin": lines["partner"].to_numpy(),
            "hts": lines["hts10"].to_numpy(),
            "on": ["2025-11-17", "2026-04-07"] * (len(lines) // 2),
            "value": lines["value"].to_numpy(dtype=float),
        }
    )
    expected = duty_frame(frame, catalog=shipped)
    lazy = duty_frame(dd.from_pandas(frame, npartitions=4), catalog=shipped)
    assert lazy.npartitions == 4
    with dask.config.set(scheduler="synchronous"):
        got = lazy.compute()
    # dask keeps strings as pyarrow strings: the values, not the string dtype, must agree
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_the_quota_status_column(shipped: Catalog) -> None:
    """UK cars: the importer's quota status settles the total, as duty(quota=...) does."""
    rows = pd.DataFrame(
        {
            "origin": ["GB", "GB", "GB", "GB"],
            "hts": ["8703.23.01"] * 4,
            "on": ["2025-10-01"] * 4,
            "quota": ["in", "over", None, "maybe"],
        }
    )
    out = duty_frame(rows, catalog=shipped)
    for k, status in enumerate(("in", "over")):
        scalar = duty("8703.23.01", "GB", "2025-10-01", quota=status, catalog=shipped)
        assert out["total_rate"][k] == pytest.approx(float(scalar.total_rate or 0))
    assert out["total_rate"][0] < out["total_rate"][1]
    plain = duty("8703.23.01", "GB", "2025-10-01", catalog=shipped)
    assert not out["settled"][2] and out["reason"][2] == plain.unsettled[0]
    assert out["error"][3] == "'quota' must be 'in' or 'over'"


def test_china_lines_agree_over_the_section_301_dates(shipped: Catalog) -> None:
    """Lines of the basket as goods of China, on dates around the Section 301 heading dates
    (9903.91.04 ends 31 Dec 2025, 9903.91.06-.08 start 1 Jan 2026) and the IEEPA ruling."""
    from tradeterms.effective import basket

    lines = basket().sample(n=60, random_state=5)["hts10"]
    dates = ["2025-03-10", "2025-12-31", "2026-01-01", "2026-02-24", "2026-08-01"]
    rows = [(h, "CN", d, None) for h in lines for d in dates]
    rows += [("6307.90.98.70", "CN", d, None) for d in dates]
    _agree(shipped, _frame(rows))


def test_dates_either_side_of_a_change_are_answered_apart(shipped: Catalog) -> None:
    """The engine reads the dates between two dates of the data and the lists as one class;
    lines the day before and the day a list entry or a term state changes, in one frame,
    must each get their own date's answer."""
    from tradeterms import _frame_engine as engine
    from tradeterms._product_lists import _annex_ii, partner_lines, s232_scopes
    from tradeterms.effective import basket

    lines = basket()
    japan = sorted(lines.loc[lines["partner"] == "JP", "hts10"])
    swiss = sorted(lines.loc[lines["partner"] == "CH", "hts10"])

    def under(codes: list[str], prefix: str) -> str | None:
        return next((c for c in codes if c.startswith(prefix)), None)

    annex = [e for e in _annex_ii().values() if e.hts10 in set(japan)]
    ends = next(e for e in annex if e.end)
    starts = next(e for e in annex if e.start)
    scope = next(s for s in s232_scopes() if s.effective_date and under(japan, s.hts_prefix))
    hts8, entry = next((h, es[0]) for h, es in partner_lines("swiss").items() if under(swiss, h))
    changes = [
        (ends.hts10, "JP", ends.end + dt.timedelta(days=1)),  # an Annex II entry ends
        (starts.hts10, "JP", starts.start),  # an Annex II entry starts
        (under(japan, scope.hts_prefix), "JP", scope.effective_date),  # a Section 232 entry
        (under(swiss, hts8), "CH", entry.effective_date),  # a partner's MFN-only entry
        ("8806.29.00.00", "JP", dt.date(2026, 9, 3)),  # the JP drones term (a state)
    ]
    rows: list[tuple[str, str, str, str | None]] = []
    for code, origin, day in changes:
        before = day - dt.timedelta(days=1)
        assert engine.day_class(shipped, before) != engine.day_class(shipped, day)
        rows += [(str(code), origin, str(before), None), (str(code), origin, str(day), None)]
    frame = _frame(rows)
    _agree(shipped, frame)
    out = duty_frame(frame, catalog=shipped)
    for k in range(0, len(rows), 2):  # each change changes the answer
        before_day, day = out.iloc[k], out.iloc[k + 1]
        assert (before_day["total_rate"], before_day["reason"]) != (
            day["total_rate"],
            day["reason"],
        ), rows[k]


def test_answers_do_not_depend_on_what_was_asked_before(shipped: Catalog) -> None:
    """Kept groups, signatures and runs: a frame answered after others on other dates and
    in another order gives what it gives alone, in a fresh engine."""
    from tradeterms import _frame_cases as cases

    rows = [(c[0], c[1], c[2], c[3]) for c in (*DUTY_CASES, *LIST_CASES, *OTHER_CASES)]
    frame = _frame(rows)
    cases._STORES.pop(shipped, None)
    alone = duty_frame(frame, catalog=shipped)
    for day in ("2025-04-10", "2026-02-25", "2025-11-17"):
        duty_frame(frame.iloc[::-1].assign(on=day), catalog=shipped)
    pd.testing.assert_frame_equal(duty_frame(frame, catalog=shipped), alone)


# Codes the two shipped schedule revisions read differently (2025_basic, in force until
# 2025-12-04, then 2025_rev_32): a line added, a line printed at 8 digits in one and at 10 in
# the other, its statistical code, and one the same in both.
REVISED = ("4420.19.00.00", "7013.37.10", "7013.37.10.10", "2825.60.00", "2825.60.00.00")
REVISED_DATES = ("2026-03-01", "2025-11-17")


def test_a_frames_codes_are_read_in_the_schedule_of_each_date(shipped: Catalog) -> None:
    """A frame's codes are looked up once per schedule revision for all its groups, and kept
    for the next frame with the same codes: the same codes on a date of each revision, one
    call after the other and then in one frame, read each date's own revision."""
    from tradeterms import batch

    batch._frame_codes.cache_clear()
    rows = [(h, o, d, None) for d in REVISED_DATES for o in ("JP", "DE") for h in REVISED]
    for day in REVISED_DATES:  # the second call finds the codes kept, not this revision
        _agree(shipped, _frame([row for row in rows if row[2] == day]))
    _agree(shipped, _frame(rows))
    out = duty_frame(_frame(rows), catalog=shipped).set_index(["hts", "on"])
    assert pd.isna(out.loc[("4420.19.00.00", "2026-03-01"), "error"]).all()
    assert out.loc[("4420.19.00.00", "2025-11-17"), "error"].str.contains("2025_basic").all()


def test_frames_with_other_codes_or_order_read_their_own(shipped: Catalog) -> None:
    """Kept lookups are by the frame's codes in their order: a frame of some of the codes
    of the one before, in another order and with new ones, gets its own lines."""
    from tradeterms.effective import basket

    codes = basket().query("partner == 'JP'")["hts10"].sample(n=40, random_state=8).tolist()
    first = [(h, "JP", "2026-03-01", None) for h in codes[:30]]
    then = [(h, "JP", "2026-03-01", None) for h in [*codes[20:][::-1], *REVISED]]
    _agree(shipped, _frame(first))
    _agree(shipped, _frame(then))


def test_specific_mfn_reads_the_codes_as_duty_frame_does(shipped: Catalog) -> None:
    """Which codes have a rate a quantity prices (etr asks before its duty_frame call, which
    then finds the codes looked up): wine by the litre; not cars, nor a code the schedule
    of the date does not read, nor a missing one."""
    from tradeterms.batch import specific_mfn

    hts = np.array(["2204.21.50", "8703.23.01", "4420.19.00.00", None, "2204.21.50"], dtype=object)
    assert specific_mfn(hts, dt.date(2025, 11, 17)).tolist() == [True, False, False, False, True]
    assert specific_mfn(hts[:0], dt.date(2025, 11, 17)).tolist() == []


@pytest.mark.parametrize(
    "on",
    [
        [pd.Timestamp("2025-09-16 01:00", tz="Asia/Tokyo")] * 2,
        ["2025-09-16T01:00:00+09:00", "2025-09-16"],
        ["2025-09-16T01:00:00+09:00", "2025-09-16T01:00:00-05:00"],
        [dt.datetime(2025, 9, 16, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))] * 2,
    ],
    ids=["aware-timestamps", "aware-and-plain-text", "two-offsets", "aware-datetimes"],
)
def test_dates_with_a_time_zone_read_as_written(shipped: Catalog, on: list[object]) -> None:
    """A date and time with a zone is the date written (as duty() reads a datetime), even
    where it is another day in UTC: 01:00 in Tokyo on 16 September 2025 is the 15th in UTC,
    the day before Japan's cars got the 15% all-in rate."""
    rows = pd.DataFrame(
        {"origin": ["JP", "JP"], "hts": ["8703.23.01"] * 2, "on": on, "value": [100, 100]}
    )
    out = duty_frame(rows, catalog=shipped)
    assert out["error"].isna().all()
    written, utc = (
        duty("8703.23.01", "JP", day, catalog=shipped) for day in ("2025-09-16", "2025-09-15")
    )
    assert written.total_rate != utc.total_rate
    assert out["total_rate"].tolist() == pytest.approx([float(written.total_rate or 0)] * 2)
