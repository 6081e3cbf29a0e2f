"""load → dump → load loses nothing."""

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tradeterms.loader import dumps, read
from tradeterms.models import DataFile, QuotaValue
from tradeterms.units import parse_amount, parse_fx_rate, parse_money, parse_percent, parse_specific

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parent.parent / "data" / "deals.yaml"


def _round_trip(path: Path, tmp_path: Path) -> None:
    model, findings = read(path)
    assert model is not None, findings
    again = tmp_path / "again.yaml"
    again.write_text(dumps(model), encoding="utf-8")
    second, findings = read(again)
    assert [f for f in findings if f.severity == "error"] == []  # warnings are about content
    assert second is not None
    assert second.model_dump() == model.model_dump() | {"deal_files": []}


def test_fixture_round_trip(tmp_path: Path) -> None:
    _round_trip(FIXTURES / "valid" / "minimal.yaml", tmp_path)


def test_shipped_data_round_trip(tmp_path: Path) -> None:
    """The catalog of many files dumps as one self-contained file that means the same."""
    _round_trip(DATA, tmp_path)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_survives_round_trip_or_is_refused(name: str) -> None:
    model, _ = read(FIXTURES / "valid" / "small.yaml")
    assert model is not None
    plain = model.model_dump()
    plain["deals"][0]["name"] = name
    try:
        changed = DataFile.model_validate(plain)
    except ValidationError:
        return  # empty names and control characters are refused, by design
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.yaml"
        path.write_text(dumps(changed), encoding="utf-8")
        second, findings = read(path)
    assert [f for f in findings if f.severity == "error"] == []  # warnings are about content
    assert second is not None
    assert second.model_dump() == changed.model_dump()


def _decimal_text(digits: int, places: int) -> str:
    """A number as the data file writes it: no exponent, no sign."""
    return f"{Decimal(digits).scaleb(-places):f}"


# Up to 13 significant digits and 7 decimal places: within the 15 digits the data allows,
# and down to 0.0000001, the first number Decimal would print as 1E-7.
decimals = st.builds(
    _decimal_text, st.integers(min_value=0, max_value=10**13 - 1), st.integers(0, 7)
)


@settings(max_examples=60, deadline=None)
@given(rate=decimals, money=decimals, amount=decimals)
def test_small_and_large_decimals_round_trip_as_written(rate: str, money: str, amount: str) -> None:
    # 0.0000001 must come back as 0.0000001, not 1E-7 (which the grammar rejects).
    model, _ = read(FIXTURES / "valid" / "small.yaml")
    assert model is not None
    plain = model.model_dump(mode="json")
    plain["deals"][0]["terms"][0]["claims"][0]["value"] = {
        "kind": "quota",
        "volume": f"{amount} t/year",
        "in_quota_rate": f"{rate}%",
        "in_quota_specific": f"USD {money}/kg",
    }
    changed = DataFile.model_validate(plain)
    text = dumps(changed)
    assert "E-" not in text and "E+" not in text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.yaml"
        path.write_text(text, encoding="utf-8")
        second, findings = read(path)
    assert findings == [] and second is not None
    assert second.model_dump() == changed.model_dump()
    value = second.deals[0].terms[0].claims[0].value
    assert isinstance(value, QuotaValue)
    assert (str(value.volume), str(value.in_quota_rate)) == (f"{amount} t/year", f"{rate}%")
    assert str(value.in_quota_specific) == f"USD {money}/kg"


@pytest.mark.parametrize(
    ("text", "parse"),
    [
        ("USD 0.000001", parse_money),
        ("USD 0.0000001", parse_money),
        ("0.00000001%", parse_percent),
        ("0.000000001 JPY/kg", parse_specific),
        ("0.0000001 t", parse_amount),
        ("0.00000001 USD/EUR", parse_fx_rate),
        ("100000000000000 t", parse_amount),
        ("USD 999999999999999", parse_money),
    ],
)
def test_quantities_print_as_decimals(text: str, parse: Callable[[str], object]) -> None:
    assert str(parse(text)) == text
