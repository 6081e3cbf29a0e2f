"""Tariff-rate quotas in the duty calculator. Whether a good enters within a quota depends on
how far the quota has been filled when it is entered, which only the importer knows: the
caller says so (`quota="in"` or `"over"`), and without it a quota leaves the answer
unsettled instead of guessing.
"""

from __future__ import annotations

from typing import Literal

from tradeterms._duty_claims import Context, added_by, in_force
from tradeterms._duty_steps import DutyStep, Ledger
from tradeterms.describe import quota_volume
from tradeterms.models import Application, LegalBasis, QuotaValue, TariffValue, Term
from tradeterms.state import ClaimView

__all__ = ["QUOTA_STATUSES", "QuotaStatus", "quota_step"]

QuotaStatus = Literal["in", "over"]
QUOTA_STATUSES: tuple[QuotaStatus, ...] = ("in", "over")


def _quota_views(ctx: Context, topic: str, basis: LegalBasis) -> list[tuple[ClaimView, Term]]:
    """Quota claims in force on `topic` under `basis` whose scope reaches the line."""
    found = []
    for state in ctx.states:
        if state.term.topic != topic:
            continue
        scope = state.term.scope.hs if state.term.scope else []
        if scope and not any(ctx.hts.startswith(code.replace(".", "")) for code in scope):
            continue
        for view in in_force(list(state.counted)):
            value = view.claim.value
            if isinstance(value, QuotaValue) and value.basis in (basis, None):
                found.append((view, state.term))
    return found


def quota_step(ctx: Context, led: Ledger, topic: str, layer: str, basis: LegalBasis) -> bool:
    """Charge the quota rate the caller's quota status selects; True when a quota decided
    the layer (or left it unsettled), False when no quota in force reaches the good."""
    quotas = _quota_views(ctx, topic, basis)
    if not quotas:
        return False
    view, term = quotas[0]
    title = term.title
    ctx.quota_reached = True
    value = view.claim.value
    assert isinstance(value, QuotaValue)
    inside, over = value.in_quota_rate, value.over_quota_rate or value.over_quota_words
    if ctx.quota is None:
        led.cannot_settle(
            f"{title}: a quota of {quota_volume(value)} applies ({inside} within it, "
            f"{over or 'no rate stated'} above it); whether this entry is within it depends on "
            "the quota's fill: give the quota status ('in' or 'over')"
        )
        return False  # the trail still shows what applies without the quota
    rate = inside if ctx.quota == "in" else value.over_quota_rate
    applies = value.applies or Application.unspecified
    tariff = TariffValue(kind="tariff", applies=applies, rate=rate, basis=value.basis)
    extra = added_by(tariff, ctx.mfn, None)
    effect = f"{'within' if ctx.quota == 'in' else 'above'} the quota: {extra.effect}"
    if rate is None:
        effect = f"above the quota: {value.over_quota_words or 'the data holds no rate'}"
    if rate is None or extra.added is None:
        led.cannot_settle(f"{title}: {effect}")
    measure = f"{ctx.origin.deal.id if ctx.origin.deal else 'no-deal'}/{term.id}"
    basis_text = value.basis.value if value.basis else "unknown"
    step = DutyStep(
        layer,
        measure,
        title,
        basis_text,
        applies.value,
        str(rate) if rate else None,
        extra.added if rate else None,
        effect,
        ctx.ref(view),
    )
    led.steps.append(step)
    return True
