"""Table cells wrapped by tradeterms._wrap lay out exactly as tabulate's maxcolwidths does."""

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from tradeterms._wrap import wrap_cells

# Words as the data writes them: letters, digits, hyphens, slashes, dashes, punctuation;
# some longer than a column.
WORD = st.text(alphabet="abcXYZ019-–—/.,:()%", min_size=1, max_size=30)
CELL = st.lists(st.tuples(WORD, st.sampled_from([" ", " ", "  ", "\n"])), max_size=25).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)
WIDTHS = [None, 12, 25, 8]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=5))
def test_same_table_as_tabulate(rows: list[tuple[str, str, str, str]]) -> None:
    headers = ["id", "message", "status", "n"]
    expected = tabulate(rows, headers, disable_numparse=True, maxcolwidths=WIDTHS)
    assert tabulate(wrap_cells(rows, WIDTHS), headers, disable_numparse=True) == expected


def test_cells_are_wrapped_to_their_width() -> None:
    [row] = wrap_cells([("a b c", "one two three four")], [None, 9])
    assert row == ["a b c", "one two\nthree\nfour"]
