"""Validation of one file: strict YAML, the models, and the mapping of every pydantic error
to file:line:column. Imported only when a file must really be checked.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from tradeterms._positions import node_at
from tradeterms._schemas import validate_as
from tradeterms._yaml import STR, ambiguity, parse, plain_scalar_tag
from tradeterms.errors import Finding
from tradeterms.models import DataFile, Deal

__all__ = ["MAX_FINDINGS", "at", "dumps", "read_bytes"]

from tradeterms._validation_limits import MAX_FINDINGS, capped


def read_bytes(
    raw: bytes, name: str, kind: type[DataFile] | type[Deal]
) -> tuple[DataFile | Deal | None, Node | None, list[Finding]]:
    """Strict YAML, then the model `kind` (an entry point or one deal): model, node tree,
    findings. The model is None when there are findings; cross-record checks come later."""
    parsed, findings = parse(raw, name)
    if parsed is None:
        return None, None, findings
    if parsed.root is None:
        first = "format: 1" if kind is DataFile else "id: <deal-id>"
        message = f"the file is empty: start with '{first}'"
        return None, None, [Finding(name, 1, 1, "empty-file", message)]
    try:
        model = validate_as(kind, parsed.data)
    except ValidationError as exc:
        return None, parsed.root, capped(_finding(name, parsed.root, e) for e in exc.errors())
    return model, parsed.root, []


def at(root: Node, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based line and column of the value at `path`."""
    mark = node_at(root, path).start_mark
    return mark.line + 1, mark.column + 1


_CODES = {
    "extra_forbidden": "unknown-field",
    "missing": "missing-field",
    "union_tag_invalid": "unknown-kind",
    "union_tag_not_found": "missing-field",
    "enum": "invalid-choice",
    "literal_error": "invalid-choice",
    "too_short": "too-few-items",
}


def _finding(name: str, root: Node, error: ErrorDetails) -> Finding:
    loc = list(error["loc"])
    code = _CODES.get(error["type"], error["type"])
    if "-" not in code:
        code = "wrong-type"
    if error["type"] == "union_tag_invalid":
        loc.append("kind")
    node = node_at(root, loc, at_key=code == "unknown-field")
    mark = node.start_mark
    where = ".".join(str(p) for p in _visible(loc))
    return Finding(name, mark.line + 1, mark.column + 1, code, f"{where}: {_message(error)}")


def _visible(loc: list[str | int]) -> list[str | int]:
    # Drop the union tags pydantic puts into paths ("value.tariff.rate" → "value.rate").
    return [p for i, p in enumerate(loc) if not (i and loc[i - 1] == "value" and p in _TAGS)]


_TAGS = {"tariff", "quota", "pledge", "text", "partner_tariff", "share"}


def _message(error: ErrorDetails) -> str:
    kind, loc, given = error["type"], error["loc"], error.get("input")
    field_name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return f"unknown field {field_name!r}{_suggest(field_name, error)}"
    if kind == "missing":
        return f"missing required field {field_name!r}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return (
            f"unknown value kind {ctx.get('tag')!r} (expected one of: {ctx.get('expected_tags')})"
        )
    if kind == "union_tag_not_found":
        return f"missing required field 'kind' ({', '.join(sorted(_TAGS))})"
    if kind in ("enum", "literal_error"):
        return f"{given!r} is not allowed here: {error.get('ctx', {}).get('expected', '')}"
    return str(error["msg"]).removeprefix("Value error, ")


def _suggest(name: str, error: ErrorDetails) -> str:
    allowed: list[str] = error.get("ctx", {}).get("allowed", [])
    close = difflib.get_close_matches(name, _field_names(), n=1)
    hint = close or allowed
    return f": did you mean {hint[0]!r}?" if hint else ""


def _field_names() -> list[str]:
    from tradeterms import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, models.Model):
            names.update(obj.model_fields)
    return sorted(names)


def dumps(data: DataFile) -> str:
    """The data as YAML that `read` accepts again (defaults left out, quantities as text)."""
    import yaml

    # One self-contained file: the deals of every deal file are in it, so no `deal_files`.
    plain = data.model_dump(mode="json", exclude_defaults=True, exclude={"deal_files"})
    plain = {"format": data.format, **plain}
    return yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _needs_quotes(text: str) -> bool:
    # PyYAML quotes what YAML 1.1 would misread; we also quote what YAML 1.2 would ("0E0").
    return plain_scalar_tag(text) != STR or ambiguity(text) is not None


class _Dumper(yaml.SafeDumper):
    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = "'" if _needs_quotes(data) else None
        return self.represent_scalar(STR, data, style=style)


_Dumper.add_representer(str, _Dumper.represent_str)
