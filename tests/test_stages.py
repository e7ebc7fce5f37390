"""Each stage of the parser on its own, on small texts written for the test: the stage
functions the pipeline chains (issue 16). Expected values are read off the texts."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn_graph.agencies import AgencyMatcher, plan_agencies
from ttdn_graph.citations import find_references, sort_references
from ttdn_graph.closing import closing_blocks, read_closing
from ttdn_graph.deadlines import plan_deadlines
from ttdn_graph.header import read_header, read_issuer
from ttdn_graph.roles import leads_by_section, plan_roles
from ttdn_graph.segment import Line, segment

HEADER = (
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH QUẢNG NINH\tĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\tQuảng Ninh, ngày 03 tháng 02 năm 2023\n"
    "\n"
    "KẾ HOẠCH\n"
    "Thông tin đối ngoại năm 2023\n"
    "\n"
)
PREAMBLE = (
    "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động"
    " thông tin đối ngoại; Thực hiện Kế hoạch số 40/KH-UBND ngày 10/01/2023 của UBND tỉnh;\n"
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
)
BODY = (
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "Triển khai Nghị định số 72/2015/NĐ-CP và Quyết định số 9/QĐ-UBND của UBND tỉnh.\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Sở Thông tin và Truyền thông\n"
    "a) Chủ trì, phối hợp với Sở Ngoại vụ tổ chức họp báo định kỳ.\n"
    "b) Phối hợp với Công an tỉnh quản lý thông tin trên mạng.\n"
    "2. Sở Ngoại vụ\n"
    "Báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 15/11/2023.\n"
)
CLOSING = (
    "Nơi nhận:\tKT. CHỦ TỊCH\n"
    "- Sở Ngoại vụ;\tPHÓ CHỦ TỊCH\n"
    "- Lưu: VT.\n"
    "\tNguyễn Văn An\n"
)
TEXT = HEADER + PREAMBLE + BODY + CLOSING


def test_segment_finds_parts_and_sections() -> None:
    segs = segment(TEXT)
    assert [s.id for s in segs.sections] == ["I", "II", "II.1", "II.1.a", "II.1.b", "II.2"]
    assert segs.sections[2].heading == "Sở Thông tin và Truyền thông"
    assert segs.preamble[0].text.startswith("Căn cứ Nghị định")
    assert segs.body_start == TEXT.index("Căn cứ")
    assert segs.closing[0].text.startswith("Nơi nhận")


def test_header_reads_number_place_date_province_and_issuer() -> None:
    segs = segment(TEXT)
    header = read_header(segs, TEXT)
    assert (header.number, header.place, header.date) == ("12/KH-UBND", "Quảng Ninh", dt.date(2023, 2, 3))
    assert header.province is not None and header.province.name == "Quảng Ninh"
    assert (header.level, header.doc_type, header.year()) == ("province", "Kế hoạch", 2023)
    matcher = AgencyMatcher.for_province("Quảng Ninh")
    warnings: list[str] = []
    header = read_issuer(segs, TEXT, matcher, header, warnings)
    assert header.issuer == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert warnings == []


def test_references_split_into_bases_and_citations_each_once() -> None:
    segs = segment(TEXT)
    matcher = AgencyMatcher.for_province("Quảng Ninh")
    bases, cited = sort_references(find_references(TEXT, matcher), segs.preamble, TEXT, "12/KH-UBND")
    assert [r.number.canonical for r in bases if r.number] == ["72/2015/NĐ-CP", "40/KH-UBND"]
    # 72/2015/NĐ-CP again in the body is a basis already; 9/QĐ-UBND is only cited
    assert [r.number.canonical for r in cited if r.number] == ["9/QĐ-UBND"]


def test_roles_deadlines_and_agencies_of_the_implementation_part() -> None:
    segs = segment(TEXT)
    matcher = AgencyMatcher.for_province("Quảng Ninh")
    roles = plan_roles(segs.sections, segs.closing, TEXT, matcher)
    got = {(a.section, a.agency.name, a.role) for a in roles}
    assert got == {
        ("II.1.a", "Sở Thông tin và Truyền thông", "lead"),
        ("II.1.a", "Sở Ngoại vụ", "support"),
        ("II.1.b", "Công an tỉnh", "lead"),
        ("II.1.b", "Sở Thông tin và Truyền thông", "support"),
        ("II.2", "Sở Ngoại vụ", "lead"),
    }
    leads = leads_by_section(roles)
    assert {k: [matcher_name(matcher, i) for i in v] for k, v in leads.items()} == {
        "II.1.a": ["Sở Thông tin và Truyền thông"], "II.1.b": ["Công an tỉnh"], "II.2": ["Sở Ngoại vụ"]}
    placed = plan_deadlines(segs.sections, closing_blocks(segs.closing), TEXT, matcher, 2023, leads)
    assert [(p.section, p.deadline.date, p.deadline.kind) for p in placed] == [
        ("II.2", dt.date(2023, 11, 15), "report")]
    assert [matcher_name(matcher, i) for i in placed[0].deadline.recipients] == ["Sở Thông tin và Truyền thông"]
    agencies = plan_agencies(TEXT, segs.body_start, matcher, None, (a.agency for a in roles), set())
    names = [a.name for a in agencies]
    assert {"Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "Công an tỉnh"} <= set(names)
    assert len(names) == len(set(names))


def test_closing_reads_signature_and_recipients_from_two_columns() -> None:
    segs = segment(TEXT)
    signer, recipients = read_closing(segs.closing, TEXT, AgencyMatcher.for_province("Quảng Ninh"))
    assert signer is not None
    assert (signer.name, signer.position) == ("Nguyễn Văn An", "Phó Chủ tịch")
    assert TEXT[signer.start : signer.end].startswith("KT. CHỦ TỊCH")
    assert [r.name for r in recipients] == ["Sở Ngoại vụ", "Lưu: VT"]  # the closing "." is punctuation
    assert TEXT[recipients[0].start : recipients[0].end] == "Sở Ngoại vụ"


def matcher_name(matcher: AgencyMatcher, agency_id: str) -> str:
    found = [m.agency.name for m in matcher.find(TEXT) if m.agency.id == agency_id]
    return found[0] if found else agency_id


class _CountedLine(Line):
    """A line that counts how often its text is read."""

    reads = 0

    def __getattribute__(self, name: str) -> object:
        if name == "text":
            _CountedLine.reads += 1
        return super().__getattribute__(name)


def test_closing_blocks_part_closings_after_a_signature_reading_each_line_a_few_times() -> None:
    """A decision's closing and its attached plan's are two blocks; the lines are read in
    one pass (a closing of thousands of lines was read again at each line)."""
    texts = ["Nơi nhận:", "- Như Điều 3;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trên đây là Kế hoạch ...",
             "Nơi nhận:", *[f"- Sở {i};" for i in range(2000)], "KT. CHỦ TỊCH", "Nơi nhận:", "- Lưu: VT."]
    lines = [_CountedLine(i, i + 1, t) for i, t in enumerate(texts)]
    _CountedLine.reads = 0
    blocks = closing_blocks(lines)
    assert [len(b) for b in blocks] == [4, 2003, 2]
    assert _CountedLine.reads <= 4 * len(lines)


def _plain_sentence_bounds(text: str, pos: int, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``pos`` as first defined: the breaks before it scanned from
    ``start``, the next one searched from ``pos``."""
    from ttdn_graph.deadlines import _SENTENCE

    s = start
    for m in _SENTENCE.finditer(text, start, pos):
        s = m.end()
    m2 = _SENTENCE.search(text, pos, end)
    return s, (m2.start() if m2 else end)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a .;!?\n\t,")), max_size=40), st.data())
def test_sentence_bounds_found_once_are_those_of_the_plain_scan(text: str, data: st.DataObject) -> None:
    """Deadlines find a stretch's sentence breaks once (a stretch with thousands of dates
    was scanned again from its start for each): the same sentence for every position,
    asked left to right (cues, then labels) or in any order."""
    from ttdn_graph.deadlines import _Sentences

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    positions = data.draw(st.lists(st.integers(start, end), max_size=8))
    for order in (sorted(positions), positions):
        sentences = _Sentences(text, start, end)
        assert [sentences.bounds(p) for p in order] == [_plain_sentence_bounds(text, p, start, end) for p in order]
