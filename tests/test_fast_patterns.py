"""Patterns rewritten to open with a character class (so the engine skips the characters
that cannot start a match, where a pattern that opens with a look-around is tried at
every position) find what their plain forms find."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import agencies, deadlines, decode, patterns, text


def _plain_forms() -> list[tuple[re.Pattern[str], re.Pattern[str], list[str]]]:
    """(the pattern, its plain form, pieces of text that come near its matches)."""
    cont = decode._CONTINUATION
    toned = text._toned
    # the law pattern's plain form: its type group as it was (the rest is the same)
    law = re.sub(r"\(\?P<type>.*?\) \\s\+", lambda m: r"(?<![\w]) (?P<type>Luật|Bộ\ luật) \s+",
                 patterns.LAW_BY_NAME.pattern, count=1)
    assert "(?<![\\w]) (?P<type>Luật|Bộ\\ luật)" in law
    return [
        (decode._MOJIBAKE, re.compile(f"(?:[ÃÄÆ]{cont}|á[º»]{cont})"),
         ["Ã", "Ä", "Æ", "á", "º", "»", "\x80", "\x9a", "€", "a", " ", "\n", "Ã\x80", "áº\x9a", "á»€"]),
        (agencies._MINISTERS, re.compile(r"(?<!\w)(?:Các\s+)?Bộ\s+trưởng(?=\s*,)"),
         ["Các", "Bộ", "trưởng", " ", ",", "x", "\n", "B", "C", "Các Bộ trưởng,", "Bộ trưởng ,"]),
        (agencies._HONORIFIC_HINT, re.compile(r"Ông|Bà|[Đđ]ồng chí|Đ/c"),
         ["Ông", "Bà", "Đồng chí", "đồng chí", "Đ/c", "đ/c", "Đ", "x", " ", "ồng chí"]),
        (agencies._SHARED_TITLE, re.compile(
            r"(?=[GTL])(?<!\w)(?P<title>Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo)\s+các\s+(?P<head>[Ss]ở|[Bb]ộ)\s*:\s*"),
         ["Giám", "đốc", "Thủ", "trưởng", "Lãnh", "đạo", "các", "sở", "Bộ", " ", ":", "x", "G", "T",
          "Giám đốc các sở: ", "Thủ trưởng các Bộ:", "Lãnh đạo các bộ :"]),
        (patterns.LAW_BY_NAME, re.compile(law),
         ["Luật", "Bộ", "luật", "Ngân", "sách", "số", " ", "x", ",", "ngày", "và", "các", "\n", "L", "B",
          "Luật Ngân sách", "Bộ luật Dân sự", "Luật số"]),
        (text._NEW_STYLE, re.compile(
            rf"(?=[oOuU])(?<![qQ])(?:[oO][{toned('aAeE')}]|[uU][{toned('yY')}])(?!\w)"),
         ["o", "à", "u", "ỷ", "q", "Q", "O", "Ả", "U", "Ý", "n", " ", "hoà", "quý", "thuỷ"]),
        (deadlines._CUE, re.compile(r"""(?ix)
            (?<!\w)
            (?: trước
              | chậm\s+nhất (?:\s+là)? (?:\s+vào)?
              | hạn\s+chót (?:\s+là)?
              | hoàn\s+thành\s+trước
            ) \s+ngày\s+
            """),
         ["trước", "TRƯỚC", "Chậm nhất", "là", "vào", "hạn chót", "Hoàn thành", "ngày", "NGÀY", " ", "\n", "x",
          "trước ngày ", "chậm nhất là vào ngày ", "hoàn thành trước ngày\t", "t", "h"]),
        (deadlines._PERIOD_LABEL, re.compile(
            deadlines._PERIOD_LABEL.pattern.replace(r"(?-i:[tT])(?<!\w.)hời", r"(?<!\w)thời"), re.IGNORECASE),
         ["Thời gian", "thời hạn", "THỜI GIAN", "thực hiện", ":", " ", "quý IV", ";", "\n", ".", "x", "t",
          "Thời gian thực hiện: năm 2025."]),
    ]


_FORMS = _plain_forms()


@pytest.mark.parametrize("index", range(len(_FORMS)))
@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_a_pattern_finds_what_its_plain_form_finds(index: int, data: st.DataObject) -> None:
    fast, plain, pieces = _FORMS[index]
    sample = data.draw(st.lists(st.sampled_from(pieces), max_size=14).map("".join))
    for pos in (0, 1):
        assert [(m.span(), m.groups()) for m in fast.finditer(sample, pos)] == \
            [(m.span(), m.groups()) for m in plain.finditer(sample, pos)]


def test_the_classes_that_open_ignorecase_patterns_hold_every_case_of_their_letters() -> None:
    """``(?-i:[tTcChH])`` opens patterns compiled with ``re.IGNORECASE``: it holds every
    character the engine matches for those letters (checked against every code point)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for pattern, letters in ((deadlines._CUE, "tch"), (deadlines._PERIOD_LABEL, "t")):
        opening = re.search(r"\(\?-i:\[(\w+)\]\)", pattern.pattern)
        assert opening is not None and pattern.flags & re.IGNORECASE
        assert set(opening.group(1)) == set(re.findall(f"[{letters}]", every, re.IGNORECASE))


_PLACE_DATE_PIECES = ["Hưng Yên", "Hà Nội", "ngày", "NGÀY", "Ngày", ",", ", ", " ", "  ", "\n", "\t", "13", "tháng",
                      "12", "năm", "2021", "07/9/2015", "/", "x" * 30, "X" * 30, "a", "Số: 187/KH-UBND", ";", "|"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PLACE_DATE_PIECES), max_size=20).map("".join))
@example("Số 5 " + "X" * 59 + ", ngày 13 tháng 12 năm 2021")  # a place of 60 characters
@example("Hưng Yên" + " \n" * 40 + ", ngày 07/9/2015")  # blanks before the comma
@example("x" * 100 + ", NGÀY 1/1/2021")  # no place
def test_place_and_date_searched_from_the_first_comma_are_found_as_by_a_whole_search(header: str) -> None:
    """The header's place and date are searched from where a match may start (the first
    comma before "ngày", less a place's length and the blanks before it), and not at all
    without such a comma: the same match as a search of the whole header."""
    from ttdn_graph.header import _search_place_date

    found, whole = _search_place_date(header), patterns.PLACE_DATE.search(header)
    assert (found and (found.span(), found.groupdict())) == (whole and (whole.span(), whole.groupdict()))
