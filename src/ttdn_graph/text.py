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
from functools import lru_cache

__all__ = ["canonical_tone_marks", "fold", "slug"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _toned(letters: str) -> str:
    return "".join(unicodedata.normalize("NFC", c + t) for c in letters for t in _TONES)


# "oa", "oe", "uy" at the end of a syllable carry the tone on the first vowel in the
# style most government texts use ("hòa", "khỏe", "thủy"); the other style writes
# "hoà", "khoẻ", "thuỷ". "quý" is not such a pair ("qu" is one consonant), and a
# following letter ("hoàn", "tuyết") makes both styles agree already.
# (the look-behinds after the first letter ask what they would ask before it; the
# look-ahead for any toned second letter first turns away most "o" and "u" at once; a
# long text is searched by _NEW_STYLE_BY_LETTER, below)
_NEW_STYLE = re.compile(
    rf"[oOuU](?=[{_toned('aAeEyY')}])(?<![qQ].)(?:(?<=[oO])[{_toned('aAeE')}]|(?<=[uU])[{_toned('yY')}])(?!\w)"
)
# _NEW_STYLE for each of its first letters: the engine searches a pattern that opens with
# one character by a tight loop over the text (~0.5 ns a character), one that opens with
# a class by a test of each character (~5 ns): the four searches of a long text, each
# for a letter that may open a match, cost a third of one search for the class
_NEW_STYLE_BY_LETTER = tuple(re.compile(letter + _NEW_STYLE.pattern.removeprefix("[oOuU]")) for letter in "oOuU")


def _new_style_matches(text: str) -> list[re.Match[str]]:
    """``list(_NEW_STYLE.finditer(text))``, searched letter by letter.

    A match is the letter that opens it and a toned vowel that is none of those letters,
    so no two matches overlap and each is found by the pattern of its first letter."""
    found = [match for pattern in _NEW_STYLE_BY_LETTER for match in pattern.finditer(text)]
    found.sort(key=re.Match.start)
    return found


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


class _NoMarks(dict[int, "int | None"]):
    """A :meth:`str.translate` table that drops combining marks, filled as characters
    are met (faster than testing every character in Python)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()
_NON_WORD = re.compile(r"[^\w]+")


def _decomposes_to_ascii(char: str) -> bool:
    """``char`` is an ASCII letter plus combining marks once decomposed (NFD)."""
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0].isascii() and all(unicodedata.combining(m) for m in decomposed[1:])


_VOWELS = "aăâeêioôơuưy"
# Vietnamese letters (a tone or a vowel mark on an ASCII letter; "đ" is folded apart) and
# the combining marks they are written with when decomposed
_VIETNAMESE = sorted(
    {c for v in _VOWELS + _VOWELS.upper() for t in ("", *_TONES) for c in unicodedata.normalize("NFC", v + t)
     if not c.isascii() and _decomposes_to_ascii(c)}
    | {chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))})
# punctuation of Vietnamese texts (ellipses of forms, quotes, dashes): as in ASCII, marks
# between words, read as spaces (each is no word character and stays as it is in NFD)
_PUNCTUATION = "".join(c for c in "…“”‘’–—•" if not (c.isalnum() or unicodedata.combining(c))
                       and unicodedata.normalize("NFD", c) == c == c.lower())
_SPACED_PUNCTUATION = re.compile(f"[{_PUNCTUATION}]+")
# a character that is neither ASCII nor one of those
_NOT_ASCII_OR_VIETNAMESE = re.compile("[^\x00-\x7f" + "".join(_VIETNAMESE) + _PUNCTUATION + "]")
# an ASCII byte that is not a word character (``\w``) becomes a space
_ASCII_NON_WORD = bytes.maketrans(
    bytes(range(128)), bytes(c if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(128)))


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, no punctuation, single spaces.

    >>> fold("Sở Văn hóa, Thể thao và Du lịch") == fold("SỞ VĂN HOÁ - THỂ THAO VÀ DU LỊCH")
    True
    """
    # names and headings come back (one parse folds ~4 times as many strings as it has
    # distinct ones: a heading tested for several words, an agency named again): short
    # strings are looked up; long ones (table rows, paragraphs) rarely repeat
    if len(text) <= _REMEMBERED_LENGTH:
        return _remembered_fold(text)
    return _fold(text)


def _fold(text: str) -> str:
    """:func:`fold`, computed."""
    # (six replacements: str.translate reads a text that is not ASCII a character at a
    # time, ~40 ns each, where str.replace scans it in C)
    text = text.replace("đ", "d").replace("Đ", "d").replace("&", " ").replace("-", " ") \
        .replace(",", " ").replace(".", " ")
    if _NOT_ASCII_OR_VIETNAMESE.search(text) is None:
        # Vietnamese text (most calls): its punctuation spaced, and decomposed, it is
        # ASCII letters and combining marks, so dropping what is not ASCII drops exactly
        # the marks, and the rest is folded as bytes; the same key as below (where
        # punctuation is spaced after the case is lowered: "Σ’" and "Σ " lower apart),
        # several times faster on long texts
        text = _SPACED_PUNCTUATION.sub(" ", text)
        ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").lower()
        return " ".join(ascii_text.translate(_ASCII_NON_WORD).decode("ascii").split())
    decomposed = unicodedata.normalize("NFD", text)
    stripped = decomposed.translate(_NO_MARKS)
    return " ".join(_NON_WORD.sub(" ", stripped.lower()).split())


_REMEMBERED_LENGTH = 200
_remembered_fold = lru_cache(maxsize=4096)(_fold)


def slug(text: str) -> str:
    """An ASCII id fragment: ``slug("Sở Tài chính") == "so-tai-chinh"``."""
    return fold(text).replace(" ", "-")
