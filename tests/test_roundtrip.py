"""load → dump → load loses nothing."""

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tradeterms.loader import dumps, read
from tradeterms.models import DataFile

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
