"""Coverage-guided fuzzing of the loader and `tradeterms validate` with atheris (not run in CI).

    pip install -e ".[fuzz]"
    python scripts/fuzz_validate.py -max_total_time=300 /tmp/fuzz-corpus

The target is the one tests/test_fuzz.py runs a bounded number of times in CI: any bytes give
a Report whose findings carry a documented code and a position, and the command exits 0 or 1
without a traceback. The corpus starts from the test fixtures; extra arguments go to libFuzzer.
A crash leaves `crash-*` files holding the input.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TRADETERMS_CACHE_DIR", tempfile.mkdtemp(prefix="tradeterms-fuzz-cache-"))

# The library imports its validation modules on first use: import them here, so that they
# are instrumented too.
with atheris.instrument_imports(include=["tradeterms", "yaml"]):
    from click.testing import CliRunner

    for module in ("tradeterms._validation", "tradeterms._checks", "tradeterms.report_format"):
        importlib.import_module(module)
    from tradeterms.cli import cli
    from tradeterms.errors import FINDING_CODES
    from tradeterms.loader import validate

FOLDER = Path(tempfile.mkdtemp(prefix="tradeterms-fuzz-"))
INPUT = FOLDER / "input.yaml"


def check(raw: bytes) -> None:
    INPUT.write_bytes(raw)
    report = validate(INPUT)
    for finding in report.findings:
        assert finding.code in FINDING_CODES, finding
        assert finding.line >= 1 and finding.column >= 1, finding
    result = CliRunner().invoke(cli, ["validate", str(INPUT)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == (0 if report.valid else 1), result.output


def seed_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("*/*.yaml")):
        (folder / fixture.name).write_bytes(fixture.read_bytes())


def main() -> None:
    corpus = [a for a in sys.argv[1:] if not a.startswith("-")]
    for folder in corpus:
        seed_corpus(Path(folder))
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
