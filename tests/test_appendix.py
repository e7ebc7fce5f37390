"""Appendix task tables, in the layouts conversions leave them in (short plans written
for the test)."""

from __future__ import annotations

import datetime as dt
import inspect

import ttdn_graph

HEAD = """
Số: 9/KH-UBND

Nam Định, ngày 4 tháng 4 năm 2024

KẾ HOẠCH

Thông tin đối ngoại năm 2024

I. TỔ CHỨC THỰC HIỆN

1. Các sở thực hiện theo Phụ lục.

Nơi nhận:
- Lưu: VT.

PHỤ LỤC
"""


def parse(table: str) -> ttdn_graph.Plan:
    return ttdn_graph.parse_text(inspect.cleandoc(HEAD) + "\n" + table)


def roles(plan: ttdn_graph.Plan) -> set[tuple[str, str, str]]:
    return {(a.section, a.agency.split("/")[-1], a.role) for a in plan.assignments if a.section.startswith("PL")}


def test_tab_rows() -> None:
    plan = parse("STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
                 "1\tBiên soạn ấn phẩm\tSở Ngoại vụ\tSở Du lịch\tQuý II/2024\n")
    assert roles(plan) == {("PL.1", "so-ngoai-vu", "lead"), ("PL.1", "so-du-lich", "support")}
    [d] = [d for d in plan.deadlines if d.section == "PL.1"]
    assert d.date == dt.date(2024, 6, 30)


def test_one_cell_per_block_with_groups_and_a_repeated_number() -> None:
    """Web pages keep a "|" line between cells (a blank line once read) and two between
    rows; group rows ("I", "II") number their rows anew; a number given twice is kept."""
    cells = [["TT", "Nội dung", "Đơn vị thực hiện", "Đơn vị phối hợp"],
             ["I", "TUYÊN TRUYỀN"],
             ["1", "Tổ chức hội nghị\nbáo chí", "Sở Ngoại vụ", "Báo Nam Định"],
             ["II", "QUẢNG BÁ"],
             ["1", "Làm phim quảng bá", "Sở Du lịch", "Sở Ngoại vụ; Sở Tài chính"],
             ["1", "Dịch tài liệu", "Sở Ngoại vụ", "Các sở, ngành liên quan"]]
    text = "\n|\n|\n".join("\n|\n".join(row) for row in cells)
    plan = parse(text)
    assert [s.id for s in plan.sections if s.kind == "appendix"] == ["PL.I.1", "PL.II.1", "PL.II.1-2"]
    assert plan.section("PL.I.1").heading == "Tổ chức hội nghị báo chí"  # the cell's lines joined
    assert roles(plan) == {
        ("PL.I.1", "so-ngoai-vu", "lead"), ("PL.I.1", "bao-tinh", "support"),
        ("PL.II.1", "so-du-lich", "lead"), ("PL.II.1", "so-ngoai-vu", "support"),
        ("PL.II.1", "so-tai-chinh", "support"),
        ("PL.II.1-2", "so-ngoai-vu", "lead"),  # the vague supporters give nothing
    }
    assert any("repeats the number of PL.II.1; kept as PL.II.1-2" in w for w in plan.warnings)
    # the three rows have a lead; item I.1 (line 11, "Các sở thực hiện ...") names no body
    assert (plan.coverage.tasks, plan.coverage.led, plan.coverage.without_lead, plan.coverage.lines) == (
        4, 3, ("I.1",), (11,))


def test_pdftotext_layout_rows_on_one_line() -> None:
    """`pdftotext -layout` keeps a table's columns apart by runs of spaces; rows that fit
    one line are read like TAB rows (wide gaps become TABs when the text is normalized)."""
    plan = parse("STT      Nhiệm vụ                     Cơ quan chủ trì        Cơ quan phối hợp\n"
                 "1        Biên soạn ấn phẩm            Sở Ngoại vụ            Sở Du lịch\n"
                 "2        Tổ chức hội nghị             Sở Du lịch             Sở Ngoại vụ\n")
    assert roles(plan) == {("PL.1", "so-ngoai-vu", "lead"), ("PL.1", "so-du-lich", "support"),
                           ("PL.2", "so-du-lich", "lead"), ("PL.2", "so-ngoai-vu", "support")}
