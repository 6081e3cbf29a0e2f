"""The layers of a US duty above MFN: Section 232, the reciprocal/baseline layer (IEEPA, then
Section 122, then Section 301) and other cross-deal measures. Each layer reads the term
states of the origin (see `_duty_claims.Context`) and writes steps into a `Ledger`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from tradeterms._duty_claims import Context, added_by, general_rate, in_force, tariff_of
from tradeterms._duty_scope import S232Hit, s232_hits, screens_for
from tradeterms._duty_steps import DutyStep, Ledger, SourceRef
from tradeterms._hts_schedule import read_data_csv
from tradeterms._product_lists import annex_ii_exempt, mfn_only_entries, normalise_partner
from tradeterms.models import Application, LegalBasis, TariffValue
from tradeterms.state import ClaimView

__all__ = ["other_measures", "reciprocal", "section_232"]

_ZERO = Decimal(0)
_LAYER = {
    LegalBasis.ieepa: "reciprocal",
    LegalBasis.s122: "section_122",
    LegalBasis.s301: "section_301",
    LegalBasis.s232: "section_232",
}
_VEHICLES = {"tariff.autos", "tariff.auto_parts", "tariff.trucks"}
# Duties on these origins that the data does not hold: (basis they replace or join, why).
_NOT_IN_DATA: dict[str, tuple[LegalBasis | None, str]] = {
    "CN": (None, "the Section 301 China tariffs (2018-19 lists) and the IEEPA rates for China"),
    "HK": (LegalBasis.ieepa, "the IEEPA fentanyl and reciprocal rates charged on China and HK"),
    "MO": (LegalBasis.ieepa, "the IEEPA fentanyl and reciprocal rates charged on China and MO"),
    "CA": (LegalBasis.ieepa, "the IEEPA fentanyl tariff on Canada (and its USMCA exemption)"),
    "MX": (LegalBasis.ieepa, "the IEEPA fentanyl tariff on Mexico (and its USMCA exemption)"),
}
_COUNTRY_RATES_FROM = dt.date(2025, 8, 7)
_LIST_NAMES = {
    "eu": "EU",
    "japan": "Japan",
    "korea": "Korea",
    "swiss": "Swiss",
    "uk": "UK",
}  # EO 14326: country rates of Annex I in force


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
    """(id, title) of the term or measure a claim belongs to."""
    if view.origin != "deal":
        measure = next((m for m in ctx.catalog.data.measures if m.id == view.origin), None)
        if measure is not None:
            return measure.id, measure.title
    for state in ctx.states:
        if any(v.claim is view.claim for v in state.counted):
            return state.term.id, state.term.title
    return view.origin, view.origin


def _term_id(ctx: Context, view: ClaimView) -> str:
    deal = ctx.origin.deal.id if ctx.origin.deal else "no-deal"
    return f"{deal}/{_holder(ctx, view)[0]}"


def _term_title(ctx: Context, view: ClaimView) -> str:
    return _holder(ctx, view)[1]


def _weaker_words(
    ctx: Context, views: list[ClaimView], applied: ClaimView | None, led: Ledger
) -> None:
    """Warn about the strongest claim not in force, where it differs from what applies."""
    words = [v for v in views if v not in in_force(views)]
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


def section_232(ctx: Context, led: Ledger) -> bool:
    """Section 232 duties on the line; True when one covers the good (so others do not stack).

    A line that only may fall under an action without an HTS list leaves the answer unsettled
    but counts as not covered, so the trail shows what applies if it is not.
    """
    _screens(ctx, led)
    hits = s232_hits(ctx.hts, ctx.on)
    if any(h.topic in _VEHICLES for h in hits) and any(h.topic not in _VEHICLES for h in hits):
        led.warn("Section 232 metal and copper duties do not stack on the vehicle and parts duty.")
        hits = [h for h in hits if h.topic in _VEHICLES]
    applied = [h for h in hits if _one_232(ctx, h, led, len(hits))]
    return bool(applied)


def _one_232(ctx: Context, hit: S232Hit, led: Ledger, count: int) -> bool:
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
    effect = f"{extra.effect} (line listed as {hit.listed_as})"
    added = extra.added
    if hit.content_based and added:
        added = None
        effect += "; charged on the metal content, whose value is not given"
    if count > 1 and added is not None:
        added = None
        effect += "; the line is on more than one Section 232 list"
    if added is None:
        led.cannot_settle(f"{title}: {effect}")
    _condition(ctx, current, title, led)
    led.steps.append(_step(ctx, current, title, "section_232", added, effect))
    return True


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
                f"({', '.join(screen.measures)}), whose product scope the data holds only in "
                "words; whether it applies, and at what rate, is not settled"
            )


# ============================================================================ reciprocal layer


def reciprocal(ctx: Context, led: Ledger, s232: bool) -> None:
    """The baseline layer: IEEPA reciprocal rates, the Section 122 surcharge, then Section 301."""
    views = ctx.views("tariff.baseline")
    ctx.note_states("tariff.baseline", led)
    binding = in_force(views)
    current = binding[0] if binding else None
    _weaker_words(ctx, views, current, led)
    _missing(ctx, led, current, s232)
    if current is None:
        return
    value = _value(current)
    layer = _LAYER.get(value.basis, "reciprocal") if value.basis else "reciprocal"
    title = _term_title(ctx, current)
    if s232:
        effect = "not charged: the good is subject to a Section 232 duty"
        led.steps.append(_step(ctx, current, title, layer, _ZERO, effect))
        return
    exempt = _exemption(ctx, led) if value.basis is LegalBasis.ieepa else None
    if exempt is not None:
        led.steps.append(_step(ctx, current, title, layer, _ZERO, "not charged: " + exempt[0]))
        if exempt[1] is not None:
            ref = exempt[1]
            led.steps.append(
                DutyStep(layer, ref.id, ref.title, "ieepa", "mfn_only", None, _ZERO, exempt[0], ref)
            )
        return
    _caveats(ctx, led, value.basis)
    extra = added_by(value, ctx.mfn, None)
    if extra.added is None:
        led.cannot_settle(f"{title}: {extra.effect}")
    led.steps.append(_step(ctx, current, title, layer, extra.added, extra.effect))


def _missing(ctx: Context, led: Ledger, current: ClaimView | None, s232: bool) -> None:
    """Say where the data lacks the baseline layer for this origin on this date."""
    basis = _value(current).basis if current else None
    code = ctx.origin.code
    gap = _NOT_IN_DATA.get(code)
    if gap and (gap[0] is None or gap[0] is basis) and not (s232 and gap[0] is not None):
        led.cannot_settle(f"goods of {code}: the data does not hold {gap[1]}")
    if s232:
        return
    if ctx.origin.deal is None and basis is LegalBasis.ieepa and ctx.on >= _COUNTRY_RATES_FROM:
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
    starts = [
        c.value.effective
        for m in ctx.catalog.data.measures
        if m.topic == "tariff.baseline"
        for c in m.claims
        if tariff_of(c.value) and c.value.basis is LegalBasis.s301
    ]
    return min((s for s in starts if s is not None), default=None)


def _caveats(ctx: Context, led: Ledger, basis: LegalBasis | None) -> None:
    if basis is LegalBasis.s122:
        led.warn(
            "Section 122 exempts listed goods (energy, pharmaceuticals, certain electronics, "
            "critical minerals, some farm goods, aircraft, USMCA goods, ...: see the measure's "
            "scope); the data has no HTS list for them, so check the good is not exempt."
        )
    elif basis is LegalBasis.s301:
        led.warn(
            "Section 301 forced-labour duty: annex and country exemption lists, civil aircraft, "
            "USMCA goods and patented pharmaceuticals are excluded; the data has no HTS list for "
            "them, so check the good is not excluded."
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


def _exemption(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    """Why no IEEPA reciprocal duty is due (Annex II, a deal's MFN-only list), if so."""
    annex = _annex_ii(ctx, led)
    if annex is not None:
        return annex
    return _mfn_only(ctx, led)


def _annex_ii(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    table = SourceRef(
        "annex-ii",
        "EO 14257 Annex II (as amended): goods exempt from the reciprocal tariffs",
        None,
        None,
        "tradeterms/data/annex_ii_exempt.csv",
    )
    if len(ctx.hts) == 10:
        if annex_ii_exempt(ctx.hts, ctx.on):
            return "the line is on Annex II (exempt from the reciprocal tariffs)", table
        return None
    under = [c for c, (s, e) in _annex_index().items() if c.startswith(ctx.hts)]
    if any(
        (s is None or s <= ctx.on) and (e is None or ctx.on <= e)
        for s, e in (_annex_index()[c] for c in under)
    ):
        led.cannot_settle(
            f"some 10-digit lines under {ctx.hts} are on Annex II (exempt from the reciprocal "
            "tariffs) on this date: give the 10-digit statistical code"
        )
    return None


@lru_cache(maxsize=1)
def _annex_index() -> dict[str, tuple[dt.date | None, dt.date | None]]:
    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    rows = read_data_csv("annex_ii_exempt.csv")
    return {
        r["hts10"]: (day(r["effective_date_start"]), day(r["effective_date_end"])) for r in rows
    }


def _mfn_only(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    try:
        key = normalise_partner(ctx.origin.party)
    except ValueError:
        return None
    entries = mfn_only_entries(key, ctx.hts) if len(ctx.hts) >= 8 else ()
    if not entries:
        return None
    entry = entries[0]
    name = _LIST_NAMES[key]
    words = f"the line is on the {name} MFN-only list ({entry.category}, {entry.ch99_heading})"
    listed = [s for s in ctx.states if s.term.scope and f"{key}-mfn-only" in s.term.scope.lists]
    if listed:
        for state in listed:
            views = in_force([v for v in state.counted if tariff_of(v.claim.value)])
            if views and _value(views[0]).applies is Application.mfn_only:
                return words, ctx.ref(views[0])
        led.warn(f"{words}, but the list is not in force on {ctx.on.isoformat()}.")
        return None
    known = ctx.known_on is None or entry.effective_date <= ctx.known_on
    if entry.applies_on(ctx.on) and known:
        published = entry.effective_date  # the USITC publication date of that revision
        led.warn(
            f"the {_LIST_NAMES[key]} MFN-only list is dated from HTS {entry.first_hts_revision} "
            f"(published {published.isoformat()}); its legal effective date may be earlier."
        )
        table = SourceRef(
            f"hts-{entry.first_hts_revision}",
            f"HTSUS chapter 99 heading {entry.ch99_heading}",
            "https://hts.usitc.gov/",
            published,
            "tradeterms/data/deal_mfn_only.csv.gz",
        )
        return words, table
    return None


# ============================================================================ other measures


def other_measures(ctx: Context, led: Ledger, s232: bool) -> None:
    """Cross-deal tariffs outside the layers above (e.g. the Brazil Section 301 duty)."""
    for view in in_force(ctx.views("tariff.other")):
        if view.origin == "deal":
            continue
        value = _value(view)
        title = _term_title(ctx, view)
        extra = added_by(value, ctx.mfn, None)
        added = extra.added
        if s232 and added:
            added = None
            led.cannot_settle(f"{title}: whether it stacks on the Section 232 duty is not recorded")
        elif added is None:
            led.cannot_settle(f"{title}: {extra.effect}")
        led.steps.append(_step(ctx, view, title, "other", added, extra.effect))
