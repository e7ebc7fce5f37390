"""Stage 2: text normalization as named, composable steps, with an offset map.

Each step is a function ``(text, offsets) -> (text, offsets)`` where ``offsets[i]`` is
the position in the ORIGINAL text of character ``i`` of the current text (and one
extra entry: the original length). Steps rewrite text only through :func:`substitute`,
which keeps the map exact, so any span found in the normalized text can be pointed
back into the text the user gave us (:meth:`NormalizedText.to_original`).

The default pipeline (:data:`DEFAULT_STEPS`), in order:

- ``newlines``: CRLF, CR, form feeds and Unicode line separators become ``\\n``.
- ``nfc``: Unicode NFC (decomposed input such as NFD or cp1258 output is composed).
- ``lookalikes``: ``Ð`` (U+00D0) read as ``Đ``; no-break spaces as spaces; dashes as
  ``-``; zero-width characters and stray control characters dropped.
- ``tone_marks``: one tone-mark style: "hoà" -> "hòa", "uỷ" -> "ủy", "khoẻ" -> "khỏe".
- ``artifacts``: converter noise: ``*187*`` -> ``187``; markdown table pipes -> tabs.
- ``unwrap``: the lines of a hard-wrapped paragraph are joined again.
- ``spaces``: runs of spaces collapsed (four or more between words: a column TAB);
  trailing and leading blanks removed.
- ``rejoin``: a sentence cut by a page break or a hard line wrap is joined again.

Example:
    >>> n = normalize("Ủy ban nhân dân tỉnh Hoà Bình, *187*")
    >>> n.text
    'Ủy ban nhân dân tỉnh Hòa Bình, 187'
    >>> n.original[slice(*n.to_original(31, 34))]
    '187'
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from heapq import heapify, heappop, heapreplace
from itertools import chain
from typing import TypeAlias

from .text import _move_tone, _new_style_matches, canonical_tone_marks, fold

__all__ = [
    "DEFAULT_STEPS",
    "STEPS",
    "NormalizedText",
    "canonical_tone_marks",
    "fold",
    "normalize",
    "substitute",
]

Offsets: TypeAlias = "array[int]"  # original position of each character, plus the length
Step = Callable[[str, Offsets], tuple[str, Offsets]]


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """A normalized text, the original it came from, and the map between them."""

    text: str
    original: str
    offsets: Offsets

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to a span of ``original``."""
        offsets = self.offsets
        if end <= start:
            pos = offsets[start]
            return pos, pos
        o_start = offsets[start]
        o_end = offsets[end - 1] + 1
        original = self.original
        # a composed character may stand for a base letter plus combining marks
        while o_end < len(original) and unicodedata.combining(original[o_end]):
            o_end += 1
        return o_start, o_end


def substitute(
    text: str,
    offsets: Offsets,
    pattern: re.Pattern[str],
    repl: Callable[[re.Match[str]], str | None],
) -> tuple[str, Offsets]:
    """Replace every match of ``pattern`` by ``repl(match)``, keeping the offset map.

    ``repl`` may return ``None`` to leave a match as it is. Characters of a
    replacement map to the matched characters in order (the last one repeated), so
    equal-length replacements keep a one-to-one map.
    """
    return _replace(text, offsets, pattern.finditer(text), repl)


def _replace(
    text: str,
    offsets: Offsets,
    matches: Iterable[re.Match[str]],
    repl: Callable[[re.Match[str]], str | None],
) -> tuple[str, Offsets]:
    """:func:`substitute` for ``matches`` (left to right, not overlapping) found by the caller."""
    pieces: list[str] = []
    new_offsets = array("i")
    extend, append = new_offsets.extend, pieces.append  # (bound once: called for every edit)
    last = 0
    # An edit of the same length maps its characters to those it replaces: the map stays
    # as it is there, and is copied from ``offsets`` up to the next edit that changes the
    # length (most edits of the joining steps are a line break made a space).
    copied = -1  # offsets[:copied] are laid down in new_offsets (-1: none, the map is kept)
    for match in matches:
        new = repl(match)
        if new is None:
            continue
        start, end = match.span()
        if new == text[start:end]:
            continue
        append(text[last:start])
        width = end - start
        if len(new) != width:
            extend(offsets[max(copied, 0):start])
            if new:
                inner = text.find(new, start, end)
                if inner >= 0:  # the replacement keeps part of the match: map to that part
                    extend(offsets[inner : inner + len(new)])
                elif width == 0:
                    extend([offsets[start]] * len(new))
                else:
                    extend(offsets[start + min(j, width - 1)] for j in range(len(new)))
            copied = end
        append(new)
        last = end
    if not pieces:  # nothing changed
        return text, offsets
    append(text[last:])
    if copied < 0:  # every edit kept its length
        return "".join(pieces), offsets
    extend(offsets[copied:])
    return "".join(pieces), new_offsets


def _cut(text: str, offsets: Offsets, spans: Iterable[tuple[int, int]]) -> tuple[str, Offsets]:
    """:func:`_replace` with each of ``spans`` (left to right, not overlapping, not empty)
    replaced by nothing: the text and the map are cut at once, with no call of a ``repl``
    and no test of the edit's length for each span (the steps that drop hundreds of
    marks call this)."""
    pieces: list[str] = []
    new_offsets = array("i")
    extend, append = new_offsets.extend, pieces.append  # (bound once: called for every span)
    last = 0
    for start, end in spans:
        append(text[last:start])
        extend(offsets[last:start])
        last = end
    if not pieces:  # nothing cut
        return text, offsets
    append(text[last:])
    extend(offsets[last:])
    return "".join(pieces), new_offsets


# a line break after a blank (one search: three times faster than looking for " \n"
# and "\t\n" with ``in``, which compares two characters at every position)
_BLANK_BEFORE_LINE_BREAK = re.compile(r"\n(?<=[ \t]\n)")


def _at_line_breaks(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern of :data:`_FROM_LINE_BREAK`, whose matches
    all are blanks and a line break (and what follows) right after a character that is
    neither a blank nor a line break, ``(?<=\\S)[ \\t]*\\n...``: the pattern itself, opening
    with a look-behind, would be tried at every position of the text.

    The matches that open at their line break (no blank before it) are found by the
    pattern's form that opens with the line break (the engine finds each at once, with no
    Python loop over the text's lines); those that open with blanks, found by stepping back
    from each line break after a blank to the first of its blanks, are few (a text the
    spaces step has not cleaned yet has a line with trailing blanks here and there). A
    match holds one line break and no character that is not a blank on either side of
    it, so the two kinds never overlap, and sorted by where they start they are the
    pattern's matches."""
    after_blanks = list(_after_blanks(pattern, text))
    at_line_breaks = _FROM_LINE_BREAK[pattern].finditer(text)
    if not after_blanks:
        return at_line_breaks
    matches = [*at_line_breaks, *after_blanks]
    matches.sort(key=re.Match.start)
    return iter(matches)


def _after_blanks(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of :func:`_at_line_breaks` that open with blanks: ``pattern`` tried
    from the first of the blanks before each line break that follows a blank."""
    for line_break in _BLANK_BEFORE_LINE_BREAK.finditer(text):
        start = line_break.start() - 1  # (the blank before it)
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        match = pattern.match(text, start)
        if match is not None:
            yield match


def _in_lines_with(char: str, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches all hold ``char`` and no line
    break (and look at nothing past their line): the pattern is run over the lines that
    have ``char`` only."""
    at = text.find(char)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield from pattern.finditer(text, start, end)
        at = text.find(char, end)


# --- plain characters ------------------------------------------------------------------

# Characters the newlines, nfc and lookalikes steps leave as they are wherever they stand:
# tab, line break and printable ASCII; the Latin letters (Vietnamese ones precomposed),
# quotes, bullets and ellipses, except the look-alikes and invisible ones. Each is NFC on
# its own and composes with nothing before it, so a text of these is NFC (checked against
# every code point by tests/test_normalize_fast.py).
_PLAIN = "\t\n\x20-\x7e\xa1-\xac\xae-\xcf\xd1-\xef\xf1-\u0188\u018a-\u02ff\u1e00-\u1eff\u2015-\u2027\u2030-\u205e"
_NOT_PLAIN_RUN = re.compile(f"[^{_PLAIN}][^{_PLAIN}]*")  # ("X+" as "XX*": see _LOOKALIKES)
_last_specials: tuple[str, frozenset[str] | None] = ("", frozenset())
# a text with more than one stretch in this many characters is dense with them: asked
# whole, or searched by the steps' own patterns (a Python loop over each costs more)
_DENSE = 256


def _specials(text: str) -> frozenset[str] | None:
    """The characters of ``text`` that are not plain (:data:`_PLAIN`), or ``None`` for a
    text dense with them (decomposed text: a mark in every few characters), which the
    steps search as they would without this.

    The first three steps ask in turn; one search answers all of them while the text
    stays the same (each step hands on the text it was given when it changes nothing),
    where each step's own search reads the whole text again."""
    global _last_specials
    last_text, specials = _last_specials
    if last_text is not text:  # (a str is immutable: the same object, the same answer)
        runs: list[str] = []
        most = len(text) // _DENSE + 1
        for run in _NOT_PLAIN_RUN.finditer(text):
            if len(runs) == most:
                specials = None
                break
            runs.append(run.group())
        else:
            specials = frozenset("".join(runs))
        _last_specials = (text, specials)
    return specials


def _known_specials(text: str) -> frozenset[str] | None:
    """:func:`_specials` of ``text`` if a step before asked it of this text, else ``None``."""
    last_text, specials = _last_specials
    return specials if last_text is text else None


def _remember_specials(text: str, specials: frozenset[str] | None) -> None:
    """Record the characters out of :data:`_PLAIN` of a text a step made (known to it)."""
    global _last_specials
    _last_specials = (text, specials)


# --- newlines -------------------------------------------------------------------------

# "\r\n" (Windows), lone "\r" (old Mac), form feed (pdftotext page break), U+2028/9.
_NEWLINES = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")
_NEWLINE_CHARS = frozenset("\r\f\v\u2028\u2029\x85")


def step_newlines(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Every line ending becomes ``\\n``."""
    specials = _specials(text)
    if specials is None:  # (dense with characters out of the plain ones: each looked for)
        if not any(c in text for c in _NEWLINE_CHARS):
            return text, offsets
    elif specials.isdisjoint(_NEWLINE_CHARS):
        return text, offsets
    text, offsets = substitute(text, offsets, _NEWLINES, lambda m: "\n")
    # every one of those characters became "\n": the rest of the text is as it was
    _remember_specials(text, None if specials is None else specials - _NEWLINE_CHARS)
    return text, offsets


# --- NFC ------------------------------------------------------------------------------

# A base character followed by one or more combining marks (Vietnamese uses U+0300-U+036F).
_COMBINING_RUN = re.compile(r"[^\u0300-\u036f]?[\u0300-\u036f]+")
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f][\u0300-\u036f]*")  # ("X+" as "XX*": see _LOOKALIKES)


def _combining_runs(text: str, most: int | None = None) -> Iterator[re.Match[str]]:
    """``_COMBINING_RUN.finditer(text)``: each (longest) run of marks is found by a
    pattern that opens with a mark, which the engine skips to, and _COMBINING_RUN is
    matched from the character before it (not a mark: the run is the longest). The
    pattern itself, opening with an optional character, is tried at every position;
    it searches the rest of a text found dense with runs (``most`` of them met)."""
    most = len(text) // _DENSE + 1 if most is None else most
    found: list[re.Match[str]] = []
    pos = 0  # where the last match ended
    for run in _COMBINING_MARKS.finditer(text):
        if len(found) == most:  # (chained in C: a generator would cost each match a step)
            return chain(found, _COMBINING_RUN.finditer(text, pos))
        match = _COMBINING_RUN.match(text, max(0, run.start() - 1))
        if match is not None:  # (always)
            found.append(match)
            pos = match.end()
    return iter(found)


def _is_nfc(text: str, most: int | None = None) -> bool:
    """``unicodedata.is_normalized("NFC", text)``, asked of the stretches around the
    characters that are not plain only.

    A plain character composes with nothing before it and is not reordered (a starter,
    NFC_QC=Yes): NFC composes the stretches before and after one apart, so a text is NFC
    when each stretch is (were one not, the composed stretches, laid end to end, could
    not make the text: they would hold more or fewer decomposed characters). Each run of
    other characters, with the plain one before it, is such a stretch; laid end to end
    they are one string of such stretches, asked at once. (A text with combining marks
    is composed whole by ``is_normalized``, ~50 ns a character.) A text dense with such
    runs (``most`` of them met) is asked whole: there the runs cost more than they save."""
    pieces: list[str] = []
    most = len(text) // _DENSE + 1 if most is None else most
    for run in _NOT_PLAIN_RUN.finditer(text):
        if len(pieces) == most:
            return unicodedata.is_normalized("NFC", text)
        pieces.append(text[max(0, run.start() - 1) : run.end()])
    return unicodedata.is_normalized("NFC", "".join(pieces))


def step_nfc(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Compose decomposed letters (NFD, cp1258 output) into NFC."""
    # (a text of plain characters, line endings, look-alikes and invisible characters is
    # NFC: each of these is NFC on its own and composes with nothing before it)
    specials = _specials(text)
    if (specials is not None and specials <= _NFC_ALONE) or _is_nfc(text):
        return text, offsets
    text, offsets = _replace(
        text, offsets, _combining_runs(text), lambda m: unicodedata.normalize("NFC", m.group())
    )
    if not _is_nfc(text):  # exotic scripts: compose char by char
        text, offsets = substitute(
            text, offsets, re.compile(r".", re.S), lambda m: unicodedata.normalize("NFC", m.group())
        )
    return text, offsets


# --- look-alike characters -------------------------------------------------------------

_LOOKALIKE_MAP = {
    "\u00d0": "Đ",  # Icelandic Eth, produced by some converters for "Đ"
    "\u00f0": "đ",
    "\u0189": "Đ",  # African D
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u3000": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",
}
# zero-width characters, BOMs inside the text, soft hyphens, bidirectional controls
# (U+200E/F, U+202A-E, U+2066-9, U+061C: invisible, and they hide markers) and C0/C1 controls
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c" + "".join(
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]) + "".join(
    chr(c) for c in [*range(0, 9), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)] if c != 0x85
)
_LOOKALIKE = "[" + re.escape("".join(_LOOKALIKE_MAP) + _DROP) + "]"
# a run of them ("X+" written "XX*": a pattern that opens with a character class lets the
# engine skip every character out of it at once)
_LOOKALIKES = re.compile(_LOOKALIKE + _LOOKALIKE + "*")


_LOOKALIKE_CHARS = frozenset(_LOOKALIKE_MAP) | frozenset(_DROP)
# the characters out of _PLAIN that a text may hold and still be NFC for certain
_NFC_ALONE = _NEWLINE_CHARS | _LOOKALIKE_CHARS


def step_lookalikes(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Read look-alike letters as Vietnamese ones; drop invisible characters."""
    specials = _known_specials(text)  # (unknown after nfc changed the text: searched below)
    present = _LOOKALIKE_CHARS if specials is None else specials & _LOOKALIKE_CHARS
    if not present:
        return text, offsets
    if specials is not None and present.isdisjoint(_DROP):
        # one character for one: the offset map stays, and each look-alike is replaced
        # by a scan of the text in C (the search below reads the text in the engine)
        for char in sorted(present):
            text = text.replace(char, _LOOKALIKE_MAP[char])
        return text, offsets
    return substitute(
        text,
        offsets,
        _LOOKALIKES,
        lambda m: "".join(_LOOKALIKE_MAP.get(c, "") for c in m.group()),
    )


# --- tone marks ------------------------------------------------------------------------

def step_tone_marks(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """One tone-mark placement, so "hoà" and "hòa" are the same word."""
    return _replace(text, offsets, _new_style_matches(text), _move_tone)


# --- converter artifacts ---------------------------------------------------------------

# "*187*" (emphasis marks around a number a converter kept from a form field),
# "**Điều 1.**" (markdown bold); both lose their stars.
_STARS = re.compile(r"\*\*?([^\s*][^*\n]{0,200}?)\*{1,2}")  # (a star first: found at once)
# markdown pipe tables: "| a | b |" rows and "|---|" rules
_PIPE_ROW = re.compile(r"(?m)^[ \t]*\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*$|^[ \t]*\|[ \t]?|[ \t]?\|[ \t]*$|[ \t]+\|[ \t]+")


def _pipe(match: re.Match[str]) -> str:
    s = match.group()
    if "-" in s:
        return ""
    if s.strip() == "|" and s.startswith((" ", "\t")) and s.endswith((" ", "\t")):
        return "\t"
    return ""


# --- markdown emphasis -------------------------------------------------------------------

_STAR_RUN = re.compile(r"\*\**")  # \*+ (a star first: found at once)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_EMPHASIS_REACH = 400  # an emphasis that stays open longer than this joins no more lines
_EMPHASIS_LINES = 4  # nor more line breaks than this


def _emphasis_plan(text: str) -> tuple[list[re.Match[str]], list[int]]:
    """The star runs to drop, and the line breaks inside an emphasis (the
    heading or name it cuts is one line again).

    Star runs open and close emphasis as in CommonMark: a run followed by a letter
    opens, one preceded by a letter (or a space before a line end: "DÂN **") closes;
    a blank line closes everything. A star at a line start followed by a space is a
    bullet and stays.
    """
    drop: list[re.Match[str]] = []
    joins: list[int] = []
    opened_at: int | None = None  # where the open emphasis began
    for m in _STAR_RUN.finditer(text):
        tok, pos = m.group(), m.start()
        before = text[pos - 1] if pos else "\n"
        after = text[m.end()] if m.end() < len(text) else "\n"
        if before == "\n" and after == " " and len(tok) == 1 \
                and text[m.end() + 1 : m.end() + 2] not in ("*", "\n", ""):
            continue  # "* item": a bullet
        drop.append(m)
        if opened_at is not None:
            blank = _BLANK_LINE.search(text, opened_at, pos)
            if blank is not None:  # a blank line ended the emphasis
                joins.extend(_reach(text, opened_at, blank.start()))
                opened_at = None
        opens = not after.isspace()
        closes = not before.isspace() or (opened_at is not None and after == "\n")
        if opened_at is not None and closes:
            joins.extend(_reach(text, opened_at, pos))
            opened_at = pos if opens and len(tok) >= 4 else None  # "**1.****Tổ chức"
        elif opens:
            if opened_at is not None:  # open again: what it spanned so far is joined
                joins.extend(_reach(text, opened_at, pos))
            opened_at = pos
    if opened_at is not None:  # never closed: the lines of its paragraph it reaches
        stop = _BLANK_LINE.search(text, opened_at)
        joins.extend(_reach(text, opened_at, stop.start() if stop else len(text)))
    return drop, joins


def _reach(text: str, start: int, end: int) -> list[int]:
    """The line breaks an emphasis from ``start`` to ``end`` joins (those within its reach)."""
    return _newlines(text, start, min(end, start + _EMPHASIS_REACH))[:_EMPHASIS_LINES]


def _newlines(text: str, start: int, end: int) -> list[int]:
    out = []
    i = text.find("\n", start, end)
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1, end)
    return out


def step_emphasis(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Drop markdown emphasis (``**I. MỤC\nĐÍCH, YÊU CẦU**``, ``*a) Chủ trì*``,
    ``*187*``) and join the lines an emphasis spans: web pages cut bold headings and
    names across lines ("**1. Sở Nông nghiệp và Môi\ntrường**")."""
    if "*" not in text:
        return text, offsets
    drop, joins = _emphasis_plan(text)
    if joins:  # same length: the offset map stays as it is
        pieces: list[str] = []
        last = 0
        for i in sorted(set(joins)):
            pieces += (text[last:i], " ")
            last = i + 1
        text = "".join(pieces) + text[last:]
    # (the runs found by the plan are dropped: the joins, line breaks made spaces, left
    # every run where it was)
    return _cut(text, offsets, map(re.Match.span, drop))


# a line that is "|" alone (a web table's cell border, one a line): a literal first, so
# the engine skips to each "|"; the look-behind and look-ahead hold it alone on its line
_LONE_PIPE = re.compile(r"\|(?<![^\n]\|)(?![^\n])")


def _drop_lone_pipes(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """What _PIPE_ROW and _pipe make of the lines that are "|" alone: the "|" dropped
    (the line stays, empty). They are found by one search of the text and cut at once,
    where each line handed to ``_replace`` costs a search of its own and a call of
    _pipe (one plan has hundreds of such lines). No other line changes, and _PIPE_ROW
    looks at nothing past a line, so in the text left it finds what it found before."""
    return _cut(text, offsets, map(re.Match.span, _LONE_PIPE.finditer(text)))


def step_artifacts(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Remove conversion noise: starred numbers, markdown emphasis and table pipes."""
    text, offsets = substitute(text, offsets, _STARS, lambda m: m.group(1))
    if "|" in text:
        text, offsets = _drop_lone_pipes(text, offsets)
    if "|" in text:
        text, offsets = _replace(text, offsets, _in_lines_with("|", _PIPE_ROW, text), _pipe)
    return text, offsets


# --- spaces ----------------------------------------------------------------------------

# trailing blanks; leading spaces; leading tabs of a line that is not a table row;
# a gap of four or more spaces between words: two columns of a layout (pdftotext
# -layout puts a header's or a signature block's columns on one line); two or three
# spaces (justified text) read as one
# (every alternative starts at two blanks, blanks before a line end, or a line's first
# blank: the look-ahead lets the engine skip every single space between two words)
_SPACES = re.compile(r"(?m)(?=[ \t][ \t]|[ \t]+$|^[ \t])(?:[ \t]+$|^ +|^\t+(?=[^\t\n]*$)|(?P<column>(?<=\S) {4,}(?=\S))|(?P<gap>(?<=\S)  +))")


def _space(match: re.Match[str]) -> str:
    if match.group("column"):
        return "\t"
    return " " if match.group("gap") else ""


# where a match of _SPACES may start (each of its alternatives asks for one of these):
# the first blank of two, a tab, a blank before a line break or at the end of the text,
# a blank that opens a line; found with ``str.find`` (a C loop over the text), where
# _SPACES itself (a look-ahead first) is tried at every position of the text
_SPACE_STARTS = (("  ", 0), (" \t", 0), ("\t", 0), (" \n", 0), ("\n ", 1))


def _spaces_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SPACES.finditer(text)``, with _SPACES tried only where a match may start
    (``match`` at a position sees the text around it as ``finditer`` does).

    The next place of each way a match may start is kept in a heap: each step takes the
    nearest one, looking again for a way whose place fell behind the last match, instead
    of asking every way at every step (a Python loop of five at each of the places)."""
    size = len(text)
    has_tab = "\t" in text  # (" \t" is looked for only where a tab is: a whole scan saved)
    ahead = []  # (where a match may start, which way: an index of _SPACE_STARTS, or -1 for an edge)
    for way, (s, shift) in enumerate(_SPACE_STARTS):
        at = text.find(s) if has_tab or "\t" not in s else -1
        if at >= 0:
            ahead.append((at + shift, way))
    ahead += [(p, -1) for p in {0, size - 1} if size and text[p] == " "]
    heapify(ahead)
    pos = 0  # where the next match may start
    while ahead:
        best, way = ahead[0]
        if best < pos:  # behind the last match: the way's next place after it
            if way < 0:
                heappop(ahead)
                continue
            s, shift = _SPACE_STARTS[way]
            at = text.find(s, pos - shift)
            if at < 0:
                heappop(ahead)
            else:
                heapreplace(ahead, (at + shift, way))
            continue
        match = _SPACES.match(text, best)
        if match is None:
            pos = best + 1
        else:
            yield match
            pos = match.end()


def step_spaces(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Collapse runs of spaces (wide gaps become a column TAB); strip blanks at line ends."""
    # (nearly every text has blanks to collapse: a look for them before the search cost
    # more than it saved, and a text with none costs _spaces_matches a few finds)
    return _replace(text, offsets, _spaces_matches(text), _space)


# --- broken sentences -------------------------------------------------------------------

# A line break (with any blank lines: a page break) after a character that does not end
# a sentence, before a lower-case letter that does not open an item ("b) ", "đ. ").
# (the line break is read before the character behind it: the engine then jumps from
# line break to line break instead of trying every position)
_BREAK = re.compile(r"\n(?<=[^\s.:;!?]\n)(?:[ \t]*\n){0,6}(?=[^\W\d_])")


# a line that ends with one of these words goes on, whatever the next line starts with
_CONTINUING_WORDS = ("với", "và", "của", "các", "cho", "tại", "về", "theo", "trong", "để", "hoặc", "cùng", "như",
                     "là", "những", "đến", "từ", "do", "giao", "thuộc", "nhân")
_CONTINUES = re.compile(r"(?:^|\s)(?:" + "|".join(_CONTINUING_WORDS) + ")$", re.IGNORECASE)


# a line that ends with the head of a body's name goes on ("1. Giao Sở\nNông nghiệp và ...")
_NAME_HEADS = ("Sở", "Bộ", "Ủy", r"Ủy\s+ban", "Cục", r"Chi\s+cục", r"Trung\s+tâm", r"Văn\s+phòng", r"Công\s+an", "Ban")
_NAME_HEAD_END = re.compile(r"(?:^|\s)(?:" + "|".join(_NAME_HEADS) + ")$")


def _ends_with(words: Iterable[str], ignore_case: bool = False) -> str:
    """Look-behinds, one of which holds where a line break follows one of ``words``
    (its last word, for a name head of several); one a length (a look-behind has a
    fixed length)."""
    lasts = sorted({re.split(r"\\s\+", w)[-1] for w in words}, key=len)
    by_length = [[w for w in lasts if len(w) == n] for n in sorted({len(w) for w in lasts})]
    group = "(?i:{})" if ignore_case else "(?:{})"
    return "|".join(f"(?<={group.format('|'.join(same))}\n)" for same in by_length)


# The matches of _BREAK that _join may join: before a letter that is no capital, or after
# a word _CONTINUES or _NAME_HEAD_END asks for (in any case: more than they find). The
# rest, a line break before a capital after any other word (a heading's line), which
# _join leaves as it is, are not handed to it: ~3 in 4 of the line breaks of the plans
# at hand, each a call. (As in _BREAK, the blank lines match once only: fewer would
# leave a blank or a line break where the letter is looked for. A line break with no
# letter after it is turned away first, by _BREAK's look-ahead, before the two ways
# are tried: most line breaks of a text, and all of a run of blank lines.)
_CAPITALS = "".join(chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper())
_BREAK_MAY_JOIN = re.compile(
    r"\n(?<=[^\s.:;!?]\n)(?=(?:[ \t]*\n){0,6}[^\W\d_])"
    r"(?:(?:[ \t]*\n){0,6}(?=[^\W\d_])(?![" + _CAPITALS + "])"
    r"|(?:" + _ends_with(_NAME_HEADS) + "|" + _ends_with(_CONTINUING_WORDS, ignore_case=True) + ")"
    r"(?:[ \t]*\n){0,6}(?=[^\W\d_]))"
)


def _join(text: str) -> Callable[[re.Match[str]], str | None]:
    def repl(match: re.Match[str]) -> str | None:
        nxt = match.end()
        # (an item's start "b) " is one of the starts _NO_JOIN matches: asked of it alone)
        if _NO_JOIN.match(text, nxt):
            return None
        if text[nxt].islower():
            return " "
        if _CONTINUES.search(text, max(0, match.start() - 8), match.start()):
            return " "
        if match.group().count("\n") == 1 and _NAME_HEAD_END.search(text, max(0, match.start() - 12),
                                                                     match.start()):
            return " "
        return None

    return repl


def _wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text (pdftotext, e-mail) was wrapped at, else ``None``.

    Wrapped texts have many lines of nearly the same length; texts with one paragraph
    per line (Word, web pages) have long lines of every length.
    """
    # the lengths of the lines that are not blank (a line is blank when its length
    # without its trailing blanks is 0), counted in C by map and filter
    lengths = sorted(filter(None, map(len, map(str.rstrip, text.split("\n")))))
    if len(lengths) < 12:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    if not 40 <= width <= 130:
        return None
    near = len(lengths) - bisect.bisect_left(lengths, 0.8 * width)  # (sorted: those from 0.8 * width on)
    return width if near >= 0.3 * len(lengths) else None


# a single line break (no blank line) inside a hard-wrapped paragraph, with the blanks
# around it (the next line's indentation is read before it is dropped)
_WRAP = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)")
_NO_JOIN = re.compile(
    r"[ \t]*(?:[-+•*]\s|[a-zđ][).]\s|\d{1,3}(?:\.\d{1,2})*(?:\.[a-zđ])?[.)]\s|[IVXL]{1,7}\.\s|Điều\s+\d"
    r"|Nơi\s+nhận|Trên\s+đây|(?:TM|KT|TL|TUQ)\.)"
)
_INDENT = re.compile(r"(?m)^( *)\S")  # (the rule _indents follows)


def _indents(text: str) -> list[int]:
    """``[len(m.group(1)) for m in _INDENT.finditer(text)]``: the spaces that open each
    line whose first character after them is not a blank, read line by line (the
    pattern's "^" is tried at every position of the text, several times slower)."""
    out = []
    for line in text.split("\n"):
        rest = line.lstrip(" ")
        if rest and not rest[0].isspace():  # (``\S`` is what ``str.isspace`` is not)
            out.append(len(line) - len(rest))
    return out


def _join_wrapped(text: str, width: int) -> Callable[[re.Match[str]], str | None]:
    indents = _indents(text)
    base = max(set(indents), key=indents.count) if indents else 0  # the usual left margin

    def repl(match: re.Match[str]) -> str | None:
        start = text.rfind("\n", 0, match.start()) + 1
        nl = text.index("\n", match.start())
        if nl - start < 0.7 * width or _NO_JOIN.match(text, match.end()):
            return None
        if match.end() - nl - 1 > base + 1:  # the next line is indented: a new paragraph
            return None
        if text[match.start() - 1] in ".:" and _NO_JOIN.match(text, start):
            return None  # a numbered heading ends its line ("2.1.a. Thành lập ...:", "2.2. Bước 2: ...")
        return " "

    return repl


def step_unwrap(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Join the lines of hard-wrapped paragraphs (pdftotext output, e-mail): only in
    texts most of whose lines have about the same length, and never into an indented
    line, an item marker or a closing part."""
    width = _wrap_width(text)
    if width is None:
        return text, offsets
    return _replace(text, offsets, _at_line_breaks(_WRAP, text), _join_wrapped(text, width))


# A line that is only a section marker ("6.", "1.", "a)", "II.") and the line break (and
# blank lines) after it: the marker's heading is on the next line.
_MARKER_ALONE = re.compile(
    r"(?m)^(?P<m>[ \t]*(?:[-+][ \t]*)?(?:[IVXL]{1,7}|\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)])[ \t]*\n(?:[ \t]*\n){0,2}(?=[ \t]*[^\W\d_])"
)
# a line break before a line that _MARKER_ALONE matches (the pattern as a look-ahead: a
# line break first is found at once, where a line start "^" is tried at every position)
_BREAK_BEFORE_MARKER_ALONE = re.compile(r"\n(?=" + _MARKER_ALONE.pattern.removeprefix("(?m)^") + ")")


def _markers_alone(text: str) -> Iterator[re.Match[str]]:
    """``_MARKER_ALONE.finditer(text)``, with the pattern tried only at the text's start
    and at the lines found to hold a marker alone."""
    first = _MARKER_ALONE.match(text)
    pos = 0
    if first is not None:
        yield first
        pos = first.end()
    for line_break in _BREAK_BEFORE_MARKER_ALONE.finditer(text, max(0, pos - 1)):
        start = line_break.end()
        if start < pos:
            continue  # (a line inside the match before: finditer goes on from its end)
        match = _MARKER_ALONE.match(text, start)
        if match is not None:
            yield match
            pos = match.end()


# one line break between two lines of a block (no blank line between them)
_SOFT_BREAK = re.compile(r"(?<=[^\s.;:!?])[ \t]*\n[ \t]*(?=\S)")

# The line-break patterns as they read in a text with no blank before a line break: there
# the blanks before the line break match nothing, so each match starts at its line break
# and the look-behind is read from it. (Opening with a line break, the pattern is found by
# the engine's search for that character; the look-behind of the first form makes it try
# every position of the text.)
_FROM_LINE_BREAK = {
    _WRAP: re.compile(r"\n(?<=\S\n)[ \t]*(?=\S)"),
    _SOFT_BREAK: re.compile(r"\n(?<=[^\s.;:!?]\n)[ \t]*(?=\S)"),
}
_RULE_LINE = re.compile(r"[-=_*|\t ]*$")
# a numbered heading's line: it may be a heading alone ("1. Đề nghị Ủy ban ...") and is
# not joined to the next line (a bold heading cut by a web page was joined already)
_NUMBERED_LINE = re.compile(r"[ \t]*(?:[a-zđ][).]\s|\d{1,3}(?:\.\d{1,2})*(?:\.[a-zđ])?[.)]?\s|[IVXL]{1,7}\.\s|Điều\s+\d)")


# each, one pattern for two asked in turn of the same line (one call of the engine)
_NO_JOIN_OR_RULE = re.compile(f"(?:{_NO_JOIN.pattern})|(?:{_RULE_LINE.pattern})")
_NUMBERED_OR_RULE = re.compile(f"(?:{_NUMBERED_LINE.pattern})|(?:{_RULE_LINE.pattern})")


class _LetterCase(dict[int, str]):
    """A :meth:`str.translate` table: "U" for an upper-case letter, "l" for another letter,
    nothing for the rest; filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kind = ("U" if char.isupper() else "l") if char.isalpha() else ""
        self[code] = kind
        return kind


_LETTER_CASE = _LetterCase()


# every byte but those of the ASCII lower-case letters (deleted to count these letters)
_NOT_ASCII_LOWER = bytes(b for b in range(256) if not ord("a") <= b <= ord("z"))


def _mostly_upper(line: str) -> bool:
    # More than 60% capitals means more than 1.5 capitals per lower-case letter, so a
    # line with more ASCII lower-case letters than 40% of its characters is not in
    # capitals: counted on its UTF-8 bytes in C, this answers most lines of running
    # text, where reading each character (the table below) costs ~30 ns a character.
    ascii_lower = len(line.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LOWER))
    if 2.5 * ascii_lower > len(line):
        return False
    letters = line.translate(_LETTER_CASE)
    return len(letters) >= 2 and letters.count("U") > 0.6 * len(letters)


def _blocked(text: str) -> bool:
    """True for texts that separate paragraphs by blank lines and cut long ones into
    several lines (web pages, converted documents): many blocks of several lines."""
    # one byte a line, 1 for a line that is not blank: the lines and the ends of blocks
    # (a filled line before a blank one or the text's end) are counted in C
    filled = bytes(map(bool, map(str.strip, text.split("\n"))))
    count = filled.count(1)
    if count < 20:
        return False
    ends = filled.count(b"\x01\x00") + filled.endswith(b"\x01")  # ("\x01\x00" cannot overlap itself)
    return ends / count >= 0.12


def _reflow(text: str) -> Callable[[re.Match[str]], str | None]:
    mostly_upper = cache(_mostly_upper)  # each line is read twice: as the next one, then as the line

    def repl(match: re.Match[str]) -> str | None:
        at, end = match.span()
        nxt_end = text.find("\n", end)
        if nxt_end < 0:
            nxt_end = len(text)
        # the next line is read in place (the patterns stop at its end as at a slice's);
        # the line ends with the character before the match, which _SOFT_BREAK asks to end
        # no sentence: it is not empty and not ended by a sentence's end
        if _NO_JOIN_OR_RULE.match(text, end, nxt_end):
            return None
        line = text[text.rfind("\n", 0, at) + 1 : at].strip()
        if _NUMBERED_OR_RULE.match(line) or mostly_upper(line) or mostly_upper(text[end:nxt_end]):
            return None
        return " "

    return repl


def step_reflow(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Join a marker alone on its line to its heading ("6.\nTổ chức ..."); in texts whose
    paragraphs are blocks between blank lines, join the lines of each block (a name
    cut as "Bộ Công\nan", a label as "Quý\nIV năm 2025"), never before a marker or a
    line in capitals."""
    text, offsets = _replace(text, offsets, _markers_alone(text), lambda m: m.group("m") + " ")
    if _blocked(text):
        text, offsets = _replace(text, offsets, _at_line_breaks(_SOFT_BREAK, text), _reflow(text))
    return text, offsets


def step_rejoin(text: str, offsets: Offsets) -> tuple[str, Offsets]:
    """Join lines that continue the same sentence (page breaks, wraps before a
    lower-case word or after a word that cannot end a sentence)."""
    return substitute(text, offsets, _BREAK_MAY_JOIN, _join(text))


#: The normalization steps by name, in their default order.
STEPS: dict[str, Step] = {
    "newlines": step_newlines,
    "nfc": step_nfc,
    "lookalikes": step_lookalikes,
    "tone_marks": step_tone_marks,
    "emphasis": step_emphasis,
    "artifacts": step_artifacts,
    "unwrap": step_unwrap,
    "spaces": step_spaces,
    "reflow": step_reflow,
    "rejoin": step_rejoin,
}
#: Step names :func:`normalize` runs by default (every step, in order).
DEFAULT_STEPS: tuple[str, ...] = tuple(STEPS)


_identity = array("i")  # 0, 1, 2, ...: copied (fast) instead of built from a range (slow)
_IDENTITY_MAX = 1 << 21  # longer texts build their own

# the low and the second byte of 0, 1, 2, ... 65535: a ramp, and each byte 256 times
_LOW_BYTES = bytes(range(256))
_SECOND_BYTES = b"".join(bytes([b]) * 256 for b in range(256))


def _counting(size: int) -> Offsets:
    """``array("i", range(size))``, laid down as bytes.

    The array's constructor converts the ints one at a time (about 80 ns each: 3 ms for a
    plan of 40,000 characters, paid by every fresh process for its longest plan); the
    little-endian bytes of 0, 1, 2, ... are repeating runs, written by a few slice
    assignments in C instead (about 8 times faster)."""
    counting = array("i")
    if counting.itemsize != 4 or size >= 1 << 24:  # (a third byte at most, below)
        return array("i", range(size))
    data = bytearray(4 * size)
    data[0::4] = (_LOW_BYTES * (size // 256 + 1))[:size]
    data[1::4] = (_SECOND_BYTES * (size // 65536 + 1))[:size]
    data[2::4] = b"".join(bytes([b]) * 65536 for b in range(size // 65536 + 1))[:size]
    counting.frombytes(data)
    if sys.byteorder == "big":
        counting.byteswap()
    return counting


def _identity_offsets(size: int) -> Offsets:
    """``array("i", range(size))``, sliced from a kept one."""
    global _identity
    if size > _IDENTITY_MAX:
        return _counting(size)
    if len(_identity) < size:
        _identity = _counting(min(_IDENTITY_MAX, max(size, 2 * len(_identity))))
    return _identity[:size]


def normalize(text: str, steps: Iterable[str | Step] = DEFAULT_STEPS) -> NormalizedText:
    """Run normalization steps over ``text``; return the result with its offset map.

    Args:
        text: the decoded original text.
        steps: names from :data:`STEPS` or your own ``(text, offsets)`` callables.
    """
    offsets = _identity_offsets(len(text) + 1)
    current = text
    for step in steps:
        func = STEPS[step] if isinstance(step, str) else step
        current, offsets = func(current, offsets)
    _remember_specials("", frozenset())  # (a text normalized again is searched again)
    return NormalizedText(current, text, offsets)
