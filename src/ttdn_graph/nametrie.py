r"""Gazetteer names in a word trie, read from a head word by walking the text's words.

The agency matcher (:mod:`ttdn_graph.agencies`) once compiled, for each head word, one
regular expression of all its names (alternations of hundreds of names, compiled the
first time a process met each head: most of a first parse's cost of names). This module
keeps the same names as words in a trie and matches them by reading the words of the
text after a head word, so there is nothing big to compile: the trie of the names that
leave the province out is built once per process, and a matcher adds only the few names
that hold the province's name ("Báo {province}").

The rules are those of the patterns the names were compiled to, kept exactly
(``tests/test_nametrie.py`` compares both on generated text and every plan at hand):

- a name (a gazetteer entry's name or alias) is split into words at blanks; a comma at
  either end of a word is dropped ("Văn hóa, Thể thao": the comma is a separator);
- between two words stands a separator: a run of blanks, or one comma or dash with any
  blanks around it (``SEP``); blanks include line breaks;
- "và" between two words of a name may be left out ("Sở Văn hóa, Thể thao, Du lịch");
  the way with it is tried first;
- in a provincial name the word "tỉnh" stands for the province word: "tỉnh", "thành
  phố" (blanks between) or "TP" with an optional dot, tried in that order;
- "{province}" stands for the province's names (name, then aliases, words joined by
  blanks), tried in order; without a province such a name has no pattern;
- a dash inside a word may have blanks around it ("LĐ - TB&XH"); other characters of a
  word ("&", "/", ",", ".") are themselves;
- letters are compared ignoring case as the regular expression engine does (each
  letter's simple lower case; a few letters, such as the dotless "ı" or the long "ſ",
  equal others: a text with one is compared letter by letter through the engine);
- a name ends where a word ends (no letter or digit right after it);
- of the names that match at a place, the first in the gazetteer's order of names
  sorted longest first (the length of the name as the gazetteer writes it; a stable
  sort) wins; of one name's ways (with "và" or without, "tỉnh" or "thành phố", the
  province's names), the first in the order above.

How the trie reads them: the text's words here are its runs of word characters (``\w+``).
Every piece of a name that is not a word character lies between two of its words (a
name opens with a word), so a name is a list of words and, between two of them, the
pattern its gap must match whole (``SEP``, blanks, ``\s*-\s*``, "&" ...); a name
matches where the text's words from the head on are its words (compared ignoring case)
and every gap between them matches its pattern. A gap pattern never matches an empty
gap, so two of a name's words are never one run of the text. After a name's last word
its pattern may ask for more (the optional dot of "TP."), matched in place.

Where the walks start: one pattern finds the head words (:func:`heads_pattern`), each
followed by one of its names' second words where no name is the head alone (most head
words, such as "các", open no name). A provincial name's province tail (" tỉnh Hưng
Yên") is read after the name by two small tries of the province (:func:`tail_tries`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["SEP", "NameSpec", "NameTrie", "Node", "heads_pattern", "match", "match_after", "name_specs", "plain_text",
           "tail_tries"]

# between two words of a name: a blank run, or a comma or dash with blanks around it
SEP = r"(?-i:\s*[,\-]\s*|\s+)"
_BLANKS = r"\s+"
_RUN = re.compile(r"\w+")
_ONE_SPACE = frozenset({SEP, _BLANKS})  # (the patterns a single space fits)
_WORD_CHARS = re.compile(r"\w+|\W+")

# The letters of a text that the regular expression engine, ignoring case, takes for a
# letter of a name although their lower cases differ: the dotless "ı" ("i") and the long
# "ſ" ("s"); and "İ", whose lower case is two characters. A text holding one is compared
# through the engine. (Other letters the engine equates beyond lower case are Greek or
# Cyrillic, never in a name, as is "Σ", whose lower case depends on the letters around
# it: ``tests/test_nametrie.py`` checks every character against the letters of the names
# and the provinces.)
_ENGINE_CASES = frozenset("İıſ")


def plain_text(text: str) -> bool:
    """Whether ``text`` can be compared with the names through its lower case: it holds
    none of the letters the engine equates with others beyond lower case, and its lower
    case has its length (so offsets into one are offsets into the other)."""
    return not any(c in text for c in _ENGINE_CASES)  # (three searches, not a set of the text)


class NameSpec(NamedTuple):
    """One way through one name: its words (lower case), the pattern of each gap before
    its second, third ... word, and the pattern after its last word (``""``: none).
    (A named tuple: made in C, where a frozen dataclass sets each field through
    ``object.__setattr__``; 452 are made once a process.)"""

    words: tuple[str, ...]
    gaps: tuple[str, ...]
    after: str


# a piece of a name's way: a word in lower case (``True``), or a pattern (``False``)
_Piece = tuple[bool, str]


@cache
def _atoms(literal: str) -> tuple[_Piece, ...]:
    """A name's literal text as its words and the patterns of what stands between them."""
    if literal.isalnum():  # (most: one word; str.isalnum is what the engine's \w is)
        return ((True, literal.lower()),)
    return tuple((True, chunk.lower()) if _RUN.fullmatch(chunk) else (False, re.escape(chunk))
                 for chunk in _WORD_CHARS.findall(literal))


@cache
def _word_ways(bare: str, provincial: bool, province_names: tuple[str, ...] | None,
               ) -> tuple[tuple[_Piece, ...], ...] | None:
    """The ways one word of a name (its commas dropped) may be written, in the order
    they are tried; ``None`` for "{province}" when there is no province."""
    if provincial and bare == "tỉnh":
        return ((True, "tỉnh"),), ((True, "thành"), (False, _BLANKS), (True, "phố")), ((True, "tp"), (False, r"(?:\.?)"))
    if bare == "{province}":
        if not province_names:
            return None
        return tuple(tuple(p for j, w in enumerate(name.split()) for p in ((False, _BLANKS),) * bool(j) + _atoms(w))
                     for name in province_names)
    # a dash may have blanks around it
    if "-" not in bare:
        return (_atoms(bare),)
    return (tuple(p for j, part in enumerate(bare.split("-"))
                  for p in ((False, r"(?:\s*-\s*)"),) * bool(j) + _atoms(part)),)


def name_specs(alias: str, provincial: bool, province_names: tuple[str, ...] | None = None,
               ) -> list[NameSpec] | None:
    """The ways through a name, in the order they are tried (see the module's rules);
    ``None`` for a name that needs a province when there is none. A way whose text does
    not open with a word is left out (no head word opens it: it is never tried)."""
    words = alias.split()
    simple = _simple_ways(words, provincial, province_names)
    if simple is not None:
        return simple
    choices: list[tuple[tuple[_Piece, ...], ...]] = []  # the ways of each word, a separator after it
    for i, word in enumerate(words):
        bare = word.strip(",")
        sep: tuple[_Piece, ...] = ((False, SEP),) if i < len(words) - 1 else ()
        if bare.lower() == "và" and 0 < i < len(words) - 1:
            # (the separator before it stands either way; the one after it only with it)
            choices.append((((True, "và"), *sep), ()))
            continue
        ways = _word_ways(bare, provincial, province_names)
        if ways is None:
            return None
        choices.append(tuple(way + sep for way in ways))
    out = []
    for ways in itertools.product(*choices):
        spec = _spec(itertools.chain.from_iterable(ways))
        if spec is not None:
            out.append(spec)
    return out


# one way through one word of a name: its words (lower case), the gaps between them, and
# the pattern after its last word
_Way = tuple[tuple[str, ...], tuple[str, ...], str]
_PROVINCE_WORD_WAYS: tuple[_Way, ...] = ((("tỉnh",), (), ""), (("thành", "phố"), (_BLANKS,), ""),
                                         (("tp",), (), r"(?:\.?)"))


def _simple_ways(words: list[str], provincial: bool, province_names: tuple[str, ...] | None,
                 ) -> list[NameSpec] | None:
    """:func:`name_specs` of a name (split at blanks) whose words, their commas at either
    end dropped, and the province's names are runs of word characters, or ``None``
    (another name, or "{province}" without a province).

    (260 of the gazetteer's 292 names, and the names that hold the province's name of
    each matcher: their ways are read from the ways of each word, as the pieces of
    :func:`_word_ways` would give them, without building those pieces and reading them
    back; every name's ways are built in a process's first parse, and a matcher builds
    its province's.)"""
    if not words:
        return None
    last = len(words) - 1
    choices: list[tuple[_Way | None, ...]] = []  # (None: "và" left out)
    for i, word in enumerate(words):
        bare = word.strip(",")
        if bare == "{province}":
            if not province_names:
                return None
            ways: list[_Way] = []
            for name in province_names:
                parts = name.split()
                if not parts or not all(part.isalnum() for part in parts):
                    return None
                ways.append((tuple(part.lower() for part in parts), (_BLANKS,) * (len(parts) - 1), ""))
            choices.append(tuple(ways))
        elif not bare.isalnum():
            return None
        elif 0 < i < last and bare.lower() == "và":
            choices.append(((("và",), (), ""), None))
        elif provincial and bare == "tỉnh":
            choices.append(_PROVINCE_WORD_WAYS)
        else:
            choices.append((((bare.lower(),), (), ""),))
    out = []
    for combination in itertools.product(*choices):
        names: list[str] = []
        gaps: list[str] = []
        after = ""
        for way in combination:
            if way is None:
                continue
            if names:  # (what follows the word before, then the separator)
                gaps.append(after + SEP)
            names += way[0]
            gaps += way[1]
            after = way[2]
        out.append(NameSpec(tuple(names), tuple(gaps), after))
    return out


def _spec(pieces: Iterable[_Piece]) -> NameSpec | None:
    """One way through a name from its pieces; ``None`` when it does not open with a word."""
    names: list[str] = []
    gaps: list[str] = []
    pending: list[str] = []  # the pattern since the last word
    for is_word, value in pieces:
        if not is_word:
            pending.append(value)
            continue
        if names:
            gaps.append("".join(pending))
        elif pending:
            return None
        names.append(value)
        pending = []
    return NameSpec(tuple(names), tuple(gaps), "".join(pending)) if names else None


def tail_tries(province_names: tuple[str, ...]) -> dict[str, NameTrie]:
    r"""The province tails a provincial name may have, as tries read after a run of
    blanks (:func:`match_after`): ``"name"``, one of the province's names (" Hưng Yên"),
    and ``"place"``, the province word and, if it follows, one of the names (" tỉnh Hưng
    Yên", " tỉnh"); the patterns ``\s+(?:N)(?!\w)`` and ``\s+(?:tỉnh|thành\s+phố|TP\.?)
    (?:\s+(?:N))?(?!\w)`` of the names ``N``. Their ways are ranked in those patterns'
    order: each province word with each name, then alone; a province word's ways
    exclude one another (each opens with its own word), and "TP" with its dot or
    without is the one way the gap or the end after it decides."""
    names = _word_ways("{province}", False, province_names) or ()
    alone = NameTrie()
    for order, name in enumerate(names):
        alone.add(order, [s for s in [_spec(name)] if s])
    place = NameTrie()
    order = 0
    for word in _word_ways("tỉnh", True, None) or ():
        for name in names:
            place.add(order, [s for s in [_spec((*word, (False, _BLANKS), *name))] if s])
            order += 1
        place.add(order, [s for s in [_spec(word)] if s])
        order += 1
    return {"name": alone, "place": place}


def match_after(trie: NameTrie, text: str, lowered: str | None, end: int) -> int | None:
    """The end of the name of ``trie`` after a run of blanks at ``end`` (see
    :func:`match`), or ``None``."""
    run = _RUN.search(text, end)
    if run is None or not text[end : run.start()].isspace():
        return None
    start, stop = run.span()
    if lowered is not None:
        nodes = [n for n in [trie.root.get(lowered[start:stop])] if n is not None]
    else:
        nodes = [n for w, n in trie.root.items() if _same_word(w).fullmatch(text, start, stop)]
    hit = match(nodes, text, lowered, stop) if nodes else None
    return None if hit is None else hit[1]


@dataclass(slots=True)
class Node:
    """A place in the trie: the names' next words (each with the patterns of the gaps
    before it, and the node it leads to), and the names that end here. (With slots: no
    dict of attributes for each of the shared trie's 1,100 nodes, made in a process's
    first parse.)"""

    next: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    ends: list[tuple[int, int, str]] = field(default_factory=list)  # (name, way, after)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _gap_fits(pattern: str, gap: str) -> bool:
    """Whether ``gap`` (the text between two words) matches ``pattern`` whole; the two
    patterns nearly every gap has are read without the engine."""
    if pattern == SEP:
        return gap.isspace() or gap.strip() in (",", "-")
    if pattern == _BLANKS:
        return gap.isspace()
    return _compiled(f"(?:{pattern})").fullmatch(gap) is not None


@cache
def _same_word(word: str) -> re.Pattern[str]:
    """A name's word as the engine compares it, ignoring case (for texts that are not
    :func:`plain_text`)."""
    return re.compile(re.escape(word), re.IGNORECASE)


class NameTrie:
    """Names in a trie of their words, the first word (the head) at the root."""

    def __init__(self) -> None:
        self.root: dict[str, Node] = {}

    def add(self, order: int, specs: list[NameSpec]) -> None:
        """Adds the ways through the name of rank ``order`` (lower ranks win)."""
        # (built for every name once a process: a node is made only where none is, and
        # the ends, added in rank order by the matchers, are sorted only when they are not)
        for way, spec in enumerate(specs):
            node = self.root.get(spec.words[0])
            if node is None:
                node = self.root[spec.words[0]] = Node()
            for gap, word in zip(spec.gaps, spec.words[1:], strict=True):
                edges = node.next.get(word)
                if edges is None:
                    edges = node.next[word] = []
                for edge_gap, edge_child in edges:
                    if edge_gap == gap:
                        child = edge_child
                        break
                else:
                    child = Node()
                    edges.append((gap, child))
                node = child
            ends = node.ends
            ends.append((order, way, spec.after))
            if len(ends) > 1 and ends[-2] > ends[-1]:
                ends.sort()


def heads_pattern(shared: NameTrie, alone: frozenset[str], ignore_case: bool = False) -> str:
    """The pattern of the places where the names of ``shared`` and of the heads
    ``alone`` may match: a head word followed, when none of its names is that word alone,
    by one of its names' second words (the scan tries no place where no name can match;
    most head words, such as "các", open none). The heads ``alone`` (those of the names
    that hold the province's name, in another trie) are looked for alone.

    Where case counts, the pattern opens with the heads' first letters (a word's start is
    checked after the first letter: "(?<!\\w.)" there is "(?<!\\w)" before it), so that the
    engine's search skips at once to where one stands; a pattern that ignores case
    gets no such skip from its first letters (the search is then 2x as slow) and keeps
    a look-ahead for them."""
    ends: dict[str, str] = {}
    for head, node in shared.root.items():
        if head in alone or node.ends or not node.next:
            ends[head] = r"(?!\w)"
        else:  # (every gap of a name is a run of characters that are not word characters)
            # (one word end after the second words, not one after each: inside a
            # look-ahead the engine tries the words until one is followed by an end, as
            # it would try each word with its own; the pattern compiles 1/4 faster)
            ends[head] = r"(?=\W+(?:" + _factored(dict.fromkeys(node.next, "")) + r")(?!\w))"
    for head in alone:
        ends[head] = r"(?!\w)"
    if not ignore_case:
        return _factored(ends, after_first=r"(?<!\w.)")
    first = "".join(sorted({h[0] for h in ends}))
    return f"(?=[{re.escape(first)}])(?<!\\w){_factored(ends)}"


def _factored(words: dict[str, str], after_first: str = "") -> str:
    """One pattern for many words, each followed by its own pattern (``words``),
    factored on their common beginnings: the engine tries each letter once, not each
    word. Where a word begins another, the longer is tried first. ``after_first``
    follows the first letter of each word."""
    tree: dict[str, Any] = {}
    for word, after in words.items():
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = after

    def build(node: dict[str, Any], after: str = "") -> str:
        branches = [re.escape(ch) + after + build(sub) for ch, sub in sorted(node.items()) if ch]
        if "" in node:
            branches.append(node[""])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(tree, after_first)


def match(roots: Sequence[Node], text: str, lowered: str | None, head_end: int) -> tuple[int, int] | None:
    """The name that matches at a head word ending at ``head_end`` whose nodes (one per
    trie that has the head) are ``roots``, as ``(order, end)``, or ``None``.
    ``lowered``: the text in lower case when it is :func:`plain_text`, else ``None``
    (words are then compared through the engine).

    One walk over the text's words: the nodes reached so far (``active``), the best
    name that ended at one of them, then the next word and gap."""
    best_order = best_way = best_end = -1
    active: Sequence[Node] = roots
    end = head_end
    while True:
        more = False
        for node in active:
            if node.next:
                more = True
            for order, way, after in node.ends:
                if best_order >= 0 and (order, way) >= (best_order, best_way):
                    break
                if after:
                    tail = _compiled(rf"(?:{after})(?!\w)").match(text, end)
                    if tail is None:
                        continue
                    best_order, best_way, best_end = order, way, tail.end()
                else:
                    best_order, best_way, best_end = order, way, end
                break
        run = _RUN.search(text, end) if more else None
        if run is None:
            return None if best_order < 0 else (best_order, best_end)
        start, stop = run.span()
        gap = text[end:start]
        found: list[Node] = []
        if lowered is not None:
            word = lowered[start:stop]
            for node in active:
                for pattern, child in node.next.get(word, ()):
                    # (a single space, most gaps, fits the two patterns most gaps have)
                    if (gap == " " and pattern in _ONE_SPACE) or _gap_fits(pattern, gap):
                        found.append(child)
        else:
            for node in active:
                for w, edges in node.next.items():
                    if _same_word(w).fullmatch(text, start, stop):
                        found += [child for pattern, child in edges if _gap_fits(pattern, gap)]
        active = found
        end = stop
