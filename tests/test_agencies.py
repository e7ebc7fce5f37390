"""The gazetteer, provinces, and finding agencies in text."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttdn_graph.agencies import AgencyMatcher, find_province, gazetteer, provinces
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


def test_name_patterns_are_the_same_for_every_province() -> None:
    """Building a matcher compiles no pattern of names for its province (issue 17: it
    took ~110 ms a province): only the heads with the province inside a name ("Báo
    {province}") differ between two provinces."""
    hy = AgencyMatcher.for_province("Hưng Yên")
    lc = AgencyMatcher.for_province("Lào Cai")
    differ = {h for h, (source, *_) in hy._by_head.items() if lc._by_head[h][0] != source}
    assert differ == {"báo"}


def test_a_head_words_leads_match_wherever_its_names_do() -> None:
    """The scan tries a head word's names only where one of their leads (the name up to
    its second word) matches: it must match wherever a name does, at every head word
    of the bundled plan and of the dev corpus, read with their own province."""
    from ttdn_graph import datasets
    from ttdn_graph.agencies import _head_pattern

    texts = [datasets.hung_yen_2022_text()]
    corpus = sorted((Path(__file__).parent / "assets" / "corpus").glob("*.txt"))
    texts += [p.read_text(encoding="utf-8") for p in corpus]
    with_leads = 0
    for raw in texts:
        text = normalize(raw).text
        for matcher in (HY, AgencyMatcher.for_province(None)):
            for word in matcher._head_regex.finditer(text):
                source, _, _, leads = matcher._by_head[word.group().lower()]
                if leads is None:
                    continue
                with_leads += 1
                if _head_pattern(source).match(text, word.start()):
                    assert _head_pattern(leads).match(text, word.start()), text[word.start():word.start() + 60]
    assert with_leads > 1000  # the test looked at many positions


def test_compiled_names_find_what_every_name_tried_in_turn_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names that differ from an earlier name of their head only by case are left out and
    runs of names of plain words are factored (fewer characters to compile); the matcher
    finds what it finds with every name kept and tried in turn, in the bundled plan and
    the dev corpus, with and without a province."""
    from ttdn_graph import agencies, datasets

    texts = [datasets.hung_yen_2022_text()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "assets" / "corpus").glob("*.txt"))]
    found = {}
    for plain in (False, True):
        if plain:
            monkeypatch.setattr(agencies, "_ignoring_case", lambda pattern: None)
            monkeypatch.setattr(agencies, "_alternation",
                                lambda patterns: "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(patterns)))
        agencies._shared_head_tables.cache_clear()  # (built once for all provinces)
        for province in ("Hưng Yên", None):
            matcher = AgencyMatcher(find_province(province) if province else None)
            sizes = sum(len(source) for source, *_ in matcher._by_head.values())
            mentions = [[(m.start, m.end, m.agency.id, m.generic) for m in matcher.find(normalize(t).text)]
                        for t in texts]
            found[plain, province] = sizes, mentions
    agencies._shared_head_tables.cache_clear()
    for province in ("Hưng Yên", None):
        assert found[False, province][0] < 0.9 * found[True, province][0]  # fewer characters to compile
        assert found[False, province][1] == found[True, province][1]


_NAME_WORDS = ["Sở", "sở", "Ban", "ban", "Tài", "chính", "Chính", "Y", "tế", "Tế", "và", "Nhân", "dân"]


_NAME_SEPARATORS = [" ", " ", " ", ", ", " - ", "-", ",,", ".", "x", "\n"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=4), min_size=1, max_size=8),
       st.data())
def test_factored_names_match_as_the_names_in_turn(names: list[list[str]], data: st.DataObject) -> None:
    """Names of plain words in any order, factored (``_alternation``): at every place of
    a text (made of the names' words), the same match (span and group) as the names
    tried in turn."""
    from ttdn_graph.agencies import _SEP, _alternation

    patterns = [_SEP.join(words) for words in names]
    words = data.draw(st.lists(st.sampled_from(names), max_size=3).map(lambda ns: [w for n in ns for w in n]))
    seps = data.draw(st.lists(st.sampled_from(_NAME_SEPARATORS), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True))
    factored = re.compile("(?:" + _alternation(tuple(patterns)) + r")(?!\w)", re.IGNORECASE)
    plain = re.compile("(?:" + "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(patterns)) + r")(?!\w)",
                       re.IGNORECASE)
    for pos in range(len(text) + 1):
        a, b = factored.match(text, pos), plain.match(text, pos)
        assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (patterns, text, pos)


_LOOSE_SEPARATORS = [" ", " ", " ", ", ", ",", " - ", "-", "\n", " ,", ",,", ", - ", " -,", "--", ".", "x"]


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_loose_names_match_as_the_exact_names(data: st.DataObject) -> None:
    """The scan reads a head word's names with a loose pattern (any run of blanks,
    commas and dashes between two words: cheaper to compile) and, where its match holds
    a run with two commas or dashes, with the exact one: at every place of a text made of
    the words of the head's names, the same match (span and group) as the exact pattern."""
    from ttdn_graph.agencies import _head_pattern, _names_at

    head = data.draw(st.sampled_from(sorted(HY._by_head)))
    source = HY._by_head[head][0]
    names = [a.replace("{province}", "Hưng Yên").split() for e in gazetteer() for a in (e.name, *e.aliases)
             if a.split()[0].lower() == head]
    picked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3))
    words = [w for name in picked for w in name[: data.draw(st.integers(1, len(name)))]]
    seps = data.draw(st.lists(st.sampled_from(_LOOSE_SEPARATORS), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True))
    exact = _head_pattern(source)
    for pos in range(len(text) + 1):
        a, b = _names_at(source, text, pos), exact.match(text, pos)
        assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (text, pos)


def test_a_matcher_builds_only_the_heads_of_names_with_the_province() -> None:
    """The tables of the heads whose names leave the province out are built once for
    all provinces (the same objects in two matchers); those of "Báo {province}" are the
    province's, and a matcher's tables are those of its names all built together."""
    from ttdn_graph.agencies import _head_tables

    hy, lc = AgencyMatcher.for_province("Hưng Yên"), AgencyMatcher.for_province("Lào Cai")
    assert hy._by_head["sở"] is lc._by_head["sở"]
    assert hy._by_head["báo"] is not lc._by_head["báo"]
    for matcher in (hy, lc, AgencyMatcher.for_province(None)):
        names = tuple(r"\s+".join(map(re.escape, n.split()))
                      for n in ((matcher.province.name, *matcher.province.aliases) if matcher.province else ()))
        assert matcher._by_head == _head_tables(gazetteer(), names, matcher.province is not None)


_CASED_WORDS = ["Sở", "SỞ", "sở", "ſở", "Bộ", "BỘ", "bộ", "Ban", "BAN", "BAn", "Kho", "KHO", "Kho", "Ủy", "ỦY",
                "ủy", "UBND", "Ubnd", "Các", "CÁC", "ẞ", "ß", "ΣΑ", "Σ", "ς", " ", " ", "\n", ",", "-", "x", "1"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_CASED_WORDS), max_size=24))
def test_head_words_read_in_lower_case(parts: list[str]) -> None:
    """The scan reads the head words in the text put in lower case (where that keeps
    the offsets), with a pattern that does not ignore case: it finds the words the
    pattern ignoring case finds whose lower case is a head word, at the same places."""
    text = "".join(parts)
    heads = frozenset(HY._by_head)
    ignoring = [(m.start(), m.group().lower()) for m in HY._head_regex.finditer(text) if m.group().lower() in heads]
    lowered = text.lower()
    if len(lowered) != len(text):
        return  # (the scan reads these with the pattern ignoring case)
    assert [(m.start(), m.group()) for m in HY._lower_head_regex.finditer(lowered)] == ignoring


def test_a_name_read_by_its_shape_is_read_once() -> None:
    """A matcher keeps the agencies it read by their shape (a name recurs in a plan):
    the same agency however the name is spaced, as read the first time."""
    matcher = AgencyMatcher(find_province("Hưng Yên"))
    first = matcher.shape_agency("Phòng Văn hóa và Thông tin huyện Văn Lâm")
    again = matcher.shape_agency("Phòng Văn hóa  và\nThông tin huyện Văn Lâm")
    assert again is first
    assert again == AgencyMatcher(find_province("Hưng Yên")).shape_agency("Phòng Văn hóa và Thông tin huyện Văn Lâm")
    assert first.level == "district" and first.id == "hung-yen/phong-van-hoa-va-thong-tin-huyen-van-lam"
