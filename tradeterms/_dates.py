"""The one date coercion of the library: a date, or an ISO `YYYY-MM-DD` string, or None."""

from __future__ import annotations

import datetime as dt

from tradeterms.errors import BadDateError

__all__ = ["required_date", "to_date"]


def to_date(value: dt.date | str | None, name: str = "date") -> dt.date | None:
    """`value` as a date (None stays None); a bad value raises BadDateError naming `name`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BadDateError(f"{name} {value!r} is not a date: write YYYY-MM-DD") from None
    raise BadDateError(f"{name} must be a date or a 'YYYY-MM-DD' string, not {value!r}")


def required_date(value: dt.date | str, name: str) -> dt.date:
    """`to_date` for an argument that has no default: None is a BadDateError too."""
    day = to_date(value, name)
    if day is None:
        raise BadDateError(f"{name} is required: give a date or a 'YYYY-MM-DD' string")
    return day
