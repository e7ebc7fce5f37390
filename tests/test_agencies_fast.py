"""The agency matcher's shortcuts find what the rules as first written find (generated
text; each shortcut is a condition checked before a rule, or a rule read another way)."""

from __future__ import annotations

import random
import re

import pytest

from ttdn_graph import agencies, nametrie
from ttdn_graph.agencies import (
    _SHARED_LIST,
    _SHARED_TITLE,
    _first_chars,
    _grammar,
    _load,
    _may_end_with_title,
    _names,
    _person,
    gazetteer,
)
from ttdn_graph.nametrie import NameTrie, _factored, heads_pattern, plain_text


def test_a_title_is_searched_for_only_where_the_look_up_lets_it_be_found() -> None:
    """Wherever the office pattern finds a title before a name, the look-up of the
    window's last word lets it be searched for: on generated windows of titles,
    honorifics, their words in any case, blanks and other marks."""
    g = _grammar()
    offices = _load("gazetteer.json")["office_titles"]
    phrases = [*offices["titles"], *offices["honorifics"]]
    words = sorted({w for p in phrases for w in p.split()})
    # (the letters the engine equates with "i" and "s" beyond lower case, in their words)
    words += [w.replace("i", "ı").replace("s", "ſ") for w in words if "i" in w or "s" in w]
    pieces = [*phrases, *(p.upper() for p in phrases), *words, *(w.lower() for w in words),
              "x", "Sở", "ı", "ſ", "İ", "1", "_", " ", " ", "  ", "\n", "\t", "\xa0", ",", ".", "/", "(", "-"]
    rng = random.Random(17)
    found = 0
    for _ in range(20000):
        window = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.7:
            window += rng.choice([" ", "  ", "\n", "\t ", "\xa0"])
        hit = g.office.search(window) is not None
        found += hit
        if hit:
            assert _may_end_with_title(window, g, plain_text(window)), window
    assert found > 2000  # many windows hold a title (and many of those odd letters)


def test_the_letters_of_titles_match_no_other_letters_than_their_lower_case_says() -> None:
    """Ignoring case, the engine matches a letter of a title only with letters whose
    lower case is that letter's, or with a letter :func:`plain_text` looks for (checked
    against every code point): so a window's last word in lower case tells the titles
    that may end there."""
    offices = _load("gazetteer.json")["office_titles"]
    letters = {c for t in offices["titles"] for c in t if not c.isspace()}
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in letters:
        for c in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert c.isalpha() and (c.lower() == letter.lower() or not plain_text(c)), (letter, c)


def _heads_as_first_written(shared: NameTrie, alone: frozenset[str]) -> str:
    """The heads' pattern (case counts) with a word end after each second word."""
    ends: dict[str, str] = {}
    for head, node in shared.root.items():
        if head in alone or node.ends or not node.next:
            ends[head] = r"(?!\w)"
        else:
            ends[head] = r"(?=\W+" + _factored(dict.fromkeys(node.next, r"(?!\w)")) + ")"
    for head in alone:
        ends[head] = r"(?!\w)"
    return _factored(ends, after_first=r"(?<!\w.)")


def test_the_heads_pattern_with_one_word_end_finds_what_it_found_with_one_word_end_each() -> None:
    """The heads' pattern, its second words followed by one word end, finds and matches
    where it did with a word end after each second word: on generated text of head
    words, second words (also cut short and run on: "ch", "chính", "chínhx"), blanks
    and marks, from every position."""
    shared, names = _names(gazetteer())
    alone = frozenset(alias.split()[0].lower() for _, alias, _ in names if "{province}" in alias)
    pattern = re.compile(heads_pattern(shared, alone))
    first_written = re.compile(_heads_as_first_written(shared, alone))
    assert pattern.pattern != first_written.pattern
    seconds = sorted({w for node in shared.root.values() for w in node.next})
    pairs = [f"{head} {w}" for head, node in shared.root.items() for w in node.next]
    pieces = [*shared.root, *seconds, *(w[:-1] for w in seconds if len(w) > 1), *(w + "x" for w in seconds[:30]),
              *pairs, "a", "1", "_", "đ"]
    rng = random.Random(17)
    found = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", " ", "\n", ", "]) for _ in range(rng.randint(0, 25)))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in first_written.finditer(text)]
        found += len(first_written.findall(text))
        for pos in range(len(text) + 1):
            got, expected = pattern.match(text, pos), first_written.match(text, pos)
            assert (got and got.span()) == (expected and expected.span()), (text, pos)
    assert found > 300  # heads before a second word of their names, and alone


def test_a_shared_title_is_found_only_where_its_list_is() -> None:
    """Every text where the shared title's pattern finds one ("Giám đốc các sở: ...")
    holds what the look-up before it looks for ("các sở:"): on generated text of its
    words in both cases, blanks and marks."""
    pieces = ["Giám", "đốc", "Thủ", "trưởng", "Lãnh", "đạo", "Giám đốc", "Thủ trưởng", "Lãnh đạo", "các", "Các",
              "sở", "Sở", "bộ", "Bộ", "các sở", "các Bộ", "x", "G", "T", "L"]
    blanks = ["", " ", " ", " ", "  ", "\n", "\t", ":", " :", ", "]
    rng = random.Random(17)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) + rng.choice(blanks) for _ in range(rng.randint(0, 8)))
        if _SHARED_TITLE.search(text):
            found += 1
            assert _SHARED_LIST.search(text), text
    assert found > 100


def test_people_are_found_as_the_pattern_first_written_finds_them() -> None:
    """The person pattern whose honorifics check a word's start after their first letter
    finds what it found with a look-ahead for their first letters and the word's start
    before them: on generated text of honorifics, names, posts, blanks and marks."""
    offices = _load("gazetteer.json")["office_titles"]
    person = _person()
    honor = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(offices["honorifics"], key=len, reverse=True))
    rest = person.pattern[person.pattern.index("(?P<who>"):]
    first_written = re.compile(_first_chars(offices["honorifics"]) + rf"(?<!\w)(?:(?:{honor})\.?\s+)" + rest)
    assert first_written.pattern != person.pattern
    honorifics = [*offices["honorifics"], "Ông.", "xÔng", "đ/c", "Đ", "x"]
    names = ["Nguyễn Văn A", "Bình", "Lê Thị Hoa Mai Lan Anh", "nguyễn Văn", "Trần  Bình", "1"]
    posts = [*offices["person_posts"], "x", "thư ký"]
    rng = random.Random(17)
    found = 0
    for _ in range(5000):
        entries = [rng.choice(honorifics) + rng.choice([" ", "", "  ", "\n", ". "]) + rng.choice(names)
                   + rng.choice([" - ", ", ", "-", " ", ""]) + rng.choice(posts)
                   + rng.choice(["", " thường trực", " x y z", " X"]) + rng.choice([":", ";", ".", "", " x", "\n", "("])
                   for _ in range(rng.randint(1, 3))]
        text = rng.choice(["", " ", "x"]).join(entries)
        expected = [(m.span(), m.groups()) for m in first_written.finditer(text)]
        assert [(m.span(), m.groups()) for m in person.finditer(text)] == expected, text
        found += len(expected)
    assert found > 100


def _atoms_as_first_written(literal: str) -> tuple[tuple[bool, str], ...]:
    return tuple((True, chunk.lower()) if nametrie._RUN.fullmatch(chunk) else (False, re.escape(chunk))
                 for chunk in nametrie._WORD_CHARS.findall(literal))


def _word_ways_as_first_written(bare: str) -> tuple[tuple[tuple[bool, str], ...], ...]:
    return (tuple(p for j, part in enumerate(bare.split("-"))
                  for p in ((False, r"(?:\s*-\s*)"),) * bool(j) + _atoms_as_first_written(part)),)


def test_a_name_s_words_are_cut_as_first_written() -> None:
    """A word of a name read whole when it is all letters and digits (``str.isalnum``)
    is cut as the word and mark patterns cut it, and so are its ways: on generated
    words of letters, digits, marks and dashes; ``str.isalnum`` is the engine's ``\\w``
    but "_" (checked against every code point)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\w", every) == [c for c in every if c.isalnum() or c == "_"]
    pieces = ["Văn", "hóa", "TT", "tt", "&", "-", " - ", "_", "1", ".", "/", "Đ", "x2", "İ", "ǅ", "Ⅻ", "½", "²", ","]
    rng = random.Random(17)
    for _ in range(5000):
        word = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        assert nametrie._atoms.__wrapped__(word) == _atoms_as_first_written(word), word
        if word not in ("tỉnh", "{province}"):
            assert nametrie._word_ways.__wrapped__(word, False, None) == _word_ways_as_first_written(word), word


def test_a_head_that_needs_a_capital_after_it_is_read_on_only_where_one_follows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Names read by their shape, and where each head's name ends, are what the walk
    over the words ahead gives without first asking whether blanks and a capital follow
    a head that needs one: on generated text of heads, words in both cases, blanks,
    joiners, digits, other marks and capitals that are no word characters, read from
    every position; and the look-up turns many of those places away."""
    g = _grammar()
    heads = _load("gazetteer.json")["name_heads"]
    pieces = [*heads["next"][:12], *heads["any"][:4], "Văn hóa", "văn", "hóa", "Y", "tế", "và", "chủ trì", "12",
              "Ⓐ", "ǅ", "_", "x", "Đ"]
    joins = ["", " ", " ", " ", "  ", "\t", " \t", "\n", ", ", " - ", "/", "&", ":", "(", "\xa0"]
    rng = random.Random(17)
    texts = ["".join(rng.choice(pieces) + rng.choice(joins) for _ in range(rng.randint(0, 12))) for _ in range(1500)]

    def read(text: str) -> tuple[list[tuple[int, int]], list[int | None]]:
        ends = [agencies._extend(text, pos, end, False, g, "Sở")
                for pos in range(len(text) + 1) for end in (len(text), min(len(text), pos + 3))]
        return agencies.shape_names(text), ends

    got = [read(t) for t in texts]
    turned_away = sum(not agencies._capital_ahead(t, pos, len(t)) for t in texts for pos in range(len(t) + 1))
    monkeypatch.setattr(agencies, "_capital_ahead", lambda text, pos, end: True)  # the walk alone
    assert got == [read(t) for t in texts]
    assert sum(len(names) for names, _ in got) > 1000 and turned_away > 10000


def test_the_person_pattern_is_compiled_only_for_a_text_with_an_honorific() -> None:
    """A text that holds no honorific is read without the person pattern (compiled the
    first time a text holds one); one that does finds its person."""
    from ttdn_graph.agencies import AgencyMatcher

    matcher = AgencyMatcher.for_province("Hưng Yên")
    _person.cache_clear()
    assert matcher.find("Giám đốc Sở Y tế chủ trì, phối hợp với Sở Tài chính tỉnh Hưng Yên.")
    assert _person.cache_info().currsize == 0
    found = matcher.find("Thành phần: Ông Nguyễn Văn An - Trưởng đoàn;")
    assert _person.cache_info().currsize == 1
    assert [m.agency.kind for m in found] == ["person"]
