"""Pages generated from code and data are current: rerun scripts/gen_docs.py when this fails."""

import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from gen_docs import all_pages  # noqa: E402


def test_generated_pages_are_current() -> None:
    stale = [p for p, text in all_pages().items() if (ROOT / p).read_text(encoding="utf-8") != text]
    assert stale == [], f"run python scripts/gen_docs.py; stale: {stale}"
