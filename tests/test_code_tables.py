"""The shipped code lists are pycountry's: re-run scripts/derive_code_tables.py when not."""

from __future__ import annotations

import pycountry

from tradeterms._code_tables import COUNTRIES, CURRENCIES
from tradeterms.codes import country_name, currency_codes, party_problem


def test_countries_are_pycountrys() -> None:
    assert {c.alpha_2: c.name for c in pycountry.countries} == COUNTRIES


def test_currencies_are_pycountrys() -> None:
    assert frozenset(c.alpha_3 for c in pycountry.currencies) == CURRENCIES


def test_the_checks_read_the_table() -> None:
    assert country_name("JP") == "Japan"
    assert party_problem("JP") is None
    assert party_problem("jp") == "party codes are upper case: write 'JP'"
    assert "EUR" in currency_codes()
    assert "XAU" not in currency_codes()  # gold is not money in a trade deal
