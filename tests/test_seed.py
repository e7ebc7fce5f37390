"""The bundled Hưng Yên plan 187/KH-UBND: every fact checked by hand against the text.

Each expected value below was read off ``src/ttdn_graph/data/hung_yen_187_KH-UBND_2021.txt``
(line numbers in comments), not copied from the parser's output.
"""

from __future__ import annotations

import datetime as dt

from ttdn_graph import Plan

from .conftest import roles

# Sections as they appear in the text: I (lines 13-41), II (43-81), III (83), IV (87-209).
EXPECTED_SECTIONS = ["I", "I.1", "I.1.a", "I.1.b", "I.1.c", "I.1.d", "I.1.đ", "I.2", "I.2.a", "I.2.b", "I.2.c", "II", "II.1", "II.2", "II.3", "II.3.a", "II.3.b", "II.4", "II.4.a", "II.4.b", "II.4.c", "II.4.d", "II.5", "II.5.a", "II.5.b", "II.5.c", "II.5.d", "II.5.đ", "II.6", "II.6.a", "II.6.b", "II.6.c", "III", "IV", "IV.1", "IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d", "IV.1.đ", "IV.1.e", "IV.1.f", "IV.2", "IV.2.a", "IV.2.b", "IV.2.c", "IV.2.d", "IV.2.đ", "IV.2.e", "IV.2.f", "IV.3", "IV.3.a", "IV.3.b", "IV.3.c", "IV.3.d", "IV.4", "IV.4.a", "IV.4.b", "IV.4.c", "IV.4.d", "IV.5", "IV.5.a", "IV.5.b", "IV.5.c", "IV.6", "IV.6.a", "IV.6.b", "IV.7", "IV.8", "IV.8.a", "IV.8.b", "IV.8.c", "IV.8.d", "IV.9", "IV.9.a", "IV.9.b", "IV.9.c", "IV.10", "IV.10.a", "IV.10.b", "IV.10.c", "IV.10.d", "IV.11", "IV.11.a", "IV.11.b", "IV.11.c", "IV.12", "IV.12.a", "IV.12.b", "IV.12.c", "IV.12.d"]

VP = "van-phong-uy-ban-nhan-dan-tinh"
TTTT = "so-thong-tin-va-truyen-thong"
CA = "cong-an-tinh"
SBN = "cac-so-ban-nganh-tinh"
CTXH = "cac-to-chuc-chinh-tri-xa-hoi-tinh"


def _leads(agency: str, section: str, letters: str) -> set[tuple[str, str, str]]:
    return {(f"{section}.{x}", agency, "lead") for x in letters.split()}


# Part IV, item by item (lines 89-209).
EXPECTED_PART_IV = (
    _leads(VP, "IV.1", "a b c d e f")
    | {("IV.1.đ", VP, "support"), ("IV.1.e", TTTT, "support"), ("IV.1.e", CA, "support")}
    | _leads(TTTT, "IV.2", "a b c đ e")
    | {("IV.2.d", TTTT, "support"), ("IV.2.f", VP, "lead"), ("IV.2.f", TTTT, "support")}
    | _leads("so-van-hoa-the-thao-va-du-lich", "IV.3", "a b c d")
    | _leads("so-ke-hoach-va-dau-tu", "IV.4", "a b c d")
    | _leads("so-cong-thuong", "IV.5", "a b c")
    | _leads("ban-quan-ly-cac-khu-cong-nghiep", "IV.6", "a b")
    | {("IV.7", "so-tai-chinh", "lead")}
    | _leads(CA, "IV.8", "a b c d")
    | _leads("bo-chi-huy-quan-su-tinh", "IV.9", "a b")
    | {("IV.9.c", "bo-chi-huy-quan-su-tinh", "support")}
    | _leads(SBN, "IV.10", "a b d") | _leads(CTXH, "IV.10", "a b d")
    | {("IV.10.c", "ban-tuyen-giao-tinh-uy", "lead"), ("IV.10.c", TTTT, "lead"),
       ("IV.10.c", SBN, "support"), ("IV.10.c", CTXH, "support")}
    | _leads("cac-co-quan-bao-chi-tinh", "IV.11", "a b c")
    | _leads("uy-ban-nhan-dan-cac-huyen", "IV.12", "a b c d")
)


def test_header(seed: Plan) -> None:
    """Lines 3-9: number, place and date, document type, title; issuer and year."""
    assert seed.number == "187/KH-UBND"
    assert seed.doc_type == "Kế hoạch"
    assert seed.date == dt.date(2021, 12, 13)
    assert seed.place == "Hưng Yên"
    assert seed.title == "Hoạt động thông tin đối ngoại tỉnh Hưng Yên năm 2022"
    assert seed.year == 2022
    assert seed.province == "Hưng Yên"
    assert seed.issuer == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert seed.issuer_id == "hung-yen/uy-ban-nhan-dan-tinh"
    assert seed.warnings == ()


def test_all_91_section_units_in_order(seed: Plan) -> None:
    assert [s.id for s in seed.sections] == EXPECTED_SECTIONS
    assert len(seed.sections) == 91


def test_section_headings_and_tree(seed: Plan) -> None:
    assert seed.section("IV").heading == "TỔ CHỨC THỰC HIỆN"
    assert seed.section("IV.7").heading == "Sở Tài chính"
    assert seed.section("IV.7").text.startswith("Sở Tài chính\nTham mưu UBND tỉnh cân đối")
    assert seed.section("III").children == ()
    assert seed.section("IV.2").children == tuple(f"IV.2.{x}" for x in ["a", "b", "c", "d", "đ", "e", "f"])
    assert seed.section("I.1.đ").parent == "I.1"
    # line 135-137: a page break splits IV.4.a; the sentence is joined again
    assert "ở nước ngoài và các cơ quan đại diện ngoại giao nước ngoài" in seed.section("IV.4.a").heading
    # line 101: the item "đ)" keeps its letter; line 105: "f)" follows "e)"
    assert seed.section("IV.1.đ").marker == "đ"
    assert seed.section("IV.1.f").heading.startswith("Tham mưu lãnh đạo Ủy ban nhân dân tỉnh")


def test_section_spans_point_into_the_original(seed: Plan, seed_text: str) -> None:
    iv = seed.section("IV")
    assert seed_text[iv.span.start : iv.span.end].startswith("IV. TỔ CHỨC THỰC HIỆN")
    assert seed_text[iv.span.start : iv.span.end].rstrip().endswith("Đối ngoại Hưng Yên.")
    for sec in seed.sections:
        assert seed_text[sec.span.start : sec.span.end].lstrip("- ").startswith(sec.marker)


def test_legal_bases(seed: Plan) -> None:
    """Line 11: the four documents the plan implements, in order."""
    got = [(b.doc_type, b.number, b.date, b.issuer_id) for b in seed.legal_bases]
    assert got == [
        ("Nghị định", "72/2015/NĐ-CP", dt.date(2015, 9, 7), "chinh-phu"),
        ("Thông tư", "22/2016/TT-BTTTT", dt.date(2016, 10, 19), "bo-thong-tin-va-truyen-thong"),
        ("Quyết định", "27/2019/QĐ-UBND", dt.date(2019, 7, 19), "hung-yen/uy-ban-nhan-dan-tinh"),
        ("Quyết định", "1160/QĐ-TTg", dt.date(2021, 7, 13), "thu-tuong-chinh-phu"),
    ]
    first = seed.legal_bases[0]
    assert (first.sequence, first.year, first.type_code, first.issuer_code) == ("72", 2015, "NĐ", "CP")
    assert first.title == "quản lý hoạt động thông tin đối ngoại"
    assert seed.legal_bases[3].title == (
        "phê duyệt Chương trình hành động của Chính phủ về tuyên truyền, quảng bá ASEAN"
    )
    assert all(b.is_basis for b in seed.legal_bases)


def test_citations_apart_from_bases(seed: Plan) -> None:
    """Line 163 cites a law by name; II.1 repeats three bases, which stay bases only."""
    assert [(c.doc_type, c.number, c.title) for c in seed.citations] == [
        ("Luật", None, "Luật Ngân sách Nhà nước")
    ]
    assert not any(c.is_basis for c in seed.citations)


def test_signature(seed: Plan) -> None:
    """Lines 225-231."""
    assert seed.signer is not None
    assert seed.signer.name == "Nguyễn Duy Hưng"
    assert seed.signer.position == "Phó Chủ tịch"
    assert seed.signer.authority == ("TM. Ủy ban nhân dân", "KT. Chủ tịch")


def test_recipients(seed: Plan) -> None:
    """Lines 213-223."""
    assert [r.name for r in seed.recipients] == [
        "Chủ tịch, các PCT UBND tỉnh",
        "Ban Văn hóa - Xã hội, HĐND tỉnh",
        "Cục Thông tin đối ngoại, Bộ TT&TT",
        "Ban Tuyên giáo Tỉnh ủy",
        "Các sở, ban, ngành, đoàn thể tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "Báo Hưng Yên, Đài PTTH tỉnh",
        "Lãnh đạo VP UBND tỉnh",
        "Lưu: VT, NV^H",
    ]
    by_name = {r.name: r.agency for r in seed.recipients}
    assert by_name["Ban Tuyên giáo Tỉnh ủy"] == "hung-yen/ban-tuyen-giao-tinh-uy"
    assert by_name["Cục Thông tin đối ngoại, Bộ TT&TT"] == "cuc-thong-tin-doi-ngoai"


def test_report_deadlines(seed: Plan) -> None:
    """Line 211: reports to Sở TT&TT before 15 May and 1 December 2022."""
    assert [(d.date, d.kind, d.recipients) for d in seed.deadlines] == [
        (dt.date(2022, 5, 15), "report", ("hung-yen/so-thong-tin-va-truyen-thong",)),
        (dt.date(2022, 12, 1), "report", ("hung-yen/so-thong-tin-va-truyen-thong",)),
    ]
    assert seed.deadlines[0].reporters == ()  # "các đơn vị": every unit of the plan


def test_every_assignment_of_part_iv(seed: Plan) -> None:
    assert roles(seed, "IV") == EXPECTED_PART_IV


def test_assignments_outside_part_iv(seed: Plan) -> None:
    """II.2 (line 53): "Các sở, ban, ngành, các tổ chức chính trị - xã hội và Ủy ban
    nhân dân các huyện ... thực hiện rà soát" names who does the task."""
    assert roles(seed) - roles(seed, "IV") == {
        ("II.2", SBN, "lead"), ("II.2", CTXH, "lead"), ("II.2", "uy-ban-nhan-dan-cac-huyen", "lead"),
    }


def test_no_role_for_receivers_of_reports_or_advice(seed: Plan) -> None:
    """IV.7 "Tham mưu UBND tỉnh", IV.2.e "báo cáo lãnh đạo tỉnh", IV.1.a "phối hợp với
    Bộ Ngoại giao" in a continuation, IV.5.b "Hỗ trợ ... doanh nghiệp"."""
    agencies = {a.agency for a in seed.assignments}
    assert "hung-yen/uy-ban-nhan-dan-tinh" not in agencies
    assert "bo-ngoai-giao" not in agencies
    assert seed.roles_in("IV.5.b") == {"lead": ["hung-yen/so-cong-thuong"], "support": []}


def test_evidence_and_cues(seed: Plan, seed_text: str) -> None:
    for a in seed.assignments:
        quote = seed_text[a.evidence.start : a.evidence.end]
        assert " ".join(quote.split()) == a.quote
    [e] = [a for a in seed.assignments if a.section == "IV.2.f" and a.role == "lead"]
    assert e.cue == "phối hợp với"
    assert e.quote == "Phối hợp với Văn phòng Ủy ban nhân dân tỉnh"
    [s] = [a for a in seed.assignments if a.section == "IV.1.e" and a.agency.endswith(CA)]
    assert s.cue == "chủ trì, phối hợp với"
    assert "Công an tỉnh" in s.quote


def test_lookups(seed: Plan) -> None:
    assert [a.name for a in seed.agencies_of("IV.1.e")] == [
        "Văn phòng Ủy ban nhân dân tỉnh", "Sở Thông tin và Truyền thông", "Công an tỉnh",
    ]
    led = [s.id for s in seed.tasks_of("Sở Thông tin và Truyền thông", role="lead")]
    assert led == ["IV.2.a", "IV.2.b", "IV.2.c", "IV.2.đ", "IV.2.e", "IV.10.c"]
    assert [s.id for s in seed.tasks_of("sở tt&tt", role="support")] == ["IV.1.e", "IV.2.d", "IV.2.f"]


def test_agencies_named(seed: Plan) -> None:
    ids = {a.id for a in seed.agencies}
    for expected in ("hung-yen/so-tai-chinh", "bo-ngoai-giao", "thu-tuong-chinh-phu",
                     "hung-yen/bao-tinh", "hung-yen/dai-phat-thanh-va-truyen-hinh-tinh"):
        assert expected in ids
    bao = seed.agency("hung-yen/bao-tinh")
    assert bao.name == "Báo Hưng Yên"
    assert seed.agency("bo-ngoai-giao").level == "central"
