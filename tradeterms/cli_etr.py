"""`tradeterms etr`: import-weighted US tariff rates by partner, on a date or as a series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tradeterms.cli_common import (
    DATE,
    data_option,
    emit_rendering,
    fail,
    format_for,
    known_on_option,
    load_catalog,
)
from tradeterms.cli_common import output_options as _output_options
from tradeterms.output import TABLE_FORMATS

__all__ = ["command"]


def _share(text: str) -> str | float:
    if text == "bea":
        return text
    try:
        return float(text)
    except ValueError:
        raise click.BadParameter(f"'bea' or a share such as 0.2, got {text!r}") from None


@click.command(name="etr")
@click.argument("partners", nargs=-1, required=True)
@click.option("--on", "on", type=DATE, help="The date (default today).")
@click.option("--from", "date_from", type=DATE, help="First date of a series.")
@click.option("--to", "date_to", type=DATE, help="Last date of a series.")
@click.option(
    "--step",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Days between the dates of a series.",
)
@known_on_option
@click.option(
    "--dating",
    type=click.Choice(["legal", "known"]),
    default="legal",
    show_default=True,
    help="legal: measures from their legal effective date; known: only sources public on each day.",
)
@click.option(
    "--metal-share",
    default="bea",
    show_default=True,
    help="Metal share of derivatives: 'bea' (shipped estimate per HTS10) or a share.",
)
@click.option(
    "--quota-fill",
    type=click.FloatRange(0, 1),
    default=1.0,
    show_default=True,
    help="Share of quota goods (UK cars) at the in-quota rate.",
)
@click.option(
    "--unlisted-232",
    type=click.Choice(["bracket", "not_applied"]),
    default="bracket",
    show_default=True,
    help="Section 232 actions with no HTS list: in the bracket, or not applied.",
)
@click.option(
    "--per-unit-mfn",
    type=click.Choice(["observed", "unsettled"]),
    default="observed",
    show_default=True,
    help="Price specific MFN rates at the 2024 duty over value, or leave them open.",
)
@click.option(
    "--preferences",
    type=click.Choice(["observed", "none"]),
    default="observed",
    show_default=True,
    help="KORUS/CAFTA-DR: the MFN paid in 2024, or column 1.",
)
@click.option(
    "--weights",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="CSV of weights (partner, hts10, value[, duty]); default the 2024 basket.",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the rates over time, layers stacked (.png or .svg).",
)
@data_option
@_output_options(TABLE_FORMATS)
@click.pass_context
def command(
    ctx: click.Context,
    partners: tuple[str, ...],
    on: dt.date | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    step: int,
    known_on: dt.date | None,
    dating: str,
    metal_share: str,
    quota_fill: float,
    unlisted_232: str,
    per_unit_mfn: str,
    preferences: str,
    weights: Path | None,
    chart: Path | None,
    data: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Import-weighted US tariff rate on goods of PARTNERS (EU JP GB KR CH VN), with its
    coverage, a low–high bracket and the rate by layer; every assumption is an option."""
    from tradeterms.effective import Assumptions, etr_frame, render_etr
    from tradeterms.errors import TradetermsError

    if (date_from is None) != (date_to is None) or (on and date_from):
        raise click.UsageError("give --on, or --from and --to (with --step)")
    if date_from and date_to:
        if date_to < date_from:
            raise click.UsageError("--to is before --from")
        span = (date_to - date_from).days
        days = [date_from + dt.timedelta(days=n) for n in range(0, span + 1, step)]
    else:
        days = [on or dt.date.today()]
    catalog = load_catalog(data)
    try:
        options = Assumptions(
            _share(metal_share),
            quota_fill=quota_fill,
            unlisted_232=unlisted_232,
            per_unit_mfn=per_unit_mfn,
            preferences=preferences,
            dating=dating,
        )
        table = _read_weights(weights) if weights else None
        results = etr_frame(
            partners, days, weights=table, known_on=known_on, assumptions=options, catalog=catalog
        )
    except TradetermsError as exc:
        fail(str(exc))
    fmt = format_for(ctx, fmt, output, TABLE_FORMATS)
    emit_rendering(lambda: render_etr(results, fmt), output)
    if chart is not None:
        _draw(results, chart)


def _read_weights(path: Path):  # type: ignore[no-untyped-def]
    import pandas as pd

    try:
        return pd.read_csv(path, dtype={"partner": str, "hts10": str})
    except (ValueError, OSError) as exc:
        fail(f"{path}: cannot read the weights: {exc}")


def _draw(results: list, path: Path) -> None:  # type: ignore[type-arg]
    from tradeterms.charts import etr_figure

    if path.suffix.lower() not in (".png", ".svg"):
        fail(f"{path}: the chart is written as .png or .svg")
    try:
        etr_figure(results).savefig(
            path, metadata={"Date": None} if path.suffix == ".svg" else None
        )
    except ImportError:
        fail("the chart needs matplotlib: pip install tradeterms[plot]")
