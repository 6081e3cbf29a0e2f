"""Which Section 232 measures reach an HTS line, read from the shipped scope tables.

Steel, aluminium, copper, autos, auto parts, trucks and buses have HTS lists in
``tradeterms/data/s232_scopes.csv``. The other Section 232 actions (lumber and furniture,
semiconductors, pharmaceuticals, polysilicon, drones, mobile industrial equipment) have no
HTS list in the data: for them a short *screen* of headings names the lines that may fall under
the action, so the calculator can say it cannot settle the answer instead of leaving the duty
out. A screen decides nothing by itself; it only stops a confident wrong answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradeterms._hts_schedule import normalise_hts
from tradeterms._product_lists import in_s232_scope

__all__ = ["SCREENS", "S232Hit", "Screen", "s232_hits", "screens_for"]

# s232_scopes.csv programme -> (data topic, the cross-deal measures that cover it). Measures of
# the same topic that belong to another programme are left out (a bus is not charged the truck
# rate); a measure the table does not name still counts, so a renamed measure is not lost.
_PROGRAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "steel": ("tariff.steel", ("us-s232-steel",)),
    "aluminum": ("tariff.aluminium", ("us-s232-aluminium",)),
    "copper": ("tariff.copper", ("us-s232-copper",)),
    "autos_passenger": ("tariff.autos", ("us-s232-autos",)),
    "autos_light_trucks": ("tariff.autos", ("us-s232-autos",)),
    "auto_parts": ("tariff.auto_parts", ("us-s232-auto-parts",)),
    "mhd_vehicles": ("tariff.trucks", ("us-s232-trucks",)),
    "buses": ("tariff.trucks", ("us-s232-buses",)),
}


@dataclass(frozen=True, slots=True)
class S232Hit:
    """An HTS line inside a Section 232 scope list."""

    topic: str
    program: str
    exclude: tuple[str, ...]  # measures of the same topic that cover other programmes
    content_based: bool  # the duty is charged on the metal content (derivatives, copper)
    listed_as: str  # the scope entry, for the trail: "steel mill (note_16(b); ...)"


def s232_hits(hts: str, on: dt.date) -> list[S232Hit]:
    """The Section 232 programmes whose scope lists cover `hts` on `on`, one per programme."""
    hits: dict[str, S232Hit] = {}
    for scope in in_s232_scope(hts, on):
        if scope.program in hits or scope.program not in _PROGRAMS:
            continue
        topic, own = _PROGRAMS[scope.program]
        exclude = tuple(m for t, ms in _PROGRAMS.values() if t == topic for m in ms if m not in own)
        content = scope.program == "copper" or scope.kind == "derivative"
        what = f"{scope.program} {scope.kind or ''}".strip()
        listed = f"{what}, HTS prefix {scope.hts_prefix} ({scope.source})"
        hits[scope.program] = S232Hit(topic, scope.program, exclude, content, listed)
    return list(hits.values())


@dataclass(frozen=True, slots=True)
class Screen:
    """Headings that a Section 232 action without an HTS list in the data may reach."""

    topic: str
    measures: tuple[str, ...]
    prefixes: tuple[str, ...]
    label: str


SCREENS: tuple[Screen, ...] = (
    Screen(
        "tariff.lumber",
        ("us-s232-timber", "us-s232-furniture-cabinets"),
        ("4403", "4406", "4407", "4409", "9401", "9403"),
        "softwood timber and lumber, upholstered wooden furniture, kitchen cabinets, vanities",
    ),
    Screen(
        "tariff.semiconductors",
        ("us-s232-semiconductors",),
        ("847150", "847180", "847330", "8542"),
        "advanced computing chips (HTSUS 9903.79)",
    ),
    Screen(
        "tariff.pharma_branded",
        ("us-s232-pharma", "us-s232-pharma-partners", "us-s232-pharma-uk"),
        ("2936", "2937", "2939", "2941", "3002", "3003", "3004"),
        "patented pharmaceuticals and their ingredients",
    ),
    Screen(
        "tariff.polysilicon",
        ("us-s232-polysilicon", "us-s232-polysilicon-partners", "us-s232-polysilicon-uk"),
        ("280461", "3818", "854142", "854143"),
        "polysilicon, wafers, solar cells and modules",
    ),
    Screen(
        "tariff.drones",
        ("us-s232-drones-large", "us-s232-drones-small", "us-s232-drones-partners"),
        ("8806",),
        "unmanned aircraft and components",
    ),
)


def screens_for(hts: str) -> list[Screen]:
    code = normalise_hts(hts)
    return [s for s in SCREENS if any(code.startswith(p) for p in s.prefixes)]
