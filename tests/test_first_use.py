"""What a process builds once, in its first parse (the name trie's ways), built by
shortcuts: each against the rule as first written, on the gazetteer's own data and on
generated data."""

from __future__ import annotations

import random
from typing import Any

import pytest

from ttdn_graph import nametrie
from ttdn_graph.agencies import gazetteer

# --- a name's ways ----------------------------------------------------------------------------

_NAMES = sorted({(a, e.level == "province") for e in gazetteer() for a in (e.name, *e.aliases)})
_NAME_WORDS = ["Sở", "sở", "Văn", "hóa,", "Thể", "thao,", "và", "Và", "tỉnh", "Tỉnh", "TP", "LĐ-TB&XH", "TT&TT",
               "HĐND", "1", "x2", ",", ",,", "a,b", "{province}", "Ban", "Dân", "vận", "-", "Đ/c", "Ủy", "ban"]


def _specs_without_shortcut(alias: str, provincial: bool, places: tuple[str, ...] | None,
                            monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(nametrie, "_plain_words", lambda words, provincial: None)
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
        for places in (None, ("Hưng Yên", "HY")):
            expected = _specs_without_shortcut(alias, provincial, places, monkeypatch)
            assert nametrie.name_specs(alias, provincial, places) == expected, (alias, provincial, places)
        shortcut += nametrie._plain_words(alias.split(), provincial) is not None
    assert shortcut > 500  # (the shortcut was taken, and not always)
    assert shortcut < len(names) - 500

