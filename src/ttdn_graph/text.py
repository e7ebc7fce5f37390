"""Text keys shared by the stages and the model: one tone-mark placement, and a folded
matching key.

Vietnamese writes tone marks in two placements ("hòa"/"hoà", "thủy"/"thuỷ");
:func:`canonical_tone_marks` rewrites the newer one in the traditional placement most
government texts use. :func:`fold` makes a key for matching names: lower case, no
diacritics, no punctuation, single spaces.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["canonical_tone_marks", "fold", "slug"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _toned(letters: str) -> str:
    return "".join(unicodedata.normalize("NFC", c + t) for c in letters for t in _TONES)


# "oa", "oe", "uy" at the end of a syllable carry the tone on the first vowel in the
# style most government texts use ("hòa", "khỏe", "thủy"); the other style writes
# "hoà", "khoẻ", "thuỷ". "quý" is not such a pair ("qu" is one consonant), and a
# following letter ("hoàn", "tuyết") makes both styles agree already.
# (the pattern opens with a character class, so the engine skips every other character at
# once; the look-behinds after the first letter ask what they would ask before it)
_NEW_STYLE = re.compile(
    rf"[oOuU](?<![qQ].)(?:(?<=[oO])[{_toned('aAeE')}]|(?<=[uU])[{_toned('yY')}])(?!\w)"
)


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group()[0], match.group()[1]
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(m for m in marks if m in _TONES)
    rest = "".join(m for m in marks if m not in _TONES)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", base + rest)


def canonical_tone_marks(text: str) -> str:
    """Rewrite tone marks in the canonical (traditional) placement.

    >>> canonical_tone_marks("Uỷ ban, hoà bình, khoẻ, quý")
    'Ủy ban, hòa bình, khỏe, quý'
    """
    return _NEW_STYLE.sub(_move_tone, text)


# --- matching keys ----------------------------------------------------------------------

_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d", "&": " ", "-": " ", ",": " ", ".": " "})


class _NoMarks(dict[int, "int | None"]):
    """A :meth:`str.translate` table that drops combining marks, filled as characters
    are met (faster than testing every character in Python)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, no punctuation, single spaces.

    >>> fold("Sở Văn hóa, Thể thao và Du lịch") == fold("SỞ VĂN HOÁ - THỂ THAO VÀ DU LỊCH")
    True
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = decomposed.translate(_NO_MARKS)
    return " ".join(_NON_WORD.sub(" ", stripped.lower()).split())


def slug(text: str) -> str:
    """An ASCII id fragment: ``slug("Sở Tài chính") == "so-tai-chinh"``."""
    return fold(text).replace(" ", "-")
