"""Shortcuts of the parser's stages (issue 17, parser throughput) find what the rules
they stand for find: each is checked against the rule as first written, on generated
texts."""

from __future__ import annotations

import re

import pytest
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


# short texts of blanks, line breaks and words, in any order (lines of every indent and length)
_LINES_TEXT = st.lists(st.sampled_from([" ", "  ", "    ", "\t", "\n", "\n\n", "\u3000", "\u00a0", "x", "Tổ chức",
                                        "thực hiện kế hoạch của tỉnh", "a" * 45, "b" * 60, "-", "1."]),
                       max_size=60).map("".join)


@settings(max_examples=800, deadline=None)
@given(_LINES_TEXT)
@example("  x\n \ty\n\u3000z\n    \n w")
def test_indents_read_line_by_line_are_those_the_pattern_finds(text: str) -> None:
    """The unwrap step's left margins, read line by line, are those ``_INDENT`` finds."""
    from ttdn_graph.normalize import _INDENT, _indents

    assert _indents(text) == [len(m.group(1)) for m in _INDENT.finditer(text)]


def _wrap_width_as_first_written(text: str) -> int | None:
    lengths = sorted(len(ln.rstrip()) for ln in text.split("\n") if ln.strip())
    if len(lengths) < 12:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if not 40 <= width <= 130:
        return None
    near = sum(1 for n in lengths if n >= 0.8 * width)
    return width if near >= 0.3 * len(lengths) else None


@settings(max_examples=800, deadline=None)
@given(_LINES_TEXT)
@example("\n".join(["a" * 45] * 12))
@example("\n".join(["a" * 45] * 3 + ["b" * 60] * 9 + ["\u3000 "] * 4))
@example("\n".join(["a" * 50] * 2 + ["b" * 40] * 4 + ["c" * 10] * 14))  # lines of exactly 0.8 * width
def test_the_wrap_width_is_the_one_first_written(text: str) -> None:
    """The unwrap step's width, from lengths counted by map and filter and a bisection,
    is the width of the rule as first written."""
    from ttdn_graph.normalize import _wrap_width

    assert _wrap_width(text) == _wrap_width_as_first_written(text)


def _blocked_as_first_written(text: str) -> bool:
    lines = text.split("\n")
    filled = [bool(ln.strip()) for ln in lines]
    count = sum(filled)
    if count < 20:
        return False
    ends = sum(1 for i, f in enumerate(filled) if f and (i + 1 == len(filled) or not filled[i + 1]))
    return ends / count >= 0.12


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["x\n", "x\n\n", "\n", " \n", "\u3000\n", "Tổ chức\n"]), max_size=60).map("".join))
@example("x\n" * 20)
@example("x\n" * 17 + "x\n\n" * 3)
@example("x\n\n" * 2 + "x\n" * 17 + "x")  # a block that ends the text
def test_blocks_counted_in_bytes_are_those_first_counted(text: str) -> None:
    """The reflow step's test for texts of blocks between blank lines, counted on a byte
    a line, answers as the rule as first written."""
    from ttdn_graph.normalize import _blocked

    assert _blocked(text) == _blocked_as_first_written(text)


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 65535, 65536, 65537, 3 * 65536 + 7, 1 << 21])
def test_offsets_laid_down_as_bytes_count_from_zero(size: int) -> None:
    """The normalizer's first offset map, written as bytes, is ``array("i", range(size))``."""
    from array import array

    from ttdn_graph.normalize import _counting

    assert _counting(size) == array("i", range(size))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "- ", "1. ", "2. ", "3. ", "a) ", "b) "]),
                          st.lists(st.sampled_from(_DEADLINE_PIECES), min_size=1, max_size=10)),
                min_size=1, max_size=10))
@example([("1. ", ["Sở Tài chính", " ", "báo cáo", " ", "trước", " ", "nGàY", " ", "15/5"]),
          ("2. ", ["tHỜi gian thực hiện", ":", " ", "quý II/2025"]), ("3. ", ["x"])])
def test_sections_passed_over_are_those_without_a_cue_or_label(lines: list[tuple[str, list[str]]]) -> None:
    """The sections plan_deadlines does not read (no "ngày"; no "thờ" or no colon) give
    no deadline: its deadlines are those of every section read."""
    from ttdn_graph.segment import segment

    text = "KẾ HOẠCH\nI. NỘI DUNG\n" + "\n".join(marker + "".join(words) for marker, words in lines)
    sections = segment(text).sections
    lower = deadlines._lower_in_place(text)
    every = [deadlines.PlacedDeadline(d, s.id) for s in sections
             for d in deadlines._find_deadlines(text, s.start, s.own_end, _MATCHER, 2025, (), lower)]
    assert deadlines.plan_deadlines(sections, [], text, _MATCHER, 2025, {}) == every
