"""Assemble data/deals.yaml from data/_head.yaml and the curators' data/fragments/*.yaml.

Text-level merge that keeps comments: each top-level key's block of every fragment is
appended under the same key. Used once while the first deals were curated in parallel.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["topics", "sources", "measures", "events", "fx_rates", "deals"]
KEY = re.compile(r"^([a-z_]+):\s*(\[\])?\s*$")


def blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    preamble: list[str] = []
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = KEY.match(line)
        if match and match[1] in ORDER:
            current = found.setdefault(match[1], [])
        elif match and match[1] == "format":
            current = None
        elif current is None:
            preamble.append(line)
        else:
            current.append(line)
    return preamble, found


def main(names: list[str]) -> None:
    head_pre, merged = blocks((ROOT / "data/_head.yaml").read_text(encoding="utf-8"))
    for name in names:
        _, found = blocks((ROOT / "data/fragments" / name).read_text(encoding="utf-8"))
        for key, lines in found.items():
            merged.setdefault(key, []).extend(lines)
    out = [line for line in head_pre if line.strip() and not line.startswith("format:")]
    out += ["format: 1"]
    for key in ORDER:
        if any(line.strip() and not line.lstrip().startswith("#") for line in merged.get(key, [])):
            out += [f"{key}:"] + merged[key]
    (ROOT / "data/deals.yaml").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
