"""Shortcuts of the normalizer (issue 17, part 6) give what the rules they stand for
give: each is checked against the rule as first written, on generated texts."""

from __future__ import annotations

import re
import unicodedata

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


def _plain_chars() -> list[str]:
    plain = re.compile(f"[{nz._PLAIN}]")
    return [chr(c) for c in range(0x110000) if plain.fullmatch(chr(c))]


def test_plain_characters_are_nfc_alone_and_compose_with_nothing_before_them() -> None:
    """Each plain character, line ending, look-alike and invisible character is a starter
    that NFC keeps and that is no second character of a canonical composition (no Hangul
    vowel or final either): a text of these is NFC, and NFC composes the stretches
    between plain characters apart. The plain ones are none of the others."""
    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    plain = _plain_chars()
    assert len(plain) > 1000
    for char in [*plain, *nz._NFC_ALONE]:
        assert unicodedata.combining(char) == 0, hex(ord(char))
        assert unicodedata.normalize("NFC", char) == char, hex(ord(char))
        assert char not in seconds and not 0x1160 <= ord(char) <= 0x11FF, hex(ord(char))
    assert nz._NFC_ALONE.isdisjoint(plain)


def _newlines_as_first_written(text: str, offsets: nz.Offsets) -> tuple[str, nz.Offsets]:
    return nz.substitute(text, offsets, nz._NEWLINES, lambda m: "\n")


def _nfc_as_first_written(text: str, offsets: nz.Offsets) -> tuple[str, nz.Offsets]:
    if unicodedata.is_normalized("NFC", text):
        return text, offsets
    text, offsets = nz.substitute(text, offsets, nz._COMBINING_RUN, lambda m: unicodedata.normalize("NFC", m.group()))
    if not unicodedata.is_normalized("NFC", text):
        text, offsets = nz.substitute(text, offsets, re.compile(r".", re.S),
                                      lambda m: unicodedata.normalize("NFC", m.group()))
    return text, offsets


def _lookalikes_as_first_written(text: str, offsets: nz.Offsets) -> tuple[str, nz.Offsets]:
    return nz.substitute(text, offsets, nz._LOOKALIKES,
                         lambda m: "".join(nz._LOOKALIKE_MAP.get(c, "") for c in m.group()))


_CHARACTER_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(list("aoeuAOU đĐÐðƉ\n\r\f\v\t\x85\u2028\u2029\x00\x1f\x7f\x9f.-–—\u2212\u00a0\u3000\u2002")),
    st.sampled_from(["\u0300", "\u0301", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b", "\u0483", "\u05b0",
                     "\u200b", "\ufeff", "\u00ad", "\u202e", "\u1100", "\u1161", "\u11a8", "\u212b", "\u0344",
                     "\u0958", "\u0f73", "\u1e0d", "ệ", "ắ", "Ω"]),
    st.characters()), max_size=60)


@settings(max_examples=1500, deadline=None)
@given(_CHARACTER_TEXT)
@example("a\u0301\u0323 \u00a0–\r\nÐ\u200b")
@example("\u1100\u1161\u11a8 e\u0302\u0301")
@example("Vie\u0323\u0302t")
@example("Ha\u0300 No\u0323i, ngay 1")
def test_the_first_three_steps_give_what_they_gave_as_first_written(text: str) -> None:
    """The newlines, nfc and look-alike steps, told by one search which characters out of
    the plain ones a text holds, give the text and offsets the steps as first written
    give (each step alone, and the three in a row)."""
    from array import array

    start = array("i", range(len(text) + 1))
    firsts = (_newlines_as_first_written, _nfc_as_first_written, _lookalikes_as_first_written)
    steps = (nz.step_newlines, nz.step_nfc, nz.step_lookalikes)
    dense = nz._DENSE
    try:
        for nz._DENSE in (dense, 1):  # (a short text is dense with two runs: read as sparse too)
            nz._remember_specials("", frozenset())  # (the answer kept for the text is forgotten)
            expected, got = (text, start), (text, start)
            for first, step in zip(firsts, steps, strict=True):
                assert step(text, start) == first(text, start)
                expected, got = first(*expected), step(*got)
                assert got == expected
    finally:
        nz._DENSE = dense
    for most in (None, 0, 1, 2, len(text)):  # (the runs asked apart, or the text whole after so many)
        assert nz._is_nfc(text, most) is unicodedata.is_normalized("NFC", text)
        assert _spans(nz._combining_runs(text, most)) == _spans(nz._COMBINING_RUN.finditer(text))


def _reflow_as_first_written(text: str) -> nz.Step:
    from functools import cache

    mostly_upper = cache(nz._mostly_upper)

    def repl(match: re.Match[str]) -> str | None:
        start = text.rfind("\n", 0, match.start()) + 1
        nxt_end = text.find("\n", match.end())
        line = text[start : match.start()].strip()
        nxt = text[match.end() : nxt_end if nxt_end >= 0 else len(text)]
        if not line or line[-1] in ".;:!?" or nz._NO_JOIN.match(nxt) or nz._RULE_LINE.match(nxt) \
                or nz._NUMBERED_LINE.match(line) \
                or nz._RULE_LINE.match(line) or mostly_upper(line) or mostly_upper(nxt):
            return None
        return " "

    return repl  # type: ignore[return-value]


# lines of blocks: words, capitals, markers, rules, blanks at either end
_BLOCK_LINES = st.lists(
    st.lists(st.sampled_from(["a", "Bộ Công", "an", "QUÝ IV", "ĐỂ", "- x", "1. Sở", "b) y", "---", "Nơi nhận",
                              " ", "\t", ".", ":", "|", "TM.", "đ", "\u2002"]), max_size=5).map("".join),
    min_size=20, max_size=60).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_BLOCK_LINES)
def test_reflow_joins_what_it_joined_as_first_written(text: str) -> None:
    """The reflow step (the next line read in place, the edits of one length leaving the
    offset map as it is) gives the text and offsets of its rule as first written, the
    soft breaks found by a full scan and each edit laid down in the map."""
    from array import array

    start = array("i", range(len(text) + 1))
    expected = nz.substitute(text, start, nz._MARKER_ALONE, lambda m: m.group("m") + " ")
    if nz._blocked(expected[0]):
        expected = nz.substitute(*expected, nz._SOFT_BREAK, _reflow_as_first_written(expected[0]))
    assert nz.step_reflow(text, start) == expected


def _join_as_first_written(text: str) -> nz.Step:
    item_start = re.compile(r"[a-zđ][).]\s")

    def repl(match: re.Match[str]) -> str | None:
        nxt = match.end()
        if item_start.match(text, nxt) or nz._NO_JOIN.match(text, nxt):
            return None
        if text[nxt].islower():
            return " "
        if nz._CONTINUES.search(text, max(0, match.start() - 8), match.start()):
            return " "
        if match.group().count("\n") == 1 and nz._NAME_HEAD_END.search(text, max(0, match.start() - 12),
                                                                        match.start()):
            return " "
        return None

    return repl  # type: ignore[return-value]


_BREAK_PIECES = st.lists(st.sampled_from(["a", "B", "đ", " ", "\t", "\n", "\n\n", ".", ":", "b) ", "b)", "đ. ",
                                          "a.x", "1. ", "- ", "với", "VÀ", "Giao Sở", "Ủy  ban", "Nơi nhận", "TM.",
                                          "Điều 2", "x", "Ư", "Ủy", "Chi cục", "NHÂN", "của", "ǅ", "İ", "\n \n"]),
                         max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_BREAK_PIECES)
@example("ghi\nb) c")
@example("a Chi cục\n\nB x CỦA\nB xy\nǅ")
def test_rejoin_joins_what_it_joined_as_first_written(text: str) -> None:
    """The rejoin step, asking _NO_JOIN alone whether the next line opens an item (an
    item's start is one of its starts) and handed only the line breaks it may join
    (_BREAK_MAY_JOIN), and reflow's tests of a line, each two patterns asked as one,
    give what they gave as first written."""
    from array import array

    start = array("i", range(len(text) + 1))
    assert nz.step_rejoin(text, start) == nz.substitute(text, start, nz._BREAK, _join_as_first_written(text))
    for first, second, merged in ((nz._NO_JOIN, nz._RULE_LINE, nz._NO_JOIN_OR_RULE),
                                  (nz._NUMBERED_LINE, nz._RULE_LINE, nz._NUMBERED_OR_RULE)):
        for pos in range(len(text)):
            end = text.find("\n", pos) % (len(text) + 1)
            assert bool(merged.match(text, pos, end)) == bool(first.match(text, pos, end) or second.match(text, pos, end))


_STAR_PIECES = st.lists(st.sampled_from(["*", "**", "****", "a", "Đ", " ", "\n", "\n\n", "1.", "* ", "x"]),
                        max_size=30).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_STAR_PIECES)
@example("**I. MỤC\nĐÍCH**\n* a\n**1.****\n**Trên")
def test_emphasis_drops_the_runs_of_its_plan_as_a_scan_of_the_joined_text_did(text: str) -> None:
    """The star runs the plan found are dropped as they stand: the step gives what it gave
    when it searched the text, its lines joined, for the runs again."""
    from array import array

    start = array("i", range(len(text) + 1))
    expected = (text, start)
    if "*" in text:
        drop, joins = nz._emphasis_plan(text)
        dropped = {m.start() for m in drop}
        joined = "".join(" " if i in set(joins) else c for i, c in enumerate(text))
        expected = nz.substitute(joined, start, nz._STAR_RUN, lambda m: "" if m.start() in dropped else None)
    assert nz.step_emphasis(text, start) == expected


_TONE_PIECES = st.lists(st.sampled_from(["o", "O", "u", "U", "q", "Q", "à", "Á", "ẻ", "È", "ý", "Ỷ", "ỵ", "a", "y",
                                         "e", "oà", "uỷ", "quý", "Qoà", "hoàn", " ", "\n", "1", "_", "ô"]),
                        max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TONE_PIECES)
@example("hoà uỷ QUỶ khoẺ quý Hoà")
def test_tone_marks_searched_letter_by_letter_find_what_the_pattern_finds(text: str) -> None:
    """The tone-mark pattern, searched once for each letter that may open a match, finds
    the matches of the pattern with a class of those letters first (the rule as first
    written), and the step gives the text and offsets that rule gives."""
    from array import array

    from ttdn_graph import text as tx

    assert _spans(tx._new_style_matches(text)) == _spans(tx._NEW_STYLE.finditer(text))
    start = array("i", range(len(text) + 1))
    assert nz.step_tone_marks(text, start) == nz.substitute(text, start, tx._NEW_STYLE, tx._move_tone)


_PIPE_PIECES = st.lists(st.sampled_from(["|", "||", " | ", "|---|", "| :--: |", "\t|", "| ", " |", "a", "-", " ", "\t",
                                         "\n", "\n|\n", "*1*", "**x**"]),
                        max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_PIPE_PIECES)
@example("|\n|\na | b\n |\n|---|\n|")
def test_artifacts_drop_lone_pipes_as_the_pipe_rule_did(text: str) -> None:
    """The lines that are "|" alone, dropped at once, give the text and offsets the pipe
    rule gave, searched line by line over the whole text (the rule as first written)."""
    from array import array

    start = array("i", range(len(text) + 1))
    expected = nz.substitute(text, start, nz._STARS, lambda m: m.group(1))
    if "|" in expected[0]:
        expected = nz.substitute(*expected, nz._PIPE_ROW, nz._pipe)
    assert nz.step_artifacts(text, start) == expected
