"""Annotated field types for the models: each parses one kind of text strictly.

Every type accepts the string written in data/deals.yaml (and the parsed object, for the
Python API), serialises back to the same string, and exports a JSON Schema string pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from tradeterms import units
from tradeterms._chars import bad_characters, describe
from tradeterms.codes import HS_CODE_RE, hs_problem, party_problem
from tradeterms.units import shown

__all__ = [
    "AmountStr",
    "DurationStr",
    "FactorStr",
    "FormatVersion",
    "FxRateStr",
    "HsCode",
    "IsoDate",
    "MoneyStr",
    "PartyCode",
    "PercentStr",
    "Slug",
    "SpecificStr",
    "Text",
    "TopicId",
    "Url",
]

T = TypeVar("T")

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")
_HS_MAX_LENGTH = len("8703.23.01.00")


def _type_name(value: object) -> str:
    return f"{type(value).__name__} {shown(value)}"


def fail(code: str, message: str) -> PydanticCustomError:
    """An error whose pydantic type is our stable finding code."""
    return PydanticCustomError(code, message.replace("{", "{{").replace("}", "}}"))


def _string(value: object, what: str, example: str, code: str = "wrong-type") -> str:
    if not isinstance(value, str):
        raise fail(
            code, f"{what} must be a quoted string like {example!r}, got {_type_name(value)}"
        )
    return value


def parse_date(value: object) -> date:
    if type(value) is date:
        return value
    text = _string(value, "a date", "2025-08-21")
    if not _DATE_RE.fullmatch(text):
        raise fail("bad-date", f"dates are written YYYY-MM-DD, got {shown(text)}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail("impossible-date", f"{text!r} is not a date of the calendar") from None


def parse_slug(value: object) -> str:
    text = _string(value, "an id", "us-eu-2025")
    if not _SLUG_RE.fullmatch(text):
        raise fail(
            "bad-id",
            f"ids are lower-case words joined by '-', like 'us-eu-2025', got {shown(text)}",
        )
    return text


def parse_topic(value: object) -> str:
    text = _string(value, "a topic", "tariff.autos")
    if not _TOPIC_RE.fullmatch(text):
        raise fail(
            "bad-id", f"topics are dotted lower-case words like 'tariff.autos', got {shown(text)}"
        )
    return text


def parse_party(value: object) -> str:
    if value is False or value is True:
        raise fail(
            "unknown-party", f"YAML read {value!r} as a boolean: quote the party code, e.g. 'NO'"
        )
    text = _string(value, "a party code", "JP")
    if len(text) > len("EU"):  # party_problem echoes the code: keep the message short
        raise fail("unknown-party", f"party codes have two letters, like 'JP', got {shown(text)}")
    problem = party_problem(text)
    if problem:
        raise fail("unknown-party", problem)
    return text


def parse_hs(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise fail(
            "hs-not-string",
            f"HS code {shown(value)} must be a quoted string (unquoted, YAML reads it as a "
            "number and drops leading or trailing zeros): write e.g. '8703.23'",
        )
    text = _string(value, "an HS code", "8703.23")
    if len(text) > _HS_MAX_LENGTH:  # hs_problem echoes the code: keep the message short
        raise fail("bad-hs-code", f"HS codes have at most 10 digits, got {shown(text)}")
    problem = hs_problem(text)
    if problem:
        raise fail("bad-hs-code", problem)
    return text


def parse_url(value: object) -> str:
    text = _string(value, "a URL", "https://www.federalregister.gov/...")
    _refuse_control_characters(text, "a URL", allowed="")
    if not _URL_RE.fullmatch(text):
        raise fail("bad-url", f"a URL starts with https:// and has no spaces, got {shown(text)}")
    try:
        host = urlsplit(text).hostname
    except ValueError:  # a malformed IPv6 address or port
        host = None
    if not host:
        raise fail("url-without-host", f"a URL names a host after https://, got {shown(text)}")
    return text


def parse_text(value: object) -> str:
    text = _string(value, "text", "words")
    if not text.strip():
        raise fail("empty-text", "text must not be empty")
    _refuse_control_characters(text, "text", allowed="\n\t")
    return text  # kept exactly as written: nothing is normalised away


def _refuse_control_characters(text: str, what: str, allowed: str) -> None:
    bad = bad_characters(text, allowed)
    if bad:
        raise fail(
            "control-character",
            f"invisible or control characters in {what} ({describe(bad)}): remove them",
        )


FORMAT_VERSION = 1


def parse_format(value: object) -> int:
    # type() and not ==: pydantic (and Python) take 1.0 and True for 1.
    if type(value) is not int or value != FORMAT_VERSION:
        raise fail(
            "bad-format",
            f"`format` is the integer {FORMAT_VERSION}, written {FORMAT_VERSION} "
            f"(no quotes, no decimal point), got {_type_name(value)}",
        )
    return value


def _accepting(cls: type[T], parser: Callable[[object], T]) -> Callable[[object], T]:
    """A validator that passes parsed objects through (Python API) and parses strings."""

    def validate(value: object) -> T:
        if isinstance(value, cls):
            return value
        try:
            return parser(value)
        except units.QuantityError as exc:
            raise fail(exc.code, str(exc)) from None

    return validate


def _schema(pattern: str, example: str | None = None) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", "pattern": pattern}
    if example:
        schema["examples"] = [example]
    return WithJsonSchema(schema)


_AS_TEXT = PlainSerializer(str, return_type=str)
_NUM = r"(0|[1-9][0-9]*)(\.[0-9]+)?"
_SCALE = "( ?(k|thousand|mn|million|bn|billion|tn|trillion))?"

IsoDate = Annotated[
    date,
    PlainValidator(parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
FormatVersion = Annotated[
    int, PlainValidator(parse_format), WithJsonSchema({"type": "integer", "const": FORMAT_VERSION})
]
Slug = Annotated[str, PlainValidator(parse_slug), _schema("^[a-z0-9]+(-[a-z0-9]+)*$")]
TopicId = Annotated[str, PlainValidator(parse_topic), _schema(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
PartyCode = Annotated[str, PlainValidator(parse_party), _schema("^[A-Z]{2}$", "JP")]
HsCode = Annotated[str, PlainValidator(parse_hs), _schema("^(" + HS_CODE_RE.pattern + ")$")]
Url = Annotated[str, PlainValidator(parse_url), _schema("^https?://")]
Text = Annotated[str, PlainValidator(parse_text), WithJsonSchema({"type": "string"})]

PercentStr = Annotated[
    units.Percent,
    PlainValidator(_accepting(units.Percent, units.parse_percent)),
    _AS_TEXT,
    _schema(f"^{_NUM}%$", "15%"),
]
MoneyStr = Annotated[
    units.Money,
    PlainValidator(_accepting(units.Money, units.parse_money)),
    _AS_TEXT,
    _schema(f"^[A-Z]{{3}} {_NUM}{_SCALE}(/(year|month|quarter))?$", "USD 600bn"),
]
SpecificStr = Annotated[
    units.SpecificRate,
    PlainValidator(_accepting(units.SpecificRate, units.parse_specific)),
    _AS_TEXT,
    _schema("^.+/[A-Za-z0-9]+$", "341 JPY/kg"),
]
AmountStr = Annotated[
    units.Amount,
    PlainValidator(_accepting(units.Amount, units.parse_amount)),
    _AS_TEXT,
    _schema(f"^{_NUM}{_SCALE} [A-Za-z]+", "100000 vehicles/year"),
]
FxRateStr = Annotated[
    units.FxRate,
    PlainValidator(_accepting(units.FxRate, units.parse_fx_rate)),
    _AS_TEXT,
    _schema(f"^{_NUM} [A-Z]{{3}}/[A-Z]{{3}}$", "1.17 USD/EUR"),
]
DurationStr = Annotated[
    units.Duration,
    PlainValidator(_accepting(units.Duration, units.parse_duration)),
    _AS_TEXT,
    _schema("^P([1-9][0-9]*Y)?([1-9][0-9]*M)?$", "P15Y"),
]
FactorStr = Annotated[
    units.Factor,
    PlainValidator(_accepting(units.Factor, units.parse_factor)),
    _AS_TEXT,
    _schema(f"^{_NUM}x$", "2.5x"),
]
