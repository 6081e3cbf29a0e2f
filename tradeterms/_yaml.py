"""Strict YAML: one meaning for every parser, and a position for every value.

The file must mean the same thing to PyYAML (YAML 1.1), to editors (YAML 1.2) and to us, so
anything they would read differently is an error with a "put it in quotes" hint: `NO`,
`yes`, `0402`, `1:20`, `.5`. Anchors, aliases, merge keys and explicit tags are refused,
duplicate keys are reported, and nesting and size are bounded. Parsing keeps the composed
node tree so later checks can report `line:column` (see ../shared/tech-notes.md §3.5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tradeterms._chars import bad_characters, describe, positions
from tradeterms._validation_limits import MAX_BYTES, MAX_FINDINGS, MAX_NODES, capped, too_many
from tradeterms.errors import Finding
from tradeterms.units import MAX_DIGITS

try:  # the libyaml parser is much faster; the pure-Python one behaves the same
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Parsed", "parse"]

MAX_DEPTH = 32

STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


_NO_PATHS: dict[object, object] = {}  # never written: its `get` is a C no-op


class _StrictResolver(yaml.resolver.BaseResolver):
    """Only true/false, null, plain integers and plain decimals are typed; the rest is text."""

    yaml_implicit_resolvers = {}  # noqa: RUF012

    # The composer calls these around every node to follow paths for path resolvers, which
    # this loader has none of: C no-ops in place of two Python calls a node (~6% of the
    # time to compose a large file). Their signatures are the composer's: (parent, index)
    # and ().
    descend_resolver = staticmethod(_NO_PATHS.get)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # The composer asks for the tag of every untagged node. A plain scalar's depends only
        # on its text, which repeats (keys above all): answered from a cache. A collection's
        # is always the default (no path resolvers), without BaseResolver's walk.
        if kind is ScalarNode:
            if implicit[0]:
                return _plain_tag(value)
        elif kind is MappingNode:
            return _MAP
        elif kind is SequenceNode:
            return _SEQ
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


@lru_cache(maxsize=65536)
def _plain_tag(text: str) -> str:
    resolve = yaml.resolver.BaseResolver.resolve
    return str(resolve(_StrictResolver(), ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


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


class _StrictLoader(_Parser, _StrictResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
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


def plain_scalar_tag(text: str) -> str:
    """The tag our loader gives `text` written as a plain (unquoted) scalar."""
    return _resolve(_StrictResolver(), text)


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
    # Check each distinct character once (fast on large files), then locate the bad ones:
    # lazily, so that a million of them cost no more than MAX_FINDINGS.
    bad = bad_characters(text, allowed="\t\n\r")
    return capped(
        Finding(file, line, column, "control-character", _control_message({char}))
        for line, column, char in positions(text, bad, lone_returns=True)
    )


def _control_message(chars: set[str], how: str = "") -> str:
    if len(chars) == 1:
        return f"invisible or control character {describe(chars)}{how}: remove it"
    return f"invisible or control characters {describe(chars)}{how}: remove them"


def parse(raw: bytes, file: str) -> tuple[Parsed | None, list[Finding]]:
    """Parse one YAML document strictly. Returns (None, findings) when it cannot be used."""
    text, findings = _decode(raw, file)
    if text is None or findings:
        return None, findings
    too_many_nodes = _too_many_nodes(text, file)
    if too_many_nodes is not None:
        return None, [too_many_nodes]
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_finding(exc, file, text)]
    except yaml.YAMLError as exc:
        return None, [Finding(file, 1, 1, "yaml-syntax", str(exc))]
    if root is None:
        return Parsed(None, None), []
    builder = _Builder(file, aliases_possible="*" in text)  # no alias without a '*'
    data = builder.build(root)
    findings = builder.findings
    # The event scan that places every &anchor and *alias parses the text again: run it only
    # when a node came back twice (an alias) or the text has an anchor-like token.
    if builder.aliased or _may_have_anchors(text):
        findings += _anchors_and_aliases(text, file)
    if findings:
        return None, _first_in_order(findings, builder)
    return Parsed(data, root), []


def _first_in_order(findings: list[Finding], builder: _Builder) -> list[Finding]:
    """The findings in file order, at most MAX_FINDINGS, with how many more there were."""
    ordered = sorted(findings, key=_order)
    kept, left = ordered[:MAX_FINDINGS], ordered[MAX_FINDINGS:]
    if builder.left_out is not None:
        left.append(builder.left_out)
    if left:
        kept.append(too_many(min(left, key=_order), len(left) + builder.more))
    return kept


# Characters at least one of which every YAML node but the root needs: `key: value` two
# nodes per `:`, a `- item` one per `-`, flow items one or two per `,`, `[` or `{`, complex
# keys one or two per `?`. Counting them (fast, in C) bounds the nodes from above.
_NODE_CHARS = ":?,-[{"


def _too_many_nodes(text: str, file: str) -> Finding | None:
    """A finding when the file holds more than MAX_NODES YAML nodes, found before the tree
    is built: the cheap bound first, the parser's events (a constant-memory scan) if needed."""
    if 1 + 2 * sum(text.count(c) for c in _NODE_CHARS) <= MAX_NODES:
        return None
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, _NODE_EVENTS):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    message = (
                        f"more than {MAX_NODES} YAML values in one file (the limit that "
                        "bounds memory): split it"
                    )
                    return Finding(file, line, column, "too-many-nodes", message)
    except yaml.YAMLError:
        return None  # a syntax error before the budget: the parse reports it
    return None


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


def _order(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


# `&name` or `*name` where a node may start: at the start of a line, or after a space or a
# flow indicator. "Q&A", "R & D" and "5*3" do not match.
_ANCHOR_LIKE = re.compile(r"(?:^|[ \t\[{,])[&*][^\s\[\]{},]")
# A quoted scalar on one line, where a node may start: no anchor can stand inside it.
_QUOTED = re.compile(r"""(?:^|(?<=[ \t\[{,]))(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')""")


def _may_have_anchors(text: str) -> bool:
    """Whether the text may hold an anchor: an anchor-like token outside quoted text.

    Only the lines with a '&' or '*' are looked at (a regex over the whole text is slower),
    without their quoted scalars, so that `quote: "the *only* rate"` costs no second parse.
    Aliases are also caught on the node tree (the same node twice), whatever this says.
    """
    for mark in "&*":
        at = text.find(mark)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if _ANCHOR_LIKE.search(_QUOTED.sub("", text[start:end])):
                return True
            at = text.find(mark, end)
    return False


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


class _Builder:
    """One recursive pass over the node tree: checks every node and builds the plain data.

    Recursion is safe: it stops at MAX_DEPTH, far below Python's limit.
    """

    def __init__(self, file: str, aliases_possible: bool) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.more = 0  # findings beyond MAX_FINDINGS and `left_out`, counted but not kept
        self.left_out: Finding | None = None  # the first finding beyond MAX_FINDINGS
        self.seen: set[int] | None = set() if aliases_possible else None
        self.aliased = False  # a node came back: an alias (the event scan says where)

    def add(self, node: Node, code: str, message: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(_finding(self.file, node, code, message))
        elif self.left_out is None:
            self.left_out = _finding(self.file, node, code, message)
        else:
            self.more += 1

    def build(self, node: Node, depth: int = 1) -> Any:
        if depth > MAX_DEPTH:
            self.add(
                node, "too-deep", f"nesting deeper than {MAX_DEPTH} levels: flatten the structure"
            )
            return None
        if self.seen is not None:  # an alias is the same node again
            if id(node) in self.seen:
                self.aliased = True
                return None
            self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if node.tag not in (_SEQ, _MAP):
            self.add(node, "explicit-tag", _tag_message(node.tag))
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        return [self.build(child, depth + 1) for child in node.value]

    def scalar(self, node: ScalarNode) -> Any:
        problem = _scalar_problem(node.value, node.tag, node.style)
        if problem:
            self.add(node, *problem)
            if problem[0] == "huge-number":  # int() would raise, float() would round
                return None
        return node.value if node.style else _PLAIN.get(node.tag, str)(node.value)

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in node.value:
            name = self.key(key, result, node)
            built = self.build(value, depth + 1)
            if name is not None and name not in result:
                result[name] = built
        return result

    def key(self, key: Node, seen: dict[str, Any], parent: MappingNode) -> str | None:
        if key.tag == _MERGE:
            self.add(key, "merge-key", "merge keys (<<) are not allowed: write the fields out")
            return None
        if not isinstance(key, ScalarNode) or key.tag != STR:
            if isinstance(key, ScalarNode):
                self.scalar(key)
            self.add(key, "bad-key", f"keys must be plain words, got {key.value!r}")
            return None
        self.scalar(key)
        if key.value in seen:
            first = next(k for k, _ in parent.value if k.value == key.value)
            line = first.start_mark.line + 1
            message = f"duplicate key {key.value!r} (first defined at line {line}): keep one"
            self.add(key, "duplicate-key", message)
        return str(key.value)


_PLAIN: dict[str, Any] = {
    STR: str,
    _INT: int,
    _FLOAT: float,
    _BOOL: lambda text: text.lower() == "true",
    _NULL: lambda text: None,
}
_ALIAS_MESSAGE = "anchors and aliases (&name, *name) are not allowed: write the value out"


def _tag_message(tag: str) -> str:
    return f"explicit YAML tag {tag!r} is not allowed: remove it (quote the value if needed)"


@lru_cache(maxsize=65536)
def _scalar_problem(value: str, tag: str, style: str | None) -> tuple[str, str] | None:
    """(code, message) for a scalar that is tagged, ambiguous or hostile; cached, values repeat."""
    if style == '"':  # only double quotes have escapes: "\e", "\x1b", "\N", "\u200b"
        bad = bad_characters(value)
        if bad:
            return "control-character", _control_message(bad, " written as an escape")
    if style:  # quoted or block scalar: always a string, same for every parser
        return None if tag == STR else ("explicit-tag", _tag_message(tag))
    if tag != _resolve(_StrictResolver(), value):
        return "explicit-tag", _tag_message(tag)
    if tag in (_INT, _FLOAT) and _digits(value) > MAX_DIGITS:
        return "huge-number", _huge_message(value)
    reason = ambiguity(value)
    return ("ambiguous-scalar", reason) if reason else None


def _digits(number: str) -> int:
    return sum(c.isdigit() for c in number)


def _huge_message(number: str) -> str:
    return (
        f"a number of {_digits(number)} digits: numbers have at most {MAX_DIGITS} "
        "(quote it if it is a code)"
    )
