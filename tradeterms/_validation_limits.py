"""Limits that bound what reading one data file can cost, shared by the light and the heavy
half of the loader. Each is documented in docs/writing-a-deal.md (Limits)."""

from __future__ import annotations

from collections.abc import Iterable

from tradeterms.errors import Finding

# 16 MiB: about 400 deals the size of the shipped ones (~42 KB each). Validating takes about
# 27x the file's size in memory for real deals, up to 50x for dense generated ones (peak RSS
# over file size, benchmarks/validate.py files): 0.45 to 0.8 GB at the limit.
MAX_BYTES = 16 * 1024 * 1024
# YAML nodes (scalars, mappings, lists) in one file. Deal data has one node per 11 to 22
# bytes (the benchmark's dense file, the shipped data), so a file of MAX_BYTES holds at most
# ~1.5 million; a node costs ~350 bytes of memory, so the budget bounds the tree at ~700 MB
# where 15 MB of `{},` (5 million nodes) would otherwise cost gigabytes.
MAX_NODES = 2_000_000
MAX_FINDINGS = 1000  # per file and stage: a file of mistakes must not print a million lines


def capped(findings: Iterable[Finding], limit: int = MAX_FINDINGS) -> list[Finding]:
    """The first `limit` findings, then one `too-many-findings` finding that says how many
    more there were (at the first one left out). Lazily consumed: a generator of millions of
    findings never becomes a list of millions."""
    kept: list[Finding] = []
    first_left_out: Finding | None = None
    more = 0
    for finding in findings:
        if len(kept) < limit:
            kept.append(finding)
            continue
        first_left_out = first_left_out or finding
        more += 1
    if first_left_out is not None:
        kept.append(too_many(first_left_out, more))
    return kept


def too_many(first_left_out: Finding, more: int) -> Finding:
    f = first_left_out
    message = f"… and {more} more problem(s) not shown; fix the ones above first"
    return Finding(f.file, f.line, f.column, "too-many-findings", message)
