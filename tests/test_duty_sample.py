"""The duty answers of a fixed sample of the 2024 EU and Japan import baskets are unchanged.

The expected answers were recorded by scripts/duty_sample.py. When the data or the duty rules
change answers on purpose, re-record them with `python scripts/duty_sample.py` and review the
diff of tests/fixtures/duty_sample.csv.
"""

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from duty_sample import FIELDS, answer, read_fixture  # noqa: E402

import tradeterms  # noqa: E402
from tradeterms.catalog import Catalog  # noqa: E402

EXPECTED = read_fixture()


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


def _differences(cases: list[dict[str, str]], catalog: Catalog) -> list[str]:
    wrong = []
    for case in cases:
        got = answer({k: case[k] for k in FIELDS[:4]}, catalog)
        if got != case:
            wrong.append(f"{case}\n   now {got}")
    return wrong


def test_the_sample_spans_both_baskets_dates_and_outcomes() -> None:
    assert len(EXPECTED) == 2000
    assert {c["origin"] for c in EXPECTED} == {"EU", "JP"}
    assert len({c["on"] for c in EXPECTED}) >= 4
    assert {c["settled"] for c in EXPECTED} >= {"true", "false"}
    assert any(c["known_on"] for c in EXPECTED)
    assert any("section_232" in c["layers"] for c in EXPECTED)


def test_the_current_code_gives_the_recorded_answers(shipped: Catalog) -> None:
    wrong = _differences(EXPECTED, shipped)
    assert wrong == [], "run python scripts/duty_sample.py if intended:\n" + "\n".join(wrong[:20])


def test_the_answers_do_not_depend_on_what_was_asked_before(shipped: Catalog) -> None:
    # The catalog keeps term states between calls: asking in another order, on the same
    # catalog, must give the same answers.
    shuffled = random.Random(1).sample(EXPECTED, 400)
    assert _differences(shuffled, shipped) == []
