"""Deal MFN-only lists, Annex II exemptions and Section 232 scopes (tradeterms/data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeterms._hts_schedule import load_mfn_table, read_data_csv
from tradeterms._product_lists import (
    MFN_ONLY_PARTNERS,
    AnnexIIEntry,
    MfnOnlyEntry,
    _annex_ii,
    _deal_entry,
    _fl301,
    annex_ii_entry,
    annex_ii_exempt,
    annex_ii_line,
    fl301_exempt,
    in_s232_scope,
    list_change_dates,
    listed_under,
    mfn_only_entries,
    mfn_only_list,
    normalise_partner,
    partner_lines,
    s122_exempt_line,
    s232_scopes,
    s301_china_table,
    stat_lines,
)

# ----------------------------------------------------------------------------- Section 232


def test_steel_mill_product_in_scope() -> None:
    scopes = in_s232_scope("7208.51.00")
    assert [(s.list_name, s.program, s.kind, s.hts_prefix) for s in scopes] == [
        ("metals", "steel", "mill", "7208")
    ]
    assert scopes[0].effective_date is None  # since 2018
    assert scopes[0].covers("7208510030")
    # a 10-digit statistical line is covered too
    assert in_s232_scope("7208.51.00.30") == scopes


def test_passenger_car_in_vehicle_scope() -> None:
    scopes = in_s232_scope("8703.23.01")
    assert [(s.list_name, s.program, s.hts_prefix) for s in scopes] == [
        ("vehicles", "autos_passenger", "870323")
    ]
    assert in_s232_scope("8703.23.01.90") == scopes


def test_copper_and_aluminium_and_auto_parts() -> None:
    copper = in_s232_scope("7406.10.00")
    assert [(s.program, s.ch99_heading) for s in copper] == [("copper", "9903.78.01")]
    aluminium = in_s232_scope("7601.10.30")
    assert {(s.program, s.kind) for s in aluminium} == {("aluminum", "mill")}
    parts = in_s232_scope("4009.12.00.20")
    assert [(s.list_name, s.hts_prefix) for s in parts] == [("auto_parts", "4009120020")]
    # the 8-digit parent is only partly in the auto-parts list: not reported as covered
    assert all(s.list_name != "auto_parts" for s in in_s232_scope("4009.12.00"))


def test_scope_dates_filter_with_on() -> None:
    # August 2025 derivative inclusion (FR 2025-15819): in both steel and aluminium lists
    code = "0402.99.68"
    all_scopes = in_s232_scope(code)
    assert {(s.program, s.ch99_heading) for s in all_scopes} == {
        ("aluminum", "9903.85.08"),
        ("steel", "9903.81.91"),
    }
    assert all(s.effective_date == date(2025, 8, 18) for s in all_scopes)
    assert in_s232_scope(code, on=date(2025, 8, 17)) == []
    assert in_s232_scope(code, on=date(2025, 8, 18)) == all_scopes


def test_most_specific_prefix_first_and_not_in_scope() -> None:
    for code in ("0101.21.00.10", "6109.10.00", "2204.21.50", "8802.40.01"):
        assert in_s232_scope(code) == []
    for scope in s232_scopes():
        found = in_s232_scope(scope.hts_prefix.ljust(10, "0"))
        assert scope in found
        assert [len(s.hts_prefix) for s in found] == sorted(
            (len(s.hts_prefix) for s in found), reverse=True
        )


def test_s232_lists_complete() -> None:
    counts: dict[str, int] = {}
    for scope in s232_scopes():
        counts[scope.list_name] = counts.get(scope.list_name, 0) + 1
        assert scope.hts_prefix.isdigit() and len(scope.hts_prefix) in (4, 6, 8, 10)
    assert counts == {
        "metals": 240,
        "derivatives": 641,  # 639 FR entries; 9403.99.10 and 9506.91.00 as the notes write them
        "copper": 80,
        "auto_parts": 129,  # 130 compiled prefixes less heading 8471
        "vehicles": 43,
        "pharma": 131,
        "wood": 22,  # note 37(b), (d), (f): 15 timber, 4 furniture, 3 cabinet lines
    }


def test_lists_are_kept_at_the_digit_level_the_notes_write() -> None:
    # note 19(k) names 3004.90.9244 and 8807.30.0060, not their 8-digit subheadings
    assert in_s232_scope("3004.90.92") == []
    assert {s.program for s in in_s232_scope("3004.90.92.44")} == {"steel", "aluminum"}
    assert [s.hts_prefix for s in listed_under("8807.30.00")] == ["8807300060"]
    assert all(s.notes_line for s in in_s232_scope("8807.30.00.60"))
    # 9506.91.00 is written as its three statistical lines (notes, note 19(k))
    assert in_s232_scope("9506.91.00") == []
    assert in_s232_scope("9506.91.00.10") != []


def test_auto_parts_checked_against_note_33() -> None:
    assert all(s.list_name != "auto_parts" for s in in_s232_scope("8471.30.01"))
    assert any(s.list_name == "auto_parts" for s in in_s232_scope("8707.10.00.20"))


def test_annex_ii_whole_eight_digit_line() -> None:
    # 0201.10.05.00 is listed from 13 Nov 2025: the whole 8-digit line is exempt
    assert annex_ii_line("0201.10.05", date(2025, 12, 1))[0]
    assert annex_ii_line("0201.10.05", date(2025, 11, 1)) == (False, ())
    assert "0201100510" in stat_lines("0201.10.05")


def test_exemption_lists_of_the_baseline_layer() -> None:
    assert s122_exempt_line("8471.30.01") == ("ii", 15075)  # notes line of note 2(aa)(ii)
    assert s122_exempt_line("3917.40.00") == ("iv", 15142)  # civil aircraft only
    assert s122_exempt_line("9506.31.00") is None
    assert fl301_exempt("3917.40.00", date(2026, 8, 1))
    assert not fl301_exempt("9506.31.00", date(2026, 8, 1))


# ----------------------------------------------------------------------------- deal lists


def test_eu_cork_on_ptaap_list() -> None:
    entry = mfn_only_list("EU", "4501.10.00")
    assert entry is not None
    assert (entry.partner, entry.category, entry.ch99_heading) == ("eu", "ptaap", "9903.02.74")
    assert entry.effective_date == date(2025, 9, 25)
    assert entry.first_hts_revision == "2025_rev_24"
    assert mfn_only_list("eu", "4501.10.00", on=date(2025, 9, 24)) is None
    assert mfn_only_list("eu", "4501.10.00.00", on=date(2025, 9, 25)) == entry


def test_civil_aircraft_for_each_partner() -> None:
    headings = {
        "eu": "9903.02.76",
        "japan": "9903.96.02",
        "korea": "9903.02.81",
        "swiss": "9903.02.85",
        "uk": "9903.96.01",
    }
    for partner, heading in headings.items():
        entry = mfn_only_list(partner, "8802.40.01")
        assert entry is not None, partner
        assert entry.category == "civil_aircraft" and entry.ch99_heading == heading
    # Japan and UK lists come from the note text, dated by their first revision
    japan = mfn_only_list("Japan", "8802.40.01")
    assert japan is not None and japan.list_source == "note35_2026rev6"
    assert japan.effective_date == date(2025, 9, 16)  # 2025 Rev 23 publication
    # Swiss lists only appear in 2026 Basic
    assert mfn_only_list("Switzerland", "8802.40.01", on=date(2025, 12, 31)) is None
    assert mfn_only_list("Switzerland", "8802.40.01", on=date(2026, 1, 1)) is not None


def test_not_on_list_and_partner_errors() -> None:
    assert mfn_only_list("eu", "8703.23.01") is None  # cars are not MFN-only
    assert mfn_only_entries("korea", "6109.10.00") == ()
    assert normalise_partner("South Korea") == "korea"
    assert normalise_partner("United Kingdom") == "uk"
    with pytest.raises(ValueError, match="no MFN-only list"):
        mfn_only_list("Vietnam", "8802.40.01")
    with pytest.raises(ValueError, match="8 HTS digits"):
        mfn_only_list("eu", "4501")


def test_deal_lists_counts_and_codes_exist_in_rev32() -> None:
    rows = read_data_csv("deal_mfn_only.csv.gz")
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        counts[(r["partner"], r["category"])] = counts.get((r["partner"], r["category"]), 0) + 1
    assert counts == {
        ("eu", "ptaap"): 219,
        ("eu", "particular"): 1,
        ("eu", "civil_aircraft"): 553,
        ("eu", "pharma"): 807,
        ("japan", "civil_aircraft"): 554,
        ("korea", "civil_aircraft"): 554,
        ("swiss", "ptaap"): 321,
        ("swiss", "civil_aircraft"): 553,
        ("swiss", "pharma"): 807,
        ("uk", "civil_aircraft"): 565,
    }
    assert {r["partner"] for r in rows} == set(MFN_ONLY_PARTNERS)
    assert all(r["effective_date_start"] for r in rows)
    eights = {code[:8] for code in load_mfn_table("2025_rev_32")}
    assert all(r["hts8"] in eights for r in rows)


# ----------------------------------------------------------------------------- Annex II


def test_annex_ii_open_window() -> None:
    # 8505.11.00.70: the source also had the malformed 850511007000, dropped as a duplicate
    entry = annex_ii_entry("8505.11.00.70")
    assert entry == AnnexIIEntry("8505110070", date(2025, 9, 8), None)
    assert not annex_ii_exempt("8505.11.00.70", date(2025, 9, 7))
    assert annex_ii_exempt("8505.11.00.70", date(2025, 9, 8))
    assert annex_ii_exempt("8505.11.00.70", date(2026, 6, 1))


def test_annex_ii_closed_windows() -> None:
    copper = annex_ii_entry("7406.10.00.00")
    assert copper == AnnexIIEntry("7406100000", None, date(2025, 7, 31))
    assert annex_ii_exempt("7406100000", date(2025, 7, 31))  # end is inclusive
    assert not annex_ii_exempt("7406100000", date(2025, 8, 1))
    beef = annex_ii_entry("0201.10.05.00")
    assert beef is not None and beef.start == date(2025, 11, 13) and beef.end is None
    assert not annex_ii_exempt("0201100500", date(2025, 11, 12))
    assert annex_ii_exempt("0201100500", date(2025, 11, 13))


def test_annex_ii_not_listed_and_needs_ten_digits() -> None:
    assert annex_ii_entry("8703.23.01.90") is None
    assert not annex_ii_exempt("8703.23.01.90", date(2025, 10, 1))
    with pytest.raises(ValueError, match="10-digit"):
        annex_ii_exempt("8505.11.00", date(2025, 10, 1))


def test_annex_ii_table() -> None:
    rows = read_data_csv("annex_ii_exempt.csv")
    assert len(rows) == 3255
    assert all(len(r["hts10"]) == 10 and r["hts10"].isdigit() for r in rows)
    assert len({r["hts10"] for r in rows}) == len(rows)


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)))
def test_annex_ii_window_semantics(on: date) -> None:
    for code in ("7406100000", "0201100500", "8505110070", "4401110000"):
        entry = annex_ii_entry(code)
        assert entry is not None
        expected = (entry.start is None or entry.start <= on) and (
            entry.end is None or on <= entry.end
        )
        assert annex_ii_exempt(code, on) is expected


def test_the_validator_knows_exactly_the_shipped_deal_lists() -> None:
    from tradeterms._product_lists import MFN_ONLY_PARTNERS
    from tradeterms.codes import PRODUCT_LISTS

    assert {f"{p}-mfn-only" for p in MFN_ONLY_PARTNERS} == PRODUCT_LISTS


# ----------------------------------------------------------------------------- reading the tables


def _whole_deal_table() -> dict[tuple[str, str], tuple[MfnOnlyEntry, ...]]:
    """(partner, hts8) -> its entries in the order of the file: every row, parsed."""
    index: dict[tuple[str, str], list[MfnOnlyEntry]] = {}
    for row in read_data_csv("deal_mfn_only.csv.gz"):
        entry = _deal_entry(tuple(row.values()))
        index.setdefault((entry.partner, entry.hts8), []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def test_one_lookup_finds_the_entries_the_whole_table_holds() -> None:
    # mfn_only_entries searches the sorted rows for one line and partner: the same entries
    # as the whole file holds, in its order
    index = _whole_deal_table()
    rows = read_data_csv("deal_mfn_only.csv.gz")
    assert sum(len(entries) for entries in index.values()) == len(rows)
    for (partner, hts8), entries in index.items():
        assert mfn_only_entries(partner, hts8) == entries
        assert mfn_only_entries(partner, hts8 + "10") == entries
    in_file = [(r["partner"], r["hts8"], r["category"]) for r in rows]
    for (partner, hts8), entries in index.items():
        categories = [c for p, h, c in in_file if (p, h) == (partner, hts8)]
        assert [e.category for e in entries] == categories
    listed = {hts8 for _, hts8 in index}
    unlisted = [code for code in sorted(load_mfn_table()) if code[:8] not in listed][:500]
    assert all(mfn_only_entries(p, code) == () for p in MFN_ONLY_PARTNERS for code in unlisted)
    # the partner tables a batch joins: the same entries, without their code
    for partner in MFN_ONLY_PARTNERS:
        table = partner_lines(partner)
        assert set(table) == {hts8 for p, hts8 in index if p == partner}
        for hts8, entries in table.items():
            assert entries == tuple(replace(e, hts8="") for e in index[partner, hts8])


def test_the_list_dates_are_the_dates_of_the_entries() -> None:
    # read from the date columns, without building the entries: the same dates
    day = timedelta(days=1)
    expected = {s.effective_date for s in s232_scopes() if s.effective_date}
    for entry in _annex_ii().values():
        expected.update(d for d in (entry.start, entry.end and entry.end + day) if d)
    for start, end in _fl301().values():
        expected.update(d for d in (start, end and end + day) if d)
    expected.update(e.effective_date for es in _whole_deal_table().values() for e in es)
    for listed in s301_china_table().values():
        expected.update(d for e in listed for d in (e.start, e.end and e.end + day) if d)
    assert list_change_dates() == expected
    assert date(2025, 11, 13) in expected  # Annex II additions of 13 November 2025


def test_statistical_lines_under_a_code() -> None:
    codes = [r["hts10"] for r in read_data_csv("hts_stat_lines.csv.gz")]
    by_line: dict[str, list[str]] = {}
    for code in codes:
        by_line.setdefault(code[:8], []).append(code)
    assert all(stat_lines(hts8) == tuple(lines) for hts8, lines in by_line.items())
    assert stat_lines("8703.23.01") == tuple(by_line["87032301"])
    assert stat_lines("99999999") == ()
