"""Shortcuts of the normalizer (issue 17, part 6) give what the rules they stand for
give: each is checked against the rule as first written, on generated texts."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import normalize as nz

# short texts of blanks, line breaks, sentence ends and words, in any order
_LINE_PIECES = st.lists(st.sampled_from(["a", "B", "đ", " ", "\t", "\n", "\n\n", "\n ", ".", ":", ";", "!", "?",
                                         "\u3000", "\u2002", "1. ", "b) ", "Sở", "  ", "-"]),
                        max_size=40).map("".join)


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=1500, deadline=None)
@given(_LINE_PIECES)
@example("a\nb c.\n\tB\n\nđ")
def test_line_break_patterns_read_from_their_line_break_find_what_the_patterns_find(text: str) -> None:
    """In a text with no blank before a line break, the form of each line-break pattern
    that opens with its line break finds the pattern's matches; in any text, the search
    :func:`_at_line_breaks` makes finds them."""
    bare_text = re.sub(r"[ \t]+\n", "\n", text)
    for pattern, bare in nz._FROM_LINE_BREAK.items():
        assert _spans(bare.finditer(bare_text)) == _spans(pattern.finditer(bare_text))
        for t in (text, bare_text):
            assert _spans(nz._at_line_breaks(pattern, t)) == _spans(pattern.finditer(t))
