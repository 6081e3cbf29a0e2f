"""Every kind of value goes through every place that dispatches on kinds.

The kinds are read from the `Value` union at run time, so a kind added to the union is
tested here as soon as tests/fixtures/valid/value-kinds.yaml has a term of that kind (the
tests fail, naming the kind, until it has). mypy finds the places to extend; this proves
they work.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import get_args

import pytest

import tradeterms
from tradeterms._duty_claims import tariff_of
from tradeterms.catalog import Catalog
from tradeterms.describe import describe_state, describe_value
from tradeterms.models import Model, Term, Value
from tradeterms.open_questions import questions
from tradeterms.state import TermState, gist, takes_a_stance

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "value-kinds.yaml"
DEAL = "us-jp-kinds"
ONE_SIDE = dt.date(2025, 8, 15)  # only the US claim is known: the term is undisputed
BOTH_SIDES = dt.date(2025, 10, 1)  # Japan has stated another value of the same kind

KINDS: tuple[type[Model], ...] = get_args(get_args(Value)[0])


def tag(kind: type[Model]) -> str:
    literal = kind.model_fields["kind"].annotation
    return str(get_args(literal)[0])


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(FIXTURE)


def term_of(catalog: Catalog, kind: type[Model]) -> Term:
    terms = [t for t in catalog.deal(DEAL).terms if t.claims[0].value.kind == tag(kind)]
    assert terms, f"{FIXTURE.name} needs a term of kind {tag(kind)!r}"
    return terms[0]


def state_of(catalog: Catalog, kind: type[Model], as_of: dt.date) -> TermState:
    term = term_of(catalog, kind)
    return next(s for s in catalog.state(DEAL, as_of) if s.term.id == term.id)


def figures(gist: tuple[object, ...]) -> list[Decimal]:
    return [
        x
        for part in gist
        for x in (part if isinstance(part, tuple) else (part,))
        if isinstance(x, Decimal)
    ]


def us_and_jp(catalog: Catalog, kind: type[Model]) -> tuple[Value, Value]:
    us, jp = (claim.value for claim in term_of(catalog, kind).claims)
    assert isinstance(us, kind) and isinstance(jp, kind)
    return us, jp


def test_the_data_format_docs_list_every_kind() -> None:
    docs = (ROOT / "docs" / "writing-a-deal.md").read_text(encoding="utf-8")
    assert KINDS and all(f"| `{tag(k)}` |" in docs for k in KINDS)  # a row of the fields table


def test_every_kind_has_a_term_in_the_fixture(catalog: Catalog) -> None:
    kinds = [{c.value.kind for c in t.claims} for t in catalog.deal(DEAL).terms]
    assert all(len(k) == 1 for k in kinds), "each term of the fixture holds one kind"
    assert sorted(k for (k,) in kinds) == sorted(tag(k) for k in KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_describe_tells_two_values_apart(catalog: Catalog, kind: type[Model]) -> None:
    us, jp = us_and_jp(catalog, kind)
    words = describe_value(us), describe_value(jp)
    assert all(w and "None" not in w for w in words)
    assert words[0] != words[1]


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_gist_and_stance(catalog: Catalog, kind: type[Model]) -> None:
    us, jp = us_and_jp(catalog, kind)
    assert gist(us)[0] == tag(kind)
    assert gist(us) == gist(us.model_copy(deep=True)) != gist(jp)
    assert takes_a_stance(us) and takes_a_stance(jp)


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_state_undisputed_then_disputed(catalog: Catalog, kind: type[Model]) -> None:
    us, jp = us_and_jp(catalog, kind)
    before = state_of(catalog, kind, ONE_SIDE)
    assert before.value is us and not before.disputed
    assert describe_state(before).endswith(describe_value(us))  # words, or "stated by US ...: "
    after = state_of(catalog, kind, BOTH_SIDES)
    assert {v.parties for v in after.conflict} == {("US",), ("JP",)}
    cell = describe_state(after, symbols=False)
    assert cell == f"US: {describe_value(us)} vs JP: {describe_value(jp)}"  # the US first


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_numbers_are_the_figures_of_the_description(catalog: Catalog, kind: type[Model]) -> None:
    us, _ = us_and_jp(catalog, kind)
    term = term_of(catalog, kind).id
    numbers = tradeterms.compare(DEAL, as_of=ONE_SIDE, catalog=catalog).numbers
    rows = numbers[numbers["term"] == term]
    assert bool(len(rows)) == bool(figures(gist(us)))  # what decides agreement is shown
    assert all(text in describe_value(us) for text in rows["text"])
    disputed = tradeterms.compare(DEAL, as_of=BOTH_SIDES, catalog=catalog).numbers
    assert term not in set(disputed["term"])  # a disputed side is never shown as the figure


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_questions_name_both_values(catalog: Catalog, kind: type[Model]) -> None:
    us, jp = us_and_jp(catalog, kind)
    term = term_of(catalog, kind).id
    found = questions(DEAL, as_of=BOTH_SIDES, catalog=catalog)
    (question,) = [q for q in found if q.term == term]
    assert question.kind == "conflicting-claims" and question.raised == dt.date(2025, 9, 1)
    assert describe_value(us) in question.message and describe_value(jp) in question.message


@pytest.mark.parametrize("kind", KINDS, ids=tag)
def test_duty_reads_a_kind_as_itself_or_not_at_all(catalog: Catalog, kind: type[Model]) -> None:
    us, _ = us_and_jp(catalog, kind)
    assert tariff_of(us) in (us, None)
    assert (tariff_of(us) is us) == (gist(us)[0] == "tariff")  # duty reads tariffs only, today
