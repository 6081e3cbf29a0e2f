"""The site's generated pages, on a small data file: golden deal page, index and change log."""

import sys
from pathlib import Path

import pytest

import tradeterms
from tradeterms.catalog import Catalog

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from site_pages import all_pages  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
STATES = Path(__file__).parent / "fixtures" / "valid" / "states.yaml"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return all_pages(tradeterms.load(STATES))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load(STATES)


@pytest.mark.parametrize(
    ("page", "golden"),
    [
        ("deals/us-eu-2025.md", "site-deal-states.md"),
        ("deals/index.md", "site-deals-index-states.md"),
        ("compare/index.md", "site-compare-states.md"),
        ("changelog.md", "site-changelog-states.md"),
    ],
)
def test_golden_pages(pages: dict[str, str], page: str, golden: str, regen: bool) -> None:
    path = GOLDEN / golden
    if regen:
        path.write_text(pages[page], encoding="utf-8")
    assert pages[page] == path.read_text(encoding="utf-8")


def test_one_page_and_one_chart_per_deal(pages: dict[str, str], catalog: Catalog) -> None:
    for deal in catalog:
        assert "![" in pages[f"deals/{deal.id}.md"]
        assert pages[f"deals/{deal.id}-rates.svg"].lstrip().startswith("<?xml")


def test_text_from_the_data_cannot_break_the_markdown(pages: dict[str, str]) -> None:
    from site_pages import _md

    assert _md("a|b *c* [d](e) <script>") == "a\\|b \\*c\\* \\[d\\](e) &lt;script&gt;"
