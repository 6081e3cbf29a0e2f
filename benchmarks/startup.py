"""Cold-start cost of the CLI, as the user feels it.

Prints:
- `tradeterms validate data/deals.yaml` / `python -c "import pandas"` (goal: 0.6 or less;
  the validate path imports neither pandas, pint nor tabulate). Validation always parses
  every file of the catalog: it never answers from a cache.
- `tradeterms compare us-eu-2025 us-japan-2025` /
  `python -c "import pandas, pint, tabulate, pydantic, yaml"` (goal: 1.3 or less). Loading
  reads unchanged files from the disk cache (tradeterms/_cache.py); the figure without the
  cache is printed too.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from _timing import wall_time

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    cli = shutil.which("tradeterms") or sys.exit("install the package first: pip install -e .")
    data = str(ROOT / "data" / "deals.yaml")
    validate = wall_time([cli, "validate", data])
    pandas = wall_time([sys.executable, "-c", "import pandas"])
    print(f"validate: {validate:.3f} s; import pandas: {pandas:.3f} s")
    print(f"validate / import pandas = {validate / pandas:.2f} (goal <= 0.6)")
    compare = wall_time([cli, "compare", "us-eu-2025", "us-japan-2025"])
    stack = wall_time([sys.executable, "-c", "import pandas, pint, tabulate, pydantic, yaml"])
    print(f"compare: {compare:.3f} s; import of the stack: {stack:.3f} s")
    print(f"compare / import stack = {compare / stack:.2f} (goal <= 1.3)")
    # For the record: the first run after an edit, when every file must really be parsed.
    cold = wall_time(
        ["env", "TRADETERMS_NO_CACHE=1", cli, "compare", "us-eu-2025", "us-japan-2025"]
    )
    print(f"compare without the disk cache: {cold:.3f} s ({cold / stack:.2f})")


if __name__ == "__main__":
    main()
