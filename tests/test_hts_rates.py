"""HTS rate texts and the shipped MFN table (tradeterms/data/hts_mfn.csv.gz)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeterms import _hts_schedule as hts_schedule
from tradeterms._hts_rates import (
    AdValoremDuty,
    Rate,
    RateKind,
    RateNotComputable,
    RateParseError,
    SpecificDuty,
    normalise_unit,
    parse_rate,
)
from tradeterms._hts_schedule import (
    HtsCodeNotFound,
    format_hts,
    hts_context,
    load_mfn_table,
    mfn_line,
    mfn_revisions,
    nearest_codes,
    normalise_hts,
    read_data_csv,
    revision_for_date,
    revision_published,
)

D = Decimal


def _shipped_rows() -> list[dict[str, str]]:
    return read_data_csv("hts_mfn.csv.gz")


def _assert_consistent(rate: Rate, text: str) -> None:
    """Invariants every parsed rate satisfies."""
    assert rate.text == text
    assert isinstance(rate.kind, RateKind)
    for part in rate.ad_valorem_parts:
        assert isinstance(part.rate, Decimal) and part.rate >= 0
    for sp in rate.specific:
        assert isinstance(sp.amount, Decimal) and sp.amount >= 0
        assert sp.per
    if rate.ad_valorem is not None:
        assert isinstance(rate.ad_valorem, Decimal)
        plain = [p.rate for p in rate.ad_valorem_parts if p.basis is None]
        assert rate.ad_valorem == sum(plain, D(0))
    else:
        assert all(p.basis is not None for p in rate.ad_valorem_parts)
    has_parts = bool(rate.specific or rate.ad_valorem_parts)
    if rate.kind in (RateKind.FREE, RateKind.NO_CHANGE, RateKind.REFERENCE):
        assert not has_parts and rate.scale is None
    if rate.kind is RateKind.AD_VALOREM:
        assert rate.ad_valorem_parts and not rate.specific
    if rate.kind is RateKind.SPECIFIC:
        assert rate.specific and not rate.ad_valorem_parts
    if rate.kind is RateKind.COMPOUND:
        assert rate.specific and rate.ad_valorem_parts
    if rate.kind is RateKind.DEGREE_SCALE:
        assert rate.scale is not None and not has_parts and not rate.is_computable
    if rate.kind is RateKind.REFERENCE:
        assert rate.reference and not rate.is_computable
    assert rate.is_free == (rate.kind is RateKind.FREE)
    if rate.is_computable:
        quantities = {u: D(3) for u in rate.specific_units}
        amount = rate.duty_amount(D(100), quantities)
        expected = D(100) * (rate.ad_valorem or 0) + sum(
            (s.amount * 3 for s in rate.specific), D(0)
        )
        assert amount == expected
    else:
        with pytest.raises(RateNotComputable):
            rate.duty_amount(D(100), {u: D(1) for u in rate.specific_units})


# ----------------------------------------------------------------------------- whole table


def test_every_general_text_in_the_shipped_table_parses() -> None:
    texts = {row["general"] for row in _shipped_rows()}
    assert len(texts) > 700  # 762 distinct texts in 2025 Basic/Rev 32, chapters 01-98
    kinds: dict[RateKind, int] = {}
    for text in sorted(texts):
        rate = parse_rate(text)
        _assert_consistent(rate, text)
        kinds[rate.kind] = kinds.get(rate.kind, 0) + 1
    # chapter 99 forms do not occur in the MFN table, every other kind does
    assert set(kinds) == set(RateKind) - {RateKind.ADDITIONAL, RateKind.NO_CHANGE}


def test_shipped_table_shape() -> None:
    rows = _shipped_rows()
    assert {len(r["hts"]) for r in rows} == {8, 10}
    assert all(r["hts"].isdigit() and not r["hts"].startswith("99") for r in rows)
    assert all(r["general"] and r["description"] for r in rows)
    assert max(len(r["description"]) for r in rows) <= 80
    assert set(mfn_revisions()) == {"2025_basic", "2025_rev_32"}
    assert len(load_mfn_table("2025_rev_32")) == 11569
    assert len(load_mfn_table("2025_basic")) == 11568


def test_every_rate_line_of_both_revisions_parses() -> None:
    for revision in mfn_revisions():
        for code, line in load_mfn_table(revision).items():
            assert line.hts == code and line.rate.text == line.general
            assert line.revision == revision


# ----------------------------------------------------------------------------- real lines


@pytest.mark.parametrize(
    ("hts", "general", "ad_valorem"),
    [
        ("8703.23.01", "2.5%", D("0.025")),  # cars 1,500-3,000 cc
        ("6109.10.00", "16.5%", D("0.165")),  # cotton T-shirts
        ("0101.30.00.00", "6.8%", D("0.068")),  # asses: legal line printed at 10 digits
    ],
)
def test_ad_valorem_lines(hts: str, general: str, ad_valorem: Decimal) -> None:
    line = mfn_line(hts)
    assert line.general == general
    assert line.rate.kind is RateKind.AD_VALOREM
    assert line.rate.ad_valorem == ad_valorem
    assert line.rate.specific == ()
    assert line.rate.duty_amount(D("20000")) == D("20000") * ad_valorem


@pytest.mark.parametrize("hts", ["7208.51.00", "3004.90.92", "2208.30.30", "8802.40.01"])
def test_free_lines(hts: str) -> None:
    line = mfn_line(hts)
    assert line.general == "Free"
    assert line.rate.is_free and line.rate.kind is RateKind.FREE
    assert line.rate.ad_valorem is None and line.rate.specific == ()
    assert line.rate.duty_amount(D("12345.67")) == 0
    assert line.rate.ad_valorem_equivalent(D(1)) == 0


def test_specific_lines() -> None:
    wine = mfn_line("2204.21.50").rate
    assert wine.kind is RateKind.SPECIFIC
    assert wine.specific == (SpecificDuty(D("0.063"), "liter", None, "6.3¢/liter"),)
    assert wine.ad_valorem is None
    assert wine.duty_amount(D(500), {"liters": D(100)}) == D("6.300")

    goats = mfn_line("0104.20.00").rate
    assert goats.specific[0].amount == D("0.68") and goats.specific[0].per == "head"

    tulips = mfn_line("0601.10.15.00").rate  # 89.6¢/1000
    assert tulips.specific[0].amount == D("0.896") and tulips.specific[0].per == "thousand"

    wool = mfn_line("5101.11.60").rate  # 18.7¢/clean kg
    assert wool.specific[0].per == "clean kg" and wool.specific[0].amount == D("0.187")


def test_compound_lines() -> None:
    milk = mfn_line("0402.29.50.00").rate
    assert milk.text == "$1.104/kg + 14.9%"
    assert milk.kind is RateKind.COMPOUND
    assert milk.ad_valorem == D("0.149")
    assert milk.specific == (SpecificDuty(D("1.104"), "kg", None, "$1.104/kg"),)
    # 100 kg worth $400: 14.9% of 400 + 1.104 * 100
    assert milk.duty_amount(D(400), {"kg": D(100)}) == D("59.600") + D("110.400")
    assert milk.ad_valorem_equivalent(D(4)) == D("0.149") + D("1.104") / D(4)

    hats = mfn_line("6505.00.08").rate  # two specific units
    assert hats.text == "13.5¢/kg + 6.3% + 1.9¢/article"
    assert [(s.amount, s.per) for s in hats.specific] == [
        (D("0.135"), "kg"),
        (D("0.019"), "article"),
    ]
    assert hats.ad_valorem == D("0.063")
    assert hats.ad_valorem_equivalent(D(10)) is None  # two units: needs quantities
    # 6.3% of $100 + 13.5¢ x 2 kg + 1.9¢ x 10 articles
    expected = D("6.3") + D("0.27") + D("0.19")
    assert hats.duty_amount(D(100), {"kg": D(2), "article": D(10)}) == expected
    with pytest.raises(RateNotComputable, match="article"):
        hats.duty_amount(D(100), {"kg": D(2)})

    must = mfn_line("2204.30.00").rate
    assert [(s.amount, s.per) for s in must.specific] == [
        (D("0.044"), "liter"),
        (D("0.314"), "pf.liter"),
    ]


def test_component_ad_valorem_watch_rate() -> None:
    watch = mfn_line("9102.11.10").rate
    assert watch.kind is RateKind.COMPOUND
    assert watch.ad_valorem is None  # no part is on the whole value
    assert watch.specific == (SpecificDuty(D("0.44"), "No.", None, "44¢ each"),)
    assert watch.ad_valorem_parts == (
        AdValoremDuty(D("0.06"), "case", "6% on the case"),
        AdValoremDuty(D("0.14"), "strap, band or bracelet", "14% on the strap, band or bracelet"),
        AdValoremDuty(D("0.053"), "battery", "5.3% on the battery"),
    )
    assert not watch.is_computable
    assert watch.ad_valorem_equivalent(D(50)) is None


def test_sugar_degree_scale() -> None:
    sugar = mfn_line("1701.12.10.00").rate
    assert sugar.kind is RateKind.DEGREE_SCALE
    assert sugar.scale is not None
    assert sugar.scale.base == D("0.036606")
    assert sugar.scale.step == D("0.00020668")
    assert sugar.scale.minimum == D("0.03143854")
    assert sugar.scale.amount_at(D(100)) == D("0.036606")
    assert sugar.scale.amount_at(D("99.5")) == D("0.036606") - D("0.00010334")
    assert sugar.scale.amount_at(D(50)) == D("0.03143854")  # floor
    assert not sugar.is_computable and sugar.specific == () and sugar.ad_valorem is None
    with pytest.raises(RateNotComputable, match="degrees"):
        sugar.duty_amount(D(100), {"kg": D(10)})


def test_reference_and_conditional_lines() -> None:
    lace = mfn_line("5810.91.00").rate
    assert lace.kind is RateKind.REFERENCE and lace.reference == "See additional U.S. note 1"
    bond = mfn_line("9813.00.05").rate
    assert bond.is_free and bond.condition is not None and bond.condition.startswith("under bond")
    assert not bond.is_computable
    movement = mfn_line("9110.90.40.00").rate
    assert movement.kind is RateKind.COMPOUND and movement.ad_valorem == D("0.043")
    assert movement.condition is not None and movement.condition.startswith("but if consisting")
    assert movement.specific[1] == SpecificDuty(
        D("0.002"), "No.", "other piece or part", "0.2¢ for each other piece or part"
    )
    minus = parse_rate("The duty rate provided in such subheading minus 0.5%")
    assert minus.kind is RateKind.REFERENCE and minus.adjustment == D("-0.005")


# ----------------------------------------------------------------------------- parser cases


@pytest.mark.parametrize(
    ("text", "ad_valorem", "specific"),
    [
        ("Free", None, ()),
        ("2.5%", D("0.025"), ()),
        ("4.4¢/kg", None, ((D("0.044"), "kg"),)),
        ("$1.227/kg", None, ((D("1.227"), "kg"),)),
        ("6.3¢/liter", None, ((D("0.063"), "liter"),)),
        ("1.5¢/doz.", None, ((D("0.015"), "doz."),)),
        ("0.9¢ each", None, ((D("0.009"), "No."),)),
        ("$2.16 each", None, ((D("2.16"), "No."),)),
        ("76¢/pr. + 32%", D("0.32"), ((D("0.76"), "pair"),)),
        ("18.7¢/m2", None, ((D("0.187"), "m2"),)),
        ("$1.13/m3", None, ((D("1.13"), "m3"),)),
        ("$1.24/t", None, ((D("1.24"), "t"),)),
        ("5.25¢/bbl", None, ((D("0.0525"), "bbl"),)),
        ("4.5¢/ liter", None, ((D("0.045"), "liter"),)),
        ("18.9¢/pf.liter", None, ((D("0.189"), "pf.liter"),)),
        ("6.8% + 0.5¢/kg", D("0.068"), ((D("0.005"), "kg"),)),
        ("1.4¢/kg + 2.8%", D("0.028"), ((D("0.014"), "kg"),)),
        ("40¢/kg +10.4%", D("0.104"), ((D("0.40"), "kg"),)),
        ("14¢/gross + 4.3%", D("0.043"), ((D("0.14"), "gross"),)),
        ("0.3¢/line/ gross + 4.6%", D("0.046"), ((D("0.003"), "line/gross"),)),
        ("10¢/1,000 pins + 3.5%", D("0.035"), ((D("0.10"), "thousand"),)),
        ("20¢/thousand + 3.5%", D("0.035"), ((D("0.20"), "thousand"),)),
        ("17¢ each + 2.5% + 1¢/jewel", D("0.025"), ((D("0.17"), "No."), (D("0.01"), "jewel"))),
    ],
)
def test_parse_examples(
    text: str, ad_valorem: Decimal | None, specific: tuple[tuple[Decimal, str], ...]
) -> None:
    rate = parse_rate(text)
    _assert_consistent(rate, text)
    assert rate.ad_valorem == ad_valorem
    assert tuple((s.amount, s.per) for s in rate.specific) == specific
    assert all(s.basis is None for s in rate.specific)


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("3.7¢/kg on drained weight", "drained weight"),
        ("5.7¢/kg on drained weight +8%", "drained weight"),
        ("16.9¢/kg of total sugars + 5.1%", "total sugars"),
        ("1.7¢/kg on lead content", "lead content"),
        ("2.1¢/kg on entire contents of container", "entire contents of container"),
        ("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case", "over 7"),
        ("3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content", "ethyl alcohol content"),
    ],
)
def test_specific_with_basis_is_not_computable(text: str, basis: str) -> None:
    rate = parse_rate(text)
    _assert_consistent(rate, text)
    assert basis in {s.basis for s in rate.specific}
    assert not rate.is_computable and rate.ad_valorem_equivalent(D(1)) is None


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("2.5% on the value of the lead content", "value of the lead content"),
        ("3 percent of the fair retail value", "fair retail value"),
        ("6.5% on the entire set", "entire set"),
        ("3.9% on the movement and case+ 5.3% on the battery", "movement and case"),
    ],
)
def test_ad_valorem_on_a_basis(text: str, basis: str) -> None:
    rate = parse_rate(text)
    _assert_consistent(rate, text)
    assert rate.kind is RateKind.AD_VALOREM and rate.ad_valorem is None
    assert rate.ad_valorem_parts[0].basis == basis


@pytest.mark.parametrize(
    ("text", "ad_valorem", "base"),
    [
        ("The duty provided in the applicable subheading + 25%", D("0.25"), None),
        ("The duty provided in the applicable subheading + 50%.", D("0.50"), None),
        ("The duty provided in the applicable subheading plus 25%", D("0.25"), None),
        ("The duty provided inthe applicable subheading+ 25%", D("0.25"), None),
        ("The duty provided in the applicable subheading +10%", D("0.10"), None),
        ("The duty provided in the applicable subheading + a duty of 25%", D("0.25"), None),
        ("The duty provided in the applicable subheading", None, None),
        ("The duty provided for in the applicable subheading", None, None),
        ("The duty provided in the applicable subheading.", None, None),
        (
            "The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%",
            D("1.00"),
            "subheadings 8716.39.00, 8716.90.30 or 8716.90.50",
        ),
    ],
)
def test_chapter_99_additional_duties(text: str, ad_valorem: Decimal | None, base: str) -> None:
    rate = parse_rate(text)
    _assert_consistent(rate, text)
    assert rate.kind is RateKind.ADDITIONAL and rate.adds_to_base
    assert rate.ad_valorem == ad_valorem
    assert rate.base == (base or "the applicable subheading")
    assert rate.duty_amount(D(1000)) == D(1000) * (ad_valorem or 0)


def test_chapter_99_content_basis_and_no_change() -> None:
    steel = parse_rate(
        "The duty provided in the applicable subheading + a duty of 50% upon the value of the "
        "steel content."
    )
    assert steel.kind is RateKind.ADDITIONAL and steel.ad_valorem is None
    assert steel.ad_valorem_parts[0].rate == D("0.50")
    assert steel.ad_valorem_parts[0].basis == "value of the steel content"
    assert not steel.is_computable
    for text in ("No change", "no change"):
        rate = parse_rate(text)
        assert rate.kind is RateKind.NO_CHANGE and rate.adds_to_base
        assert rate.duty_amount(D(100)) == 0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "2.5",
        "2.5 %%",
        "%",
        "¢/kg",
        "4.4¢",
        "4.4¢/furlong",
        "$/kg",
        "+ 5%",
        "5% +",
        "5% + + 3%",
        "Free Free",
        "Free (A+,AU,BH)",  # a Special-column text with its programme list
        "-2.5%",
        "2,5%",
        "1.2.3%",
        "25¢/kg less 1¢/kg for each degree under 100 degrees",
        "The duty provided in the applicable subheading + banana",
        "37% /",
        ":",
    ],
)
def test_malformed_texts_raise(text: str) -> None:
    with pytest.raises(RateParseError) as info:
        parse_rate(text)
    assert repr(text) in str(info.value)
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_non_string_raises_parse_error() -> None:
    with pytest.raises(RateParseError):
        parse_rate(2.5)  # type: ignore[arg-type]


def test_ad_valorem_equivalent() -> None:
    rate = parse_rate("1.4¢/kg + 2.8%")
    assert rate.ad_valorem_equivalent(D(1)) == D("0.042")
    assert rate.ad_valorem_equivalent(D("0.014")) == D("1.028")
    assert parse_rate("2.5%").ad_valorem_equivalent(D(7)) == D("0.025")
    assert parse_rate("$1/kg").ad_valorem_equivalent(D(4)) == D("0.25")
    with pytest.raises(ValueError, match="positive"):
        rate.ad_valorem_equivalent(D(0))
    with pytest.raises(RateNotComputable, match="kg"):
        rate.duty_amount(D(100))


def test_units_normalise_between_rates_and_quantity_column() -> None:
    assert normalise_unit("each") == normalise_unit("No.") == "No."
    assert normalise_unit("pr.") == normalise_unit("prs.") == "pair"
    assert normalise_unit("liters") == "liter"
    assert normalise_unit("pf. liter") == normalise_unit("pf.liters") == "pf.liter"
    assert normalise_unit("m²") == "m2"
    assert normalise_unit("thousands") == normalise_unit("1000") == "thousand"
    assert normalise_unit("kg cmsc") == "kg cmsc"  # unknown words pass through
    # a quantity given in the schedule's own words fits a specific rate
    assert parse_rate("0.9¢ each").duty_amount(D(50), {"No.": D(100)}) == D("0.900")


# ----------------------------------------------------------------------------- hypothesis

_UNITS = ["kg", "liter", "doz.", "pr.", "m2", "m3", "t", "bbl", "gross", "head", "pf.liter"]
_cents = st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)
_pct = st.decimals(min_value=D("0.1"), max_value=D("350"), places=1)


def _spec_text(amount: Decimal, unit: str, dollars: bool) -> str:
    if dollars:
        return f"${amount}/{unit}" if unit != "each" else f"${amount} each"
    return f"{amount}¢/{unit}" if unit != "each" else f"{amount}¢ each"


@given(
    pct=st.one_of(st.none(), _pct),
    specifics=st.lists(
        st.tuples(_cents, st.sampled_from([*_UNITS, "each"]), st.booleans()),
        max_size=3,
    ),
    pct_first=st.booleans(),
)
def test_round_trip_generated_rates(
    pct: Decimal | None, specifics: list[tuple[Decimal, str, bool]], pct_first: bool
) -> None:
    if pct is None and not specifics:
        return
    parts = [_spec_text(a, u, d) for a, u, d in specifics]
    if pct is not None:
        parts.insert(0 if pct_first else len(parts), f"{pct}%")
    text = " + ".join(parts)
    rate = parse_rate(text)
    _assert_consistent(rate, text)
    assert rate.ad_valorem == (None if pct is None else pct / 100)
    expected = tuple((a if d else a / 100, normalise_unit(u)) for a, u, d in specifics)
    assert tuple((s.amount, s.per) for s in rate.specific) == expected


_alphabet = st.sampled_from(list("0123456789.,%$¢/+ eachkgliterFreAthdusbjcntopw()-"))


@given(st.one_of(st.text(max_size=40), st.text(alphabet=_alphabet, max_size=40)))
def test_garbage_parses_consistently_or_raises(text: str) -> None:
    try:
        rate = parse_rate(text)
    except RateParseError as err:
        assert err.text == text
        return
    _assert_consistent(rate, text)


# ----------------------------------------------------------------------------- lookups


def test_ten_digit_code_falls_back_to_its_eight_digit_line() -> None:
    line = mfn_line("8703.23.01.90")
    assert line.fallback and line.requested == "8703230190"
    assert line.hts == "87032301" and line.dotted == "8703.23.01"
    assert line.general == "2.5%" and line.rate.ad_valorem == D("0.025")
    assert line.description.startswith("Of a cylinder capacity exceeding 1,500 cc")
    exact = mfn_line("87032301")
    assert not exact.fallback and exact.requested == exact.hts == "87032301"


def test_eight_digit_code_finds_line_printed_at_ten_digits() -> None:
    cork = mfn_line("4503.10.20")
    assert cork.hts == "4503102000" and not cork.fallback and cork.general == "Free"
    assert mfn_line("4503102000").hts == "4503102000"


def test_revisions_and_dates() -> None:
    assert revision_published("2025_rev32") == date(2025, 12, 5)
    assert revision_published("2025_basic") == date(2025, 1, 1)
    assert revision_for_date(date(2025, 6, 1)) == "2025_basic"
    assert revision_for_date(date(2025, 12, 5)) == "2025_rev_32"
    assert revision_for_date(date(2026, 3, 1)) == "2025_rev_32"
    with pytest.raises(ValueError, match="2025_basic"):
        revision_for_date(date(2024, 12, 31))
    # 2825.60.00: a 10-digit legal line in Basic, an 8-digit line with statistical lines in
    # Rev 32; same rate
    basic = mfn_line("2825.60.00", on=date(2025, 3, 1))
    assert basic.revision == "2025_basic" and basic.hts == "2825600000"
    rev32 = mfn_line("2825.60.00", "2025_rev32")
    assert rev32.revision == "2025_rev_32" and rev32.hts == "28256000"
    assert basic.general == rev32.general == "3.7%"
    # a line added after the Basic edition
    assert mfn_line("4420.19.00.00").revision == "2025_rev_32"
    with pytest.raises(HtsCodeNotFound, match="present in 2025_rev_32"):
        mfn_line("4420.19.00.00", "2025_basic")
    with pytest.raises(ValueError, match="not shipped"):
        mfn_line("8703.23.01", "2024_basic")
    with pytest.raises(ValueError, match="not both"):
        mfn_line("8703.23.01", "2025_basic", on=date(2025, 3, 1))


def _typos(count: int) -> list[tuple[str, str]]:
    """(intended, typed): real rate lines with one digit wrong or two adjacent digits swapped."""
    codes = load_mfn_table()
    rng = random.Random(17)
    found: list[tuple[str, str]] = []
    while len(found) < count:
        code = rng.choice(sorted(codes))
        i = rng.randrange(len(code) - 1)
        typed = (
            code[:i] + rng.choice("0123456789") + code[i + 1 :]
            if rng.random() < 0.5
            else code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        )
        if typed[:8] not in codes and typed not in codes:
            found.append((code, typed))
    return found


def test_suggestions_from_the_index_find_what_a_full_scan_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The suggestions compare a code with the lines under headings one slip away, not with
    # the whole schedule: every intended code a full scan suggests is still suggested, and
    # where a full scan puts it first, so does the index.
    typos = _typos(40)
    indexed = [nearest_codes(typed) for _, typed in typos]
    codes = sorted(load_mfn_table())
    monkeypatch.setattr(
        hts_schedule, "_near_pool", lambda code, _: [c for c in codes if len(c) == len(code)]
    )
    scanned = [nearest_codes(typed) for _, typed in typos]
    assert sum(intended in s for (intended, _), s in zip(typos, scanned, strict=True)) >= 20
    for (intended, typed), index, scan in zip(typos, indexed, scanned, strict=True):
        assert intended in index or intended not in scan, typed
        assert index[0] == intended or scan[0] != intended, typed


def test_unknown_code_suggests_nearest() -> None:
    with pytest.raises(HtsCodeNotFound) as info:
        mfn_line("8802.40.00")  # the aircraft line is 8802.40.01
    assert info.value.suggestions[0] == "88024001"
    assert "8802.40.01" in str(info.value)
    assert nearest_codes("8730.23.01")[0] == "87032301"  # swapped digits
    assert nearest_codes("870323", n=3) == ["87032301", "87032201", "87032401"]
    assert len(nearest_codes("0101", n=5)) == 5
    assert all(c.startswith("0101") for c in nearest_codes("0101", n=4))
    assert nearest_codes("87032301", n=0) == []
    with pytest.raises(HtsCodeNotFound):
        mfn_line("870323")  # a subheading, not a rate line
    with pytest.raises(HtsCodeNotFound, match="chapter 99"):
        mfn_line("9903.01.25")


def test_malformed_codes() -> None:
    for bad in ("", "abc", "8703.23.01.90.11", "87O3", "８７０３２３０１"):
        with pytest.raises(ValueError):
            mfn_line(bad)
    assert normalise_hts(" 8703.23.01 ") == "87032301"
    assert format_hts("8703230190") == "8703.23.01.90"


def test_hts_context() -> None:
    context = hts_context("8703.23.01.90")
    assert [code for code, _ in context] == ["8703", "87032301"]
    assert context[0][1].startswith("Motor cars and other motor vehicles")
    assert hts_context("6109.10.00.12") == [
        ("6109", "T-shirts, singlets, tank tops and similar garments, knitted or crocheted:"),
        ("61091000", "Of cotton"),
    ]
    assert [code for code, _ in hts_context("6109")] == ["6109"]


# ----------------------------------------------------------------------------- reading the table


def test_the_table_is_sorted_one_row_a_line_for_the_binary_search() -> None:
    # mfn_line finds a code by binary search over the lines of the file: that needs one row
    # a line and the rows sorted by code (hence as text: a comma sorts before every digit)
    lines = hts_schedule._mfn_lines()
    assert lines == sorted(lines)
    assert [row["hts"] for row in _shipped_rows()] == [line.split(",")[0] for line in lines]


def test_one_lookup_reads_the_line_the_whole_table_holds() -> None:
    for revision in mfn_revisions():
        for code, line in load_mfn_table(revision).items():
            assert mfn_line(code, revision) == line, code
