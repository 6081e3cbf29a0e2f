"""The batch engine reads the MFN schedule as the scalar calculator does, code by code."""

from __future__ import annotations

import math

import pytest

from tradeterms._data_files import data_columns
from tradeterms._duty_steps import Ledger
from tradeterms._hts_schedule import load_mfn_table, mfn_line, mfn_revisions
from tradeterms._mfn_arrays import mfn_arrays
from tradeterms.duties import _mfn_fraction

# codes the schedule does not read: a subheading, a typo, chapter 99, malformed ones
REFUSED = ("870323", "8802.40.00", "9903.01.25", "abc", "8", "", "8703.23.01.90.11")


def _codes(revision: str) -> list[str]:
    """Every rate line, every statistical line and its 8 digits, dotted forms, and codes the
    schedule does not read."""
    lines = list(load_mfn_table(revision))
    stat = list(data_columns("hts_stat_lines.csv.gz")["hts10"])
    dotted = ["8703.23.01.90", "4503.10.20", "2825.60.00", " 0101.30.00.00 "]
    return [*lines, *stat, *{code[:8] for code in stat}, *dotted, *REFUSED]


@pytest.mark.parametrize("revision", mfn_revisions())
def test_every_code_reads_the_line_and_rate_of_the_scalar_lookup(revision: str) -> None:
    codes = _codes(revision)
    found = mfn_arrays(codes, revision)
    for k, code in enumerate(codes):
        try:
            line = mfn_line(code, revision)
        except (ValueError, LookupError) as exc:
            assert (found.error[k], found.line[k], found.digits[k]) == (str(exc), "", ""), code
            assert math.isnan(found.mfn[k]) and not found.specific[k], code
            continue
        ledger = Ledger()
        fraction, _ = _mfn_fraction(line, None, None, ledger)
        assert found.error[k] == "" and found.line[k] == line.hts, code
        assert found.digits[k] == line.requested, code
        assert found.reason[k] == (ledger.unsettled[0] if ledger.unsettled else ""), code
        if fraction is None:
            assert math.isnan(found.mfn[k]), code
        else:
            assert found.mfn[k] == float(fraction), code
        assert found.specific[k] == (bool(line.rate.specific) and line.rate.is_computable), code


def test_refused_codes_keep_the_scalar_words_with_the_nearest_codes() -> None:
    found = mfn_arrays(["8802.40.00", "87032301"], "2025_rev_32")
    assert "nearest: 8802.40.01" in found.error[0] and found.error[1] == ""
    assert not found.mfn.flags.writeable  # shared by every group with these codes
