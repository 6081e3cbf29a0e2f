"""The layers of a US duty above MFN: Section 232, the reciprocal/baseline layer (IEEPA, then
Section 122, then Section 301) and other cross-deal measures. Each layer reads the term
states of the origin (see `_duty_claims.Context`) and writes steps into a `Ledger`.
"""

from __future__ import annotations

import datetime as dt
import weakref
from decimal import Decimal
from typing import Literal

from tradeterms._duty_claims import Context, Extra, added_by, general_rate, in_force, tariff_of
from tradeterms._duty_exemptions import baseline_exemption, list_claim
from tradeterms._duty_quota import quota_step
from tradeterms._duty_rules import CrossLayer, rules
from tradeterms._duty_scope import (
    S232Hit,
    partial_lists,
    s232_hits,
    screened_under,
    screens_for,
)
from tradeterms._duty_steps import DutyStep, Ledger, SourceRef
from tradeterms._duty_units import format_rate
from tradeterms._hts_schedule import format_hts
from tradeterms._product_lists import (
    MfnOnlyEntry,
    mfn_only_entries,
    normalise_partner,
)
from tradeterms.catalog import Catalog
from tradeterms.models import Application, GlobalMeasure, LegalBasis, Strength, TariffValue
from tradeterms.state import ClaimView

__all__ = ["Cover", "other_measures", "reciprocal", "section_232"]

# How far a Section 232 duty covers a good: not at all, its whole value, or its metal content
# (the other layers are then charged on the rest of the value).
Cover = Literal["none", "full", "metal"]
NONE: Cover = "none"
FULL: Cover = "full"
METAL: Cover = "metal"
_NOTES = "HTSUS 2026 Rev 6, chapter 99 U.S. notes"
_METAL_OPEN = (
    "Section 232 is charged on the value of the metal content: give the metal value "
    "(metal_value=, --metal-value)"
)

_ZERO = Decimal(0)
_LAYER = {
    LegalBasis.ieepa: "reciprocal",
    LegalBasis.s122: "section_122",
    LegalBasis.s301: "section_301",
    LegalBasis.s232: "section_232",
}
_VEHICLES = {"tariff.autos", "tariff.auto_parts", "tariff.trucks"}


def _value(view: ClaimView) -> TariffValue:
    value = tariff_of(view.claim.value)
    assert value is not None, "Context.views keeps tariff claims only"
    return value


def _step(
    ctx: Context, view: ClaimView, title: str, layer: str, added: Decimal | None, effect: str
) -> DutyStep:
    value = _value(view)
    basis = value.basis.value if value.basis else "unknown"
    rate = str(value.rate) if value.rate else (str(value.specific) if value.specific else None)
    measure = view.origin if view.origin != "deal" else _term_id(ctx, view)
    return DutyStep(
        layer, measure, title, basis, value.applies.value, rate, added, effect, ctx.ref(view)
    )


def _holder(ctx: Context, view: ClaimView) -> tuple[str, str]:
    """(id, title) of the term or measure a claim belongs to (read for every step: kept for
    the lines with the same states, where the caller keeps them)."""
    if ctx.kept is None:
        return _find_holder(ctx, view)
    key = ("holder", id(view.claim), view.origin)  # the states hold the claim
    found: tuple[str, str] | None = ctx.kept.get(key)
    if found is None:
        found = ctx.kept[key] = _find_holder(ctx, view)
    return found


def _find_holder(ctx: Context, view: ClaimView) -> tuple[str, str]:
    if view.origin != "deal":
        measure = _measures_by_id(ctx.catalog).get(view.origin)
        if measure is not None:
            return measure.id, measure.title
    for state in ctx.states:
        if any(v.claim is view.claim for v in state.counted):
            return state.term.id, state.term.title
    return view.origin, view.origin


def _measures_by_id(catalog: Catalog) -> dict[str, GlobalMeasure]:
    """The catalog's measures by id (the first of an id), kept per catalog: read per step."""
    found = _MEASURES.get(catalog)
    if found is None:
        found = _MEASURES[catalog] = {}
        for measure in catalog.data.measures:
            found.setdefault(measure.id, measure)
    return found


_MEASURES: weakref.WeakKeyDictionary[Catalog, dict[str, GlobalMeasure]] = (
    weakref.WeakKeyDictionary()
)


def _term_id(ctx: Context, view: ClaimView) -> str:
    deal = ctx.origin.deal.id if ctx.origin.deal else "no-deal"
    return f"{deal}/{_holder(ctx, view)[0]}"


def _term_title(ctx: Context, view: ClaimView) -> str:
    return _holder(ctx, view)[1]


def _weaker_words(
    ctx: Context, views: list[ClaimView], applied: ClaimView | None, led: Ledger
) -> None:
    """Warn about the strongest claim not in force, where it differs from what applies."""
    if not led.trail:
        return
    # By strength, not `v not in in_force(views)`: comparing views compares whole claims.
    words = [v for v in views if v.claim.strength is not Strength.in_force]
    if not words:
        return
    top = words[0]
    if _value(top).applies in (Application.unchanged, Application.excluded):
        return  # words that leave the measure in force as it is
    if applied is not None and (
        top.said <= applied.starts
        or (_value(top).rate, _value(top).applies)
        == (_value(applied).rate, _value(applied).applies)
    ):
        return  # superseded by, or the same as, what is in force
    rate = _value(top).rate or _value(top).applies.value
    known = f" as known on {ctx.known_on.isoformat()}" if ctx.known_on else ""
    led.warn(
        f"{_term_title(ctx, top)}: {'/'.join(top.parties)} {top.claim.strength.value} "
        f"{rate} ({_value(top).applies.value}) in {top.source.id}; not in force on "
        f"{ctx.on.isoformat()}{known}, so not applied."
    )


# ============================================================================ Section 232


def section_232(ctx: Context, led: Ledger) -> Cover:
    """Section 232 duties on the line, and how far they cover the good (FULL: others do not
    stack; METAL: the others are charged on the rest of the value; NONE).

    A line that only may fall under an action without an HTS list leaves the answer unsettled
    but counts as not covered, so the trail shows what applies if it is not.
    """
    _screens(ctx, led)
    hits = s232_hits(ctx.hts, ctx.on)
    _partial(ctx, led, {h.program for h in hits})
    if any(h.topic in _VEHICLES for h in hits) and any(h.topic not in _VEHICLES for h in hits):
        led.warn("Section 232 metal and copper duties do not stack on the vehicle and parts duty.")
        hits = [h for h in hits if h.topic in _VEHICLES]
    hits = _cross_layer(ctx, led, _one_metal(led, hits))
    applied = [h for h in hits if _one_232(ctx, h, led, len(hits))]
    if not applied:
        return NONE
    return METAL if all(h.content_based for h in applied) and len(applied) == 1 else FULL


def _one_metal(led: Ledger, hits: list[S232Hit]) -> list[S232Hit]:
    """A derivative on the steel and the aluminium lists pays each duty on its own metal: one
    charge on the value of all its metal content, when the rates agree."""
    if len(hits) < 2 or not all(h.content_based for h in hits):
        return hits
    names = " and ".join(h.program for h in hits)
    led.warn(
        f"the line is on the {names} derivative lists: each duty is charged on the value of its "
        "own metal, so metal_value is the value of all that metal content"
    )
    return hits[:1]


def _partial(ctx: Context, led: Ledger, covered: set[str]) -> None:
    """An 8-digit code some of whose statistical lines a Section 232 list names one by one:
    answer for the other lines, and name the listed ones (unless they change nothing)."""
    if not led.trail:
        return  # it only warns
    exempt = {p for rule, _ in _cross_layer_rules(ctx) for p in rule.exempts}
    for program, lines in partial_lists(ctx.hts, ctx.on).items():
        topic = rules().programs[program].topic
        if program in covered | exempt or not in_force(ctx.views(topic)):
            continue  # the listed lines would pay what the others pay
        shown = ", ".join(lines[:8]) + (f" and {len(lines) - 8} more" if len(lines) > 8 else "")
        led.warn(
            f"only the statistical lines {shown} of {format_hts(ctx.hts)} are on the Section 232 "
            f"{program.replace('_', ' ')} list; this answer is for the other lines: give the "
            "10-digit code if the good is on one of those"
        )


def _cross_layer_rules(ctx: Context) -> list[tuple[CrossLayer, MfnOnlyEntry]]:
    """The partner-list rules that exempt this line from Section 232 programmes on the date.

    The list applies from the date a deal term naming it is in force (its legal date, e.g. EU
    1 Sep 2025) or the HTS revision that first printed it was published, whichever is first;
    it outlives the IEEPA ruling, which ends the term but not the notes (2026 Rev 6 keeps it).
    """
    try:
        key = normalise_partner(ctx.origin.party)
    except ValueError:
        return []
    found = []
    claim = list_claim(ctx, f"{key}-mfn-only")
    for rule in rules().cross_layer:
        if rule.partner != key:
            continue
        entries = [
            e
            for e in mfn_only_entries(key, ctx.hts)
            if e.category == rule.category and e.ch99_heading == rule.heading
        ]
        if not entries:
            continue
        entry = entries[0]
        published = entry.applies_on(ctx.on) and not (
            ctx.known_on and entry.effective_date > ctx.known_on
        )
        if claim or published:  # the IEEPA ruling ends the term, not the metals exemption
            found.append((rule, entry))
    return found


def _cross_layer(ctx: Context, led: Ledger, hits: list[S232Hit]) -> list[S232Hit]:
    """Drop the programmes a partner list exempts (civil aircraft: note 19(h))."""
    kept = hits
    for rule, entry in _cross_layer_rules(ctx):
        dropped = [h for h in kept if h.program in rule.exempts]
        kept = [h for h in kept if h.program not in rule.exempts]
        ref = SourceRef(
            f"hts-{entry.first_hts_revision}",
            f"{_NOTES}, heading {rule.heading}: {rule.source}",
            "https://hts.usitc.gov/",
            entry.effective_date,
            f"notes line {rule.notes_line}",
        )
        for hit in dropped:
            effect = (
                f"not charged: {rule.category.replace('_', ' ')} of the "
                f"{rules().list_names[rule.partner]} list ({rule.heading}) are exempt from the "
                f"{hit.program} duty"
            )
            led.steps.append(
                DutyStep(
                    "section_232",
                    rule.heading,
                    hit.listed_as,
                    "s232",
                    "excluded",
                    None,
                    _ZERO,
                    effect,
                    ref,
                )
            )
    return kept


def _one_232(ctx: Context, hit: S232Hit, led: Ledger, count: int) -> bool:
    if quota_step(ctx, led, hit.topic, "section_232", LegalBasis.s232):
        return True
    views = ctx.views(hit.topic, hit.exclude)
    ctx.note_states(hit.topic, led)
    binding = [v for v in in_force(views) if _value(v).basis in (LegalBasis.s232, None)]
    current = binding[0] if binding else None
    _weaker_words(ctx, views, current, led)
    if current is None:
        return False
    value = _value(current)
    title = _term_title(ctx, current)
    if value.applies in (Application.unchanged, Application.excluded):
        measures = [v for v in binding if v.origin != "deal"]
        if not measures:
            led.cannot_settle(f"{title}: '{value.applies.value}', but no measure is in force")
            return True
        current, value = measures[0], _value(measures[0])
    extra = added_by(value, ctx.mfn, general_rate(views))
    if hit.tier is not None and current.origin != "deal":
        extra = _tier_extra(ctx, hit, led)
    effect = f"{extra.effect} (line listed as {hit.listed_as})"
    _condition(ctx, current, title, led)
    if count > 1 and extra.added is not None:
        effect += "; the line is on more than one Section 232 list"
        led.cannot_settle(f"{title}: {effect}")
        led.steps.append(_step(ctx, current, title, "section_232", None, effect))
        return True
    if hit.content_based and extra.added is not None:
        led.steps.append(_on_part(ctx, led, current, title, "section_232", extra, "metal", effect))
        return True
    if extra.added is None:
        led.cannot_settle(f"{title}: {effect}")
    led.steps.append(_step(ctx, current, title, "section_232", extra.added, effect))
    return True


def _tier_extra(ctx: Context, hit: S232Hit, led: Ledger) -> Extra:
    """The 2026 metals tier on the full value (a deal term on the topic decides instead)."""
    tier = hit.tier
    assert tier is not None
    if not ctx.hts.startswith(("72", "73", "74", "76")):
        led.warn(
            f"note 16(c) (notes line {tier.notes_line}): outside chapters 72, 73, 74 and 76 the "
            "metals duty applies only where the listed metal is at least 15% of the weight of "
            "the article; the answer assumes it is"
        )
    if tier.applies == "on_top":
        return Extra(tier.rate, f"{tier.heading}: +{format_rate(tier.rate)} on the full value")
    if ctx.mfn is None:
        return Extra(None, f"{tier.heading}: {format_rate(tier.rate)} in all, MFN not known")
    added = max(_ZERO, tier.rate - ctx.mfn)
    return Extra(
        added, f"{tier.heading}: {format_rate(tier.rate)} in all with MFN: +{format_rate(added)}"
    )


def _on_part(
    ctx: Context,
    led: Ledger,
    view: ClaimView,
    title: str,
    layer: str,
    extra: Extra,
    part: str,
    effect: str,
) -> DutyStep:
    """A step charged on the metal content or on the rest of the value."""
    rate = extra.added or _ZERO
    share = ctx.metal_share
    where = "the value of the metal content" if part == "metal" else "the value other than metal"
    if share is None:
        led.needs_metal_share(_METAL_OPEN)
        added = None
        effect += f"; charged on {where}, whose value is not given"
    else:
        portion = share if part == "metal" else 1 - share
        added = rate * portion
        effect += f"; charged on {where} ({format_rate(portion)} of the value)"
    step = _step(ctx, view, title, layer, added, effect)
    return DutyStep(
        step.layer,
        step.measure,
        step.title,
        step.basis,
        step.applies,
        step.rate,
        step.added,
        step.effect,
        step.source,
        part,
        rate,
    )


def _condition(ctx: Context, view: ClaimView, title: str, led: Ledger) -> None:
    condition = _value(view).condition
    if condition is None:
        return
    met = condition.met_on
    known = ctx.known_on is None or (met is not None and met <= ctx.known_on)
    if met is None or not known:
        led.cannot_settle(f"{title}: applies only if '{condition.text}', not known to be met")


def _screens(ctx: Context, led: Ledger) -> None:
    for screen in screens_for(ctx.hts):
        views = in_force(ctx.views(screen.topic))
        if any(_value(v).basis is LegalBasis.s232 for v in views):
            led.cannot_settle(
                f"the line may fall under the Section 232 action on {screen.label} "
                f"({', '.join(screen.measures)}); the data does not settle whether it applies, "
                "and at what rate"
            )
    for screen, lines in screened_under(ctx.hts) if led.trail else ():
        if not in_force(ctx.views(screen.topic)):
            continue
        label = screen.label
        led.warn(
            f"only the statistical lines {', '.join(lines)} of {format_hts(ctx.hts)} may fall "
            f"under the Section 232 action on {label}; this answer is for the other lines: give "
            "the 10-digit code if the good is on one of those"
        )


# ============================================================================ reciprocal layer


def reciprocal(ctx: Context, led: Ledger, s232: Cover) -> None:
    """The baseline layer: IEEPA reciprocal rates, the Section 122 surcharge, then Section 301."""
    views = ctx.views("tariff.baseline")
    ctx.note_states("tariff.baseline", led)
    binding = in_force(views)
    current = binding[0] if binding else None
    _weaker_words(ctx, views, current, led)
    _missing(ctx, led, current, s232 == FULL)
    if current is None:
        return
    value = _value(current)
    layer = _LAYER.get(value.basis, "reciprocal") if value.basis else "reciprocal"
    title = _term_title(ctx, current)
    if s232 == FULL or (s232 == METAL and value.basis is LegalBasis.s122):
        # note 2(aa)(v)(1) (notes line 15263): no surcharge on Section 232 metal articles
        effect = "not charged: the good is subject to a Section 232 duty"
        led.steps.append(_step(ctx, current, title, layer, _ZERO, effect))
        return
    exempt = baseline_exemption(ctx, led, value.basis)
    if exempt is not None:
        led.steps.append(_step(ctx, current, title, layer, _ZERO, "not charged: " + exempt[0]))
        if exempt[1] is not None:
            ref = exempt[1]
            basis = value.basis.value if value.basis else "ieepa"
            led.steps.append(
                DutyStep(layer, ref.id, ref.title, basis, "mfn_only", None, _ZERO, exempt[0], ref)
            )
        return
    _caveats(ctx, led, value.basis)
    extra = added_by(value, ctx.mfn, None)
    if extra.added is None:
        led.cannot_settle(f"{title}: {extra.effect}")
    elif s232 == METAL:
        led.steps.append(_on_part(ctx, led, current, title, layer, extra, "rest", extra.effect))
        return
    led.steps.append(_step(ctx, current, title, layer, extra.added, extra.effect))


def _missing(ctx: Context, led: Ledger, current: ClaimView | None, s232: bool) -> None:
    """Say where the data lacks the baseline layer for this origin on this date."""
    basis = _value(current).basis if current else None
    code = ctx.origin.code
    gap = rules().gaps.get(code)
    replaces = LegalBasis(gap.replaces) if gap and gap.replaces else None
    if gap and (replaces is None or replaces is basis) and not (s232 and replaces is not None):
        led.cannot_settle(f"goods of {code}: the calculator does not charge {gap.what}")
    if s232:
        return
    country_rates = rules().dates["country_rates_from"]
    if ctx.origin.deal is None and basis is LegalBasis.ieepa and ctx.on >= country_rates:
        led.cannot_settle(
            f"goods of {code}: from 7 Aug 2025 EO 14326 set country rates (Annex I) that the data "
            "records only for deal partners; the 10% baseline may not be the rate charged"
        )
    start = _s301_start(ctx)
    if start and ctx.on >= start and basis is not LegalBasis.s301:
        led.cannot_settle(
            f"goods of {code}: from {start.isoformat()} the Section 301 forced-labour duty applies "
            "by partner group, and the data names no group for this origin"
        )


def _s301_start(ctx: Context) -> dt.date | None:
    """The first date of a Section 301 baseline measure of the catalog (read on every line:
    worked out once per catalog)."""
    catalog = ctx.catalog
    found = _S301_STARTS.get(catalog)
    if found is None:
        starts = [
            c.value.effective
            for m in catalog.data.measures
            if m.topic == "tariff.baseline"
            for c in m.claims
            if tariff_of(c.value) and c.value.basis is LegalBasis.s301
        ]
        found = _S301_STARTS[catalog] = (min((s for s in starts if s is not None), default=None),)
    return found[0]


# One entry per catalog alive: the catalog's data does not change once loaded.
_S301_STARTS: weakref.WeakKeyDictionary[Catalog, tuple[dt.date | None]] = (
    weakref.WeakKeyDictionary()
)


def _caveats(ctx: Context, led: Ledger, basis: LegalBasis | None) -> None:
    if not led.trail:
        return  # it only warns
    if basis is LegalBasis.s122:
        led.warn(
            "Section 122 also exempts goods that qualify under USMCA and civil aircraft of "
            "General Note 6 (note 2(aa)); the line is not on the listed exemptions of note 2(aa)."
        )
    elif basis is LegalBasis.s301:
        led.warn(
            "Section 301 forced-labour duty: country exemption lists, civil aircraft, USMCA goods "
            "and patented pharmaceuticals are excluded too; the line is not on Annex A."
        )
    elif basis is LegalBasis.ieepa:
        for state in ctx.states:
            value = state.value
            if state.term.topic == "tariff.aligned_partners" and value and tariff_of(value):
                led.warn(
                    f"{state.term.title}: goods on a promised list pay no reciprocal duty "
                    f"({state.current.source.id if state.current else ''}); the data has no HTS "
                    "list for it, so it is not applied."
                )


# ============================================================================ other measures


def other_measures(ctx: Context, led: Ledger, s232: Cover) -> None:
    """Cross-deal tariffs outside the layers above (e.g. the Brazil Section 301 duty)."""
    for view in in_force(ctx.views("tariff.other")):
        if view.origin == "deal":
            continue
        value = _value(view)
        title = _term_title(ctx, view)
        extra = added_by(value, ctx.mfn, None)
        added = extra.added
        if s232 != NONE and added:
            added = None
            led.cannot_settle(f"{title}: whether it stacks on the Section 232 duty is not recorded")
        elif added is None:
            led.cannot_settle(f"{title}: {extra.effect}")
        led.steps.append(_step(ctx, view, title, "other", added, extra.effect))
