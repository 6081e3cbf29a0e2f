"""tradeterms: what the 2025–26 US trade deals say, with a source for every number.

    >>> import tradeterms
    >>> catalog = tradeterms.load()
    >>> catalog.deal("us-eu-2025").parties
    ['US', 'EU']

Every command of the CLI has a twin here: `deals` (`tradeterms list`), `show`, `compare`,
`diff`, `questions`, `duty` and `validate`. Dates are `datetime.date`s or "YYYY-MM-DD"
strings; every error raised is a `TradetermsError`. Heavy parts (pandas, pint, tabulate)
load only when a comparison, a question or a duty is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeterms.errors import BadDateError as BadDateError
from tradeterms.errors import DataError as DataError
from tradeterms.errors import Finding as Finding
from tradeterms.errors import InvalidArgumentError as InvalidArgumentError
from tradeterms.errors import MissingExtraError as MissingExtraError
from tradeterms.errors import TradetermsError as TradetermsError
from tradeterms.errors import UnknownDealError as UnknownDealError
from tradeterms.errors import UnknownFormatError as UnknownFormatError
from tradeterms.loader import Report as Report
from tradeterms.loader import load as load
from tradeterms.loader import validate as validate
from tradeterms.schema import json_schema as json_schema

if TYPE_CHECKING:
    from tradeterms.batch import duty_frame as duty_frame
    from tradeterms.catalog import Catalog as Catalog
    from tradeterms.changes import diff as diff
    from tradeterms.comparison import Comparison as Comparison
    from tradeterms.comparison import compare as compare
    from tradeterms.duties import DutyResult as DutyResult
    from tradeterms.duties import duty as duty
    from tradeterms.effective import Assumptions as Assumptions
    from tradeterms.effective import EtrResult as EtrResult
    from tradeterms.effective import etr as etr
    from tradeterms.open_questions import Question as Question
    from tradeterms.open_questions import questions as questions
    from tradeterms.views import DealSummary as DealSummary
    from tradeterms.views import DealView as DealView
    from tradeterms.views import deals as deals
    from tradeterms.views import show as show

__all__ = [
    "Assumptions",
    "BadDateError",
    "Catalog",
    "Comparison",
    "DataError",
    "DealSummary",
    "DealView",
    "DutyResult",
    "EtrResult",
    "Finding",
    "InvalidArgumentError",
    "MissingExtraError",
    "Question",
    "Report",
    "TradetermsError",
    "UnknownDealError",
    "UnknownFormatError",
    "compare",
    "deals",
    "diff",
    "duty",
    "duty_frame",
    "etr",
    "json_schema",
    "load",
    "questions",
    "show",
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
    "duty_frame": "tradeterms.batch",
    "etr": "tradeterms.effective",
    "EtrResult": "tradeterms.effective",
    "Assumptions": "tradeterms.effective",
    "DutyResult": "tradeterms.duties",
    "questions": "tradeterms.open_questions",
    "Question": "tradeterms.open_questions",
    "deals": "tradeterms.views",
    "show": "tradeterms.views",
    "DealSummary": "tradeterms.views",
    "DealView": "tradeterms.views",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tradeterms' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The public names, lazy ones included, so that tab completion finds `compare` and `duty`.
    return sorted({*__all__, "__version__"})
