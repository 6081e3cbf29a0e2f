"""Fuzzing the loader and validator: whatever the bytes, a Report, never a traceback.

Three generators, a bounded number of examples each (so CI stays fast): YAML documents
built from random nested mappings and sequences of hostile scalars; a valid fixture with
hostile values planted at random places (reaching the model and the cross-record checks);
and a valid fixture with its bytes mutated. scripts/fuzz_validate.py runs the same target
under atheris for longer runs.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradeterms.cli import cli
from tradeterms.errors import FINDING_CODES
from tradeterms.loader import Report, validate

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "checks.yaml"
BASE_BYTES = FIXTURE.read_bytes()
BASE: dict[str, Any] = yaml.safe_load(BASE_BYTES)
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

HOSTILE_TEXT = [
    "\x1b[2J",
    "\x00",
    "\x85",
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\r",
    "\u200b",
    "\u202e",
    "\u3164",
    "\u115f",
    "\u2800",
    "\ufeff",
    "\ud800",
    '=HYPERLINK("http://x")',
    "https:///x",
    "javascript:alert(1)",
    "9" * 5000,
    "9" * 40 + "%",
    "1e400%",
    "USD 1e30",
    "USD " + "1" * 40,
    "1" * 40 + " t/year",
    "8" * 5000,
    "0402",
    "NO",
    "yes",
    "1:20",
    ".5",
    "<<",
    "&a",
    "*a",
    "!!python/object:os.system",
    "---",
    "",
    " ",
    "%",
]
HOSTILE_NUMBERS = [10**40, -(10**20), 1e308, float("inf"), float("nan"), 1.0, True, False, None]
# Plain (unquoted) number-like tokens that yaml.safe_dump would otherwise quote.
RAW_TOKENS = ["9" * 5000, "1" + "0" * 40, "9" * 400 + ".5", "0x1F", "1_000", "+1", "-0", "1e3"]
RAW_TOKENS += [".inf", ".nan", "0o17", "0402", "1:20", "08", "2025-02-30", "2025-8-1"]


class Raw(str):
    """Text written as a plain scalar, exactly as given."""


def _represent_raw(dumper: yaml.SafeDumper, data: Raw) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:int", str(data), style="")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Raw, _represent_raw)

FIELD_NAMES = ["format", "topics", "deals", "id", "parties", "rate", "url", "hs", "lists", "value"]

scalars = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(RAW_TOKENS).map(Raw),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.dates().map(str),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(HOSTILE_TEXT), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


def check_target(raw: bytes) -> None:
    """The fuzz target: the library returns a Report, the CLI exits 0 or 1, cleanly."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(raw)
        report = validate(path)
        assert isinstance(report, Report)
        for finding in report.findings:
            assert finding.code in FINDING_CODES, finding
            assert finding.line >= 1 and finding.column >= 1, finding
        result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == (0 if report.valid else 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


def dump(data: object, style: str | None) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, default_style=style, sort_keys=False)
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(documents, st.sampled_from([None, '"', "'"]))
def test_random_documents_never_crash(document: object, style: str | None) -> None:
    check_target(dump({"format": 1, "topics": document}, style))
    check_target(dump(document, style))


def _places(node: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in the fixture's data: where a hostile value can be planted."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _places(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _places(child, (*path, index))
    return found


PLACES = _places(BASE)[1:]


def planted(path: tuple[Any, ...], value: object, *, as_key: bool) -> object:
    data: Any = copy.deepcopy(BASE)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if as_key and isinstance(parent, dict):
        parent[value if isinstance(value, (str, int, float, bool)) else "x"] = parent.pop(last)
    else:
        parent[last] = value
    return data


@FUZZ
@given(st.sampled_from(PLACES), documents, st.booleans(), st.sampled_from([None, '"', "'"]))
def test_hostile_values_in_a_valid_file_never_crash(
    path: tuple[Any, ...], value: object, as_key: bool, style: str | None
) -> None:
    check_target(dump(planted(path, value, as_key=as_key), style))


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(BASE_BYTES) - 1),
            st.sampled_from(["replace", "insert", "delete"]),
            st.binary(min_size=1, max_size=4)
            | st.sampled_from([s.encode("utf-8", "surrogatepass") for s in HOSTILE_TEXT]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_bytes_never_crash(edits: list[tuple[int, str, bytes]]) -> None:
    raw = bytearray(BASE_BYTES)
    for position, action, data in edits:
        at = min(position, len(raw))
        if action == "replace":
            raw[at : at + len(data)] = data
        elif action == "insert":
            raw[at:at] = data
        else:
            del raw[at : at + len(data)]
    check_target(bytes(raw))


def test_the_target_accepts_the_valid_fixture() -> None:
    report = validate(FIXTURE)
    assert report.valid
    check_target(BASE_BYTES)
