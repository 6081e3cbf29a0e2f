"""Issue 7: the duty calculator answers for the origins of every other US deal, on a 2025 and
a 2026 date. Each row names the source in data/deals.yaml that decides the figure (its URL
must be the one the data holds) and the fact-sheet item the figure was checked against.

Golf clubs (HTS 9506.31.00, MFN 4.4%, no Section 232) show the country rates plainly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from duty_cases import check_case

import tradeterms
from tradeterms._duty_quota import QuotaStatus
from tradeterms.catalog import Catalog
from tradeterms.duties import duty

D = dt.date.fromisoformat
CLUBS = "9506.31.00"
OTHERS = "deals-others.md"
EVENTS = "events-2026.md"
EO_14257 = "https://www.federalregister.gov/d/2025-06063"
EO_14326 = "https://www.govinfo.gov/content/pkg/FR-2025-08-06/html/2025-15010.htm"
S122 = (
    "https://www.whitehouse.gov/presidential-actions/2026/02/imposing-a-temporary-import-"
    "surcharge-to-address-fundamental-international-payments-problems/"
)
FL301 = (
    "https://www.whitehouse.gov/presidential-actions/2026/07/actions-by-the-united-states-in-"
    "the-investigations-under-section-301-of-the-trade-act-of-1974-of-the-acts-policies-and-"
    "practices-of-60-economies-related-to-the-failure-of-each-economy-to-impose-and/"
)
CN_EO_14357 = "https://americanfocus.online/?p=123224"
KR_FR = "https://www.govinfo.gov/content/pkg/FR-2025-12-04/html/2025-21940.htm"
TWBD = "taiwan-bangladesh-facts.md"
PARTS = "8708.30.50"  # brakes and parts, MFN 2.5%
TSHIRT = "6109.10.00"  # cotton T-shirts, MFN 16.5%
PROCL_PARTS = "https://www.govinfo.gov/content/pkg/FR-2025-04-03/html/2025-05930.htm"
HTS_REV9 = (
    "https://github.com/brendanxmac/hts-hero/blob/dfb5f9e3458d42c54ee0556456493ceaf4c4b158/"
    "tariffs/revision-diffs/2026HTSRev9/change-record.md"
)
CH_FR = "https://www.federalregister.gov/documents/2025/12/18/2025-23316"
S122_WHY = (
    f"Section 122 10% on top of MFN from 24 Feb 2026, for all origins ({S122}; {OTHERS} §0.3)"
)

# hts, origin, on, known_on, expected total, the deciding source, why (with the source's URL)
CASES = [
    (
        CLUBS,
        "GB",
        "2025-10-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"UK keeps the 10% baseline on top of MFN ({EO_14257}; {OTHERS} §1.2)",
    ),
    (CLUBS, "GB", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "CN",
        "2025-12-01",
        None,
        "31.9%",
        "cn-eo-14357",
        f"China: 10% reciprocal + 10% fentanyl ({CN_EO_14357}) + list 4A 7.5% (9903.88.15) on "
        f"top of MFN ({OTHERS} §10, §13)",
    ),
    (
        CLUBS,
        "CN",
        "2026-03-01",
        None,
        "21.9%",
        "us-procl-s122",
        f"China after the IEEPA ruling: Section 122 10% + list 4A 7.5% ({S122}; {OTHERS} §10.4)",
    ),
    (
        CLUBS,
        "KR",
        "2025-10-01",
        None,
        "19.4%",
        "kr-eo-14326",
        f"Korea 15% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §13 '15% additive "
        "(7 Aug-13 Nov)')",
    ),
    (
        CLUBS,
        "KR",
        "2025-12-15",
        None,
        "15%",
        "kr-fr-2025-21940",
        f"Korea: higher of 15% or MFN from 14 Nov 2025 ({KR_FR}; {OTHERS} §2.1, §13)",
    ),
    (
        "8703.23.01",
        "KR",
        "2025-10-01",
        None,
        "27.5%",
        "us-procl-10908",
        "Korean cars stayed at 25% Section 232 + 2.5% MFN until Nov 2025 "
        f"(https://www.govinfo.gov/content/pkg/FR-2025-04-03/html/2025-05930.htm; {OTHERS} §2.7 "
        "auto tariff timing)",
    ),
    (
        "8703.23.01",
        "KR",
        "2025-12-01",
        None,
        "15%",
        "kr-fr-2025-21940",
        f"Korean cars 15% inclusive of MFN from 1 Nov 2025, retroactively ({KR_FR}; {OTHERS} §13)",
    ),
    (CLUBS, "KR", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "KR",
        "2026-08-01",
        None,
        "12.5%",
        "us-wh-fl301-memo",
        f"Korea: Section 301 forced-labour duty 12.5% inclusive of MFN ({FL301}; {EVENTS} §5.3)",
    ),
    (
        CLUBS,
        "CH",
        "2025-10-01",
        None,
        "43.4%",
        "ch-eo-14326",
        f"Switzerland 39% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §6.1)",
    ),
    (
        CLUBS,
        "CH",
        "2025-11-20",
        None,
        "15%",
        "ch-fr-2025-23316",
        f"higher of MFN or 15% in total, retroactive to 14 Nov 2025 ({CH_FR}; {OTHERS} §6.1-6.2)",
    ),
    (
        CLUBS,
        "CH",
        "2025-11-20",
        "2025-12-01",
        "43.4%",
        "ch-eo-14326",
        f"as known on 1 Dec 2025, before the notice of 18 Dec 2025: still 39% ({EO_14326}; "
        f"{OTHERS} §6.1)",
    ),
    (CLUBS, "CH", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "CH",
        "2026-08-01",
        None,
        "12.5%",
        "us-wh-fl301-memo",
        f"Switzerland: Section 301 forced-labour duty 12.5% inclusive of MFN ({FL301}; "
        f"{EVENTS} §5.4)",
    ),
    (
        CLUBS,
        "LI",
        "2025-10-01",
        None,
        "19.4%",
        "ch-eo-14326",
        f"Liechtenstein's own rate, 15% on top of MFN from 7 Aug 2025, not Switzerland's 39% "
        f"({EO_14326}, as reported by Cassidy Levy, https://www.cassidylevy.com/?p=2832)",
    ),
    (
        CLUBS,
        "LI",
        "2025-12-15",
        None,
        "15%",
        "ch-fr-2025-23316",
        f"higher of MFN or 15%, parallel HTSUS lines for Liechtenstein ({CH_FR}; {OTHERS} §6.2)",
    ),
    (CLUBS, "LI", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "VN",
        "2025-10-01",
        None,
        "24.4%",
        "us-eo-14326",
        f"Vietnam 20% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §3.2, §13)",
    ),
    (CLUBS, "VN", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "VN",
        "2026-08-01",
        None,
        "16.9%",
        "us-wh-fl301-memo",
        f"Vietnam: forced-labour duty 12.5% on top of MFN ({FL301}; {EVENTS} §5.5)",
    ),
    (
        CLUBS,
        "ID",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        f"Indonesia 19% on top of MFN ({EO_14326}; {OTHERS} §13)",
    ),
    (CLUBS, "ID", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "ID",
        "2026-08-01",
        None,
        "14.4%",
        "us-wh-fl301-memo",
        f"Indonesia: forced-labour duty 10% on top of MFN ({FL301}; {EVENTS} §5.5)",
    ),
    (
        CLUBS,
        "PH",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        f"Philippines 19% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §5.2)",
    ),
    (CLUBS, "PH", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "PH",
        "2026-08-01",
        None,
        "16.9%",
        "us-wh-fl301-memo",
        f"Philippines: forced-labour duty 12.5% on top of MFN ({FL301}; {EVENTS} §5.5)",
    ),
    (
        CLUBS,
        "MY",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        f"Malaysia 19% on top of MFN ({EO_14326}; {OTHERS} §7.1, §13)",
    ),
    (CLUBS, "MY", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "KH",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        f"Cambodia 19% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §8.1)",
    ),
    (CLUBS, "KH", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "TH",
        "2025-10-01",
        None,
        "23.4%",
        "us-eo-14326",
        f"Thailand 19% on top of MFN from 7 Aug 2025 ({EO_14326}; {OTHERS} §9.1)",
    ),
    (CLUBS, "TH", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "TH",
        "2026-08-01",
        None,
        "16.9%",
        "us-wh-fl301-memo",
        f"Thailand: forced-labour duty 12.5% on top of MFN ({FL301}; {EVENTS} §5.5)",
    ),
    (
        CLUBS,
        "AR",
        "2025-10-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"Argentina 10% on top of MFN ({EO_14257}; {OTHERS} §11.1)",
    ),
    (CLUBS, "AR", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "EC",
        "2025-10-01",
        None,
        "19.4%",
        "us-eo-14326",
        f"Ecuador 10% baseline + 5% country rate = 15% on top of MFN ({EO_14326}; {OTHERS} §11.3)",
    ),
    (CLUBS, "EC", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "GT",
        "2025-10-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"Guatemala 10% on top of MFN ({EO_14257}; {OTHERS} §11.1, §11.4)",
    ),
    (CLUBS, "GT", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "SV",
        "2025-10-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"El Salvador 10% on top of MFN ({EO_14257}; {OTHERS} §11.1, §11.4)",
    ),
    (CLUBS, "SV", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    # Taiwan (issue 16; taiwan-bangladesh-facts.md §1, §4)
    (
        CLUBS,
        "TW",
        "2025-06-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"Taiwan: 32% announced and suspended, the 10% baseline applies ({EO_14257}; {TWBD} T-3)",
    ),
    (
        CLUBS,
        "TW",
        "2025-08-10",
        None,
        "24.4%",
        "us-eo-14326",
        f"Taiwan 20% on top of MFN from 7 Aug 2025 ({EO_14326}; {TWBD} T-1)",
    ),
    (
        CLUBS,
        "TW",
        "2026-02-01",
        None,
        "24.4%",
        "us-eo-14326",
        f"the agreed 15% all-in is not found in force: 20% on top still applies ({EO_14326}; "
        f"{TWBD} T-5 to T-8)",
    ),
    (CLUBS, "TW", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        CLUBS,
        "TW",
        "2026-08-01",
        None,
        "10%",
        "us-wh-fl301-memo",
        f"Taiwan: Section 301 forced-labour duty, 10% inclusive of MFN ({FL301}; {TWBD} T-9)",
    ),
    (
        PARTS,
        "TW",
        "2026-04-15",
        None,
        "27.5%",
        "us-procl-10908",
        f"Taiwanese auto parts before the HTS carried the cap: 25% on top of MFN ({PROCL_PARTS}; "
        f"{TWBD} T-14, T-15, §4)",
    ),
    (
        PARTS,
        "TW",
        "2026-05-15",
        None,
        "15%",
        "tw-hts-2026-rev9",
        f"Taiwanese auto parts 15% all-in from 1 May 2026, heading 9903.94.67 ({HTS_REV9}; "
        f"{TWBD} T-15)",
    ),
    # Bangladesh (issue 16; taiwan-bangladesh-facts.md §2, §4)
    (
        CLUBS,
        "BD",
        "2025-06-01",
        None,
        "14.4%",
        "us-eo-14257",
        f"Bangladesh: 37% announced and suspended, the 10% baseline applies ({EO_14257}; "
        f"{TWBD} B-1)",
    ),
    (
        TSHIRT,
        "BD",
        "2025-10-01",
        None,
        "36.5%",
        "us-eo-14326",
        f"Bangladeshi cotton T-shirts: MFN 16.5% + 20% from 7 Aug 2025 ({EO_14326}; {TWBD} B-3)",
    ),
    (
        CLUBS,
        "BD",
        "2026-02-15",
        None,
        "24.4%",
        "us-eo-14326",
        f"the 19% of 9 Feb 2026 never entered into force: 20% on top still applies ({EO_14326}; "
        f"{TWBD} B-4, B-7)",
    ),
    (CLUBS, "BD", "2026-03-01", None, "14.4%", "us-procl-s122", S122_WHY),
    (
        TSHIRT,
        "BD",
        "2026-08-01",
        None,
        "26.5%",
        "us-wh-fl301-memo",
        f"Bangladesh: 10% additive Section 301 forced-labour duty; the textile TRQs are not set up "
        f"({FL301}; {TWBD} B-8, B-13)",
    ),
]

# hts, origin, on, what `unsettled` must say, why the calculator cannot settle it
NOT_SETTLED = [
    (
        "8703.23.01",
        "GB",
        "2025-10-01",
        "100,000 vehicles",
        f"UK cars: 10% in total only within the 100,000-vehicle quota, 25% + MFN above it "
        f"(EO 14309; {OTHERS} §1.3)",
    ),
    (
        "8703.23.01",
        "GB",
        "2026-03-01",
        "100,000 vehicles",
        f"the UK car quota is Section 232 and survives the IEEPA ruling ({OTHERS} §0.2)",
    ),
    (
        CLUBS,
        "LI",
        "2026-08-01",
        "names no group",
        "whether Liechtenstein shares the Swiss forced-labour line was not checked "
        f"({EVENTS} §2.1)",
    ),
]


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[1]}-{case[0]}-{case[2]}")
def test_case_table(
    shipped: Catalog, case: tuple[str, str, str, str | None, str, str, str]
) -> None:
    check_case(shipped, *case)
    assert shipped.sources[case[5]].url in case[6]  # the row cites the source the data holds


@pytest.mark.parametrize(("hts", "origin", "on", "reason", "why"), NOT_SETTLED)
def test_not_settled_says_why(
    shipped: Catalog, hts: str, origin: str, on: str, reason: str, why: str
) -> None:
    result = duty(hts, origin, D(on), catalog=shipped)
    assert result.total_rate is None, why
    assert any(reason in u for u in result.unsettled), (why, result.unsettled)


def test_every_origin_has_a_2025_and_a_2026_case() -> None:
    origins = ["GB", "KR", "CH", "LI", "VN", "ID", "PH", "MY", "KH", "TH"]
    origins += ["CN", "AR", "EC", "GT", "SV", "TW", "BD"]
    rows = [(o, on) for _, o, on, *_ in CASES] + [(o, on) for _, o, on, *_ in NOT_SETTLED]
    for origin in origins:
        years = {on[:4] for o, on in rows if o == origin}
        assert years >= {"2025", "2026"}, origin


def test_liechtenstein_reads_its_own_terms(shipped: Catalog) -> None:
    li = duty(CLUBS, "LI", D("2025-10-01"), catalog=shipped)
    ch = duty(CLUBS, "CH", D("2025-10-01"), catalog=shipped)
    assert (li.deal, ch.deal) == ("us-switzerland-2025", "us-switzerland-2025")
    assert li.party == "LI" and li.total_rate_text == "19.4%"
    assert ch.total_rate_text == "43.4%"
    assert [s.measure for s in li.steps][1] == "us-switzerland-2025/baseline-li"
    assert any("read for CH" in w and "baseline," not in w for w in li.warnings)


def test_liechtenstein_borrows_only_topics_it_lacks(shipped: Catalog) -> None:
    from tradeterms._duty_origin import resolve_origin

    origin = resolve_origin(shipped, "LI")
    assert origin.deal is not None and origin.deal.partner == "LI"
    ids = [t.id for t in origin.deal.terms]
    assert "baseline-li" in ids and "baseline" not in ids
    assert "pharma-branded" in origin.borrowed and "baseline" not in origin.borrowed
    assert resolve_origin(shipped, "CH").borrowed == ()


MULTI = Path(__file__).parent / "fixtures" / "valid" / "multi_party.yaml"


def test_third_party_with_its_own_rate_uses_it() -> None:
    small = tradeterms.load(MULTI)
    li = duty(CLUBS, "LI", D("2025-10-01"), catalog=small)
    ch = duty(CLUBS, "CH", D("2025-10-01"), catalog=small)
    assert (li.total_rate_text, ch.total_rate_text) == ("19.4%", "43.4%")
    assert [s.measure for s in li.steps][1] == "us-alps-2025/baseline-li"
    assert li.warnings == (
        "us-alps-2025 has no term of its own on goods of LI for autos: those are read for CH",
    )
    assert ch.warnings == ()


@pytest.mark.parametrize(("status", "total"), [("in", "10%"), ("over", "27.5%")])
def test_uk_cars_pay_the_quota_rate_the_importer_names(
    shipped: Catalog, status: QuotaStatus, total: str
) -> None:
    # EO 14309: 7.5% + 2.5% MFN within the 100,000-vehicle quota, 25% + 2.5% above it
    result = duty("8703.23.01", "GB", D("2026-03-01"), quota=status, catalog=shipped)
    assert result.total_rate_text == total and result.unsettled == ()
    step = next(s for s in result.steps if s.layer == "section_232")
    assert step.measure == "us-uk-2025/autos" and step.source is not None
    assert step.source.id == "uk-eo-14309"
