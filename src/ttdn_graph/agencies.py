"""Stage 4: agencies - the gazetteer (data, not code), provinces, and finding names in text.

The gazetteer (``data/gazetteer.json``) lists central bodies and *templates* of
provincial ones: in "Công an tỉnh", "tỉnh" stands for the plan's province, so the same
entry gives ``hung-yen/cong-an-tinh`` in a Hưng Yên plan and ``lao-cai/cong-an-tinh``
in a Lào Cai plan. Central bodies ("Bộ Ngoại giao") have unscoped ids and are shared.

Bodies the gazetteer lacks are still recognized by their shape ("Sở X", "Ban Quản lý
Y", "UBND huyện Z") and marked ``in_gazetteer=False``.

Example:
    >>> m = AgencyMatcher.for_province("Hưng Yên")
    >>> [a.id for a in m.agencies_in("Sở TT&TT và Công an tỉnh Hưng Yên")]
    ['hung-yen/so-thong-tin-va-truyen-thong', 'hung-yen/cong-an-tinh']
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import patterns as P
from .models import Agency, use_agency_lookup
from .nametrie import NameTrie, Node, heads_pattern, match, match_after, name_specs, plain_text, tail_tries
from .normalize import canonical_tone_marks, fold
from .text import slug

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .models import Plan

__all__ = [
    "AgencyMatcher",
    "GazetteerEntry",
    "Mention",
    "Province",
    "find_province",
    "gazetteer",
    "plan_agencies",
    "provinces",
    "shape_names",
    "slug",
]


@dataclass(frozen=True)
class GazetteerEntry:
    """One body of the gazetteer."""

    key: str
    name: str
    name_en: str | None
    kind: str
    level: str
    aliases: tuple[str, ...] = ()
    collective: bool = False
    parent: str | None = None


@dataclass(frozen=True)
class Province:
    """A provincial-level unit: a province (tỉnh) or a centrally-run city (thành phố)."""

    name: str
    kind: str  # "province" | "city"
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None  # its name after the 2025 merger
    merged_from: tuple[str, ...] = ()

    @cached_property
    def slug(self) -> str:  # (read for every id the matcher scopes)
        return slug(self.name)

    @property
    def full_name(self) -> str:
        return f"{'tỉnh' if self.kind == 'province' else 'thành phố'} {self.name}"


def _load(name: str) -> Any:
    return json.loads(resources.files("ttdn_graph").joinpath("data", name).read_text("utf-8"))


@cache
def _gazetteer_data() -> Any:
    """``data/gazetteer.json``, read once (its entries, the name grammar and the short
    forms are each read from it; none of them changes it)."""
    return _load("gazetteer.json")


@cache
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """The bundled gazetteer entries."""
    out = []
    for row in _gazetteer_data()["agencies"]:
        out.append(
            GazetteerEntry(
                key=row["key"],
                name=canonical_tone_marks(row["name"]),
                name_en=row.get("name_en"),
                kind=row["kind"],
                level=row["level"],
                aliases=tuple(canonical_tone_marks(a) for a in row.get("aliases", ())),
                collective=bool(row.get("collective")),
                parent=row.get("parent"),
            )
        )
    return tuple(out)


@cache
def provinces() -> dict[str, Province]:
    """Provincial units by folded name, both before and after the 2025 merger."""
    data = _load("provinces.json")
    merged_into = {
        fold(old): row["name"] for row in data["after_2025"] for old in row["merged_from"]
    }
    aliases = data.get("aliases", {})
    out: dict[str, Province] = {}
    for row in data["before_2025"]:
        name = canonical_tone_marks(row["name"])
        out[fold(name)] = Province(
            name, row["kind"], tuple(aliases.get(row["name"], ())), merged_into.get(fold(name))
        )
    for row in data["after_2025"]:
        name = canonical_tone_marks(row["name"])
        old = out.get(fold(name))
        out[fold(name)] = Province(
            name,
            row["kind"],
            tuple(aliases.get(row["name"], ())) + (old.aliases if old else ()),
            merged_into=None,
            merged_from=tuple(canonical_tone_marks(x) for x in row["merged_from"]),
        )
    return out


def find_province(text: str) -> Province | None:
    """The province a short text names ("tỉnh Hưng Yên", "TP. Hồ Chí Minh", "LÀO CAI").

    The longest name or alias found wins; spaces are ignored ("T hành phố" in a
    letter-spaced header)."""
    squeezed = fold(text).replace(" ", "")
    for c_squeezed, prov in _province_keys():
        if c_squeezed in squeezed:
            return prov
    return None


@cache
def _body_of(key: str, province: Province) -> Agency | None:
    """The gazetteer body ``key`` of another province than the plan's (without building
    a whole matcher for it)."""
    entry = next((e for e in gazetteer() if e.key == key), None)
    if entry is None:
        return None
    other = AgencyMatcher.__new__(AgencyMatcher)
    other.province = province  # all _make reads
    agency = other._make(entry)
    if agency is None:
        return None
    # named with its province, as the plan that names it does: "Ủy ban nhân dân tỉnh
    # Quảng Ninh", "Sở Tài chính tỉnh Hải Dương"
    place = province.name if re.search(r"(?:tỉnh|thành phố)$", agency.name) else province.full_name
    return agency.model_copy(update={"name": f"{agency.name} {place}"})


def _exact_province(name: str) -> Province | None:
    """The province a name is, exactly (not one it contains): "Hải Dương", "Hồ Chí Minh"."""
    key = fold(name).replace(" ", "")
    for c_squeezed, prov in _province_keys():
        if c_squeezed == key:
            return prov
    return None


@cache
def _province_keys() -> tuple[tuple[str, Province], ...]:
    """Every province name and alias, folded without spaces, longest first."""
    keys = [(cand.replace(" ", ""), prov) for pkey, prov in provinces().items()
            for cand in (pkey, *(fold(a) for a in prov.aliases))]
    return tuple(sorted(keys, key=lambda k: -len(k[0])))


# --- matching ---------------------------------------------------------------------------

# A provincial name's province tail (" Hưng Yên" after "Công an tỉnh", " tỉnh Hưng Yên"
# after "Sở Tài chính": nametrie.tail_tries) is matched after the name: that gives what
# one pattern ``N(?:\s+T)?(?!\w)`` gives. A tail starts with a blank, and a blank ends a
# word, so the tail never decides whether (nor how) ``N`` matches; ``N(?!\w)`` picks the
# same name and the same way through it, and the tail is then taken if it matches. So
# the names leave the province out, and their trie is built once for every province.


# --- names read by their shape ------------------------------------------------------------

# a word of a name and what may stand between two words
# a joiner and the word after it, the unit the name reader reads
_JOIN, _WORD = r"[ \t]*(?:,|-|/|&)[ \t]*", r"(?:[^\W\d_][^\W_]*|\d+)"
_TOKEN = re.compile(rf"({_JOIN}|[ \t]*)({_WORD})")
_MAX_WORDS = 16
# the words ahead as _TOKEN reads them one by one, up to a name's length and two: the
# first may follow right on, each next one comes after a joiner or blanks (_words_ahead)
_WORDS_RUN = re.compile(rf"(?:{_JOIN}|[ \t]*){_WORD}(?:(?:{_JOIN}|[ \t]+){_WORD}){{0,{_MAX_WORDS + 1}}}")
# the blanks before a name's first word (:func:`_capital_ahead`)
_BLANKS_AHEAD = re.compile(r"[ \t]+")
_LEVEL_WORDS = re.compile(
    r"(?:cấp\s+)?(?:xã|phường|đặc\s+khu|thị\s+trấn|thôn|tổ\s+dân\s+phố|huyện|quận|thị\s+xã|thành\s+phố|tỉnh)(?!\w)",
    re.IGNORECASE)
# where a post's description ends ("Cán bộ phụ trách lĩnh vực ...:")
_POST_END = re.compile(r"[:;.(\n]")
# the capitalized word right before a position on its line
_WORD_BEFORE = re.compile(rf"(?:^|(?<=[ \t]))([{P.UPPER}][^\W\d_]*)[ \t]+$")
_COMMUNE_WORD = re.compile(
    r"(?<!\w)(?<!thị\s)(?:xã|phường|đặc\s+khu|thị\s+trấn|thôn|ấp|bản|tổ\s+dân\s+phố)(?!\w)", re.IGNORECASE)
_DISTRICT_WORD = re.compile(r"(?<!\w)(?:huyện|quận|thị\s+xã)(?!\w)", re.IGNORECASE)
_CENTRAL_HEAD = re.compile(r"(?:Cục|Tổng\s+cục|Vụ|Viện|Học\s+viện|Bộ)\s")
_PROVINCE_NAME_WORD = re.compile(r"(?<!\w)(?:tỉnh|thành\s+phố|TP\.?)(?!\w)", re.IGNORECASE)
# a province named after a provincial body: "(tỉnh|thành phố) Hải Dương"; a list of more
_PROVINCE_NAME = rf"(?P<name>[{P.UPPER}][{P.LOWER}]+(?:[ \t\n]+[{P.UPPER}][{P.LOWER}]+){{0,3}})"
_PLACE_AFTER = re.compile(rf"[ \t\n]+(?:tỉnh|thành[ \t\n]+phố|TP\.?)[ \t\n]+{_PROVINCE_NAME}")
_PLACE_NAME = re.compile(rf"[ \t\n]+{_PROVINCE_NAME}")
_ENDS_WITH_PROVINCE_WORD = re.compile(r"(?:tỉnh|thành\s+phố|TP\.?)$", re.IGNORECASE)
_MORE_PLACES = re.compile(
    rf"[ \t\n]*,?[ \t\n]*(?:và[ \t\n]+)?(?P<place>(?:tỉnh|thành[ \t\n]+phố|TP\.?)[ \t\n]+{_PROVINCE_NAME})")
# capitalized words right after a body's name, on its line: a proper name that qualifies it
_PROPER_NAME = re.compile(
    rf" +([{P.UPPER}][{P.LOWER}]+(?: +[{P.UPPER}][{P.LOWER}]+){{0,2}})(?= *(?:$|[\n\t,;:.()]|-\s|và\s))",
    re.MULTILINE,
)
_TITLE_AFTER_VA = re.compile(r"(?:Thủ\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Trưởng|Phó|Lãnh\s+đạo|Người\s+đứng\s+đầu)(?!\w)")
_VAGUE_AFTER_VA = re.compile(r"(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|cá\s+nhân)(?!\w)")
_LOWER_LEVEL_AFTER = re.compile(r"\s+(?:cấp\s+)?(?:xã|phường|đặc\s+khu|thị\s+trấn|huyện|quận|thị\s+xã|thôn)(?!\w)")
_LEVEL_END = re.compile(
    r"(?<!\w)(?:xã|phường|đặc\s+khu|thị\s+trấn|thôn|huyện|quận|thị\s+xã|thành\s+phố|tỉnh)$", re.IGNORECASE)
_MAX_LOWER_RUN = 5
_MAX_SHAPES = 4096  # names read by their shape a matcher keeps


@dataclass(frozen=True)
class _NameGrammar:
    heads: re.Pattern[str]
    any_heads: frozenset[str]
    not_names: re.Pattern[str]
    stops: frozenset[str]
    # the lengths in words of the stops that open with a word: most words open none, so
    # most words are told apart by one look-up (:func:`_is_stop`)
    stop_lengths: dict[str, tuple[int, ...]]
    through_of: frozenset[str]
    to_line_end: frozenset[str]
    joins_names: frozenset[str]  # capitalized words after which a head still opens a name
    office: re.Pattern[str]  # title(s) right before a body's name, read backwards ($)
    office_ends: frozenset[str]  # the titles' last words in lower case (:func:`_may_end_with_title`)
    business: frozenset[str]


def _trie(words: list[str], blank: str = r"\s+", after_first: str = "") -> str:
    """One pattern for many phrases, factored on their common beginnings (the engine
    then tries each character once, not each phrase); a space matches ``blank`` (any
    blanks), ``after_first`` follows the first character of each phrase. The longest
    phrase wins where one is a beginning of another.

    The pattern is that of a trie of the phrases' characters (a node's branches in the
    order of their characters, a node where a phrase ends and others go on made
    optional: :func:`_trie_of_chars`, the rule as first written), built from the sorted
    phrases: a run of characters that all phrases of a branch share (a chain of nodes of
    one child each) is written at once, so only the nodes where phrases part or end are
    visited (the grammar's 108 head phrases: 811 nodes, about 140 visited; it is built
    in every process's first parse)."""
    phrases = sorted({" ".join(w.split()) for w in words})

    def chars(chunk: str) -> str:  # (a space is escaped "\\ ", and nothing else ends so)
        return re.escape(chunk).replace("\\ ", blank)

    def node(group: list[str], depth: int, after: str) -> str:
        """The pattern after the first ``depth`` characters, which ``group`` (sorted)
        shares."""
        ends = len(group[0]) == depth
        rest = group[1:] if ends else group
        branches = []
        i = 0
        while i < len(rest):
            ch, j = rest[i][depth], i + 1
            while j < len(rest) and rest[j][depth] == ch:
                j += 1
            # the characters the branch's phrases share: those its first and last (the
            # phrases are sorted) share, compared character by character as wanted here
            shared = len(os.path.commonprefix([rest[i], rest[j - 1]]))  # noqa: RUF071
            run = rest[i][depth:shared]
            branches.append(chars(run[0]) + after + chars(run[1:]) + node(rest[i:j], shared, ""))
            i = j
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + (node(phrases, 0, after_first) if phrases else "") + ")"


def _first_chars(words: list[str]) -> str:
    """A look-ahead for the first letters of ``words``: the engine skips every other
    position at once instead of trying each alternative there."""
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + "])"


@cache
def _grammar() -> _NameGrammar:
    data = _gazetteer_data()
    heads = data["name_heads"]
    alts = sorted({*heads["next"], *heads["any"], *heads["through_of"], *heads["to_line_end"],
                   *heads["business"]}, key=len, reverse=True)
    # a head opens a word: checked after its first letter, "(?<!\w.)" there being
    # "(?<!\w)" before it, so that the pattern opens with the heads' first letters and
    # the engine's search skips at once to where one stands (about 1.5x as fast as a
    # look-ahead for them followed by "(?<!\w)")
    head_re = re.compile(_trie(alts, after_first=r"(?<!\w.)") + r"(?!\w)")
    not_names = re.compile(
        r"(?:" + "|".join(r"[\s,]+".join(map(re.escape, h.split())) for h in heads["not_names"]) + r")(?!\w)",
        re.IGNORECASE,
    )
    stops = frozenset(canonical_tone_marks(w) for w in data["name_stops"]["words"])
    offices = data["office_titles"]

    honor = rf"(?:(?:{_alternation(offices['honorifics'])})\.?\s+)"
    office = re.compile(_first_chars(offices["titles"] + offices["honorifics"])
                        + rf"(?<!\w){honor}?(?:{_alternation(offices['titles'])})\s+$", re.IGNORECASE)

    def norm(key: str) -> frozenset[str]:
        return frozenset(" ".join(h.split()) for h in heads[key])

    # a head right after one of these capitalized words still opens a name: "Văn phòng
    # Ban Chỉ huy", "Trưởng Ban Chỉ đạo", "Đề nghị Ban ..."
    joins = {w.split()[-1] for w in (*offices["titles"], *offices["honorifics"])}
    joins |= {w.split()[0] for w in (*heads["next"], *heads["any"])} | {"Giao", "Đề", "Yêu", "Các"}
    joins |= {"phòng", "nghị", "cầu"}
    stop_lengths: dict[str, set[int]] = {}
    for stop in stops:
        stop_lengths.setdefault(stop.split(" ")[0], set()).add(len(stop.split(" ")))
    return _NameGrammar(head_re, norm("any") | norm("through_of") | norm("to_line_end") | norm("business"),
                        not_names, stops,
                        {k: tuple(sorted(v, reverse=True)) for k, v in stop_lengths.items()},
                        norm("through_of"),
                        norm("to_line_end"), frozenset(joins), office,
                        frozenset(t.split()[-1].lower() for t in offices["titles"]), norm("business"))


def _alternation(phrases: list[str]) -> str:
    """Phrases as one alternation, the longest first, any blanks between their words."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(phrases, key=len, reverse=True))


@cache
def _person() -> re.Pattern[str]:
    """A person with a post: "Ông Nguyễn Văn A - Trưởng đoàn". Compiled the first time a
    text holds an honorific (:data:`_HONORIFIC_HINT`), not with the grammar: most plans
    name no one, and the pattern is among the larger a first parse compiles (1 ms)."""
    offices = _gazetteer_data()["office_titles"]
    # (its honorifics check a word's start after their first letter: the engine skips at
    # once to where one may stand, where a look-ahead for them is tried at every position)
    honorific = _trie(offices["honorifics"], after_first=r"(?<!\w.)")
    return re.compile(
        rf"(?:{honorific}\.?\s+)(?P<who>[{P.UPPER}][{P.LOWER}]*(?:\s+[{P.UPPER}][{P.LOWER}]*){{1,4}})"
        rf"\s*[-,]\s*(?:{_alternation(offices['person_posts'])})(?:\s+[{P.LOWER}]+){{0,2}}(?=\s*[:;,.(\n]|$)"
    )


def _may_end_with_title(window: str, g: _NameGrammar, plain: bool) -> bool:
    """Whether ``g.office`` may find a title in ``window`` (``plain``: the window is
    :func:`nametrie.plain_text`): it ends with blanks after a title's last word, in any
    case. Most names follow no title, and this look-up is several times cheaper than the
    search.

    A title ends with a letter, right before the blanks at the window's end, and opens
    that word (a blank or the window's start is before it, or the other words of the
    title or an honorific): so a last word of letters alone is the title's last word
    whole. The engine, ignoring case, matches a title's letter only with letters (and,
    beyond their lower case, only with the letters :func:`nametrie.plain_text` looks for:
    a text that holds one is searched)."""
    body = window.rstrip()
    if len(body) == len(window) or not body[-1:].isalpha():
        return False
    word = body.rsplit(None, 1)[-1]
    return not plain or not word.isalpha() or word.lower() in g.office_ends


def _inner_list(words: list[str], joins: list[str], i: int, g: _NameGrammar) -> int | None:
    """At a comma before a lower-case word: the index of the last word of a short list
    ending "... và <word(s)>" that the name goes on with, or ``None``."""
    seen_va = False
    for j in range(i, min(len(words), i + 6)):
        if j > i and joins[j].strip():  # another comma or dash: not one short list
            return None
        if words[j][:1].isupper() or _is_stop(words, j, g):
            return None
        if words[j] == "và":
            seen_va = True
            continue
        nxt = j + 1
        if seen_va and (nxt >= len(words) or joins[nxt].strip()
                        or _is_stop(words, nxt, g)):
            return j
    return None


def _is_stop(words: list[str], i: int, g: _NameGrammar) -> bool:
    """Whether a stop of the grammar (one word or several) opens at ``words[i]``, in any
    case; only the stops that open with that word are tried."""
    lengths = g.stop_lengths.get(words[i].lower())
    if lengths is None:
        return False
    for n in lengths:
        if i + n <= len(words) and " ".join(w.lower() for w in words[i : i + n]) in g.stops:
            return True
    return False


def shape_names(
    text: str, start: int = 0, end: int | None = None, taken: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Spans of the names of public bodies read by their shape: a head noun ("Sở",
    "Ban Quản lý", "Đoàn kiểm tra", data in the gazetteer's ``name_heads``) and the words
    after it, up to where the syntax ends the name (punctuation, a verb or function word
    of ``name_stops``, "và" before another body or an office title, more than five
    lower-case words in a row).

    >>> t = "Cục Biến đổi khí hậu chủ trì, Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch tổ chức"
    >>> [t[a:b] for a, b in shape_names(t)]
    ['Cục Biến đổi khí hậu', 'Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch']
    """
    g = _grammar()
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    taken = taken or []
    taken_starts = [a for a, _ in taken]
    pos = start
    while True:
        m = g.heads.search(text, pos, end)
        if m is None:
            return out
        pos = m.end()
        i = bisect.bisect_right(taken_starts, m.start()) - 1
        if i >= 0 and taken[i][1] > m.start():  # inside a name already known
            pos = max(pos, taken[i][1])
            continue
        head = " ".join(m.group().split())
        if head not in g.any_heads and g.not_names.match(text, m.start()):
            continue  # "Ban hành", "Bộ phận": a word, not a body
        before = _WORD_BEFORE.search(text, max(start, m.start() - 24), m.start())
        if before is not None and before.group(1) not in g.joins_names:
            continue  # "Lễ hội Hoa Ban Điện Biên": the head word is inside another name
        if head in g.to_line_end:
            stop = _POST_END.search(text, m.end(), end)
            out.append((m.start(), len(text[: stop.start() if stop else end].rstrip())))
            pos = out[-1][1]
            continue
        name_end = _extend(text, m.end(), end, head in g.any_heads, g, head.split()[0],
                           through_of=head in g.through_of)
        if name_end is None:
            continue
        out.append((m.start(), name_end))
        pos = name_end


def _words_ahead(text: str, pos: int, end: int) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    """The words ahead of ``pos`` on its line (at most a name's length), each with its
    span and what joins it to the one before (a space, ",", "-", "/", "&").

    One match finds where the words ahead end (a word right after another, or anything
    else than a joiner and a word: :data:`_WORDS_RUN`) and one ``findall`` cuts them into
    words: no match object for each word (what reading them one by one mostly cost)."""
    line_end = text.find("\n", pos, end)
    stop = end if line_end < 0 else line_end
    run = _WORDS_RUN.match(text, pos, min(stop, pos + 240))
    if run is None:
        return [], [], []
    joins: list[str] = []
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    p = pos
    for join, word in _TOKEN.findall(text, pos, run.end()):
        p += len(join)
        joins.append(join)
        words.append(word)
        spans.append((p, p + len(word)))
        p += len(word)
    return words, spans, joins


def _capital_ahead(text: str, pos: int, end: int) -> bool:
    """Whether blanks and a capital follow ``pos`` (before ``end``). A head that needs a
    capitalized word after it ("Sở", "Phòng") opens a name only there (the checks of
    :func:`_extend` after reading the words ahead), so where none follows (most such
    heads in plans: "Phòng chống", "Hội nghị"), nothing ahead is read."""
    blanks = _BLANKS_AHEAD.match(text, pos, end)
    return blanks is not None and text[blanks.end() : blanks.end() + 1].isupper()


def _extend(text: str, pos: int, end: int, any_head: bool, g: _NameGrammar,
            head_word: str = "", through_of: bool = False) -> int | None:
    """Where a name that opens with a head ending at ``pos`` ends (``None``: no name).

    Long because it is one walk over the words ahead, where each word is kept or ends
    the name by rules that look at the words around it (joiners, level words, "và",
    stop words, a second head); split apart, the walk's state would be passed around."""
    if not any_head and not _capital_ahead(text, pos, end):
        return None
    words, spans, joins = _words_ahead(text, pos, end)
    if not words or (not any_head and (joins[0].strip() or not joins[0])):
        return None if not any_head else pos
    if not any_head and not words[0][:1].isupper():
        return None
    last = -1 if any_head else 0
    lower_run = 0
    level_head = any_head and _LEVEL_END.search(text, max(0, pos - 12), pos) is not None
    i = 0 if any_head else 1
    while i < len(words):
        word, join = words[i], joins[i].strip()
        if join in (",", "/", "&") or join == "-":
            # "Sở Văn hóa, Thể thao", "Lao động - Thương binh": only before a capital;
            # "UBND huyện, thành phố": a level word after a level word
            prev_start, prev_end = spans[i - 1] if i > 0 else (max(0, pos - 12), pos)
            lvl = _LEVEL_WORDS.match(text, spans[i][0]) if join in (",", "/") else None
            if lvl is not None and _LEVEL_END.search(text, prev_start, prev_end):
                while i + 1 < len(words) and spans[i + 1][1] <= lvl.end():
                    i += 1  # "thành phố", "thị trấn": one level word of two
                last = i
                i += 1
                continue
            if not word[:1].isupper() and join == ",":
                inner = _inner_list(words, joins, i, g)
                if inner:  # "Trung tâm Xúc tiến đầu tư, thương mại và du lịch"
                    last = i = inner
                    i += 1
                    continue
            if not word[:1].isupper() or g.heads.match(text, spans[i][0]):
                break
        if word[:1].islower() and _is_stop(words, i, g) \
                and not (through_of and word == "của"):
            break  # a capitalized word is the name's own ("Ban Chỉ huy", "Ban Chỉ đạo")
        if i > 0 and word == head_word and g.heads.match(text, spans[i][0]):
            break  # "Sở Khoa học và Công nghệ Sở Công Thương": two names, no separator
        if word.lower() == "và":
            nxt = i + 1
            if nxt >= len(words) or g.heads.match(text, spans[nxt][0]) or joins[nxt].strip() \
                    or _is_stop(words, nxt, g) \
                    or _VAGUE_AFTER_VA.match(text, spans[nxt][0]) \
                    or _TITLE_AFTER_VA.match(text, spans[nxt][0]):
                break  # "... và cơ quan, địa phương liên quan", "... và Thủ trưởng ...": another
            lower_run = 0
            i += 1
            continue
        if word[:1].isupper() or word.isdigit():
            lower_run = 0
        elif level_head:
            break  # "UBND xã triệu tập ...": after a level word only a place name goes on
        else:
            lower_run += 1
            if lower_run > _MAX_LOWER_RUN:
                break
        last = i
        i += 1
    if last < 0:
        return pos
    return spans[last][1]


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    forms = {fold(k): v for k, v in _gazetteer_data()["abbreviations"]["forms"].items()}
    words = sorted(_gazetteer_data()["abbreviations"]["forms"], key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
                         + r")(?!\w)", re.IGNORECASE)
    return pattern, forms


def _full_forms(name: str) -> str:
    """A name with its short forms written in full (the key of a body read by its shape)."""
    pattern, forms = _abbreviations()
    return pattern.sub(lambda m: forms.get(fold(m.group()), m.group()), name)


@cache
def _head_pattern(entries: tuple[GazetteerEntry, ...], ignore_case: bool) -> re.Pattern[str]:
    """Where the scan tries names (:func:`nametrie.heads_pattern`), the same for every
    province (compiled once): the heads of the names that hold the province's name are
    looked for alone, with a province or without."""
    shared, names = _names(entries)
    alone = frozenset(alias.split()[0].lower() for _, alias, _ in names if "{province}" in alias)
    return re.compile(heads_pattern(shared, alone, ignore_case), re.IGNORECASE if ignore_case else 0)


@cache
def _names(entries: tuple[GazetteerEntry, ...]) -> tuple[NameTrie, tuple[tuple[str, str, bool], ...]]:
    """Every name of the gazetteer in the order they are tried, as (key, name,
    provincial), and the trie of those that leave the province out (the same for every
    province: built once)."""
    names = sorted(((e.key, alias, e.level == "province") for e in entries for alias in (e.name, *e.aliases)),
                   key=lambda n: -len(n[1]))  # longest first (a stable sort)
    trie = NameTrie()
    for order, (_, alias, provincial) in enumerate(names):
        if "{province}" not in alias:
            trie.add(order, name_specs(alias, provincial) or [])
    return trie, tuple(names)


@dataclass(frozen=True)
class _NameTable:
    """What the matchers of every province share, read from the gazetteer once per
    process (a matcher then adds only what its province changes)."""

    shared: NameTrie  # the names that leave the province out (:func:`_names`)
    names: tuple[tuple[str, str, bool], ...]  # every name, in the order tried
    own: tuple[tuple[int, str, bool], ...]  # (order, name, provincial) of the names that hold "{province}"
    # the kind of province tail of each name when there is a province (see tail_tries):
    # "name" after a name that has its province word ("Công an tỉnh" + " Hưng Yên"),
    # "place" after one that has not ("Sở Tài chính" + " tỉnh Hưng Yên"), none for
    # central bodies
    tail_kinds: tuple[str | None, ...]
    roots: dict[str, tuple[Node, ...]]  # each head word's node in the shared trie
    by_key: dict[str, GazetteerEntry]  # the entries by key (read, never changed)
    # the keys of the central bodies, of the others (their ids hold the province's slug
    # and the key), and of the bodies that need no province (their ids are their keys
    # when there is no province)
    central_keys: frozenset[str]
    scoped_keys: frozenset[str]
    unscoped_keys: frozenset[str]


@cache
def _name_table(entries: tuple[GazetteerEntry, ...]) -> _NameTable:
    shared, names = _names(entries)
    return _NameTable(
        shared, names,
        own=tuple((order, alias, provincial) for order, (_, alias, provincial) in enumerate(names)
                  if "{province}" in alias),
        tail_kinds=tuple(("name" if "tỉnh" in alias.split() else "place") if provincial else None
                         for _, alias, provincial in names),
        roots={head: (node,) for head, node in shared.root.items()},
        by_key={e.key: e for e in entries},
        central_keys=frozenset(e.key for e in entries if e.level == "central"),
        scoped_keys=frozenset(e.key for e in entries if e.level != "central"),
        unscoped_keys=frozenset(e.key for e in entries if "{province}" not in e.name),
    )


@cache
def _central_agency(entry: GazetteerEntry) -> Agency:
    """A central body of the gazetteer (the same for every province)."""
    return Agency(
        id=entry.key, name=entry.name, name_en=entry.name_en,
        aliases=tuple(sorted(set(entry.aliases))),
        kind=entry.kind, level="central", parent=entry.parent,
        collective=entry.collective,
    )


# what makes a name vague: "các sở, ngành[, địa phương] (có) liên quan", "các sở, ngành,
# địa phương" before the verb they share (everyone)
_GENERIC_AFTER = re.compile(
    r"(?:\s*,\s*(?:địa\s+phương|đơn\s+vị|cơ\s+quan|ban|ngành|tổ\s+chức|đoàn\s+thể)){0,4}"
    r"(?:\s+khác)?\s*(?:có\s+)?liên\s+quan"
    r"|\s*,\s*(?:các\s+)?địa\s+phương(?=\s+(?!và\b|cùng\b)[" + P.LOWER + r"])"
)
# (these open with their first letters, each followed by the look-behind that asks that
# nothing of a word is before it: the engine skips every other character at once, where
# a pattern that opens with a look-around is tried at every position)
_MINISTERS = re.compile(r"(?:C(?<!\w.)ác\s+Bộ|B(?<!\w.)ộ)\s+trưởng(?=\s*,)")
# a person's entry opens with an honorific: "Ông", "Bà", "Đồng chí", "Đ/c"
_HONORIFIC_HINT = re.compile(r"Ông|Bà|Đồng chí|đồng chí|Đ/c")
# "Giám đốc các sở: Tài chính, Nội vụ ..." and the items of its list
_SHARED_TITLE = re.compile(
    r"(?P<title>G(?<!\w.)iám\s+đốc|T(?<!\w.)hủ\s+trưởng|L(?<!\w.)ãnh\s+đạo)\s+các\s+(?P<head>[Ss]ở|[Bb]ộ)\s*:\s*")
# what every such title's list holds, looked for first: it opens with a word (the engine
# finds it at once), where the title pattern stops at every "G", "T" and "L" of a text
_SHARED_LIST = re.compile(r"các\s+(?:[Ss]ở|[Bb]ộ)\s*:")
_LIST_ITEM = re.compile(rf"(?P<item>[{P.UPPER}][^,;:.\n]*?)\s*(?P<sep>,|;|\.|\n|$)\s*")


@dataclass(frozen=True)
class Mention:
    """An agency named in a text: where (offsets into that text) and which."""

    start: int
    end: int
    agency: Agency
    generic: bool = False  # "các sở, ban, ngành liên quan": a vague reference


@dataclass
class AgencyMatcher:
    """Finds agencies in text for one plan's province."""

    province: Province | None
    entries: tuple[GazetteerEntry, ...] = field(default_factory=gazetteer)

    def __post_init__(self) -> None:
        # the gazetteer's bodies as this province's agencies, made when first named (a
        # model each: most of a plan's province is never named), found by key and by id
        table = self._table = _name_table(self.entries)
        self._entries = table.by_key
        self._agencies: dict[str, Agency | None] = {}
        self._prefix = f"{self.province.slug}/" if self.province else ""  # (what _scope puts before a key)
        # The names are words in a trie (nametrie): those that leave the province out are
        # the same for every province (their province tail is matched after them:
        # nametrie.tail_tries), built once; a matcher adds only the names that hold the
        # province's name ("Báo {province}").
        self._shared_names, self._order = table.shared, table.names
        self._local_names = NameTrie()
        if self.province:
            own = (self.province.name, *self.province.aliases)
            for order, alias, provincial in table.own:
                self._local_names.add(order, name_specs(alias, provincial, own) or [])
        # the kind of province tail of each name (none when there is no province)
        self._tail_kinds = table.tail_kinds if self.province else (None,) * len(self._order)
        self._tails = tail_tries((self.province.name, *self.province.aliases)) if self.province else {}
        self._roots = dict(table.roots)  # each head word's nodes in the tries
        for head, node in self._local_names.root.items():
            self._roots[head] = (*self._roots.get(head, ()), node)
        self._cache: dict[int, tuple[str, list[Mention], list[int]]] = {}
        self._head_patterns: dict[bool, re.Pattern[str]] = {}  # by whether the text is plain (_head_words)
        self._parents: dict[str, Agency] = {}  # bodies of the office-holders read so far
        self._shapes: dict[str, Agency] = {}  # the names read by their shape so far

    def parent_of(self, agency: Agency) -> Agency | None:
        """The body an office-holder belongs to (or a gazetteer body's parent), if known."""
        if agency.parent is None:
            return None
        key = self._key_of_id(agency.parent)
        return self._parents.get(agency.parent) or (self._agency(key) if key is not None else None)

    def _key_of_id(self, agency_id: str) -> str | None:
        """The key of the gazetteer's body whose id here is ``agency_id``, or ``None``.
        (Read from the id, where a table of every body's id would be built for each
        matcher: no two ids are one, as no key holds a "/".)"""
        table = self._table
        if self.province is None:
            return agency_id if agency_id in table.unscoped_keys else None
        if agency_id in table.central_keys:
            return agency_id
        if agency_id.startswith(self._prefix) and agency_id[len(self._prefix) :] in table.scoped_keys:
            return agency_id[len(self._prefix) :]
        return None

    def _agency(self, key: str) -> Agency | None:
        """The gazetteer's body ``key`` as this province's agency (``None``: none here)."""
        try:
            return self._agencies[key]
        except KeyError:
            entry = self._entries.get(key)
            agency = self._agencies[key] = self._make(entry) if entry is not None else None
            return agency

    @classmethod
    def for_province(cls, name: str | None) -> AgencyMatcher:
        """A matcher for the province named (or none)."""
        return _matcher(find_province(name) if name else None)

    def _scope(self, key: str) -> str:
        return f"{self.province.slug}/{key}" if self.province else key

    def _localize(self, name: str) -> str:
        if self.province is None:
            return name
        if self.province.kind == "city":
            name = re.sub(r"\btỉnh\b", "thành phố", name)
        return name.replace("{province}", self.province.name)

    def _make(self, entry: GazetteerEntry) -> Agency | None:
        if "{province}" in entry.name and self.province is None:
            return None
        if entry.level == "central":
            return _central_agency(entry)
        return Agency(
            id=self._scope(entry.key),
            name=self._localize(entry.name),
            name_en=entry.name_en,
            aliases=tuple(sorted({self._localize(a) for a in entry.aliases})),
            kind=entry.kind,
            level="district" if entry.key.endswith("cac-huyen") else (
                "commune" if entry.key.endswith("cac-xa") else "province"),
            parent=self._scope(entry.parent) if entry.parent else None,
            collective=entry.collective,
        )

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Agencies named in ``text[start:end]``, left to right, not overlapping.

        ``text`` should be normalized (:func:`ttdn_graph.normalize.normalize`). The whole
        text is scanned once and remembered, so many look-ups in ranges of one text
        cost one scan.
        """
        end = len(text) if end is None else end
        cache = self._cache.get(id(text))
        if cache is None or cache[0] is not text:
            mentions = self._scan(text)
            cache = (text, mentions, [m.start for m in mentions])
            if len(text) >= 2000:  # small strings are cheaper to scan again
                if len(self._cache) >= 4:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[id(text)] = cache
        _, mentions, starts = cache
        i = bisect.bisect_left(starts, start)
        out = []
        for m in mentions[i:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def _head_words(self, text: str, lowered: str, plain: bool) -> Iterator[re.Match[str]]:
        """The places of ``text`` (``lowered``: the text in lower case) where the scan
        tries names: its head words, those that open no name alone followed by a second
        word of their names (:func:`nametrie.heads_pattern`).

        They are read in the text put in lower case, by a pattern that need not ignore
        case (about twice as fast), where the text is :func:`nametrie.plain_text` (lower
        case keeps every offset and compares letters as the engine does); elsewhere in
        the text by a pattern that ignores case: it finds every place the scan takes
        (and more, where the head's lower case is not a head word: the scan skips them)."""
        pattern = self._head_patterns.get(plain)
        if pattern is None:  # (kept by the matcher: the cached function hashes the gazetteer at each call)
            pattern = self._head_patterns[plain] = _head_pattern(self.entries, not plain)
        return pattern.finditer(lowered if plain else text)

    def _scan(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        taken_until = 0
        lowered = text.lower()
        plain = plain_text(text)
        words = lowered if plain else None  # (else compared through the engine)
        roots = self._roots
        for word in self._head_words(text, lowered, plain):
            start = word.start()
            if start < taken_until:
                continue
            nodes = roots.get(lowered[start : word.end()] if plain else text[start : word.end()].lower())
            hit = match(nodes, text, words, word.end()) if nodes is not None else None
            if hit is None:
                continue
            order, end = hit
            key = self._order[order][0]
            agency = self._agency(key)
            assert agency is not None  # (a name that needs the province is only read with one)
            kind = self._tail_kinds[order]
            tail = match_after(self._tails[kind], text, words, end) if kind else None
            if tail is not None:
                end = tail
            found = text[start:end]
            lower = _LOWER_LEVEL_AFTER.match(text, end)
            if lower is not None and agency.level == "province" \
                    and not _PROVINCE_NAME_WORD.search(found):
                # "Ủy ban MTTQ Việt Nam xã", "Các tổ chức chính trị - xã hội xã": the body of
                # the commune or district, not the province's
                name = text[start : lower.end()]
                vague = _GENERIC_AFTER.match(text, lower.end())
                out.append(Mention(start, vague.end() if vague else lower.end(),
                                   self.shape_agency(name), vague is not None))
                taken_until = lower.end()
                continue
            named = self._other_provinces(key, text, start, end) \
                if agency.level == "province" else []
            if named:  # "Ủy ban nhân dân tỉnh Hải Dương", "UBND thành phố Hà Nội, thành phố Hải Phòng"
                out.extend(named)
                taken_until = named[-1].end
                continue
            vague = _GENERIC_AFTER.match(text, end)
            if vague is None and agency.level != "central":
                proper = _PROPER_NAME.match(text, end)  # "Ban Quản lý Khu kinh tế Đông Nam"
                if proper and not _grammar().heads.match(text, proper.start(1)) \
                        and not _PROVINCE_NAME_WORD.search(found):
                    end = proper.end()
            # a vague reference spans its "liên quan", so a list goes on after it
            out.append(Mention(start, vague.end() if vague else end, agency,
                               vague is not None))
            taken_until = end
        return self._offices(text, self._with_shapes(text, out))

    def _with_shapes(self, text: str, known: list[Mention]) -> list[Mention]:
        """The gazetteer's mentions (``known``, left to right) with the names read by
        their shape added, in order; a shape name that holds gazetteer names replaces
        them ("Văn phòng Sở Công Thương"), one that cuts across one is dropped."""
        out = list(known)
        starts = [x.start for x in known]
        for s_start, s_end in shape_names(text, taken=[(k.start, k.end) for k in known]):
            i = bisect.bisect_right(starts, s_start)
            # overlaps the name found before it, or the one after it
            if (i > 0 and known[i - 1].end > s_start) or (i < len(known) and known[i].start < s_end):
                inner = [k for k in known if s_start < k.start and k.end <= s_end]
                if not inner or any(k.start < s_start < k.end or k.start < s_end < k.end for k in known):
                    continue
                # a body named through another: "Văn phòng Sở Công Thương", "Các cơ quan
                # trực thuộc Bộ Văn hóa, Thể thao và Du lịch"
                out = [x for x in out if x not in inner]
            name = text[s_start:s_end].rstrip(" ,-")
            vague = _GENERIC_AFTER.match(text, s_start + len(name))
            out.append(Mention(s_start, vague.end() if vague else s_start + len(name),
                               self.shape_agency(name), vague is not None))
        out.sort(key=lambda x: x.start)
        return out

    def _other_provinces(self, key: str, text: str, start: int, end: int) -> list[Mention]:
        """A provincial body named with its province, when that province is not the
        plan's ("Ủy ban nhân dân tỉnh Hải Dương" in a Hưng Yên plan, any in a national
        plan): that province's body; a list of places after it ("..., thành phố Hải
        Phòng và tỉnh Quảng Ninh") names the same body of each. Empty when the body is
        the plan's own province's or no province follows (the name found is
        ``text[start:end]``)."""
        after = text[end + 1 : end + 2]
        if text[end : end + 1] not in (" ", "\t", "\n") or not (after.isupper() or after in "tT"):
            return []  # (most names: no place after them)
        place = _PLACE_AFTER.match(text, end)
        if place is None and _ENDS_WITH_PROVINCE_WORD.search(text, start, end):
            place = _PLACE_NAME.match(text, end)
        prov = _exact_province(place.group("name")) if place else None
        if place is None or prov is None or prov == self.province:
            return []
        agency = _body_of(key, prov)
        if agency is None:
            return []
        out = [Mention(start, place.end(), agency, False)]
        pos = place.end()
        while True:
            more = _MORE_PLACES.match(text, pos)
            other = _exact_province(more.group("name")) if more else None
            body = _body_of(key, other) if other is not None else None
            if more is None or body is None:
                return out
            out.append(Mention(more.start("place"), more.end(), body, False))
            pos = more.end()

    def _offices(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Office-holders: a body named right after a post ("Giám đốc Sở Y tế", "Đồng
        chí Chủ tịch Ủy ban MTTQ xã") is read as the post's holder, an actor whose parent
        is the body; a person with a post ("Ông Nguyễn Văn A - Trưởng đoàn") too."""
        g = _grammar()
        out: list[Mention] = []
        prev_end = 0
        plain = plain_text(text)
        for m in mentions:
            window = text[max(prev_end, m.start - 48) : m.start]
            title = None if m.generic or not _may_end_with_title(window, g, plain) else g.office.search(window)
            if title is not None:
                start = m.start - (len(window) - title.start())
                post = " ".join(text[start : m.start].split())
                out.append(Mention(start, m.end, self._office(post, m.agency), False))
            else:
                out.append(m)
            prev_end = m.end
        if ("ác sở" in text or "ác Sở" in text or "ác bộ" in text or "ác Bộ" in text) \
                and _SHARED_LIST.search(text):
            out = self._shared_title(text, out)
        if "Bộ trưởng," in text:  # "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, ...": the ministers
            out = self._ministers(text, out)
        people = list(_person().finditer(text)) if _HONORIFIC_HINT.search(text) else []
        if people:
            starts = [x.start for x in out]
            for p in people:
                i = bisect.bisect_right(starts, p.start())
                if (i > 0 and out[i - 1].end > p.start()) or (i < len(out) and out[i].start < p.end()):
                    continue
                name = " ".join(p.group().replace(".", " ", 1).split()) if re.match(
                    r"(?:Ông|Bà)\.", p.group()) else " ".join(p.group().split())
                ag = Agency(id=self._scope(slug(name)), name=name, kind="person", level="unknown",
                            in_gazetteer=False)
                out.insert(i, Mention(p.start(), p.end(), ag, False))
                starts.insert(i, p.start())
        return out

    def _ministers(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"Bộ trưởng" listed with other executors ("Bộ trưởng, Thủ trưởng cơ quan ngang
        bộ, ..."): the ministers, a collective of every ministry."""
        ministers = self._agency("bo-truong-cac-bo")
        if ministers is None:
            return mentions
        # the name as these lists write it, so a look-up of "Bộ trưởng" finds them
        ministers = ministers.model_copy(update={"aliases": tuple(sorted({*ministers.aliases, "Bộ trưởng"}))})
        starts = [m.start for m in mentions]
        out = list(mentions)
        for m in _MINISTERS.finditer(text):
            i = bisect.bisect_right(starts, m.start())
            if (i > 0 and mentions[i - 1].end > m.start()) or (i < len(mentions) and mentions[i].start < m.end()):
                continue
            out.append(Mention(m.start(), m.end(), ministers, False))
        return sorted(out, key=lambda x: x.start)

    def _shared_title(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"Giám đốc các sở: Tài chính, Nội vụ và Y tế": one office-holder per body."""
        found: list[Mention] = []
        for m in _SHARED_TITLE.finditer(text):
            head = m.group("head").capitalize()
            pos = m.end()
            first = True
            for item in _LIST_ITEM.finditer(text, pos):
                if item.start() != pos:
                    break
                for a, b in self._list_parts(head, text, item.start("item"), item.end("item")):
                    body = self.lookup(f"{head} {text[a:b]}") or self.shape_agency(f"{head} {text[a:b]}")
                    found.append(Mention(m.start() if first else a, b,
                                         self._office(m.group("title"), body), False))
                    first = False
                pos = item.end()
                if item.group("sep") != ",":
                    break
        if not found:
            return mentions
        spans = [(f.start, f.end) for f in found]
        kept = [x for x in mentions if not any(a < x.end and x.start < b for a, b in spans)]
        return sorted(kept + found, key=lambda x: x.start)

    def _list_parts(self, head: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """One item of "các sở: X, Y và Z" as names: "Y và Z" is two names unless the
        gazetteer knows "Sở Y và Z" ("Kế hoạch và Đầu tư")."""
        item = text[start:end].rstrip()
        g = _grammar()
        words = item.split()
        for i, word in enumerate(words):  # "Y tế có trách nhiệm ...": the name ends at the verb
            if i and word[:1].islower() and _is_stop(words, i, g):
                item = item[: item.find(" " + word + " " if i + 1 < len(words) else " " + word)]
                break
        end = start + len(item)
        joint = item.rfind(" và ")
        if joint < 0 or self.lookup(f"{head} {item}") is not None:
            return [(start, end)]
        left, right = item[:joint], item[joint + 4 :]
        if self.lookup(f"{head} {left}") is None and self.lookup(f"{head} {right}") is None:
            return [(start, end)]
        return [(start, start + joint), (start + joint + 4, end)]

    def _office(self, post: str, body: Agency) -> Agency:
        prefix, _, key = body.id.rpartition("/")
        title = re.sub(r"(?i)^(?:đồng\s+chí|đ/c|ông|bà)\.?\s+", "", post)
        oid = f"{slug(title)}-{key}"
        self._parents[body.id] = body
        return Agency(
            id=f"{prefix}/{oid}" if prefix else oid,
            name=f"{title} {body.name[0].lower() + body.name[1:] if body.name.startswith('Các ') else body.name}",
            kind="office",
            level=body.level, parent=body.id, collective=body.collective, in_gazetteer=False,
        )

    def agencies_in(self, text: str) -> list[Agency]:
        """Distinct agencies named in ``text``, in order of first mention."""
        seen: dict[str, Agency] = {}
        for m in self.find(text):
            seen.setdefault(m.agency.id, m.agency)
        return list(seen.values())

    def shape_agency(self, name: str) -> Agency:
        """An agency the gazetteer lacks, recognized by its shape. Its level comes from
        the words of its name: a commune or district word, a central head ("Cục", "Vụ",
        "Viện" with no province word) or the plan's province."""
        name = " ".join(name.split())
        known = self._shapes.get(name)
        if known is not None:  # (names recur in a plan: "UBND các xã", "Phòng Văn hóa")
            return known
        if len(self._shapes) >= _MAX_SHAPES:  # a matcher lives as long as the process
            self._shapes.clear()
        self._shapes[name] = agency = self._read_shape(name)
        return agency

    def _read_shape(self, name: str) -> Agency:
        """:meth:`shape_agency` of a name with single spaces."""
        kind = "department" if name.startswith("Sở") else "agency"
        level: Any = "unknown"
        words = [(m.start(), lv) for lv, rx in (("commune", _COMMUNE_WORD), ("district", _DISTRICT_WORD),
                                                 ("province", _PROVINCE_NAME_WORD))
                 for m in [rx.search(name)] if m]
        if any(name.startswith(h) for h in _grammar().business):
            kind = "business"  # a business is of no level of government
        elif words:  # the first level word of the name: "... cấp tỉnh, cấp xã" is provincial
            level = min(words)[1]
        elif _CENTRAL_HEAD.match(name):
            level = "central"
        elif self.province is not None:
            level = "province"
        key = slug(_full_forms(name))
        return Agency(id=key if level == "central" else self._scope(key), name=name, kind=kind,
                      level=level, in_gazetteer=False)

    def lookup(self, name: str) -> Agency | None:
        """The agency a whole string names, or ``None``."""
        text = " ".join(name.split())
        for m in self.find(text):
            if m.start == 0 and m.end >= len(text.rstrip(" .:;,")):
                return m.agency
        return None


@cache
def _matcher(province: Province | None) -> AgencyMatcher:
    return AgencyMatcher(province)


def _lookup(plan: Plan, query: str) -> Agency | None:
    """The plan's agency a name means by the matcher's knowledge of names (short forms,
    a province's name, a zone's proper name), for :meth:`Plan.find_agency`."""
    found = AgencyMatcher.for_province(plan.province).lookup(canonical_tone_marks(query))
    if found is not None:
        for ag in plan.agencies:
            if ag.id == found.id:
                return ag
    return None


def plan_agencies(
    text: str, body_start: int, matcher: AgencyMatcher, issuer: Agency | None,
    doers: Iterable[Agency], named: set[str],
) -> list[Agency]:
    """The agencies a plan names: its issuer, every agency its body mentions by name
    (from ``body_start``), every doer of a task, the parent body of each office-holder,
    and the agencies whose ids ``named`` holds (issuers of citations, recipients,
    reporters) wherever the text mentions them. In order of first appearance."""
    found: dict[str, Agency] = {}
    if issuer is not None:
        found[issuer.id] = issuer
    for m in matcher.find(text, body_start):
        if not m.generic:
            found.setdefault(m.agency.id, m.agency)
    for ag in doers:
        found.setdefault(ag.id, ag)
    for ag in list(found.values()):  # an office-holder's body is listed with it
        parent = matcher.parent_of(ag)
        if parent is not None:
            found.setdefault(parent.id, parent)
    missing = named - set(found)
    if missing:
        for m in matcher.find(text):
            if m.agency.id in missing:
                found.setdefault(m.agency.id, m.agency)
    return list(found.values())


# the model finds agencies by the names this stage reads (the model imports no stage)
use_agency_lookup(_lookup)
