"""The gazetteer, provinces, and finding agencies in text."""

from __future__ import annotations

import json
import random
import re
from importlib import resources

import pytest

from ttdn_graph.agencies import (
    _MAX_WORDS,
    _TOKEN,
    AgencyMatcher,
    _first_chars,
    _grammar,
    _is_stop,
    _load,
    _trie,
    _words_ahead,
    find_province,
    gazetteer,
    provinces,
)
from ttdn_graph.normalize import normalize

HY = AgencyMatcher.for_province("Hưng Yên")


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Sở TT&TT", ["hung-yen/so-thong-tin-va-truyen-thong"]),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH HƯNG YÊN", ["hung-yen/so-thong-tin-va-truyen-thong"]),
        ("Sở Kế hoạch - Đầu tư", ["hung-yen/so-ke-hoach-va-dau-tu"]),
        ("Sở Văn hoá - Thể thao và Du lịch", ["hung-yen/so-van-hoa-the-thao-va-du-lich"]),
        ("Uỷ ban nhân dân tỉnh", ["hung-yen/uy-ban-nhan-dan-tinh"]),
        ("Văn phòng UBND tỉnh", ["hung-yen/van-phong-uy-ban-nhan-dan-tinh"]),
        # "và" joins two names ...
        ("Sở Tài chính và Sở Xây dựng", ["hung-yen/so-tai-chinh", "hung-yen/so-xay-dung"]),
        # ... or belongs to one
        ("Sở Văn hóa, Thể thao và Du lịch", ["hung-yen/so-van-hoa-the-thao-va-du-lich"]),
        ("Bộ Ngoại giao", ["bo-ngoai-giao"]),
        ("UBND các huyện, thị xã, thành phố", ["hung-yen/uy-ban-nhan-dan-cac-huyen"]),
        ("Báo Hưng Yên", ["hung-yen/bao-tinh"]),
        # recognized by shape only
        ("Sở Ngoại vụ và Sở Kiến trúc Quy hoạch", ["hung-yen/so-ngoai-vu", "hung-yen/so-kien-truc-quy-hoach"]),
        # a shape's id reads short forms in full: one body, however it is written
        ("UBND huyện Văn Lâm", ["hung-yen/uy-ban-nhan-dan-huyen-van-lam"]),
        ("Ủy ban nhân dân huyện Văn Lâm", ["hung-yen/uy-ban-nhan-dan-huyen-van-lam"]),
        ("Ban Thường trực Ủy ban MTTQ Việt Nam xã", ["hung-yen/ban-thuong-truc-uy-ban-mat-tran-to-quoc-xa"]),
        ("Ban Thường trực Ủy ban Mặt trận Tổ quốc xã", ["hung-yen/ban-thuong-truc-uy-ban-mat-tran-to-quoc-xa"]),
        ("hỗ trợ doanh nghiệp", []),
        # names by syntax: no fixed count of lower-case words; a verb or a second head ends them
        ("Cục Biến đổi khí hậu chủ trì", ["cuc-bien-doi-khi-hau"]),
        ("Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch tổ chức",
         ["hung-yen/trung-tam-xuc-tien-dau-tu-thuong-mai-va-du-lich"]),
        ("Ban Quản lý các khu công nghệ cao và khu công nghiệp tổ chức",
         ["hung-yen/ban-quan-ly-cac-khu-cong-nghe-cao-va-khu-cong-nghiep"]),
        ("Sở Khoa học và Công nghệ Sở Công Thương", ["hung-yen/so-khoa-hoc-va-cong-nghe", "hung-yen/so-cong-thuong"]),
        ("Ban hành kế hoạch", []),
        # level words listed after a body; a body named through another
        ("Ủy ban nhân dân huyện, thành phố; thủ trưởng", ["hung-yen/uy-ban-nhan-dan-huyen-thanh-pho"]),
        ("Văn phòng Sở Công Thương bố trí xe", ["hung-yen/van-phong-so-cong-thuong"]),
        # office-holders: the post and its body
        ("Giám đốc Sở Y tế", ["hung-yen/giam-doc-so-y-te"]),
        ("Đồng chí Chủ tịch Ủy ban MTTQ xã chỉ đạo", ["hung-yen/chu-tich-uy-ban-mat-tran-to-quoc-xa"]),
        ("theo quy định của pháp luật", []),
    ],
)
def test_find(text: str, ids: list[str]) -> None:
    assert [m.agency.id for m in HY.find(normalize(text).text)] == ids


def test_an_office_holder_belongs_to_its_body() -> None:
    [m] = HY.find("Giám đốc Sở Y tế")
    assert (m.agency.kind, m.agency.parent, m.agency.name) == (
        "office", "hung-yen/so-y-te", "Giám đốc Sở Y tế")
    assert HY.parent_of(m.agency) is not None and HY.parent_of(m.agency).name == "Sở Y tế"


def test_vague_lists_are_marked() -> None:
    text = "các sở, ngành, địa phương liên quan và các sở, ngành, địa phương xây dựng dự toán"
    assert [m.generic for m in HY.find(text)] == [True, True]
    # a named group is not vague
    assert [m.generic for m in HY.find("Các sở, ngành và Công an tỉnh")] == [False, False]


def test_vague_references_are_marked() -> None:
    [m] = HY.find("phối hợp với các Sở, ban, ngành liên quan")
    assert m.generic


def test_same_body_in_two_provinces_stays_two() -> None:
    lc = AgencyMatcher.for_province("Lào Cai")
    a = HY.lookup("Công an tỉnh")
    b = lc.lookup("Công an tỉnh")
    assert a is not None and b is not None
    assert a.id != b.id
    assert HY.lookup("Bộ Công an") == lc.lookup("Bộ Công an")  # central: shared


def test_city_plans_read_thanh_pho() -> None:
    hcm = AgencyMatcher.for_province("Hồ Chí Minh")
    found = hcm.lookup("Ủy ban nhân dân Thành phố")
    assert found is not None and found.id == "ho-chi-minh/uy-ban-nhan-dan-tinh"
    assert found.name == "Ủy ban nhân dân thành phố"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("tỉnh Hưng Yên", "Hưng Yên"),
        ("LÀO CAI", "Lào Cai"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH", "Hồ Chí Minh"),
        ("Hoà Bình", "Hòa Bình"),
        ("nowhere", None),
    ],
)
def test_find_province(text: str, name: str | None) -> None:
    prov = find_province(text)
    assert (prov.name if prov else None) == name


def test_provinces_before_and_after_2025() -> None:
    units = provinces()
    assert units["thai binh"].merged_into == "Hưng Yên"
    assert units["hung yen"].merged_from == ("Thái Bình", "Hưng Yên")
    assert units["ha noi"].kind == "city"
    data = json.loads(resources.files("ttdn_graph").joinpath("data/provinces.json").read_text())
    assert len(data["before_2025"]) == 63
    assert len(data["after_2025"]) == 34
    for row in data["before_2025"] + data["after_2025"]:
        found = find_province(row["name"])
        assert found is not None and found.name.replace("oà", "òa") == row["name"].replace("oà", "òa")


def test_gazetteer_entries_are_well_formed() -> None:
    keys = [e.key for e in gazetteer()]
    assert len(keys) == len(set(keys))
    assert all(e.level in ("central", "province") for e in gazetteer())


@pytest.mark.parametrize(("text", "level"), [
    ("Các tổ chức chính trị - xã hội xã", "commune"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "commune"),
    ("Công an xã", "commune"),
    ("Phòng Văn hóa - Thông tin huyện", "district"),
    ("Các tổ chức chính trị - xã hội tỉnh", "province"),
    ("Cục Biến đổi khí hậu", "central"),
])
def test_commune_and_district_bodies_keep_their_level(text: str, level: str) -> None:
    """A provincial name followed by "xã" is the commune's body, not the province's."""
    [m] = HY.find(text)
    assert m.agency.level == level
    assert m.end == len(text)


@pytest.mark.parametrize(("text", "name"), [
    # a lower-case list inside a name, ended by "và"
    ("Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh tổ chức",
     "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"),
    # "và" before an office title ends the name
    ("Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam và Thủ trưởng các cơ quan liên quan",
     "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam"),
])
def test_names_end_where_the_syntax_says(text: str, name: str) -> None:
    first = HY.find(text)[0]
    assert text[first.start : first.end] == name


def test_a_body_of_several_levels_takes_the_first() -> None:
    [m] = HY.find("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã")
    assert m.agency.level == "province"


def test_a_body_of_another_province_belongs_to_that_province() -> None:
    """In a Hưng Yên plan, "Ủy ban nhân dân tỉnh Hải Dương" is Hải Dương's; in a national
    plan a list of places after one body names the same body of each."""
    text = "Ủy ban nhân dân tỉnh Hải Dương, Sở Tài chính tỉnh Hải Dương và Công an tỉnh"
    assert [(m.agency.id, m.agency.name) for m in HY.find(text)] == [
        ("hai-duong/uy-ban-nhan-dan-tinh", "Ủy ban nhân dân tỉnh Hải Dương"),
        ("hai-duong/so-tai-chinh", "Sở Tài chính tỉnh Hải Dương"),
        ("hung-yen/cong-an-tinh", "Công an tỉnh"),
    ]
    national = AgencyMatcher.for_province(None)
    text = "Ủy ban nhân dân thành phố Hà Nội, thành phố Hải Phòng và tỉnh Quảng Ninh hỗ trợ"
    assert [m.agency.id for m in national.find(text)] == [
        "ha-noi/uy-ban-nhan-dan-tinh", "hai-phong/uy-ban-nhan-dan-tinh", "quang-ninh/uy-ban-nhan-dan-tinh"]


@pytest.mark.parametrize(("text", "names"), [
    # a head word inside another proper name opens no body
    ("tham gia Lễ hội Hoa Ban Điện Biên năm 2022;", []),
    # after a title or another head it does
    ("Trưởng Ban Chỉ đạo tỉnh chỉ đạo", ["Trưởng Ban Chỉ đạo tỉnh"]),
    ("Đề nghị Ban Quản lý dự án đầu tư tỉnh chủ trì", ["Ban Quản lý dự án đầu tư tỉnh"]),
])
def test_head_words_inside_other_names(text: str, names: list[str]) -> None:
    assert [text[m.start:m.end] for m in HY.find(text)] == names


@pytest.mark.parametrize(("text", "name"), [
    ("Sở Tài chính tỉnh Hưng Yên chủ trì", "Sở Tài chính tỉnh Hưng Yên"),
    ("Sở Tài chính tỉnh chủ trì", "Sở Tài chính tỉnh"),
    ("SỞ TÀI CHÍNH TỈNH HƯNG YÊN", "SỞ TÀI CHÍNH TỈNH HƯNG YÊN"),
    ("Công an tỉnh Hưng Yên, Sở Y tế", "Công an tỉnh Hưng Yên"),
    ("Công an tỉnh\nHưng Yên", "Công an tỉnh\nHưng Yên"),
    ("Công an tỉnh Hưng Yênxyz", "Công an tỉnh"),
])
def test_a_provincial_name_takes_its_province_after_it(text: str, name: str) -> None:
    """The province after a provincial body's name is part of the name (matched after
    the name itself: the names' patterns leave the province out)."""
    assert text[HY.find(text)[0].start : HY.find(text)[0].end] == name


def test_a_name_read_by_its_shape_is_read_once() -> None:
    """A matcher keeps the agencies it read by their shape (a name recurs in a plan):
    the same agency however the name is spaced, as read the first time."""
    matcher = AgencyMatcher(find_province("Hưng Yên"))
    first = matcher.shape_agency("Phòng Văn hóa và Thông tin huyện Văn Lâm")
    again = matcher.shape_agency("Phòng Văn hóa  và\nThông tin huyện Văn Lâm")
    assert again is first
    assert again == AgencyMatcher(find_province("Hưng Yên")).shape_agency("Phòng Văn hóa và Thông tin huyện Văn Lâm")
    assert first.level == "district" and first.id == "hung-yen/phong-van-hoa-va-thong-tin-huyen-van-lam"


def test_a_matcher_makes_a_body_when_it_is_first_named() -> None:
    """Building a matcher makes no agency (most of the gazetteer is never named in a
    plan); a body is made the first time it is named, once, and found as the parent of
    its office-holders."""
    matcher = AgencyMatcher(find_province("Lào Cai"))
    assert matcher._agencies == {}
    first = matcher.find("Sở Tài chính chủ trì")[0].agency
    assert matcher.find("Sở Tài chính tỉnh Lào Cai")[0].agency is first
    assert list(matcher._agencies) == ["so-tai-chinh"]
    office = matcher.find("Giám đốc Sở Tài chính")[0].agency
    assert matcher.parent_of(office) is first


def _is_stop_as_first_written(words: list[str], i: int, stops: frozenset[str]) -> bool:
    """The stop rule before its look-up by first word: every length, longest first."""
    longest = max(len(w.split()) for w in stops)
    for n in range(longest, 0, -1):
        if " ".join(w.lower() for w in words[i : i + n]) in stops and i + n <= len(words):
            return True
    return False


def test_stops_are_found_as_the_rule_first_written_finds_them() -> None:
    g = _grammar()
    # words of the stops, their beginnings and other words, in any case, in random runs
    vocab = sorted({w for s in g.stops for w in s.split()} | {"Sở", "và", "Ban", "tỉnh", "x"})
    vocab += [w.upper() for w in vocab[:20]] + [w.capitalize() for w in vocab[:20]]
    rng = random.Random(17)
    seen = 0
    for _ in range(3000):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 6))]
        for i in range(len(words)):
            expected = _is_stop_as_first_written(words, i, g.stops)
            assert _is_stop(words, i, g) == expected, (words, i)
            seen += expected
    assert seen > 500  # the generated runs hold many stops, of one word and more
    for stop in g.stops:  # each stop, at the end of a run, cut short, and in upper case
        words = ["x", *stop.split()]
        assert _is_stop(words, 1, g) and _is_stop([w.upper() for w in words], 1, g)
        if len(words) > 2:
            assert _is_stop(words[:-1], 1, g) == _is_stop_as_first_written(words[:-1], 1, g.stops)


def _words_ahead_as_first_written(text: str, pos: int, end: int) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    """The words ahead as first read: one match of the token pattern at a time."""
    line_end = text.find("\n", pos, end)
    stop = end if line_end < 0 else line_end
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    joins: list[str] = []
    p = pos
    for t in _TOKEN.finditer(text, pos, min(stop, pos + 240)):
        if t.start() != p or len(words) >= _MAX_WORDS + 2 or (not t.group(1) and words):
            break
        joins.append(t.group(1))
        words.append(t.group(2))
        spans.append(t.span(2))
        p = t.end()
    return words, spans, joins


def test_words_ahead_are_read_as_one_by_one() -> None:
    """The words ahead read by one match and a ``findall`` are those read one token at a
    time: on generated text of letters, digits, joiners, blanks and other marks, from
    every position, with and without an end."""
    rng = random.Random(17)
    pieces = ["Sở", "văn", "hóa", "a", "12", "x3", "_", " ", "  ", "\t", ",", " - ", "/", "&", ".", "\n", "đ"]
    long_words = " ".join(["Ban"] * 30)  # more words than a name has
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        text = rng.choice(["", long_words + " "]) + text
        for pos in range(len(text) + 1):
            end = rng.choice([len(text), min(len(text), pos + rng.randint(0, 20))])
            assert _words_ahead(text, pos, end) == _words_ahead_as_first_written(text, pos, end), (text, pos, end)
    assert len(_words_ahead(long_words, 0, len(long_words))[0]) == _MAX_WORDS + 2


def test_head_words_are_found_as_the_pattern_first_written_finds_them() -> None:
    """The heads' pattern that checks a word's start after its first letter finds, and
    matches at, the places the pattern that checked it before the head finds."""
    heads = _load("gazetteer.json")["name_heads"]
    alts = sorted({*heads["next"], *heads["any"], *heads["through_of"], *heads["to_line_end"],
                   *heads["business"]}, key=len, reverse=True)
    first_written = re.compile(_first_chars(alts) + r"(?<![\w])" + _trie(alts) + r"(?!\w)")
    pattern = _grammar().heads
    rng = random.Random(17)
    pieces = [*alts, *(h.lower() for h in alts), "a", "1", "_", " ", "\n", "\t", ",", "(", "Đ", "x"]
    found = 0
    for _ in range(300):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in first_written.finditer(text)]
        found += len(first_written.findall(text))
        for pos in range(len(text) + 1):
            got, expected = pattern.match(text, pos), first_written.match(text, pos)
            assert (got and got.span()) == (expected and expected.span()), (text, pos)
    assert found > 300  # many heads, in words and alone
