"""Stage 6: roles - who leads and who supports each task, and why.

The rule catalogue. Every unit of a section (its lettered heading line, a paragraph, a
dash bullet) is read by the rules below; the labels and explicit cues (rules 4, 6) are
read in every unit, the heading rules (1-3) where a heading names the doer, the
subject rules (5, 7) where none does. Each assignment records its ``cue``; one is kept
per (section, agency, role). The words of the cues ("chủ trì", "phối hợp", "có trách
nhiệm", "đề nghị", label and part words ...) are data, ``data/cues.json``: a new way of
writing a role is mostly a change there.

1. **Heading agency** (``cue="heading"``). A numbered item whose heading is an agency
   name ("2. Sở Thông tin và Truyền thông", "1.1. Ủy ban nhân dân Thành phố:",
   "10. Các Sở, ban, ngành và các tổ chức chính trị - xã hội tỉnh", "6. Đề nghị: Hiệp
   hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh", "1.2. Sở Tài chính - Cơ quan thường trực
   Ban Chỉ đạo", "Điều 2. Giao Giám đốc Sở X", an office-holder "4.1. Ông X - Trưởng
   đoàn:") owns its lettered tasks, its paragraphs and its dash bullets: the heading
   agency leads each of them. "Phối hợp, hướng dẫn ..." (no partner named) is one of
   them.
2. **Chủ trì, phối hợp với X** (``cue="chủ trì, phối hợp với"``). A task of a heading
   agency that opens "Chủ trì, phối hợp với X, Y": the heading agency leads, X and Y
   support. Later in a task whose doer is known, "... tổ chức chủ trì, phối hợp với Y"
   makes Y support too.
3. **Phối hợp với X** (``cue="phối hợp với"``). A task that opens "Phối hợp (chặt
   chẽ) với X" (or "Phối hợp X"): X leads and the heading agency supports. When X is
   vague ("các cơ quan liên quan"), only the support is recorded. Where no heading
   names the doer, "Phối hợp với X ..." makes X lead; "X chủ động phối hợp với Y"
   makes Y lead and X support.
4. **X chủ trì / X có trách nhiệm** (``cue="X chủ trì"``, ``cue="X có trách
   nhiệm"``), anywhere in the body: "Giao X chủ trì, phối hợp với Y ...", "X chủ trì,
   phối hợp với Y ...", "(X tham mưu)", "X, Y chịu trách nhiệm thi hành Quyết định
   này" (a decision's executors, a closing vague "thủ trưởng các cơ quan liên quan"
   aside): X leads, Y supports.
5. **Subject** (``cue="subject"``), in items with no heading agency, outside the
   parts that state goals and requirements ("Mục đích, yêu cầu") or what is covered
   and how ("Đối tượng", "Phạm vi", "Hình thức"): a sentence that
   opens with an agency ("Ủy ban nhân dân quận, huyện tổng hợp ...", "Đề nghị Ủy ban
   Mặt trận Tổ quốc ... phát động ...", "Trên cơ sở ..., Sở Tài chính thẩm định")
   names who does the task.
6. **Labels** (``cue="chủ trì:"``, ``cue="phối hợp:"``), anywhere in a task: "- Cơ quan
   chủ trì: X.", "- Cơ quan thực hiện: X" (the doer leads), "- Đơn vị phối hợp: Y, Z.",
   "(Chủ trì: X; phối hợp: Y; thời gian: Quý II/2023)": X leads, Y and Z support. A
   line that is only such a label gives the heading agency no role of its own.
7. **Doer named by a heading sentence**: an item whose heading is a sentence naming
   its doer ("1. Giao Sở X là cơ quan đầu mối, chủ trì ...:") hands that doer to its
   bullets and items as a heading agency would (rules 1-3), unless a unit has a
   subject of its own (rule 5).
8. **Another actor in a heading agency's bullet**: a bullet that opens with an actor
   ("- Đồng chí Chủ tịch Ủy ban MTTQ xã chịu trách nhiệm chỉ đạo chung") names that
   actor as a lead too (rule 5 on that bullet).
9. **Closing requests** (``cue="đề nghị (phần kết)"``): "Trên đây là Kế hoạch ...; đề
   nghị X, Y nghiêm túc thực hiện" makes X and Y leads of the implementation part as a
   whole (``closing_requests``).

A paragraph or bullet that opens with agency names and a colon ("- Sở Ngoại vụ: Phối
hợp với Công an tỉnh ...", "- Báo X, Đài Y: Mở chuyên mục ...") is read as an item
headed by those agencies: rules 1-3 apply to the text after the colon.

Names that only receive a report or advice ("báo cáo UBND tỉnh", "tham mưu UBND
tỉnh"), "hỗ trợ doanh nghiệp" (helping businesses is not a support role), and vague
references ("các sở, ngành liên quan", "các sở, ngành, địa phương" before their verb)
give no role. Appendix task tables are read in :mod:`ttdn_graph.appendix`.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from . import patterns as P
from .agencies import AgencyMatcher, Mention
from .cues import FACET, alt, cues, part_words, role_words
from .models import Agency
from .normalize import fold
from .segment import Line, RawSection

__all__ = ["RawAssignment", "assign_roles", "closing_requests", "heading_agencies", "leads_by_section",
           "plan_roles"]


@dataclass(frozen=True)
class RawAssignment:
    """A role found in normalized text (offsets into that text)."""

    section: str
    agency: Agency
    role: str
    cue: str
    start: int
    end: int


_CUES = cues()
_WORDS = role_words()
_PARTS = part_words()

# words that may surround agency names in a heading without making it something else
_HEADING_FILLER = re.compile(
    r"""(?ix)
    \b(?:
        đề\s+nghị | đối\s+với | trách\s+nhiệm\s+của | giao          # who is asked
      | giám\s+đốc | thủ\s+trưởng | bộ\s+trưởng | chủ\s+tịch          # the head of a body
      | người\s+đứng\s+đầu
      | và | các | cơ\s+quan | đơn\s+vị                            # joins of a list
      | tỉnh | thành\s+phố | trực\s+thuộc | trung\s+ương            # where the bodies are
    )\b
    | [\W\d_]+                                                   # punctuation, numbers
    """
)
# what may stand between two names of a list: commas, "và", and vague phrases that are
# not agencies themselves ("X, các sở, ngành liên quan và Y")
_VAGUE = r"(?:sở|cơ\s+quan|đơn\s+vị|ban|ngành|địa\s+phương|tổ\s+chức)"
_GAP_CHAIN = re.compile(r"[\s,;]*(?:(?:và|cùng(?:\s+với)?|với)\s+)?", re.IGNORECASE)
_GAP_VAGUE = re.compile(
    rf"[\s,;]*(?:(?:và|cùng(?:\s+với)?|với)\s+)?"
    rf"(?:các\s+)?{_VAGUE}(?:[\s,]+{_VAGUE}){{0,4}}(?:\s+(?:có\s+)?liên\s+quan)?[\s,;]*(?:và\s+)?",
    re.IGNORECASE,
)
_LEAD, _SUPPORT = alt(_WORDS["lead"]), alt(_WORDS["support"])


def _opens_with(words: Iterable[str], more: str = "") -> str:
    """A look-ahead for the first letters of ``words`` (and the class items ``more``).

    Put first in a pattern whose every match opens with one of them, it fails at once
    where none is, instead of each alternative behind it being tried (with their look-
    behinds) at every position of a task's text: about half the time of the scan."""
    return "(?=[" + "".join(sorted({re.escape(w.replace(",", "").split()[0][0]) for w in words})) + more + "])"


# the letters other than a letter's two cases that a pattern ignoring case matches it with
_IGNORECASE_EXTRA = {"i": "İı", "k": "\u212a", "s": "ſ"}


def _first_letter(*groups: list[str]) -> tuple[str, list[str]]:
    """The opening of a pattern that reads the first letter of one of the alternatives
    in ``groups`` (regexes that open with a letter) as a class of its own case, and each
    group's alternatives continuing after that letter.

    A pattern ignoring case that opens with a look-behind or a look-ahead is tried at
    every position of a text, each try read by the engine one step at a time; one that
    opens with a class of its own case is tried only at the characters of that class,
    the others skipped in C. Each alternative goes on after its first letter with the
    letter looked behind for (ignoring case, as the pattern does), so that no
    alternative's rest follows another's letter; ``(?<!\\w.)`` after the class is
    ``(?<!\\w)`` before it. A group that opens with an alternative holds it without its
    first letter."""
    forms = set()
    for r in (r for g in groups for r in g):
        f = r[0].lower()
        assert f.isalpha(), r
        forms |= {f, f.upper(), *_IGNORECASE_EXTRA.get(f, "")}
    opening = "(?-i:[" + "".join(sorted(forms)) + r"])(?<!\w.)"
    return opening, ["|".join(f"(?<={r[0]}){r[1:]}" for r in g) for g in groups]


def _alternatives(words: list[str]) -> list[str]:
    """``alt(words)``'s alternatives, in its order (longest first)."""
    return [alt([w]) for w in sorted(words, key=len, reverse=True)]


_QUALIFIED = rf"(?:{_SUPPORT})(?:\s+(?:{alt(_WORDS['support_qualifiers'])}))?"
_SUPPORT_OPEN = re.compile(
    rf"(?:(?:{alt(_WORDS['support_prefixes'])})\s+)?(?:{_SUPPORT})"
    rf"(?:\s+(?:{alt(_WORDS['support_qualifiers'])}|với|cùng))*\s*(?=\S)",
    re.IGNORECASE,
)
_LEAD_THEN_SUPPORT = re.compile(rf"(?:{_LEAD})(?:\s*,\s*|\s+)(?:và\s+)?{_QUALIFIED}(?:\s+với)?\s+", re.IGNORECASE)
# (every match opens with a blank or the first letter of a word; the cues that open with
# a word, "chủ trì" and the duties, share their look-behind, and those that open with
# the blanks after a word, "tham mưu" and the agent's verbs, share those blanks: where
# one of a pair fails the other is tried without reading them again. No two of the four
# cues match at one place, so the matches are those of the four tried one by one.)
_CHU_TRI = re.compile(
    _opens_with(["là", *_WORDS["lead"], *_WORDS["duty"]], r"\s") +
    rf"(?:(?<!\w)(?:(?:là\s+cơ\s+quan\s+)?(?:{_LEAD})|(?P<duty>{alt(_WORDS['duty'])}))(?!\w)"
    rf"|(?<=\w)\s+(?:tham\s+mưu(?=\s*\))|(?P<by>{alt(_WORDS['agent_verbs'])})(?!\w)))",
    re.IGNORECASE,
)
# the same cues but "tham mưu" and the agent's verbs, for a unit where neither can give
# a role (see _explicit): tried only at the first letters of the words, not at every blank
def _chu_tri_words() -> re.Pattern[str]:
    """The lead and duty cues of _CHU_TRI (the group "duty" without its first letter)."""
    leads = _alternatives(_WORDS["lead"])
    opening, (lead, duty) = _first_letter([*(r"là\s+cơ\s+quan\s+" + w for w in leads), *leads],
                                          _alternatives(_WORDS["duty"]))
    return re.compile(rf"{opening}(?:{lead}|(?P<duty>{duty}))(?!\w)", re.IGNORECASE)


_CHU_TRI_WORDS = _chu_tri_words()
# "do X bố trí", "do X thực hiện": the agent of a passive names the doer
_BY_AGENT = re.compile(r"(?i)(?<!\w)do\s+$")
_DO = re.compile(r"(?i)do\s")  # what _BY_AGENT needs in a unit
_GIAO_BEFORE = re.compile(r"(?i)giao\s*$")
_GIAO = re.compile(r"(?i)giao\s")
_FOR = re.compile(r"(?i)đối\s+với\b")
_PLACE_LIST = re.compile(rf"\s*[{P.UPPER}][{P.LOWER}]*(?:\s+[{P.UPPER}][{P.LOWER}]*)*"
                         rf"(?:\s*(?:,|và)\s*[{P.UPPER}][{P.LOWER}]*(?:\s+[{P.UPPER}][{P.LOWER}]*)*)*\s*\.?")
_REQUEST_COLON = re.compile(rf"(?i)(?:{alt(_WORDS['requests'])})\s*:\s*")
_WITH = re.compile(r"(?i)(?<!\w)(?:với|cùng)(?!\w)")
# a vague list closing a list of subjects: "...; thủ trưởng các cơ quan, đơn vị liên quan"
_VAGUE_TAIL = re.compile(
    r"(?:[,;]\s*|\s+và\s+)(?:thủ\s+trưởng\s+|lãnh\s+đạo\s+)?các\s+(?:cơ\s+quan|đơn\s+vị|sở|ngành|địa\s+phương|tổ\s+chức)"
    r"[^;:.\n]{0,60}?(?:có\s+)?liên\s+quan\s*$",
    re.IGNORECASE,
)
_AFTER_CHU_TRI = re.compile(rf"\s*(?:,\s*|\s)(?:và\s+)?{_QUALIFIED}(?:\s+với)?\s+", re.IGNORECASE)
_SUBJECT_OPEN = re.compile(rf"(?:(?:{alt(_WORDS['requests'])})\s+)?", re.IGNORECASE)
_VERB_AFTER_SUBJECT = re.compile(rf"[\s,.…]*[{P.LOWER}]")
_OBJECT_OF = re.compile(r"(?i)(?:của|cho|với|tại|về|theo|qua|đề\s+nghị)\s*$")
# verbs with which the issuer asks others to act: the subject does not take the task
_NOT_TASK_VERB = re.compile(rf"(?i)\s*(?:{alt(_WORDS['not_task_verbs'])})\b")
_CLAUSE_END = re.compile(r";|\.(?=\s|$)|\n")
# "Cơ quan chủ trì:", "Đơn vị phối hợp thực hiện:", "Chủ trì:", "Cơ quan thực hiện:" (the
# doer leads): a label, then agencies. The words are data (``data/cues.json``).
def _label_pattern() -> re.Pattern[str]:
    data = _CUES

    def alts(words: list[str]) -> list[str]:
        return [r",?\s+".join(map(re.escape, w.replace(",", "").split())) for w in words]

    roles = data["label_roles"]
    # "Chủ trì:", "Phối hợp:" stand alone ("bare"; the group without its first letter)
    opening, (bodies, bare) = _first_letter(alts(data["label_bodies"]), alts(roles["lead"][:1] + roles["support"]))
    return re.compile(  # (every match opens with the first letter of a word: see _first_letter)
        rf"{opening}(?:(?:{bodies})\s+(?P<role>{'|'.join(alts(roles['lead'] + roles['support']))})"
        rf"|(?P<bare>{bare}))(?:\s+tham\s+mưu)?(?:\s+thực\s+hiện)?\s*:\s*",
        re.IGNORECASE,
    )


_LABEL = _label_pattern()
_SUPPORT_WORDS = re.compile(r"(?i)phối\s+hợp")
_BULLET = re.compile(r"^[-+•*]\s*")


def _chain_after(mentions: list[Mention], text: str, pos: int) -> tuple[list[Mention], int]:
    """Agency names listed from ``pos`` on ("X, Y và Z"); where the list ends.

    ``mentions`` run left to right without overlap (as the matcher gives them), so the
    first candidate is found by bisection: the cost does not grow with the paragraph."""
    chain: list[Mention] = []
    end = pos
    for i in range(bisect.bisect_left(mentions, pos, key=lambda m: m.start), len(mentions)):
        m = mentions[i]
        if m.start < end:
            continue
        # the gap must end where the next name starts ("..., đơn vị, tổ chức chính trị -
        # xã hội": "tổ chức" opens the name, it is not one more vague word)
        if _GAP_CHAIN.fullmatch(text, end, m.start) is None \
                and _GAP_VAGUE.fullmatch(text, end, m.start) is None:
            break
        chain.append(m)
        end = m.end
    return chain, end


_GAP_FIRST, _GAP_LIST = re.compile(r"\s*,?\s*"), re.compile(r"[\s,;]*(?:và\s+)?")


def _chain_before(mentions: list[Mention], text: str, pos: int) -> list[Mention]:
    """Agency names listed right before ``pos`` ("X và Y chủ trì")."""
    chain: list[Mention] = []
    end = pos
    for i in range(bisect.bisect_right(mentions, pos, key=lambda m: m.start) - 1, -1, -1):
        m = mentions[i]
        if m.end > end:
            continue
        gap = _GAP_LIST if chain else _GAP_FIRST
        if not gap.fullmatch(text, m.end, end):
            break
        if _OBJECT_OF.search(text, max(0, m.start - 16), m.start):
            break  # "đề nghị của X, Y chủ trì": X is not a subject
        chain.append(m)
        end = m.start
    chain.reverse()
    return chain


def heading_agencies(
    sec: RawSection, text: str, matcher: AgencyMatcher
) -> tuple[list[Mention], int | None]:
    """The agencies a section's heading names, and where an inline task starts.

    "7. Sở Tài chính" -> ([Sở Tài chính], None); "N. Sở Y tế: Tổ chức ..." ->
    ([Sở Y tế], offset of "Tổ chức"). A heading that is not (almost) only agency
    names gives ``([], None)``.
    """
    return _heading_agencies(sec, text, _Mentions(matcher, text))


def _heading_agencies(sec: RawSection, text: str, matcher: _Mentions,
                      goals: bool | None = None) -> tuple[list[Mention], int | None]:
    """:func:`heading_agencies`; ``goals``: ``_in_goals(sec)`` if known."""
    if sec.kind in ("part", "roman") or not sec.heading:
        return [], None
    if sec.kind == "letter" and (len(sec.lines) < 2 or ":" in sec.heading or _FOR.match(sec.heading)
                                 or (_in_goals(sec) if goals is None else goals)):
        return [], None  # a lettered item is a task, unless it is a name over its bullets
    if sec.kind == "article" and not _GIAO.match(sec.heading):
        return [], None  # "Điều 2. Giao Giám đốc Sở X" names who does the items below
    line = sec.lines[0]
    h_start = line.start + line.text.rfind(sec.heading)
    lead_in = _REQUEST_COLON.match(sec.heading)  # "Đề nghị: Hiệp hội Doanh nghiệp tỉnh, ..."
    colon = sec.heading.find(":", lead_in.end() if lead_in else 0)
    places = colon >= 0 and _PLACE_LIST.fullmatch(sec.heading, colon + 1) is not None
    h_end = h_start + (colon if colon >= 0 else len(sec.heading))
    mentions = matcher.find(text, h_start, h_end)
    if not mentions:
        return [], None
    if _more_than_names(text, h_start, h_end, mentions):
        # "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo", "Sở Tài chính (cơ quan chủ
        # trì)": the names, then what they are in this plan
        aside = _ASIDE.search(text, mentions[0].end, h_end)
        mentions = [m for m in mentions if aside is not None and m.end <= aside.start()]
        if not mentions or _more_than_names(text, h_start, aside.start() if aside else h_end, mentions):
            return [], None
    inline = None
    if colon >= 0 and not places:  # "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền": places, not a task
        after = h_start + colon + 1
        while after < line.end and text[after] in " \t":
            after += 1
        if after < line.end:
            inline = after
    return [m for m in mentions if not m.generic], inline


def _between(text: str, start: int, end: int, mentions: list[Mention]) -> str:
    """``text[start:end]`` without the names ``mentions`` (left to right) hold."""
    rest = []
    pos = start
    for m in mentions:
        rest.append(text[pos : m.start])
        pos = m.end
    rest.append(text[pos:end])
    return "".join(rest)


def _more_than_names(text: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """What a heading holds besides agency names and filler words
    (``_HEADING_FILLER.sub("", ...)`` of the rest) is more than three characters long.

    That residue is what lies between the filler pattern's matches (a match is never
    empty), so the matches are walked until more than three characters lie between them,
    not all of them replaced: a heading that is a sentence is told at its first words."""
    rest = _between(text, start, end, mentions)
    kept = 0
    pos = 0
    for m in _HEADING_FILLER.finditer(rest):
        kept += m.start() - pos
        if kept > 3:
            return True
        pos = m.end()
    return kept + len(rest) - pos > 3


_ASIDE = re.compile(r"\s+-\s+|\s*\(")


class _Unit(NamedTuple):  # (a tuple: made for every paragraph, at a third of a frozen dataclass's cost)
    start: int
    end: int


class _Mentions:
    """The mentions of one text, looked up by range: :meth:`AgencyMatcher.find`'s
    answers, from one copy of its list cut by bisection at both ends (the matcher walks
    its list from the range's start, one mention at a time, at every look-up)."""

    def __init__(self, matcher: AgencyMatcher, text: str) -> None:
        self.matcher, self.text = matcher, text
        self.all = matcher.find(text)
        self.starts = [m.start for m in self.all]
        # the cut relies on the mentions' order; the matcher's own walk serves otherwise
        self.sorted = self.starts == sorted(self.starts)
        # where each ends before the next starts, only the last of a cut may run past its end
        self.disjoint = all(map(operator.le, [m.end for m in self.all], self.starts[1:]))

    def names_in(self, start: int, end: int) -> bool:
        """Whether a mention of the text may start in ``[start, end)`` (``True`` where the
        cut cannot tell: the mentions out of order)."""
        if not self.sorted:
            return True
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """``matcher.find(text, start, end)``."""
        if text is not self.text or not self.sorted:
            return self.matcher.find(text, start, end)
        end = len(text) if end is None else end
        starts = self.starts
        i = bisect.bisect_left(starts, start)
        # every mention that starts in the range, but one that runs past its end
        cut = self.all[i : bisect.bisect_left(starts, end, i)]
        if self.disjoint and (not cut or cut[-1].end <= end):
            return cut  # (most look-ups: none runs past the end, said without a filtered copy)
        return [m for m in cut if m.end <= end]


def _units(sec: RawSection, text: str, inline: int | None, owner_here: bool) -> list[_Unit]:
    """The task paragraphs/bullets of a section (its heading line only for letters)."""
    out: list[_Unit] = []
    lines: Iterable[Line]
    if sec.kind == "letter" or not owner_here:
        first = sec.lines[0]
        h_start = first.start + first.text.rfind(sec.heading) if sec.heading else first.end
        if sec.heading:
            out.append(_Unit(h_start, first.end))
        lines = sec.lines[1:]
    else:
        if inline is not None:
            out.append(_Unit(inline, sec.lines[0].end))
        lines = sec.lines[1:]
    for ln in lines:
        if ln.text[0] in "-+•*":  # (a line is never empty; most open with no bullet)
            b = _BULLET.match(ln.text)
            assert b is not None
            out.append(_Unit(ln.start + b.end(), ln.end))
        else:
            out.append(_Unit(ln.start, ln.end))
    return out


def _first_clause_end(text: str, start: int, end: int) -> int:
    m = _CLAUSE_END.search(text, start, end)
    stop = m.start() if m else end
    return stop


def assign_roles(
    sections: list[RawSection], text: str, matcher: AgencyMatcher
) -> list[RawAssignment]:
    """Find lead/support assignments in every section (see the module docs for the rules)."""
    return _assign_roles(sections, text, _Mentions(matcher, text))


def _assign_roles(sections: list[RawSection], text: str, matcher: _Mentions) -> list[RawAssignment]:
    out: list[RawAssignment] = []
    owners: dict[int, list[Mention]] = {}
    sentence_owned: set[int] = set()  # sections whose doer a heading sentence named
    goals_of: dict[int, bool] = {}
    for sec in sections:
        goals = _goals_of(sec, goals_of)
        found, inline = _heading_agencies(sec, text, matcher, goals)
        if found:
            owners[id(sec)] = found
        heads = found or _inherited(sec, owners)
        said = not found and _said_by_sentence(sec, owners, sentence_owned)
        if not heads and not matcher.names_in(sec.lines[0].start, sec.lines[-1].end):
            continue  # no agency to give a role to: each unit would be passed over (below)
        sid = sec.parent.id if sec.kind == "letter" and sec.parent and FACET.match(sec.heading) else sec.id
        local_heads: list[Mention] = []
        sub_role: str | None = None
        for n, unit in enumerate(_units(sec, text, inline, bool(found))):
            if unit.end <= unit.start:
                continue
            ms = matcher.find(text, unit.start, unit.end)
            unit_heads = local_heads or heads
            if ms and ms[0].start == unit.start:  # (only a unit that opens with a name is one of these)
                named = [] if goals else _names_only(text, unit, ms)
                if named:  # "- Bộ Nông nghiệp và Môi trường" over "+" bullets: they are its tasks
                    local_heads = named
                    continue
                owned = _owned_unit(text, unit, ms)
                if owned is not None:  # "- Sở Ngoại vụ: Phối hợp với ...": the unit names its agency
                    unit_heads, unit = owned
                    ms = [m for m in ms if m.start >= unit.start]
            elif not ms and not unit_heads:
                continue  # no name and no heading agency: no rule below gives a role (most units)
            mark = len(out)
            if ms:  # (the cues and labels give roles to names of the unit only)
                out.extend(_explicit(sid, text, unit, ms))
            if text.find(":", unit.start, unit.end) >= 0:  # (a label has a colon: most units have none)
                if ms:
                    out.extend(_labelled(sid, text, unit, ms))
                if _LABEL.match(text, unit.start, unit.end):
                    continue  # "- Phối hợp: Y": a label line, not a task of the heading agency
            if n == 0 and unit_heads and len(sec.lines) > 1 and sec.kind in ("letter", "decimal"):
                sub_role = _subheading_role(text, unit)
            if n > 0 and sub_role and unit_heads:
                out.extend(_under_role_heading(sid, text, unit, ms, unit_heads, sub_role))
                continue
            out.extend(_doers(sid, text, unit, ms, unit_heads, goals,
                              said or (n > 0 and id(sec) in sentence_owned)))
            unit_leads = {a.agency.id for a in out[mark:] if a.role == "lead"} if len(out) > mark else set()
            if unit_leads and ms:
                out.extend(_then_supports(sid, text, unit, ms, unit_leads))
            if n == 0 and not heads and unit_leads and sec.kind in ("number", "decimal") \
                    and not goals:
                # "1. Giao Sở X là cơ quan đầu mối, chủ trì ...:" then bullets: the doer the
                # heading sentence names owns the bullets and items below, as a heading agency
                heads = [m for m in ms if m.agency.id in unit_leads and not m.generic]
                if heads:
                    owners[id(sec)] = heads
                    sentence_owned.add(id(sec))
    return _dedupe(out)


def _doers(sid: str, text: str, unit: _Unit, ms: list[Mention], heads: list[Mention], goals: bool,
           sentence_named: bool) -> list[RawAssignment]:
    """Who does the task of one unit besides its explicit cues: the heading agencies
    (rules 1-3), the unit's own subject where the doer came from a heading sentence
    (rule 7), the subject and partners where no heading names a doer (rule 5)."""
    out: list[RawAssignment] = []
    subject: list[RawAssignment] = []
    if heads and sentence_named and not goals:
        # the doer came from a heading sentence: a unit with a subject of its own
        # names that subject instead
        subject = _subject(sid, text, unit, ms)
        out.extend(subject)
    if heads and not subject:
        out.extend(_heading_roles(sid, text, unit, ms, heads))
        if ms and ms[0].start == unit.start:
            # "- Đồng chí Chủ tịch Ủy ban MTTQ xã chịu trách nhiệm ...": a bullet
            # whose subject is another actor names that actor too
            out.extend(_subject(sid, text, unit, ms))
    elif not goals:  # the sentence subject acts, also where a later sentence names a duty
        out.extend(_subject(sid, text, unit, ms))
        out.extend(_partner(sid, text, unit, ms))
    return out


# headings of the parts that state goals and requirements, not tasks
# a lettered facet of one task ("a) Nhiệm vụ: ...", "b) Cơ quan thực hiện:"): its roles
# are the task's, the unit above it
_GOAL = rf"(?:{alt(_PARTS['goals'])})(?:\s+(?:chung|cụ\s+thể|tổng\s+quát))?"
_GOALS = re.compile(rf"(?i){_GOAL}(?:\s*(?:,|và)\s*{_GOAL})*\s*[:.]?\s*$"
                    rf"|(?i:{alt(_PARTS['descriptive'])})\b")  # what and how, not who


def _in_goals(sec: RawSection) -> bool:
    """A section of a goals part ("I. MỤC ĐÍCH, YÊU CẦU", "2. Yêu cầu") or of one that
    says what is covered and how ("II. ĐỐI TƯỢNG KIỂM TRA", "Phạm vi", "Hình thức"): a
    sentence that opens with a body there describes, it does not give a task."""
    node: RawSection | None = sec
    while node is not None:
        if _GOALS.match(node.heading.strip()):
            return True
        node = node.parent
    return False


def _goals_of(sec: RawSection, known: dict[int, bool]) -> bool:
    """``_in_goals(sec)``, a parent's answer taken from ``known`` where it is there (the
    sections come in the order of the text, each after its parent); ``sec``'s added."""
    parent = sec.parent
    goals = _GOALS.match(sec.heading.strip()) is not None or (
        parent is not None and (known[id(parent)] if id(parent) in known else _in_goals(parent)))
    known[id(sec)] = goals
    return goals


def _said_by_sentence(sec: RawSection, owners: dict[int, list[Mention]], sentence_owned: set[int]) -> bool:
    """The doer ``sec`` inherits was named by a heading sentence, not a heading name."""
    node = sec.parent
    while node is not None:
        if id(node) in owners:
            return id(node) in sentence_owned
        node = node.parent
    return False


def _inherited(sec: RawSection, owners: dict[int, list[Mention]]) -> list[Mention]:
    node = sec.parent
    while node is not None:
        if id(node) in owners:
            return owners[id(node)]
        node = node.parent
    return []


def _heading_roles(
    sid: str, text: str, unit: _Unit, ms: list[Mention], heads: list[Mention]
) -> list[RawAssignment]:
    out: list[RawAssignment] = []
    clause_end = _first_clause_end(text, unit.start, unit.end)
    m = _LEAD_THEN_SUPPORT.match(text, unit.start, unit.end)
    if m:
        chain, end = _chain_after(ms, text, m.end())
        end = end if chain else clause_end
        for h in heads:
            out.append(RawAssignment(sid, h.agency, "lead", "chủ trì, phối hợp với", unit.start,
                                     max(end, m.end())))
        for c in chain:
            if not c.generic and c.agency.id not in {h.agency.id for h in heads}:
                out.append(RawAssignment(sid, c.agency, "support", "chủ trì, phối hợp với",
                                         unit.start, end))
        return out
    m = _SUPPORT_OPEN.match(text, unit.start, unit.end)
    if m and not _chain_after(ms, text, m.end())[0] and not _WITH.search(m.group()):
        m = None  # "Phối hợp, hướng dẫn ...": no partner named, the heading agency acts
    if m:
        chain, end = _chain_after(ms, text, m.end())
        end = end if chain else clause_end
        head_ids = {h.agency.id for h in heads}
        leads = [c for c in chain if not c.generic and c.agency.id not in head_ids]
        for c in leads:
            out.append(RawAssignment(sid, c.agency, "lead", "phối hợp với", unit.start, end))
        for h in heads:
            out.append(RawAssignment(sid, h.agency, "support", "phối hợp với", unit.start,
                                     max(end, m.end())))
        return out
    for h in heads:
        out.append(RawAssignment(sid, h.agency, "lead", "heading", unit.start, clause_end))
    return out


# what a unit holds where _CHU_TRI may match, looked for first (one scan in C)
_EXPLICIT_HINT = re.compile("hủ trì|HỦ TRÌ|ham mưu|AM MƯU|rách nhiệm|RÁCH NHIỆM|do ")


def _explicit(sid: str, text: str, unit: _Unit, ms: list[Mention]) -> list[RawAssignment]:
    """Rule 4: "X chủ trì[, phối hợp với Y]" and "(X tham mưu)" anywhere in a unit."""
    out: list[RawAssignment] = []
    if _EXPLICIT_HINT.search(text, unit.start, unit.end) is None:
        return out  # no cue: skip the scan (most units)
    # "(X tham mưu)" needs its ")" in the unit, the agent of "do X thực hiện" its "do":
    # without them the scan need not stop at every blank for those cues (they would match
    # nothing or give nothing; no two cues overlap, so the others' matches are the same)
    scan = _CHU_TRI if text.find(")", unit.start, unit.end) >= 0 or _DO.search(text, unit.start, unit.end) \
        else _CHU_TRI_WORDS
    for m in scan.finditer(text, unit.start, unit.end):
        kind = m.lastgroup  # "duty", "by" or None ("chủ trì", "tham mưu")
        before = m.start()
        if kind == "duty":
            tail = _VAGUE_TAIL.search(text, max(unit.start, before - 120), before)
            if tail is not None:
                before = tail.start()
        leads = [x for x in _chain_before(ms, text, before) if not x.generic]
        if kind == "by" and leads and not _BY_AGENT.search(text, max(unit.start, leads[0].start - 4),
                                                               leads[0].start):
            continue  # "X thực hiện" is the subject rule's; only "do X thực hiện" is read here
        if not leads:
            continue
        start = leads[0].start
        giao = _GIAO_BEFORE.search(text, max(unit.start, start - 8), start)
        if giao:
            start -= len(giao.group())
        end = m.end()
        sup = _AFTER_CHU_TRI.match(text, m.end(), unit.end)
        chain: list[Mention] = []
        if sup:
            chain, end = _chain_after(ms, text, sup.end())
        cue = "X có trách nhiệm" if kind == "duty" else "do X" if kind == "by" else "X chủ trì"
        for x in leads:
            out.append(RawAssignment(sid, x.agency, "lead", cue, start, end))
        lead_ids = {x.agency.id for x in leads}
        for c in chain:
            if not c.generic and c.agency.id not in lead_ids:
                out.append(RawAssignment(sid, c.agency, "support", cue, start, end))
    return out


_OWNER_COLON = re.compile(r"\s*:\s*(?=\S)")


# a sub-heading that is a role: "Chủ trì", "Phối hợp", "Chủ trì, phối hợp (với ...)"
_ROLE_SUBHEADING = re.compile(
    r"(?i)(chủ\s+trì|phối\s+hợp)(?:\s*,\s*phối\s+hợp)?(?:\s+thực\s+hiện)?(?:\s+với\b[^\n]*)?\s*:?\s*$")


def _subheading_role(text: str, unit: _Unit) -> str | None:
    """"b) Phối hợp" / "*a) Chủ trì, phối hợp với ...*" over bullets: the role of the
    heading agency in every task below ("support", "lead"), else ``None``."""
    sub = _ROLE_SUBHEADING.match(text, unit.start, unit.end)
    return None if sub is None else "support" if sub.group(1).lower().startswith("phối") else "lead"


def _under_role_heading(
    sid: str, text: str, unit: _Unit, ms: list[Mention], heads: list[Mention], role: str
) -> list[RawAssignment]:
    """A task under a role sub-heading: the heading agency has that role; under "Chủ
    trì", an agency the bullet opens with supports; under "Phối hợp", it leads."""
    end = _first_clause_end(text, unit.start, unit.end)
    cue = "chủ trì" if role == "lead" else "phối hợp"
    out = [RawAssignment(sid, h.agency, role, cue, unit.start, end) for h in heads]
    chain, c_end = _chain_after(ms, text, unit.start)
    if chain and chain[0].start == unit.start:
        other = "support" if role == "lead" else "lead"
        head_ids = {h.agency.id for h in heads}
        out.extend(RawAssignment(sid, c.agency, other, cue, unit.start, max(c_end, end))
                   for c in chain if not c.generic and c.agency.id not in head_ids)
    return out


def _names_only(text: str, unit: _Unit, ms: list[Mention]) -> list[Mention]:
    """The agencies of a bullet or paragraph that is nothing but their names (and a
    colon): "- Bộ Nông nghiệp và Môi trường", "Ủy ban nhân dân các tỉnh, thành phố trực
    thuộc trung ương:". Empty for any other unit."""
    if not ms or ms[0].start > unit.start or ms[-1].generic \
            or unit.end - unit.start - sum(m.end - m.start for m in ms) > 40:
        return []  # (most units: more than names, said without the pattern below)
    end = unit.end - 1 if text[unit.end - 1] == ":" else unit.end
    if _more_than_names(text, unit.start, end, ms):
        return []
    return [m for m in ms if not m.generic]


def _owned_unit(text: str, unit: _Unit, ms: list[Mention]) -> tuple[list[Mention], _Unit] | None:
    """A paragraph or bullet that opens with agency names and a colon ("Sở Ngoại vụ:
    ...", "Báo X, Đài Y: ..."): those agencies own the task after the colon, as a
    heading agency owns its items (rules 1-3 apply to it)."""
    if not ms or ms[0].start != unit.start:
        return None  # (most units: no name opens them, said without reading a list)
    chain, end = _chain_after(ms, text, unit.start)
    named = [c for c in chain if not c.generic]
    if not named or chain[0].start != unit.start:
        return None
    colon = _OWNER_COLON.match(text, end, unit.end)
    if colon is None:
        return None
    return named, _Unit(colon.end(), unit.end)


def _labelled(sid: str, text: str, unit: _Unit, ms: list[Mention]) -> list[RawAssignment]:
    """Rule 6: "Cơ quan chủ trì: X", "Đơn vị phối hợp: Y, Z" anywhere in a unit."""
    out: list[RawAssignment] = []
    if text.find(":", unit.start, unit.end) < 0:
        return out  # no label without a colon (most units: skip the scan)
    for m in _LABEL.finditer(text, unit.start, unit.end):
        chain, end = _chain_after(ms, text, m.end())
        # (a bare label opens the match: read from there, its group lacks the first letter)
        role = "support" if _SUPPORT_WORDS.match(m.group("role") or m.group()) else "lead"
        cue = "chủ trì:" if role == "lead" else "phối hợp:"
        out.extend(RawAssignment(sid, c.agency, role, cue, m.start(), end) for c in chain if not c.generic)
    return out


# a sentence that opens with a condition or a time, its subject after the comma:
# "Trên cơ sở đề nghị của ..., Sở Tài chính thẩm định", "Trường hợp ... thì UBND xã ..."
# after a subject: "(theo chức năng, nhiệm vụ được giao) chủ động phối hợp (chặt chẽ) với"
_SUBJECT_SUPPORTS = re.compile(
    rf"(?:\s*,\s*[{P.LOWER}]+(?:\s+(?:-\s+)?[{P.LOWER}]+){{0,4}}){{0,4}}"  # ", hội, đoàn thể" ending the list
    r"(?:\s*,?\s*theo\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?)?"
    rf"\s*,?\s*(?:(?:{alt(_WORDS['support_prefixes'])})\s+)?{_QUALIFIED}\s+với\s+",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(rf"(?:{alt(_WORDS['subordinate_openers'])})\b", re.IGNORECASE)
_SUBORDINATE_END = re.compile(r",\s*(?:thì\s+)?|\s+thì\s+")
# a sentence's end and the blanks after it, before a letter: the next sentence starts
# where it ends (the stop is matched, not looked behind for: a pattern that opens with
# a character class lets the engine skip at once every character out of it)
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[^\W\d_])")


def _sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Where each sentence of ``text[start:end]`` after its first begins."""
    # (from one character before ``start``: a stop there ends the sentence before it)
    return [m.end() for m in _SENTENCE_START.finditer(text, max(0, start - 1), end)]


def _subject(sid: str, text: str, unit: _Unit, ms: list[Mention]) -> list[RawAssignment]:
    """Rule 5: a sentence that opens with the agency that does the task."""
    out: list[RawAssignment] = []
    if not ms:
        return out  # no agency named: no subject (most units)
    opens = {m.start for m in ms if not m.generic}  # where a subject may stand
    starts = [unit.start, *_sentence_starts(text, unit.start, unit.end)]
    for s_start in starts:
        opener = _SUBJECT_OPEN.match(text, s_start, unit.end)
        candidates = [opener.end() if opener else s_start]
        if _SUBORDINATE.match(text, s_start, unit.end):
            stop = _first_clause_end(text, s_start, unit.end)
            candidates = [m.end() for m in _SUBORDINATE_END.finditer(text, s_start, stop)]
        for pos in candidates:
            if pos not in opens:
                continue  # (the list read below would not open here)
            chain, end = _chain_after(ms, text, pos)
            chain = [c for c in chain if not c.generic]
            if not chain or chain[0].start != pos:
                continue
            if not _VERB_AFTER_SUBJECT.match(text, end, unit.end) or _NOT_TASK_VERB.match(text, end, unit.end):
                continue
            stop = _first_clause_end(text, s_start, unit.end)
            partner = _SUBJECT_SUPPORTS.match(text, end, unit.end)
            if partner is not None:
                # "X chủ động phối hợp với Y trong việc ...": Y leads, X supports
                leads, p_end = _chain_after(ms, text, partner.end())
                leads = [c for c in leads if not c.generic]
                if leads:
                    out.extend(RawAssignment(sid, c.agency, "lead", "phối hợp với", s_start, p_end)
                               for c in leads)
                    out.extend(RawAssignment(sid, c.agency, "support", "phối hợp với", s_start, p_end)
                               for c in chain)
                    break
            out.extend(RawAssignment(sid, c.agency, "lead", "subject", s_start, max(stop, end))
                       for c in chain)
            break
    return out


_MID_LEAD_THEN_SUPPORT = re.compile(r"(?<=[\s,;])" + _LEAD_THEN_SUPPORT.pattern, re.IGNORECASE)


def _then_supports(
    sid: str, text: str, unit: _Unit, ms: list[Mention], leads: set[str]
) -> list[RawAssignment]:
    """"X xây dựng kế hoạch; tổ chức chủ trì, phối hợp với Y ...": later in a task whose
    doer is known, "chủ trì, phối hợp với Y" names Y as support."""
    out: list[RawAssignment] = []
    if text.find("hối hợp", unit.start, unit.end) < 0 and text.find("HỐI HỢP", unit.start, unit.end) < 0:
        return out
    for m in _MID_LEAD_THEN_SUPPORT.finditer(text, unit.start + 1, unit.end):
        if _chain_before(ms, text, m.start()):
            continue  # "X chủ trì, phối hợp với Y": rule 4 has it
        chain, end = _chain_after(ms, text, m.end())
        out.extend(RawAssignment(sid, c.agency, "support", "chủ trì, phối hợp với", m.start(), end)
                   for c in chain if not c.generic and c.agency.id not in leads)
    return out


def _partner(sid: str, text: str, unit: _Unit, ms: list[Mention]) -> list[RawAssignment]:
    """A task that opens "Phối hợp với X ..." where no heading names the doer: X leads."""
    if not ms:
        return []  # no name to lead (most units)
    m = _SUPPORT_OPEN.match(text, unit.start, unit.end)
    if m is None or not _WITH.search(m.group()) or not re.match(r"(?i)phối\s+hợp", m.group()):
        return []  # "Tăng cường phối hợp với X" urges; it does not name X the doer
    chain, end = _chain_after(ms, text, m.end())
    return [RawAssignment(sid, c.agency, "lead", "phối hợp với", unit.start, end)
            for c in chain if not c.generic]


_REQUEST = re.compile(rf"(?i)(?<!\w)(?:{alt(_WORDS['requests'])})\s+")


def closing_requests(lines: list[Line], text: str, matcher: AgencyMatcher, sid: str) -> list[RawAssignment]:
    """Bodies a plan's closing words ask to carry it out ("Trên đây là Kế hoạch ...; đề
    nghị các tổ chức thành viên ..., Ban công tác Mặt trận ... nghiêm túc thực hiện"):
    leads of the implementation part ``sid``. Vague addressees ("các cơ quan, đơn vị")
    give nothing; the closing ends at "Nơi nhận" or the signature."""
    return _closing_requests(lines, text, _Mentions(matcher, text), sid)


def _closing_requests(lines: list[Line], text: str, matcher: _Mentions, sid: str) -> list[RawAssignment]:
    out: list[RawAssignment] = []
    for line in lines:
        if P.RECIPIENTS_LABEL.match(line.text) or line.text.startswith(("TM.", "KT.", "TL.")):
            break
        ms = matcher.find(text, line.start, line.end)
        if not ms:
            continue
        for m in _REQUEST.finditer(text, line.start, line.end):
            chain, end = _chain_after(ms, text, m.end())
            if not chain or chain[0].start != m.end():
                continue  # "đề nghị" not followed by its addressees
            out.extend(RawAssignment(sid, c.agency, "lead", "đề nghị (phần kết)", m.start(), end)
                       for c in chain if not c.generic)
    return _dedupe(out)


def _dedupe(items: list[RawAssignment]) -> list[RawAssignment]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for a in items:
        key = (a.section, a.agency.id, a.role)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out


def plan_roles(
    sections: list[RawSection], closing: list[Line], text: str, matcher: AgencyMatcher
) -> list[RawAssignment]:
    """Every assignment of a plan's body: the sections' (:func:`assign_roles`), then the
    closing's requests (:func:`closing_requests`) as leads of the implementation part
    ("Tổ chức thực hiện") when the plan has one."""
    mentions = _Mentions(matcher, text)  # (one copy of the matcher's list for every look-up)
    found = _assign_roles(sections, text, mentions)
    part = next((sec for sec in sections if sec.parent is None
                 and "to chuc thuc hien" in fold(sec.heading)), None)
    if part is not None:  # "Trên đây là Kế hoạch ...; đề nghị X, Y nghiêm túc thực hiện"
        found += _closing_requests(closing, text, mentions, part.id)
    return found


def leads_by_section(assignments: Iterable[RawAssignment]) -> dict[str, tuple[str, ...]]:
    """The ids of each section's leads, in order of first assignment, each once."""
    leads: dict[str, dict[str, None]] = {}
    for a in assignments:
        if a.role == "lead":
            leads.setdefault(a.section, {})[a.agency.id] = None
    return {sid: tuple(ids) for sid, ids in leads.items()}
