"""Which Section 232 measures reach an HTS line, read from the shipped scope tables.

Steel, aluminium, copper, autos, auto parts, trucks, buses and patented pharmaceuticals have
HTS lists in ``tradeterms/data/s232_scopes.csv``, each at the digit level the law writes it.
Which measures each list feeds is in ``tradeterms/data/duty_rules.yaml`` (`programs`). The
other Section 232 actions (lumber and furniture, semiconductors, polysilicon, drones) have no
HTS list in the data: for them a short *screen* of headings (`screens` in the same file) names
the lines that may fall under the action, so the calculator can say it cannot settle the answer
instead of leaving the duty out. A screen decides nothing by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from tradeterms._duty_rules import MetalTier, Screen, rules
from tradeterms._hts_schedule import format_hts, normalise_hts
from tradeterms._product_lists import (
    in_s232_scope,
    listed_under,
    metals_2026,
    metals_2026_under,
    s232_scopes,
)

__all__ = [
    "METALS",
    "S232Hit",
    "Screen",
    "partial_lists",
    "s232_hits",
    "screened_under",
    "screens_for",
]


@dataclass(frozen=True, slots=True)
class S232Hit:
    """An HTS line inside a Section 232 scope list."""

    topic: str
    program: str
    exclude: tuple[str, ...]  # measures of the same topic that cover other programmes
    content_based: bool  # the duty is charged on the metal content (derivatives, copper)
    listed_as: str  # the scope entry, for the trail: "steel mill (note_16(b); ...)"
    tier: MetalTier | None = None  # from 6 Apr 2026: the metals tier charged on full value


@lru_cache(maxsize=64)  # read for every hit: the programmes are fixed
def _exclude(program: str) -> tuple[str, ...]:
    table = rules().programs
    own = table[program]
    return tuple(
        m
        for p in table.values()
        if p.topic == own.topic
        for m in p.measures
        if m not in own.measures
    )


METALS = ("steel", "aluminum", "copper")  # the programmes the 2026 metals tiers replace


def s232_hits(hts: str, on: dt.date) -> list[S232Hit]:
    """The Section 232 programmes whose scope lists cover `hts` on `on`, one per programme.

    From the date of the 2026 metals tiers, the metals programmes read the lists of note 16(c)
    instead of the 2025 lists (see :func:`_metal_tiers`).
    """
    return list(_s232_hits(hts, on))


# A batch reads a code on a date for its signature and again for each run of its case.
@lru_cache(maxsize=65_536)
def _s232_hits(hts: str, on: dt.date) -> tuple[S232Hit, ...]:
    hits: dict[str, S232Hit] = {}
    table = rules().programs
    tiered = on >= rules().dates["metals_annex_tiers_from"]
    if tiered:
        hits.update(_metal_tiers(hts))
    for scope in in_s232_scope(hts, on):
        if scope.program in hits or scope.program not in table:
            continue
        if tiered and scope.program in METALS:
            continue
        program = table[scope.program]
        content = program.content_based or scope.kind == "derivative"
        what = f"{scope.program} {scope.kind or ''}".strip()
        line = f", notes line {scope.notes_line}" if scope.notes_line else ""
        listed = f"{what}, HTS {format_hts(scope.hts_prefix)} ({scope.source}{line})"
        hits[scope.program] = S232Hit(
            program.topic, scope.program, _exclude(scope.program), content, listed
        )
    return tuple(hits.values())


def _metal_tiers(hts: str) -> dict[str, S232Hit]:
    """One hit per tier: a line on the lists of several metals pays one duty on the aggregate
    (note 16(c): 'use the aggregate weight of the listed metals')."""
    hits: dict[str, S232Hit] = {}
    seen: set[str] = set()
    for entry in metals_2026(hts):
        tier = rules().tier(entry.subdivision)
        if tier is None or tier.heading in seen:
            continue
        seen.add(tier.heading)
        program = rules().programs[entry.metal]
        listed = (
            f"{entry.metal}, note 16(c)({entry.subdivision}) HTS {format_hts(entry.hts_prefix)}"
            f" (notes line {entry.notes_line}), heading {tier.heading}"
        )
        hits.setdefault(
            entry.metal,
            S232Hit(program.topic, entry.metal, _exclude(entry.metal), False, listed, tier),
        )
    return hits


def partial_lists(hts: str, on: dt.date) -> dict[str, tuple[str, ...]]:
    """Programme -> the longer entries under `hts` it lists (statistical lines of an 8-digit
    code), for programmes that do not cover `hts` itself."""
    covered = {s.program for s in in_s232_scope(hts, on)}
    tiered = on >= rules().dates["metals_annex_tiers_from"]
    found: dict[str, list[str]] = {}
    for scope in listed_under(hts, on):
        if tiered and scope.program in METALS:
            continue  # the 2026 lists are read at their own digits (s232_metals_2026.csv)
        if scope.program in rules().programs and scope.program not in covered:
            found.setdefault(scope.program, []).append(format_hts(scope.hts_prefix))
    if tiered and not metals_2026(hts):
        for entry in metals_2026_under(hts):
            found.setdefault(entry.metal, []).append(format_hts(entry.hts_prefix))
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def screens_for(hts: str) -> list[Screen]:
    """The screens whose headings or listed lines cover `hts`."""
    return list(_screens_for(normalise_hts(hts)))


# Read for every line a calculation or a batch case runs: kept per code (the tables are fixed).
@lru_cache(maxsize=65_536)
def _screens_for(code: str) -> tuple[Screen, ...]:
    by_prefix = _screens_by_prefix()
    found = {k for n in range(len(code) + 1) for k in by_prefix.get(code[:n], ())}
    return tuple(screen for k, screen in enumerate(rules().screens) if k in found)


@lru_cache(maxsize=1)
def _screens_by_prefix() -> dict[str, tuple[int, ...]]:
    """Prefix -> the screens (their places in `rules().screens`) it is written in: a code's
    screens are found by looking its own prefixes up, not by trying every prefix."""
    index: dict[str, list[int]] = {}
    for k, screen in enumerate(rules().screens):
        for prefix in _prefixes(screen):
            index.setdefault(prefix, []).append(k)
    return {prefix: tuple(places) for prefix, places in index.items()}


def screened_under(hts: str) -> list[tuple[Screen, tuple[str, ...]]]:
    """(screen, the listed lines written at more digits under `hts`) for screens that do not
    cover `hts` itself."""
    return list(_screened_under(normalise_hts(hts)))


# Read for every line a calculation or a batch case runs: kept per code (the tables are fixed).
@lru_cache(maxsize=65_536)
def _screened_under(code: str) -> tuple[tuple[Screen, tuple[str, ...]], ...]:
    covering = screens_for(code)
    found: list[tuple[Screen, tuple[str, ...]]] = []
    for screen in rules().screens:
        if screen in covering:
            continue
        longer = [p for p in _prefixes(screen) if len(p) > len(code) and p.startswith(code)]
        if longer:
            found.append((screen, tuple(format_hts(p) for p in longer)))
    return tuple(found)


@lru_cache(maxsize=64)  # read for every line: the scope table is fixed
def _prefixes(screen: Screen) -> tuple[str, ...]:
    listed = tuple(s.hts_prefix for s in s232_scopes() if s.list_name == screen.list)
    return screen.prefixes + listed if screen.list else screen.prefixes
