"""Shortcuts of the parser's stages (issue 17, parser throughput) find what the rules
they stand for find: each is checked against the rule as first written, on generated
texts."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import deadlines
from ttdn_graph.agencies import AgencyMatcher

_MATCHER = AgencyMatcher.for_province(None)


# pieces that come near deadline cues and period labels, in every case ("İ" lowers to two
# characters: the lowered text no longer keeps places, and no stretch is skipped)
_DEADLINE_PIECES = ["trước", "TRƯỚC", "Trước", "chậm nhất", "CHẬM NHẤT là", "hạn chót", "hoàn thành", "ngày",
                    "NGÀY", "Ngày", "nGàY", "ngay", " ", "\n", "15/5", "01 tháng 12", " năm 2025", "báo cáo",
                    "Thời gian", "THỜI HẠN", "tHỜi gian thực hiện", "thoi gian", ":", "quý II/2025", "tháng 6/2025",
                    "về", "Sở Tài chính", ".", ";", "x", "İ"]


@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.sampled_from(_DEADLINE_PIECES), max_size=24), cut=st.tuples(
    st.integers(0, 40), st.integers(0, 40)))
@example(pieces=["Sở Tài chính", " ", "báo cáo", " ", "trước", " ", "nGàY", " ", "15/5"], cut=(0, 0))
@example(pieces=["tHỜi gian thực hiện", ":", " ", "quý II/2025"], cut=(0, 0))
def test_deadlines_skip_only_stretches_without_a_cue(pieces: list[str], cut: tuple[int, int]) -> None:
    """A stretch whose lowered text holds no "ngày" and no "thờ" is not scanned: the
    deadlines found are those of the scans of every stretch."""
    text = "".join(pieces)
    start, end = min(cut[0], len(text)), max(min(cut[0], len(text)), len(text) - cut[1])
    lower = deadlines._lower_in_place(text)
    assert deadlines._find_deadlines(text, start, end, _MATCHER, 2025, (), lower) == \
        deadlines.find_deadlines(text, start, end, _MATCHER, 2025)


def test_the_letters_looked_for_in_lowered_text_are_those_the_engine_matches_ignoring_case() -> None:
    """The engine matches "n", "g", "à", "y", "h", "ờ" ignoring case in exactly the
    characters whose lowered form is that letter (checked against every code point), so
    a match of ``_CUE`` or ``_PERIOD_LABEL`` is a "ngày" or "thờ" of the lowered text."""
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    for letter in "ngàyhờ":
        pattern = re.compile(letter, re.IGNORECASE)
        assert {c for c in every if pattern.fullmatch(c)} == {c for c in every if c.lower() == letter}


_LAW_NAME_PIECES = ["Luật", "Bộ luật", "bộ luật", "Bộ Luật", "luật", "uật", "xLuật", "L", "B", "Bộ", " ", "\n",
                    "Ngân sách", "Đất đai", "số", "Luật số 5", "ngày", "và các", ",", "(", "x"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LAW_NAME_PIECES), max_size=16).map("".join), st.integers(0, 60),
       st.integers(0, 60))
@example("Căn cứ Luật Ngân sách; Bộ luật Dân sự và Luật Đất đai", 0, 0)
def test_laws_found_from_their_word_are_those_of_a_full_scan(text: str, start: int, length: int) -> None:
    """The laws cited by name, the pattern tried only before each "uật", are the matches
    of ``patterns.LAW_BY_NAME`` over the text, in any stretch of it."""
    from ttdn_graph import patterns
    from ttdn_graph.citations import _laws

    start = min(start, len(text))
    end = min(start + length, len(text))
    for a, b in ((0, len(text)), (start, end)):
        assert [(m.span(), m.groups()) for m in _laws(text, a, b)] == \
            [(m.span(), m.groups()) for m in patterns.LAW_BY_NAME.finditer(text, a, b)]
