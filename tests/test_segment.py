"""Segmentation: the section tree from real layouts, on short plans written for the test."""

from __future__ import annotations

import inspect

import ttdn_graph

HEADER = """
Số: 7/KH-UBND

Thái Bình, ngày 2 tháng 3 năm 2024

KẾ HOẠCH

Thông tin đối ngoại năm 2024
"""


def parse(body: str) -> ttdn_graph.Plan:
    return ttdn_graph.parse_text(inspect.cleandoc(HEADER) + "\n\n" + inspect.cleandoc(body))


def test_bold_headings_cut_across_lines_are_one_heading() -> None:
    plan = parse("""
        **I. MỤC
        ĐÍCH, YÊU CẦU**

        **1. Mục
        đích**

        Nâng cao hiệu quả.

        **II. TỔ CHỨC
        THỰC HIỆN**

        **1. Sở Thông tin và
        Truyền thông**

        - Chủ trì triển khai Kế hoạch.
        """)
    assert [(s.id, s.heading) for s in plan.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"), ("I.1", "Mục đích"), ("II", "TỔ CHỨC THỰC HIỆN"),
        ("II.1", "Sở Thông tin và Truyền thông")]
    assert [(a.section, a.agency, a.role) for a in plan.assignments] == [
        ("II.1", "thai-binh/so-thong-tin-va-truyen-thong", "lead")]


def test_a_repeated_part_and_a_numbering_gap_keep_every_unit() -> None:
    plan = parse("""
        I. NHIỆM VỤ

        1. Tuyên truyền đối ngoại.

        3. Quảng bá hình ảnh tỉnh.

        II. TỔ CHỨC THỰC HIỆN

        1. Sở Ngoại vụ chủ trì.

        II. CHẾ ĐỘ BÁO CÁO

        1. Các sở báo cáo hằng quý.
        """)
    assert [s.id for s in plan.sections] == ["I", "I.1", "I.3", "II", "II.1", "II-2", "II-2.1"]
    assert plan.section("II-2").marker == "II"
    notes = [w for w in plan.warnings if w.startswith("line")]
    assert len(notes) == 2
    assert "item '3.' comes after a missing number (kept as section I.3)" in notes[0]
    assert "part 'II.' repeats the part before it (kept as section II-2)" in notes[1]
    # the lines named are those of the original text
    lines = plan.text.split("\n")
    for note in notes:
        n = int(note.split(":")[0].split()[1])
        assert lines[n - 1].lstrip().startswith(("3.", "II."))


def test_a_marker_alone_on_its_line_keeps_its_heading() -> None:
    plan = parse("""
        I. NHIỆM VỤ

        **1.****
        **Rà soát văn bản quy phạm pháp luật

        **2**.
        Tổ chức triển khai
        """)
    assert [(s.id, s.heading) for s in plan.sections] == [
        ("I", "NHIỆM VỤ"), ("I.1", "Rà soát văn bản quy phạm pháp luật"),
        ("I.2", "Tổ chức triển khai")]


def test_a_text_without_its_header_takes_number_date_and_issuer_from_a_caption() -> None:
    """Web copies that lost the header keep the appendix caption ("(Kèm theo Nghị quyết
    số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)"); a cited "ban hành kèm theo
    Quyết định số ..." of another type is not taken."""
    text = inspect.cleandoc("""
        NGHỊ QUYẾT

        Về phát động phong trào

        - Căn cứ Quyết định số 12/2020/QĐ-TTg (ban hành kèm theo Quyết định số 5/QĐ-TTg ngày 1/1/2020);

        I. NHIỆM VỤ

        1. Bộ Công an chủ trì triển khai.

        PHỤ LỤC

        (Kèm theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)
        """)
    plan = ttdn_graph.parse_text(text)
    assert (plan.number, str(plan.date), plan.issuer, plan.level) == (
        "394/NQ-CP", "2025-12-03", "Chính phủ", "national")
    assert any("read from the caption" in w for w in plan.warnings)


def test_items_numbered_past_99_are_sections() -> None:
    """Items 100 and 101 used to land inside item 99 (markers read as one or two digits)."""
    from ttdn_graph import parse_text

    lines = ["KẾ HOẠCH", "Thực hiện công tác thông tin đối ngoại", "I. TỔ CHỨC THỰC HIỆN"]
    lines += [f"{i}. Sở Nội vụ chủ trì nhiệm vụ số {i}." for i in range(1, 102)]
    plan = parse_text("\n".join(lines))
    assert [s.id for s in plan.sections][-3:] == ["I.99", "I.100", "I.101"]
    assert plan.section("I.100").heading == "Sở Nội vụ chủ trì nhiệm vụ số 100."
    assert {a.section for a in plan.assignments} >= {"I.99", "I.100", "I.101"}


def test_two_thousand_nesting_levels_parse() -> None:
    """Sections nested 2,000 deep ("1.1", "1.1.1", ... each under the one before) used to
    stop the parser with a RecursionError (an internal error) at about 500 levels."""
    depth = 2000
    items = ["1." + ".".join(["1"] * k) + " Mục con" for k in range(1, depth)]
    plan = parse("I. NỘI DUNG\n\n1. Nội dung\n\n" + "\n".join(items))
    assert len(plan.sections) == depth + 1  # I, I.1 and 1,999 sub-items
    deepest = plan.sections[-1]
    assert deepest.depth == depth and deepest.heading == "Mục con"
    assert deepest.parent == plan.sections[-2].id
    # a section's span covers its sub-sections: the top part ends where the deepest does
    assert plan.section("I").span.end == deepest.span.end
