"""Stage 5: document references - numbers, dates, issuers, titles, legal bases.

:func:`find_references` finds every reference in a stretch of normalized text;
:func:`parse_number` splits a document number into its parts.

Example:
    >>> parse_number("72/2015/NĐ-CP")
    NumberParts(canonical='72/2015/NĐ-CP', sequence='72', year=2015, type_code='NĐ', issuer_code='CP')
    >>> parse_number("34-NQ/TU").canonical
    '34-NQ/TU'
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import patterns as P
from .agencies import AgencyMatcher, _trie
from .segment import Line

__all__ = ["NumberParts", "RawReference", "find_references", "make_date", "parse_number", "sort_references"]

# Issuer codes written in mixed case; all others are upper case.
_MIXED_CASE_CODES = {"TTG": "TTg"}
# Codes whose "Đ" is often typed as "D" (keyboards, PDF text): one canonical spelling,
# so "72/2015/ND-CP" and "72/2015/NĐ-CP" are one number.
_D_CODES = {"ND": "NĐ", "QD": "QĐ", "HDND": "HĐND", "DU": "ĐU", "DKT": "ĐKT", "BGDDT": "BGDĐT",
            "BKHDT": "BKHĐT"}


@dataclass(frozen=True)
class NumberParts:
    """A document number split into its parts."""

    canonical: str
    sequence: str | None
    year: int | None
    type_code: str | None
    issuer_code: str | None


def _code(code: str) -> str:
    upper = code.upper()
    upper = _D_CODES.get(upper, upper)
    return _MIXED_CASE_CODES.get(upper, upper)


def parse_number(text: str) -> NumberParts | None:
    """Parse "72/2015/NĐ-CP", "1160/QĐ-TTg", "34-NQ/TU", "3210/QĐ - UBND" (spaces allowed).

    Codes get one spelling whatever the case or a "D" typed for "Đ":

    >>> parse_number("72/2015/ND-CP").canonical
    '72/2015/NĐ-CP'
    """
    m = P.STATE_NUMBER.fullmatch(text.strip())
    if m:
        return _state_parts(m)
    m = P.PARTY_NUMBER.fullmatch(text.strip())
    if m:
        return _party_parts(m)
    return None


def _state_parts(m: re.Match[str]) -> NumberParts:
    seq, year = m.group("seq"), m.group("year")
    type_code, issuer = _code(m.group("type")), "-".join(_code(p) for p in m.group("issuer").split("-"))
    canonical = f"{seq}/{year + '/' if year else ''}{type_code}-{issuer}"
    return NumberParts(canonical, seq, int(year) if year else None, type_code, issuer)


def _party_parts(m: re.Match[str]) -> NumberParts:
    seq, type_code, issuer = m.group("seq"), _code(m.group("type")), _code(m.group("issuer"))
    return NumberParts(f"{seq}-{type_code}/{issuer}", seq, None, type_code, issuer)


def make_date(day: str | int | None, month: str | int | None, year: str | int | None) -> dt.date | None:
    """A date from its parts, or ``None`` when a part is missing or impossible."""
    if not day or not month or not year:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class RawReference:
    """A reference found in normalized text (offsets into that text)."""

    doc_type: str
    number: NumberParts | None
    date: dt.date | None
    issuer: str | None
    issuer_id: str | None
    title: str | None
    start: int
    end: int


_TYPE_CANON = {t.lower(): t for t in P.DOC_TYPES}
# what may follow the number and date before the issuer
_ISSUER_CUE = re.compile(r"\s*,?\s*(?:của|do)\s+", re.IGNORECASE)
# what may open the title
_TITLE_CUE = re.compile(
    r"""(?ix)
    \s*,?\s* (?:về\s+việc | về | V/v) \s+                                      # "về việc ...", "V/v ..."
    | \s+ (?=(?:hướng\s+dẫn | quy\s+định | ban\s+hành | phê\s+duyệt)\b)       # "hướng dẫn ..."
    """
)
# where a title ends: a semicolon, a line end, a sentence end, a parenthesis, or the
# issuing body of the plan taking the floor again ("..., Ủy ban nhân dân tỉnh ban hành")
_TITLE_END = re.compile(
    r"""(?x)
    ; | \n | \t | [”"“]                   # a semicolon, a line or cell end, a quote
    | \.(?=\s|$)                         # a sentence end
    | \s\(                               # a parenthesis
    | ,\s* (?=(?:                         # a body taking the floor, another document
        Ủy\s+ban\s+nhân\s+dân | UBND | Chủ\s+tịch | Sở | Ban | Bộ
        | Thông\s+tư | Nghị\s+định | Quyết\s+định | Chỉ\s+thị | Nghị\s+quyết | Luật
      )\b)
    | ,\s+ (?:Thông\s+tư | Nghị\s+định | Quyết\s+định) \s+số
    """
)
_ISSUER_END = re.compile(r"\s+(?:về|hướng\s+dẫn|quy\s+định|ban\s+hành|phê\s+duyệt|V/v)\b|[;,.\n\t(]", re.IGNORECASE)


def _factored_reference_head() -> re.Pattern[str]:
    """``patterns.REFERENCE_HEAD`` with its document types factored on their common
    beginnings: at a word start the engine tries a branch or two, not each of the 22
    types. The same matches: where two types match at one place, one begins the other,
    and DOC_TYPES lists the longer first, as the factored form tries them (else, or if
    the pattern no longer lists the types so, the pattern is used as it is)."""
    types = list(P.DOC_TYPES)
    longer_first = not any(later.lower().startswith(t.lower())
                           for i, t in enumerate(types) for later in types[i + 1 :])
    listed = "(?P<type>" + "|".join(types) + ")"
    if not longer_first or listed not in P.REFERENCE_HEAD.pattern:
        return P.REFERENCE_HEAD
    factored = "(?P<type>" + _trie(types, blank=" ") + ")"
    return re.compile(P.REFERENCE_HEAD.pattern.replace(listed, factored), P.REFERENCE_HEAD.flags)


_REFERENCE_HEAD = _factored_reference_head()

# Every reference head ends right before a digit: "Nghị định số 72", "Quyết định: 1160".
# The text read backwards finds these digits fast (a digit opens the backward pattern,
# and the engine skips every other character at once), where the head pattern, which
# opens with a look-behind, is tried at every position of the text.
_HEAD_TAIL = r"(?:\s+số)?\s*:?\s*(?=\d)"
_PLAIN_HEAD = r"(?<!\w)(?P<type>" + "|".join(P.DOC_TYPES) + ")" + _HEAD_TAIL
# (most digits are followed by another digit or a slash: after the blanks and colon, a
# look-ahead for the letters the rest can open with, "số" read backwards or a type's last
# letter, fails there at once instead of trying each of the 22 types: half the scan's time)
_BACKWARD_HEAD = re.compile(
    r"\d\s*:?\s*(?=[" + re.escape("".join(sorted({"ố", *(t[-1] for t in P.DOC_TYPES)}))) + "])"
    r"(?:ốs\s+)?(?:" + "|".join(re.escape(t[::-1]) for t in P.DOC_TYPES) + ")",
    re.IGNORECASE)
# what may stand between a document type and the digit after it ("\s", ":", "số")
_GAP_CHARS = frozenset(":sSſốỐ")
_LONGEST_TYPE = max(len(t) for t in P.DOC_TYPES)


def _reference_heads(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_REFERENCE_HEAD.finditer(text, start, end)``, the head pattern tried only before
    the digits that end a head read backwards (each such head begins at most
    ``_LONGEST_TYPE`` characters before the blanks, colon and "số" ahead of its digit)."""
    if P.REFERENCE_HEAD.pattern != _PLAIN_HEAD or P.REFERENCE_HEAD.flags & re.IGNORECASE == 0:
        yield from _REFERENCE_HEAD.finditer(text, start, end)  # (the pattern changed: no shortcut)
        return
    size = len(text)
    backwards = text[::-1]
    digits = [size - 1 - m.start() for m in _BACKWARD_HEAD.finditer(backwards, size - end, size - start)]
    pos = start
    for digit in reversed(digits):  # left to right
        gap = digit
        while gap > pos and (text[gap - 1] in _GAP_CHARS or text[gap - 1].isspace()):
            gap -= 1
        head = _REFERENCE_HEAD.search(text, max(pos, gap - _LONGEST_TYPE), digit + 1)
        if head is not None:
            yield head
            pos = head.end()


def _title_after(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    m = _TITLE_CUE.match(text, pos)
    if not m:
        return None, pos
    start = m.end()
    end_m = _TITLE_END.search(text, start, min(limit, start + 400))
    end = end_m.start() if end_m else min(limit, start + 400)
    title = text[start:end].strip(" ,")
    return (title or None), end


def find_references(
    text: str, matcher: AgencyMatcher, start: int = 0, end: int | None = None
) -> list[RawReference]:
    """Every document reference in ``text[start:end]``, in order.

    Numbered references ("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về
    ...") and laws cited by name ("Luật Ngân sách Nhà nước").
    """
    end = len(text) if end is None else end
    found: list[RawReference] = []
    for head in _reference_heads(text, start, end):
        pos = head.end()
        m = P.STATE_NUMBER.match(text, pos, end) or P.PARTY_NUMBER.match(text, pos, end)
        if not m:
            continue
        parts = _state_parts(m) if m.re is P.STATE_NUMBER else _party_parts(m)
        pos = m.end()
        date = None
        dm = P.NGAY_DATE.match(text, pos, end)
        if dm:
            date = make_date(dm.group("d1") or dm.group("d2"), dm.group("m1") or dm.group("m2"),
                             dm.group("y1") or dm.group("y2"))
            pos = dm.end()
        issuer, issuer_id = None, None
        im = _ISSUER_CUE.match(text, pos, end)
        if im:
            mentions = matcher.find(text, im.end(), min(end, im.end() + 120))
            if mentions and mentions[0].start == im.end():
                issuer, issuer_id = mentions[0].agency.name, mentions[0].agency.id
                pos = mentions[0].end
            else:
                stop = _ISSUER_END.search(text, im.end(), min(end, im.end() + 120))
                stop_at = stop.start() if stop else min(end, im.end() + 120)
                issuer = " ".join(text[im.end() : stop_at].split()) or None
                pos = stop_at
        title, title_end = _title_after(text, pos, end)
        doc_type = _TYPE_CANON[head.group("type").lower()]
        found.append(
            RawReference(doc_type, parts, date, issuer, issuer_id, title, head.start(),
                         max(pos, title_end))
        )
    found += _laws_by_name(text, start, end, {r.start for r in found})
    found.sort(key=lambda r: r.start)
    return found


# Every match of patterns.LAW_BY_NAME opens "Luật" or "Bộ luật": it holds "uật", one or
# four characters after its start. ``str.find`` finds these in C (a plan has a few dozen),
# where the pattern is tried at every "L" and "B" of the text (about 8 times slower).
_LAW_WORD, _LAW_WORD_AT = "uật", (1, 4)


def _laws(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``P.LAW_BY_NAME.finditer(text, start, end)``, the pattern tried only where a match
    may start: one or four characters before a "uật" (``match`` at a position sees the
    text around it as ``finditer`` does)."""
    if "(?P<type>L(?<!\\w.)uật|B(?<!\\w.)ộ\\ luật)" not in P.LAW_BY_NAME.pattern:
        yield from P.LAW_BY_NAME.finditer(text, start, end)  # (the pattern changed: no shortcut)
        return
    starts: list[int] = []
    at = text.find(_LAW_WORD, start, end)
    while at >= 0:
        starts.extend(at - k for k in _LAW_WORD_AT if at - k >= start)
        at = text.find(_LAW_WORD, at + 1, end)
    pos = start
    for candidate in sorted(starts):
        if candidate < pos:
            continue  # (inside the match before: finditer goes on from its end)
        match = P.LAW_BY_NAME.match(text, candidate, end)
        if match is not None:
            yield match
            pos = match.end()


def _laws_by_name(text: str, start: int, end: int, numbered: set[int]) -> list[RawReference]:
    """The laws cited by name in ``text[start:end]`` ("Luật Ngân sách Nhà nước"), each
    once: not inside one read before (a law's name holding "Luật"), nor where a numbered
    reference starts (``numbered``: looked up, not searched, so a text of thousands of
    laws and references is read in linear time)."""
    laws: list[RawReference] = []
    reach = -1  # where the laws read so far end (they come left to right)
    for law in _laws(text, start, end):
        name = law.group("name").rstrip(" -")
        if not name[:1].isupper() or law.start() < reach or law.start() in numbered:
            continue
        pos = law.start("name") + len(name)
        date = None
        dm = P.NGAY_DATE.match(text, pos, end)
        if dm:
            date = make_date(dm.group("d1") or dm.group("d2"), dm.group("m1") or dm.group("m2"),
                             dm.group("y1") or dm.group("y2"))
            pos = dm.end()
        laws.append(RawReference(law.group("type"), None, date, None, None, f"{law.group('type')} {name}",
                                 law.start(), pos))
        reach = max(reach, pos)
    return laws


def sort_references(
    refs: list[RawReference], preamble: list[Line], text: str, own_number: str | None
) -> tuple[list[RawReference], list[RawReference]]:
    """Split a plan's references into its legal bases and its other citations.

    A basis is the first reference of a preamble clause that opens "Căn cứ" or "Thực
    hiện" (clauses are split at ";"). Each document is kept once, at its first mention; a
    document both basis and cited is a basis. The plan's own number and a reference right
    after "kèm theo" (the document this text is attached to) are not citations.
    """
    basis_keys: set[tuple[int, int]] = set()
    # the references in text order (as find_references gives them), so the first of a
    # clause is found by bisection, not by reading every reference for every clause
    ordered = sorted(refs, key=lambda r: r.start)
    starts = [r.start for r in ordered]
    for line in preamble:
        if not P.BASIS_CUE.match(line.text):
            continue
        clause_starts = [line.start] + [line.start + m.end() for m in re.finditer(r";\s*", line.text)]
        for cs in clause_starts:
            i = bisect.bisect_left(starts, cs)
            if i == len(ordered) or ordered[i].start >= line.end:
                continue
            first = ordered[i]
            lead_in = text[cs : first.start]
            if len(lead_in) <= 20 and re.fullmatch(r"(?i)\s*(?:căn\s+cứ|thực\s+hiện)?\s*", lead_in):
                basis_keys.add((first.start, first.end))
    bases: dict[str, RawReference] = {}
    cited: dict[str, RawReference] = {}
    for r in refs:
        key = r.number.canonical if r.number else (r.title or r.doc_type)
        if own_number and r.number and r.number.canonical == own_number:
            continue
        if re.search(r"(?i)kèm\s+theo\s*$", text[max(0, r.start - 20) : r.start]):
            continue
        if (r.start, r.end) in basis_keys:
            bases.setdefault(key, r)
        else:
            cited.setdefault(key, r)
    return list(bases.values()), [r for key, r in cited.items() if key not in bases]
