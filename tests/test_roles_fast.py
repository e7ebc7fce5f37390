"""Shortcuts of the role rules (issue 17, parser throughput) find what the rules they
stand for find: each is checked against the rule as first written, on generated texts."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import roles
from ttdn_graph.agencies import AgencyMatcher, Mention
from ttdn_graph.cues import alt, cues, role_words
from ttdn_graph.segment import RawSection, segment

_MATCHER = AgencyMatcher.for_province("Hưng Yên")

# pieces that come near agency names and the cues read after them
_PIECES = ["Sở Tài chính", "Sở Y tế", "UBND tỉnh", "Ủy ban nhân dân các huyện", "Công an tỉnh", "các sở, ngành liên quan",
           "Ủy ban MTTQ Việt Nam xã", "Báo Hưng Yên", "Văn phòng Sở Công Thương", "Đề nghị", "Trên cơ sở đó",
           "Trường hợp cần thiết thì", ", ", " và ", " ", ". ", "; ", ": ", "\n", "chủ động phối hợp với",
           "tổ chức", "thực hiện", "báo cáo", "x", "-"]


def _text(pieces: list[str]) -> str:
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=20), cut=st.tuples(st.integers(0, 200),
                                                                             st.integers(0, 200)))
@example(pieces=["Sở Tài chính", " và ", "Sở Y tế"], cut=(0, 20))  # a range that ends inside a name
@example(pieces=["Sở Tài chính", " và ", "Sở Y tế"], cut=(0, 17))  # a name that starts right before its end
def test_mentions_cut_by_bisection_are_those_the_matcher_finds(pieces: list[str], cut: tuple[int, int]) -> None:
    text = _text(pieces)
    index = roles._Mentions(_MATCHER, text)
    start, end = sorted(cut)
    assert index.find(text, start, end) == _MATCHER.find(text, start, end)
    assert index.find(text, start) == _MATCHER.find(text, start)
    assert index.names_in(start, end) == any(start <= m.start < end for m in _MATCHER.find(text))
    other = text + " "  # another text: the matcher's own answer
    assert index.find(other, start, end) == _MATCHER.find(other, start, end)


def _plain_owned_unit(text: str, unit: roles._Unit, ms: list[Mention]) -> object:
    """``_owned_unit`` as first written: the list read from the unit's start."""
    chain, end = roles._chain_after(ms, text, unit.start)
    named = [c for c in chain if not c.generic]
    if not named or chain[0].start != unit.start:
        return None
    colon = roles._OWNER_COLON.match(text, end, unit.end)
    if colon is None:
        return None
    return named, roles._Unit(colon.end(), unit.end)


def _plain_subject(sid: str, text: str, unit: roles._Unit, ms: list[Mention]) -> list[roles.RawAssignment]:
    """``_subject`` as first written: the list read at every place a subject may open."""
    out: list[roles.RawAssignment] = []
    starts = [unit.start, *roles._sentence_starts(text, unit.start, unit.end)]
    for s_start in starts:
        opener = roles._SUBJECT_OPEN.match(text, s_start, unit.end)
        candidates = [opener.end() if opener else s_start]
        if roles._SUBORDINATE.match(text, s_start, unit.end):
            stop = roles._first_clause_end(text, s_start, unit.end)
            candidates = [m.end() for m in roles._SUBORDINATE_END.finditer(text, s_start, stop)]
        for pos in candidates:
            chain, end = roles._chain_after(ms, text, pos)
            chain = [c for c in chain if not c.generic]
            if not chain or chain[0].start != pos:
                continue
            if not roles._VERB_AFTER_SUBJECT.match(text, end, unit.end) \
                    or roles._NOT_TASK_VERB.match(text, end, unit.end):
                continue
            stop = roles._first_clause_end(text, s_start, unit.end)
            partner = roles._SUBJECT_SUPPORTS.match(text, end, unit.end)
            if partner is not None:
                leads, p_end = roles._chain_after(ms, text, partner.end())
                leads = [c for c in leads if not c.generic]
                if leads:
                    out.extend(roles.RawAssignment(sid, c.agency, "lead", "phối hợp với", s_start, p_end)
                               for c in leads)
                    out.extend(roles.RawAssignment(sid, c.agency, "support", "phối hợp với", s_start, p_end)
                               for c in chain)
                    break
            out.extend(roles.RawAssignment(sid, c.agency, "lead", "subject", s_start, max(stop, end))
                       for c in chain)
            break
    return out


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=16), skip=st.integers(0, 30))
@example(pieces=["Sở Tài chính", ": ", "tổ chức", " ", "Sở Y tế"], skip=0)
@example(pieces=["các sở, ngành liên quan", ", ", "Sở Y tế", " ", "thực hiện"], skip=0)
@example(pieces=["Trên cơ sở đó", ", ", "Sở Y tế", " ", "tổ chức"], skip=0)
@example(pieces=["x", ". ", "Sở Y tế", " chủ động phối hợp với", " ", "Công an tỉnh", " ", "thực hiện"], skip=0)
def test_a_unit_reads_the_owner_and_subject_the_rules_as_first_written_read(pieces: list[str], skip: int) -> None:
    """Where no agency's name opens the place a list would be read from, the list is not
    read: the unit's owner and its subjects are those read everywhere."""
    text = _text(pieces)
    unit = roles._Unit(min(skip, len(text)), len(text))
    ms = _MATCHER.find(text, unit.start, unit.end)
    assert roles._owned_unit(text, unit, ms) == _plain_owned_unit(text, unit, ms)
    assert roles._subject("I.1", text, unit, ms) == _plain_subject("I.1", text, unit, ms)


def _chu_tri_as_first_written() -> re.Pattern[str]:
    """The explicit cues' pattern as first written: four cues, one after another."""
    words = role_words()
    return re.compile(
        rf"(?:(?<!\w)(?:là\s+cơ\s+quan\s+)?(?:{alt(words['lead'])})(?!\w)|(?<=\w)\s+tham\s+mưu(?=\s*\))"
        rf"|(?<!\w)(?P<duty>{alt(words['duty'])})(?!\w)"
        rf"|(?<=\w)\s+(?P<by>{alt(words['agent_verbs'])})(?!\w))",
        re.IGNORECASE,
    )


_CUE_PIECES = ["là cơ quan", "chủ trì", "CHỦ TRÌ", "Chủ  trì", "chịu trách nhiệm", "có trách nhiệm", "tham mưu",
               "thực hiện", "bố trí", "đảm nhiệm", "phụ trách", "Sở X", "do", "cơ quan", " ", "  ", "\n", "\t",
               ",", ")", "(", "x", "c", "l", "İ", "ı"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=14).map("".join), st.integers(0, 5))
@example("Sở X là cơ quan chủ trì thực hiện (Sở Y tham mưu)", 0)
@example("Sở X có trách nhiệm, do Sở Y bố trí", 0)
def test_the_explicit_cues_are_found_where_the_four_cues_tried_in_turn_find_them(text: str, start: int) -> None:
    plain = _chu_tri_as_first_written()
    got = [(m.span(), m.groupdict()) for m in roles._CHU_TRI.finditer(text, start)]
    assert got == [(m.span(), m.groupdict()) for m in plain.finditer(text, start)]


def _residue_as_first_written(text: str, start: int, end: int, mentions: list[Mention]) -> str:
    """What a heading holds besides agency names and filler words, all of it (the
    shortcut under test is in how the filler is dropped, not in gathering the rest)."""
    return roles._HEADING_FILLER.sub("", roles._between(text, start, end, mentions))


_HEADING_PIECES = ["Sở Tài chính", "UBND tỉnh", "Đề nghị", "giám đốc", "Giám sát", "các", "và", "cơ quan",
                   "trực thuộc", "Trung ương", "tỉnh", " ", ", ", ": ", "- ", "1.", "ab", "abc", "x", "Kiểm tra",
                   "đơn vị", "người đứng đầu", "_", "(", ")"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_HEADING_PIECES), max_size=10).map("".join), st.integers(0, 8))
@example("Sở Tài chính - Cơ quan thường trực", 0)
@example("Giám đốc Sở Tài chính", 0)
@example("x Sở Tài chính abc", 0)
def test_a_heading_holds_more_than_names_where_its_whole_residue_says_so(text: str, start: int) -> None:
    start = min(start, len(text))
    ms = _MATCHER.find(text, start, len(text))
    assert roles._more_than_names(text, start, len(text), ms) == \
        (len(_residue_as_first_written(text, start, len(text), ms)) > 3)


def _plain_explicit(sid: str, text: str, unit: roles._Unit, ms: list[Mention]) -> list[roles.RawAssignment]:
    """``_explicit`` as first written: every unit with a cue's letters scanned for all
    four cues (the shortcut under test leaves "tham mưu" and "do X" out where the unit
    has no ")" or no "do")."""
    out: list[roles.RawAssignment] = []
    if roles._EXPLICIT_HINT.search(text, unit.start, unit.end) is None:
        return out
    for m in roles._CHU_TRI.finditer(text, unit.start, unit.end):
        before = m.start()
        if m.group("duty"):
            tail = roles._VAGUE_TAIL.search(text, max(unit.start, before - 120), before)
            if tail is not None:
                before = tail.start()
        leads = [x for x in roles._chain_before(ms, text, before) if not x.generic]
        if m.group("by") and leads and not roles._BY_AGENT.search(
                text, max(unit.start, leads[0].start - 4), leads[0].start):
            continue
        if not leads:
            continue
        start = leads[0].start
        giao = re.search(r"(?i)giao\s*$", text[max(unit.start, start - 8) : start])
        if giao:
            start -= len(giao.group())
        end = m.end()
        sup = roles._AFTER_CHU_TRI.match(text, m.end(), unit.end)
        chain: list[Mention] = []
        if sup:
            chain, end = roles._chain_after(ms, text, sup.end())
        cue = "X có trách nhiệm" if m.group("duty") else "do X" if m.group("by") else "X chủ trì"
        out.extend(roles.RawAssignment(sid, x.agency, "lead", cue, start, end) for x in leads)
        lead_ids = {x.agency.id for x in leads}
        out.extend(roles.RawAssignment(sid, c.agency, "support", cue, start, end)
                   for c in chain if not c.generic and c.agency.id not in lead_ids)
    return out


_EXPLICIT_PIECES = ["Sở Tài chính", "Sở Y tế", "Công an tỉnh", "các sở, ngành liên quan", "giao ", "Giao ", "do ",
                    "Do ", "DO ", "chủ trì", "CHỦ TRÌ", "có trách nhiệm", "chịu trách nhiệm", "tham mưu",
                    "thực hiện", "bố trí", "phụ trách", "là cơ quan", "phối hợp với", ", ", " và ", " ", "  ",
                    "(", ")", "; ", ".", "x", "\t"]


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(st.sampled_from(_EXPLICIT_PIECES), max_size=16), skip=st.integers(0, 12))
@example(pieces=["(", "Sở Tài chính", " ", "tham mưu", ")"], skip=0)
@example(pieces=["do ", "Sở Tài chính", " ", "bố trí"], skip=0)
@example(pieces=["Sở Tài chính", " ", "tham mưu", "; ", "Sở Y tế", " ", "chủ trì", ")"], skip=0)
def test_the_explicit_cues_give_the_roles_the_scan_for_all_four_cues_gives(pieces: list[str], skip: int) -> None:
    text = _text(pieces)
    unit = roles._Unit(min(skip, len(text)), len(text))
    ms = _MATCHER.find(text, unit.start, unit.end)
    assert roles._explicit("I.1", text, unit, ms) == _plain_explicit("I.1", text, unit, ms)


def _label_as_first_written() -> re.Pattern[str]:
    """The label pattern as first written: a look-ahead for the first letters, then the
    label words ignoring case."""
    data = cues()

    def alt(words: list[str]) -> str:
        return "|".join(r",?\s+".join(map(re.escape, w.replace(",", "").split())) for w in words)

    label_roles = data["label_roles"]
    return re.compile(
        rf"(?<!\w)(?:(?:{alt(data['label_bodies'])})\s+(?P<role>{alt(label_roles['lead'] + label_roles['support'])})"
        rf"|(?P<bare>{alt(label_roles['lead'][:1] + label_roles['support'])}))"
        r"(?:\s+tham\s+mưu)?(?:\s+thực\s+hiện)?\s*:\s*",
        re.IGNORECASE,
    )


def _lead_duty_as_first_written() -> re.Pattern[str]:
    words = role_words()
    return re.compile(rf"(?<!\w)(?:(?:là\s+cơ\s+quan\s+)?(?:{alt(words['lead'])})|(?P<duty>{alt(words['duty'])}))(?!\w)",
                      re.IGNORECASE)


_LABEL_PIECES = ["Cơ quan chủ trì", "cơ quan", "CƠ QUAN", "Đơn vị", "đơn, vị", "Sở, ngành", "bộ phận", "chủ trì",
                 "Chủ trì", "CHỦ TRÌ", "phối hợp", "Phối, hợp", "thực hiện", "tham mưu", "là cơ quan",
                 "có trách nhiệm", "chịu trách nhiệm", "Sở X", ":", " ", "  ", "\n", ",", "x", "ſ", "K", "İ", "ı",
                 "c", "l", "s", "đ", "Đ", "hủ trì", "ó trách nhiệm", "ơ quan", "hối hợp"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=14).map("".join), st.integers(0, 6))
@example("Đơn vị phối hợp thực hiện: Sở Y; Phối hợp: Sở Z", 0)
@example("xchủ trì: ſở ngành chủ trì:", 0)
@example("lhủ trì; sơ quan chủ trì: phối hợp:", 0)  # a rest after another alternative's letter
def test_patterns_opened_by_a_class_of_first_letters_match_where_their_first_forms_match(text: str, start: int) -> None:
    """_LABEL and _CHU_TRI_WORDS, opened with a case-sensitive class of their first
    letters (:func:`roles._first_letter`), match where the patterns as first written
    match; their groups name the same cues (a group that opens the match lacks its first
    letter, and is read from the match's start)."""
    plain = _label_as_first_written()
    assert [(m.span(), m.group("role"), m.group("bare") is None) for m in roles._LABEL.finditer(text, start)] == \
        [(m.span(), m.group("role"), m.group("bare") is None) for m in plain.finditer(text, start)]
    plain = _lead_duty_as_first_written()
    assert [(m.span(), m.lastgroup) for m in roles._CHU_TRI_WORDS.finditer(text, start)] == \
        [(m.span(), m.lastgroup) for m in plain.finditer(text, start)]


def test_the_class_of_first_letters_holds_every_character_matched_ignoring_case() -> None:
    """Every character that the first letters of the cues and labels match ignoring case
    (all of Unicode looked at) is in the case-sensitive class that opens the patterns."""
    import sys

    data = cues()
    words = [*role_words()["lead"], *role_words()["duty"], "là", *data["label_bodies"],
             *data["label_roles"]["lead"], *data["label_roles"]["support"]]
    letters = sorted({w[0].lower() for w in words})
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    matched = set(re.findall("(?i)[" + "".join(letters) + "]", every))
    opening, _ = roles._first_letter([f"{w[0]}x" for w in words])
    assert set(opening[opening.index("[") + 1 : opening.index("]")]) == matched


def _plain_partner(sid: str, text: str, unit: roles._Unit, ms: list[Mention]) -> list[roles.RawAssignment]:
    """``_partner`` as first written (read whether or not the unit names an agency)."""
    m = roles._SUPPORT_OPEN.match(text, unit.start, unit.end)
    if m is None or not roles._WITH.search(m.group()) or not re.match(r"(?i)phối\s+hợp", m.group()):
        return []
    chain, end = roles._chain_after(ms, text, m.end())
    return [roles.RawAssignment(sid, c.agency, "lead", "phối hợp với", unit.start, end)
            for c in chain if not c.generic]


def _plain_assign_roles(sections: list[RawSection], text: str, matcher: roles._Mentions) -> list[roles.RawAssignment]:
    """``_assign_roles`` as first written: every unit read by every rule."""
    out: list[roles.RawAssignment] = []
    owners: dict[int, list[Mention]] = {}
    sentence_owned: set[int] = set()  # sections whose doer a heading sentence named
    for sec in sections:
        found, inline = roles._heading_agencies(sec, text, matcher)
        if found:
            owners[id(sec)] = found
        heads = found or roles._inherited(sec, owners)
        said = not found and roles._said_by_sentence(sec, owners, sentence_owned)
        owner_here = bool(found)
        goals = roles._in_goals(sec)
        sid = sec.parent.id if sec.kind == "letter" and sec.parent and roles.FACET.match(sec.heading) else sec.id
        local_heads: list[Mention] = []
        sub_role: str | None = None
        for n, unit in enumerate(roles._units(sec, text, inline, owner_here)):
            if unit.end <= unit.start:
                continue
            ms = matcher.find(text, unit.start, unit.end)
            named = [] if goals else roles._names_only(text, unit, ms)
            if named:  # "- Bộ Nông nghiệp và Môi trường" over "+" bullets: they are its tasks
                local_heads = named
                continue
            unit_heads = local_heads or heads
            owned = roles._owned_unit(text, unit, ms)
            if owned is not None:  # "- Sở Ngoại vụ: Phối hợp với ...": the unit names its agency
                unit_heads, unit = owned
                ms = [m for m in ms if m.start >= unit.start]
            mark = len(out)
            out.extend(roles._explicit(sid, text, unit, ms))
            if text.find(":", unit.start, unit.end) >= 0:  # (a label has a colon: most units have none)
                out.extend(roles._labelled(sid, text, unit, ms))
                if roles._LABEL.match(text, unit.start, unit.end):
                    continue  # "- Phối hợp: Y": a label line, not a task of the heading agency
            if n == 0 and unit_heads and len(sec.lines) > 1 and sec.kind in ("letter", "decimal"):
                # "b) Phối hợp" / "*a) Chủ trì, phối hợp với ...*" over bullets: the role
                # of the heading agency in every task below
                sub = roles._ROLE_SUBHEADING.match(text, unit.start, unit.end)
                sub_role = None if sub is None else "support" if sub.group(1).lower().startswith("phối") \
                    else "lead"
            if n > 0 and sub_role and unit_heads:
                out.extend(roles._under_role_heading(sid, text, unit, ms, unit_heads, sub_role))
                continue
            out.extend(_plain_doers(sid, text, unit, ms, unit_heads, goals,
                              said or (n > 0 and id(sec) in sentence_owned)))
            unit_leads = {a.agency.id for a in out[mark:] if a.role == "lead"}
            if unit_leads:
                out.extend(roles._then_supports(sid, text, unit, ms, unit_leads))
            if n == 0 and not heads and unit_leads and sec.kind in ("number", "decimal") \
                    and not goals:
                # "1. Giao Sở X là cơ quan đầu mối, chủ trì ...:" then bullets: the doer the
                # heading sentence names owns the bullets and items below, as a heading agency
                heads = [m for m in ms if m.agency.id in unit_leads and not m.generic]
                if heads:
                    owners[id(sec)] = heads
                    sentence_owned.add(id(sec))
    return roles._dedupe(out)



def _plain_doers(sid: str, text: str, unit: roles._Unit, ms: list[Mention], heads: list[Mention], goals: bool,
                 sentence_named: bool) -> list[roles.RawAssignment]:
    """``_doers`` with the partner rule as first written."""
    saved = roles._partner
    roles._partner = _plain_partner
    try:
        return roles._doers(sid, text, unit, ms, heads, goals, sentence_named)
    finally:
        roles._partner = saved


# lines of generated plans: markers, bullets, agency names, cues, labels, colons
_LINE_PIECES = ["Sở Tài chính", "Sở Y tế", "Công an tỉnh", "UBND tỉnh", "các sở, ngành liên quan", "chủ trì", "phối hợp với",
                "Phối hợp với ", "Chủ trì, phối hợp với ", "có trách nhiệm", "tham mưu", "do ", "thực hiện", "Cơ quan chủ trì: ",
                "Phối hợp: ", ": ", ", ", " và ", " ", "; ", ". ", "(", ")", "tổ chức tuyên truyền", "Giao ", "Đề nghị ",
                "Yêu cầu", "MỤC ĐÍCH, YÊU CẦU"]
_MARKERS = ["", "", "- ", "+ ", "1. ", "2. ", "3. ", "a) ", "b) ", "1.1. ", "1.2. ", "II. ", "III. "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_MARKERS), st.lists(st.sampled_from(_LINE_PIECES), min_size=1, max_size=8)),
                min_size=1, max_size=12))
@example([("I. ", ["TỔ CHỨC THỰC HIỆN"]), ("1. ", ["Sở Tài chính"]), ("a) ", ["Chủ trì, phối hợp với ", "Sở Y tế"]),
          ("", ["tổ chức tuyên truyền"]), ("- ", ["Phối hợp với ", "Công an tỉnh"]), ("2. ", ["tổ chức tuyên truyền"]),
          ("- ", ["Phối hợp với ", "Công an tỉnh"])])
def test_the_units_rules_skip_give_the_roles_every_rule_read_gives(lines: list[tuple[str, list[str]]]) -> None:
    """Units with no agency's name and no heading agency are passed over, and the rules
    that give roles only to names are not read where a unit has none: the roles are
    those every rule read in every unit gives."""
    text = "KẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\n" + "\n".join(marker + "".join(words) for marker, words in lines)
    sections = segment(text).sections
    index = roles._Mentions(_MATCHER, text)
    assert roles._assign_roles(sections, text, index) == _plain_assign_roles(sections, text, index)
