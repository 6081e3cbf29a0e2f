"""Adding a deal is adding a file: the worked example of docs/writing-a-deal.md, saved as a
new deal file in a copy of the catalog, validates, loads and passes every generic check.

This is the check of issue 10 done as a test: nothing but the new file changes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from deal_checks import check_deal

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.loader import validate

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "writing-a-deal.md"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/deal.schema.json"


def worked_example() -> str:
    """The YAML block of the docs that is a whole deal file (it starts with the schema line)."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    [example] = [b for b in blocks if b.startswith(SCHEMA_LINE)]
    return example


@pytest.fixture(scope="module")
def catalog_with_example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("catalog") / "data"
    shutil.copytree(ROOT / "data", folder)
    example = worked_example()
    deal_id = yaml.safe_load(example)["id"]
    (folder / "deals" / f"{deal_id}.yaml").write_text(example, encoding="utf-8")
    return folder / "deals.yaml", deal_id


def test_the_catalog_with_the_example_validates(catalog_with_example: tuple[Path, str]) -> None:
    entry, deal_id = catalog_with_example
    report = validate(entry)
    assert report.valid, [str(f) for f in report.findings]
    assert any(f.endswith(f"deals/{deal_id}.yaml") for f in report.files)


def test_the_example_passes_the_checks_every_deal_passes(
    catalog_with_example: tuple[Path, str],
) -> None:
    entry, deal_id = catalog_with_example
    catalog: Catalog = tradeterms.load(entry)
    shipped = tradeterms.load()
    assert len(catalog) == len(shipped) + (shipped.get_deal(deal_id) is None)
    check_deal(catalog, deal_id)
    for deal in catalog:  # and the shipped deals still pass them with it
        check_deal(catalog, deal.id)


def test_the_example_uses_every_value_kind_and_positions() -> None:
    deal = yaml.safe_load(worked_example())
    kinds = {c["value"]["kind"] for t in deal["terms"] for c in t["claims"]}
    assert kinds == {"tariff", "quota", "pledge", "text"}
    stances = {c["value"].get("position") for t in deal["terms"] for c in t["claims"]}
    assert len(stances - {None}) >= 2
    assert deal["questions"] and deal["expected_instruments"] and deal["sources"]


def test_the_example_saved_twice_names_both_files(catalog_with_example: tuple[Path, str]) -> None:
    entry, deal_id = catalog_with_example
    copy = entry.parent / "deals" / "us-copy-2025.yaml"
    copy.write_text(worked_example(), encoding="utf-8")
    try:
        findings = validate(entry).findings
    finally:
        copy.unlink()
    duplicate = [f for f in findings if f.code == "duplicate-id" and "deal id" in f.message]
    assert len(duplicate) == 1
    # line 3 column 5: the id's value, after the schema line and the comment line
    assert f"deals/{deal_id}.yaml:3:5)" in duplicate[0].message
    assert duplicate[0].file.endswith("deals/us-copy-2025.yaml") and duplicate[0].line == 3
