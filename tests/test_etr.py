"""Import-weighted effective rates: assumptions, series, output, chart and the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import tradeterms
from tradeterms.catalog import Catalog
from tradeterms.effective import Assumptions, basket, etr, etr_frame, etr_output, etr_series
from tradeterms.errors import InvalidArgumentError
from tradeterms.output import FORMATS, render


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return tradeterms.load()


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """A slice of the shipped basket: every partner's 150 largest lines."""
    lines = basket().sort_values("value", ascending=False)
    return lines.groupby("partner").head(150)


def test_the_shipped_basket_holds_six_partners() -> None:
    lines = basket()
    assert sorted(set(lines["partner"])) == ["CH", "EU", "GB", "JP", "KR", "VN"]
    assert len(lines) == 57_795
    assert lines["hts10"].str.len().eq(10).all()


def test_a_partner_read_alone_has_its_lines_of_the_whole_basket() -> None:
    from tradeterms.effective import _basket_of

    lines = basket()
    for partner in ["CH", "EU", "GB", "JP", "KR", "VN", "US"]:
        alone = _basket_of(partner)
        whole = lines[lines["partner"] == partner].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, whole)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"metal_share": 1.5}, "metal_share"),
        ({"quota_fill": -0.1}, "quota_fill"),
        ({"dating": "someday"}, "dating must be one of legal, known"),
        ({"preferences": "all"}, "preferences"),
    ],
)
def test_bad_assumptions_are_refused(options: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidArgumentError, match=words):
        Assumptions(**options)  # type: ignore[arg-type]


def test_unknown_partner_names_the_partners_weighed(shipped: Catalog) -> None:
    with pytest.raises(InvalidArgumentError, match="no lines for 'FR'; they have CH, EU"):
        etr("FR", "2026-03-01", catalog=shipped)


def test_the_bracket_holds_the_rate_and_layers_add_up(
    shipped: Catalog, sample: pd.DataFrame
) -> None:
    for result in etr_frame(["EU", "UK", "VN"], ["2025-11-17"], weights=sample, catalog=shipped):
        assert result.low <= result.rate <= result.high
        assert 0 < result.coverage <= result.priced <= 1
        assert sum(result.by_layer.values()) == pytest.approx(result.rate)
        chapters = sum(value for _, value, _, _ in result.by_chapter)
        assert chapters == pytest.approx(result.value)
    assert [r.partner for r in etr_frame(["UK"], ["2025-11-17"], weights=sample)] == ["GB"]


def test_a_series_equals_the_rate_computed_day_by_day(
    shipped: Catalog, sample: pd.DataFrame
) -> None:
    """Days that share one calculation give what each day computed alone gives."""
    series = etr_series(["JP"], "2025-08-01", "2025-09-20", 5, weights=sample, catalog=shipped)
    assert len(series) == 11
    for result in series[::3]:
        alone = etr("JP", result.on, weights=sample, catalog=shipped)
        assert (alone.rate, alone.low, alone.high) == (result.rate, result.low, result.high)
    assert len({r.rate for r in series}) > 1  # the deal's rates changed in that span


def test_a_series_reads_a_change_written_in_a_claim(shipped: Catalog) -> None:
    """The JP drones term is in force from 3 Sep 2026, a date written only in a claim's
    value: a daily series across it changes on that day, as each day alone does."""
    lines = basket()
    drones = lines[(lines["partner"] == "JP") & lines["hts10"].str.startswith("8806")]
    series = etr_series(["JP"], "2026-09-01", "2026-09-05", weights=drones, catalog=shipped)
    for result in series:
        alone = etr("JP", result.on, weights=drones, catalog=shipped)
        assert (alone.rate, alone.low, alone.high) == (result.rate, result.low, result.high)
    assert series[1].rate != series[2].rate  # 2 and 3 Sep 2026


def test_per_unit_mfn_left_open_lowers_the_priced_share(
    shipped: Catalog, sample: pd.DataFrame
) -> None:
    observed = etr("CH", "2026-03-01", weights=sample, catalog=shipped)
    open_ = etr(
        "CH",
        "2026-03-01",
        weights=sample,
        catalog=shipped,
        assumptions=Assumptions(per_unit_mfn="unsettled"),
    )
    assert open_.priced < observed.priced
    assert open_.coverage == observed.coverage


def test_korus_preference_changes_the_mfn_layer(shipped: Catalog, sample: pd.DataFrame) -> None:
    used = etr("KR", "2025-12-01", weights=sample, catalog=shipped)
    general = etr(
        "KR",
        "2025-12-01",
        weights=sample,
        catalog=shipped,
        assumptions=Assumptions(preferences="none"),
    )
    assert used.by_layer["mfn"] < general.by_layer["mfn"]


def test_every_output_format(shipped: Catalog, sample: pd.DataFrame) -> None:
    results = etr_frame(["EU", "JP"], ["2026-03-01"], weights=sample, catalog=shipped)
    output = etr_output(results)
    assert set(output.formats) == {n for n in FORMATS if n != "github"}
    for fmt in output.formats:
        assert render(output, fmt)
    data = json.loads(render(output, "json"))
    assert [d["partner"] for d in data] == ["EU", "JP"]
    assert data[0]["assumptions"]["metal_share"] == "bea"
    assert render(output, "csv").splitlines()[0].startswith("partner,on,rate %,low %,high %")


def test_the_chart_has_a_panel_per_partner(shipped: Catalog, sample: pd.DataFrame) -> None:
    from tradeterms.charts import etr_alt, etr_figure

    results = etr_series(
        ["EU", "GB"], "2025-03-01", "2025-06-01", 30, weights=sample, catalog=shipped
    )
    figure = etr_figure(results)
    assert [ax.get_title() for ax in figure.axes if ax.get_visible()] == ["EU", "GB"]
    assert etr_alt(results).count("%") == 4


def test_etr_command_series_and_chart(tmp_path: Path, sample: pd.DataFrame) -> None:
    from tradeterms.cli_etr import command

    weights = tmp_path / "weights.csv"
    sample.to_csv(weights, index=False)
    chart, out = tmp_path / "rates.svg", tmp_path / "rates.csv"
    args = [
        "EU",
        "JP",
        "--from",
        "2025-03-01",
        "--to",
        "2025-05-01",
        "--step",
        "30",
        "--weights",
        str(weights),
        "--chart",
        str(chart),
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * 3
    assert chart.read_text(encoding="utf-8").startswith("<?xml")


def test_etr_command_refuses_mixed_dates() -> None:
    from tradeterms.cli_etr import command

    result = CliRunner().invoke(command, ["EU", "--on", "2026-01-01", "--from", "2025-01-01"])
    assert result.exit_code == 2
    assert "give --on, or --from and --to" in result.output


def test_duty_file_command_reports_bad_rows(tmp_path: Path) -> None:
    from tradeterms.cli_duty import command

    entries = tmp_path / "entries.csv"
    entries.write_text(
        "origin,hts,on,value\nJP,8703.23.01,2025-10-01,30000\nZZ,8703.23.01,2025-10-01,1\n"
        "JP,8703.23.01,2025-10-01,-4\n",
        encoding="utf-8",
    )
    out = tmp_path / "duties.csv"
    result = CliRunner().invoke(command, ["--file", str(entries), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{entries}:3: unknown origin 'ZZ'" in result.output
    assert f"{entries}:4: 'value' must be a number" in result.output
    table = pd.read_csv(out)
    assert table["duty"].tolist()[0] == 4500.0
    assert table["settled"].tolist() == [True, False, False]


def test_duty_file_command_needs_the_columns(tmp_path: Path) -> None:
    from tradeterms.cli_duty import command

    entries = tmp_path / "entries.csv"
    entries.write_text("origin,hts\nJP,8703.23.01\n", encoding="utf-8")
    result = CliRunner().invoke(command, ["--file", str(entries)])
    assert result.exit_code == 1
    assert "duty_frame needs the columns on" in result.output
