"""Checks across records that a schema cannot express: ids, references, dates, values.

Each check yields Issues with the path of the offending value, which the loader turns
into file:line:column.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import assert_never

from tradeterms._reference import heading_problem, list_party
from tradeterms.codes import EU_MEMBERS, PRODUCT_LISTS
from tradeterms.models import (
    Application,
    Claim,
    Condition,
    DataFile,
    Deal,
    PartnerTariffValue,
    PledgeValue,
    QuotaValue,
    Scope,
    ShareValue,
    Source,
    SourceKind,
    TariffValue,
    Term,
    TextValue,
    Value,
)
from tradeterms.units import SpecificRate

__all__ = ["Issue", "check"]

Path = tuple[str | int, ...]
_DOCUMENT_KINDS = (SourceKind.legal, SourceKind.joint, SourceKind.official)


@dataclass(frozen=True, slots=True)
class Issue:
    path: Path
    code: str
    message: str
    also: Path | None = None  # the other place involved (the first definition of an id)
    severity: str = "error"


def check(data: DataFile) -> list[Issue]:
    sources = _all_sources(data)
    topics = {t.id for t in data.topics}
    issues = [
        *_duplicates(data),
        *_top_level_references(data, sources, topics),
    ]
    for i, deal in enumerate(data.deals):
        issues.extend(_deal_issues(deal, ("deals", i), sources, topics))
    measured = {m.topic for m in data.measures}
    issues.extend(_duty_measures(data))
    for i, measure in enumerate(data.measures):
        path: Path = ("measures", i)
        issues.extend(_topic_ref(measure.topic, (*path, "topic"), topics))
        if measure.scope:
            issues.extend(_scope_issues(measure.scope, (*path, "scope"), None))
        for j, claim in enumerate(measure.claims):
            issues.extend(_claim_issues(claim, (*path, "claims", j), sources, None))
        others = {m.topic for m in data.measures if m is not measure}
        issues.extend(_additions(measure.claims, path, others & {measure.topic}))
    for i, deal in enumerate(data.deals):
        for j, term in enumerate(deal.terms):
            path = ("deals", i, "terms", j)
            issues.extend(_additions(term.claims, path, measured & {term.topic}))
            issues.extend(_words_without_position(term.claims, path))
    return issues


def _additions(claims: list[Claim], path: Path, measured: set[str]) -> Iterator[Issue]:
    """`adds_to` needs something to add to: another claim, or a measure on the topic."""
    if len(claims) > 1 or measured:
        return
    for k, claim in enumerate(claims):
        if claim.adds_to:
            message = "adds_to: true, but nothing else on the term or its topic to add to"
            yield Issue((*path, "claims", k, "adds_to"), "adds-to-nothing", message)


def _words_without_position(claims: list[Claim], path: Path) -> Iterator[Issue]:
    """Two parties' words on one term, neither with a `position`: whether they contradict
    each other is unknown, so no dispute can be found or ruled out."""
    bare = [
        (k, c)
        for k, c in enumerate(claims)
        if isinstance(c.value, TextValue) and not c.value.position
    ]
    for k, claim in bare:
        other = next((c for _, c in bare if not set(c.by) & set(claim.by)), None)
        if other is not None and not set(claim.by) <= set(other.by):
            message = (
                f"{'+'.join(claim.by)} and {'+'.join(other.by)} both speak in words without a "
                "`position`: give each the stance it takes, so that a disagreement shows"
            )
            yield Issue(
                (*path, "claims", k, "value"), "text-without-position", message, severity="warning"
            )
            return


def _duty_measures(data: DataFile) -> Iterator[Issue]:
    """The measures the duty calculator's tables name. In a file that uses those names (the
    shipped catalog, or a copy), each programme or screen whose topic the file models must
    find one of its measures, so a renamed measure is caught. A file naming its measures
    otherwise (a small example) is whole: the calculator counts unnamed measures too."""
    from tradeterms._duty_rules import rules

    defined = {m.id for m in data.measures}
    groups = rules().measure_groups()
    if not any(defined.intersection(measures) for _, measures, _ in groups):
        return
    topics = {m.topic for m in data.measures}
    for topic, measures, where in rules().measure_groups():
        if topic in topics and not defined.intersection(measures):
            yield Issue(
                ("measures",),
                "unknown-duty-measure",
                f"the duty tables (tradeterms/data/duty_rules.yaml, {where}) name "
                f"{', '.join(repr(m) for m in measures)}, which the file does not define"
                f"{_suggest(measures[0], defined)}",
            )


def _all_sources(data: DataFile) -> dict[str, Source]:
    found = {s.id: s for s in data.sources}
    for deal in data.deals:
        found.update({s.id: s for s in deal.sources})
    return found


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f": did you mean {close[0]!r}?" if close else ""


def _ref(value: str | None, path: Path, known: dict[str, Source], what: str) -> Iterator[Issue]:
    if value is not None and value not in known:
        code = f"unknown-{what}"
        yield Issue(path, code, f"unknown {what} {value!r}{_suggest(value, known)}")


def _topic_ref(topic: str, path: Path, topics: set[str]) -> Iterator[Issue]:
    if topic not in topics:
        yield Issue(path, "unknown-topic", f"unknown topic {topic!r}{_suggest(topic, topics)}")


def _duplicate_ids(ids: Iterable[tuple[str, Path]], what: str) -> Iterator[Issue]:
    first: dict[str, Path] = {}
    for value, path in ids:
        if value in first:
            message = f"{what} id {value!r} is used twice: ids are unique"
            yield Issue(path, "duplicate-id", message, also=first[value])
        first.setdefault(value, path)


def _duplicates(data: DataFile) -> Iterator[Issue]:
    yield from _duplicate_ids(
        ((t.id, ("topics", i, "id")) for i, t in enumerate(data.topics)), "topic"
    )
    yield from _duplicate_ids(
        ((d.id, ("deals", i, "id")) for i, d in enumerate(data.deals)), "deal"
    )
    yield from _duplicate_ids(_source_ids(data), "source")
    measures = [(m.id, ("measures", i, "id")) for i, m in enumerate(data.measures)]
    yield from _duplicate_ids(measures, "measure")
    yield from _duplicate_ids(
        ((e.id, ("events", i, "id")) for i, e in enumerate(data.events)), "event"
    )


def _source_ids(data: DataFile) -> Iterator[tuple[str, Path]]:
    for i, source in enumerate(data.sources):
        yield source.id, ("sources", i, "id")
    for i, deal in enumerate(data.deals):
        for j, source in enumerate(deal.sources):
            yield source.id, ("deals", i, "sources", j, "id")


def _top_level_references(
    data: DataFile, sources: dict[str, Source], topics: set[str]
) -> Iterator[Issue]:
    for i, event in enumerate(data.events):
        yield from _ref(event.source, ("events", i, "source"), sources, "source")
        if event.effective < event.date:
            yield Issue(
                ("events", i, "effective"),
                "date-order",
                "an event takes effect on or after its date",
            )
    for i, fx in enumerate(data.fx_rates):
        yield from _ref(fx.source, ("fx_rates", i, "source"), sources, "source")
    for i, source in enumerate(data.sources):
        yield from _source_dates(source, ("sources", i))


def _source_dates(source: Source, path: Path) -> Iterator[Issue]:
    if source.published and source.published < source.date:
        msg = "published before the document's own date: check both dates"
        yield Issue((*path, "published"), "date-order", msg)


def _deal_issues(
    deal: Deal, path: Path, sources: dict[str, Source], topics: set[str]
) -> Iterator[Issue]:
    yield from _duplicate_parties(deal, path)
    for j, source in enumerate(deal.sources):
        yield from _source_dates(source, (*path, "sources", j))
    yield from _milestones(deal, path, sources)
    terms = {t.id for t in deal.terms}
    yield from _duplicate_ids(
        ((t.id, (*path, "terms", j, "id")) for j, t in enumerate(deal.terms)), "term"
    )
    for j, term in enumerate(deal.terms):
        yield from _term_issues(term, deal, (*path, "terms", j), sources, topics)
    yield from _questions(deal, path, sources, topics, terms)
    for j, item in enumerate(deal.expected_instruments):
        item_path = (*path, "expected_instruments", j)
        yield from _ref(item.promised_in, (*item_path, "promised_in"), sources, "source")
        yield from _ref(item.delivered_in, (*item_path, "delivered_in"), sources, "source")
        if item.delivered_on and item.delivered_on < item.promised_on:
            msg = f"delivered on {item.delivered_on}, before it was promised ({item.promised_on})"
            yield Issue((*item_path, "delivered_on"), "date-order", msg)


def _duplicate_parties(deal: Deal, path: Path) -> Iterator[Issue]:
    for k, party in enumerate(deal.parties):
        if party in deal.parties[:k]:
            msg = f"party {party!r} is listed twice in {deal.id}: list each party once"
            yield Issue((*path, "parties", k), "duplicate-party", msg)


def _milestones(deal: Deal, path: Path, sources: dict[str, Source]) -> Iterator[Issue]:
    previous: dt.date | None = None
    for j, milestone in enumerate(deal.milestones):
        here = (*path, "milestones", j)
        yield from _ref(milestone.source, (*here, "source"), sources, "source")
        if previous and milestone.date < previous:
            msg = f"milestone of {milestone.date} listed after one of {previous}: keep date order"
            yield Issue((*here, "date"), "milestone-order", msg)
        previous = max(previous or milestone.date, milestone.date)


def _questions(
    deal: Deal, path: Path, sources: dict[str, Source], topics: set[str], terms: set[str]
) -> Iterator[Issue]:
    ids = ((q.id, (*path, "questions", j, "id")) for j, q in enumerate(deal.questions))
    yield from _duplicate_ids(ids, "question")
    for j, question in enumerate(deal.questions):
        here = (*path, "questions", j)
        for k, source_id in enumerate(question.sources):
            yield from _ref(source_id, (*here, "sources", k), sources, "source")
        if question.topic:
            yield from _topic_ref(question.topic, (*here, "topic"), topics)
        if question.term and question.term not in terms:
            msg = f"unknown term {question.term!r}{_suggest(question.term, terms)}"
            yield Issue((*here, "term"), "unknown-term", msg)
        if question.resolved:
            yield from _ref(
                question.resolved.source, (*here, "resolved", "source"), sources, "source"
            )
            if question.resolved.date < question.raised:
                yield Issue(
                    (*here, "resolved", "date"), "date-order", "resolved before it was raised"
                )


def _term_issues(
    term: Term, deal: Deal, path: Path, sources: dict[str, Source], topics: set[str]
) -> Iterator[Issue]:
    yield from _topic_ref(term.topic, (*path, "topic"), topics)
    if term.scope:
        yield from _scope_issues(term.scope, (*path, "scope"), deal)
    for field_name in ("levied_by", "on_goods_of"):
        party = getattr(term, field_name)
        if party and not _in_deal(party, deal):
            yield Issue((*path, field_name), "unknown-party", _not_a_party(party, deal))
    if term.levied_by and term.levied_by == term.on_goods_of and _is_duty(term):
        msg = f"{term.levied_by!r} levies a duty on its own goods: check levied_by and on_goods_of"
        yield Issue((*path, "on_goods_of"), "self-tariff", msg)
    for k, claim in enumerate(term.claims):
        yield from _claim_issues(claim, (*path, "claims", k), sources, deal)
    partner_tariff = any(isinstance(c.value, PartnerTariffValue) for c in term.claims)
    if partner_tariff and term.levied_by in (None, "US"):
        msg = "a partner_tariff is levied by the partner: set the term's levied_by to it"
        yield Issue((*path, "levied_by"), "partner-tariff-levier", msg)


def _is_duty(term: Term) -> bool:
    # Words may be about a party's own goods (export restrictions); a tariff or quota is not.
    return any(isinstance(c.value, (TariffValue, QuotaValue)) for c in term.claims)


def _scope_issues(scope: Scope, path: Path, deal: Deal | None) -> Iterator[Issue]:
    for k, code in enumerate(scope.hs):
        problem = heading_problem(code)
        if problem:
            yield Issue((*path, "hs", k), "unknown-heading", problem)
    for k, name in enumerate(scope.lists):
        party = list_party(name)
        if name not in PRODUCT_LISTS or party is None:
            message = f"unknown product list {name!r}{_suggest(name, PRODUCT_LISTS)}"
            yield Issue((*path, "lists", k), "unknown-list", message)
        elif deal and party not in deal.parties:
            message = f"product list {name!r} is about goods of {party!r}, not a party to {deal.id}"
            yield Issue((*path, "lists", k), "foreign-list", message)


def _in_deal(party: str, deal: Deal) -> bool:
    return party in deal.parties or ("EU" in deal.parties and party in EU_MEMBERS)


def _not_a_party(party: str, deal: Deal) -> str:
    return f"{party!r} is not a party to {deal.id} (parties: {', '.join(deal.parties)})"


def _claim_issues(
    claim: Claim, path: Path, sources: dict[str, Source], deal: Deal | None
) -> Iterator[Issue]:
    yield from _ref(claim.source, (*path, "source"), sources, "source")
    for k, party in enumerate(claim.by):
        if deal and not _in_deal(party, deal):
            yield Issue((*path, "by", k), "unknown-party", _not_a_party(party, deal))
    source = sources.get(claim.source)
    if source and claim.date:
        yield from _claim_dates(claim.date, source, path)
    if claim.reading_of is not None:
        yield from _reading_issues(claim, source, path, sources)
    yield from _value_issues(claim, (*path, "value"), sources)
    director = claim.value.directed_by if isinstance(claim.value, PledgeValue) else None
    if deal and director and not _in_deal(director, deal):
        here = (*path, "value", "directed_by")
        yield Issue(here, "unknown-party", _not_a_party(director, deal))


def _reading_issues(
    claim: Claim, source: Source | None, path: Path, sources: dict[str, Source]
) -> Iterator[Issue]:
    """A later reading of a joint text: it reads a text that exists, after it, from below."""
    assert claim.reading_of is not None
    yield from _ref(claim.reading_of, (*path, "reading_of"), sources, "source")
    text = sources.get(claim.reading_of)
    if text is None or source is None:
        return
    if source.kind.rank >= text.kind.rank:
        msg = (
            f"a reading of {text.id!r} ({text.kind.value}) must cite a source of lower rank, "
            f"not {source.kind.value}: a text of equal rank is a claim of its own"
        )
        yield Issue((*path, "reading_of"), "reading-rank", msg)
    said = claim.date or source.date
    if said < text.date:
        msg = f"a reading dated {said} of {text.id!r}, which dates from {text.date}"
        yield Issue((*path, "reading_of"), "date-order", msg)


def _claim_dates(said: dt.date, source: Source, path: Path) -> Iterator[Issue]:
    if said > source.public_on:
        published = source.public_on
        msg = f"claim dated {said}, after its source {source.id!r} was published on {published}"
        yield Issue((*path, "date"), "claim-after-source", msg)
    elif said < source.date and source.kind in _DOCUMENT_KINDS:
        msg = f"claim dated {said}, before its source {source.id!r} existed ({source.date})"
        yield Issue((*path, "date"), "claim-before-source", msg)


def _value_issues(claim: Claim, path: Path, sources: dict[str, Source]) -> Iterator[Issue]:
    value = claim.value
    yield from _kind_issues(value, path, sources)
    yield from _period_issues(value, path)
    if value.condition and value.condition.met_source:
        yield from _condition_issues(value.condition, (*path, "condition"), sources)


def _pledge_dates(value: PledgeValue, path: Path) -> Iterator[Issue]:
    if value.starts and value.by and value.by < value.starts:
        msg = f"the pledge starts on {value.starts}, after its deadline ({value.by})"
        yield Issue((*path, "starts"), "date-order", msg)


def _condition_issues(
    condition: Condition, path: Path, sources: dict[str, Source]
) -> Iterator[Issue]:
    yield from _ref(condition.met_source, (*path, "met_source"), sources, "source")
    source = sources.get(condition.met_source or "")
    if source and condition.met_on and source.public_on < condition.met_on:
        msg = (
            f"met on {condition.met_on}, after {source.id!r}, which reports it, was published "
            f"({source.public_on})"
        )
        yield Issue((*path, "met_on"), "date-order", msg)


def _kind_issues(value: Value, path: Path, sources: dict[str, Source]) -> Iterator[Issue]:
    match value:
        case TariffValue():
            yield from _tariff_issues(value, path)
        case QuotaValue():
            yield from _quota_issues(value, path, sources)
        case PledgeValue():
            yield from _pledge_issues(value, path)
            yield from _pledge_dates(value, path)
        case PartnerTariffValue():
            yield from _partner_tariff_issues(value, path)
        case ShareValue():
            if value.share.number > 100:
                yield Issue((*path, "share"), "share-over-100", "a share cannot exceed 100%")
        case TextValue():
            pass  # the model's own checks are all words need
        case _:
            assert_never(value)


_NEEDS_RATE = (Application.all_in, Application.on_top, Application.cap, Application.unspecified)


def _tariff_issues(value: TariffValue, path: Path) -> Iterator[Issue]:
    if value.applies in _NEEDS_RATE and value.rate is None:
        yield Issue(
            path, "missing-rate", f"a tariff that applies {value.applies.value!r} needs a rate"
        )
    if value.applies is Application.specific and value.specific is None:
        yield Issue(path, "missing-rate", "a specific tariff needs `specific`, e.g. '341 JPY/kg'")
    if value.applies in _NO_EXTRA_DUTY:
        # '0%' restates "a zero percent reciprocal rate" in the source's words; more contradicts.
        if value.rate and value.rate.number:
            msg = f"applies {value.applies.value!r} with a rate of {value.rate}: drop one"
            yield Issue((*path, "rate"), "contradictory-value", msg)
        if value.specific and value.specific.number:
            msg = f"applies {value.applies.value!r} with a duty of {value.specific}: drop one"
            yield Issue((*path, "specific"), "contradictory-value", msg)
    if value.snap_back is not None and value.until is None and value.condition is None:
        msg = "a snap-back rate returns when something ends: give `until` or a `condition`"
        yield Issue((*path, "snap_back"), "snap-back-without-end", msg)
    if value.lasts is not None and value.until is not None:
        yield Issue((*path, "lasts"), "two-horizons", "give `until` or `lasts`, not both")
    if value.lasts_qualifier is not None and value.lasts is None:
        yield Issue(
            (*path, "lasts_qualifier"), "qualifier-alone", "`lasts_qualifier` needs `lasts`"
        )


_NO_EXTRA_DUTY = (Application.free, Application.mfn_only)


_VOLUMES = ("volume", "volume_relative", "volume_pending")


def _quota_issues(value: QuotaValue, path: Path, sources: dict[str, Source]) -> Iterator[Issue]:
    if not (value.in_quota_rate or value.in_quota_specific or value.existing_in_quota_rate):
        msg = "a quota needs in_quota_rate, in_quota_specific or existing_in_quota_rate"
        yield Issue(path, "missing-rate", msg)
    inside, outside = value.in_quota_rate, value.over_quota_rate
    if inside and outside and inside.number > outside.number:
        msg = f"in-quota rate {inside} is above the over-quota rate {outside}"
        yield Issue((*path, "in_quota_rate"), "contradictory-value", msg)
    duty_in, duty_out = value.in_quota_specific, value.over_quota_specific
    if duty_in and duty_out and _above(duty_in, duty_out):
        msg = f"in-quota duty {duty_in} is above the over-quota duty {duty_out}"
        yield Issue((*path, "in_quota_specific"), "contradictory-value", msg)
    stated = (value.volume, value.volume_relative, value.volume_pending)
    given = [name for name, volume in zip(_VOLUMES, stated, strict=True) if volume is not None]
    if len(given) != 1:
        msg = (
            "a quota needs exactly one of volume (a figure), volume_relative (a multiple of "
            f"something) or volume_pending (to be set, and on what basis); got {given or 'none'}"
        )
        yield Issue(path, "quota-volume", msg)
    unit = value.volume.unit if value.volume else None
    for k, tranche in enumerate(value.tranches):
        if tranche.unit != unit:
            msg = f"tranche {tranche} is not in the unit of the volume ({value.volume or 'none'})"
            yield Issue((*path, "tranches", k), "quota-unit", msg)
    if value.fill is not None:
        yield from _ref(value.fill.source, (*path, "fill", "source"), sources, "source")
        if value.fill.used.unit != unit:
            msg = f"fill {value.fill.used} is not in the unit of the volume ({value.volume})"
            yield Issue((*path, "fill", "used"), "quota-unit", msg)
    if value.over_quota_words and (value.over_quota_rate or value.over_quota_specific):
        msg = "over_quota_words is for a rate given without a figure: drop it or the rate"
        yield Issue((*path, "over_quota_words"), "two-rates", msg)


def _above(first: SpecificRate, second: SpecificRate) -> bool:
    """Whether `first` is the higher duty (only duties per the same unit compare)."""
    same_unit = (first.currency, first.unit) == (second.currency, second.unit)
    return same_unit and first.amount > second.amount


def _pledge_issues(value: PledgeValue, path: Path) -> Iterator[Issue]:
    if not (value.quantified or value.words):
        msg = "a pledge needs an amount, a count, or the words that were said"
        yield Issue(path, "empty-pledge", msg)
    if value.by is not None and value.over is not None:
        yield Issue(
            (*path, "over"), "two-horizons", "give `by` (a date) or `over` (a span), not both"
        )
    if value.qualifier is not None and not value.quantified:
        yield Issue((*path, "qualifier"), "qualifier-alone", "a qualifier needs an amount or count")
    cap = value.per_year_cap
    if cap is None:
        return
    total = value.amount
    if total is None or total.currency != cap.currency or total.per or value.per_year:
        msg = "per_year_cap bounds a total amount in the same currency (e.g. USD 20bn of USD 200bn)"
        yield Issue((*path, "per_year_cap"), "cap-mismatch", msg)
    elif cap.amount > total.amount:
        yield Issue(
            (*path, "per_year_cap"),
            "cap-mismatch",
            f"a yearly cap of {cap} exceeds the total {total}",
        )


def _partner_tariff_issues(value: PartnerTariffValue, path: Path) -> Iterator[Issue]:
    if value.before is not None and value.after.number > value.before.number:
        msg = (
            f"the rate after ({value.after}) is above the rate before ({value.before}): check both"
        )
        yield Issue((*path, "after"), "partner-rate-rises", msg)
    if value.before_qualifier is not None and value.before is None:
        yield Issue(
            (*path, "before_qualifier"), "qualifier-alone", "`before_qualifier` needs `before`"
        )


def _period_issues(value: Value, path: Path) -> Iterator[Issue]:
    if value.effective and value.until and value.until < value.effective:
        yield Issue((*path, "until"), "date-order", "`until` is before `effective`")
