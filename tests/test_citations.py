"""Document numbers and references, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph.agencies import AgencyMatcher
from ttdn_graph.citations import find_references, parse_number


@pytest.mark.parametrize(
    ("text", "canonical", "parts"),
    [
        ("72/2015/NĐ-CP", "72/2015/NĐ-CP", ("72", 2015, "NĐ", "CP")),
        ("1160/QĐ-TTg", "1160/QĐ-TTg", ("1160", None, "QĐ", "TTg")),
        ("22/2013/QĐ-TTG", "22/2013/QĐ-TTg", ("22", 2013, "QĐ", "TTg")),
        ("187/KH-UBND", "187/KH-UBND", ("187", None, "KH", "UBND")),
        ("3210/QĐ - UBND", "3210/QĐ-UBND", ("3210", None, "QĐ", "UBND")),
        ("22/2016/TT-BTTTT", "22/2016/TT-BTTTT", ("22", 2016, "TT", "BTTTT")),
        ("34-NQ/TU", "34-NQ/TU", ("34", None, "NQ", "TU")),
        ("11-CT/TU", "11-CT/TU", ("11", None, "CT", "TU")),
        ("4236/SXD-QLN&CS", "4236/SXD-QLN&CS", ("4236", None, "SXD", "QLN&CS")),
    ],
)
def test_parse_number(text: str, canonical: str, parts: tuple[object, ...]) -> None:
    got = parse_number(text)
    assert got is not None
    assert got.canonical == canonical
    assert (got.sequence, got.year, got.type_code, got.issuer_code) == parts


@pytest.mark.parametrize("text", ["72/2015", "hello", "2022-2025", "1/2"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


M = AgencyMatcher.for_province("Bắc Ninh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động"
            " thông tin đối ngoại;",
            ("Nghị định", "72/2015/NĐ-CP", dt.date(2015, 9, 7), "chinh-phu",
             "quản lý hoạt động thông tin đối ngoại"),
        ),
        (
            "Thực hiện Kế hoạch số 15-KH/TU ngày 13 tháng 12 năm 2021 của Ban Thường vụ Tỉnh ủy"
            " về công tác thông tin đối ngoại năm 2022.",
            ("Kế hoạch", "15-KH/TU", dt.date(2021, 12, 13), "bac-ninh/ban-thuong-vu-tinh-uy",
             "công tác thông tin đối ngoại năm 2022"),
        ),
        (
            "theo Quyết định 1160/QĐ-TTg",
            ("Quyết định", "1160/QĐ-TTg", None, None, None),
        ),
        (
            "theo quy định của Luật Ngân sách Nhà nước và các văn bản",
            ("Luật", None, None, None, "Luật Ngân sách Nhà nước"),
        ),
    ],
)
def test_find_references(text: str, expected: tuple[object, ...]) -> None:
    [ref] = find_references(text, M)
    got = (ref.doc_type, ref.number.canonical if ref.number else None, ref.date, ref.issuer_id,
           ref.title)
    assert got == expected


def test_impossible_dates_are_dropped() -> None:
    [ref] = find_references("Nghị định số 1/2020/NĐ-CP ngày 31/02/2020", M)
    assert ref.date is None


def test_pháp_luật_is_not_a_law() -> None:
    assert find_references("theo quy định của pháp luật hiện hành", M) == []


# texts of document types (in any case, cut or glued), "số", colons, digits and blanks
_REFERENCE_PIECES = st.lists(st.one_of(
    st.sampled_from(["Nghị quyết", "NGHỊ QUYẾT LIÊN TỊCH", "nghị định", "Thông tư", "Thông tư liên tịch",
                     "Bộ luật", "Luật", "Quyết định", "Quy định", "Kế hoạch", "Kết luận", "Công văn",
                     "Công điện", "Chỉ thị", "Chương trình", "Nghị", "Thông", " số", " số:", ":", " ",
                     "\n", "12", "x", "Lệnh"]),
), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_REFERENCE_PIECES)
def test_the_factored_reference_head_finds_what_the_pattern_finds(text: str) -> None:
    """The reference scan runs patterns.REFERENCE_HEAD with its document types factored
    (faster): the same matches and the same types."""
    from ttdn_graph import patterns as P
    from ttdn_graph.citations import _REFERENCE_HEAD

    assert _REFERENCE_HEAD is not P.REFERENCE_HEAD  # the factored form is in use
    assert [(m.span(), m.group("type")) for m in _REFERENCE_HEAD.finditer(text)] == \
        [(m.span(), m.group("type")) for m in P.REFERENCE_HEAD.finditer(text)]


_REFERENCE_PIECES = ["Nghị định", "nghị định", "NGHỊ ĐỊNH", "Luật", "Bộ luật", "bộ Luật", "số", "Số", "SỐ",
                     " ", "  ", ":", "\n", "72", "5", "/", "x", "Quyết định", "Thông tư liên tịch", "tư",
                     "Kế hoạch", "ſố", "ố", "s", "\t", "Văn bản", " " * 12, "Nghị định  số :  "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_REFERENCE_PIECES), max_size=14).map("".join), st.integers(0, 200),
       st.integers(0, 200))
@example("Thông tư liên tịch" + " " * 30 + "ſố :\t 72", 0, 0)  # a long gap, an "s" written "ſ"
@example("Bộ luật\n\n  Số:\n5 và Luật 6", 2, 14)
def test_reference_heads_found_backwards_are_those_of_a_full_scan(text: str, start: int, length: int) -> None:
    """The heads found from the digits after them (the text read backwards) are the
    matches of the head pattern over the text, in any stretch of it."""
    from ttdn_graph.citations import _REFERENCE_HEAD, _reference_heads

    start = min(start, len(text))
    end = min(start + length, len(text))
    for a, b in ((0, len(text)), (start, end)):
        assert [(m.span(), m.group("type")) for m in _reference_heads(text, a, b)] == \
            [(m.span(), m.group("type")) for m in _REFERENCE_HEAD.finditer(text, a, b)]


_LAW_PIECES = ["Luật", "Bộ luật", "luật", "Ngân sách", "Đất đai", "Lao động", " Luật Đất đai", "và", " ", ", ",
               "; ", "\n", " ngày 25 tháng 6 năm 2015", "Nghị định số 72/2015/NĐ-CP", "Luật số 5/2019/QH14",
               " về ", "Luật Tổ chức"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LAW_PIECES), max_size=16).map("".join))
def test_laws_by_name_are_read_once_as_the_plain_rule_says(text: str) -> None:
    """A law cited by name is kept unless it lies inside a law read before it or starts
    where a numbered reference starts (looked up, not searched for each law)."""
    from ttdn_graph import patterns as P

    refs = find_references(text, M)
    numbered = [r for r in refs if r.number is not None]
    laws: list[tuple[int, int, str]] = []  # (start, end, title)
    for law in P.LAW_BY_NAME.finditer(text):  # the rule as written first: every reference searched
        name = law.group("name").rstrip(" -")
        if not name[:1].isupper() or any(s <= law.start() < e for s, e, _ in laws) \
                or any(r.start == law.start() for r in numbered):
            continue
        pos = law.start("name") + len(name)
        date = P.NGAY_DATE.match(text, pos)
        laws.append((law.start(), date.end() if date else pos, f"{law.group('type')} {name}"))
    assert [(r.start, r.end, r.title) for r in refs if r.number is None] == laws


_PREAMBLE_PIECES = ["Căn cứ ", "Thực hiện ", "căn cứ ", "Nghị định số 72/2015/NĐ-CP", "Luật Đất đai",
                    "Quyết định số 5/QĐ-UBND", "Kế hoạch số 12/KH-UBND", "; ", ";", " của Chính phủ", "kèm theo ",
                    "\n", " ", "về việc x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PREAMBLE_PIECES), max_size=14).map("".join))
def test_legal_bases_are_the_first_reference_of_each_basis_clause(text: str) -> None:
    """The first reference of a preamble clause is found by bisection (a preamble of
    thousands of clauses read every reference for each): the bases and citations the
    rule as first written gives, clause by clause."""
    import re

    from ttdn_graph import patterns as P
    from ttdn_graph.citations import sort_references
    from ttdn_graph.segment import Line

    lines, pos = [], 0
    for part in text.split("\n"):
        if part:
            lines.append(Line(pos, pos + len(part), part))
        pos += len(part) + 1
    refs = find_references(text, M)
    keys = set()  # the rule as first written: every reference read for each clause
    for line in lines:
        if not P.BASIS_CUE.match(line.text):
            continue
        for cs in [line.start] + [line.start + m.end() for m in re.finditer(r";\s*", line.text)]:
            first = next((r for r in refs if cs <= r.start < line.end), None)
            if first is not None and len(text[cs:first.start]) <= 20 and re.fullmatch(
                    r"(?i)\s*(?:căn\s+cứ|thực\s+hiện)?\s*", text[cs:first.start]):
                keys.add((first.start, first.end))
    bases, cited = sort_references(refs, lines, text, "12/KH-UBND")
    assert {(r.start, r.end) for r in bases} <= keys
    assert {r.number.canonical if r.number else r.title for r in bases} == {
        r.number.canonical if r.number else r.title for r in refs if (r.start, r.end) in keys
        and not (r.number and r.number.canonical == "12/KH-UBND")
        and not re.search(r"(?i)kèm\s+theo\s*$", text[max(0, r.start - 20):r.start])}
    assert not {(r.start, r.end) for r in cited} & keys
