"""The closing stage's shortcut (issue 17, parser throughput) finds what the rule it
stands for finds: the agency each recipient opens with, read in the matcher's scan of
the whole text, is the one a scan of the recipient's name alone finds at its start.
Checked on generated closing blocks."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import closing
from ttdn_graph import patterns as P
from ttdn_graph.agencies import AgencyMatcher
from ttdn_graph.closing import _columns, closing_blocks, parse_recipients, read_closing
from ttdn_graph.segment import Line, segment

_MATCHER = AgencyMatcher.for_province("Hưng Yên")

_OPENING = "II. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì thực hiện.\n"
# what recipients are made of: names of bodies (named, read by their shape, of the
# province or another one, lists, office-holders, people) and the words and marks
# around them
_PIECES = ["Sở Tài chính", "Sở Y tế", "UBND tỉnh", "Ủy ban nhân dân tỉnh Hải Dương", "Công an tỉnh",
           "Ủy ban nhân dân các huyện, thành phố", "các sở, ban, ngành liên quan", "Ủy ban MTTQ Việt Nam xã",
           "Báo Hưng Yên", "Văn phòng Sở Công Thương", "Ban Quản lý Khu kinh tế Đông Nam", "Giám đốc ",
           "Chủ tịch ", "Chủ tịch", "UBND TP", "Ông Nguyễn Văn An", "Bộ Thông tin và Truyền thông", "Thường trực Tỉnh ủy", "Lưu: VT",
           "(để b/c)", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn An", "Sở Văn hóa", "Thể thao và Du lịch",
           "Ủy ban nhân dân tỉnh", "Hải Dương", "tỉnh Hải Dương", "liên quan", " ", ", ", " và ", ". ", "; ", "\n",
           "\t", " - ", "x"]


def _recipients_as_first_written(lines: list[Line], text: str, matcher: AgencyMatcher) -> list[tuple[str, str | None]]:
    """``read_closing``'s recipients as first written: each name scanned alone."""
    for block in closing_blocks(lines):
        for b_text, _ in _columns(block, text):
            items = parse_recipients(b_text)
            if items:
                out = []
                for name, _, _ in items:
                    first = matcher.find(name)
                    out.append((name, first[0].agency.id if first and first[0].start == 0 else None))
                return out
    return []


@settings(max_examples=400, deadline=None)
@given(items=st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6), min_size=1, max_size=6),
       ends=st.sampled_from([";\n- ", ";\n-", ",\n- ", ".\n- ", "\n- ", "\n\n- ", " ;\n- ", ";\t- ", "\t- ", " - ",
                             ";\nTM. ỦY BAN NHÂN DÂN\n- "]))
@example(items=[["Sở Tài chính"], ["Sở Y tế", "\n", "UBND tỉnh"]], ends=";\n- ")  # a name over two lines
@example(items=[["Sở Tài chính", "\t", "CHỦ TỊCH"], ["Sở Y tế"]], ends=";\n- ")  # two columns
@example(items=[["Ban Quản lý Khu kinh tế Đông Nam"], ["UBND tỉnh"]], ends=" - ")  # a name the next item extends
@example(items=[["Ủy ban nhân dân tỉnh Hải Dương", "\t", "Sở Tài chính"]], ends=";\n- ")  # a column read on
@example(items=[["Chủ tịch"], ["UBND tỉnh"]], ends="\n- ")  # an office-holder over two recipients
@example(items=[["UBND TP"], ["Sở Y tế"]], ends=".\n- ")  # a name of the text ends past the recipient's
@example(items=[["Sở Tài chính", "Giám đốc ", "UBND TP"]], ends=";\n- ")  # ... one inside it (its "." read on)
def test_recipients_open_with_the_agencies_their_names_alone_open_with(items: list[list[str]], ends: str) -> None:
    text = _OPENING + "Nơi nhận:\n- " + ends.join("".join(item) for item in items) + ".\n"
    segs = segment(text)
    _, recipients = read_closing(segs.closing, text, _MATCHER)
    assert [(r.name, r.agency) for r in recipients] == _recipients_as_first_written(segs.closing, text, _MATCHER)


# the authority marks' pattern as first written (tried at every position)
_AUTH_AS_FIRST_WRITTEN = re.compile(
    rf"(?<![\w,])(?<!,\s)(?P<k>TM|KT|TL|TUQ)\s*\.\s*(?!(?:TM|KT|TL|TUQ)\s*\.)(?=[{P.UPPER}]\s*[{P.UPPER}])"
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["TM", "KT", "TL", "TUQ", "TT", "KM", "T", "K", "M", "UQ", ".", " . ", ",", ", ",
                                 " ", "\n", "x", "VT", "ỦY BAN", "CHỦ TỊCH", "Ủ", "a"]), max_size=20).map("".join))
@example("Lưu: VT, KT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
def test_authority_marks_are_found_as_first_written(text: str) -> None:
    found = [(m.span(), m.group("k")) for m in closing._AUTH.finditer(text)]
    assert found == [(m.span(), m.group("k")) for m in _AUTH_AS_FIRST_WRITTEN.finditer(text)]
