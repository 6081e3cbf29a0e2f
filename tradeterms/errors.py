"""Exceptions and validation findings.

Every finding has a stable kebab-case `code` (documented in docs/validation-codes.md) and a
position in the file, so that editors and CI can point at the bad text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BadDateError",
    "DataError",
    "Finding",
    "InvalidArgumentError",
    "MissingExtraError",
    "TradetermsError",
    "UnknownDealError",
    "UnknownFormatError",
]


class TradetermsError(Exception):
    """The root of every error this library raises."""


class UnknownDealError(TradetermsError, KeyError):
    """A deal id that the data does not hold; the message names the closest ids."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown deal"


class UnknownFormatError(TradetermsError, ValueError):
    """An output format (or text style) a result does not offer; the message lists those it does."""

    def __init__(
        self, fmt: str, offered: tuple[str, ...], what: str = "format", hint: str = ""
    ) -> None:
        self.format = fmt
        self.offered = offered
        hint = f" ({hint})" if hint else ""
        super().__init__(f"unknown {what} {fmt!r}{hint}: choose one of {', '.join(offered)}")


class InvalidArgumentError(TradetermsError, ValueError):
    """An argument a library function cannot use (e.g. a malformed HTS code)."""


class MissingExtraError(TradetermsError, RuntimeError):
    """A feature that needs an optional dependency; the message says what to install."""


class BadDateError(TradetermsError, ValueError):
    """A date argument that is neither a date nor an ISO `YYYY-MM-DD` string."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a data file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: str = "error"

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message} [{self.code}]"


class DataError(TradetermsError, ValueError):
    """A data file that does not validate; `findings` holds every problem found."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "\n".join(str(f) for f in findings[:20])
        more = f"\n... and {len(findings) - 20} more" if len(findings) > 20 else ""
        super().__init__(f"{len(findings)} problem(s) in the data:\n{shown}{more}")


# Every code a Finding can carry, with what it means. docs/validation-codes.md is generated
# from this table (scripts/gen_docs.py), and a test fails when a code is missing here.
FINDING_CODES: dict[str, str] = {
    "unreadable": "The file cannot be read (missing, no permission).",
    "not-a-file": "Not a regular file (a folder, a FIFO, a device like /dev/zero): name a file.",
    "file-too-large": "The file is over 16 MiB (about 400 deals); split it.",
    "too-many-nodes": "More than 2,000,000 YAML values (scalars, lists, mappings) in one file; "
    "split it.",
    "too-many-findings": "More than 1,000 problems at one stage of checking a file: the "
    "first 1,000 are shown, then how many more there were.",
    "not-utf8": "The file is not UTF-8 text.",
    "control-character": "An invisible or control character (zero-width space, bidi override, "
    "a line break other than `\\n` such as NEL, LS, PS, VT or FF, a filler such as U+3164), "
    'also when written as an escape in double quotes (`"\\e[2J"`).',
    "empty-file": "The file holds no YAML document.",
    "yaml-syntax": "The YAML itself is malformed.",
    "tab": "A tab indents a line; YAML allows only spaces.",
    "multiple-documents": "More than one YAML document (`---`) in the file.",
    "too-deep": "Nesting deeper than 32 levels.",
    "anchor": "An anchor (`&name`); write values out instead of sharing them.",
    "alias": "An alias (`*name`); write values out instead of sharing them.",
    "merge-key": "A merge key (`<<`); write the fields out.",
    "explicit-tag": "An explicit tag (`!!python/...`, `!!str`, `!custom`).",
    "ambiguous-scalar": "An unquoted value that YAML 1.1 or 1.2 parsers read differently "
    "(`NO`, `yes`, `on`, `0402`, `1:20`, `.5`, `1e3`): quote it.",
    "huge-number": "A number of more than 15 digits (a plain YAML number, a rate, an amount).",
    "bad-key": "A mapping key that is not a plain word.",
    "duplicate-key": "The same key twice in one mapping; YAML would silently keep the last.",
    "unknown-field": "A field the model does not have (often a typo).",
    "missing-field": "A required field is missing.",
    "bad-format": "`format` is not the integer `1` (`1.0`, `true` and `'1'` are refused).",
    "unknown-kind": "A value `kind` other than tariff, quota, pledge, text, partner_tariff or "
    "share.",
    "invalid-choice": "A value outside its list of choices (source kind, strength, …).",
    "too-few-items": "A list with fewer items than required (e.g. a deal with one party).",
    "wrong-type": "A value of the wrong type (a list where text is expected, …).",
    "bad-date": "A date not written YYYY-MM-DD.",
    "impossible-date": "A date that is not in the calendar (2025-02-30).",
    "bad-id": "An id or topic not written as lower-case words (`us-eu-2025`, `tariff.autos`).",
    "unknown-party": "A party code that is not ISO 3166-1 alpha-2 or `EU` (`UK` → `GB`), "
    "or not a party to the deal.",
    "hs-not-string": "An HS code YAML reads as a number (`8703.20` → 8703.2): quote it.",
    "bad-hs-code": "An HS code of the wrong shape or of a chapter that does not exist.",
    "unknown-heading": "An HS code whose heading is not in the shipped US tariff schedule "
    "(chapter 99 is not checked).",
    "bad-url": "A source URL that is not an http(s) address.",
    "url-without-host": "A URL with no host after `https://` (`https:///path`, `https://:80`).",
    "empty-text": "Text that is empty or only spaces.",
    "bare-percent": "A rate written as a bare number (`0.15`, `15`): write `'15%'`.",
    "bad-percent": "A rate not written like `15%`.",
    "bad-money": "Money not written like `USD 600bn`.",
    "unknown-currency": "A currency code that is not ISO 4217 (`YEN` → `JPY`).",
    "bad-specific": "A specific duty not written like `341 JPY/kg` or `4.4¢/kg`.",
    "bad-amount": "A quantity not written like `100000 vehicles/year` or `1.4bn L`.",
    "bad-fx-rate": "An exchange rate not written like `1.17 USD/EUR`.",
    "unknown-source": "A claim, milestone or question cites a source id that does not exist.",
    "unknown-topic": "A topic id not in the file's topic vocabulary.",
    "unknown-term": "A question names a term id the deal does not have.",
    "unknown-list": "A term's scope names a product list the package does not ship "
    "(`eu-mfn-only`, `japan-mfn-only`, `korea-mfn-only`, `swiss-mfn-only`, `uk-mfn-only`).",
    "foreign-list": "A term's scope names a product list about another partner's goods "
    "(`japan-mfn-only` in a deal without JP); `tradeterms/data/product_lists.csv` maps lists "
    "to parties.",
    "unknown-duty-measure": "In a file that uses the measure ids of the duty calculator's "
    "tables (`tradeterms/data/duty_rules.yaml`), none of the ids a product list names is "
    "defined, though the file has measures on its topic: a measure was renamed or removed.",
    "duplicate-id": "Two records of the same kind share an id (in one file or in two files "
    "of a catalog; the message names the other place).",
    "deal-files": "A `deal_files` pattern that names no file, or that is not relative to the "
    "entry point's folder (`deals/*.yaml`).",
    "deal-without-catalog": "A deal file (one deal mapping) validated on its own, with no "
    "deals.yaml next to it or in the folder above whose `deal_files` names it.",
    "duplicate-party": "A party listed twice in one deal.",
    "self-tariff": "A tariff or quota term whose `levied_by` is its `on_goods_of`.",
    "date-order": "Two dates in the wrong order: resolved before raised, `until` before "
    "`effective`, an event effective before its date, published before the document's date, "
    "a pledge `starts` after `by`, an instrument `delivered_on` before `promised_on`, a "
    "condition `met_on` after the source that reports it was published.",
    "milestone-order": "Milestones not listed in date order.",
    "claim-after-source": "A claim dated after its source was published.",
    "claim-before-source": "A claim dated before its (legal, joint or official) source existed.",
    "missing-rate": "A tariff or quota without the rate it needs (a quota adding volume to an "
    "existing one at its own in-quota rate says `existing_in_quota_rate: true`).",
    "contradictory-value": "A value that contradicts itself: `applies: free` or `mfn_only` "
    "with a non-zero rate or duty, an in-quota rate above the over-quota rate.",
    "empty-pledge": "A pledge with no amount, no count and no words.",
    "adds-to-nothing": "A claim marked `adds_to: true` on a term with nothing else to add to.",
    "text-without-position": "(warning) Two parties' words on one term, neither with a "
    "`position`: no dispute between them can be found or ruled out.",
    "bad-duration": "A duration not written in ISO 8601 years and months (`P15Y`, `P18M`).",
    "bad-factor": "A multiple not written like `2.5x`.",
    "quota-volume": "A quota without exactly one of `volume`, `volume_relative` or "
    "`volume_pending`.",
    "quota-unit": "A quota's tranche or fill in another unit than its volume.",
    "two-rates": "An over-quota rate given both as a figure and in words.",
    "two-horizons": "A horizon given twice: `by` and `over`, or `until` and `lasts`.",
    "qualifier-alone": "A qualifier (`at_least`, `up_to`, …) with no figure to qualify.",
    "cap-mismatch": "A `per_year_cap` that does not bound the pledge's total (other currency, "
    "no total, or above it).",
    "snap-back-without-end": "A `snap_back` rate on a tariff with no `until` and no `condition`.",
    "partner-tariff-levier": "A `partner_tariff` on a term that the partner does not levy.",
    "partner-rate-rises": "A `partner_tariff` whose rate after is above the rate before.",
    "share-over-100": "A `share` above 100%.",
    "reading-rank": "A reading (`reading_of`) that cites a source of the same or higher rank "
    "than the text it reads.",
}
