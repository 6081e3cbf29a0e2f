"""`tradeterms duty --file`: the duty on every row of a CSV of entries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tradeterms.cli_common import emit_rendering, fail

if TYPE_CHECKING:
    import pandas as pd

    from tradeterms.catalog import Catalog

__all__ = ["progress_bar", "run_file"]

_BAR_FROM = 5_000  # rows; shorter runs finish before a bar would be read


def run_file(path: Path, catalog: Catalog, fmt: str, output: Path | None) -> None:
    """Compute every row, write the table, report refused rows by row number (exit 1)."""
    import pandas as pd

    from tradeterms.batch import duty_frame, frame_output

    try:
        entries = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read the entries: {exc}")
    with progress_bar(len(entries), "entries") as advance:
        try:
            result = duty_frame(entries, catalog=catalog, progress=advance)
        except ValueError as exc:  # a missing column (InvalidArgumentError)
            fail(f"{path}: {exc}")
    emit_rendering(lambda: frame_output(result).render(fmt), output)
    refused = _refused(result)
    for row, message in refused:
        click.echo(f"{path}:{row}: {message}", err=True)
    if refused:
        click.echo(
            f"{len(refused)} of {len(result)} rows refused; the others are computed", err=True
        )
        sys.exit(1)


def _refused(result: pd.DataFrame) -> list[tuple[int, str]]:
    errors = result["error"]
    bad = errors.notna().to_numpy()
    rows = (result.index.to_numpy() + 2)[bad]  # file line: header is line 1
    return list(zip(rows.tolist(), errors[bad].tolist(), strict=True))


class progress_bar:
    """A tqdm bar on stderr for long runs when stderr is a terminal; else nothing."""

    def __init__(self, total: int, unit: str) -> None:
        self.total, self.unit = total, unit
        self.bar: Any = None

    def __enter__(self) -> Any:
        if self.total >= _BAR_FROM and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit=f" {self.unit}", file=sys.stderr)
            return self.bar.update
        return lambda n: None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
