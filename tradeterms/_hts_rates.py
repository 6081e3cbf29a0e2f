"""HTS rate texts as typed values (the MFN table lookup is in _hts_schedule.py).

``parse_rate`` turns the rate texts printed in the US Harmonized Tariff Schedule into a
:class:`Rate`. It covers every General-rate text of the 2025 Basic and 2025 Revision 32
editions (chapters 01-99), including watch and clock rates with ad valorem parts on named
components, sugar degree scales, texts that define the rate by reference to another provision,
and the chapter 99 "duty provided in the applicable subheading + N%" forms. Anything else
raises :class:`RateParseError`; nothing is ever read as a silent zero.

``mfn_line`` looks an HTS code up in ``tradeterms/data/hts_mfn.csv.gz`` (see
``tradeterms/data/README.md``). Money is :class:`~decimal.Decimal` in US dollars throughout;
ad valorem rates are fractions (``Decimal("0.025")`` for 2.5%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from tradeterms.errors import InvalidArgumentError, TradetermsError

__all__ = [
    "AdValoremDuty",
    "DegreeScale",
    "Rate",
    "RateKind",
    "RateNotComputable",
    "RateParseError",
    "SpecificDuty",
    "normalise_unit",
    "parse_rate",
]

_ZERO = Decimal(0)


# ============================================================================ errors


class RateParseError(TradetermsError, ValueError):
    """A rate text that is not one of the forms the HTS uses."""

    def __init__(self, text: object, reason: str = "") -> None:
        self.text = text
        self.reason = reason
        message = f"cannot parse HTS rate text {text!r}"
        if reason:
            message += f": {reason}"
        super().__init__(message)


class RateNotComputable(TradetermsError, ValueError):
    """The rate cannot be turned into an amount from customs value and quantities alone."""

    def __init__(self, rate: Rate, reason: str) -> None:
        self.rate = rate
        self.reason = reason
        super().__init__(f"rate {rate.text!r} is not computable: {reason}")


# ============================================================================ units


_UNIT_ALIASES: dict[str, str] = {
    "kg": "kg",
    "clean kg": "clean kg",
    "g": "g",
    "t": "t",
    "liter": "liter",
    "liters": "liter",
    "pf.liter": "pf.liter",
    "pf. liter": "pf.liter",
    "pf.liters": "pf.liter",
    "pf. liters": "pf.liter",
    "bbl": "bbl",
    "m": "m",
    "lin. m": "lin. m",
    "m2": "m2",
    "m\u00b2": "m2",
    "m3": "m3",
    "m\u00b3": "m3",
    "each": "No.",
    "no.": "No.",
    "no": "No.",
    "pr.": "pair",
    "prs.": "pair",
    "pair": "pair",
    "pairs": "pair",
    "doz.": "doz.",
    "gross": "gross",
    "1000": "thousand",
    "1,000": "thousand",
    "1,000 pins": "thousand",
    "thousand": "thousand",
    "thousands": "thousand",
    "thou- sand": "thousand",
    "thou-sand": "thousand",
    "head": "head",
    "jewel": "jewel",
    "jwls.": "jewel",
    "article": "article",
    "line/gross": "line/gross",
    "line/ gross": "line/gross",
    "pack": "pack",
}


def normalise_unit(word: str) -> str:
    """Canonical unit name for a unit word of a rate text or of the HTS quantity column.

    ``each``/``No.`` -> ``"No."``, ``pr.``/``prs.`` -> ``"pair"``, ``liters`` -> ``"liter"``,
    ``pf. liter`` -> ``"pf.liter"``, ``m\u00b2`` -> ``"m2"``, ``1000``/``thousands`` ->
    ``"thousand"``. Unknown words are returned with whitespace collapsed, unchanged otherwise.
    """
    cleaned = " ".join(word.split())
    return _UNIT_ALIASES.get(cleaned.lower(), cleaned)


# ============================================================================ rate values


class RateKind(StrEnum):
    FREE = "free"
    """``Free`` (``condition`` holds any qualifier such as "under bond, as prescribed ...")."""
    AD_VALOREM = "ad_valorem"
    """Only ad valorem parts, e.g. ``2.5%``, ``3.9% on the movement + 5.3% on the battery``."""
    SPECIFIC = "specific"
    """Only specific parts, e.g. ``4.4\u00a2/kg``, ``$1.227/kg``, ``0.9\u00a2 each``."""
    COMPOUND = "compound"
    """Ad valorem and specific parts, e.g. ``6.8% + 0.5\u00a2/kg``."""
    DEGREE_SCALE = "degree_scale"
    """Sugar: a specific rate that falls per degree of polarisation under a reference."""
    ADDITIONAL = "additional"
    """Chapter 99: the duty of the applicable subheading plus the parts listed (if any)."""
    NO_CHANGE = "no_change"
    """Chapter 99 ``No change``: the applicable subheading's duty applies unchanged."""
    REFERENCE = "reference"
    """Defined in words or by reference to another provision or note (``reference``)."""


@dataclass(frozen=True, slots=True)
class SpecificDuty:
    """``amount`` US dollars per one ``per`` (a canonical unit, see :func:`normalise_unit`).

    ``basis`` qualifies what is measured (``"drained weight"``, ``"lead content"``,
    ``"total sugars"``, ``"over 7"`` jewels, ``"other piece or part"`` ...); None means the
    goods themselves.
    """

    amount: Decimal
    per: str
    basis: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class AdValoremDuty:
    """``rate`` (a fraction) of the customs value, or of ``basis`` when given
    (``"case"``, ``"battery"``, ``"value of the lead content"``, ``"fair retail value"`` ...).
    """

    rate: Decimal
    basis: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class DegreeScale:
    """``base`` USD per ``per`` at ``reference_degrees`` or more, less ``step`` for each degree
    (and fraction of a degree) under it, but not less than ``minimum``."""

    base: Decimal
    step: Decimal
    reference_degrees: Decimal
    minimum: Decimal
    per: str = "kg"

    def amount_at(self, degrees: Decimal) -> Decimal:
        """USD per ``per`` for goods testing ``degrees`` (e.g. polarimeter degrees)."""
        shortfall = max(_ZERO, self.reference_degrees - degrees)
        return max(self.minimum, self.base - self.step * shortfall)


@dataclass(frozen=True, slots=True)
class Rate:
    """A parsed HTS rate text.

    ``ad_valorem`` is the fraction charged on the whole customs value (None when there is no
    such part); ``ad_valorem_parts`` lists every ad valorem part including those charged on a
    named component or basis. ``specific`` lists the specific parts. Rates of kind
    ``DEGREE_SCALE`` and ``REFERENCE`` have neither; always check :attr:`is_computable` (or use
    :meth:`duty_amount`) before treating empty parts as "no duty".
    """

    text: str
    kind: RateKind
    ad_valorem: Decimal | None = None
    specific: tuple[SpecificDuty, ...] = ()
    ad_valorem_parts: tuple[AdValoremDuty, ...] = ()
    scale: DegreeScale | None = None
    base: str | None = None
    """ADDITIONAL: what the parts are added to (``"the applicable subheading"``)."""
    reference: str | None = None
    """REFERENCE: the text defining the rate."""
    adjustment: Decimal | None = None
    """REFERENCE: ad valorem change to the referenced rate (``-0.005`` for "minus 0.5%")."""
    condition: str | None = None
    """Qualifier the duty depends on: "under bond ..." after Free, ", but if ..." provisos."""

    @property
    def is_free(self) -> bool:
        return self.kind is RateKind.FREE

    @property
    def adds_to_base(self) -> bool:
        """True for chapter 99 texts whose duty is added to the applicable subheading's."""
        return self.kind in (RateKind.ADDITIONAL, RateKind.NO_CHANGE)

    @property
    def is_computable(self) -> bool:
        """True when :meth:`duty_amount` can work from customs value and quantities only."""
        return self._not_computable_reason() is None

    def _not_computable_reason(self) -> str | None:
        if self.kind is RateKind.REFERENCE:
            return "the rate is defined by reference or in words"
        if self.kind is RateKind.DEGREE_SCALE:
            return "the rate depends on degrees; use scale.amount_at(degrees)"
        if self.condition is not None:
            return f"the rate is conditional ({self.condition})"
        if any(p.basis is not None for p in self.ad_valorem_parts):
            return "an ad valorem part applies to a component or other basis, not the value"
        if any(s.basis is not None for s in self.specific):
            return "a specific part is measured on a component or other basis"
        return None

    @property
    def specific_units(self) -> frozenset[str]:
        return frozenset(s.per for s in self.specific)

    def ad_valorem_equivalent(self, unit_value: Decimal) -> Decimal | None:
        """Ad valorem equivalent (a fraction) at ``unit_value`` USD per the specific unit.

        None when not computable from one unit value: the rate is not computable (see
        :attr:`is_computable`) or its specific parts use more than one unit. For chapter 99
        texts that add to a base this is the equivalent of the added parts only.
        """
        if not self.is_computable or len(self.specific_units) > 1:
            return None
        av = self.ad_valorem if self.ad_valorem is not None else _ZERO
        if not self.specific:
            return av
        if unit_value <= 0:
            raise InvalidArgumentError(f"unit value must be positive, got {unit_value}")
        return av + sum((s.amount for s in self.specific), _ZERO) / unit_value

    def duty_amount(
        self, customs_value: Decimal, quantities: Mapping[str, Decimal] | None = None
    ) -> Decimal:
        """Duty in USD on goods of ``customs_value`` USD and ``quantities`` (unit -> amount;
        units are normalised with :func:`normalise_unit`, so ``"No."`` and ``"each"`` agree).

        Unrounded. For chapter 99 texts that add to a base this is the added duty only.
        Raises :class:`RateNotComputable` when value and quantities do not suffice.
        """
        reason = self._not_computable_reason()
        if reason is not None:
            raise RateNotComputable(self, reason)
        total = customs_value * self.ad_valorem if self.ad_valorem is not None else _ZERO
        have = {normalise_unit(k): v for k, v in (quantities or {}).items()}
        for part in self.specific:
            if part.per not in have:
                raise RateNotComputable(self, f"needs a quantity in {part.per!r}")
            total += part.amount * have[part.per]
        return total


# ============================================================================ parser

_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_UNIT = (
    r"line/\s?gross|clean kg|pf\.\s?liter|lin\.\s?m|1,000 pins|1,000|1000|thou-\s?sand|thousand"
    r"|liter|kg|bbl|doz\.|pr\.|gross|head|jewel|article|pack|m2|m3|t|g|m"
)
_BASIS_CHARS = r"[^\u00a2$%+]"

_FREE_RE = re.compile(r"free(?:\s*,\s*(?P<cond>\S.*))?", re.IGNORECASE)
_NO_CHANGE_RE = re.compile(r"no change\.?", re.IGNORECASE)
_ADDITIONAL_RE = re.compile(
    r"The duty provided\s+(?:for\s+)?in\s*"
    r"(?P<base>the applicable subheading"
    r"|subheadings?\s+\d{4}\.\d{2}(?:\.\d{2})?(?:(?:\s*,\s*|\s+or\s+|\s+and\s+)\d{4}\.\d{2}(?:\.\d{2})?)*)"
    r"\s*(?:(?:\+|\bplus\b)\s*(?:a duty of\s+)?(?P<extra>\S.*?))?\s*\.?"
)
_SCALE_RE = re.compile(
    rf"(?P<base>{_NUM})\s*\u00a2\s*/\s*kg\s+less\s+(?P<step>{_NUM})\s*\u00a2\s*/\s*kg\s+"
    rf"for each degree under\s+(?P<ref>{_NUM})\s+degrees\s*"
    r"\(and fractions of a degree in proportion\)\s*,?\s*"
    rf"but not less(?:\s+than)?\s+(?P<min>{_NUM})\s*\u00a2\s*/\s*kg"
)
_REFERENCE_RE = re.compile(
    r"(?:The\s+(?:duty\s+)?rate\s+(?:of\s+duty\s+)?(?:applicable|provided)\b"
    r"|See\s+(?:additional\s+)?U\.S\.\s+notes?\s+\d"
    r"|A\s+duty\s+(?:upon|equal\s+to|\(in\s+lieu\s+of)\b).*",
    re.DOTALL,
)
_ADJUST_RE = re.compile(rf"\b(?P<sign>minus|plus)\s+(?P<num>{_NUM})\s*%\s*\.?$")
_PROVISO_RE = re.compile(r"(?P<body>.+?)\s*,\s*(?P<cond>but\s+.+)", re.DOTALL)
_AD_VALOREM_RE = re.compile(
    rf"(?P<num>{_NUM})\s*(?:%|percent\b)"
    rf"(?:\s+(?:on|upon|of)\s+(?P<basis>{_BASIS_CHARS}+))?"
)
_SPECIFIC_RE = re.compile(
    rf"(?:\$\s*(?P<usd>{_NUM})|(?P<cents>{_NUM})\s*\u00a2)\s*"
    rf"(?:/\s*(?P<unit>{_UNIT})|(?P<each>each)|for each\s+(?P<for_each>[a-z][a-z ,]*[a-z]))"
    rf"(?:\s*(?P<basis>(?:on|of|over)\s+{_BASIS_CHARS}+))?"
)
_PART_SPLIT_RE = re.compile(r"\s*\+\s*")


def _basis(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = " ".join(raw.split())
    for lead in ("upon ", "on ", "of "):
        if text.startswith(lead):
            text = text[len(lead) :]
            break
    if text.startswith("the "):
        text = text[4:]
    return text or None


def _parse_part(part: str, text: str) -> AdValoremDuty | SpecificDuty:
    m = _AD_VALOREM_RE.fullmatch(part)
    if m:
        return AdValoremDuty(rate=Decimal(m["num"]).scaleb(-2), basis=_basis(m["basis"]), text=part)
    m = _SPECIFIC_RE.fullmatch(part)
    if m:
        amount = Decimal(m["usd"]) if m["usd"] is not None else Decimal(m["cents"]).scaleb(-2)
        basis = _basis(m["basis"])
        if m["unit"] is not None:
            per = normalise_unit(m["unit"])
        else:
            per = "No."
            if m["for_each"] is not None:
                if basis is not None:
                    raise RateParseError(text, f"two bases in part {part!r}")
                basis = " ".join(m["for_each"].split())
        return SpecificDuty(amount=amount, per=per, basis=basis, text=part)
    raise RateParseError(text, f"unrecognised part {part!r}")


def _parse_parts(
    body: str, text: str
) -> tuple[tuple[AdValoremDuty, ...], tuple[SpecificDuty, ...]]:
    pieces = _PART_SPLIT_RE.split(body.strip())
    if any(not p for p in pieces):
        raise RateParseError(text, "empty part around '+'")
    ad_valorem: list[AdValoremDuty] = []
    specific: list[SpecificDuty] = []
    for piece in pieces:
        part = _parse_part(piece, text)
        if isinstance(part, AdValoremDuty):
            ad_valorem.append(part)
        else:
            specific.append(part)
    return tuple(ad_valorem), tuple(specific)


def _whole_value_rate(parts: tuple[AdValoremDuty, ...]) -> Decimal | None:
    plain = [p.rate for p in parts if p.basis is None]
    return sum(plain, _ZERO) if plain else None


def parse_rate(text: str) -> Rate:
    """Parse an HTS rate text (General; most Column 2 texts parse too).

    Raises :class:`RateParseError` (a ``ValueError``) naming the text when it is not a form
    the HTS uses. Results are cached (rates are immutable).
    """
    if not isinstance(text, str):
        raise RateParseError(text, "not a string")
    return _parse_rate(text)


@lru_cache(maxsize=4096)
def _parse_rate(text: str) -> Rate:
    clean = " ".join(text.split())
    if not clean:
        raise RateParseError(text, "empty")

    if m := _FREE_RE.fullmatch(clean):
        return Rate(text=text, kind=RateKind.FREE, condition=m["cond"])
    if _NO_CHANGE_RE.fullmatch(clean):
        return Rate(text=text, kind=RateKind.NO_CHANGE)
    if m := _ADDITIONAL_RE.fullmatch(clean):
        extra = m["extra"]
        av_parts: tuple[AdValoremDuty, ...] = ()
        sp_parts: tuple[SpecificDuty, ...] = ()
        if extra is not None:
            av_parts, sp_parts = _parse_parts(extra, text)
        return Rate(
            text=text,
            kind=RateKind.ADDITIONAL,
            ad_valorem=_whole_value_rate(av_parts),
            specific=sp_parts,
            ad_valorem_parts=av_parts,
            base=" ".join(m["base"].split()),
        )
    if m := _SCALE_RE.fullmatch(clean):
        scale = DegreeScale(
            base=Decimal(m["base"]).scaleb(-2),
            step=Decimal(m["step"]).scaleb(-2),
            reference_degrees=Decimal(m["ref"]),
            minimum=Decimal(m["min"]).scaleb(-2),
        )
        if scale.minimum > scale.base:
            raise RateParseError(text, "minimum above base rate")
        return Rate(text=text, kind=RateKind.DEGREE_SCALE, scale=scale)
    if _REFERENCE_RE.fullmatch(clean):
        adjustment = None
        if a := _ADJUST_RE.search(clean):
            adjustment = Decimal(a["num"]).scaleb(-2)
            if a["sign"] == "minus":
                adjustment = -adjustment
        return Rate(text=text, kind=RateKind.REFERENCE, reference=clean, adjustment=adjustment)

    condition = None
    body = clean
    if m := _PROVISO_RE.fullmatch(clean):
        body, condition = m["body"], m["cond"]
    av_parts, sp_parts = _parse_parts(body, text)
    if av_parts and sp_parts:
        kind = RateKind.COMPOUND
    elif av_parts:
        kind = RateKind.AD_VALOREM
    else:
        kind = RateKind.SPECIFIC
    return Rate(
        text=text,
        kind=kind,
        ad_valorem=_whole_value_rate(av_parts),
        specific=sp_parts,
        ad_valorem_parts=av_parts,
        condition=condition,
    )
