"""One pydantic schema build for both kinds of file: an entry point (`DataFile`) and a deal
file (`Deal`).

`DataFile`'s schema holds `Deal`'s whole, so a deal file is validated by a validator made
from that part: building `Deal`'s own schema as well cost every start-up a second build
(a third of the first). The errors and models are the same as `Deal.model_validate`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic_core import CoreSchema, SchemaValidator, core_schema

from tradeterms.models import DataFile, Deal

__all__ = ["validate_as"]


def validate_as(kind: type[DataFile] | type[Deal], data: Any) -> DataFile | Deal:
    """`kind.model_validate(data)`, with the schema built once; raises ValidationError."""
    if kind is DataFile:
        return DataFile.model_validate(data)
    model = _deal_validator()(data)
    assert isinstance(model, Deal)
    return model


@cache
def _deal_validator() -> Callable[[Any], Any]:
    whole = DataFile.__pydantic_core_schema__  # builds DataFile's schema on first use
    deal = _model_schema(whole, Deal)
    if deal is None:  # pragma: no cover - pydantic keeps the schema elsewhere: build it
        return Deal.model_validate
    definitions = whole["definitions"] if whole["type"] == "definitions" else []
    return SchemaValidator(core_schema.definitions_schema(deal, definitions)).validate_python


def _model_schema(schema: Any, cls: type) -> CoreSchema | None:
    """The model schema of `cls` inside `schema` (pydantic inlines a model used once)."""
    if isinstance(schema, dict):
        if schema.get("type") == "model" and schema.get("cls") is cls:
            return schema
        parts = list(schema.values())
    elif isinstance(schema, list):
        parts = schema
    else:
        return None
    for part in parts:
        found = _model_schema(part, cls)
        if found is not None:
            return found
    return None
