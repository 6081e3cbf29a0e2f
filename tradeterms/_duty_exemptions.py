"""Why the baseline layer (reciprocal, Section 122, forced-labour Section 301) is not charged
on a line: Annex II and the deals' MFN-only lists (IEEPA), note 2(aa) (Section 122), Annex A
(forced-labour Section 301). Each answer comes with the source the trail shows."""

from __future__ import annotations

from functools import lru_cache

from tradeterms._duty_claims import Context, in_force, tariff_of
from tradeterms._duty_rules import rules
from tradeterms._duty_steps import Ledger, SourceRef
from tradeterms._hts_schedule import format_hts
from tradeterms._product_lists import (
    annex_ii_exempt,
    annex_ii_line,
    fl301_exempt,
    mfn_only_entries,
    normalise_partner,
    s122_exempt_line,
)
from tradeterms.models import Application, LegalBasis
from tradeterms.state import ClaimView

__all__ = ["baseline_exemption", "list_claim"]


def list_claim(ctx: Context, name: str) -> list[ClaimView] | None:
    """The in-force MFN-only claim of a deal term naming the product list `name` (empty: the
    terms naming it are not in force; None: no term names it)."""
    if ctx.kept is None:
        return _list_claim(ctx, name)
    key = ("list_claim", name)
    if key not in ctx.kept:
        ctx.kept[key] = _list_claim(ctx, name)
    found: list[ClaimView] | None = ctx.kept[key]
    return None if found is None else list(found)


def _list_claim(ctx: Context, name: str) -> list[ClaimView] | None:
    states = [s for s in ctx.states if s.term.scope and name in s.term.scope.lists]
    if not states:
        return None
    for state in states:
        views = in_force([v for v in state.counted if tariff_of(v.claim.value)])
        value = tariff_of(views[0].claim.value) if views else None
        if value is not None and value.applies is Application.mfn_only:
            return [views[0]]
    return []


def baseline_exemption(
    ctx: Context, led: Ledger, basis: LegalBasis | None
) -> tuple[str, SourceRef | None] | None:
    """Why the baseline layer is not due: Annex II or a deal's MFN-only list (IEEPA), the
    note 2(aa) list (Section 122), Annex A (forced-labour Section 301); USMCA goods."""
    usmca = _usmca(ctx, led, basis)
    if usmca is not None:
        return usmca
    if basis is LegalBasis.s122:
        return _s122_exempt(ctx, led)
    if basis is LegalBasis.s301:
        return _fl301_exempt(ctx)
    if basis is not LegalBasis.ieepa:
        return None
    annex = _annex_ii(ctx, led)
    if annex is not None:
        return annex
    return _mfn_only(ctx, led)


def _usmca(
    ctx: Context, led: Ledger, basis: LegalBasis | None
) -> tuple[str, SourceRef | None] | None:
    """USMCA goods are exempt where the importer claims it; otherwise say that they could be."""
    usmca = rules().usmca
    source = usmca.exempt_from.get(basis.value) if basis else None
    if source is None or ctx.origin.party not in usmca.origins:
        return None
    if not ctx.usmca:
        led.warn(
            f"goods of {ctx.origin.party} that qualify under USMCA are exempt from this layer "
            f"({source}); if the importer claims USMCA treatment, give usmca=True (--usmca)"
        )
        return None
    ref = SourceRef("usmca", "USMCA treatment claimed by the importer", None, None, source)
    return f"USMCA goods claimed by the importer ({source})", ref


def _annex_ii(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    table = _list_ref("annex_ii_exempt", None)
    if len(ctx.hts) == 10:
        if annex_ii_exempt(ctx.hts, ctx.on):
            return "the line is on Annex II (exempt from the reciprocal tariffs)", table
        return None
    whole, listed = annex_ii_line(ctx.hts, ctx.on)
    if whole:
        return "every statistical line of the 8-digit line is on Annex II", table
    if listed:
        shown = ", ".join(format_hts(c) for c in listed)
        led.warn(
            f"only the statistical lines {shown} of {format_hts(ctx.hts)} are on Annex II "
            "(exempt from the reciprocal tariffs) on this date; this answer is for the other "
            "lines: give the 10-digit code if the good is on one of those"
        )
    return None


def _s122_exempt(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    listed = s122_exempt_line(ctx.hts)
    if listed is None:
        return None
    sub, line = listed
    if sub == "ii":
        words = "the line is on the Section 122 exempt list (note 2(aa)(ii))"
        return words, _list_ref("s122_exempt", line)
    what = "civil aircraft and their parts (general note 6)" if sub == "iv" else "goods it names"
    led.warn(
        f"note 2(aa)({sub}) (notes line {line}) exempts {what} under this line from the Section "
        "122 surcharge; the answer is for other goods of the line"
    )
    return None


def _fl301_exempt(ctx: Context) -> tuple[str, SourceRef | None] | None:
    if not fl301_exempt(ctx.hts, ctx.on):
        return None
    return "the line is on Annex A of the forced-labour Section 301 action", _list_ref(
        "s301fl_exempt", None
    )


@lru_cache(maxsize=256)  # read for every line the baseline layer charges: the lists are fixed
def _list_ref(name: str, line: int | None) -> SourceRef:
    source = rules().lists[name]
    line = line or source.notes_line
    where = f"notes line {line}" if line else f"tradeterms/data/{name}.csv"
    return SourceRef(source.id, source.title, source.url, source.published, where)


def _mfn_only(ctx: Context, led: Ledger) -> tuple[str, SourceRef | None] | None:
    try:
        key = normalise_partner(ctx.origin.party)
    except ValueError:
        return None
    entries = mfn_only_entries(key, ctx.hts) if len(ctx.hts) >= 8 else ()
    if not entries:
        return None
    entry = entries[0]
    name = rules().list_names[key]
    words = f"the line is on the {name} MFN-only list ({entry.category}, {entry.ch99_heading})"
    listed = list_claim(ctx, f"{key}-mfn-only")
    if listed is not None:
        if listed:
            return words, ctx.ref(listed[0])
        led.warn(f"{words}, but the list is not in force on {ctx.on.isoformat()}.")
        return None
    known = ctx.known_on is None or entry.effective_date <= ctx.known_on
    if entry.applies_on(ctx.on) and known:
        published = entry.effective_date  # the USITC publication date of that revision
        led.warn(
            f"the {name} MFN-only list is dated from HTS {entry.first_hts_revision} "
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
