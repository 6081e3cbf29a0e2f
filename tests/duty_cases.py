"""What every row of a duty case table must satisfy (shared by the duty test tables)."""

from __future__ import annotations

import datetime as dt

from tradeterms.catalog import Catalog
from tradeterms.duties import DutyResult, duty

D = dt.date.fromisoformat


def check_case(
    catalog: Catalog,
    hts: str,
    origin: str,
    on: str,
    known: str | None,
    total: str,
    source: str,
    why: str,
) -> DutyResult:
    """The total is settled and as expected, and the row's source decided a step."""
    result = duty(hts, origin, D(on), known_on=D(known) if known else None, catalog=catalog)
    assert result.total_rate_text == total, (why, result.to_dict())
    assert source in {s.source.id for s in result.steps if s.source}, why
    assert result.unsettled == ()
    return result
