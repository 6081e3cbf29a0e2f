"""The traced MFN rate of the batch engine: one run answers a range of MFN rates exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

import tradeterms
from tradeterms import _frame_cases as cases
from tradeterms import _frame_engine as engine
from tradeterms._duty_origin import resolve_origin
from tradeterms._duty_units import format_rate
from tradeterms._frame_mfn import MfnDiff, Trace, template_of, traced
from tradeterms.catalog import Catalog

# Rates below, at and above the 15% all-in and cap rates and the 2026 metals tiers, and
# the MFN rate not known (NaN).
RATES = np.array([0.0, 0.01, 0.025, 0.1, 0.125, 0.149, 0.15, 0.151, 0.2, 0.25, 0.5, np.nan])


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


def test_a_subtraction_is_traced_and_its_comparisons_noted() -> None:
    trace = Trace()
    rest = Decimal("0.15") - traced(Decimal("0.025"), trace)
    assert isinstance(rest, MfnDiff) and trace.used and rest == Decimal("0.125")
    assert max(Decimal(0), rest) is rest
    assert min(Decimal("0.1"), rest) == Decimal("0.1")
    assert [(op, other, outcome) for _, op, other, outcome in trace.checks] == [
        ("__eq__", Decimal("0.125"), True),
        ("__gt__", Decimal(0), True),
        ("__lt__", Decimal("0.1"), False),
    ]
    assert format_rate(rest) == "12.5%" and trace.words == ["12.5%"]
    assert not trace.opaque


@pytest.mark.parametrize(
    "use",
    [
        lambda mfn, rest: rest + 1,
        lambda mfn, rest: rest * 2,
        lambda mfn, rest: -rest,
        lambda mfn, rest: rest.quantize(Decimal("0.01")),
        lambda mfn, rest: float(rest),
        lambda mfn, rest: mfn * 2,
        lambda mfn, rest: mfn + Decimal(1),
        lambda mfn, rest: mfn < Decimal(1),
        lambda mfn, rest: mfn - Decimal("0.01"),
    ],
)
def test_any_other_use_makes_the_run_opaque(use: object) -> None:
    trace = Trace()
    mfn = traced(Decimal("0.025"), trace)
    rest = Decimal("0.15") - mfn
    use(mfn, rest)  # type: ignore[operator]
    assert trace.opaque
    assert template_of(trace, [(0, 0, rest)], 1, []) is None


def test_words_written_from_a_difference_keep_the_run_to_its_rate() -> None:
    trace = Trace()
    rest = Decimal("0.15") - traced(Decimal("0.025"), trace)
    words = f"capped: +{format_rate(rest)}"
    assert template_of(trace, [(0, 0, rest)], 1, [words]) is None
    template = template_of(trace, [(0, 0, rest)], 1, ["no number here"])
    assert template is not None and template.layers(Decimal("0.05")) == ((0.1, 0.0, 0.0),)


def _cases(catalog: Catalog, origin: str, day: dt.date) -> list[tuple[str, engine.Signature]]:
    """A code for each signature key of the partner's basket lines on the day."""
    from tradeterms.effective import basket

    lines = basket()
    party = "EU" if origin == "DE" else origin
    codes = tuple(sorted(set(lines.loc[lines["partner"] == party, "hts10"])))
    group = engine.group(catalog, resolve_origin(catalog, origin), day, None)
    sigs = engine.signatures(codes, day, group.party_list, group.tables)
    _, first = np.unique(sigs.keys, return_index=True)
    return [(codes[k], sigs[int(k)]) for k in first]


@pytest.mark.parametrize(
    ("origin", "day"),
    [
        ("DE", dt.date(2025, 11, 17)),  # EU 15% all-in, metals derivatives
        ("JP", dt.date(2026, 4, 7)),  # 2026 metals tiers, all-in
        ("KR", dt.date(2025, 12, 10)),
        ("CH", dt.date(2026, 1, 5)),
        ("GB", dt.date(2025, 10, 1)),  # car quota
    ],
)
def test_a_case_answers_every_rate_as_a_run_with_that_rate(
    shipped: Catalog, origin: str, day: dt.date
) -> None:
    """For one code of each signature: the layers and words kept runs and templates give
    for each MFN rate are those of an untraced run of the scalar layers with that rate."""
    group = engine.group(shipped, resolve_origin(shipped, origin), day, None)
    rates = cases.Rates(RATES)
    templated = 0
    for code, sig in _cases(shipped, origin, day):
        case = cases.Case()
        answers = case.answer(rates.of, rates, cases.runner(group, code, sig.listed, None))
        assert sorted(k for where, _, _ in answers for k in where) == list(range(len(RATES)))
        templated += len(case.templates)
        for where, answer, per_rate in answers:
            for k in where:
                rate = None if np.isnan(RATES[k]) else Decimal(repr(float(RATES[k])))
                plain = cases.run(group, code, rate, sig.listed, None, tracing=False)[0]
                layers = answer.layers if per_rate is None else per_rate[rates.of[k]]
                expected = np.asarray(plain.layers, dtype=float).reshape(-1, 3)
                assert np.array_equal(np.asarray(layers).reshape(-1, 3), expected)
                assert answer.unsettled == plain.unsettled, (code, RATES[k])
                assert (answer.metal_open, answer.deal_cap, answer.error) == (
                    plain.metal_open,
                    plain.deal_cap,
                    plain.error,
                ), (code, RATES[k])
    if origin != "GB":
        assert templated  # the all-in rates subtract the MFN rate
