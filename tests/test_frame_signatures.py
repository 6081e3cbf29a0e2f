"""What the batch engine reads once per process: the date classes and the code signatures.

Both are worked out by shortcuts (the dates from the records' fields, the signatures once per
profile of list entries, with numpy joins on code prefixes); these tests hold them to the
plain reading they stand for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tradeterms
from tradeterms import _frame_engine as engine
from tradeterms._code_numbers import CodeNumbers, PrefixTable
from tradeterms._product_lists import partner_lines
from tradeterms.catalog import Catalog
from tradeterms.models import Model

FIXTURES = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


# ----------------------------------------------------------------------------- date classes


def _dumped_dates(data: Model) -> set[dt.date]:
    """The dates of the data as a walk over its whole dump finds them: every date, and every
    text of the form of one."""
    found: set[dt.date] = set()
    stack: list[Any] = [data.model_dump()]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dt.datetime):
            found.add(item.date())
        elif isinstance(item, dt.date):
            found.add(item)
        elif isinstance(item, str) and len(item) == 10 and item[4] == item[7] == "-":
            with contextlib.suppress(ValueError):
                found.add(dt.date.fromisoformat(item))
    return found


def _is_dated(annotation: Any) -> bool:
    return annotation is dt.date or any(_is_dated(a) for a in typing.get_args(annotation))


def _with_every_date(model: Model, days: Iterator[dt.date]) -> Model:
    """A copy of the record with a date of its own in every dated field, inside too."""
    update: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, Model):
            update[name] = _with_every_date(value, days)
        elif isinstance(value, list) and value and isinstance(value[0], Model):
            update[name] = [_with_every_date(item, days) for item in value]
        elif _is_dated(field.annotation):
            update[name] = next(days)
    return model.model_copy(update=update)


def _catalogs() -> Iterator[tuple[str, Model]]:
    yield "shipped", tradeterms.load().data
    for path in sorted(FIXTURES.glob("*.yaml")):
        yield path.name, tradeterms.load(path).data


@pytest.mark.parametrize(("name", "data"), list(_catalogs()))
def test_the_dates_of_the_records_are_those_of_their_dump(name: str, data: Model) -> None:
    assert engine.data_dates(data) == _dumped_dates(data), name


def test_a_date_in_any_dated_field_splits_a_class(shipped: Catalog) -> None:
    """Every dated field of every record filled with a date of its own (none of them in the
    data): the walk over the records finds every one, as the walk over the dump does."""
    start = dt.date(1901, 1, 1)
    days = (start + dt.timedelta(days=2 * n) for n in itertools.count())
    data = _with_every_date(shipped.data, days)
    found = engine.data_dates(data)
    assert found == _dumped_dates(data)
    assert len([d for d in found if d.year < 1990]) > 2_000  # the dates put in are found


# ----------------------------------------------------------------------------- signatures


def _plain(code: str, on: dt.date, party: str | None) -> engine.Signature:
    """A code's signature read from the lists for that code alone."""
    sig = engine._signature(code, on)
    entries = partner_lines(party).get(code[:8], ()) if party else ()
    return engine._with_entries(sig, entries) if entries else sig


@pytest.mark.parametrize(("partner", "party"), [("EU", "eu"), ("CH", "swiss"), ("VN", None)])
def test_a_signature_read_by_profile_is_the_code_own(partner: str, party: str | None) -> None:
    """Over a series of list dates (each reworking only the profiles whose lists changed),
    every basket code of the partner, and codes at 6 and 8 digits, get the signature the
    lists give for that code alone."""
    from tradeterms.effective import basket

    lines = basket()
    tens = sorted(set(lines.loc[lines["partner"] == partner, "hts10"]))
    codes = tuple(tens + sorted({c[:8] for c in tens[::40]} | {c[:6] for c in tens[::90]}))
    plan = engine._Plan(codes, party)
    for day in ("2025-03-12", "2025-04-05", "2025-11-13", "2026-04-06", "2025-08-07"):
        on = dt.date.fromisoformat(day)
        sigs = plan.signatures(on, engine.bisect.bisect_right(engine._rule_dates(), on))
        for k, code in enumerate(codes):
            expected = _plain(code, on, party)
            assert (sigs[k].key, sigs[k].listed) == (expected.key, expected.listed), (code, day)
            assert (sigs.keys[k], sigs.idents[k]) == (expected.key_ident, expected.ident)


# ----------------------------------------------------------------------------- prefix joins

digits = st.text(alphabet="0123456789", max_size=10)


@given(st.lists(digits, max_size=40), st.lists(digits, max_size=20))
def test_a_prefix_table_finds_the_prefixes_startswith_finds(
    codes: list[str], prefixes: list[str]
) -> None:
    table = PrefixTable(prefixes)
    numbers = CodeNumbers(codes)
    assert numbers.length.tolist() == [len(c) for c in codes]
    for n in range(11):
        found = table.at(numbers, n).tolist()
        for code, at in zip(codes, found, strict=True):
            expected = code[:n] if len(code) >= n else None
            if expected in table.prefixes:
                assert at >= 0 and table.prefixes[at] == expected
            else:
                assert at == -1
    assert table.any(numbers).tolist() == [
        any(c.startswith(p) for p in prefixes if len(p) <= len(c)) for c in codes
    ]
    assert [(int(w), int(n)) for w, n in zip(numbers.whole, numbers.length, strict=True)] == [
        (int(c or 0), len(c)) for c in codes
    ]


@pytest.mark.parametrize("code", ["12345678901", "12a4", "１２", "1\x002", "87 3"])
def test_codes_other_than_ten_digits_or_fewer_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="HTS codes are 0 to 10 digits"):
        CodeNumbers(["8703230190", code])


def test_a_subset_of_codes_keeps_its_numbers() -> None:
    numbers = CodeNumbers(["0101210000", "8703", "", "87032301"])
    numbers.first(4)  # worked out before the subset is taken
    part = numbers.take(np.array([3, 0]))
    assert part.first(4).tolist() == [8703, 101]
    assert part.first(8).tolist() == [87032301, 1012100]
    assert part.length.tolist() == [8, 10]
