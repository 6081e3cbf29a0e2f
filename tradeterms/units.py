"""Quantities as people write them in trade texts: "15%", "USD 600bn", "341 JPY/kg".

Parsing uses our own strict grammar (ASCII digits, no signs, exponents or commas) into
`Decimal` and a unit, because pint's string parser drops unknown characters, strips commas
and evaluates arithmetic (see ../shared/tech-notes.md §1.6). Every parsed value prints back
exactly as it was written (`str(parse_x(s)) == s`). pint is imported only when arithmetic
needs it (`to_pint`, `ureg`), which keeps `tradeterms validate` fast to start.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from tradeterms.codes import is_currency
from tradeterms.errors import TradetermsError

if TYPE_CHECKING:
    import pint

__all__ = [
    "Amount",
    "Duration",
    "Factor",
    "FxRate",
    "Money",
    "Percent",
    "QuantityError",
    "SpecificRate",
    "parse_amount",
    "parse_duration",
    "parse_factor",
    "parse_fx_rate",
    "parse_money",
    "parse_percent",
    "parse_specific",
    "to_pint",
    "ureg",
]

NUM = r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"
# Digits a number may have: enough for USD 999 trillion to the cent, few enough that a float
# keeps every digit and Decimal arithmetic (28 digits) stays exact even after scaling.
MAX_DIGITS = 15
SCALES: dict[str, int] = {
    "k": 10**3,
    "thousand": 10**3,
    "mn": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trillion": 10**12,
}
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
PERIODS = ("year", "month", "quarter")
_PERIOD = "|".join(PERIODS)
# What each physical or count unit means to pint; the key is what the data file writes.
AMOUNT_UNITS: dict[str, str] = {
    "t": "tonne",
    "kt": "kilotonne",
    "Mt": "megatonne",
    "kg": "kilogram",
    "L": "liter",
    "hL": "hectoliter",
    "bbl": "barrel",
    "vehicles": "vehicle",
    "aircraft": "aircraft",
    "units": "unit",
    "head": "head",
    "vessels": "vessel",
    "projects": "project",
}
_UNIT = "|".join(sorted((re.escape(u) for u in AMOUNT_UNITS), key=len, reverse=True))
SPECIFIC_UNITS = ("kg", "t", "L", "liter", "hL", "unit", "head", "pair", "dozen", "m2")
_SPEC_UNIT = "|".join(sorted(SPECIFIC_UNITS, key=len, reverse=True))

_PERCENT_RE = re.compile(rf"({NUM})%")
_MONEY_RE = re.compile(rf"([A-Z]{{3}}) ({NUM})( ?)({_SCALE})?(?:/({_PERIOD}))?")
_SPECIFIC_RE = re.compile(rf"(?:({NUM}) ([A-Z]{{3}})|([A-Z]{{3}}) ({NUM})|({NUM})¢)/({_SPEC_UNIT})")
_AMOUNT_RE = re.compile(rf"({NUM})( ?)({_SCALE})? ({_UNIT})(?:/({_PERIOD}))?")
_FX_RE = re.compile(rf"({NUM}) ([A-Z]{{3}})/([A-Z]{{3}})")
_DURATION_RE = re.compile(r"P(?:([1-9][0-9]*)Y)?(?:([1-9][0-9]*)M)?")
_FACTOR_RE = re.compile(rf"({NUM})x")


class QuantityError(TradetermsError, ValueError):
    """A quantity text that does not follow the grammar; the message says what to write."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _describe(value: object) -> str:
    return f"{type(value).__name__} {shown(value)}"


def shown(value: object, limit: int = 60) -> str:
    """`repr(value)`, cut to `limit` characters so a hostile value cannot flood a message."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def _number(digits: str) -> Decimal:
    """The Decimal of a number matched by NUM, if it is not longer than MAX_DIGITS."""
    count = len(digits) - ("." in digits)
    if count > MAX_DIGITS:
        raise QuantityError(
            f"a number of {count} digits: numbers have at most {MAX_DIGITS}", "huge-number"
        )
    return Decimal(digits)


def _require_text(value: object, example: str, code: str) -> str:
    if not isinstance(value, str):
        raise QuantityError(f"write a quoted string like '{example}', got {_describe(value)}", code)
    return value


def _text(number: Decimal) -> str:
    """As written in the data: `0.0000001`, never `1E-7` (which the grammar refuses)."""
    return f"{number:f}"


def _scaled(mantissa: Decimal, scale: str | None) -> Decimal:
    return mantissa * SCALES[scale] if scale else mantissa


@dataclass(frozen=True, slots=True)
class Percent:
    """A rate written with a percent sign; `fraction` is 0.15 for "15%"."""

    number: Decimal

    @property
    def fraction(self) -> Decimal:
        return self.number / 100

    def __str__(self) -> str:
        return f"{_text(self.number)}%"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one ISO 4217 currency, optionally per period ("USD 20bn/year")."""

    currency: str
    mantissa: Decimal
    scale: str | None = None
    spaced: bool = False
    per: str | None = None

    @property
    def amount(self) -> Decimal:
        return _scaled(self.mantissa, self.scale)

    def __str__(self) -> str:
        scale = (" " if self.spaced else "") + self.scale if self.scale else ""
        per = f"/{self.per}" if self.per else ""
        return f"{self.currency} {_text(self.mantissa)}{scale}{per}"


@dataclass(frozen=True, slots=True)
class SpecificRate:
    """A duty per physical unit: "341 JPY/kg", "USD 1.227/kg" or "4.4¢/kg" (US cents)."""

    currency: str
    number: Decimal  # as written: 4.4 for "4.4¢/kg"
    unit: str
    style: str = "suffix"  # "suffix" (341 JPY/kg), "prefix" (USD 1.227/kg), "cents" (4.4¢/kg)

    @property
    def amount(self) -> Decimal:
        """The duty in whole currency units per `unit` (USD 0.044 for 4.4¢)."""
        return self.number / 100 if self.style == "cents" else self.number

    def __str__(self) -> str:
        number = _text(self.number)
        if self.style == "cents":
            return f"{number}¢/{self.unit}"
        if self.style == "prefix":
            return f"{self.currency} {number}/{self.unit}"
        return f"{number} {self.currency}/{self.unit}"


@dataclass(frozen=True, slots=True)
class Amount:
    """A count or physical quantity, optionally per period: "100000 vehicles/year"."""

    mantissa: Decimal
    unit: str
    scale: str | None = None
    spaced: bool = False
    per: str | None = None

    @property
    def value(self) -> Decimal:
        return _scaled(self.mantissa, self.scale)

    def __str__(self) -> str:
        scale = (" " if self.spaced else "") + self.scale if self.scale else ""
        per = f"/{self.per}" if self.per else ""
        return f"{_text(self.mantissa)}{scale} {self.unit}{per}"


@dataclass(frozen=True, slots=True)
class FxRate:
    """An exchange rate: "1.17 USD/EUR" means one EUR buys 1.17 USD."""

    rate: Decimal
    quote: str
    base: str

    def __str__(self) -> str:
        return f"{_text(self.rate)} {self.quote}/{self.base}"


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of years and months in ISO 8601 form: "P15Y", "P5Y", "P18M", "P1Y6M"."""

    years: int = 0
    months: int = 0

    @property
    def in_years(self) -> Decimal:
        return self.years + Decimal(self.months) / 12

    def __str__(self) -> str:
        return (
            "P"
            + (f"{self.years}Y" if self.years else "")
            + (f"{self.months}M" if self.months else "")
        )


@dataclass(frozen=True, slots=True)
class Factor:
    """A multiple of something else: "2.5x" (2.5 times the planned capacity)."""

    number: Decimal

    def __str__(self) -> str:
        return f"{self.number}x"


def parse_percent(value: object) -> Percent:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:  # also inf and nan
            msg = f"a rate must be written like '15%', got a number of over {MAX_DIGITS} digits"
            raise QuantityError(msg, "huge-number")
        number = Decimal(str(value))
        written = (number * 100 if number < 1 else number).normalize()
        raise QuantityError(
            f"a rate needs its percent sign: write '{written:f}%' in quotes, "
            f"not the bare number {value!r}",
            "bare-percent",
        )
    text = _require_text(value, "15%", "bad-percent")
    match = _PERCENT_RE.fullmatch(text)
    if not match:
        raise QuantityError(
            f"a rate must be written like '15%' or '2.5%', got {shown(text)}", "bad-percent"
        )
    return Percent(_number(match[1]))


def _check_currency(code: str) -> str:
    if not is_currency(code):
        hint = {"YEN": "JPY", "RMB": "CNY", "EURO": "EUR", "STG": "GBP"}.get(code)
        raise QuantityError(
            f"unknown ISO 4217 currency code {shown(code)}" + (f": write {hint!r}" if hint else ""),
            "unknown-currency",
        )
    return code


def parse_money(value: object) -> Money:
    text = _require_text(value, "USD 600bn", "bad-money")
    match = _MONEY_RE.fullmatch(text)
    if not match or (match[3] and not match[4]):
        raise QuantityError(
            "money must be written like 'USD 600bn', 'EUR 93 billion' or 'USD 20bn/year' "
            f"(ISO code first, then the number), got {shown(text)}",
            "bad-money",
        )
    currency = _check_currency(match[1])
    return Money(currency, _number(match[2]), match[4], bool(match[3]), match[5])


def parse_specific(value: object) -> SpecificRate:
    text = _require_text(value, "341 JPY/kg", "bad-specific")
    match = _SPECIFIC_RE.fullmatch(text)
    if not match:
        raise QuantityError(
            "a specific duty must be written like '341 JPY/kg', 'USD 1.227/kg' or '4.4¢/kg' "
            f"(units: {', '.join(SPECIFIC_UNITS)}), got {shown(text)}",
            "bad-specific",
        )
    if match[1]:
        return SpecificRate(_check_currency(match[2]), _number(match[1]), match[6], "suffix")
    if match[3]:
        return SpecificRate(_check_currency(match[3]), _number(match[4]), match[6], "prefix")
    return SpecificRate("USD", _number(match[5]), match[6], "cents")


def parse_amount(value: object) -> Amount:
    text = _require_text(value, "100000 vehicles/year", "bad-amount")
    match = _AMOUNT_RE.fullmatch(text)
    if not match or (match[2] and not match[3]):
        raise QuantityError(
            "a quantity must be written like '100000 vehicles/year', '770000 t/year' or "
            f"'1.4bn L' (units: {', '.join(AMOUNT_UNITS)}), got {shown(text)}",
            "bad-amount",
        )
    return Amount(_number(match[1]), match[4], match[3], bool(match[2]), match[5])


def parse_fx_rate(value: object) -> FxRate:
    text = _require_text(value, "1.17 USD/EUR", "bad-fx-rate")
    match = _FX_RE.fullmatch(text)
    if not match:
        msg = f"an exchange rate must be written like '1.17 USD/EUR', got {shown(text)}"
        raise QuantityError(msg, "bad-fx-rate")
    if match[2] == match[3]:
        msg = f"an exchange rate needs two different currencies, got {shown(text)}"
        raise QuantityError(msg, "bad-fx-rate")
    return FxRate(_number(match[1]), _check_currency(match[2]), _check_currency(match[3]))


def parse_duration(value: object) -> Duration:
    text = _require_text(value, "P15Y", "bad-duration")
    match = _DURATION_RE.fullmatch(text)
    if not match or not (match[1] or match[2]):
        raise QuantityError(
            "a duration is written in ISO 8601 years and months, like 'P15Y' (15 years), "
            f"'P18M' or 'P1Y6M', got {text!r}",
            "bad-duration",
        )
    return Duration(int(match[1] or 0), int(match[2] or 0))


def parse_factor(value: object) -> Factor:
    text = _require_text(value, "2.5x", "bad-factor")
    match = _FACTOR_RE.fullmatch(text)
    if not match or Decimal(match[1]) == 0:
        raise QuantityError(
            f"a multiple is written like '2.5x' (a number above zero, then x), got {text!r}",
            "bad-factor",
        )
    return Factor(Decimal(match[1]))


# --- pint, only where arithmetic needs it -------------------------------------------------

_REGISTRY_LOCK = threading.Lock()

_BASE_DEFINITIONS = """
percent = 0.01 = %
kilogram = [mass] = kg
gram = 1e-3 * kilogram = g
tonne = 1e3 * kilogram = t
kilotonne = 1e6 * kilogram = kt
megatonne = 1e9 * kilogram = Mt
meter = [length] = m
liter = 1e-3 * meter ** 3 = L = litre
hectoliter = 100 * liter = hL
barrel = 158.987294928 * liter = bbl
year = [time] = a
month = year / 12
quarter = year / 4
vehicle = [vehicle]
aircraft = [aircraft]
unit = [unit]
head = [head]
vessel = [vessel]
project = [project]
pair = [pair]
dozen = 12 * unit
"""


@cache
def _build_registry() -> pint.UnitRegistry[Any]:
    import pint

    from tradeterms.codes import currency_codes

    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(None, non_int_type=Decimal)
    lines = _BASE_DEFINITIONS.strip().splitlines()
    lines += [f"{code} = [currency_{code}]" for code in sorted(currency_codes())]
    registry.load_definitions(lines)
    return registry


def ureg() -> pint.UnitRegistry[Any]:
    """The one pint registry of the library: each ISO 4217 currency is its own dimension."""
    with _REGISTRY_LOCK:
        return _build_registry()


def _pint_unit(unit: str) -> str:
    return {"liter": "liter", "m2": "meter ** 2"}.get(unit, AMOUNT_UNITS.get(unit, unit))


def to_pint(value: Percent | Money | SpecificRate | Amount | FxRate) -> Any:
    """A pint Quantity with a Decimal magnitude, built without pint's string parser."""
    registry = ureg()
    if isinstance(value, Percent):
        return registry.Quantity(value.number, "percent")
    if isinstance(value, Money):
        unit = value.currency + (f" / {value.per}" if value.per else "")
        return registry.Quantity(value.amount, unit)
    if isinstance(value, SpecificRate):
        return registry.Quantity(value.amount, f"{value.currency} / {_pint_unit(value.unit)}")
    if isinstance(value, FxRate):
        return registry.Quantity(value.rate, f"{value.quote} / {value.base}")
    per = f" / {value.per}" if value.per else ""
    return registry.Quantity(value.value, _pint_unit(value.unit) + per)
