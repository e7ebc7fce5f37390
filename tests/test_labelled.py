"""Shapes common in other provinces' plans, each in a short plan written for it under
tests/assets/shapes/: roles named by labels ("- Cơ quan chủ trì: X.", "(Đơn vị phối
hợp: Y; thời gian: Quý II/2023)"), parts lettered in capitals ("A.", "B.", "C."), and
bullets that open with an agency and a colon ("- Sở Ngoại vụ: ..."). Every expectation
below was read off the lines of those files (l.N: line N).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ttdn_graph import Plan, parse_file
from ttdn_graph.deadlines import period_end

from .conftest import ASSETS


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_file(ASSETS / "shapes" / "labelled_roles.txt")


def _roles(plan: Plan) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for a in plan.assignments:
        out.setdefault(a.section, set()).add((a.role, a.agency.split("/")[-1]))
    return out


def test_labels_name_who_leads_and_who_supports(plan: Plan) -> None:
    roles = _roles(plan)
    # l.22-24: bullets "- Cơ quan chủ trì: ..." / "- Cơ quan phối hợp: X, Y."
    assert roles["II.1"] == {("lead", "so-thong-tin-va-truyen-thong"), ("support", "so-ngoai-vu"),
                             ("support", "bao-tinh")}
    # l.26-28: short labels "- Chủ trì:" / "- Phối hợp:"
    assert roles["II.2"] == {("lead", "so-ke-hoach-va-dau-tu"), ("support", "so-cong-thuong"),
                             ("support", "so-van-hoa-the-thao-va-du-lich")}
    # l.30: labels inside brackets on the heading line, separated by ";"
    assert roles["II.3"] == {("lead", "so-ngoai-vu"), ("support", "so-du-lich")}
    # l.31-33: "nội dung phối hợp: trao đổi ..." names no agency; "các sở, ngành, địa
    # phương liên quan" is vague: only the lead
    assert roles["II.4"] == {("lead", "so-du-lich")}
    # l.45-46: a label line under a heading agency's task adds a supporter, and does not
    # make the heading agency support its own task
    assert roles["IV.2.b"] == {("lead", "so-ngoai-vu"), ("support", "cong-an-tinh")}
    # the sentence rules still hold beside them (l.41, l.44)
    assert roles["IV.1.a"] == {("lead", "so-thong-tin-va-truyen-thong"), ("support", "so-ngoai-vu")}
    assert roles["IV.2.a"] == {("lead", "so-thong-tin-va-truyen-thong"), ("support", "so-ngoai-vu")}
    cues = {a.cue for a in plan.assignments if a.section.startswith("II.")}
    assert cues == {"chủ trì:", "phối hợp:"}


def test_labelled_periods_are_deadlines(plan: Plan) -> None:
    got = [(d.section, d.date, d.kind, tuple(r.split("/")[-1] for r in d.reporters)) for d in plan.deadlines]
    assert got == [
        ("II.2", dt.date(2023, 6, 30), "completion", ("so-ke-hoach-va-dau-tu",)),  # l.29 Quý II/2023
        ("II.3", dt.date(2023, 6, 30), "completion", ("so-ngoai-vu",)),  # l.30 trước ngày 30/6/2023
        ("II.4", dt.date(2023, 9, 30), "completion", ("so-du-lich",)),  # l.34 Quý III năm 2023
        ("IV.1.b", dt.date(2023, 12, 15), "report", ("so-thong-tin-va-truyen-thong",)),  # l.42
        ("IV.2.b", dt.date(2023, 9, 30), "completion", ("so-ngoai-vu",)),  # l.47 Tháng 9/2023
    ]
    # l.25 "Cả năm": the whole year, no deadline
    assert not [d for d in plan.deadlines if d.section == "II.1"]


@pytest.mark.parametrize(("text", "end"), [
    ("Quý IV/2023", dt.date(2023, 12, 31)),
    ("quý 1 năm 2024", dt.date(2024, 3, 31)),
    ("Tháng 2/2024", dt.date(2024, 2, 29)),
    ("tháng 13/2024", None),
    ("Thường xuyên", None),
])
def test_period_end(text: str, end: dt.date | None) -> None:
    assert period_end(text) == end


@pytest.fixture(scope="module")
def parts() -> Plan:
    return parse_file(ASSETS / "shapes" / "lettered_parts.txt")


def test_capital_letter_parts_hold_the_tree(parts: Plan) -> None:
    """tests/assets/shapes/lettered_parts.txt: "A." (l.14), "B." (l.18), "C." (l.23) open
    the parts; numbered items restart under each."""
    got = [(s.id, s.kind) for s in parts.sections]
    assert got == [("A", "part"), ("A.1", "number"), ("A.2", "number"), ("B", "part"), ("B.1", "number"),
                   ("C", "part"), ("C.1", "number"), ("C.2", "number")]
    assert [s.heading for s in parts.sections if s.kind == "part"] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    assert [(b.number, b.date) for b in parts.legal_bases] == [
        ("72/2015/NĐ-CP", dt.date(2015, 9, 7)), ("57-KL/TW", dt.date(2023, 6, 15)),
        ("2300/QĐ-UBND", dt.date(2023, 8, 10))]


def test_roles_under_parts(parts: Plan) -> None:
    assert _roles(parts) == {
        # l.20-21: sentences that open with the agencies that act
        "B.1": {("lead", "dai-phat-thanh-va-truyen-hinh-tinh"), ("lead", "bao-tinh"),
                ("lead", "so-van-hoa-the-thao-va-du-lich")},
        # l.24: a heading that asks ("Đề nghị ...") still names the agencies that act
        "C.1": {("lead", "uy-ban-mat-tran-to-quoc-tinh"), ("lead", "cac-to-chuc-chinh-tri-xa-hoi-tinh")},
        # l.27: "Chủ động phối hợp với X" -> X leads, the heading's districts support;
        # l.28: the districts report
        "C.2": {("lead", "so-thong-tin-va-truyen-thong"), ("support", "uy-ban-nhan-dan-cac-huyen"),
                ("lead", "uy-ban-nhan-dan-cac-huyen")},
    }
    (deadline,) = parts.deadlines
    assert (deadline.section, deadline.date, deadline.kind) == ("C.2", dt.date(2024, 11, 30), "report")
    assert [r.split("/")[-1] for r in deadline.recipients] == ["so-thong-tin-va-truyen-thong"]


def test_bullets_that_open_with_an_agency_and_a_colon() -> None:
    """tests/assets/shapes/agency_bullets.txt, part II (l.15-19): each bullet names its
    agencies before a colon, then the task; rules 1-3 read the task as under a heading."""
    plan = parse_file(ASSETS / "shapes" / "agency_bullets.txt")
    assert _roles(plan) == {"II": {
        # l.16 "Sở TT&TT: Chủ trì, phối hợp với Sở Ngoại vụ ..."
        ("lead", "so-thong-tin-va-truyen-thong"), ("support", "so-ngoai-vu"),
        # l.17 "Sở Ngoại vụ: Phối hợp với Công an tỉnh ...": Công an leads (Sở Ngoại vụ's
        # support is the one of l.16: one role per agency and section)
        ("lead", "cong-an-tinh"),
        # l.18 two agencies before the colon
        ("lead", "bao-tinh"), ("lead", "dai-phat-thanh-va-truyen-hinh-tinh"),
        # l.19 collective bodies, separated by ";"
        ("lead", "cac-so-ban-nganh-tinh"), ("lead", "uy-ban-nhan-dan-cac-huyen"),
    }}
    assert plan.warnings == ()
