"""The checks every deal must pass, whatever its facts: used on each shipped deal
(tests/test_data.py) and on the docs' example deal added to a copy of the catalog
(tests/test_new_deal.py). Checks about one deal's facts live in the tests of that deal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tradeterms.catalog import Catalog
from tradeterms.comparison import compare
from tradeterms.deal_page import deal_page
from tradeterms.models import records
from tradeterms.open_questions import questions

# Dates across the record: before the deals, during the IEEPA rates, after the ruling.
DATES = (dt.date(2025, 1, 1), dt.date(2025, 10, 1), dt.date(2026, 3, 1), dt.date(2026, 12, 1))


def check_deal(catalog: Catalog, deal_id: str) -> None:
    deal = catalog.deal(deal_id)
    assert deal.milestones and deal.terms, deal.id
    assert any(t.topic == "tariff.baseline" for t in deal.terms), f"{deal.id}: no US baseline"
    for term in deal.terms:
        for claim in term.claims:
            source = catalog.sources[claim.source]
            assert source.url.startswith("http") and source.date, (deal.id, claim.source)
    _check_positions(catalog, deal_id)
    for day in DATES:
        for state in catalog.state(deal, as_of=day):
            assert state.current is None or state.current in state.counted
    found = questions(deal.id, as_of=DATES[-1], include_resolved=True, catalog=catalog)
    assert all(q.deal == deal.id for q in found)
    assert f"# {deal.name}" in deal_page(catalog, deal.id)
    assert [d.id for d in compare(deal.id, as_of=DATES[2], catalog=catalog).deals] == [deal.id]


def _check_positions(catalog: Catalog, deal_id: str) -> None:
    """Every record of the deal knows its file and line; a deal file is named after its id."""
    deal = catalog.deal(deal_id)
    where = deal.written_at
    assert where is not None and where.line >= 1, deal_id
    if where.file != str(catalog.files[0]) and len(catalog.files) > 1:
        assert Path(where.file).stem == deal.id, f"{where.file} holds {deal.id}: rename it"
    assert all(r.written_at and r.written_at.file == where.file for r in records(deal))
