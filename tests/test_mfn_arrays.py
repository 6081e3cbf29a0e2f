"""The batch engine reads the MFN schedule as the scalar calculator does, code by code."""

from __future__ import annotations

import math

import numpy as np
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


def test_kept_keys_and_prices_give_each_revision_its_own_answer() -> None:
    """The joins of a list of codes, the lines each code of the schedule reads and the price
    of each rate text are kept across revisions: asking one revision after the other gives
    what each gives with nothing kept."""
    from tradeterms import _mfn_arrays

    codes = _codes(mfn_revisions()[-1])
    kept = {revision: mfn_arrays(codes, revision) for revision in mfn_revisions()}
    for revision in mfn_revisions():
        kept_tables = (_mfn_arrays._table, _mfn_arrays._reads, _mfn_arrays.code_keys)
        for cache in (*kept_tables, _mfn_arrays._price):
            cache.cache_clear()
        alone = mfn_arrays(codes, revision)
        for name in ("digits", "line", "reason", "specific", "error"):
            assert getattr(kept[revision], name).tolist() == getattr(alone, name).tolist()
        assert np.array_equal(kept[revision].mfn, alone.mfn, equal_nan=True)
    assert kept["2025_basic"].error.tolist() != kept["2025_rev_32"].error.tolist()


def test_the_entries_of_some_codes_are_theirs_in_any_order() -> None:
    # duty_frame's groups read the frame's entries at their own codes: an entry is the
    # code's, whatever other codes are asked with it and in which order
    found = mfn_arrays(["2204.21.50", "8802.40.00", "87032301"], "2025_rev_32")
    part = mfn_arrays(["87032301", "2204.21.50"], "2025_rev_32")
    at = np.array([2, 0])
    for name in ("digits", "line", "reason", "specific", "error"):
        assert getattr(part, name).tolist() == getattr(found, name)[at].tolist()
    assert np.array_equal(part.mfn, found.mfn[at], equal_nan=True)
    assert part.line.tolist() == ["87032301", "22042150"] and part.revision == "2025_rev_32"
    assert part.error.tolist() == ["", ""] and part.specific.tolist() == [False, True]
    assert part.digits.tolist() == ["87032301", "22042150"] and not part.mfn.flags.writeable
