"""HTS rate texts as typed values, and the shipped MFN (column 1 General) rate table.

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

import bisect
import csv
import dataclasses
import difflib
import gzip
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

__all__ = [
    "AdValoremDuty",
    "DegreeScale",
    "HtsCodeNotFound",
    "MfnLine",
    "Rate",
    "RateKind",
    "RateNotComputable",
    "RateParseError",
    "SpecificDuty",
    "format_hts",
    "hts_context",
    "latest_mfn_revision",
    "load_mfn_table",
    "mfn_line",
    "mfn_revisions",
    "nearest_codes",
    "normalise_hts",
    "normalise_unit",
    "parse_rate",
    "read_data_csv",
    "revision_for_date",
    "revision_published",
]

_ZERO = Decimal(0)


# ============================================================================ errors


class RateParseError(ValueError):
    """A rate text that is not one of the forms the HTS uses."""

    def __init__(self, text: object, reason: str = "") -> None:
        self.text = text
        self.reason = reason
        message = f"cannot parse HTS rate text {text!r}"
        if reason:
            message += f": {reason}"
        super().__init__(message)


class RateNotComputable(ValueError):
    """The rate cannot be turned into an amount from customs value and quantities alone."""

    def __init__(self, rate: Rate, reason: str) -> None:
        self.rate = rate
        self.reason = reason
        super().__init__(f"rate {rate.text!r} is not computable: {reason}")


class HtsCodeNotFound(LookupError):
    """No rate line for an HTS code in the requested revision (with suggestions)."""

    def __init__(
        self,
        hts: str,
        revision: str,
        suggestions: tuple[str, ...] = (),
        other_revisions: tuple[str, ...] = (),
    ) -> None:
        self.hts = hts
        self.revision = revision
        self.suggestions = suggestions
        self.other_revisions = other_revisions
        message = f"no HTS rate line {format_hts(hts)} in revision {revision}"
        if hts.startswith("99"):
            message += " (chapter 99 holds additional duties, not MFN rate lines)"
        if other_revisions:
            message += f" (present in {', '.join(other_revisions)})"
        if suggestions:
            message += "; nearest: " + ", ".join(format_hts(s) for s in suggestions)
        super().__init__(message)

    def __str__(self) -> str:  # LookupError/KeyError would repr() the message
        return str(self.args[0])


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
            raise ValueError(f"unit value must be positive, got {unit_value}")
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


# ============================================================================ HTS codes


_HTS_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_hts(hts: str) -> str:
    """Digits of an HTS code: ``"8703.23.01"`` -> ``"87032301"``.

    Dots, spaces and hyphens are ignored. Raises ``ValueError`` unless 2 to 10 digits remain.
    """
    code = _HTS_SEPARATORS.sub("", hts)
    if not code.isdigit() or not code.isascii() or not 2 <= len(code) <= 10:
        raise ValueError(f"not an HTS code: {hts!r}")
    return code


def format_hts(hts: str) -> str:
    """Dotted form: ``"8703230190"`` -> ``"8703.23.01.90"``."""
    code = _HTS_SEPARATORS.sub("", hts)
    return ".".join([code[:4]] + [code[i : i + 2] for i in range(4, len(code), 2)])


# ============================================================================ data files


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Rows of ``tradeterms/data/<name>`` (``.gz`` files are decompressed)."""
    raw = (resources.files("tradeterms") / "data" / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def _iso(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def _revision_dates() -> Mapping[str, date | None]:
    """Every HTS revision label (in order) -> USITC publication date."""
    return MappingProxyType(
        {r["revision"]: _iso(r["usitc_change_record_date"]) for r in read_data_csv(_REVISIONS)}
    )


_MFN_FILE = "hts_mfn.csv.gz"
_HEADINGS_FILE = "hts_headings.csv.gz"
_REVISIONS = "hts_revisions.csv"


@dataclass(frozen=True, slots=True)
class _MfnRow:
    hts: str
    description: str
    general: str
    first: int
    last: int


@lru_cache(maxsize=1)
def _mfn_rows() -> tuple[_MfnRow, ...]:
    order = {label: i for i, label in enumerate(_revision_dates())}
    rows = []
    for r in read_data_csv(_MFN_FILE):
        rows.append(
            _MfnRow(
                hts=r["hts"],
                description=r["description"],
                general=r["general"],
                first=order[r["first_revision"]],
                last=order[r["last_revision"]],
            )
        )
    return tuple(rows)


@lru_cache(maxsize=1)
def mfn_revisions() -> tuple[str, ...]:
    """Revisions covered by the shipped MFN table, oldest first."""
    labels = list(_revision_dates())
    used = {i for row in _mfn_rows() for i in (row.first, row.last)}
    return tuple(labels[i] for i in sorted(used))


def latest_mfn_revision() -> str:
    return mfn_revisions()[-1]


_REVISION_RE = re.compile(
    r"(?P<year>\d{4})[_\- ]?(?:(?P<basic>basic)|rev(?:ision)?[_\- ]?(?P<n>\d+))"
)


def _resolve_revision(revision: str) -> str:
    m = _REVISION_RE.fullmatch(revision.strip().lower())
    label = revision
    if m:
        label = f"{m['year']}_basic" if m["basic"] else f"{m['year']}_rev_{int(m['n'])}"
    if label not in mfn_revisions():
        raise ValueError(
            f"HTS revision {revision!r} is not shipped; available: {', '.join(mfn_revisions())}"
        )
    return label


def revision_published(revision: str) -> date:
    """USITC publication date (change-record date) of a shipped revision."""
    label = _resolve_revision(revision)
    published = _revision_dates()[label]
    if published is None:  # pragma: no cover - every shipped revision has a date
        raise ValueError(f"no publication date for {label}")
    return published


def revision_for_date(on: date) -> str:
    """Latest shipped revision published on or before ``on``.

    Only snapshots are shipped: a date between two of them maps to the older one. Dates after
    the last shipped revision map to it. Raises ``ValueError`` before the first one.
    """
    chosen = None
    for label in mfn_revisions():
        if revision_published(label) <= on:
            chosen = label
    if chosen is None:
        first = mfn_revisions()[0]
        raise ValueError(
            f"no shipped HTS revision in force on {on.isoformat()}; the first is {first} "
            f"({revision_published(first).isoformat()})"
        )
    return chosen


@dataclass(frozen=True, slots=True)
class MfnLine:
    """An HTS rate line: ``hts`` digits (8, or 10 where the schedule prints the legal line at 10
    digits), its own ``description`` (at most 80 characters), the ``general`` text verbatim,
    its parsed ``rate`` and the ``revision`` it was taken from. ``requested`` is the code asked
    for; ``fallback`` is True when that was a 10-digit statistical code without its own rate
    and the line of its first 8 digits was used."""

    hts: str
    description: str
    general: str
    rate: Rate
    revision: str
    requested: str
    fallback: bool = False

    @property
    def dotted(self) -> str:
        return format_hts(self.hts)


@dataclass(frozen=True, slots=True)
class _MfnIndex:
    lines: Mapping[str, MfnLine]
    by_eight: Mapping[str, MfnLine]
    codes: tuple[str, ...]


@lru_cache(maxsize=8)
def _mfn_index(revision: str) -> _MfnIndex:
    idx = list(_revision_dates()).index(revision)
    lines: dict[str, MfnLine] = {}
    for row in _mfn_rows():
        if row.first <= idx <= row.last:
            lines[row.hts] = MfnLine(
                hts=row.hts,
                description=row.description,
                general=row.general,
                rate=parse_rate(row.general),
                revision=revision,
                requested=row.hts,
            )
    by_eight = {
        code[:8]: line for code, line in lines.items() if len(code) == 10 and code[:8] not in lines
    }
    return _MfnIndex(
        lines=MappingProxyType(lines),
        by_eight=MappingProxyType(by_eight),
        codes=tuple(sorted(lines)),
    )


def load_mfn_table(revision: str | None = None) -> Mapping[str, MfnLine]:
    """All rate lines of one revision (default: the latest shipped), keyed by HTS digits."""
    label = latest_mfn_revision() if revision is None else _resolve_revision(revision)
    return _mfn_index(label).lines


def _pick_revision(revision: str | None, on: date | None) -> str:
    if revision is not None and on is not None:
        raise ValueError("give either revision or on, not both")
    if on is not None:
        return revision_for_date(on)
    return latest_mfn_revision() if revision is None else _resolve_revision(revision)


def _find(code: str, index: _MfnIndex) -> MfnLine | None:
    line = index.lines.get(code)
    if line is not None:
        return line
    if len(code) == 8:
        line = index.by_eight.get(code)
        return None if line is None else dataclasses.replace(line, requested=code)
    if len(code) == 10:
        line = index.lines.get(code[:8]) or index.by_eight.get(code[:8])
        if line is not None:
            return dataclasses.replace(line, requested=code, fallback=True)
    return None


def mfn_line(hts: str, revision: str | None = None, *, on: date | None = None) -> MfnLine:
    """The MFN (column 1 General) rate line for ``hts`` (8 or 10 digits, dotted or not).

    ``revision`` (``"2025_basic"``, ``"2025_rev_32"``; ``"2025_rev32"`` is accepted) or ``on``
    (a date, see :func:`revision_for_date`) choose the edition; default is the latest. A
    10-digit statistical code without a rate of its own falls back to its 8-digit line
    (``fallback`` is then True). Raises :class:`HtsCodeNotFound` with ``suggestions`` for
    codes that are not rate lines, ``ValueError`` for malformed codes.
    """
    code = normalise_hts(hts)
    label = _pick_revision(revision, on)
    line = _find(code, _mfn_index(label))
    if line is not None:
        return line
    others = tuple(
        r for r in mfn_revisions() if r != label and _find(code, _mfn_index(r)) is not None
    )
    raise HtsCodeNotFound(code, label, tuple(nearest_codes(code, revision=label)), others)


def nearest_codes(hts: str, n: int = 5, revision: str | None = None) -> list[str]:
    """Up to ``n`` rate-line codes (digits) close to ``hts``, best first.

    Codes sharing the longest prefix (at least the 4-digit heading) come first, ordered by
    numeric distance; then near misses by edit similarity (typos such as swapped digits); a
    shorter common prefix is the last resort. Partial codes (``"870323"``) list the lines under
    them.
    """
    code = normalise_hts(hts)
    if n <= 0:
        return []
    label = latest_mfn_revision() if revision is None else _resolve_revision(revision)
    codes = _mfn_index(label).codes
    target = int(code.ljust(10, "0"))

    def by_distance(candidates: list[str]) -> list[str]:
        return sorted(candidates, key=lambda c: (abs(int(c.ljust(10, "0")) - target), c))

    def with_prefix(prefix: str) -> list[str]:
        lo = bisect.bisect_left(codes, prefix)
        hi = bisect.bisect_left(codes, prefix + "\x7f")
        return list(codes[lo:hi])

    out: list[str] = []

    def add(candidates: list[str]) -> None:
        for c in candidates:
            if c not in out and len(out) < n:
                out.append(c)

    for length in range(len(code), 3, -1):
        add(by_distance(with_prefix(code[:length])))
        if len(out) >= n:
            return out
    pool = [c for c in codes if len(c) == len(code)] if len(code) in (8, 10) else list(codes)
    add(difflib.get_close_matches(code, pool, n=n, cutoff=0.7))
    for length in (3, 2):
        if len(out) >= n:
            break
        add(by_distance(with_prefix(code[:length])))
    return out


@lru_cache(maxsize=1)
def _headings() -> Mapping[str, str]:
    return MappingProxyType({r["hts"]: r["description"] for r in read_data_csv(_HEADINGS_FILE)})


def hts_context(hts: str, revision: str | None = None) -> list[tuple[str, str]]:
    """(code, description) from the 4-digit heading down to the rate line, for display:
    many lines are described only as "Other". Unknown parts are left out."""
    code = normalise_hts(hts)
    out = [
        (code[:k], _headings()[code[:k]])
        for k in (4, 6)
        if len(code) >= k and code[:k] in _headings()
    ]
    if len(code) >= 8:
        line = _find(code, _mfn_index(_pick_revision(revision, None)))
        if line is not None:
            out.append((line.hts, line.description))
    return out
