"""The JSON Schema of the data file, for editors (yaml-language-server) and pre-commit.

The schema is editor help and a second line of defence: `tradeterms validate` checks more
(code lists, references, dates, YAML ambiguity). Discriminated unions are rewritten from
`oneOf` into `if`/`then` per kind, so generic validators report the real mistake.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_schema", "schema_text"]


def json_schema() -> dict[str, Any]:
    from tradeterms.models import DataFile

    schema = DataFile.model_json_schema()
    schema = _rewrite_unions(schema)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "tradeterms data",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _rewrite_unions(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewrite_unions(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "oneOf" in node and "discriminator" in node:
        return _if_then(node)
    return {key: _rewrite_unions(value) for key, value in node.items()}


def _if_then(node: dict[str, Any]) -> dict[str, Any]:
    mapping: dict[str, str] = node["discriminator"]["mapping"]
    prop = node["discriminator"]["propertyName"]
    branches = [
        {"if": {"properties": {prop: {"const": tag}}, "required": [prop]}, "then": {"$ref": ref}}
        for tag, ref in mapping.items()
    ]
    return {
        "type": "object",
        "required": [prop],
        "properties": {prop: {"enum": sorted(mapping)}},
        "allOf": branches,
    }
