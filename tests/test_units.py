"""Quantities parse strictly and print back exactly as written."""

from decimal import Decimal

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeterms import units
from tradeterms.units import (
    QuantityError,
    parse_amount,
    parse_fx_rate,
    parse_money,
    parse_percent,
    parse_specific,
    to_pint,
)

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.builds(
        lambda whole, frac: f"{whole}.{frac}",
        st.integers(min_value=0, max_value=10**6),
        st.text(alphabet="0123456789", min_size=1, max_size=4),
    ),
)
currencies = st.sampled_from(["USD", "EUR", "JPY", "KRW", "CHF", "GBP"])
scales = st.sampled_from(["", "k", "mn", "bn", "tn", " million", " billion", " trillion"])
periods = st.sampled_from(["", "/year", "/month"])


@given(numbers)
def test_percent_round_trip(number: str) -> None:
    assert str(parse_percent(f"{number}%")) == f"{number}%"


@given(currencies, numbers, scales, periods)
def test_money_round_trip(currency: str, number: str, scale: str, per: str) -> None:
    text = f"{currency} {number}{scale}{per}"
    assert str(parse_money(text)) == text


@given(
    numbers,
    currencies,
    st.sampled_from(units.SPECIFIC_UNITS),
    st.sampled_from(["suffix", "prefix", "cents"]),
)
def test_specific_round_trip(number: str, currency: str, unit: str, style: str) -> None:
    text = {
        "suffix": f"{number} {currency}/{unit}",
        "prefix": f"{currency} {number}/{unit}",
        "cents": f"{number}¢/{unit}",
    }[style]
    assert str(parse_specific(text)) == text


@given(numbers, scales, st.sampled_from(sorted(units.AMOUNT_UNITS)), periods)
def test_amount_round_trip(number: str, scale: str, unit: str, per: str) -> None:
    text = f"{number}{scale} {unit}{per}"
    assert str(parse_amount(text)) == text


@given(st.text(max_size=30))
def test_arbitrary_text_parses_consistently_or_raises(text: str) -> None:
    for parse in (parse_percent, parse_money, parse_specific, parse_amount):
        try:
            value = parse(text)
        except QuantityError:
            continue
        assert str(value) == text


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("USD 600bn", Decimal("600e9"), "USD"),
        ("EUR 93 billion", Decimal("93e9"), "EUR"),
        ("JPY 550 trillion", Decimal("550e12"), "JPY"),
        ("USD 20bn/year", Decimal("20e9"), "USD"),
    ],
)
def test_money_amounts(text: str, amount: Decimal, currency: str) -> None:
    money = parse_money(text)
    assert (money.amount, money.currency) == (amount, currency)


def test_specific_duties_in_currency_units() -> None:
    assert parse_specific("341 JPY/kg").amount == Decimal("341")
    assert parse_specific("4.4¢/kg").amount == Decimal("0.044")
    assert parse_specific("USD 1.227/kg").currency == "USD"


def test_percent_fraction() -> None:
    assert parse_percent("2.5%").fraction == Decimal("0.025")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("15", "bad-percent"),
        ("15 %", "bad-percent"),
        ("-5%", "bad-percent"),
        ("１５%", "bad-percent"),
        ("1e3%", "bad-percent"),
    ],
)
def test_bad_percent(text: str, code: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_percent(text)
    assert caught.value.code == code


@pytest.mark.parametrize("value", [0.15, 15, Decimal("0.15")])
def test_bare_numbers_need_a_percent_sign(value: object) -> None:
    with pytest.raises(QuantityError, match=r"percent sign|quoted string"):
        parse_percent(value)


@pytest.mark.parametrize(
    "text",
    ["$600bn", "600bn USD", "USD 1,5bn", "USD 9**9**9", "5 €", "USD 600bn?", "usd 600", "USD 600 "],
)
def test_money_grammar_refuses_what_pint_would_accept(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_money(text)


def test_unknown_currency_suggests_iso_code() -> None:
    with pytest.raises(QuantityError, match="write 'JPY'") as caught:
        parse_money("YEN 5")
    assert caught.value.code == "unknown-currency"


def test_currencies_never_add() -> None:
    with pytest.raises(pint.DimensionalityError):
        to_pint(parse_money("USD 1")) + to_pint(parse_money("EUR 1"))


def test_conversion_needs_an_explicit_rate() -> None:
    duty = to_pint(parse_specific("341 JPY/kg")) * to_pint(parse_fx_rate("0.0068 USD/JPY"))
    assert duty.to("USD/kg").magnitude == Decimal("2.3188")


def test_volumes_per_period_are_dimensioned() -> None:
    quota = to_pint(parse_amount("100000 vehicles/year"))
    assert str(quota.units) == "vehicle / year"
    with pytest.raises(pint.DimensionalityError):
        quota + to_pint(parse_amount("5 t/year"))


def test_fx_rate_needs_two_currencies() -> None:
    with pytest.raises(QuantityError):
        parse_fx_rate("1 USD/USD")
