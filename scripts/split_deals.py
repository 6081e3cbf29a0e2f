"""One-off: split a single-file data/deals.yaml into the entry point and one file per deal.

Moves text, never re-dumps it, so comments and layout stay as written. Each deal goes to
data/deals/<deal-id>.yaml as one mapping; a source that one deal defines and other deals
cite moves to the entry point's `sources`, which is where shared sources live. Re-runnable:
a data/deals.yaml that already names `deal_files` is left alone.

    python scripts/split_deals.py [data/deals.yaml]
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/deal.schema.json\n"
ENTRY_NOTE = (
    "# Each deal is one file under deals/, named <deal-id>.yaml (docs/writing-a-deal.md).\n"
)
_ITEM = re.compile(r"^  - id: (\S+)")


def _chunks(lines: list[str]) -> list[list[str]]:
    """The items of the `deals:` list, each with the comments written just above it."""
    chunks: list[list[str]] = []
    pending: list[str] = []
    for line in lines:
        if _ITEM.match(line):
            chunks.append([*pending, line])
            pending = []
        elif line.startswith("  #") or not line.strip():
            pending.append(line)
        else:
            chunks[-1].extend([*pending, line])
            pending = []
    if chunks:
        chunks[-1].extend(pending)
    return chunks


def _dedent(line: str) -> str:
    """Four spaces less: `  - id:` opens the deal mapping; a comment between deals moves left."""
    if line.startswith(("  - ", "    ")):
        return line[4:]
    return line[2:] if line.startswith("  #") else line


def _cut_source(lines: list[str], source_id: str) -> list[str]:
    """Remove the item `  - id: <source_id>` of the deal's `sources:`; return its lines."""
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"  - id: {source_id}")
    end = start + 1
    while end < len(lines) and (lines[end].startswith("   ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    cut = lines[start:end]
    del lines[start:end]
    return cut


def _drop_empty_sources(lines: list[str]) -> None:
    at = lines.index("sources:\n")
    if at + 1 < len(lines) and not lines[at + 1].startswith(" "):
        del lines[at]  # every source of the deal is shared: the list is left empty


def _shared_deal_sources(path: Path) -> dict[str, list[str]]:
    """Per deal id, the sources it defines that another deal cites."""
    import tradeterms

    catalog = tradeterms.load(path)
    owner = {s.id: deal.id for deal in catalog for s in deal.sources}
    shared: dict[str, list[str]] = defaultdict(list)
    for deal in catalog:
        for source_id in sorted(_cited(deal)):
            owned_by = owner.get(source_id, deal.id)
            if owned_by != deal.id and source_id not in shared[owned_by]:
                shared[owned_by].append(source_id)
    return shared


def _cited(deal: object) -> set[str]:
    from tradeterms.models import Deal

    assert isinstance(deal, Deal)
    cited = {m.source for m in deal.milestones}
    for term in deal.terms:
        for claim in term.claims:
            cited.add(claim.source)
            condition = claim.value.condition
            if condition and condition.met_source:
                cited.add(condition.met_source)
    for question in deal.questions:
        cited.update(question.sources)
        if question.resolved:
            cited.add(question.resolved.source)
    for item in deal.expected_instruments:
        cited.add(item.promised_in)
        if item.delivered_in:
            cited.add(item.delivered_in)
    return cited


def split(entry: Path) -> None:
    text = entry.read_text(encoding="utf-8")
    if re.search(r"^deal_files:", text, re.MULTILINE):
        print(f"{entry} already names its deal files: nothing to do")
        return
    shared = _shared_deal_sources(entry)
    lines = text.splitlines(keepends=True)
    at = lines.index("deals:\n")
    head, body = lines[:at], lines[at + 1 :]
    moved: list[str] = []
    folder = entry.parent / "deals"
    folder.mkdir(exist_ok=True)
    for chunk in _chunks(body):
        deal_id = next(m.group(1) for line in chunk if (m := _ITEM.match(line)))
        deal = [_dedent(line) for line in chunk]
        while deal and not deal[-1].strip():
            deal.pop()
        for source_id in shared.get(deal_id, []):
            moved += _cut_source(deal, source_id)
        _drop_empty_sources(deal)
        (folder / f"{deal_id}.yaml").write_text(SCHEMA_LINE + "".join(deal), encoding="utf-8")
    _write_entry(entry, head, moved)


def _write_entry(entry: Path, head: list[str], moved: list[str]) -> None:
    while not head[-1].strip():
        head.pop()
    measures = head.index("measures:\n")
    end_of_sources = measures
    while not head[end_of_sources - 1].strip():
        end_of_sources -= 1
    banner = "  # --- defined with one deal, cited by several ---\n"
    head[end_of_sources:end_of_sources] = [banner, *moved] if moved else []
    format_line = head.index("format: 1\n")
    head[format_line + 1 : format_line + 1] = [ENTRY_NOTE, "deal_files: [deals/*.yaml]\n"]
    entry.write_text("".join(head), encoding="utf-8")


if __name__ == "__main__":
    split(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "deals.yaml")
