"""What a process builds once, in its first parse (the name trie's ways, the grammar's
patterns), built by shortcuts: each against the rule as first written, on the
gazetteer's own data and on generated data."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from ttdn_graph import header, nametrie
from ttdn_graph.agencies import AgencyMatcher, _gazetteer_data, _trie, gazetteer, provinces
from ttdn_graph.patterns import DOC_TYPES

# --- a name's ways ----------------------------------------------------------------------------

_NAMES = sorted({(a, e.level == "province") for e in gazetteer() for a in (e.name, *e.aliases)})
_NAME_WORDS = ["Sở", "sở", "Văn", "hóa,", "Thể", "thao,", "và", "Và", "tỉnh", "Tỉnh", "TP", "LĐ-TB&XH", "TT&TT",
               "HĐND", "1", "x2", ",", ",,", "a,b", "{province}", "Ban", "Dân", "vận", "-", "Đ/c", "Ủy", "ban"]


def _specs_without_shortcut(alias: str, provincial: bool, places: tuple[str, ...] | None,
                            monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(nametrie, "_simple_ways", lambda words, provincial, places: None)
        return nametrie.name_specs(alias, provincial, places)


def test_a_name_of_one_way_is_read_as_its_words_and_separators_give_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ways of every name of the gazetteer and of generated names (plain words,
    commas, "và" inside and at either end, province words, dashes and "&" inside words,
    "{province}"), with a province and without: those the ways of each word and their
    product give."""
    rng = random.Random(25)
    names = list(_NAMES)
    for _ in range(3000):
        names.append((" ".join(rng.choice(_NAME_WORDS) for _ in range(rng.randint(0, 7))), rng.random() < 0.5))
    shortcut = 0
    for alias, provincial in names:
        for places in (None, (), ("Hưng Yên", "HY"), ("Hồ Chí Minh", "TP HCM", "HCM"), ("Bà Rịa - Vũng Tàu", "BR-VT")):
            expected = _specs_without_shortcut(alias, provincial, places, monkeypatch)
            assert nametrie.name_specs(alias, provincial, places) == expected, (alias, provincial, places)
        shortcut += nametrie._simple_ways(alias.split(), provincial, ("Hưng Yên",)) is not None
    assert shortcut > 500  # (the shortcut was taken, and not always)
    assert shortcut < len(names) - 500


# --- the grammar's factored phrases -------------------------------------------------------------

def _trie_as_first_written(words: list[str], blank: str = r"\s+", after_first: str = "") -> str:
    """:func:`agencies._trie` as first written: a trie of the phrases' characters, each
    node visited."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in " ".join(w.split()):
            node = node.setdefault(ch, {})
        node[""] = {}  # the end of a phrase

    def build(node: dict[str, Any], after: str = "") -> str:
        ends = "" in node
        branches = [(blank if ch == " " else re.escape(ch)) + after + build(sub)
                    for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(tree, after_first) + ")"


def test_factored_phrases_are_the_pattern_of_the_trie_of_their_characters() -> None:
    """The pattern of the grammar's head phrases, the honorifics, the document types and
    generated phrases (phrases that begin others, repeated, blank or empty; spaces,
    backslashes and other characters the engine escapes) is, character for character,
    that of the trie of their characters."""
    data = _gazetteer_data()
    heads = data["name_heads"]
    cases: list[tuple[list[str], str, str]] = [
        ([h for key in ("next", "any", "through_of", "to_line_end", "business") for h in heads[key]],
         r"\s+", r"(?<!\w.)"),
        (data["office_titles"]["honorifics"], r"\s+", r"(?<!\w.)"),
        (list(DOC_TYPES), " ", ""),
    ]
    rng = random.Random(25)
    for _ in range(5000):
        phrases = ["".join(rng.choice("ab c\\.ế \t") for _ in range(rng.randint(0, 6)))
                   for _ in range(rng.randint(0, 9))]
        cases.append((phrases, rng.choice([r"\s+", " ", "_"]), rng.choice(["", "(?<!\\w.)"])))
    for words, blank, after in cases:
        assert _trie(words, blank, after) == _trie_as_first_written(words, blank, after), (words, blank, after)


# --- a matcher's look-up of a body by its id ----------------------------------------------------

def test_a_body_is_found_by_its_id_as_the_table_of_every_id_finds_it() -> None:
    """For every province and none: every body's id here, its id in another province,
    its bare key and near misses give the key the table of every id (as first written,
    built for each matcher) gives."""
    entries = gazetteer()
    keys = [e.key for e in entries]
    assert not any("/" in key for key in keys)  # (the ids of two bodies are never one)
    for province in (None, *provinces().values()):
        matcher = AgencyMatcher(province)
        prefix = f"{province.slug}/" if province else ""
        table: dict[str, str] = {}
        for e in entries:
            if province is not None or "{province}" not in e.name:
                table.setdefault(e.key if e.level == "central" else prefix + e.key, e.key)
        ids = [*keys, *(prefix + k for k in keys), *(f"lao-cai/{k}" for k in keys), *(k + "x" for k in keys),
               "", "/", prefix, "x/" + keys[0]]
        assert [matcher._key_of_id(i) for i in ids] == [table.get(i) for i in ids], province


# --- the header's place -------------------------------------------------------------------

def test_a_place_never_holds_a_number_label() -> None:
    """The place before a header's date holds no colon, so never a number's label ("Số:
    12/KH-UBND"): nothing is cut from it (a cut of "Số: ... " before the place, compiled
    in each process's first parse, never cut anything and is gone). On header lines of
    labels, numbers, places, tabs and marks before the date."""
    pieces = ["Số:", "Số", "SỐ:", "số :", "12/KH-UBND", "Quảng Ninh", "Hưng Yên", "TP. Hồ Chí Minh", ":", " ", "  ",
              "\t", "-", "|", "x"]
    rng = random.Random(25)
    seen = 0
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) + ", ngày 03 tháng 02 năm 2023"
        m = header._search_place_date(line)
        place = m and (m.group("place") or m.group("place2"))
        assert not place or ":" not in place, line
        seen += bool(place) and "Số:" in line
    assert seen > 100  # (places after a label)
