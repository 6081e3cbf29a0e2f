"""Reference tables the validator checks data against, read from tradeterms/data on first use.

* HS headings: the 4-digit headings of the shipped schedule (``hts_headings.csv.gz``; a
  heading printed as one rate line appears only in ``hts_mfn.csv.gz``, read only when the
  first table lacks a heading). Chapter 99 is not shipped, so its codes are not checked.
* Product lists: which party's goods each list of ``scope.lists`` is about
  (``product_lists.csv``).
"""

from __future__ import annotations

import csv
import io
from functools import cache

from tradeterms._data_files import data_lines, data_text

__all__ = ["heading_problem", "list_party"]

_UNSHIPPED_CHAPTERS = frozenset({"99"})


def _first_column(name: str) -> list[str]:
    # The code columns are digits, never quoted: no csv parsing needed for them.
    return [line[: line.find(",")] for line in data_lines(name)]


@cache
def _headings() -> frozenset[str]:
    return frozenset(code for code in _first_column("hts_headings.csv.gz") if len(code) == 4)


@cache
def _rate_line_headings() -> frozenset[str]:
    return frozenset(code[:4] for code in _first_column("hts_mfn.csv.gz"))


@cache
def _chapters() -> frozenset[str]:
    return frozenset(h[:2] for h in _headings() | _rate_line_headings())


def heading_problem(code: str) -> str | None:
    """None when the heading (or chapter) of a well-formed HS code is in the schedule."""
    digits = code.replace(".", "")  # a well-formed code (types.parse_hs): digits and dots
    if digits[:2] in _UNSHIPPED_CHAPTERS:
        return None
    if len(digits) == 2:
        known = digits in _chapters()
    else:
        known = digits[:4] in _headings() or digits[:4] in _rate_line_headings()
    if known:
        return None
    what = "chapter" if len(digits) == 2 else "heading"
    return f"HS {what} {digits[:4]} of {code!r} is not in the US tariff schedule"


@cache
def _list_parties() -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(data_text("product_lists.csv")))
    return {row["list"]: row["party"] for row in rows}


def list_party(name: str) -> str | None:
    """The party whose goods a shipped product list is about, or None for an unknown list."""
    return _list_parties().get(name)
