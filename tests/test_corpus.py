"""The dev corpus: two real plans of other provinces and shapes, checked by hand.

Expected values were read off ``tests/assets/*.txt`` (line numbers in comments).
"""

from __future__ import annotations

import datetime as dt

from ttdn_graph import Plan

from .conftest import roles

XA = "uy-ban-nhan-dan-cac-xa"
HUYEN = "uy-ban-nhan-dan-cac-huyen"
XD = "so-xay-dung"
TC = "so-tai-chinh"
LD = "so-lao-dong-thuong-binh-va-xa-hoi"

TPHCM_SECTIONS = ["Điều 1", "Điều 2", "Điều 3", "I", "I.1", "I.2", "II", "II.1", "II.1.1", "II.1.2", "II.2", "II.2.1", "II.2.1.a", "II.2.1.b", "II.2.2", "II.2.3", "II.2.4", "II.2.5", "II.2.6", "II.3", "II.4", "II.4.1", "II.4.1.a", "II.4.1.b", "II.4.1.c", "II.4.2", "II.4.2.a", "II.4.2.b", "II.5", "III", "III.1", "III.1.1", "III.1.2", "III.1.3", "III.2", "III.2.1", "III.2.2", "III.2.3", "III.2.4", "III.3", "III.4"]

TPHCM_ROLES = {
    ("II.2.1.a", XA, "lead"),  # l.67 "Ủy ban nhân dân xã, phường, thị trấn thành lập"
    ("II.2.2", XA, "lead"),  # l.77 "Sau khi kiểm tra, Ủy ban nhân dân xã ... lập danh sách"
    ("II.2.2", "ban-chi-dao", "lead"),  # l.77 "Ban Chỉ đạo ... tổ chức kiểm tra hiện trạng nhà ở"
    ("II.2.3", HUYEN, "lead"),  # l.83
    ("II.2.4", XD, "lead"), ("II.2.4", LD, "support"), ("II.2.4", TC, "support"),  # l.89
    ("II.2.5", TC, "lead"),  # l.95 "Trên cơ sở đề nghị của ..., Sở Tài chính thẩm định"
    ("II.2.6", TC, "lead"),  # l.101
    ("II.4.1.a", XD, "lead"),  # l.125
    ("II.4.2.a", XA, "lead"),  # l.137 "... thì Ủy ban nhân dân xã ... có trách nhiệm"
    ("II.4.2.b", XA, "lead"),  # l.139
    ("II.4.2.b", "doan-thanh-nien-cong-san-ho-chi-minh", "lead"),  # l.141 "Đoàn Thanh niên ... giúp đỡ"
    ("III.1.1", "uy-ban-nhan-dan-tinh", "lead"),  # l.151 "1.1. Ủy ban nhân dân Thành phố:"
    ("III.1.2", HUYEN, "lead"),
    ("III.1.3", XA, "lead"),
    ("III.2.1", LD, "lead"), ("III.2.1", XD, "lead"), ("III.2.1", TC, "lead"),
    ("III.2.1", LD, "support"),  # l.205 "Phối hợp Sở Xây dựng, Sở Tài chính xây dựng Đề án"
    ("III.2.2", XD, "lead"), ("III.2.2", LD, "support"), ("III.2.2", TC, "support"),  # l.209
    ("III.2.3", TC, "lead"),
    ("III.2.4", "so-ke-hoach-va-dau-tu", "lead"),
    ("III.3", "uy-ban-mat-tran-to-quoc-tinh", "lead"),  # l.227 "Đề nghị Ủy ban Mặt trận ..."
    ("III.3", "hoi-lien-hiep-phu-nu-tinh", "lead"),
    ("III.3", "hoi-cuu-chien-binh-tinh", "lead"),
    ("III.3", "tinh-doan", "lead"),
    ("III.4", HUYEN, "lead"),  # l.233
    # l.71 "Trưởng thôn ấp, Tổ Trưởng các Tổ dân phố, hướng dẫn ...": the village heads
    # act (the residential-group heads, "Tổ Trưởng", are not read as a name)
    ("II.2.1.b", "truong-thon", "lead"),
    # l.27 Điều 3: the office-holders who "có trách nhiệm thi hành Quyết định này"; the
    # gazetteer reads "Chủ tịch UBND các quận, huyện" as the collective itself, and the
    # vague "các tổ chức, cá nhân liên quan" gets nothing
    ("Điều 3", "chanh-van-phong-uy-ban-nhan-dan-tinh", "lead"),
    ("Điều 3", "giam-doc-so-lao-dong-thuong-binh-va-xa-hoi", "lead"),
    ("Điều 3", "giam-doc-so-xay-dung", "lead"),
    ("Điều 3", "giam-doc-so-tai-chinh", "lead"),
    ("Điều 3", "giam-doc-so-ke-hoach-va-dau-tu", "lead"),
    ("Điều 3", HUYEN, "lead"),
    ("Điều 3", "chu-tich-uy-ban-mat-tran-to-quoc-tinh", "lead"),
}


def test_tphcm_header(tphcm: Plan) -> None:
    """Lines 1-9: a decision of the city's People's Committee; letter-spaced header."""
    assert tphcm.doc_type == "Quyết định"
    assert tphcm.number == "3210/QĐ-UBND"  # written "3210/QĐ - UBND"
    assert tphcm.date == dt.date(2014, 6, 28)
    assert tphcm.place == "Thành phố Hồ Chí Minh"  # written "T hành phố Hồ Chí M inh"
    assert tphcm.province == "Hồ Chí Minh"
    assert tphcm.issuer == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert tphcm.year == 2014
    assert tphcm.title is not None and tphcm.title.startswith("VỀ BAN HÀNH KẾ HOẠCH TRIỂN KHAI")


def test_tphcm_sections(tphcm: Plan) -> None:
    assert [s.id for s in tphcm.sections] == TPHCM_SECTIONS
    assert tphcm.section("II.2.1.a").marker == "a"
    assert tphcm.section("II.2.1").marker == "2.1"
    assert tphcm.section("II.2.1").heading == "Bước 1:"


def test_tphcm_legal_bases(tphcm: Plan) -> None:
    """Lines 11-17: "Căn cứ ..." (a law by name, a decision, two circulars)."""
    got = [(b.doc_type, b.number, b.date, b.issuer) for b in tphcm.legal_bases]
    assert got == [
        ("Luật", None, dt.date(2003, 11, 26), None),
        ("Quyết định", "22/2013/QĐ-TTg", dt.date(2013, 4, 26), "Thủ tướng Chính phủ"),
        ("Thông tư", "09/2013/TT-BXD", dt.date(2013, 7, 1), "Bộ Xây dựng"),
        ("Thông tư", "98/2013/TT-BXD", dt.date(2013, 7, 24), "Bộ Tài chính"),  # sic, l.17
    ]
    assert tphcm.legal_bases[0].title == "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân"
    # l.19 "Xét đề nghị ... Công văn số 4236/SXD-QLN&CS" is cited, not a basis; l.155
    # writes the circular's right number
    assert [(c.number, c.date) for c in tphcm.citations] == [
        ("4236/SXD-QLN&CS", dt.date(2014, 5, 22)),
        ("98/2013/TT-BTC", dt.date(2013, 7, 24)),
    ]


def test_tphcm_signature(tphcm: Plan) -> None:
    """Line 29: "KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH Ngu y ễn Hữu Tín" (letter-spaced)."""
    assert tphcm.signer is not None
    assert (tphcm.signer.name, tphcm.signer.position, tphcm.signer.authority) == (
        "Nguyễn Hữu Tín", "Phó Chủ tịch", ("KT. Chủ tịch",))


def test_tphcm_assignments(tphcm: Plan) -> None:
    assert roles(tphcm) == TPHCM_ROLES


def test_tphcm_completion_deadlines(tphcm: Plan) -> None:
    """"Thời gian hoàn tất: trước ngày ..." after each step (lines 73-103); the date in
    II.1.2 (l.55) is an eligibility condition, not a deadline."""
    got = [(d.section, d.date, d.kind) for d in tphcm.deadlines]
    assert got == [
        ("II.2.1.b", dt.date(2014, 6, 27), "completion"),
        ("II.2.2", dt.date(2014, 7, 25), "completion"),
        ("II.2.3", dt.date(2014, 8, 18), "completion"),
        ("II.2.4", dt.date(2014, 9, 30), "completion"),
        ("II.2.5", dt.date(2014, 10, 15), "completion"),
        ("II.2.6", dt.date(2014, 10, 31), "completion"),
    ]


LAO_CAI_BODY_ROLES = {
    ("II.4", "cac-so-ban-nganh-tinh", "lead"), ("II.4", XA, "lead"),  # l.33
    # "Các Sở, ngành" (a named group: no "liên quan") as the subject that acts (l.44) and
    # as the partner a task opens with (l.111, Công an tỉnh's "Chủ động phối hợp chặt
    # chẽ với các sở, ngành"); "Các Sở, ngành, địa phương" (l.125) is everyone: vague
    ("II.6", "cac-so-ban-nganh-tinh", "lead"), ("IV.10", "cac-so-ban-nganh-tinh", "lead"),
    ("IV.1", "cac-so-ban-nganh-tinh", "lead"), ("IV.1", XA, "lead"),  # l.57 heading
    ("IV.2", "so-nong-nghiep-va-moi-truong", "lead"),
    ("IV.2", "cac-so-ban-nganh-tinh", "lead"), ("IV.2", XA, "lead"),  # l.67 "Phối hợp với ..."
    ("IV.2", "so-nong-nghiep-va-moi-truong", "support"),
    ("IV.2", "thue-tinh", "support"), ("IV.2", "so-cong-thuong", "support"),  # l.69
    ("IV.2", XD, "support"),
    ("IV.3", "so-cong-thuong", "lead"),
    ("IV.3", "thue-tinh", "lead"), ("IV.3", "so-nong-nghiep-va-moi-truong", "lead"),  # l.77
    ("IV.3", "so-cong-thuong", "support"),
    ("IV.4", XD, "lead"), ("IV.4", XA, "support"),  # l.81 "... và Ủy ban nhân dân cấp xã"
    ("IV.5", TC, "lead"),
    ("IV.6", "so-noi-vu", "lead"),
    ("IV.7", "so-khoa-hoc-va-cong-nghe", "lead"),
    ("IV.8", "thanh-tra-tinh", "lead"),
    ("IV.9", "thue-tinh", "lead"), ("IV.9", "so-nong-nghiep-va-moi-truong", "support"),  # l.106
    ("IV.10", "cong-an-tinh", "lead"),
    ("IV.10", "cong-an-tinh", "support"),  # l.111 "Chủ động phối hợp chặt chẽ với các sở, ngành"
    ("IV.11", "bo-chi-huy-quan-su-tinh", "lead"),
    ("IV.12", XA, "lead"),
    ("V", "so-nong-nghiep-va-moi-truong", "lead"),  # l.126
}
SBN = "cac-so-ban-nganh-tinh"
NNMT = "so-nong-nghiep-va-moi-truong"
# The appendix table, lines 140-153: (row, lead column, support column)
LAO_CAI_TABLE = {
    1: ({SBN, XA}, {SBN}), 2: ({NNMT}, {SBN}), 3: ({NNMT}, {SBN}), 4: ({NNMT}, {SBN}),
    5: ({NNMT}, {SBN}), 6: ({"so-cong-thuong", XD}, {SBN}), 7: ({XD}, {SBN}),
    8: ({"so-noi-vu"}, {SBN}), 9: ({"thanh-tra-tinh"}, {SBN}), 10: ({"thue-tinh"}, {SBN}),
    11: ({"cong-an-tinh"}, {SBN}), 12: ({XA}, {NNMT, SBN}), 13: ({SBN, XA}, {SBN}),
    14: ({XA}, {SBN}),
}


def test_lao_cai_draft_header(lao_cai: Plan) -> None:
    """Lines 1-8: a draft, number and date left blank; header on tab-separated lines."""
    assert lao_cai.number is None
    assert lao_cai.date is None
    assert lao_cai.doc_type == "Kế hoạch"
    assert lao_cai.place == "Lào Cai"
    assert lao_cai.year == 2026
    assert lao_cai.issuer == "Ủy ban nhân dân tỉnh Lào Cai"
    assert lao_cai.title == (
        "Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy về"
        " tăng cường sự lãnh đạo của Đảng đối với công tác quản lý nhà nước về khoáng sản trên"
        " địa bàn tỉnh Lào Cai"
    )
    assert "the document number is blank (a draft?)" in lao_cai.warnings
    assert "the document date is blank or invalid (a draft?)" in lao_cai.warnings


def test_lao_cai_sections(lao_cai: Plan) -> None:
    body = [s.id for s in lao_cai.sections if s.kind != "appendix"]
    assert body == (["I", "I.1", "I.2", "II"] + [f"II.{i}" for i in range(1, 9)] + ["III", "IV"]
                    + [f"IV.{i}" for i in range(1, 13)] + ["V"])
    table = [s for s in lao_cai.sections if s.kind == "appendix"]
    assert [s.id for s in table] == [f"PL.{i}" for i in range(1, 15)]
    assert table[10].heading == (
        "Xử lý nghiêm và xử lý dứt điểm các hành vi khai thác khoáng sản bằng tàu cuốc trên sông, suối, hồ."
    )


def test_lao_cai_legal_basis_and_citations(lao_cai: Plan) -> None:
    [basis] = lao_cai.legal_bases
    assert (basis.doc_type, basis.number, basis.date, basis.issuer_id) == (
        "Chỉ thị", "11-CT/TU", dt.date(2026, 1, 4), "lao-cai/ban-thuong-vu-tinh-uy")
    assert (basis.sequence, basis.type_code, basis.issuer_code) == ("11", "CT", "TU")
    assert [(c.doc_type, c.number, c.date) for c in lao_cai.citations] == [
        ("Luật", None, None),  # "Luật Địa chất và khoáng sản", l.28
        ("Quyết định", "866/QĐ-TG", dt.date(2023, 7, 18)),  # written "866/QĐ-Tg", l.31
        ("Quyết định", "1626/QĐ-TTg", dt.date(2023, 12, 15)),
    ]


def test_lao_cai_signature(lao_cai: Plan) -> None:
    """Lines 129-130: signature and recipients share a tab-separated line."""
    assert lao_cai.signer is not None
    assert (lao_cai.signer.name, lao_cai.signer.position, lao_cai.signer.authority) == (
        "Nguyễn Thành Sinh", "Phó Chủ tịch", ("TM. Ủy ban nhân dân", "KT. Chủ tịch"))
    assert len(lao_cai.recipients) == 11
    assert lao_cai.recipients[-1].name == "Lưu: VT, KT"


def test_lao_cai_body_assignments(lao_cai: Plan) -> None:
    assert {r for r in roles(lao_cai) if not r[0].startswith("PL.")} == LAO_CAI_BODY_ROLES


def test_lao_cai_appendix_table(lao_cai: Plan) -> None:
    got = roles(lao_cai, "PL.")
    expected = {(f"PL.{n}", ag, "lead") for n, (leads, _) in LAO_CAI_TABLE.items() for ag in leads}
    expected |= {(f"PL.{n}", ag, "support") for n, (_, sup) in LAO_CAI_TABLE.items() for ag in sup}
    assert got == expected


def test_lao_cai_deadlines(lao_cai: Plan) -> None:
    """Table "Thời gian" column (Quý II/2026, tháng 5/2026, 01/01/2030) and the yearly
    report "trước ngày 10/12" of part V, which takes the plan's year."""
    got = {(d.section, d.date, d.kind) for d in lao_cai.deadlines}
    assert got == {
        ("PL.1", dt.date(2026, 6, 30), "completion"),
        ("PL.2", dt.date(2026, 5, 31), "completion"),
        ("PL.5", dt.date(2030, 1, 1), "completion"),
        ("PL.11", dt.date(2026, 6, 30), "completion"),
        ("V", dt.date(2026, 12, 10), "report"),
    }
    [report] = [d for d in lao_cai.deadlines if d.kind == "report"]
    assert report.recipients == ("lao-cai/uy-ban-nhan-dan-tinh",)
