"""Property tests over the whole pipeline: any text gives a Plan or PlanInputError;
mutated real plans still parse, and what they yield is consistent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ttdn_graph
from ttdn_graph import Plan, PlanInputError, datasets

SEED_LINES = datasets.hung_yen_2022_text().split("\n")

# Pieces of real plans, so random texts reach deep into the parser.
PIECES = [
    "I. ", "II. ", "IV. TỔ CHỨC THỰC HIỆN", "1. ", "2. ", "1.1. ", "2.1.a. ", "a) ", "- b) ", "đ) ",
    "f) ", "Điều 1. ", "Sở Tài chính", "Công an tỉnh", "UBND các huyện, thị xã, thành phố",
    "Chủ trì, phối hợp với ", "Phối hợp với ", " chủ trì", "Giao ", "Số: 12/KH-UBND", "KẾ HOẠCH",
    "Hà Nội, ngày 1 tháng 2 năm 2023", "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015",
    "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Nguyễn Văn A",
    "trước ngày 15 tháng 05 và ngày 01 tháng 12 năm 2022", "báo cáo", "Phụ lục", "\t", "\n", "\n\n",
    "*", "|", ";", ",", ".", " ", "và ", "các ", "Ð", "\u0301", "\ufeff", "100. ",
    # direction controls (dropped like zero-width characters) and a lone surrogate (refused)
    "\u202e", "\u2066", "\u2069", "\u200f", "\u061c", "\ud800",
]


def check(plan: Plan) -> None:
    ids = {s.id for s in plan.sections}
    assert len(ids) == len(plan.sections)
    for s in plan.sections:
        assert set(s.children) <= ids
        assert s.parent is None or s.parent in ids
        assert 0 <= s.span.start <= s.span.end <= len(plan.text)
    agencies = {a.id for a in plan.agencies}
    for a in plan.assignments:
        assert a.section in ids
        assert a.agency in agencies
        assert a.role in ("lead", "support")
        assert 0 <= a.evidence.start <= a.evidence.end <= len(plan.text)
    assert Plan.from_json(plan.to_json()) == plan


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60))
def test_any_text_gives_a_plan_or_the_documented_error(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        plan = ttdn_graph.parse_text(text)
    except PlanInputError as exc:
        assert exc.reason
        return
    check(plan)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_plan_still_parses_consistently(data: st.DataObject) -> None:
    lines = list(SEED_LINES)
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "unmark"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "unmark":
            lines[i] = lines[i].split(" ", 1)[-1]
    try:
        plan = ttdn_graph.parse_text("\n".join(lines))
    except PlanInputError:
        return
    check(plan)


def test_truncated_mid_sentence() -> None:
    text = datasets.hung_yen_2022_text()
    plan = ttdn_graph.parse_text(text[: text.index("quản lý các đoàn phóng viên")])
    check(plan)
    assert plan.sections[-1].id == "IV.1.e"
    assert plan.signer is None
