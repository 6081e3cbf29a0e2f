"""Validation speed on a large file (~10 MB, ~10,000 deals).

Prints the wall time of `tradeterms validate big.yaml` divided by that of a bare
`yaml.load(f, Loader=yaml.CSafeLoader)` of the same file, each in a fresh process.
Goal: 1.0 or less.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _timing import wall_time

ROOT = Path(__file__).resolve().parent.parent
PARTNERS = ["JP", "GB", "KR", "CH", "VN", "ID", "PH", "MY", "KH", "TH", "AR", "EC", "GT", "SV"]

DEAL = """\
  - id: us-deal-{n}
    name: "Generated deal number {n}"
    parties: [US, {partner}]
    sources:
      - id: src-{n}-statement
        title: "Joint statement of the framework, number {n}"
        publisher: The White House
        url: https://www.whitehouse.gov/briefings-statements/2025/08/deal-{n}/
        date: 2025-08-21
        kind: joint
        issued_by: [US, {partner}]
      - id: src-{n}-notice
        title: "Notice implementing the framework, number {n}"
        publisher: Federal Register
        url: https://www.federalregister.gov/documents/2025/09/25/{n}
        date: 2025-09-25
        kind: legal
        issued_by: [US]
    milestones:
      - {{date: 2025-07-27, kind: announced, title: Announced, source: src-{n}-statement}}
      - {{date: 2025-08-21, kind: joint_statement, title: Joint, source: src-{n}-statement}}
    terms:
      - id: baseline
        topic: tariff.baseline
        title: US tariff on the partner's goods
        levied_by: US
        on_goods_of: {partner}
        claims:
          - source: src-{n}-statement
            by: [US, {partner}]
            strength: committed
            quote: "The United States will apply a tariff of 15 percent on originating goods."
            value: {{kind: tariff, applies: all_in, rate: "15%", basis: ieepa}}
          - source: src-{n}-notice
            by: [US]
            strength: in_force
            value:
              {{kind: tariff, applies: all_in, rate: "15%", basis: ieepa, effective: 2025-08-07}}
      - id: autos
        topic: tariff.autos
        title: Cars and light trucks
        levied_by: US
        on_goods_of: {partner}
        scope: {{text: Passenger vehicles, hs: ["8703.23", "8703.24"]}}
        claims:
          - source: src-{n}-notice
            by: [US]
            strength: in_force
            value:
              {{kind: tariff, applies: cap, rate: "15%", basis: s232, effective: 2025-08-01}}
      - id: investment
        topic: investment
        title: Investment in the United States
        claims:
          - source: src-{n}-statement
            by: [US, {partner}]
            strength: intended
            value: {{kind: pledge, pledge: investment, amount: "USD {n}bn", by: 2029-01-19}}
      - id: beef
        topic: partner.farm
        title: Beef quota
        levied_by: {partner}
        on_goods_of: US
        claims:
          - source: src-{n}-statement
            by: [US, {partner}]
            strength: committed
            value: {{kind: quota, volume: "13000 t/year", in_quota_rate: "0%"}}
    questions:
      - id: stacking
        text: "Does the rate stack on MFN?"
        raised: 2025-07-27
        sources: [src-{n}-statement]
        resolved: {{date: 2025-09-25, source: src-{n}-notice}}
"""


def generate(path: Path, deals: int) -> None:
    head = (ROOT / "data" / "deals.yaml").read_text(encoding="utf-8")
    topics = head[head.index("topics:") : head.index("\n", head.rindex("  - {id:"))]
    with path.open("w", encoding="utf-8") as out:
        out.write(f"format: 1\n{topics}\ndeals:\n")
        for n in range(1, deals + 1):
            out.write(DEAL.format(n=n, partner=PARTNERS[n % len(PARTNERS)]))


def main() -> None:
    cli = shutil.which("tradeterms") or sys.exit("install the package first: pip install -e .")
    deals = int(sys.argv[1]) if len(sys.argv) > 1 else 3700
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.yaml"
        generate(big, deals)
        size = big.stat().st_size / 1e6
        # The cache of valid files would answer every run after the first: measure the
        # real work by switching it off.
        validate = wall_time(["env", "TRADETERMS_NO_CACHE=1", cli, "validate", str(big)], runs=3)
        load = f"import yaml; yaml.load(open({str(big)!r}, 'rb'), Loader=yaml.CSafeLoader)"
        bare = wall_time([sys.executable, "-c", load], runs=3)
    print(f"file: {size:.1f} MB, {deals} deals")
    print(f"tradeterms validate: {validate:.2f} s; yaml.load (CSafeLoader): {bare:.2f} s")
    print(f"validate / yaml.load = {validate / bare:.2f} (goal <= 1.0)")


if __name__ == "__main__":
    main()
