"""The duty calculator's own facts, read from ``tradeterms/data/duty_rules.yaml``.

Which measures each Section 232 product list feeds, the screens for actions without an HTS
list, the duties the data does not hold, dates, and the exemptions that reach across layers.
They live in data so that every one has a source and a renamed measure id is a validation
finding (`unknown-duty-measure`) instead of a duty that silently stops applying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "CrossLayer",
    "Gap",
    "ListSource",
    "MetalTier",
    "OriginLayer",
    "Program",
    "Rules",
    "Screen",
    "Usmca",
    "rules",
]


@dataclass(frozen=True, slots=True)
class Program:
    program: str
    topic: str
    measures: tuple[str, ...]
    content_based: bool
    source: str


@dataclass(frozen=True, slots=True)
class Screen:
    """Headings that a Section 232 action without an HTS list in the data may reach."""

    topic: str
    measures: tuple[str, ...]
    prefixes: tuple[str, ...]
    label: str
    source: str
    list: str | None = None  # a list of s232_scopes.csv whose entries are screened too


@dataclass(frozen=True, slots=True)
class Gap:
    """A duty on an origin that the data does not hold; `replaces` the basis it replaces."""

    origin: str
    replaces: str | None
    what: str


@dataclass(frozen=True, slots=True)
class CrossLayer:
    """A partner list entry that also exempts Section 232 programmes."""

    partner: str
    category: str
    heading: str
    exempts: tuple[str, ...]
    notes_line: int
    source: str


@dataclass(frozen=True, slots=True)
class MetalTier:
    """A tier of the 2026 metals duties: the note 16(c) subdivisions it charges, at what rate."""

    subdivisions: tuple[str, ...]
    heading: str
    rate: Decimal
    applies: str  # on_top or all_in
    notes_line: int
    source: str


@dataclass(frozen=True, slots=True)
class ListSource:
    """Where an exemption list of the baseline layer is written."""

    id: str
    title: str
    url: str
    published: dt.date | None
    notes_line: int | None


@dataclass(frozen=True, slots=True)
class OriginLayer:
    """A layer charged on goods of some origins: from a product table or a topic's claims."""

    id: str
    layer: str
    origins: tuple[str, ...]
    table: str | None
    topic: str | None
    title: str
    url: str
    source: str


@dataclass(frozen=True, slots=True)
class Usmca:
    """Origins whose goods may claim USMCA treatment, and the layers (by basis) it exempts."""

    origins: tuple[str, ...] = ()
    exempt_from: dict[str, str] = field(default_factory=dict)  # basis -> source
    open_on: dict[str, str] = field(default_factory=dict)  # measure -> why it stays open


@dataclass(frozen=True, slots=True)
class Rules:
    programs: dict[str, Program]
    screens: tuple[Screen, ...]
    gaps: dict[str, Gap]
    dates: dict[str, dt.date]
    cross_layer: tuple[CrossLayer, ...]
    list_names: dict[str, str]
    lists: dict[str, ListSource]
    metal_tiers: tuple[MetalTier, ...]
    origin_layers: tuple[OriginLayer, ...] = ()
    usmca: Usmca = field(default_factory=Usmca)

    def tier(self, subdivision: str) -> MetalTier | None:
        return next((t for t in self.metal_tiers if subdivision in t.subdivisions), None)

    def measure_groups(self) -> list[tuple[str, tuple[str, ...], str]]:
        """(topic, measure ids, where named) of every programme and screen, for validation:
        at least one measure of each group must be defined where its topic is modelled."""
        groups = [(p.topic, p.measures, f"programs/{p.program}") for p in self.programs.values()]
        groups += [(s.topic, s.measures, f"screens/{s.topic}") for s in self.screens]
        return groups


@cache
def rules() -> Rules:
    import yaml

    text = resources.files("tradeterms.data").joinpath("duty_rules.yaml").read_text("utf-8")
    # Our own file, read with PyYAML's safe loader; libyaml's parser when built (8 × faster).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw: dict[str, Any] = yaml.load(text, Loader=loader)
    programs = {
        p["program"]: Program(
            p["program"],
            p["topic"],
            tuple(p["measures"]),
            bool(p.get("content_based", False)),
            p["source"],
        )
        for p in raw["programs"]
    }
    screens = tuple(
        Screen(
            s["topic"],
            tuple(s["measures"]),
            tuple(s["prefixes"]),
            s["label"],
            s["source"],
            s.get("list"),
        )
        for s in raw["screens"]
    )
    gaps = {g["origin"]: Gap(g["origin"], g.get("replaces"), g["what"]) for g in raw["not_in_data"]}
    dates = {name: entry["date"] for name, entry in raw["dates"].items()}
    cross = tuple(
        CrossLayer(
            c["partner"],
            c["category"],
            str(c["heading"]),
            tuple(c["exempts"]),
            int(c["notes_line"]),
            c["source"],
        )
        for c in raw["cross_layer"]
    )
    lists = {
        name: ListSource(e["id"], e["title"], e["url"], e.get("published"), e.get("notes_line"))
        for name, e in raw["lists"].items()
    }
    tiers = tuple(
        MetalTier(
            tuple(t["subdivisions"]),
            str(t["heading"]),
            Decimal(t["rate"].rstrip("%")) / 100,
            t["applies"],
            int(t["notes_line"]),
            t["source"],
        )
        for t in raw["metal_tiers"]
    )
    layers = tuple(
        OriginLayer(
            o["id"],
            o["layer"],
            tuple(o["origins"]),
            o.get("table"),
            o.get("topic"),
            o["title"],
            o["url"],
            o["source"],
        )
        for o in raw.get("origin_layers", ())
    )
    names = dict(raw["list_names"])
    usmca_raw = raw.get("usmca", {})
    usmca = Usmca(
        tuple(usmca_raw.get("origins", ())),
        {e["basis"]: e["source"] for e in usmca_raw.get("exempt_from", ())},
        dict(usmca_raw.get("open_on", {})),
    )
    return Rules(programs, screens, gaps, dates, cross, names, lists, tiers, layers, usmca)
