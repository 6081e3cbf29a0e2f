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

__all__ = [
    "Catalog",
    "DataError",
    "Finding",
    "Report",
    "TradetermsError",
    "UnknownDealError",
    "json_schema",
    "load",
    "validate",
]
__version__ = "0.1.0"

_LAZY = {"Catalog": "tradeterms.catalog"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tradeterms' has no attribute {name!r}")
