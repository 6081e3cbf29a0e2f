"""The US duty on a good: HTS line + origin + date (+ value, quantity) -> rate, amount, trail.

Layers, in order (docs/duty.md explains each with its legal basis):

1. MFN, the column 1 General rate of the HTS revision in force on the date;
2. Section 232 duties on the line (and the deal caps on them); a good under one of them pays
   no reciprocal, Section 122 or Section 301 forced-labour duty;
3. otherwise the baseline layer of the origin on the date: the IEEPA reciprocal rate (the
   10% baseline, then the deal or country rate with its stacking), less Annex II and the deal
   MFN-only lists; after the IEEPA ruling the Section 122 surcharge; from 24 Jul 2026 the
   Section 301 forced-labour duty;
4. other cross-deal duties on the origin (e.g. the Brazil Section 301 duty);
5. layers of some origins charged whatever else applies: the China Section 301 lists and the
   IEEPA fentanyl tariff (until the IEEPA ruling).

Every term's state comes from `Catalog.state` (so `known_on` and the IEEPA ruling are applied
there). Where the data cannot settle a layer, `total_rate` is None and `unsettled` says why:
unknown is never zero.

    >>> import datetime as dt, tradeterms
    >>> tradeterms.duty("8703.23.01", "JP", dt.date(2025, 10, 1)).total_rate_text
    '15%'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tradeterms._dates import required_date, to_date
from tradeterms._duty_claims import Context
from tradeterms._duty_layers import other_measures, reciprocal, section_232
from tradeterms._duty_metal import MetalShare, metal_formula, metal_share
from tradeterms._duty_origin import UnknownOriginError, origin_states, resolve_origin
from tradeterms._duty_origin_layers import origin_layers
from tradeterms._duty_quota import QUOTA_STATUSES, QuotaStatus
from tradeterms._duty_rules import rules
from tradeterms._duty_steps import DutyStep, Ledger, SourceRef
from tradeterms._duty_units import (
    Quantity,
    format_rate,
    parse_quantity,
    parse_value,
    quantities_for,
)
from tradeterms._hts_rates import RateNotComputable
from tradeterms._hts_schedule import (
    HtsCodeNotFound,
    MfnLine,
    format_hts,
    latest_revision,
    mfn_line,
    normalise_hts,
    revision_for_date,
    revision_in_force,
    revision_published,
)
from tradeterms._product_lists import usmca_rate
from tradeterms.errors import TradetermsError
from tradeterms.units import Money

if TYPE_CHECKING:
    from tradeterms.catalog import Catalog

__all__ = [
    "DutyInputError",
    "DutyResult",
    "DutyStep",
    "SourceRef",
    "UnknownHtsCodeError",
    "UnknownOriginError",
    "duty",
]

_CENT = Decimal("0.01")


class UnknownHtsCodeError(TradetermsError, LookupError):
    """An HTS code that is not a rate line of the schedule; `suggestions` are the nearest."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def __str__(self) -> str:
        return str(self.args[0])


class DutyInputError(TradetermsError, ValueError):
    """An input the calculator cannot use, e.g. a date before the first shipped HTS edition."""


@dataclass(frozen=True)
class DutyResult:
    """The duty on one good, with the trail of every measure.

    `total_rate` is the ad valorem total (a fraction; an equivalent where MFN is specific), or
    None when a layer cannot be settled (`unsettled` says which and why). `duty` is the amount
    in USD when a value was given and the total is settled.
    """

    hts: str
    line: str
    description: str
    origin: str
    party: str
    deal: str | None
    on: dt.date
    known_on: dt.date | None
    revision: str
    value: Money | None
    quantity: Quantity | None
    total_rate: Decimal | None
    duty: Money | None
    steps: tuple[DutyStep, ...]
    warnings: tuple[str, ...]
    unsettled: tuple[str, ...]
    metal_value: Money | None = None
    revision_in_force: str | None = None  # the HTS revision in force on the date
    by_metal_share: MetalShare | None = None  # the total as a formula in the metal share

    @property
    def settled(self) -> bool:
        return self.total_rate is not None

    @property
    def total_rate_text(self) -> str | None:
        return None if self.total_rate is None else format_rate(self.total_rate)

    @property
    def formula(self) -> str | None:
        """The total in the metal share where only the metal value is missing, e.g.
        '52.5% × metal share + 15% × (1 − metal share)'."""
        return None if self.by_metal_share is None else self.by_metal_share.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "hts": self.hts,
            "line": self.line,
            "description": self.description,
            "origin": self.origin,
            "party": self.party,
            "deal": self.deal,
            "on": self.on.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "hts_revision": self.revision,
            "hts_revision_in_force": self.revision_in_force,
            "value": str(self.value) if self.value else None,
            "quantity": str(self.quantity) if self.quantity else None,
            "total_rate": self.total_rate_text,
            "formula": self.formula,
            "metal_value": str(self.metal_value) if self.metal_value else None,
            "duty": str(self.duty) if self.duty else None,
            "steps": [s.to_dict() for s in self.steps],
            "warnings": list(self.warnings),
            "unsettled": list(self.unsettled),
        }


def refuse_us_origin(party: str) -> None:
    """Goods of US origin are not dutiable under these layers: say so rather than answer."""
    if party == "US":
        raise DutyInputError(
            "goods of US origin pay none of these duties: the layers here are charged on "
            "imported goods of other origins (US goods returned are entered under chapter 98)"
        )


def duty(
    hts: str,
    origin: str,
    on: dt.date | str,
    value: Money | str | None = None,
    quantity: Quantity | str | None = None,
    known_on: dt.date | str | None = None,
    *,
    metal_value: Money | str | None = None,
    quota: QuotaStatus | None = None,
    usmca: bool = False,
    catalog: Catalog | None = None,
) -> DutyResult:
    """The US duty on goods of `origin` under HTS `hts` entered on `on` (a date or "YYYY-MM-DD").

    `value` is the customs value in USD ("USD 1000"); `quantity` the quantity in the unit of a
    specific rate ("12 kg"); `metal_value` the value of the steel, aluminium or copper content
    of a derivative ("USD 120"), on which its Section 232 duty is charged. `usmca`: the
    importer claims USMCA treatment for goods of Canada or Mexico. `known_on` counts
    only sources public by that date. `quota` is the importer's quota status where a
    tariff-rate quota reaches the good: "in" (entered within it) or "over"; without it such a
    quota leaves the answer unsettled. Raises UnknownHtsCodeError / UnknownOriginError (with
    the nearest codes), DutyInputError and QuantityError.
    """
    on = required_date(on, "on")
    known_on = to_date(known_on, "known_on")
    if catalog is None:
        from tradeterms.loader import load

        catalog = load()
    line = _line(hts, on)
    where = resolve_origin(catalog, origin)
    refuse_us_origin(where.party)
    _check_usmca(usmca, where.party)
    money = parse_value(value) if value is not None else None
    amount = parse_quantity(quantity) if quantity is not None else None
    metal = parse_value(metal_value) if metal_value is not None else None
    share = _share(money, metal)
    ledger = Ledger()
    _dates(catalog, on, ledger)
    mfn = _mfn_step(line, money, amount, ledger, usmca)
    states = origin_states(catalog, where, on, known_on)
    if quota is not None and quota not in QUOTA_STATUSES:
        raise DutyInputError(f"quota status {quota!r}: use one of {', '.join(QUOTA_STATUSES)}")
    ctx = Context(
        catalog, where, line.requested, on, known_on, states, mfn, share, quota, usmca=usmca
    )
    if where.deal is None:
        ledger.warn(
            f"the data holds no deal for {where.code}: only measures stated for many origins "
            "apply here; a deal or country rate missing from the data would change the answer."
        )
    elif where.borrowed:
        others = ", ".join(p for p in where.deal.parties if p not in ("US", where.party))
        ledger.warn(
            f"{where.deal.id} has no term of its own on goods of {where.party} for "
            f"{', '.join(where.borrowed)}: those are read for {others}"
        )
    s232 = section_232(ctx, ledger)
    if usmca:
        _usmca_232(ledger)
    reciprocal(ctx, ledger, s232)
    other_measures(ctx, ledger, s232)
    origin_layers(ctx, ledger)
    if quota is not None and not ctx.quota_reached:
        ledger.warn(f"quota status {quota!r} given, but no quota in force reaches this good")
    result = _result(hts, line, where.code, where.party, where, on, known_on, money, amount, ledger)
    formula = metal_formula(ledger)
    return dataclasses.replace(
        result, metal_value=metal, by_metal_share=formula, revision_in_force=revision_in_force(on)
    )


def _check_usmca(usmca: bool, party: str) -> None:
    origins = rules().usmca.origins
    if usmca and party not in origins:
        raise DutyInputError(
            f"USMCA treatment is for goods of {' or '.join(origins)}, not of {party}"
        )


def _share(money: Money | None, metal: Money | None) -> Decimal | None:
    if metal is None:
        return None
    try:
        return metal_share(money, metal)
    except ValueError as exc:
        raise DutyInputError(str(exc)) from None


def _dates(catalog: Catalog, on: dt.date, ledger: Ledger) -> None:
    """Warn where `on` lies beyond what the data holds; name the revision in force."""
    newest = latest_revision()
    if on > newest[1]:
        ledger.warn(
            f"{on.isoformat()} is after the newest HTS revision the data knows "
            f"({newest[0]}, {newest[1].isoformat()}): later changes to the schedule are not here."
        )
    latest = _newest_source(catalog)
    if latest is not None and on > latest:
        ledger.warn(
            f"{on.isoformat()} is after the newest source the data holds "
            f"({latest.isoformat()}): measures announced since are not here."
        )


_NEWEST: weakref.WeakKeyDictionary[Catalog, dt.date | None] = weakref.WeakKeyDictionary()


def _newest_source(catalog: Catalog) -> dt.date | None:
    """The publication date of the newest source, once per catalog object."""
    if catalog not in _NEWEST:
        _NEWEST[catalog] = max((s.public_on for s in catalog.sources.values()), default=None)
    return _NEWEST[catalog]


def _line(hts: str, on: dt.date) -> MfnLine:
    try:
        revision = revision_for_date(on)
    except ValueError as exc:
        raise DutyInputError(str(exc)) from None
    try:
        return mfn_line(hts, revision)
    except HtsCodeNotFound as exc:
        near = tuple(format_hts(s) for s in exc.suggestions)
        raise UnknownHtsCodeError(str(exc), near) from None
    except ValueError as exc:
        raise UnknownHtsCodeError(str(exc)) from None


def _mfn_step(
    line: MfnLine, money: Money | None, quantity: Quantity | None, ledger: Ledger, usmca: bool
) -> Decimal | None:
    source = SourceRef(
        f"hts-{line.revision}",
        f"HTSUS {_edition(line.revision)}, column 1 General, {line.dotted}",
        "https://hts.usitc.gov/",
        revision_published(line.revision),
        "tradeterms/data/hts_mfn.csv.gz",
    )
    fraction, effect = _mfn_fraction(line, money, quantity, ledger)
    if usmca and fraction != 0:
        fraction, effect = _usmca_mfn(line, fraction, effect, ledger)
    if line.fallback:
        ledger.warn(f"{format_hts(line.requested)} has no rate of its own: {line.dotted} applies.")
    ledger.steps.append(
        DutyStep(
            "mfn",
            line.dotted,
            line.description,
            "statute",
            "mfn",
            line.general,
            fraction,
            effect,
            source,
        )
    )
    return fraction


def _usmca_232(ledger: Ledger) -> None:
    """Section 232 measures whose USMCA treatment the data cannot price leave the answer open."""
    for step in ledger.steps:
        why = rules().usmca.open_on.get(step.measure)
        if step.layer == "section_232" and step.added and why:
            ledger.cannot_settle(f"{step.measure}: {why}")


def _usmca_mfn(
    line: MfnLine, fraction: Decimal | None, effect: str, ledger: Ledger
) -> tuple[Decimal | None, str]:
    """USMCA goods pay the column 1 Special rate of programme S / S+ where the line has one."""
    special = usmca_rate(line.hts)
    if special is None:
        return fraction, f"{effect}; the line gives USMCA goods no preference"
    if special == "Free":
        return Decimal(0), "USMCA (column 1 Special, S): Free"
    ledger.cannot_settle(f"MFN: the USMCA rate of {line.dotted} is '{special}'")
    return None, f"USMCA rate '{special}'"


def _edition(revision: str) -> str:
    """'2025_basic' -> '2025 Basic Edition', '2025_rev_32' -> '2025 Revision 32'."""
    year, _, rest = revision.partition("_")
    if rest == "basic":
        return f"{year} Basic Edition"
    return f"{year} Revision {rest.removeprefix('rev_')}"


def _mfn_fraction(
    line: MfnLine, money: Money | None, quantity: Quantity | None, ledger: Ledger
) -> tuple[Decimal | None, str]:
    rate = line.rate
    if rate.is_free:
        return Decimal(0), "MFN free"
    if not rate.is_computable:
        reason = f"MFN rate '{line.general}' cannot be computed from value and quantity"
        ledger.cannot_settle(reason)
        return None, reason
    if not rate.specific:
        av = rate.ad_valorem or Decimal(0)
        return av, f"MFN {format_rate(av)}"
    units = ", ".join(sorted(rate.specific_units))
    if quantity is None or money is None:
        need = "a quantity" if quantity is None else "the customs value"
        reason = f"MFN rate '{line.general}' has a specific duty (per {units}): give {need}"
        ledger.cannot_settle(reason)
        return None, reason
    try:
        amount = rate.duty_amount(money.amount, quantities_for(quantity))
    except RateNotComputable as exc:
        ledger.cannot_settle(f"MFN rate: {exc.reason} (quantity given: {quantity})")
        return None, exc.reason
    fraction = amount / money.amount
    ledger.warn(
        f"MFN '{line.general}' includes a specific duty: USD {amount.quantize(_CENT)} on "
        f"{quantity}, an ad valorem equivalent of {format_rate(fraction)} at the stated value."
    )
    return fraction, f"MFN {line.general}: {format_rate(fraction)} ad valorem equivalent"


def _result(
    hts: str,
    line: MfnLine,
    code: str,
    party: str,
    where: Any,
    on: dt.date,
    known_on: dt.date | None,
    money: Money | None,
    quantity: Quantity | None,
    ledger: Ledger,
) -> DutyResult:
    total: Decimal | None = None
    if not ledger.unsettled:
        total = sum((s.added or Decimal(0) for s in ledger.steps), Decimal(0))
    amount = None
    if total is not None and money is not None:
        amount = Money("USD", (money.amount * total).quantize(_CENT, ROUND_HALF_UP))
    return DutyResult(
        hts=format_hts(normalise_hts(hts)),
        line=line.dotted,
        description=line.description,
        origin=code,
        party=party,
        deal=where.deal.id if where.deal else None,
        on=on,
        known_on=known_on,
        revision=line.revision,
        value=money,
        quantity=quantity,
        total_rate=total,
        duty=amount,
        steps=tuple(ledger.steps),
        warnings=tuple(ledger.warnings),
        unsettled=tuple(ledger.unsettled),
    )
