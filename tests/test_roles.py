"""Role rules, each on a short plan written for the test (inspect.cleandoc)."""

from __future__ import annotations

import inspect

import pytest

import ttdn_graph

from .conftest import roles

HEADER = """
Số: 12/KH-UBND

Bắc Ninh, ngày 5 tháng 1 năm 2023

KẾ HOẠCH

Hoạt động thông tin đối ngoại tỉnh Bắc Ninh năm 2023

I. MỤC ĐÍCH

1. Mục đích

II. TỔ CHỨC THỰC HIỆN
"""


def plan_of(body: str) -> ttdn_graph.Plan:
    return ttdn_graph.parse_text(inspect.cleandoc(HEADER) + "\n\n" + inspect.cleandoc(body))


CASES = [
    (
        "role sub-headings: '*a) Chủ trì*' and '*b) Phối hợp với X*' give the heading agency that role",
        """
        1. Sở Công Thương

        *a) Chủ trì, phối hợp với các
        sở, ngành*

        - Xây dựng kế hoạch xúc tiến thương mại.

        - Sở Tài chính và các đơn vị liên quan bố trí kinh phí.

        *b) Phối hợp với Sở Nông nghiệp và Môi trường*

        - Hỗ trợ hợp tác xã tham gia hội chợ.
        """,
        {("II.1.a", "so-cong-thuong", "lead"), ("II.1.a", "so-tai-chinh", "support"),
         ("II.1.a", "cac-so-ban-nganh-tinh", "support"),  # "các sở, ngành": a named group
         ("II.1.b", "so-cong-thuong", "support"), ("II.1.b", "so-nong-nghiep-va-moi-truong", "lead")},
    ),
    (
        "a bullet that is only an agency's name owns the '+' bullets after it",
        """
        1. Hoàn thiện thể chế

        - Sở Tư pháp

        + Rà soát văn bản quy phạm pháp luật.

        - Sở Nội vụ

        + Kiện toàn tổ chức bộ máy.
        """,
        {("II.1", "so-tu-phap", "lead"), ("II.1", "so-noi-vu", "lead")},
    ),
    (
        "a label 'Đơn vị chủ trì tham mưu thực hiện:' names the lead; vague words in a list are skipped",
        """
        1. Bồi dưỡng cán bộ

        *Đơn vị chủ trì tham mưu thực
        hiện: *Sở Tư pháp.

        *Đơn vị phối hợp: *Các sở, ngành, đơn vị, UBND cấp xã.
        """,
        {("II.1", "so-tu-phap", "lead"), ("II.1", "cac-so-ban-nganh-tinh", "support"),
         ("II.1", "uy-ban-nhan-dan-cac-xa", "support")},
    ),
    (
        "'Phối hợp, hướng dẫn ...' names no partner: the heading agency does the task",
        """
        1. Sở Công Thương

        - Phối hợp, hướng dẫn các doanh nghiệp tham gia hội chợ.
        """,
        {("II.1", "so-cong-thuong", "lead")},
    ),
    (
        "'Phối hợp với X' where no heading names the doer: X leads",
        """
        1. Tuyên truyền về bầu cử

        - Phối hợp với Sở Nội vụ rà soát danh sách cử tri.
        """,
        {("II.1", "so-noi-vu", "lead")},
    ),
    (
        "'X chịu trách nhiệm': office-holders lead, the vague tail gets nothing",
        """
        1. Thi hành

        Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế; thủ trưởng các cơ quan, đơn vị liên quan
        chịu trách nhiệm thi hành Kế hoạch này.
        """,
        {("II.1", "chanh-van-phong-uy-ban-nhan-dan-tinh", "lead"), ("II.1", "giam-doc-so-y-te", "lead")},
    ),
    (
        "'Giám đốc các sở: A, B và C': one office-holder per department",
        """
        1. Thi hành

        Giám đốc các sở: Tài chính, Nội vụ và Y tế có trách nhiệm thi hành Kế hoạch này.
        """,
        {("II.1", "giam-doc-so-tai-chinh", "lead"), ("II.1", "giam-doc-so-noi-vu", "lead"),
         ("II.1", "giam-doc-so-y-te", "lead")},
    ),
    (
        "later 'chủ trì, phối hợp với Y' in a task whose doer is known: Y supports",
        """
        1. Kiểm tra

        Sở Nội vụ xây dựng kế hoạch; tổ chức chủ trì, phối hợp với Công an tỉnh kiểm tra công tác
        bầu cử.
        """,
        {("II.1", "so-noi-vu", "lead"), ("II.1", "cong-an-tinh", "support")},
    ),
    (
        "a vague reference spans its 'liên quan': the list goes on after it",
        """
        1. Sở Xây dựng

        - Chủ trì, phối hợp với các Sở, ngành liên quan và Ủy ban nhân dân cấp xã kiểm tra.
        """,
        {("II.1", "so-xay-dung", "lead"), ("II.1", "uy-ban-nhan-dan-cac-xa", "support")},
    ),
    (
        "a person with a post heads an item: 'Ông X - Trưởng đoàn: ... chủ trì'",
        """
        1. Ông. Nguyễn Văn An - Trưởng đoàn: Phụ trách chung; chủ trì các buổi làm việc.
        """,
        {("II.1", "ong-nguyen-van-an-truong-doan", "lead")},
    ),
    (
        "heading agency owns its lettered tasks",
        """
        1. Sở Ngoại vụ

        a) Tổ chức đón tiếp các đoàn khách quốc tế.

        b) Tham mưu UBND tỉnh về công tác đối ngoại.
        """,
        {("II.1.a", "so-ngoai-vu", "lead"), ("II.1.b", "so-ngoai-vu", "lead")},
    ),
    (
        "chủ trì, phối hợp với X, Y: heading leads, X and Y support",
        """
        1. Sở Thông tin và Truyền thông

        a) Chủ trì, phối hợp với Sở Ngoại vụ, Công an tỉnh và các cơ quan liên quan tổ chức
        tập huấn.
        """,
        {("II.1.a", "so-thong-tin-va-truyen-thong", "lead"), ("II.1.a", "so-ngoai-vu", "support"),
         ("II.1.a", "cong-an-tinh", "support")},
    ),
    (
        "a task that opens 'Phối hợp chặt chẽ với X': X leads, heading supports",
        """
        1. Công an tỉnh

        a) Phối hợp chặt chẽ với Sở Thông tin và Truyền thông quản lý phóng viên nước ngoài.
        """,
        {("II.1.a", "so-thong-tin-va-truyen-thong", "lead"), ("II.1.a", "cong-an-tinh", "support")},
    ),
    (
        "'Phối hợp với' a vague partner: only the support is known",
        """
        1. Bộ Chỉ huy Quân sự tỉnh

        a) Phối hợp với các cơ quan liên quan tuyên truyền về biên giới.
        """,
        {("II.1.a", "bo-chi-huy-quan-su-tinh", "support")},
    ),
    (
        "Giao X chủ trì, phối hợp với Y inside a body item",
        """
        1. Tuyên truyền

        Tổ chức hội nghị báo cáo viên (Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với
        Ban Tuyên giáo Tỉnh ủy thực hiện).
        """,
        {("II.1", "so-thong-tin-va-truyen-thong", "lead"), ("II.1", "ban-tuyen-giao-tinh-uy", "support")},
    ),
    (
        "X chủ trì, phối hợp với Y in running text",
        """
        1. Quảng bá

        Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Công Thương tổ chức hội chợ.
        """,
        {("II.1", "so-van-hoa-the-thao-va-du-lich", "lead"), ("II.1", "so-cong-thuong", "support")},
    ),
    (
        "N. Agency: task on one line",
        """
        1. Sở Y tế: Cung cấp thông tin về công tác y tế cho báo chí nước ngoài.

        2. Sở Tư pháp: Phối hợp với Sở Ngoại vụ rà soát điều ước quốc tế.
        """,
        {("II.1", "so-y-te", "lead"), ("II.2", "so-ngoai-vu", "lead"), ("II.2", "so-tu-phap", "support")},
    ),
    (
        "dash bullets under an agency heading are its tasks",
        """
        1. Sở Nội vụ

        - Rà soát cán bộ làm công tác thông tin đối ngoại.

        - Phối hợp với Sở Tài chính bố trí kinh phí.
        """,
        {("II.1", "so-noi-vu", "lead"), ("II.1", "so-tai-chinh", "lead"), ("II.1", "so-noi-vu", "support")},
    ),
    (
        "receivers of reports or advice, and 'hỗ trợ doanh nghiệp', get no role",
        """
        1. Sở Công Thương

        a) Hỗ trợ doanh nghiệp tham gia hội chợ; báo cáo UBND tỉnh kết quả thực hiện.

        b) Tham mưu UBND tỉnh ban hành chính sách xúc tiến thương mại.
        """,
        {("II.1.a", "so-cong-thuong", "lead"), ("II.1.b", "so-cong-thuong", "lead")},
    ),
    (
        "two agencies joined by 'và' in a heading are two; 'và' inside a name is one",
        """
        1. Sở Tài chính và Sở Văn hóa, Thể thao và Du lịch

        a) Bố trí kinh phí tổ chức lễ hội.
        """,
        {("II.1.a", "so-tai-chinh", "lead"), ("II.1.a", "so-van-hoa-the-thao-va-du-lich", "lead")},
    ),
    (
        "collective bodies are agencies too",
        """
        1. UBND các huyện, thị xã, thành phố

        a) Cung cấp thông tin cho báo chí.
        """,
        {("II.1.a", "uy-ban-nhan-dan-cac-huyen", "lead")},
    ),
]


@pytest.mark.parametrize(("why", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(why: str, body: str, expected: set[tuple[str, str, str]]) -> None:
    assert roles(plan_of(body), "II") == expected, why


def _case(why: str) -> str:
    return next(body for reason, body, _ in CASES if reason.startswith(why))


def test_cue_is_recorded() -> None:
    plan = plan_of(_case("a task that opens 'Phối hợp chặt chẽ với X'"))
    cues = {(a.agency.split("/")[-1], a.cue) for a in plan.assignments}
    assert cues == {("so-thong-tin-va-truyen-thong", "phối hợp với"), ("cong-an-tinh", "phối hợp với")}


def test_custom_province_scope() -> None:
    plan = plan_of(_case("heading agency owns its lettered tasks"))
    assert plan.province == "Bắc Ninh"
    assert {a.agency for a in plan.assignments} == {"bac-ninh/so-ngoai-vu"}


def test_facets_of_one_task_give_their_roles_to_the_task() -> None:
    """'a) Nhiệm vụ: ...', 'b) Cơ quan thực hiện:' with label lines, 'c) Thời gian ...':
    one task in three lettered parts; its roles and its coverage are the item's."""
    plan = plan_of("""
        1. Xây dựng chiến lược dữ liệu

        a) Nhiệm vụ: Rà soát, hoàn thiện Chiến lược dữ liệu.

        b) Cơ quan thực hiện:

        - Đơn vị chủ trì: Sở Khoa học và Công nghệ.

        - Đơn vị phối hợp: Sở Tài chính.

        c) Thời gian thực hiện: Năm 2025.
        """)
    assert roles(plan, "II") == {("II.1", "so-khoa-hoc-va-cong-nghe", "lead"), ("II.1", "so-tai-chinh", "support")}
    assert (plan.coverage.tasks, plan.coverage.led) == (1, 1)


def test_a_heading_body_with_its_places_after_a_colon() -> None:
    """"12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền" names the body and its places;
    the names after the colon are not an inline task."""
    plan = plan_of("""
        1. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông

        - Quản lý chặt chẽ vùng ven biển.
        """)
    assert roles(plan, "II") == {("II.1", "uy-ban-nhan-dan-cac-xa", "lead")}


def test_closing_requests_name_leads_of_the_implementation_part() -> None:
    """"Trên đây là Kế hoạch ...; đề nghị X, Y nghiêm túc thực hiện": X and Y lead part II
    (the implementation part); a vague "các cơ quan, đơn vị" gets nothing."""
    plan = plan_of("""
        1. Sở Ngoại vụ

        a) Tổ chức đón tiếp các đoàn khách quốc tế.

        Trên đây là Kế hoạch thông tin đối ngoại năm 2023. Đề nghị Hội Nông dân tỉnh, Tỉnh đoàn
        nghiêm túc thực hiện; các cơ quan, đơn vị báo cáo kết quả.

        Nơi nhận:
        - Lưu: VT.
        """)
    closing = {(a.section, a.agency.split("/")[-1], a.cue) for a in plan.assignments if a.section == "II"}
    assert closing == {("II", "hoi-nong-dan-tinh", "đề nghị (phần kết)"), ("II", "tinh-doan", "đề nghị (phần kết)")}


def test_evidence_is_a_whole_clause_never_cut_inside_a_word() -> None:
    """IV.9.c (line 181 of the bundled text) is one 430-character clause ending
    "..., tìm kiếm cứu hộ, cứu nạn."; its evidence used to stop at 300 characters."""
    from ttdn_graph import datasets

    plan = datasets.hung_yen_2022()
    (ev,) = {plan.text[a.evidence.start:a.evidence.end] for a in plan.assignments
             if a.section == "IV.9.c"}
    assert ev.startswith("Phối hợp với các cơ quan liên quan thực hiện công tác thông tin")
    assert ev.endswith("tìm kiếm cứu hộ, cứu nạn")
    for a in plan.assignments:
        after = plan.text[a.evidence.end:a.evidence.end + 1]
        assert not after.isalnum(), (a.section, plan.text[a.evidence.start:a.evidence.end + 10])


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how many of its items are looked at."""

    looked = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in list.__iter__(self):
            _CountingList.looked += 1
            yield item

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        _CountingList.looked += 1
        return list.__getitem__(self, i)


def test_agency_chains_do_not_rescan_the_paragraph() -> None:
    """Role extraction looked at every mention of a paragraph for every cue: quadratic
    (77 s for 2 MB of "X chủ trì, phối hợp với Y"; benchmarks/bench_scaling.py). Chains
    now start by bisection, so 2,000 look-ups in a 2,000-mention paragraph look at a few
    mentions each, not at all of them."""
    from ttdn_graph.agencies import AgencyMatcher
    from ttdn_graph.roles import _chain_after, _chain_before

    text = "Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức tuyên truyền; " * 1000
    mentions = AgencyMatcher.for_province("Hưng Yên").find(text)
    assert len(mentions) == 2000
    counted = _CountingList(mentions)
    _CountingList.looked = 0
    for m in mentions:
        _chain_after(counted, text, m.end)
        _chain_before(counted, text, m.start)
    assert _CountingList.looked < 40 * len(mentions)  # the old scan: about 4,000,000
