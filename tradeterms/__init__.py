"""tradeterms: what the 2025–26 US trade deals say, with a source for every number.

    >>> import tradeterms
    >>> catalog = tradeterms.load()
    >>> catalog.deal("us-eu-2025").parties
    ['US', 'EU']

Heavy parts (pandas, pint, tabulate) load only when `compare`, `questions` or `duty` is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeterms.errors import DataError as DataError
from tradeterms.errors import Finding as Finding
from tradeterms.errors import TradetermsError as TradetermsError
from tradeterms.errors import UnknownDealError as UnknownDealError
from tradeterms.loader import Report as Report
from tradeterms.loader import load as load
from tradeterms.loader import validate as validate
from tradeterms.schema import json_schema as json_schema

if TYPE_CHECKING:
    from tradeterms.catalog import Catalog as Catalog
    from tradeterms.changes import diff as diff
    from tradeterms.comparison import Comparison as Comparison
    from tradeterms.comparison import compare as compare
    from tradeterms.duties import DutyResult as DutyResult
    from tradeterms.duties import duty as duty
    from tradeterms.open_questions import Question as Question
    from tradeterms.open_questions import questions as questions

__all__ = [
    "Catalog",
    "Comparison",
    "DataError",
    "DutyResult",
    "Finding",
    "Question",
    "Report",
    "TradetermsError",
    "UnknownDealError",
    "compare",
    "diff",
    "duty",
    "json_schema",
    "load",
    "questions",
    "validate",
]
__version__ = "0.1.0"

# Loaded on first use, so that `import tradeterms` (and `tradeterms validate`) stays light.
_LAZY = {
    "Catalog": "tradeterms.catalog",
    "Comparison": "tradeterms.comparison",
    "compare": "tradeterms.comparison",
    "diff": "tradeterms.changes",
    "duty": "tradeterms.duties",
    "DutyResult": "tradeterms.duties",
    "questions": "tradeterms.open_questions",
    "Question": "tradeterms.open_questions",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tradeterms' has no attribute {name!r}")
