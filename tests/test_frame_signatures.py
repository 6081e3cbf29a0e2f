"""What the batch engine reads once per process: the date classes.

They are worked out by a shortcut (the dates from the records' fields, not from a dump of
the whole data); these tests hold it to the plain reading it stands for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tradeterms
from tradeterms import _frame_engine as engine
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
