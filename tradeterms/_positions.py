"""Positions from the one parse: a path into the data (pydantic's `loc`) becomes a YAML node,
hence a line and column; `place` stores each record's position on the record itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tradeterms.models import Model, Position, set_position

__all__ = ["key_node", "node_at", "place"]

Path = Sequence[str | int]


def _value_of(node: MappingNode, key: str) -> Node | None:
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)


def key_node(node: MappingNode, key: str) -> Node | None:
    return next((k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key), None)


def node_at(root: Node, path: Path, *, at_key: bool = False) -> Node:
    """The deepest node the path reaches; parts that name no node (union tags) are skipped."""
    node = root
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, MappingNode) and isinstance(part, str):
            if last and at_key:
                return key_node(node, part) or node
            node = _value_of(node, part) or node
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
    return node


def place(model: Model, node: Node, file: str) -> None:
    """Give the model and every record inside it the position of its node in `file`."""
    mark = node.start_mark
    set_position(model, Position(file, mark.line + 1, mark.column + 1))
    if not isinstance(node, MappingNode):
        return
    fields = model.__dict__
    for key, child in node.value:
        value = fields.get(key.value)
        if isinstance(value, Model):
            place(value, child, file)
        elif _holds_records(value) and isinstance(child, SequenceNode):
            for item, item_node in zip(value, child.value, strict=False):
                place(item, item_node, file)


def _holds_records(value: object) -> TypeGuard[list[Model]]:
    return isinstance(value, list) and bool(value) and isinstance(value[0], Model)
