"""The catalog keeps the term states it has worked out: same answers, bounded, keyed right."""

import datetime as dt

import pytest

import tradeterms
from tradeterms import catalog as catalog_module
from tradeterms.catalog import Catalog
from tradeterms.models import Deal

D = dt.date.fromisoformat


def _new() -> Catalog:
    # load() hands out the same Catalog while the files are unchanged: a new one over the
    # same data starts with nothing kept.
    loaded = tradeterms.load()
    return Catalog(loaded.data, loaded.files)


@pytest.fixture
def fresh() -> Catalog:
    return _new()


def _answer(catalog: Catalog, deal: Deal, day: str, known: str | None = None) -> list[object]:
    states = catalog.state(deal, as_of=D(day), known_on=D(known) if known else None)
    return [(s.term.id, s.value, s.disputed, len(s.counted)) for s in states]


def test_states_asked_again_are_the_same_as_first_worked_out(fresh: Catalog) -> None:
    deal = fresh.deal("us-japan-2025")
    first = _answer(fresh, deal, "2025-10-01")
    earlier = _answer(fresh, deal, "2025-10-01", known="2025-08-01")
    assert first != earlier  # known_on is part of what is kept apart
    assert _answer(fresh, deal, "2025-10-01") == first
    assert _answer(_new(), deal, "2025-10-01", known="2025-08-01") == earlier


def test_a_deal_read_for_another_partner_is_kept_apart(fresh: Catalog) -> None:
    swiss = fresh.deal("us-switzerland-2025")
    for_li = swiss.model_copy(update={"parties": ["US", "LI", "CH"]})
    assert _answer(fresh, swiss, "2025-12-01") == _answer(fresh, swiss, "2025-12-01")
    fresh_for_li = _answer(_new(), for_li, "2025-12-01")
    assert fresh_for_li != _answer(fresh, swiss, "2025-12-01")  # other measures reach LI
    assert _answer(fresh, for_li, "2025-12-01") == fresh_for_li


def test_a_deal_with_terms_of_its_own_is_answered_and_not_kept(fresh: Catalog) -> None:
    japan = fresh.deal("us-japan-2025")
    rebuilt = japan.model_copy(update={"terms": [t.model_copy() for t in japan.terms]})
    assert _answer(fresh, rebuilt, "2025-10-01") == _answer(fresh, japan, "2025-10-01")
    assert all(key[0][2] != tuple(id(t) for t in rebuilt.terms) for key in fresh._states)


def test_the_kept_states_are_bounded(fresh: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_MEMO_SIZE", 3)
    deal = fresh.deal("us-eu-2025")
    for day in range(1, 8):
        fresh.state(deal, as_of=dt.date(2025, 9, day))
    assert len(fresh._states) == 3
    assert {key[1] for key in fresh._states} == {dt.date(2025, 9, d) for d in (5, 6, 7)}


def test_a_term_is_decided_once_per_standing_and_read_on_each_date(fresh: Catalog) -> None:
    deal = fresh.deal("us-eu-2025")
    days = [D("2025-04-10"), D("2025-08-07"), D("2025-11-17"), D("2026-03-01"), D("2026-09-01")]
    series = {day: fresh.state(deal, as_of=day) for day in [*days, *reversed(days)]}
    decided = len(fresh._decided)
    assert decided < len(days) * len(series[days[0]])  # some terms stand the same on two dates
    for day in days:
        alone = _new().state(deal, as_of=day)  # worked out on that date only
        assert series[day] == alone
        assert {s.as_of for s in series[day]} == {day}


def test_the_decided_states_are_bounded(fresh: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_MEMO_SIZE", 5)
    deal = fresh.deal("us-eu-2025")
    for month in range(1, 13):
        fresh.state(deal, as_of=dt.date(2025, month, 1))
    assert 0 < len(fresh._decided) <= 5
