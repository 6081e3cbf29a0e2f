"""The JSON Schemas of the data files, for editors (yaml-language-server) and pre-commit:
one for a catalog's entry point (data/deals.yaml), one for a deal file (data/deals/*.yaml).

The schema is editor help and a second line of defence: `tradeterms validate` checks more
(code lists, references, dates, YAML ambiguity). Discriminated unions are rewritten from
`oneOf` into `if`/`then` per kind, so generic validators report the real mistake.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["KINDS", "json_schema", "schema_text"]

# What each kind of file holds: a catalog's entry point (or a self-contained catalog), or
# one deal (data/deals/<deal-id>.yaml). schema/<kind>.schema.json is committed for editors.
KINDS = {"deals": "tradeterms catalog", "deal": "tradeterms deal file"}


def json_schema(kind: str = "deals") -> dict[str, Any]:
    """The JSON Schema of a catalog file (`deals`) or of one deal file (`deal`)."""
    from tradeterms.errors import InvalidArgumentError
    from tradeterms.models import DataFile, Deal

    if kind not in KINDS:
        raise InvalidArgumentError(
            f"unknown kind of file {kind!r}: expected one of {', '.join(KINDS)}"
        )
    model = DataFile if kind == "deals" else Deal
    schema = _rewrite_unions(model.model_json_schema())
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema, "title": KINDS[kind]}


def schema_text(kind: str = "deals") -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


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
