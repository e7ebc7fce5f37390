"""Normalization: each step, and the offset map back into the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn_graph.normalize import canonical_tone_marks, fold, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà bình", "hòa bình"),
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("thuý", "thúy"),
        ("quý", "quý"),  # "qu" is one consonant: no vowel pair to move
        ("hoàn thành", "hoàn thành"),  # a final consonant: both styles agree
        ("tuyết", "tuyết"),
        ("hòa", "hòa"),  # already canonical
    ],
)
def test_tone_marks(text: str, expected: str) -> None:
    assert canonical_tone_marks(text) == expected
    assert normalize(text).text == expected


def test_nfd_becomes_nfc_with_exact_offsets() -> None:
    original = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông")
    n = normalize(original)
    assert n.text == "Sở Thông tin và Truyền thông"
    start = n.text.index("Truyền")
    s, e = n.to_original(start, start + len("Truyền"))
    assert unicodedata.normalize("NFC", original[s:e]) == "Truyền"


def test_lookalikes_and_artifacts() -> None:
    n = normalize("Số: *187*/KH-UBND \u00d0ồng Nai\u00a0và\u200b – đạt")
    assert n.text == "Số: 187/KH-UBND Đồng Nai và - đạt"


def test_markdown_table_rows_become_tab_separated() -> None:
    n = normalize("| Số: 1/QĐ-UBND | Hà Nội, ngày 1 tháng 2 năm 2020 |\n|---|\nI. A")
    assert n.text.split("\n")[0] == "Số: 1/QĐ-UBND\tHà Nội, ngày 1 tháng 2 năm 2020"
    assert n.text.split("\n")[1] == ""


def test_page_break_inside_a_sentence_is_joined() -> None:
    text = "a) đẩy mạnh quan hệ với các\n\ncơ quan đại diện.\n\nb) Tiếp theo"
    n = normalize(text)
    assert n.text == "a) đẩy mạnh quan hệ với các cơ quan đại diện.\n\nb) Tiếp theo"
    s, e = n.to_original(n.text.index("cơ quan"), n.text.index("cơ quan") + 7)
    assert text[s:e] == "cơ quan"


def test_item_markers_are_not_joined_to_the_previous_line() -> None:
    n = normalize("1. Mục đích\n\na) Thực hiện\n\nb) Thông qua")
    assert n.text == "1. Mục đích\n\na) Thực hiện\n\nb) Thông qua"


def test_hard_wrapped_paragraphs_are_joined() -> None:
    para = ("Chủ trì, phối hợp với Sở Thông tin và Truyền thông, Công an tỉnh và các cơ quan "
            "liên quan hướng dẫn và quản lý các đoàn phóng viên báo chí nước ngoài hoạt động "
            "trên địa bàn tỉnh theo quy định; cung cấp thông tin về kinh tế đối ngoại.")
    import textwrap

    wrapped = "\n\n".join("\n".join(textwrap.wrap(f"{m}) {para}", 60)) for m in "abcdeg")
    n = normalize(wrapped)
    assert n.text.split("\n\n")[0] == f"a) {para}"


def test_crlf_and_cr() -> None:
    assert normalize("A\r\nB\rC").text == "A\nB\nC"


def test_fold_forgives_case_diacritics_and_punctuation() -> None:
    assert fold("Sở TT&TT") == fold("sở tt-tt") == "so tt tt"
    assert fold("Ủy ban") == fold("UỶ BAN") == "uy ban"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(
    st.sampled_from(list("aoeuyAOUYqhđĐÐ*|- \n\r\t.;:1")),
    st.sampled_from(["\u0300", "\u0301", "\u0309", "\u0323", "\u00a0", "\u200b", "\ufeff"]),
    st.characters()), max_size=200))
def test_offset_map_is_monotonic_and_in_range(text: str) -> None:
    """Any text: the map is non-decreasing, in range, and each kept character maps to an
    original character it came from (after NFC of the original span)."""
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert all(0 <= o <= len(text) for o in n.offsets)
    assert list(n.offsets) == sorted(n.offsets)
    for i in range(len(n.text)):
        s, e = n.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
