"""The closing parts: the signature block and the recipients ("Nơi nhận").

Both are read from text that converters often mangle: two-column layouts put the
recipients and the signature on one line, and PDF text layers letter-space capitals
("KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH"). Capitals are re-segmented against a small
vocabulary of titles; a name's syllables that start lower case are glued back.

Example:
    >>> parse_signature("TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH\\n\\nNguyễn Duy Hưng")[:3]
    ('Nguyễn Duy Hưng', 'Phó Chủ tịch', ('TM. Ủy ban nhân dân', 'KT. Chủ tịch'))
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from . import patterns as P
from .cues import cues

if TYPE_CHECKING:
    from .agencies import AgencyMatcher
    from .segment import Line

__all__ = ["ClosingRecipient", "ClosingSignature", "closing_blocks", "despace_capitals", "parse_recipients",
           "parse_signature", "read_closing"]

# "TM." (on behalf of), "KT." (acting for), "TL." / "TUQ." (by delegation) followed by
# capitals; not "KT." of an archive code ("Lưu: VT, KT.").
# (the pattern opens with the first letters, so the engine skips to them; the
# look-behinds after the first letter ask what "(?<![\w,])(?<!,\s)" asked before it)
_AUTH = re.compile(
    rf"(?P<k>[KT](?<![\w,].)(?<!,\s.)(?:(?<=T)(?:M|L|UQ)|(?<=K)T))\s*\.\s*(?!(?:TM|KT|TL|TUQ)\s*\.)"
    rf"(?=[{P.UPPER}]\s*[{P.UPPER}])"
)
_SIGNATURE_WORDS = cues()["signature"]  # data/cues.json
_POSITIONS = tuple(_SIGNATURE_WORDS["positions"])
_POSITION = re.compile(r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in _POSITIONS) + r")(?!\w)")
_VOCAB = {w for p in _POSITIONS for w in p.split()} | set(_SIGNATURE_WORDS["authority_words"])


@cache
def _segment(squeezed: str) -> tuple[str, ...] | None:
    """Split capitals without spaces into vocabulary words (longest first), if possible."""
    if not squeezed:
        return ()
    for size in range(min(6, len(squeezed)), 0, -1):
        head = squeezed[:size]
        if head in _VOCAB:
            rest = _segment(squeezed[size:])
            if rest is not None:
                return (head, *rest)
    return None


def despace_capitals(text: str) -> str:
    """Undo letter-spacing in capitals: "CHỦ TỊ CH P HÓ" -> "CHỦ TỊCH PHÓ" (when every
    piece is a known word); anything else is returned with single spaces."""
    words = text.split()
    if all(w in _VOCAB for w in words):
        return " ".join(words)
    seg = _segment("".join(words))
    return " ".join(seg) if seg else " ".join(words)


def _title_case(s: str) -> str:
    """ "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "ỦY BAN NHÂN DÂN" -> "Ủy ban nhân dân"."""
    words = " ".join(s.split()).lower().split(" ")
    if not words or not words[0]:
        return ""
    words[0] = words[0].capitalize()
    if words[0] == "Phó" and len(words) > 1:
        words[1] = words[1].capitalize()
    return " ".join(words)


def _is_upper_token(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def parse_signature(block: str) -> tuple[str | None, str | None, tuple[str, ...], int, int] | None:
    """Parse a signature block: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Duy Hưng".

    Returns ``(name, position, authority, start, end)`` with offsets into ``block``, or
    ``None`` when the block has no signature.
    """
    marks = list(_AUTH.finditer(block))
    if marks:
        start = marks[0].start()
    else:
        pos = _POSITION.search(block)
        if pos is None:
            return None
        start = pos.start()
    tokens = list(re.finditer(r"[^\s|]+", block[start:]))
    upper: list[re.Match[str]] = []
    for tok in tokens:
        if not _is_upper_token(tok.group()) and tok.group() not in ("TM.", "KT.", "TL.", "TUQ."):
            break
        upper.append(tok)
    upper_end = upper[-1].end() if upper else 0
    name_parts, end = _name_after(block[start:], tokens[len(upper):], upper_end)
    authority, position = _authority(block[start : start + upper_end])
    name = " ".join(name_parts) if len(name_parts) >= 2 else None
    if name is None and not authority and position is None:
        return None
    return name, position, tuple(authority), start, start + end


def _name_after(block: str, tokens: list[re.Match[str]], end: int) -> tuple[list[str], int]:
    """The signer's name: the capitalized words after the capitals (``tokens`` from the
    end of the capitals at ``end``), syllables that start lower case glued back ("Ngu
    yễn" -> "Nguyễn"); at most five words, on one line. Returns the words and where the
    name ends."""
    name_parts: list[str] = []
    prev_end = end
    for tok in tokens:
        word = tok.group()
        gap = block[prev_end : tok.start()]
        if name_parts and ("\n" in gap or "\t" in gap):
            break
        if (word[:1].isupper() and word[1:].islower()) or (word[:1].isupper() and len(word) == 1):
            if len(name_parts) >= 5:
                break
            name_parts.append(word)
        elif word[:1].islower() and name_parts:
            name_parts[-1] += word
        else:
            break
        prev_end = end = tok.end()
    return name_parts, end


def _authority(upper_text: str) -> tuple[list[str], str | None]:
    """The authority lines ("TM. Ủy ban nhân dân", "KT. Chủ tịch") and the signer's
    position ("Phó Chủ tịch") from the capitals of a signature block."""
    pieces = re.split(r"(?<!\w)(TM|KT|TL|TUQ)\s*\.\s*", upper_text)
    authority: list[str] = []
    position: str | None = None
    chunks = [(pieces[i], despace_capitals(pieces[i + 1])) for i in range(1, len(pieces) - 1, 2)]
    lead_in = despace_capitals(pieces[0]) if pieces else ""
    for idx, (kind, words) in enumerate(chunks):
        if idx == len(chunks) - 1:
            found = list(_POSITION.finditer(words))
            if found and found[-1].end() == len(words) and (found[-1].start() > 0 or kind == "KT"):
                last = found[-1]
                if (kind == "KT" and len(found) >= 2 and found[-1].start() > 0) or (kind == "TM" and last.start() > 0):
                    position = _title_case(last.group())
                    words = words[: last.start()].strip()
        authority.append(f"{kind}. {_title_case(words)}")
    if not chunks and lead_in:
        found = list(_POSITION.finditer(lead_in))
        if found:
            position = _title_case(found[-1].group())
    return authority, position


def parse_recipients(block: str) -> list[tuple[str, int, int]]:
    """Items of "Nơi nhận:" as ``(name, start, end)`` with offsets into ``block``."""
    label = re.search(r"Nơi\s+nhận\s*:", block, re.IGNORECASE)
    if not label:
        return []
    start = label.end()
    stops = [m.start() for m in (re.compile(r"\t").search(block, start), _AUTH.search(block, start)) if m]
    stop = min(stops) if stops else len(block)
    out = []
    pieces = list(re.finditer(r"(?:^|(?<=[;.:])|\n)\s*-\s*", block[start:stop]))
    for i, m in enumerate(pieces):
        s = start + m.end()
        e = start + pieces[i + 1].start() if i + 1 < len(pieces) else stop
        item = block[s:e].strip().rstrip(";.").strip()
        if item:
            s2 = block.index(item, s)
            out.append((" ".join(item.split()), s2, s2 + len(item)))
    return out


@dataclass(frozen=True)
class ClosingSignature:
    """The signature block: who signed, as what, on whose behalf; offsets into the text."""

    name: str | None
    position: str | None
    authority: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class ClosingRecipient:
    """One line of "Nơi nhận", with the agency it names when the name opens with one."""

    name: str
    agency: str | None
    start: int
    end: int


def closing_blocks(lines: list[Line]) -> list[list[Line]]:
    """Closing lines grouped into blocks: a decision's closing and its attached plan's
    closing are apart ("Trên đây"/"Nơi nhận" after a block that already holds a signature
    starts a new one)."""
    blocks: list[list[Line]] = []
    signed = False  # the last block holds a signature (kept as lines come: one pass)
    for ln in lines:
        if not blocks or (signed and ln.text.startswith(("Trên đây", "Nơi nhận"))):
            blocks.append([ln])
            signed = False
        else:
            blocks[-1].append(ln)
        signed = signed or "TM." in ln.text or "KT." in ln.text
    return blocks


def read_closing(
    lines: list[Line], text: str, matcher: AgencyMatcher
) -> tuple[ClosingSignature | None, list[ClosingRecipient]]:
    """The first signature and the first recipient list of the closing ``lines``."""
    signer: ClosingSignature | None = None
    recipients: list[ClosingRecipient] = []
    for block in closing_blocks(lines):
        for b_text, pos in _columns(block, text):
            if signer is None:
                sig = parse_signature(b_text)
                if sig is not None and (sig[0] or sig[2]):
                    name, position, authority, s, e = sig
                    signer = ClosingSignature(name, position, authority, pos[s], pos[max(s, e - 1)] + 1)
            if not recipients:
                items = [(name, pos[s], pos[max(s, e - 1)] + 1) for name, s, e in parse_recipients(b_text)]
                recipients = [ClosingRecipient(name, agency, start, end)
                              for (name, start, end), agency in zip(items, _opening_agencies(items, text, matcher), strict=True)]
    return signer, recipients


# what follows a recipient that the rules never read on over: its ";" or "." (blanks
# before it), or the line break before the next recipient's dash
_CUT = re.compile(r"[ \t]*(?:[;.]|\n\s*-)")


def _opening_agencies(items: list[tuple[str, int, int]], text: str, matcher: AgencyMatcher) -> list[str | None]:
    """The id of the agency each recipient ``(name, start, end)`` opens with (``None``
    for a name that opens with none), as ``matcher.find(name)`` finds it at the name's
    start.

    A name that is the text's own characters from ``start`` to ``end``, cut at its own
    punctuation or before the next recipient (:data:`_CUT`), is read in the matcher's
    scan of the whole text, which earlier stages asked for (one look-up for the list,
    then a bisection for each name, where a scan of each name cost ~40 us); on the plans
    at hand it opens with the same agency there as alone, and
    ``tests/test_closing_fast.py`` compares the two on generated lists. A name made of
    several lines or cells (spaces in place of line breaks, a column's cells), one cut
    by a column ("Ủy ban nhân dân tỉnh Hải Dương\tSở ..." is read on past the TAB, as
    no province), or one that a name of the text runs into or out of, is scanned
    alone."""
    if not items:
        return []
    mentions = matcher.find(text)  # (all of them: a name may cross a recipient's ends)
    starts = [m.start for m in mentions]
    out: list[str | None] = []
    for name, start, end in items:
        i = bisect.bisect_left(starts, start)
        last = bisect.bisect_left(starts, end) - 1  # the last name found that starts before its end
        # the whole text's reading stands for the name's where no name found there runs
        # into it from before ("Chủ tịch\n- UBND tỉnh") or out of it ("UBND TP." of a
        # recipient "UBND TP", which then holds no name by its shape that ends there)
        if text[start:end] == name and _CUT.match(text, end) \
                and not (i > 0 and mentions[i - 1].end > start) \
                and not (last >= 0 and mentions[last].end > end):
            first = mentions[i] if i < len(mentions) and starts[i] == start else None
        else:
            found = matcher.find(name)
            first = found[0] if found and found[0].start == 0 else None
        out.append(first.agency.id if first is not None else None)
    return out


# a closing line that belongs to the signature column: "TM. ...", "KT. ...", capitals
# ("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH Nguyễn Thành Sinh"), or a person's name alone
_SIGNATURE_LINE = re.compile(
    rf"^(?:(?:TM|KT|TL|TUQ)\s*\.|[{P.UPPER}]{{2,}}(?:\s|$)|[{P.UPPER}][{P.LOWER}]+(?:\s+[{P.UPPER}][{P.LOWER}]+){{1,4}}$)"
)


def _columns(block: list[Line], text: str) -> list[tuple[str, list[int]]]:
    """A closing block as texts to read, each with the position of its characters.

    Layouts put the recipients (left) and the signature (right) on shared lines,
    separated by a TAB; the two columns are read apart. A line with no TAB goes
    with the signature when it looks like one (capitals, TM./KT., a name)."""
    if not any("\t" in ln.text for ln in block):
        start = block[0].start
        return [(text[start : block[-1].end], list(range(start, block[-1].end + 1)))]
    columns: list[list[tuple[str, int]]] = [[], []]
    for ln in block:
        cells = ln.text.split("\t")
        if len(cells) == 1:
            columns[1 if _SIGNATURE_LINE.match(ln.text) else 0].append((ln.text, ln.start))
            continue
        offset = ln.start
        right: list[str] = []
        right_start = None
        for i, cell in enumerate(cells):
            if i == 0:
                if cell.strip():
                    columns[0].append((cell, offset))
            elif cell.strip():
                if right_start is None:
                    right_start = offset
                right.append(cell)
            offset += len(cell) + 1
        if right and right_start is not None:
            columns[1].append(("\t".join(right), right_start))
    return [_joined(column) for column in columns if column]


def _joined(column: list[tuple[str, int]]) -> tuple[str, list[int]]:
    """The cells of one column as one text, with each character's position."""
    text_parts: list[str] = []
    pos: list[int] = []
    for cell, start in column:
        if text_parts:
            text_parts.append("\n")
            pos.append(pos[-1] + 1 if pos else start)
        text_parts.append(cell)
        pos.extend(range(start, start + len(cell)))
    pos.append(pos[-1] + 1 if pos else 0)
    return "".join(text_parts), pos
