"""Shortcuts of segmentation, normalization and role reading (issue 17) find what the
plain rules find: each is checked against the rule it stands for, on generated texts."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import segment as seg

# pieces that come near section markers, for generated lines
_MARKER_PIECES = ["I", "II", "V", "X", "L", "A", "B", "P", "PHẦN", "Điều", "1", "2", "12", "1.2", "1.2.a",
                  "a", "b", "đ", "e", "-", "+", "•", "*", ".", ")", ":", "/", " ", "Ủy ban", "Sở", "x",
                  "MỤC ĐÍCH", "chủ trì", "(", "“", "٣", "²", "1.", "a)", "I."]


def _tree_after(lines: list[str]) -> seg._Tree:
    """A tree that has read ``lines`` (so later markers are read in sequence)."""
    tree = seg._Tree()
    pos = 0
    for text in lines:
        tree.try_line(seg.Line(pos, pos + len(text), text))
        pos += len(text) + 1
    return tree


def _every_kind(tree: seg._Tree, line: seg.Line) -> seg.RawSection | None:
    """``try_line`` as first written: every kind tried, outermost first."""
    for read in (tree._part, tree._roman, tree._article, tree._decimal_letter, tree._decimal,
                 tree._number, tree._letter):
        found = read(line)
        if found is not None:
            return found
    return None


@settings(max_examples=400, deadline=None)
@given(before=st.lists(st.sampled_from(["I. MỤC ĐÍCH", "1. Sở X", "a) Việc", "A. PHẦN MỘT", "Điều 1. Y",
                                        "1.1. Z", "II. NHIỆM VỤ", "2. Sở Y"]), max_size=4),
       pieces=st.lists(st.sampled_from(_MARKER_PIECES), min_size=1, max_size=6))
def test_a_line_opens_the_section_every_kind_tried_would_open(before: list[str], pieces: list[str]) -> None:
    text = "".join(pieces).strip() + " Nội dung"
    line = seg.Line(10_000, 10_000 + len(text), text)
    fast, plain = _tree_after(before), _tree_after(before)
    got, want = fast.try_line(line), _every_kind(plain, line)
    assert (got is None) == (want is None)
    if got is not None and want is not None:
        assert (got.id, got.kind, got.marker, got.heading) == (want.id, want.kind, want.marker, want.heading)


@pytest.mark.parametrize("text", ["Ủy ban nhân dân tỉnh tổ chức thực hiện.", "(Kèm theo Kế hoạch)",
                                  "“Tháng hành động”", "Ông Nguyễn Văn A"])
def test_a_line_of_running_text_tries_no_marker(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: seg.Line) -> None:
        raise AssertionError("a marker was tried")

    tree = seg._Tree()
    for kind in ("_part", "_roman", "_article", "_decimal_letter", "_decimal", "_number", "_letter"):
        monkeypatch.setattr(tree, kind, fail)
    assert tree.try_line(seg.Line(0, len(text), text)) is None


# short texts of markers, blanks, line breaks and words, in any order
_MARKER_TEXT = st.lists(st.sampled_from(["1.", "2)", "a)", "đ.", "II.", "1.2.", "- ", "+", " ", "\t", "\n",
                                         "\n\n", "Tổ chức", "x", "3", ".", ")", "\n6.\n", "b)\n\n"]),
                        max_size=30).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_MARKER_TEXT)
def test_markers_alone_are_found_as_a_full_scan_finds_them(text: str) -> None:
    """The reflow step's search for a marker alone on its line, tried at line breaks
    only, gives what the pattern gives over the whole text."""
    from ttdn_graph.normalize import _MARKER_ALONE, _markers_alone

    assert [m.span() for m in _markers_alone(text)] == [m.span() for m in _MARKER_ALONE.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", ";", " ", "  ", "\n", "\t", "a", "Bộ", "1", "_", "Đ", "ư"]),
                max_size=25).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_sentence_starts_are_where_the_look_behind_pattern_finds_them(text: str, start: int, end: int) -> None:
    """The subject rule's sentence starts, found from the stop before each, are those of
    the pattern that looks behind for the stop (which sees the text before ``start``)."""
    from ttdn_graph.roles import _sentence_starts

    plain = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")
    assert _sentence_starts(text, start, end) == [m.end() for m in plain.finditer(text, start, end)]


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without the look-ahead for its first letters that opens it."""
    assert pattern.pattern.startswith("(?=[")
    return re.compile(pattern.pattern[pattern.pattern.index("])") + 2 :], pattern.flags)


# the words of the role cues, pieces of them, and characters that fold to letters
_CUE_PIECES = ["là cơ quan chủ trì", "Sở X chủ trì", "Cơ quan phối hợp:", "chủ trì", "Chủ trì", "CHỦ TRÌ", "là cơ quan", "có trách nhiệm", "chịu trách nhiệm", "tham mưu",
               "thực hiện", "bố trí", "đảm nhiệm", "phụ trách", "cơ quan", "Đơn vị", "sở, ngành", "bộ phận",
               "phối hợp", "Phối, hợp", "do", "X", "Sở", ":", " ", "\n", ",", ")", "(", "ſ", "K", "İ", "ı", "c", "l"]


@settings(max_examples=1000, deadline=None)
@example("Sở X là cơ quan chủ trì, phối hợp với Y")
@example("Đơn vị phối hợp thực hiện: Sở Y; (Sở Z tham mưu)")
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=14).map("".join))
def test_role_cue_patterns_find_what_their_plain_forms_find(text: str) -> None:
    """The cue and label patterns, opened with a look-ahead for their first letters
    (drawn from the cue words), match where the patterns without it match."""
    from ttdn_graph.roles import _CHU_TRI

    for pattern in (_CHU_TRI,):  # (_LABEL and _CHU_TRI_WORDS: tests/test_roles_fast.py)
        plain = _plain(pattern)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.groupdict() for m in pattern.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


def test_every_blank_but_the_space_is_unprintable() -> None:
    """What lets a printable text be kept as one line of words without splitting it."""
    import sys

    blanks = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [b for b in blanks if b.isprintable()] == [" "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000",
                                  "a", "Sở", "ư", "\u200b", "x"]), max_size=20).map("".join))
@example("Sở  X")
@example("Sở\u3000X")
@example(" Sở X ")
def test_one_line_is_the_words_joined_by_spaces(text: str) -> None:
    from ttdn_graph.pipeline import _one_line

    assert _one_line(text) == " ".join(text.split())


def _plain_upperish(heading: str) -> bool:
    """``_upperish`` as first written: the share of capitals counted first."""
    letters = [c for c in heading if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.6 or heading[:1].isupper()


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"AĐỦađủ1. -ǅǆ", "İ", "ß", "ᾼ"]), max_size=12))
@example("Mục đích")
@example("ǅa")  # a title-case letter: neither upper nor lower case
def test_a_heading_in_capitals_is_told_as_the_share_of_capitals_tells_it(heading: str) -> None:
    """A heading whose first character is a capital is told at once; the rest by the
    share of capitals among its letters, as first written."""
    assert seg._upperish(heading) == _plain_upperish(heading)


def test_the_first_characters_of_closing_and_appendix_lines_are_all_those_their_patterns_open_with() -> None:
    """segment calls P.APPENDIX_START and P.CLOSING_START only on lines opening with one
    of the characters their alternatives open with (ignoring case where the pattern
    does, every character of Unicode looked at)."""
    import sys

    from ttdn_graph import patterns as P

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for pattern, first in ((P.APPENDIX_START, seg._APPENDIX_FIRST), (P.CLOSING_START, seg._CLOSING_FIRST)):
        branches = pattern.pattern.split("|^")  # (each top-level alternative opens "^(?:")
        letters = {alt[0] for b in branches for alt in b.removeprefix("^").removeprefix("(?:").split(")")[0].split("|")}
        assert all(ch.isalpha() for ch in letters), letters
        opens = set(re.findall("[" + "".join(letters) + "]", every, pattern.flags & re.IGNORECASE))
        assert first == opens
