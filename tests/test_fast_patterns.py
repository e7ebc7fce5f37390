"""Patterns rewritten to open with a character class (so the engine skips the characters
that cannot start a match, where a pattern that opens with a look-around is tried at
every position) find what their plain forms find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn_graph import agencies, decode, patterns, text


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
