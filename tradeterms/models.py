"""The data model: deals are terms, terms are claims, claims cite sources.

One `DataFile` is what a catalog's entry point (data/deals.yaml) holds, with the deals of
the files its `deal_files` patterns name (data/deals/<deal-id>.yaml, each one `Deal`).
Every model is strict (no type coercion), frozen, and refuses unknown fields, so a typo in
the data is an error, not a silent drop.
See docs/writing-a-deal.md for the file format with examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, Strict

from tradeterms.types import (
    AmountStr,
    DurationStr,
    FactorStr,
    FormatVersion,
    FxRateStr,
    HsCode,
    IsoDate,
    MoneyStr,
    PartyCode,
    PercentStr,
    Slug,
    SpecificStr,
    Text,
    TopicId,
    Url,
)

__all__ = [
    "Application",
    "Claim",
    "Condition",
    "DataFile",
    "Deal",
    "Event",
    "ExpectedInstrument",
    "Financing",
    "FxRateRecord",
    "GlobalMeasure",
    "LegalBasis",
    "Milestone",
    "MilestoneKind",
    "OpenQuestion",
    "PartnerTariffValue",
    "PledgeValue",
    "Position",
    "Qualifier",
    "QuotaFill",
    "QuotaValue",
    "RelativeVolume",
    "Resolution",
    "Scope",
    "ShareValue",
    "Source",
    "SourceKind",
    "Strength",
    "TariffValue",
    "Term",
    "TextValue",
    "Topic",
    "TopicGroup",
    "Value",
    "ValueFacts",
    "records",
    "set_position",
]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a record is written: its file and the 1-based line and column it starts at."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    @property
    def written_at(self) -> Position | None:
        """Where this record is written (file, line, column), when it was read from a file.

        Set by the loader from the one parse of the file; None for records built in code."""
        private = self.__pydantic_private__
        return private.get("position") if private else None


def set_position(model: Model, position: Position) -> None:
    """Record where the model is written (the loader does this once, from the parse)."""
    # Kept in pydantic's per-instance store of private values, which fields, dumps and
    # validation never see, and set only here: a declared PrivateAttr would make pydantic run
    # Python code for every record it builds, a fifth of the time of a load.
    object.__setattr__(model, "__pydantic_private__", {"position": position})


def records(model: Model) -> Iterator[Model]:
    """The model and every record inside it, depth first in field order."""
    yield model
    for value in model.__dict__.values():
        if isinstance(value, Model):
            yield from records(value)
        elif isinstance(value, list) and value and isinstance(value[0], Model):
            for item in value:
                yield from records(item)


class SourceKind(StrEnum):
    """Kinds of document, from most to least authoritative."""

    legal = "legal"  # an act with legal force: executive order, FR notice, regulation, ruling
    joint = "joint"  # a text both parties issued: joint statement, signed framework
    official = "official"  # one government's own statement: fact sheet, Q&A, readout
    press = "press"  # a news report
    analysis = "analysis"  # a law firm, think tank or other secondary reading

    @property
    def rank(self) -> int:
        return _SOURCE_RANKS[self]


_SOURCE_RANKS = {kind: len(SourceKind) - i for i, kind in enumerate(SourceKind)}


class Strength(StrEnum):
    """How firmly a claim is worded, from firmest to weakest."""

    in_force = "in_force"  # legally applied from its effective date
    committed = "committed"  # "will", "commits to", "agreed"
    intended = "intended"  # "intends to", "aims to"
    expected = "expected"  # "expects", "should"
    exploring = "exploring"  # "will explore", "will consider"
    under_discussion = "under_discussion"  # "still under discussion"
    asserted = "asserted"  # one side's unsupported account or demand

    @property
    def binding(self) -> bool:
        return self in (Strength.in_force, Strength.committed)


class LegalBasis(StrEnum):
    """The legal authority under which a US measure is (or was) charged."""

    ieepa = "ieepa"
    s232 = "s232"
    s122 = "s122"
    s301 = "s301"
    s201 = "s201"
    statute = "statute"  # the ordinary tariff schedule (MFN), a trade agreement act
    partner_law = "partner_law"  # the partner's own legislation (EU regulation, Japanese law)
    none = "none"  # a political commitment with no legal instrument yet


class Application(StrEnum):
    """How a tariff rate applies to a good."""

    all_in = "all_in"  # the higher of MFN or the rate (MFN included)
    on_top = "on_top"  # MFN plus the rate
    cap = "cap"  # the combined duty may not exceed the rate
    mfn_only = "mfn_only"  # only the normal MFN rate; no additional duty
    free = "free"  # zero duty
    unchanged = "unchanged"  # an existing measure stays as it is
    excluded = "excluded"  # the deal does not cover these goods
    specific = "specific"  # a duty per unit (see `specific`)
    unspecified = "unspecified"  # the source gives a rate but not how it stacks on MFN


class TopicGroup(StrEnum):
    us_tariff = "us_tariff"
    partner_tariff = "partner_tariff"
    investment = "investment"
    purchase = "purchase"
    non_tariff = "non_tariff"
    legal_status = "legal_status"


class Qualifier(StrEnum):
    """How a figure is bounded in the words that state it."""

    at_least = "at_least"  # "at least", "no less than": a floor
    up_to = "up_to"  # "up to": a ceiling the pledge may not reach
    no_more_than = "no_more_than"  # "no more than", "not exceed": a binding ceiling
    about = "about"  # "about", "approximately", "estimated"

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")


class Financing(StrEnum):
    """The ways a pledge puts money to work."""

    equity = "equity"
    loan = "loan"
    loan_guarantee = "loan_guarantee"
    credit_guarantee = "credit_guarantee"
    grant = "grant"


# Enum fields read their value from YAML strings; every other field stays strict.
SourceKindField = Annotated[SourceKind, Strict(False)]
StrengthField = Annotated[Strength, Strict(False)]
LegalBasisField = Annotated[LegalBasis, Strict(False)]
ApplicationField = Annotated[Application, Strict(False)]
TopicGroupField = Annotated[TopicGroup, Strict(False)]
QualifierField = Annotated[Qualifier, Strict(False)]
FinancingField = Annotated[Financing, Strict(False)]


class Topic(Model):
    id: TopicId
    group: TopicGroupField
    label: Text
    description: Text | None = None


class Source(Model):
    id: Slug
    title: Text
    publisher: Text
    url: Url
    date: IsoDate  # the document's own date (signed, issued, or published for the press)
    published: IsoDate | None = None  # when it became public, if later than `date`
    kind: SourceKindField
    issued_by: list[PartyCode] = Field(default_factory=list)
    via: Text | None = None  # e.g. "verbatim copy of the White House text"
    note: Text | None = None

    @property
    def public_on(self) -> dt.date:
        return self.published or self.date


class Condition(Model):
    text: Text
    met_on: IsoDate | None = None
    met_source: Slug | None = None


class TariffValue(Model):
    kind: Literal["tariff"]
    applies: ApplicationField
    rate: PercentStr | None = None
    specific: SpecificStr | None = None
    basis: LegalBasisField | None = None
    effective: IsoDate | None = None
    until: IsoDate | None = None
    lasts: DurationStr | None = None  # "for three years": how long, when no end date is given
    lasts_qualifier: QualifierField | None = None  # "for at least three years"
    snap_back: PercentStr | None = None  # the rate that returns when a truce or suspension ends
    condition: Condition | None = None
    note: Text | None = None


class RelativeVolume(Model):
    """A quota sized against something else: 2.5 times the planned US capacity."""

    times: FactorStr
    of: Text


class QuotaFill(Model):
    """How much of a quota has been used, as a source reported it on a date."""

    used: AmountStr
    date: IsoDate
    source: Slug


class QuotaValue(Model):
    kind: Literal["quota"]
    # Exactly one of: a fixed volume, a volume relative to something, or a volume still to
    # be set (with the basis it will be set on).
    volume: AmountStr | None = None
    volume_relative: RelativeVolume | None = None
    volume_pending: Text | None = None
    tranches: list[AmountStr] = Field(default_factory=list)  # e.g. quarterly shares
    fill: QuotaFill | None = None
    applies: ApplicationField | None = None  # how the quota rates stack on MFN
    in_quota_rate: PercentStr | None = None
    in_quota_specific: SpecificStr | None = None
    # extra volume under an existing tariff-rate quota, at that quota's own in-quota rate,
    # which the source does not state (the 2026 Argentine beef volume)
    existing_in_quota_rate: bool = False
    over_quota_rate: PercentStr | None = None
    over_quota_specific: SpecificStr | None = None
    over_quota_words: Text | None = None  # an over-quota rate stated without a figure
    phase: Text | None = None  # the period the quota is tied to, e.g. "during construction"
    lasts: DurationStr | None = None
    basis: LegalBasisField | None = None
    effective: IsoDate | None = None
    until: IsoDate | None = None
    condition: Condition | None = None
    note: Text | None = None


PledgeKind = Literal["investment", "purchase", "credit_guarantee", "loan", "loan_guarantee"]


class PledgeValue(Model):
    kind: Literal["pledge"]
    pledge: PledgeKind
    amount: MoneyStr | None = None  # empty when the pledge was never quantified
    count: AmountStr | None = None  # "100 aircraft", "770000 t/year"
    qualifier: QualifierField | None = None  # "at least", "up to", "no more than", "about"
    words: Text | None = None  # what was said, e.g. "hundreds of billions"
    by: IsoDate | None = None  # the horizon: by this date
    over: DurationStr | None = None  # the horizon as a span: "over 15 years" is P15Y
    per_year: bool = False  # the amount is a yearly figure
    per_year_cap: MoneyStr | None = None  # no more than this in any one year
    starts: IsoDate | None = None
    directed_by: PartyCode | None = None
    financing: list[FinancingField] = Field(default_factory=list)  # equity, loans, guarantees
    instruments: list[Text] = Field(default_factory=list)
    condition: Condition | None = None
    note: Text | None = None

    @property
    def quantified(self) -> bool:
        return self.amount is not None or self.count is not None

    # A pledge counts from the day it is made (`starts` and `by` are when the money flows),
    # never lapses by date, and rests on no legal basis an event could void.
    @property
    def effective(self) -> None:
        return None

    @property
    def until(self) -> None:
        return None

    @property
    def basis(self) -> None:
        return None


class _PartnerCommitment(Model):
    """What a partner's own tariff commitments share: when they count and on what condition."""

    effective: IsoDate | None = None
    until: IsoDate | None = None
    condition: Condition | None = None
    note: Text | None = None

    # The partner's own commitment: no US legal basis that an event could void.
    @property
    def basis(self) -> None:
        return None


class PartnerTariffValue(_PartnerCommitment):
    """A partner's own tariff on US goods, before and after the deal (the term's `levied_by`
    is the partner): "pork belly 40% to 10%", "tariffs up to 26% removed"."""

    kind: Literal["partner_tariff"]
    before: PercentStr | None = None
    before_qualifier: QualifierField | None = None  # "tariffs of up to 26%"
    after: PercentStr
    average: bool = False  # the rates are averages over many lines
    phase_out: DurationStr | None = None  # cut in stages over this span; immediate if absent


class ShareValue(_PartnerCommitment):
    """A commitment over a share of tariffs: "eliminate or reduce 99% of tariff barriers"."""

    kind: Literal["share"]
    share: PercentStr
    of: Literal["tariff_lines", "trade_value", "not_stated"]  # what the share is a share of
    treatment: Literal["eliminated", "eliminated_or_reduced", "reduced"]
    goods: Text | None = None  # "US industrial goods"


class TextValue(Model):
    kind: Literal["text"]
    text: Text
    # A short id of the stance the words take ("us-directs"), when they take one. Words
    # with different positions disagree; words with no position never count as a dispute.
    position: Slug | None = None
    effective: IsoDate | None = None
    until: IsoDate | None = None
    condition: Condition | None = None

    @property
    def basis(self) -> None:  # words are not charged under a legal authority
        return None


class ValueFacts(Protocol):
    """What every kind of value answers, as a field or a property: when it counts, the legal
    basis an event can void, and the condition it depends on. `_every_kind_has_the_facts`
    makes mypy check each member of `Value`; what differs per kind is dispatched with
    `match value:` ending in `assert_never` (see docs/adding-a-value-kind.md)."""

    @property
    def kind(self) -> str: ...
    @property
    def effective(self) -> dt.date | None: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def basis(self) -> LegalBasis | None: ...
    @property
    def condition(self) -> Condition | None: ...


# One member per kind of value; adding a kind here makes mypy list every place to extend.
Value = Annotated[
    TariffValue | QuotaValue | PledgeValue | TextValue | PartnerTariffValue | ShareValue,
    Field(discriminator="kind"),
]


if TYPE_CHECKING:

    def _every_kind_has_the_facts(value: Value) -> ValueFacts:
        return value  # mypy checks here that each kind of Value has the facts


class Claim(Model):
    source: Slug
    by: list[PartyCode] = Field(min_length=1)  # whose words these are
    date: IsoDate | None = None  # when it was said; defaults to the source's date
    strength: StrengthField
    value: Value
    quote: Text | None = None  # the source's words, verbatim where possible
    unconfirmed: bool = False  # the record marks it UNCONFIRMED
    # A later claim replaces its party's earlier words on the term; one that only adds a
    # detail (a half-rate for approved volumes, a company's purchase under a pledge) says so.
    adds_to: bool = False
    # A party's later reading of a joint text: the id of the text it reads. The reading
    # cites a source of lower rank than the text, so it never outranks it.
    reading_of: Slug | None = None


class Scope(Model):
    text: Text | None = None
    hs: list[HsCode] = Field(default_factory=list)
    lists: list[Slug] = Field(default_factory=list)  # product lists shipped with the package


class Term(Model):
    id: Slug
    topic: TopicId
    title: Text
    levied_by: PartyCode | None = None
    on_goods_of: PartyCode | None = None
    scope: Scope | None = None
    claims: list[Claim] = Field(min_length=1)
    note: Text | None = None


class MilestoneKind(StrEnum):
    threat = "threat"
    letter = "letter"
    announced = "announced"
    readout = "readout"
    joint_statement = "joint_statement"
    framework = "framework"
    signed = "signed"
    executive_order = "executive_order"
    notice = "notice"
    proclamation = "proclamation"
    proposal = "proposal"
    mandate = "mandate"
    vote = "vote"
    adopted = "adopted"
    in_force = "in_force"
    ratified = "ratified"
    suspended = "suspended"
    ruling = "ruling"
    lapsed = "lapsed"
    other = "other"


MilestoneKindField = Annotated[MilestoneKind, Strict(False)]


class Milestone(Model):
    date: IsoDate
    kind: MilestoneKindField
    title: Text
    source: Slug


class Resolution(Model):
    date: IsoDate
    source: Slug
    note: Text | None = None


class OpenQuestion(Model):
    id: Slug
    text: Text
    raised: IsoDate
    sources: list[Slug] = Field(min_length=1)
    topic: TopicId | None = None
    term: Slug | None = None
    resolved: Resolution | None = None


class ExpectedInstrument(Model):
    """A document a party said would follow (e.g. a signed agreement)."""

    title: Text
    promised_on: IsoDate
    promised_in: Slug
    delivered_on: IsoDate | None = None
    delivered_in: Slug | None = None


class Deal(Model):
    id: Slug
    name: Text
    parties: list[PartyCode] = Field(min_length=2)
    summary: Text | None = None
    sources: list[Source] = Field(default_factory=list)
    milestones: list[Milestone] = Field(min_length=1)
    terms: list[Term] = Field(default_factory=list)
    questions: list[OpenQuestion] = Field(default_factory=list)
    expected_instruments: list[ExpectedInstrument] = Field(default_factory=list)

    @property
    def partner(self) -> str:
        """The party other than the United States (the first one if there are several)."""
        return next((p for p in self.parties if p != "US"), self.parties[0])


class GlobalMeasure(Model):
    """A US measure stated once and applied to every deal whose partner it reaches."""

    id: Slug
    title: Text
    topic: TopicId
    origins: list[PartyCode] = Field(default_factory=list)  # empty: all origins
    except_origins: list[PartyCode] = Field(default_factory=list)
    scope: Scope | None = None
    claims: list[Claim] = Field(min_length=1)


class Event(Model):
    """A legal event that acts on many terms at once, e.g. a court ruling."""

    id: Slug
    title: Text
    date: IsoDate
    effective: IsoDate
    source: Slug
    ends_basis: list[LegalBasisField] = Field(min_length=1)
    note: Text | None = None


class FxRateRecord(Model):
    rate: FxRateStr
    date: IsoDate
    source: Slug
    note: Text | None = None


class DataFile(Model):
    format: FormatVersion
    deal_files: list[Text] = Field(default_factory=list)  # glob patterns, relative to the file
    topics: list[Topic] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    measures: list[GlobalMeasure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    fx_rates: list[FxRateRecord] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
