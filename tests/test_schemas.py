"""A deal file is validated with the part of `DataFile`'s schema that is `Deal`'s."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tradeterms._schemas import validate_as
from tradeterms._yaml import parse
from tradeterms.models import DataFile, Deal

DEAL_FILES = sorted((Path(__file__).parent.parent / "data" / "deals").glob("*.yaml"))


def _plain(path: Path) -> Any:
    parsed, findings = parse(path.read_bytes(), str(path))
    assert parsed is not None and not findings
    return parsed.data


@pytest.mark.parametrize("path", DEAL_FILES[:3], ids=lambda p: p.name)
def test_the_same_deal_as_deals_own_model(path: Path) -> None:
    plain = _plain(path)
    model = validate_as(Deal, plain)
    assert type(model) is Deal
    assert model == Deal.model_validate(plain)


def test_the_same_errors_as_deals_own_model() -> None:
    bad = copy.deepcopy(_plain(DEAL_FILES[0]))
    bad["parties"] = ["US"]
    bad["terms"][0]["unknown"] = 1
    bad["terms"][0]["claims"][0]["value"] = {"kind": "nope"}
    with pytest.raises(ValidationError) as ours:
        validate_as(Deal, bad)
    with pytest.raises(ValidationError) as theirs:
        Deal.model_validate(bad)
    assert len(ours.value.errors()) == 3
    assert ours.value.errors() == theirs.value.errors()


def test_an_entry_point_is_a_data_file() -> None:
    with pytest.raises(ValidationError):
        validate_as(DataFile, {"format": 1, "topics": []})  # at least one topic


def test_validate_builds_one_schema() -> None:
    code = (
        "import tradeterms; from tradeterms.models import Deal; "
        "assert tradeterms.validate().valid; print(Deal.__pydantic_complete__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
