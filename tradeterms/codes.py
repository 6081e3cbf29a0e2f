"""Code lists: ISO 3166 parties (plus the EU), ISO 4217 currencies, HS codes.

The ISO lists are pycountry's, shipped as literals in _code_tables (derived by
scripts/derive_code_tables.py): loading pycountry's databases cost every command about a
tenth of a second. Every check requires the canonical upper-case form.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "EU_MEMBERS",
    "HS_CODE_RE",
    "PRODUCT_LISTS",
    "country_name",
    "currency_codes",
    "is_currency",
    "party_problem",
]

# Party codes that are not ISO 3166-1 countries but are parties to trade deals.
EXTRA_PARTIES = {"EU": "European Union"}
# Codes people write that ISO 3166-1 does not have, with the code to write instead.
PARTY_HINTS = {"UK": "GB", "EL": "GR"}
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
# Funds, precious metals and test codes are not money in a trade deal.
_NOT_MONEY = {"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU"}
_NOT_MONEY |= {"XUA", "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW"}

# Product lists shipped in tradeterms/data that a term's scope may name (`scope.lists`);
# the duty calculator reads them (see _product_lists.MFN_ONLY_PARTNERS).
PRODUCT_LISTS = frozenset(f"{p}-mfn-only" for p in ("eu", "japan", "korea", "swiss", "uk"))

# NNNN, NNNN.NN, NNNN.NN.NN or NNNN.NN.NN.NN; also NN (a chapter).
HS_CODE_RE = re.compile(r"[0-9]{2}|[0-9]{4}(?:\.[0-9]{2}){0,3}")


@cache
def currency_codes() -> frozenset[str]:
    from tradeterms._code_tables import CURRENCIES

    return CURRENCIES - _NOT_MONEY


def is_currency(code: str) -> bool:
    return code in currency_codes()


@cache  # called for every party code of a file: no import statement per call
def _countries() -> dict[str, str]:
    from tradeterms._code_tables import COUNTRIES

    return COUNTRIES


def country_name(code: str) -> str:
    return EXTRA_PARTIES.get(code) or _countries().get(code, code)


def party_problem(code: str) -> str | None:
    """None when `code` is a valid party; otherwise what to write instead."""
    if code in EXTRA_PARTIES or code in _countries():
        return None
    if code in PARTY_HINTS:
        return f"{code!r} is not an ISO 3166-1 code: write {PARTY_HINTS[code]!r}"
    if code.upper() in _countries() or code.upper() in EXTRA_PARTIES:
        return f"party codes are upper case: write {code.upper()!r}"
    return f"unknown party {code!r}: use an ISO 3166-1 alpha-2 code (e.g. 'JP', 'GB') or 'EU'"


def hs_problem(code: str) -> str | None:
    """None when `code` is a well-formed HS/HTS code of an existing chapter."""
    if not HS_CODE_RE.fullmatch(code):
        return f"HS codes look like '8703', '8703.23' or '8703.23.01', got {code!r}"
    chapter = int(code[:2])
    if chapter == 0 or chapter == 77:
        return f"HS chapter {code[:2]} does not exist (in {code!r})"
    return None
