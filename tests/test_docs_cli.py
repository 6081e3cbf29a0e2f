"""Every console example in docs/ runs, and prints exactly what the page shows.

A console block is a fenced block marked `console`; lines starting with `$ tradeterms`
are commands, the lines after them their output. `pytest --regen-golden` rewrites the outputs.
"""

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradeterms.cli import cli

DOCS = Path(__file__).parent.parent / "docs"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def run_block(block: str) -> str:
    """The block with each command's output replaced by what the command prints now."""
    out: list[str] = []
    for line in block.splitlines():
        if not line.startswith("$ tradeterms "):
            continue
        args = shlex.split(line.removeprefix("$ tradeterms "))
        result = CliRunner().invoke(cli, args, prog_name="tradeterms")
        out.append(line)
        out.extend(result.output.rstrip("\n").splitlines())
    return "\n".join(out) + "\n"


PAGES = sorted(p for p in DOCS.glob("*.md") if "```console" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_console_examples_print_what_the_docs_show(page: Path, regen: bool) -> None:
    text = page.read_text(encoding="utf-8")
    fresh = BLOCK.sub(lambda m: f"```console\n{run_block(m[1])}```", text)
    if regen:
        page.write_text(fresh, encoding="utf-8")
    assert fresh == text
