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

import re
from functools import cache

from . import patterns as P

__all__ = ["despace_capitals", "parse_recipients", "parse_signature"]

# "TM." (on behalf of), "KT." (acting for), "TL." / "TUQ." (by delegation) followed by
# capitals; not "KT." of an archive code ("Lưu: VT, KT.").
_AUTH = re.compile(
    rf"(?<![\w,])(?<!,\s)(?P<k>TM|KT|TL|TUQ)\s*\.\s*(?!(?:TM|KT|TL|TUQ)\s*\.)(?=[{P.UPPER}]\s*[{P.UPPER}])"
)
_POSITIONS = (
    "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN", "PHÓ BÍ THƯ", "BÍ THƯ", "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "BỘ TRƯỞNG",
    "THỨ TRƯỞNG", "PHÓ THỦ TƯỚNG", "THỦ TƯỚNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "VIỆN TRƯỞNG", "CHÁNH ÁN",
)
_POSITION = re.compile(r"(?<!\w)(?:" + "|".join(p.replace(" ", r"\s+") for p in _POSITIONS) + r")(?!\w)")
_VOCAB = {
    w for p in _POSITIONS for w in p.split()
} | set(
    ["ỦY", "BAN", "NHÂN", "DÂN", "TỈNH", "THÀNH", "PHỐ", "HỘI", "ĐỒNG", "THƯỜNG", "TRỰC", "VỤ", "SỞ", "QUẬN", "HUYỆN", "XÃ", "VĂN", "PHÒNG", "THÔNG", "TIN", "VÀ", "TRUYỀN", "BỘ", "CHÍNH", "PHỦ", "ĐẢNG"]
)


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
    name_parts: list[str] = []
    end = start + (upper[-1].end() if upper else 0)
    prev_end = end - start
    for tok in tokens[len(upper):]:
        word = tok.group()
        gap = block[start + prev_end : start + tok.start()]
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
        prev_end = tok.end()
        end = start + tok.end()
    upper_text = block[start : start + (upper[-1].end() if upper else 0)]
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
    name = " ".join(name_parts) if len(name_parts) >= 2 else None
    if name is None and not authority and position is None:
        return None
    return name, position, tuple(authority), start, end


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
