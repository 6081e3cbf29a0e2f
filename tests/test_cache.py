"""The cache of validated files: hits only for the same bytes and validator, never wrong."""

from pathlib import Path

import pytest

from tradeterms import _cache
from tradeterms.loader import read, validate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRADETERMS_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "deals.yaml"
    path.write_bytes((FIXTURES / "valid" / "small.yaml").read_bytes())
    return path


def test_a_valid_file_is_remembered_and_loads_the_same(data: Path) -> None:
    assert not _cache.known_valid(data)
    first, _ = read(data)
    assert _cache.known_valid(data)
    second, findings = read(data)
    assert findings == [] and second == first


def test_an_edit_misses_the_cache_and_is_checked(data: Path) -> None:
    read(data)
    data.write_text(data.read_text().replace("[US, EU]", "[US, UK]", 1), encoding="utf-8")
    assert not _cache.known_valid(data)
    assert [f.code for f in validate(data).findings] == ["unknown-party"]


def test_invalid_files_are_never_stored(data: Path) -> None:
    bad = FIXTURES / "invalid" / "norway.yaml"
    validate(bad)
    assert not _cache.known_valid(bad)
    assert not validate(bad).valid


def test_a_damaged_entry_is_a_miss(data: Path) -> None:
    model, _ = read(data)
    [entry] = list((data.parent / "cache").glob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    again, findings = read(data)
    assert findings == [] and again == model


def test_switched_off(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADETERMS_NO_CACHE", "1")
    read(data)
    assert _cache.cache_dir() is None and not _cache.known_valid(data)
