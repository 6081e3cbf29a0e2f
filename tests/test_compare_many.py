"""`tradeterms compare` with every deal stays readable: panels that fit the width."""

from __future__ import annotations

import pytest

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.comparison import compare
from tradeterms.render import _panels, to_text


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return tradeterms.load()


@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize("topics", [None, ["tariff.baseline"]])
def test_all_deals_fit_the_width(catalog: Catalog, width: int, topics: list[str] | None) -> None:
    comparison = compare(as_of="2025-12-01", topics=topics, catalog=catalog)
    text = to_text(comparison, "grid", width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert f"{len(comparison.deals)} deals do not fit in {width} columns" in text
    for deal in comparison.deals:
        assert deal.id.split("-")[1] in text  # every deal has its column somewhere


def test_few_deals_stay_in_one_table(catalog: Catalog) -> None:
    text = to_text(compare("us-eu-2025", "us-japan-2025", catalog=catalog), "grid", 120)
    assert "do not fit" not in text and text.count("| topic") == 1


def test_panels_are_balanced_and_cover_every_deal() -> None:
    panels = _panels(16, 200)
    assert [len(p) for p in panels] == [8, 8]
    assert [i for p in panels for i in p] == list(range(16))
    assert _panels(2, 120) == [range(2)]
    assert len(_panels(16, 40)) == 16  # one deal a panel when nothing else fits
