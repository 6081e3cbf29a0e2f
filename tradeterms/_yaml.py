"""Strict YAML: one meaning for every parser, and a position for every value.

The file must mean the same thing to PyYAML (YAML 1.1), to editors (YAML 1.2) and to us, so
anything they would read differently is an error with a "put it in quotes" hint: `NO`,
`yes`, `0402`, `1:20`, `.5`. Anchors, aliases, merge keys and explicit tags are refused,
duplicate keys are reported, and nesting and size are bounded. Parsing keeps the composed
node tree so later checks can report `line:column` (see ../shared/tech-notes.md §3.5).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tradeterms.errors import Finding

try:  # the libyaml parser is much faster; the pure-Python one behaves the same
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Parsed", "parse"]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _StrictResolver(yaml.resolver.BaseResolver):
    """Only true/false, null, plain integers and plain decimals are typed; the rest is text."""

    yaml_implicit_resolvers = {}  # noqa: RUF012


_StrictResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), list("~nN"))
_StrictResolver.add_implicit_resolver(
    _INT, re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789")
)
_StrictResolver.add_implicit_resolver(
    _FLOAT, re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$"), list("-0123456789")
)
_StrictResolver.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])


class _StrictLoader(_Parser, yaml.constructor.SafeConstructor, _StrictResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _StrictResolver.__init__(self)


class _Yaml11Resolver(yaml.resolver.Resolver):
    """PyYAML's own YAML 1.1 resolver, to see what a plain `yaml.safe_load` would make."""


_YAML12_CORE = [
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (_INT, re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")),
    (_FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")),
    (_FLOAT, re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")),
]


def _resolve(resolver: yaml.resolver.BaseResolver, text: str) -> str:
    """The tag a resolver gives a plain scalar with this text."""
    return str(resolver.resolve(ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def _yaml11_tag(text: str) -> str:
    resolver = _Yaml11Resolver()
    return _resolve(resolver, text)


def _yaml12_tag(text: str) -> str:
    return next((tag for tag, rx in _YAML12_CORE if rx.match(text)), STR)


_KIND_NAMES = {
    "bool": "a boolean",
    "int": "an integer",
    "float": "a number",
    "null": "null",
    "timestamp": "a date and time",
    "str": "text",
}


@lru_cache(maxsize=4096)
def ambiguity(text: str) -> str | None:
    """Why a plain scalar would be read differently elsewhere, or None if it is safe."""
    ours = _resolve(_StrictResolver(), text)
    if ours == _MERGE:
        return None
    for other, name in ((_yaml11_tag(text), "YAML 1.1"), (_yaml12_tag(text), "YAML 1.2")):
        if other != ours:
            if other == "tag:yaml.org,2002:timestamp" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                continue  # an unquoted ISO date is read as a date or as its text: both fine
            kind = _KIND_NAMES.get(other.rsplit(":", 1)[-1], "special value")
            return f"{name} parsers read {text!r} as {kind}: put it in quotes"
    return None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed document: the plain data, and the node tree it was built from."""

    data: Any
    root: Node | None


def _finding(file: str, node: Node, code: str, message: str) -> Finding:
    mark = node.start_mark
    return Finding(file, mark.line + 1, mark.column + 1, code, message)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    if len(raw) > MAX_BYTES:
        msg = f"file is {len(raw)} bytes; the limit is {MAX_BYTES} bytes: split it"
        return None, [Finding(file, 1, 1, "file-too-large", msg)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8"
        return None, [Finding(file, line, column, "not-utf8", msg)]
    return text, _control_characters(text, file)


def _control_characters(text: str, file: str) -> list[Finding]:
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        for column, char in enumerate(line, start=1):
            if char != "\t" and unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"}:
                msg = f"invisible or control character U+{ord(char):04X}: remove it"
                findings.append(Finding(file, number, column, "control-character", msg))
    return findings


def parse(raw: bytes, file: str) -> tuple[Parsed | None, list[Finding]]:
    """Parse one YAML document strictly. Returns (None, findings) when it cannot be used."""
    text, findings = _decode(raw, file)
    if text is None or findings:
        return None, findings
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_finding(exc, file, text)]
    except yaml.YAMLError as exc:
        return None, [Finding(file, 1, 1, "yaml-syntax", str(exc))]
    if root is None:
        return Parsed(None, None), []
    findings = _check_tree(root, file)
    if "&" in text or "*" in text:  # cheap pre-check: the event scan is slower
        findings = sorted([*findings, *_anchors_and_aliases(text, file)], key=_order)
    if findings:
        return None, findings
    return Parsed(loader.construct_document(root), root), []


def _order(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


def _anchors_and_aliases(text: str, file: str) -> list[Finding]:
    """Every &anchor and *alias, from the parse events (composed nodes do not keep them)."""
    found = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        code = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
        mark = event.start_mark
        if mark and (code == "alias" or getattr(event, "anchor", None)):
            found.append(Finding(file, mark.line + 1, mark.column + 1, code, _ALIAS_MESSAGE))
    return found


def _syntax_finding(exc: yaml.MarkedYAMLError, file: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if mark and text[mark.index : mark.index + 1] == "\t":
        return Finding(file, line, column, "tab", "tab characters cannot indent YAML: use spaces")
    if "single document" in f"{exc.context} {problem}":
        return Finding(file, line, column, "multiple-documents", "only one YAML document per file")
    return Finding(file, line, column, "yaml-syntax", f"{exc.context or ''} {problem}".strip())


def _check_tree(root: Node, file: str) -> list[Finding]:
    """Walk the tree once (iteratively) and collect every structural problem."""
    findings: list[Finding] = []
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # an alias: reported where it is used, by _alias_uses
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            msg = f"nesting deeper than {MAX_DEPTH} levels: flatten the structure"
            return [*findings, _finding(file, node, "too-deep", msg)]
        findings.extend(_check_node(node, file))
        stack.extend((child, depth + 1) for child in reversed(_children(node)))
    return sorted(findings, key=_order)


_ALIAS_MESSAGE = "anchors and aliases (&name, *name) are not allowed: write the value out"


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_node(node: Node, file: str) -> Iterator[Finding]:
    if isinstance(node, ScalarNode):
        yield from _check_scalar(node, file)
    elif node.tag not in (_SEQ, _MAP):
        yield _finding(file, node, "explicit-tag", _tag_message(node.tag))
    if isinstance(node, MappingNode):
        yield from _check_keys(node, file)


def _tag_message(tag: str) -> str:
    return f"explicit YAML tag {tag!r} is not allowed: remove it (quote the value if needed)"


def _check_scalar(node: ScalarNode, file: str) -> Iterator[Finding]:
    if node.style:  # quoted or block scalar: always a string, same for every parser
        if node.tag != STR:
            yield _finding(file, node, "explicit-tag", _tag_message(node.tag))
        return
    implicit = _resolve(_StrictResolver(), node.value)
    if node.tag != implicit:
        yield _finding(file, node, "explicit-tag", _tag_message(node.tag))
        return
    reason = ambiguity(node.value)
    if reason:
        yield _finding(file, node, "ambiguous-scalar", reason)


def _check_keys(node: MappingNode, file: str) -> Iterator[Finding]:
    first: dict[str, Node] = {}
    for key, _value in node.value:
        if key.tag == _MERGE:
            yield _finding(
                file, key, "merge-key", "merge keys (<<) are not allowed: write the fields out"
            )
            continue
        if not isinstance(key, ScalarNode) or key.tag != STR:
            yield _finding(file, key, "bad-key", f"keys must be plain words, got {key.value!r}")
            continue
        if key.value in first:
            line = first[key.value].start_mark.line + 1
            msg = f"duplicate key {key.value!r} (first defined at line {line}): keep one"
            yield _finding(file, key, "duplicate-key", msg)
        else:
            first[key.value] = key
