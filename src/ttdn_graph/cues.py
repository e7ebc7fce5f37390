"""The words of the rules, read from ``data/cues.json``.

Role words ("chủ trì", "phối hợp", "có trách nhiệm", "đề nghị" ...), label words, the
words of appendix table headers and of a plan's parts are data, not code: a new way of
writing a role is mostly a change to the JSON file. This module reads it once and turns
word lists into regular-expression alternations; the stages (``roles``, ``appendix``)
and the model build their patterns from it.

>>> alt(["phối hợp", "phối hợp với"])
'phối\\\\s+hợp\\\\s+với|phối\\\\s+hợp'
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["FACET", "alt", "cues", "part_words", "role_words", "table_columns"]


@cache
def cues() -> dict[str, Any]:
    """The whole of ``data/cues.json``."""
    data: dict[str, Any] = json.loads(
        resources.files("ttdn_graph").joinpath("data", "cues.json").read_text("utf-8"))
    return data


def role_words() -> dict[str, list[str]]:
    """Words that name roles and duties, by group ("lead", "support", "requests" ...)."""
    words: dict[str, list[str]] = cues()["role_words"]
    return words


def part_words() -> dict[str, list[str]]:
    """Words that name parts of a plan that assign nothing ("goals", "descriptive",
    "facets")."""
    words: dict[str, list[str]] = cues()["part_words"]
    return words


def table_columns() -> dict[str, tuple[str, ...]]:
    """The folded header words of each appendix table column ("lead", "support" ...)."""
    return {k: tuple(v) for k, v in cues()["table_columns"].items()}


def alt(words: list[str]) -> str:
    """An alternation of phrases, longest first, any run of spaces between words."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


#: a lettered item that is a facet of its task ("a) Nội dung", "b) Thời gian" with a colon), not a task
FACET = re.compile(rf"(?i)(?:{alt(part_words()['facets'])})\s*:")
