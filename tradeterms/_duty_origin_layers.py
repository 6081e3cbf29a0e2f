"""Layers charged on goods of some origins on top of the others, whether or not a Section 232
duty applies (`origin_layers` of duty_rules.yaml): the China Section 301 lists, read from a
product table keyed by code prefix, and the IEEPA fentanyl tariff, read from the claims in force
on its topic (so the IEEPA ruling ends it through `Catalog.state`, as it ends the reciprocal
layer)."""

from __future__ import annotations

from decimal import Decimal

from tradeterms._duty_claims import Context, added_by, in_force, tariff_of
from tradeterms._duty_rules import OriginLayer, rules
from tradeterms._duty_steps import DutyStep, Ledger, SourceRef
from tradeterms._hts_schedule import format_hts
from tradeterms._product_lists import S301ChinaEntry, s301_china, s301_china_under

__all__ = ["origin_layers"]

_NOTES = "HTSUS 2026 Rev 6, chapter 99 U.S. notes"


def origin_layers(ctx: Context, led: Ledger) -> None:
    """Charge each origin layer that names the origin."""
    for layer in rules().origin_layers:
        if ctx.origin.party not in layer.origins:
            continue
        if layer.table is not None:
            _table_layer(ctx, led, layer)
        elif layer.topic is not None:
            _topic_layer(ctx, led, layer)


def _ref(layer: OriginLayer, entry: S301ChinaEntry) -> SourceRef:
    return SourceRef(
        layer.id,
        f"{layer.title}; heading {entry.ch99_heading}",
        layer.url,
        None,
        f"{_NOTES}, notes line {entry.notes_line} (tradeterms/data/{layer.table})",
    )


def _table_layer(ctx: Context, led: Ledger, layer: OriginLayer) -> None:
    entries = s301_china(ctx.hts, ctx.on)
    lists = [e for e in entries if e.kind == "list"]
    _partial(ctx, led, lists)
    for entry in lists:
        rate = Decimal(entry.rate.rstrip("%")) / 100
        effect = f"+{entry.rate} on top of MFN (list {entry.list}, {entry.ch99_heading})"
        led.steps.append(
            DutyStep(
                layer.layer,
                entry.ch99_heading,
                layer.title,
                "s301",
                "on_top",
                entry.rate,
                rate,
                effect,
                _ref(layer, entry),
            )
        )
    if lists:
        _exclusions(ctx, led)
    headings = {e.ch99_heading[:7] for e in lists}
    if len(headings) > 1:  # 9903.88 (note 20) and 9903.91 (note 31) both name the line
        led.cannot_settle(
            f"{format_hts(ctx.hts)} is on a note 20 list and a note 31 (four-year review) "
            f"heading ({', '.join(e.ch99_heading for e in lists)}): whether the review rate "
            "replaces the list rate or adds to it is not recorded"
        )


def _partial(ctx: Context, led: Ledger, lists: list[S301ChinaEntry]) -> None:
    """An 8-digit code some of whose statistical lines a list names: answer for the others."""
    if not led.trail:
        return
    under = [e for e in s301_china_under(ctx.hts, ctx.on) if e.kind == "list"]
    rates = {e.rate for e in lists}
    differ = [e for e in under if e.rate not in rates or not lists]
    if differ:
        shown = ", ".join(sorted({f"{format_hts(e.hts_prefix)} (+{e.rate})" for e in differ}))
        led.warn(
            f"the Section 301 China lists name the statistical lines {shown} of "
            f"{format_hts(ctx.hts)} on their own; this answer is for the other lines: give the "
            "10-digit code if the good is on one of those"
        )


def _exclusions(ctx: Context, led: Ledger) -> None:
    """Product exclusions describe goods within a line: the importer must show the good is one."""
    found = [
        e
        for e in s301_china(ctx.hts, ctx.on) + s301_china_under(ctx.hts, ctx.on)
        if e.kind == "exclusion"
    ]
    for entry in found:
        until = entry.end.isoformat() if entry.end else "further notice"
        led.warn(
            f"{format_hts(entry.hts_prefix)} has a Section 301 product exclusion "
            f"({entry.ch99_heading}, notes line {entry.notes_line}, through {until}): goods "
            "the exclusion describes pay no Section 301 China duty; this answer is for other goods"
        )


def _topic_layer(ctx: Context, led: Ledger, layer: OriginLayer) -> None:
    assert layer.topic is not None
    views = in_force(ctx.views(layer.topic))
    ctx.note_states(layer.topic, led)
    if not views:
        return
    view = views[0]
    value = tariff_of(view.claim.value)
    assert value is not None
    extra = added_by(value, ctx.mfn, None)
    if extra.added is None:
        led.cannot_settle(f"{layer.title}: {extra.effect}")
    basis = value.basis.value if value.basis else "unknown"
    led.steps.append(
        DutyStep(
            layer.layer,
            layer.id,
            layer.title,
            basis,
            value.applies.value,
            str(value.rate) if value.rate else None,
            extra.added,
            f"{extra.effect} ({layer.source})",
            ctx.ref(view),
        )
    )
