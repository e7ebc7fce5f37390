"""The word trie of the gazetteer's names against the rule as first written: each name a
regular expression, a head word's names one alternation tried in order."""

from __future__ import annotations

import random
import re
import sys
from functools import cache
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from ttdn_graph import datasets
from ttdn_graph.agencies import AgencyMatcher, _names, find_province, gazetteer, provinces
from ttdn_graph.nametrie import _ENGINE_CASES, heads_pattern, match, plain_text
from ttdn_graph.normalize import normalize

# --- the rule as first written -------------------------------------------------------------

_SEP = r"(?-i:\s*[,\-]\s*|\s+)"
_PROVINCE_WORD = r"(?:tỉnh|thành\s+phố|TP\.?)"


def _alias_pattern(alias: str, province_names: list[str], provincial: bool) -> str:
    """The pattern of one name ("" for a name with the province when there is none)."""
    words = alias.split()
    parts: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(",")
        if bare.lower() == "và" and 0 < i < len(words) - 1:
            parts.append(rf"(?:và{_SEP})?")
            continue
        if provincial and bare == "tỉnh":
            tok = _PROVINCE_WORD
        elif bare == "{province}":
            if not province_names:
                return ""
            tok = "(?:" + "|".join(province_names) + ")"
        else:
            tok = re.escape(bare).replace(r"\-", "-").replace("-", r"\s*-\s*")
        parts.append(tok)
        if i < len(words) - 1 and not parts[-1].startswith("(?:và"):
            parts.append(_SEP)
    return "".join(parts)


@cache
def _reference(province: str | None) -> tuple[re.Pattern[str], dict[str, tuple[re.Pattern[str], list[int]]]]:
    """The head words and, for each, the alternation of its names (each name's group
    index mapped to its rank among all names, longest first)."""
    prov = find_province(province) if province else None
    names = [r"\s+".join(re.escape(w) for w in n.split()) for n in ((prov.name, *prov.aliases) if prov else ())]
    ranked = sorted(((alias, e.level == "province") for e in gazetteer() for alias in (e.name, *e.aliases)),
                    key=lambda n: -len(n[0]))
    by_head: dict[str, list[tuple[int, str]]] = {}
    for order, (alias, provincial) in enumerate(ranked):
        pattern = _alias_pattern(alias, names, provincial)
        if pattern:
            head = re.match(r"(?:\\.|[^\W\d_])+", pattern)
            by_head.setdefault(head.group().replace("\\", "").lower() if head else "", []).append((order, pattern))
    tables = {head: (re.compile("(?:" + "|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(items)) + r")(?!\w)",
                                re.IGNORECASE), [o for o, _ in items])
              for head, items in by_head.items()}
    heads = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(tables, key=len, reverse=True))) + r")(?!\w)",
                       re.IGNORECASE)
    return heads, tables


def _reference_hits(province: str | None, text: str) -> list[tuple[int, int, int]]:
    """(start, rank of the name, end) of the name matched at every head word."""
    heads, tables = _reference(province)
    out = []
    for word in heads.finditer(text):
        table = tables.get(word.group().lower())
        m = table[0].match(text, word.start()) if table else None
        if m is not None and m.lastgroup:
            out.append((word.start(), table[1][int(m.lastgroup[1:])], m.end()))
    return out


def _trie_hits(matcher: AgencyMatcher, text: str) -> list[tuple[int, int, int]]:
    """The same, read by the matcher's trie at the places its head pattern gives."""
    lowered = text.lower()
    plain = plain_text(text)
    out = []
    for word in matcher._head_words(text, lowered, plain):
        nodes = matcher._roots.get(text[word.start() : word.end()].lower())
        hit = match(nodes, text, lowered if plain else None, word.end()) if nodes else None
        if hit is not None:
            out.append((word.start(), *hit))
    return out


_PROVINCES = ("Hưng Yên", "Lào Cai", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu", None)


def _plans() -> list[Path]:
    here = Path(__file__).parent / "assets"
    shared = Path(__file__).parents[2] / "shared" / "corpus"
    return sorted(here.glob("*.txt")) + sorted((here / "corpus").glob("*.txt")) + sorted(shared.glob("*.txt"))


def test_the_trie_finds_what_the_names_patterns_find_in_every_plan() -> None:
    """At every head word of every plan at hand (the bundled plan, the test assets, the
    dev corpus, ``../shared/corpus`` where present), with several provinces and none:
    the same name (its rank) and the same end as the alternation of the names."""
    texts = [datasets.hung_yen_2022_text()] + [p.read_text(encoding="utf-8") for p in _plans()]
    seen = 0
    for raw in texts:
        text = normalize(raw).text
        for province in _PROVINCES:
            expected = _reference_hits(province, text)
            assert _trie_hits(AgencyMatcher.for_province(province), text) == expected, province
            seen += len(expected)
    assert seen > 10_000  # (the test looked at many names)


_WORDS = sorted({w for e in gazetteer() for a in (e.name, *e.aliases) for w in a.replace("{province}", "Hưng Yên").split()}
                | {"TP", "TP.", "thành", "phố", "tỉnh", "Tỉnh", "TỈNH", "và", "VÀ", "Hưng", "Yên", "Lào", "Cai",
                   "x", "1", "Sở", "ſở", "SỞ", "Chınh", "CHİNH", "Σ", "ς"})
_GAPS = [" ", " ", " ", " ", "  ", "\n", ", ", ",", " ,", " - ", "-", "- ", " -", ",,", ", - ", "--", ".", ". ",
         "&", "/", "\t", "\u00a0", "x", ""]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=14),
       st.sampled_from(_PROVINCES), st.sampled_from(["keep", "upper", "lower", "title"]))
def test_the_trie_finds_what_the_names_patterns_find_in_generated_text(
        parts: list[tuple[str, str]], province: str | None, case: str) -> None:
    """Text made of the names' words and of every kind of gap (blanks, commas and dashes
    in any number, dots, letters the engine equates beyond lower case): the same name
    and end at every head word as the alternation of the names."""
    text = "".join(w + g for w, g in parts)
    text = {"keep": text, "upper": text.upper(), "lower": text.lower(), "title": text.title()}[case]
    assert _trie_hits(AgencyMatcher.for_province(province), text) == _reference_hits(province, text)


def test_letters_the_engine_equates_beyond_lower_case_are_known() -> None:
    """A text without the letters of ``_ENGINE_CASES`` is compared through its lower
    case: every character the engine takes (ignoring case) for a letter of a name or a
    province is then one whose lower case is that letter, and no two letters of the
    names are one letter to the engine."""
    letters = {c.lower() for e in gazetteer() for a in (e.name, *e.aliases) for c in a if c.isalnum()}
    letters |= {c.lower() for p in provinces().values() for n in (p.name, *p.aliases) for c in n if c.isalnum()}
    letters |= set("tỉnhthànhphốtp")
    for a in letters:
        assert [b for b in letters if b != a and re.fullmatch(re.escape(b), a, re.IGNORECASE)] == []
    any_letter = re.compile("[" + re.escape("".join(sorted(letters))) + "]", re.IGNORECASE)
    odd = [c for c in map(chr, range(sys.maxunicode + 1))
           if (any_letter.fullmatch(c) is not None) != (c.lower() in letters) and c not in _ENGINE_CASES]
    assert odd == []


_PLACE_WORDS = ["Hà", "Nam", "Ninh", "Hà-Nam", "và", "Và"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PLACE_WORDS), min_size=1, max_size=3).map(" ".join),
                min_size=1, max_size=4),
       st.sampled_from(["Báo {province}", "Báo và {province}", "Báo {province} và {province}",
                        "Sở X và Và Y tỉnh", "Sở và và Y"]),
       st.lists(st.tuples(st.sampled_from(["Báo", "Sở", "X", "Y", "tỉnh", "TP", "TP.", *_PLACE_WORDS]),
                          st.sampled_from([" ", ", ", " - ", ".", "-"])), min_size=1, max_size=9))
@example(["Hà", "Hà Nam"], "Báo {province}", [("Báo", " "), ("Hà", " "), ("Nam", ".")])
@example(["Và", "Nam"], "Báo và {province}", [("Báo", " "), ("và", " "), ("Nam", ".")])
def test_of_one_names_ways_the_first_that_matches_wins(places: list[str], alias: str,
                                                       parts: list[tuple[str, str]]) -> None:
    """Where two ways through one name match at one place (province names that begin
    one another, "và" kept or left out), the first in the pattern's order wins, as in
    the name's pattern: the same end."""
    from ttdn_graph.nametrie import NameTrie, name_specs

    # (the patterns as first written left out the separator after "{province}" when the
    # province's first name began with "và", taking it for the optional "và" of a name:
    # no province is so named, and the trie keeps the separator)
    assume(not places[0].startswith("và"))
    text = "".join(w + g for w, g in parts)
    trie = NameTrie()
    trie.add(0, name_specs(alias, True, tuple(places)) or [])
    pattern = re.compile(
        "(?:" + _alias_pattern(alias, [r"\s+".join(map(re.escape, p.split())) for p in places], True) + r")(?!\w)",
        re.IGNORECASE)
    for word in re.finditer(r"\w+", text):
        nodes = trie.root.get(word.group().lower())
        hit = match((nodes,), text, text.lower(), word.end()) if nodes else None
        expected = pattern.match(text, word.start())
        assert (hit and hit[1]) == (expected and expected.end()), (text, word.start())


_TAIL_WORDS = ["tỉnh", "Tỉnh", "TỈNH", "thành", "phố", "Thành", "TP", "TP.", "tp", "Hưng", "Yên", "Hồ", "Chí", "Minh",
               "HCM", "Bà", "Rịa", "-", "Vũng", "Tàu", "Lào", "Cai", "x", "ſ"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_GAPS), st.sampled_from(_TAIL_WORDS)), min_size=1, max_size=7),
       st.sampled_from([p for p in _PROVINCES if p]))
@example([(" ", "tỉnh"), (" ", "Hưng"), ("\n", "Yên")], "Hưng Yên")
@example([(" ", "TP."), (" ", "Hồ"), (" ", "Chí"), (" ", "Minh"), ("", "x")], "Hồ Chí Minh")
def test_province_tails_read_by_tries_end_where_their_patterns_do(parts: list[tuple[str, str]],
                                                                  province: str) -> None:
    """A provincial name's province tail (" Hưng Yên", " tỉnh Hưng Yên", " TP.") read
    by its trie ends where its pattern as first written ends, at every place of text
    made of province words, province names and gaps."""
    from ttdn_graph.nametrie import match_after, tail_tries

    prov = find_province(province)
    assert prov is not None
    names = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in (prov.name, *prov.aliases))
    patterns = {"name": re.compile(rf"\s+(?:{names})(?!\w)", re.IGNORECASE),
                "place": re.compile(rf"\s+{_PROVINCE_WORD}(?:\s+(?:{names}))?(?!\w)", re.IGNORECASE)}
    tries = tail_tries((prov.name, *prov.aliases))
    text = "".join(g + w for g, w in parts)
    lowered = text.lower() if plain_text(text) else None
    for kind, pattern in patterns.items():
        for pos in range(len(text) + 1):
            expected = pattern.match(text, pos)
            assert match_after(tries[kind], text, lowered, pos) == (expected and expected.end()), (kind, text, pos)


def test_no_gap_of_a_name_may_be_empty() -> None:
    """Two words of a name are never one run of the text's word characters: every gap
    pattern between two of its words (names, provinces, tails) needs a character."""
    from ttdn_graph.nametrie import Node, name_specs, tail_tries

    province = find_province("Bà Rịa - Vũng Tàu")
    assert province is not None
    own = (province.name, *province.aliases)
    gaps = {gap for e in gazetteer() for alias in (e.name, *e.aliases)
            for spec in name_specs(alias, e.level == "province", own) or [] for gap in spec.gaps}

    def walk(node: Node) -> None:
        for edges in node.next.values():
            for gap, child in edges:
                gaps.add(gap)
                walk(child)

    for trie in tail_tries(own).values():
        for node in trie.root.values():
            walk(node)
    assert len(gaps) >= 4
    assert [g for g in gaps if re.fullmatch(g, "", re.IGNORECASE)] == []


def test_the_heads_pattern_that_skips_to_first_letters_finds_the_same_places() -> None:
    """The heads' pattern where case counts (a word's start checked after the first
    letter) finds, and matches at, the places the pattern as first written (a look-ahead
    for the first letters, then the word's start) finds: on generated lower-case text of
    head words, their second words and other marks, from every position."""
    shared, names = _names(gazetteer())
    alone = frozenset(alias.split()[0].lower() for _, alias, _ in names if "{province}" in alias)
    pattern = re.compile(heads_pattern(shared, alone))
    first_written = re.compile(heads_pattern(shared, alone, ignore_case=True))
    assert pattern.pattern != first_written.pattern
    words = sorted({*shared.root, *alone})
    pieces = [*words[:60], *(w for node in list(shared.root.values())[:20] for w in node.next), "a", "1", "_", "đ"]
    rng = random.Random(17)
    found = 0
    for _ in range(200):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n", ", "]) for _ in range(rng.randint(0, 25)))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in first_written.finditer(text)]
        found += len(first_written.findall(text))
        for pos in range(len(text) + 1):
            got, expected = pattern.match(text, pos), first_written.match(text, pos)
            assert (got and got.span()) == (expected and expected.span()), (text, pos)
    assert found > 50  # heads, alone and before a second word of their names
