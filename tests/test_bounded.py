"""No input exhausts memory or time, and the CI gate cannot be fooled (issue 14).

The loader reads only regular files, at most the size limit plus one byte, refuses a YAML
tree beyond its node budget before building it, and caps findings at every stage saying
how many more there were. `validate` never answers from the disk cache, and a cache folder
that cannot be used only costs speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeterms import loader
from tradeterms._files import read_limited
from tradeterms._validation_limits import MAX_FINDINGS, MAX_NODES
from tradeterms._yaml import _NODE_CHARS
from tradeterms.cli import cli
from tradeterms.errors import DataError
from tradeterms.loader import load, read, validate
from tradeterms.report_format import format_report

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "valid" / "small.yaml"


def run_validate(path: Path | str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`tradeterms validate` in its own process, with a deadline and its peak memory."""
    code = (
        "import resource, sys\n"
        "from tradeterms.cli import cli\n"
        "try:\n"
        "    cli(['validate', sys.argv[1]])\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "    print(f'peak-mb={peak}', file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "TRADETERMS_NO_CACHE": "1"},
        check=False,
    )


def peak_mb(result: subprocess.CompletedProcess[str]) -> int:
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("peak-mb=")]
    return int(line.removeprefix("peak-mb="))


# ------------------------------------------------------------------ only regular files


@pytest.mark.parametrize(
    ("path", "says"), [("/dev/zero", "a character device"), ("/dev/null", "a character device")]
)
def test_a_device_is_refused_without_reading_it(path: str, says: str) -> None:
    result = run_validate(path, timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}:1:1: error: {says}, not a data file: name a file [not-a-file]" in result.stdout
    assert peak_mb(result) < 300


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "deals.yaml"
    os.mkfifo(fifo)
    result = run_validate(fifo, timeout=30)  # a blocking open would hit the deadline
    assert result.returncode == 1
    assert "a FIFO (named pipe), not a data file" in result.stdout
    model, findings = read(fifo)
    assert model is None and [f.code for f in findings] == ["not-a-file"]


def test_a_fifo_among_the_deal_files_is_reported_not_skipped(tmp_path: Path) -> None:
    catalog = tmp_path / "data"
    shutil.copytree(Path(__file__).parent.parent / "data", catalog)
    os.mkfifo(catalog / "deals" / "us-zz-2026.yaml")
    result = run_validate(catalog / "deals.yaml", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "us-zz-2026.yaml:1:1: error: a FIFO (named pipe), not a data file" in result.stdout


def test_a_folder_is_refused(tmp_path: Path) -> None:
    [finding] = validate(tmp_path).findings
    assert (finding.code, finding.message) == (
        "not-a-file",
        "a folder, not a data file: name a file",
    )


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    [finding] = validate(tmp_path / "missing" / "deals.yaml").findings
    assert finding.code == "unreadable" and "No such file" in finding.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 100)
    raw, [finding] = read_limited(big, "big.yaml", limit=50)
    assert raw is None and finding.code == "file-too-large"
    assert finding.message == "file is 102 bytes; the limit is 50 bytes: split it"


def test_at_most_the_limit_plus_one_byte_is_read() -> None:
    # /proc files say they are empty and are longer: the read itself must stop.
    raw, [finding] = read_limited("/proc/self/status", "status", limit=10)
    assert raw is None and finding.code == "file-too-large"
    assert "over 10 bytes (it grew while read)" in finding.message
    raw, findings = read_limited("/proc/self/status", "status")
    assert findings == [] and raw is not None and b"Name:" in raw


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"x" * 50)
    assert read_limited(exact, "exact.yaml", limit=50) == (b"x" * 50, [])


def test_the_cache_key_hashes_a_large_file_without_copying_it(cache: Path, tmp_path: Path) -> None:
    import tracemalloc

    from tradeterms import _cache

    raw = b"x" * (16 * 1024 * 1024)
    _cache._entry(b"", "DataFile")  # the fingerprint, computed once
    tracemalloc.start()
    try:
        _cache._entry(raw, "DataFile")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # `fingerprint + raw` would copy 16 MB


# ------------------------------------------------------------------------- node budget


def test_fifteen_megabytes_of_empty_mappings_are_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "flood.yaml"
    path.write_text("[" + "{}," * (5 * 1024 * 1024) + "]\n", encoding="utf-8")
    result = run_validate(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"more than {MAX_NODES} YAML values in one file" in result.stdout
    assert "[too-many-nodes]" in result.stdout
    assert peak_mb(result) < 400  # the tree would take gigabytes


def test_the_shipped_data_is_far_below_the_node_budget() -> None:
    data = Path(__file__).parent.parent / "data" / "deals.yaml"
    text = data.read_text(encoding="utf-8")
    assert 1 + 2 * sum(text.count(c) for c in _NODE_CHARS) < MAX_NODES // 10


plain = st.text(alphabet="abc :,-?[]{}#'\"\n", max_size=5)
trees = st.recursive(
    st.none() | st.booleans() | st.integers() | plain,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(plain, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(tree=trees, flow=st.sampled_from([True, False, None]))
def test_the_cheap_node_bound_is_never_below_the_real_count(tree: object, flow: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    events = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    nodes = sum(isinstance(e, events) for e in yaml.parse(text, Loader=yaml.SafeLoader))
    assert nodes <= 1 + 2 * sum(text.count(c) for c in _NODE_CHARS)


# ---------------------------------------------------------------------- findings capped


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("  - x\u200by\n", "control-character"),  # the decoding stage
        ("  - yes\n", "ambiguous-scalar"),  # the YAML stage
    ],
)
def test_one_mistake_repeated_is_reported_once_per_limit(
    tmp_path: Path, line: str, code: str
) -> None:
    path = tmp_path / "repeated.yaml"
    path.write_text("format: 1\nnotes:\n" + line * (MAX_FINDINGS + 4000), encoding="utf-8")
    findings = validate(path).findings
    assert len(findings) == MAX_FINDINGS + 1
    assert {f.code for f in findings[:-1]} == {code}
    last = findings[-1]
    assert last.code == "too-many-findings"
    assert last.message == "… and 4000 more problem(s) not shown; fix the ones above first"
    assert last.line == MAX_FINDINGS + 3  # where the first one left out is


def test_the_report_says_how_many_more(tmp_path: Path) -> None:
    path = tmp_path / "repeated.yaml"
    path.write_text("format: 1\nnotes:\n" + "  - yes\n" * (MAX_FINDINGS + 7), encoding="utf-8")
    text = format_report(validate(path), "text")
    assert "… and 7 more problem(s) not shown" in text
    assert text.count("[ambiguous-scalar]") == MAX_FINDINGS


# ----------------------------------------------------------------------------- the cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRADETERMS_CACHE_DIR", str(folder))
    monkeypatch.delenv("TRADETERMS_NO_CACHE", raising=False)
    monkeypatch.setattr(loader, "_LOADED", type(loader._LOADED)())  # an empty memory cache
    return folder


def _copy(name: Path, tmp_path: Path) -> Path:
    path = tmp_path / name.name
    path.write_bytes(name.read_bytes())
    return path


def test_validate_never_answers_from_the_cache(cache: Path, tmp_path: Path) -> None:
    bad = _copy(FIXTURES / "invalid" / "norway.yaml", tmp_path)
    good = _copy(SMALL, tmp_path)
    load(good)
    # Plant an entry that says "valid" under every name a cached file could have.
    [entry] = list(cache.glob("*.json"))
    for name in (bad.name, bad.stem, "norway"):
        (cache / f"{name}.json").write_bytes(entry.read_bytes())
    plant_for(bad, entry.read_bytes())
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and "[ambiguous-scalar]" in result.output
    # An entry copied to another file's key describes another file: never trusted.
    with pytest.raises(DataError, match="ambiguous-scalar"):
        load(bad)


def plant_for(path: Path, stored: bytes) -> None:
    """Write `stored` as the cache entry the loader would look up for `path`'s bytes."""
    from tradeterms import _cache

    entry = _cache._entry(path.read_bytes(), "DataFile")
    assert entry is not None
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(stored)


@pytest.mark.parametrize("make", ["file", "fifo", "folder-entry"])
def test_a_cache_folder_that_cannot_be_used_costs_speed_only(
    cache: Path, tmp_path: Path, make: str
) -> None:
    good = _copy(SMALL, tmp_path)
    if make == "file":  # the cache "folder" is a file: nothing can be read or written
        cache.write_text("not a folder")
    else:
        from tradeterms import _cache

        entry = _cache._entry(good.read_bytes(), "DataFile")
        assert entry is not None
        cache.mkdir()
        if make == "fifo":
            os.mkfifo(entry)  # reading it would block forever
        else:
            entry.mkdir()
    model, findings = read(good)
    assert findings == [] and model is not None
    assert load(good).data.model_dump() == model.model_dump()
    result = CliRunner().invoke(cli, ["list", "--data", str(good)])
    assert result.exit_code == 0 and "us-eu-2025" in result.output
