"""Turn a path into the data (pydantic's `loc`) into a YAML node, hence a line and column."""

from __future__ import annotations

from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["key_node", "node_at"]

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
