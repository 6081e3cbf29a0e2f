"""Check one curation fragment against the models (temporary helper for curators).

Usage: python scripts/check_fragment.py data/fragments/eu.yaml
Merges data/_head.yaml (topics), data/fragments/global.yaml (cross-deal sources) and the
fragment, then validates with the strict loader when it exists, else with pydantic alone.
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(path: str) -> int:
    from tradeterms.models import DataFile

    merged: dict[str, list[object]] = {}
    parts = [ROOT / "data/_head.yaml", ROOT / "data/fragments/global.yaml", Path(path)]
    for part in dict.fromkeys(parts):
        if not part.exists():
            continue
        data = yaml.safe_load(part.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key != "format":
                merged.setdefault(key, []).extend(value or [])
    DataFile.model_validate({"format": 1, **merged})
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
