import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or write the user's cache of validated files: each run starts empty.
os.environ["TRADETERMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="tradeterms-test-cache-")

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="Rewrite golden files and the outputs of console examples in docs/ instead of "
        "comparing against them.",
    )


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
