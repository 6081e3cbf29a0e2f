"""The shipped tables read the same whichever parser reads them (tradeterms/_data_files.py)."""

from __future__ import annotations

from importlib import resources

import pytest

from tradeterms import _data_files
from tradeterms._hts_schedule import read_data_csv

TABLES = sorted(
    entry.name
    for entry in (resources.files("tradeterms") / "data").iterdir()
    if entry.name.endswith((".csv", ".csv.gz"))
)


@pytest.mark.parametrize("name", TABLES)
def test_pandas_and_csv_read_every_table_alike(name: str) -> None:
    # a batch run (pandas imported) reads with pandas' C parser, the CLI with csv
    by_csv = _data_files._csv_columns(name)
    assert _data_files._pandas_columns(name) == by_csv
    rows = read_data_csv(name)
    assert list(by_csv) == list(rows[0])
    assert all(by_csv[column] == tuple(r[column] for r in rows) for column in by_csv)


def test_the_tables_are_all_there() -> None:
    assert {"hts_mfn.csv.gz", "deal_mfn_only.csv.gz", "s232_scopes.csv"} <= set(TABLES)


def test_iso_dates() -> None:
    days = _data_files.iso_dates(("2025-11-13", "", "2025-11-13"))
    assert [d and d.isoformat() for d in days] == ["2025-11-13", None, "2025-11-13"]
    assert days[0] is days[2]  # parsed once
