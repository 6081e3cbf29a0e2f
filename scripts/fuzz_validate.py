"""Coverage-guided fuzzing of the loader and `tradeterms validate` with atheris (not run in CI).

    pip install -e ".[dev,fuzz]"
    python scripts/fuzz_validate.py -max_total_time=300 /tmp/fuzz-corpus          # raw bytes
    python scripts/fuzz_validate.py --plant -max_total_time=300 /tmp/fuzz-planted  # values

The target is the one tests/test_fuzz.py runs a bounded number of times in CI
(`check_target`): any bytes give a Report whose findings carry a documented code and a
position, and the command exits 0 or 1 without a traceback. Raw mode mutates bytes, starting
from the test fixtures; `--plant` lets the fuzzer choose a place in a valid file and a hostile
value to put there, which reaches the model and the cross-record checks. Other arguments go
to libFuzzer; a crash leaves a `crash-*` file holding the input.
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
sys.path.insert(0, str(ROOT / "tests"))

# The library imports its validation modules on first use: import them here, so that they
# are instrumented too.
# PyYAML parses with libyaml (C); its pure-Python dumper, which --plant uses, is left alone.
with atheris.instrument_imports(include=["tradeterms"]):
    for module in ("tradeterms._validation", "tradeterms._checks", "tradeterms.report_format"):
        importlib.import_module(module)
    import test_fuzz


def plant(raw: bytes) -> None:
    """Put a value the fuzzer picks at a place of the valid fixture it picks."""
    data = atheris.FuzzedDataProvider(raw)
    place = test_fuzz.PLACES[data.ConsumeIntInRange(0, len(test_fuzz.PLACES) - 1)]
    makers = [
        lambda: data.PickValueInList(test_fuzz.HOSTILE_TEXT),
        lambda: data.PickValueInList(test_fuzz.HOSTILE_NUMBERS),
        lambda: test_fuzz.Raw(data.PickValueInList(test_fuzz.RAW_TOKENS)),
        lambda: data.ConsumeUnicodeNoSurrogates(data.ConsumeIntInRange(0, 60)),
        lambda: data.ConsumeInt(data.ConsumeIntInRange(1, 32)),
        lambda: data.ConsumeRegularFloat(),
    ]
    value = makers[data.ConsumeIntInRange(0, len(makers) - 1)]()
    style = data.PickValueInList([None, '"', "'"])
    planted = test_fuzz.planted(place, value, as_key=data.ConsumeBool())
    test_fuzz.check_target(test_fuzz.dump(planted, style))


def seed_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("*/*.yaml")):
        (folder / fixture.name).write_bytes(fixture.read_bytes())


def main() -> None:
    planting = "--plant" in sys.argv
    argv = [a for a in sys.argv if a != "--plant"]
    if not planting:
        for folder in (a for a in argv[1:] if not a.startswith("-")):
            seed_corpus(Path(folder))
    atheris.Setup(argv, plant if planting else test_fuzz.check_target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
