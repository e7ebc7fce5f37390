"""Equivalent inputs give the same plan: NFC/NFD, tone-mark styles, line endings, BOM,
UTF-16, hard-wrapped lines. Only offsets differ (they point into each original)."""

from __future__ import annotations

import codecs
import re
import textwrap
import unicodedata
from typing import Any

import pytest

import ttdn_graph
from ttdn_graph import Plan, datasets

_SPAN_KEYS = {"span", "evidence", "text_span", "lines"}  # coverage lines are positions too


def comparable(plan: Plan) -> Any:
    """The plan's JSON data without offsets, the original text and the source."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _SPAN_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = plan.model_dump(mode="json", exclude={"text", "source"})
    return strip(data)


_TONED = {unicodedata.normalize("NFC", v + t): (v, t) for v in "oOuU" for t in "\u0300\u0301\u0303\u0309\u0323"}


def new_style(text: str) -> str:
    """Write tone marks the other way: "hòa" -> "hoà", "thủy" -> "thuỷ", "Ủy" -> "Uỷ"."""
    def move(m: re.Match[str]) -> str:
        base, tone = _TONED[m.group(1)]
        return base + unicodedata.normalize("NFC", m.group(2) + tone)

    return re.sub(r"(?<![qQ])([òóỏõọÒÓỎÕỌ])([aeAE])(?!\w)|(?<![qQ])([ùúủũụÙÚỦŨỤ])([yY])(?!\w)",
                  lambda m: move(m) if m.group(1) else (lambda b, t: b + unicodedata.normalize(
                      "NFC", m.group(4) + t))(*_TONED[m.group(3)]), text)


def hard_wrapped(text: str, width: int = 72) -> str:
    return "\n".join("\n".join(textwrap.wrap(line, width)) if line.strip() else ""
                     for line in text.split("\n"))


SEED = datasets.hung_yen_2022_text()

VARIANTS = {
    "NFD": lambda: unicodedata.normalize("NFD", SEED).encode(),
    "new tone marks": lambda: new_style(SEED).encode(),
    "CRLF": lambda: SEED.replace("\n", "\r\n").encode(),
    "BOM": lambda: codecs.BOM_UTF8 + SEED.encode(),
    "UTF-16": lambda: SEED.encode("utf-16"),
    "hard-wrapped at 72": lambda: hard_wrapped(SEED).encode(),
    "NFD + CRLF + new tone marks": lambda: unicodedata.normalize(
        "NFD", new_style(SEED)).replace("\n", "\r\n").encode(),
}


def test_new_style_helper_really_changes_the_text() -> None:
    changed = new_style(SEED)
    assert changed != SEED
    assert "Uỷ ban nhân dân" in changed and "hoà" in changed


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_same_plan(seed: Plan, variant: str) -> None:
    data = VARIANTS[variant]()
    assert data != SEED.encode()
    plan = ttdn_graph.parse(data)
    assert comparable(plan) == comparable(seed)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_offsets_point_into_each_original(variant: str) -> None:
    data = VARIANTS[variant]()
    plan = ttdn_graph.parse(data)
    original = plan.text
    for a in plan.assignments:
        quote = original[a.evidence.start : a.evidence.end]
        assert ttdn_graph.normalize.normalize(quote).text.replace("\n", " ").split() == a.quote.split()
