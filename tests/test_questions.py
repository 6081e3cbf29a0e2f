"""Open questions: one fixture per kind that raises it (us-aa-2025) and must not (us-bb-2025),
their history (raised, resolved, by which document), and the checks on the shipped data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.cli_questions import command
from tradeterms.open_questions import Question, open_counts, questions
from tradeterms.question_kinds import KINDS, Severity, kind
from tradeterms.question_render import shows_locations

FIXTURES = Path(__file__).parent / "fixtures" / "questions"
DOCS = Path(__file__).parent.parent / "docs" / "questions.md"
D = dt.date.fromisoformat

# kind -> the as_of date on which us-aa-2025 raises it
AS_OF = {
    "curated": "2025-08-01",
    "conflicting-claims": "2025-08-01",
    "figure-unconfirmed": "2025-09-01",
    "non-binding": "2025-09-01",
    "unquantified-pledge": "2025-09-01",
    "unmet-condition": "2025-09-01",
    "pending-instrument": "2026-03-01",
    "peer-gap": "2025-09-01",
    "thin-sourcing": "2025-09-01",
    "basis-voided": "2026-03-01",
    "lapsed-without-successor": "2026-08-01",
    "stale": "2026-03-01",
}


def fixture(slug: str) -> Catalog:
    return tradeterms.load(FIXTURES / f"{slug}.yaml")


def found(slug: str, deal: str, as_of: str, **options: object) -> list[Question]:
    catalog = options.pop("catalog", None) or fixture(slug)
    return questions(deal, as_of=D(as_of), kinds=[slug], catalog=catalog, **options)  # type: ignore[arg-type]


def test_every_kind_has_a_fixture() -> None:
    assert sorted(AS_OF) == sorted(k.slug for k in KINDS)
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(AS_OF)


@pytest.mark.parametrize("slug", sorted(AS_OF))
def test_fixture_raises_the_kind(slug: str) -> None:
    raised = found(slug, "us-aa-2025", AS_OF[slug])
    assert [q.kind for q in raised] == [slug] * len(raised) and raised
    question = raised[0]
    assert question.id.startswith(f"us-aa-2025/{slug}/")
    assert question.severity is kind(slug).severity and question.is_open
    assert question.evidence and all(
        e.location and e.location.startswith(f"tests/fixtures/questions/{slug}.yaml:")
        for e in question.evidence
    )
    assert question.message.startswith("US–JP example")


@pytest.mark.parametrize("slug", sorted(AS_OF))
def test_fixture_must_not_raise_the_kind(slug: str) -> None:
    assert found(slug, "us-bb-2025", AS_OF[slug]) == []


def test_kinds_filter_and_unknown_kind() -> None:
    catalog = fixture("conflicting-claims")
    assert {q.kind for q in questions(as_of=D("2025-08-01"), catalog=catalog)} >= {
        "conflicting-claims",
        "curated",
    }
    with pytest.raises(KeyError, match="unknown question kind 'nope'"):
        questions(kinds=["nope"], catalog=catalog)


def test_conflict_raised_by_the_later_claim_and_settled_by_the_joint_statement() -> None:
    (autos, _) = found("conflicting-claims", "us-aa-2025", "2025-08-01")
    assert autos.raised == D("2025-07-28")
    assert [e.source for e in autos.evidence] == ["fact-sheet", "us-aa-2025-partner"]
    assert found("conflicting-claims", "us-aa-2025", "2025-09-01") == [
        q for q in found("conflicting-claims", "us-aa-2025", "2025-09-01") if q.term != "autos"
    ]
    settled = found("conflicting-claims", "us-aa-2025", "2025-09-01", include_resolved=True)
    done = next(q for q in settled if q.term == "autos").resolved
    assert done is not None and (done.date, done.source) == (D("2025-08-21"), "us-aa-2025-joint")


def test_words_disagree_only_where_they_take_different_positions() -> None:
    # us-aa-2025 gives its two readouts positions; us-bb-2025 has the same words without.
    (_, legal) = found("conflicting-claims", "us-aa-2025", "2025-08-01")
    assert legal.term == "legal-form" and {e.parties for e in legal.evidence} == {"US", "JP"}
    assert legal.raised == D("2025-07-28")


def test_curated_question_open_then_resolved_with_its_document() -> None:
    assert [q.id for q in found("curated", "us-aa-2025", "2025-08-01")] == [
        "us-aa-2025/curated/spirits"
    ]
    assert found("curated", "us-aa-2025", "2025-09-01") == []
    (done,) = found("curated", "us-aa-2025", "2025-09-01", include_resolved=True)
    assert done.resolved is not None and done.resolved.source == "us-aa-2025-joint"
    assert done.resolved.note == "Spirits stay at 15%." and done.resolved.url is not None


def test_known_on_hides_questions_and_resolutions_not_yet_public() -> None:
    catalog = fixture("curated")
    early = questions(as_of=D("2025-09-01"), known_on=D("2025-07-26"), catalog=catalog)
    assert early == []
    before_joint = questions(
        as_of=D("2025-09-01"), known_on=D("2025-08-01"), kinds=["curated"], catalog=catalog
    )
    assert [q.id for q in before_joint] == ["us-aa-2025/curated/spirits"]


def test_condition_met_resolves_unmet_condition() -> None:
    (done,) = found("unmet-condition", "us-bb-2025", "2025-09-01", include_resolved=True)
    assert done.resolved is not None
    assert (done.resolved.date, done.resolved.source) == (D("2025-08-28"), "press-c")
    assert found("unmet-condition", "us-bb-2025", "2025-08-15")[0].raised == D("2025-08-01")


def test_pending_instrument_open_until_delivered() -> None:
    assert len(found("pending-instrument", "us-bb-2025", "2025-12-31")) == 1
    assert found("pending-instrument", "us-bb-2025", "2026-01-15") == []


def test_peer_gaps_only_against_the_deals_in_the_call() -> None:
    catalog = fixture("peer-gap")
    both = questions("us-aa-2025", "us-bb-2025", as_of=D("2025-09-01"), catalog=catalog)
    assert [q.id for q in both] == ["us-aa-2025/peer-gap/tariff.steel"]
    assert [e.source for e in both[0].evidence] == ["us-bb-2025-joint"]
    alone = questions("us-bb-2025", as_of=D("2025-09-01"), catalog=catalog)
    assert alone == []


def test_basis_voided_from_the_event_date() -> None:
    assert found("basis-voided", "us-aa-2025", "2026-02-23") == []
    (voided,) = found("basis-voided", "us-aa-2025", "2026-03-01")
    assert voided.raised == D("2026-02-24") and "IEEPA does not authorise" in voided.message


def test_lapse_raised_the_day_after_the_end() -> None:
    assert found("lapsed-without-successor", "us-aa-2025", "2026-07-23") == []
    (lapsed,) = found("lapsed-without-successor", "us-aa-2025", "2026-08-01")
    assert lapsed.raised == D("2026-07-24")


def test_stale_age_is_a_parameter() -> None:
    assert found("stale", "us-aa-2025", "2026-03-01", stale_months=12) == []
    (stale,) = found("stale", "us-aa-2025", "2026-03-01")
    assert stale.raised == D("2026-01-29")


def test_thin_sourcing_resolved_by_a_second_source() -> None:
    (done,) = found("thin-sourcing", "us-bb-2025", "2025-09-01", include_resolved=True)
    assert done.resolved is not None and done.resolved.source == "press-b"


def test_severity_orders_high_first() -> None:
    assert [s.value for s in sorted(Severity, key=lambda s: -s.rank)] == ["high", "medium", "low"]


# The shipped data


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


def ids(found: list[Question]) -> set[str]:
    return {q.id for q in found}


def test_eu_steel_question_open_mid_2026(shipped: Catalog) -> None:
    open_ = questions("us-eu-2025", as_of=D("2026-06-30"), catalog=shipped)
    assert "us-eu-2025/curated/steel-quota" in ids(open_)


def test_eu_pharma_dispute_open_then_resolved_by_the_joint_statement(shipped: Catalog) -> None:
    pharma = "us-eu-2025/curated/pharma-in-or-out"
    assert pharma in ids(questions("us-eu-2025", as_of=D("2025-08-01"), catalog=shipped))
    later = questions("us-eu-2025", as_of=D("2025-09-01"), include_resolved=True, catalog=shipped)
    done = next(q for q in later if q.id == pharma).resolved
    assert done is not None and (done.date, done.source) == (D("2025-08-21"), "eu-js-2025-08-21")


def test_eu_military_purchases_are_an_unquantified_pledge(shipped: Catalog) -> None:
    found = questions("us-eu-2025", kinds=["unquantified-pledge"], catalog=shipped)
    assert "us-eu-2025/unquantified-pledge/military" in ids(found)


def test_japan_investment_control_and_profit_split_conflict(shipped: Catalog) -> None:
    conflicts = questions(
        "us-japan-2025", as_of=D("2025-08-01"), kinds=["conflicting-claims"], catalog=shipped
    )
    assert {
        "us-japan-2025/conflicting-claims/investment-control",
        "us-japan-2025/conflicting-claims/investment-profit-split",
    } <= ids(conflicts)
    control = next(q for q in conflicts if q.term == "investment-control")
    assert control.raised == D("2025-07-25")
    assert {e.parties for e in control.evidence} == {"US", "JP"}


def test_reciprocal_15_percent_voided_for_eu_and_japan(shipped: Catalog) -> None:
    found = questions(
        "us-eu-2025",
        "us-japan-2025",
        as_of=D("2026-03-01"),
        kinds=["basis-voided"],
        catalog=shipped,
    )
    assert {"us-eu-2025/basis-voided/baseline", "us-japan-2025/basis-voided/baseline"} <= ids(found)
    baseline = next(q for q in found if q.id == "us-eu-2025/basis-voided/baseline")
    assert baseline.evidence[0].location and baseline.evidence[0].location.startswith(
        "data/deals/us-eu-2025.yaml:"
    )


@pytest.mark.parametrize("as_of", ["2025-08-01", "2026-03-01", "2026-09-01"])
def test_open_questions_are_the_open_ones_of_all(shipped: Catalog, as_of: str) -> None:
    # Asked for open questions only, the detectors skip tracing the history of questions
    # settled by as_of: the answer must be what filtering all of them gives.
    every = questions(as_of=D(as_of), include_resolved=True, catalog=shipped)
    assert any(not q.is_open for q in every) and any(q.is_open for q in every)
    assert questions(as_of=D(as_of), catalog=shipped) == [q for q in every if q.is_open]


@pytest.mark.parametrize(
    ("deals", "as_of", "known_on"),
    [
        ((), "2025-08-01", None),
        ((), "2026-03-01", "2025-12-01"),
        (("us-eu-2025", "us-japan-2025"), "2026-09-01", None),
        (("us-japan-2025",), "2025-10-01", "2025-09-01"),
    ],
)
def test_open_counts_are_how_many_questions_are_listed(
    shipped: Catalog, deals: tuple[str, ...], as_of: str, known_on: str | None
) -> None:
    # Counting skips tracing back when each question was raised; the number must not change.
    known = D(known_on) if known_on else None
    listed = questions(*deals, as_of=D(as_of), known_on=known, catalog=shipped)
    counts = open_counts(*deals, as_of=D(as_of), known_on=known, catalog=shipped)
    named = deals or tuple(d.id for d in shipped)
    assert counts == {d: sum(1 for q in listed if q.deal == d) for d in named}
    assert sum(counts.values()) == len(listed) > 0


# The command


def test_cli_json_equals_the_library() -> None:
    path = FIXTURES / "conflicting-claims.yaml"
    args = ["us-aa-2025", "--as-of", "2025-08-01", "--data", str(path), "--format", "json"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    library = questions("us-aa-2025", as_of=D("2025-08-01"), catalog=tradeterms.load(path))
    assert json.loads(result.output) == [q.as_dict() for q in library]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
def test_cli_formats(fmt: str) -> None:
    path = FIXTURES / "curated.yaml"
    args = ["--as-of", "2025-08-01", "--data", str(path), "--kind", "curated", "--format", fmt]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0 and "us-aa-2025/curated/spirits" in result.output


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "tsv", "json"])
def test_cli_prints_file_and_line_of_evidence_where_the_format_has_them(fmt: str) -> None:
    path = FIXTURES / "curated.yaml"
    args = ["--as-of", "2025-08-01", "--data", str(path), "--kind", "curated", "--format", fmt]
    output = CliRunner().invoke(command, args).output
    assert ("curated.yaml:" in output) == shows_locations(fmt), output


def test_cli_unknown_deal_exits_1() -> None:
    result = CliRunner().invoke(command, ["us-zz-2025", "--data", str(FIXTURES / "stale.yaml")])
    assert result.exit_code == 1 and "unknown deal 'us-zz-2025'" in result.output


def test_docs_list_every_kind() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for k in KINDS:
        assert f"| `{k.slug}` | {k.severity.value} | {k.meaning} |" in text
