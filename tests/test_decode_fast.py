"""The mojibake check's shortcut (issue 17, parser throughput) finds what the rule it
stands for finds: a text it passes over without the pattern holds no match of it.
Checked on generated texts."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ttdn_graph import decode

# Vietnamese letters, and what UTF-8 read as cp1252 makes of them: the lead characters
# of the pattern, alone and before continuation characters (and before others)
_PIECES = st.lists(st.sampled_from(["Ã", "Ä", "Æ", "á", "º", "»", "\x80", "\xa9", "\xbf", "€", "™", "–", "ˆ",
                                    "a", " ", "\n", "XÃ HỘI", "Káº¿ hoáº¡ch", "Ä‘á»‘i", "thÃ´ng", "Ánh", "á»"]),
                   max_size=30).map("".join)


def _find_mojibake_as_first_written(text: str) -> str | None:
    """``find_mojibake`` as first written: the pattern asked of every text."""
    sample = text[:200_000]
    hits = decode._MOJIBAKE.findall(sample)
    if len(hits) < 3:
        return None
    m = decode._MOJIBAKE.search(sample)
    assert m is not None
    start = max(sample.rfind("\n", 0, m.start()) + 1, m.start() - 12)
    return sample[start : m.end() + 12].split("\n")[0]


@settings(max_examples=1500, deadline=None)
@given(_PIECES)
@example("XÃ HỘI Ã\x80 Ä\x80 Æ\x80")  # only capitals open it, each found after one that does not
@example("áº\x80 áº\x80 á»\x80")
def test_mojibake_is_found_as_the_pattern_finds_it(text: str) -> None:
    assert decode.find_mojibake(text) == _find_mojibake_as_first_written(text)
    assert decode._may_hold_mojibake(text) or not decode._MOJIBAKE.search(text)
