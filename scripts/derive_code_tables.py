#!/usr/bin/env python3
"""Derive ``tradeterms/_code_tables.py``: the ISO 3166-1 countries and ISO 4217 currencies
that ``tradeterms.codes`` checks against, as literals.

Loading pycountry's JSON databases took about a tenth of a second of every command that
checks a party code (issue 17); the shipped table imports in about a millisecond.
``tests/test_code_tables.py`` fails when the table no longer matches the installed pycountry:
re-run this script then.

Run from the repository root::

    python scripts/derive_code_tables.py [--out tradeterms/_code_tables.py]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pycountry

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tradeterms" / "_code_tables.py"

HEADER = '''"""ISO code lists from pycountry {version}, as literals: written by
scripts/derive_code_tables.py, do not edit (tests/test_code_tables.py compares them)."""

'''


def table_text() -> str:
    """The module text: COUNTRIES (alpha-2 -> name) and CURRENCIES (alpha-3 codes)."""
    from importlib.metadata import version

    countries = sorted((c.alpha_2, c.name) for c in pycountry.countries)
    currencies = sorted(c.alpha_3 for c in pycountry.currencies)
    lines = [HEADER.format(version=version("pycountry")), "COUNTRIES = {"]
    lines += [f"    {code!r}: {name!r}," for code, name in countries]
    lines += ["}", "", "CURRENCIES = frozenset(", "    ["]
    lines += [f"        {code!r}," for code in currencies]
    lines += ["    ]", ")", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.write_text(table_text(), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
