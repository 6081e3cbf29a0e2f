"""The caches: hits only for the same bytes and code, never wrong, never an error.

The disk cache serves `load()` only; `validate()` always parses. The in-memory cache of
loaded catalogs is keyed by the bytes of every file of the catalog.
"""

import os
import shutil
from pathlib import Path

import pytest

import tradeterms
from tradeterms import _cache, loader
from tradeterms.loader import load, read, validate
from tradeterms.models import DataFile, Deal, records

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRADETERMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "_LOADED", type(loader._LOADED)())  # an empty memory cache
    path = tmp_path / "deals.yaml"
    path.write_bytes((FIXTURES / "valid" / "small.yaml").read_bytes())
    return path


def _entries(data: Path) -> list[Path]:
    return sorted((data.parent / "cache").glob("*"))


def _positions(model: DataFile) -> list[object]:
    return [r.written_at for r in records(model)]


def test_a_loaded_file_is_stored_and_a_hit_loads_the_same_records_and_positions(
    data: Path,
) -> None:
    first = load(data)
    [entry] = _entries(data)
    assert entry.suffix == ".json"
    hit = _cache.load(data.read_bytes(), DataFile)
    assert hit is not None and hit[0].model_dump() == first.data.model_dump()
    loader._LOADED.clear()
    second = load(data)
    assert second is not first and second.data.model_dump() == first.data.model_dump()
    assert _positions(second.data) == _positions(first.data)
    assert all(p is not None for p in _positions(second.data))


def test_validate_never_answers_from_the_disk_cache(data: Path) -> None:
    valid = load(data).data
    bad = data.read_text().replace("[US, EU]", "[US, UK]", 1).encode()
    _cache.store(bad, valid)  # an entry that lies about the edited bytes
    data.write_bytes(bad)
    assert [f.code for f in validate(data).findings] == ["unknown-party"]
    assert read(data)[0] is None


def test_an_edit_misses_both_caches(data: Path) -> None:
    first = load(data)
    assert load(data) is first  # unchanged bytes: the same catalog, no re-read
    data.write_text(data.read_text().replace("[US, EU]", "[US, UK]", 1), encoding="utf-8")
    with pytest.raises(tradeterms.DataError, match="unknown-party"):
        load(data)


def test_an_edited_deal_file_is_read_again(data: Path) -> None:
    catalog = data.parent / "split"
    shutil.copytree(Path(__file__).parent.parent / "data", catalog)
    entry = catalog / "deals.yaml"
    first = load(entry)
    assert load(entry) is first
    deal_file = catalog / "deals" / "us-uk-2025.yaml"
    text = deal_file.read_text(encoding="utf-8")
    deal_file.write_text(text.replace("name: ", "name: Edited ", 1), encoding="utf-8")
    second = load(entry)
    assert second.deal("us-uk-2025").name.startswith("Edited ")
    assert second.deal("us-uk-2025").written_at == first.deal("us-uk-2025").written_at


def test_a_catalog_of_files_loads_from_the_cache_as_from_the_files(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = data.parent / "split"
    shutil.copytree(Path(__file__).parent.parent / "data", catalog)
    monkeypatch.chdir(data.parent)
    entry = Path("split") / "deals.yaml"
    parsed = load(entry)  # every file parsed, then stored
    assert len(_entries(data)) == len(parsed.files)
    loader._LOADED.clear()
    cached = load(entry)  # every file from the disk cache
    assert cached is not parsed and cached.data.model_dump() == parsed.data.model_dump()
    assert _positions(cached.data) == _positions(parsed.data)
    assert str(cached.deal("us-uk-2025").written_at).startswith("split/deals/us-uk-2025.yaml:")


def test_invalid_files_are_never_stored(data: Path) -> None:
    with pytest.raises(tradeterms.DataError):
        load(FIXTURES / "invalid" / "norway.yaml")
    assert _entries(data) == []


def test_a_damaged_entry_is_a_miss(data: Path) -> None:
    model = load(data).data
    [entry] = _entries(data)
    entry.write_text("{not json", encoding="utf-8")
    assert _cache.load(data.read_bytes(), DataFile) is None
    loader._LOADED.clear()
    assert load(data).data.model_dump() == model.model_dump()


def test_the_key_includes_the_pydantic_and_pyyaml_versions(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydantic
    import yaml

    assert _cache.yaml_version() == yaml.__version__  # read without importing the parser
    raw = data.read_bytes()
    before = _cache._entry(raw, "DataFile")
    other = lambda: "0.0.0-other"  # noqa: E731
    for module, name, value in (
        (pydantic, "VERSION", "0.0.0-other"),
        (_cache, "yaml_version", other),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(module, name, value)
            _cache._fingerprint.cache_clear()
            assert _cache._entry(raw, "DataFile") != before
        _cache._fingerprint.cache_clear()
    assert _cache._entry(raw, "DataFile") == before


def test_only_the_newest_entries_are_kept(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cache, "KEEP", 2)
    model = load(data).data
    [loaded] = _entries(data)
    os.utime(loaded, ns=(10**9, 10**9))  # the oldest
    raws = [data.read_bytes() + f"# {n}\n".encode() for n in range(4)]
    for n, raw in enumerate(raws):
        _cache.store(raw, model)
        entry = _cache._entry(raw, "DataFile")
        assert entry is not None
        os.utime(entry, ns=(n * 10**9 + 10**18, n * 10**9 + 10**18))  # a clear order
    kept = _entries(data)
    assert [p.name for p in kept] == sorted(
        p.name for p in (_cache._entry(r, "DataFile") for r in raws[2:]) if p
    )
    assert not [p for p in data.parent.joinpath("cache").iterdir() if p.suffix == ".tmp"]


def test_a_symlink_in_the_cache_is_neither_read_nor_written_through(data: Path) -> None:
    model = load(data).data
    raw = data.read_bytes() + b"# other bytes\n"
    entry = _cache._entry(raw, "DataFile")
    assert entry is not None
    target = data.parent / "target.json"
    [stored] = _entries(data)
    target.write_bytes(stored.read_bytes())  # a well-formed entry, reachable only by the link
    entry.symlink_to(target)
    assert _cache.load(raw, DataFile) is None
    before = target.read_bytes()
    _cache.store(raw, model)
    assert target.read_bytes() == before and not entry.is_symlink()


def test_a_cache_folder_that_cannot_be_used_costs_speed_not_an_error(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = data.parent / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TRADETERMS_CACHE_DIR", str(blocker / "cache"))
    assert len(load(data)) == len(read(data)[0].deals)  # type: ignore[union-attr]
    assert _cache.load(data.read_bytes(), Deal) is None


def test_switched_off(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADETERMS_NO_CACHE", "1")
    load(data)
    assert _cache.cache_dir() is None and _entries(data) == []


def test_the_key_covers_every_module_that_reads_a_file() -> None:
    # A module that decides validity or positions but is missing from the key would let an
    # old entry outlive a change of that module.
    import subprocess
    import sys

    code = (
        "import sys, tradeterms._validation, tradeterms._positions; "
        "print(' '.join(m for m in sys.modules if m.startswith('tradeterms.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    readers = {name.removeprefix("tradeterms.") + ".py" for name in out.stdout.split()}
    assert readers - {"loader.py", "schema.py", "_validation_limits.py"} <= set(
        _cache._READER_MODULES
    )
