"""Characters a data file may not hold: control, format and invisible ones.

One predicate for the raw file (tradeterms._yaml) and for parsed text (tradeterms.types), so
an escape in a double-quoted YAML scalar (`"\\e[2J"`) cannot bring back what the raw scan
refuses. Line breaks other than `\\n` (NEL, LS, PS, VT, FF, and a carriage return not
followed by `\\n`) count as control characters: YAML 1.1, YAML 1.2, editors, terminals and
`str.splitlines()` each break lines at a different set.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

__all__ = ["bad_characters", "describe", "positions"]

# Cc control, Cf format (zero-width, bidi), Co private use, Cs surrogates, Zl/Zp line and
# paragraph separators.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
# Letters and symbols that print as nothing: Unicode gives them ordinary categories.
FILLERS = frozenset(
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160"  # Hangul choseong and jungseong fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u2800"  # braille pattern blank
    "\u3164"  # Hangul filler
    "\uffa0"  # halfwidth Hangul filler
)
_FILLER_RE = re.compile("[" + "".join(sorted(FILLERS)) + "]")
# The line breaks of YAML 1.2 and of editors; counting with these gives the line an editor shows.
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_LONE_RETURN_RE = re.compile(r"\r(?!\n)")


def _is_bad(char: str, allowed: str) -> bool:
    if char in allowed:
        return False
    return char in FILLERS or unicodedata.category(char) in _BAD_CATEGORIES


def bad_characters(text: str, allowed: str = "\t\n") -> set[str]:
    """The forbidden characters in `text`; `allowed` are the controls it may hold."""
    if text.isprintable() and not _FILLER_RE.search(text):  # fast path, most text
        return set()
    return {c for c in set(text) if _is_bad(c, allowed)}


def describe(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))


def positions(
    text: str, chars: set[str], lone_returns: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(line, column, char), 1-based, of every occurrence of `chars` in `text`, and with
    `lone_returns` of every carriage return that does not end a line with a `\n` after it."""
    alternatives = [re.escape(c) for c in sorted(chars)]
    if lone_returns and _LONE_RETURN_RE.search(text):
        alternatives.append(_LONE_RETURN_RE.pattern)
    if not alternatives:
        return
    starts = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]
    for match in re.finditer("|".join(alternatives), text):
        line = bisect_right(starts, match.start())
        yield line, match.start() - starts[line - 1] + 1, match.group()
