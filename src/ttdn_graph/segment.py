"""Stage 3: segmentation - header, preamble, body section tree, closing, appendix.

:func:`segment` reads NORMALIZED text line by line with a small state machine::

    header -> preamble -> body <-> closing -> appendix

Section markers are accepted only in sequence (I, II, III; A, B, C; 1, 2, 3 under each parent;
"2.1" under "2"; a, b, c, d, đ, e, g ... or f under each item), so a stray "3." inside a
paragraph does not open a section. Offsets are into the normalized text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import patterns as P

__all__ = ["Line", "RawSection", "Segments", "header_title", "roman_value", "segment"]

_VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral up to L, or ``None`` if it is not well formed."""
    total, prev = 0, 0
    for ch in reversed(numeral):
        value = _ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    canonical = _to_roman(total)
    return total if canonical == numeral else None


def _to_roman(value: int) -> str:
    out = []
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)


def _next_letters(letter: str) -> set[str]:
    nxt = set()
    for alphabet in (_VN_LETTERS, _LATIN_LETTERS):
        i = alphabet.find(letter)
        if 0 <= i < len(alphabet) - 1:
            nxt.add(alphabet[i + 1])
    if letter == "đ":
        nxt.add("e")
    if letter == "e":
        nxt.add("g")  # "f" is skipped by the Vietnamese alphabet; some texts use it
    return nxt


class Line(NamedTuple):
    """A non-empty line: offsets of its content (without surrounding blanks).

    (A named tuple, not a frozen dataclass: every line of a plan is one, and a tuple is
    made at a third of the cost.)"""

    start: int
    end: int
    text: str
    blank_before: bool = False


@dataclass
class RawSection:
    """A section found in the normalized text."""

    id: str
    marker: str
    kind: str
    heading: str
    rank: int
    parent: RawSection | None
    lines: list[Line] = field(default_factory=list)
    children: list[RawSection] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def own_end(self) -> int:
        return self.lines[-1].end

    @property
    def end(self) -> int:
        """Where the section ends, its sub-sections included (walked without recursion,
        so any depth of nesting is fine)."""
        end = self.own_end
        todo = list(self.children)
        while todo:
            sec = todo.pop()
            end = max(end, sec.own_end)
            todo.extend(sec.children)
        return end

    @property
    def text(self) -> str:
        """Own text (heading line included, marker excluded, children excluded)."""
        first = self.heading
        rest = [ln.text for ln in self.lines[1:]]
        return "\n".join([first, *rest]) if first else "\n".join(rest)


@dataclass
class Segments:
    """What :func:`segment` found."""

    header: list[Line]
    preamble: list[Line]
    sections: list[RawSection]
    closing: list[Line]
    appendix: list[Line]
    warnings: list[tuple[str, int]] = field(default_factory=list)  # (message, offset)

    @property
    def body_start(self) -> int:
        """The offset where the body begins (the preamble's first line, else the first section)."""
        if self.preamble:
            return self.preamble[0].start
        return self.sections[0].start if self.sections else 0


def _lines(text: str) -> list[Line]:
    out = []
    pos = 0
    blank = False
    new = tuple.__new__  # (Line's own __new__ is a Python function: a third of the cost)
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(new(Line, (pos + lead, pos + lead + len(stripped), stripped, blank)))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


# what a lettered item's line may open with: a bullet or a small letter (P.LETTER)
_LETTER_FIRST = frozenset("-+•*" + _LATIN_LETTERS + "đ")

# articles ("Điều 1.") and capital-letter parts ("A.", "B.") are top level like Roman
# numerals but numbered on their own
_ARTICLES = -1
_PARTS = -2


class _Tree:
    """Builds the section tree from marker lines, accepting markers only in sequence."""

    def __init__(self) -> None:
        self.sections: list[RawSection] = []
        self.stack: list[RawSection] = []
        self.last_child: dict[int, str] = {}  # id(parent or None) -> last child marker
        self.top_roman = 0
        self.has_roman = False
        self.warnings: list[tuple[str, int]] = []
        self.repeats: dict[str, int] = {}

    def _key(self, parent: RawSection | None) -> int:
        return id(parent) if parent is not None else 0

    def _open(self, rank: int) -> RawSection | None:
        """The section a new one of ``rank`` would go under (without popping)."""
        for sec in reversed(self.stack):
            if sec.rank < rank:
                return sec
        return None

    def try_line(self, line: Line) -> RawSection | None:
        """The section ``line`` opens, if its marker is the next one of its kind: the
        kinds are tried from the outermost (parts "A.", Roman "I.", articles "Điều 1.")
        to the innermost ("1.2.a)", "1.2.", "1.", "a)").

        Only the kinds whose pattern can match the line's first character are tried
        (a digit: numbers; a capital: parts, Roman numerals, articles; a small letter or
        a bullet: letters); most lines, running text, try none. A kind that does not
        match changes nothing, so skipping it keeps the order and the outcome."""
        first = line.text[:1]
        reads: tuple[Callable[[Line], RawSection | None], ...]
        if first.isdigit():  # (a superset of the regex ``\d``)
            reads = (self._decimal_letter, self._decimal, self._number)
        elif "A" <= first <= "Z" or first == "Đ":
            reads = (self._part, self._roman, self._article)
        elif first in _LETTER_FIRST:
            reads = (self._letter,)
        else:
            return None
        for read in reads:
            found = read(line)
            if found is not None:
                return found
        return None

    def _part(self, line: Line) -> RawSection | None:
        m = P.PART.match(line.text)
        if m and _upperish(m.group("h")):
            last = self.last_child.get(_PARTS)
            letter = m.group("m")
            if (last is None and letter == "A") or (last is not None and letter.lower() in _next_letters(last.lower())):
                self.last_child[_PARTS] = letter
                return self._add(letter, "part", m.group("h"), 0, line, None)
        return None

    def _roman(self, line: Line) -> RawSection | None:
        m = P.ROMAN.match(line.text)
        if not (m and m.group("h") and _upperish(m.group("h"))):
            return None
        value = roman_value(m.group("m"))
        if value is not None and value == self.top_roman + 1:
            self.top_roman = value
            self.has_roman = True
            return self._add(m.group("m"), "roman", m.group("h"), 0, line, None)
        if value is not None and self.has_roman and _capitals(m.group("h")) \
                and value in (self.top_roman, self.top_roman + 2):
            # "III." then "V.", or "V." twice: both parts are kept, with a warning
            what = "repeats the part before it" if value == self.top_roman \
                else "comes after a missing part"
            self.top_roman = value
            return self._add(m.group("m"), "roman", m.group("h"), 0, line, None,
                             warn=f"part '{m.group('m')}.' {what}")
        return None

    def _article(self, line: Line) -> RawSection | None:
        m = P.ARTICLE.match(line.text)
        if m:
            last = self.last_child.get(_ARTICLES)
            n = int(m.group("m"))
            if (last is None and n == 1) or (last is not None and n == int(last) + 1):
                self.last_child[_ARTICLES] = m.group("m")
                return self._add(m.group("m"), "article", m.group("h"), 0, line, None,
                                 sid=f"Điều {n}")
        return None

    def _decimal_letter(self, line: Line) -> RawSection | None:
        m = P.DECIMAL_LETTER.match(line.text)
        if m:
            prefix, letter = m.group("m").rsplit(".", 1)
            parent = self._find_decimal(prefix)
            if parent is not None and self._letter_ok(parent, letter):
                return self._add(letter, "letter", m.group("h"), 9, line, parent)
        return None

    def _decimal(self, line: Line) -> RawSection | None:
        m = P.DECIMAL.match(line.text)
        if not m:
            return None
        marker = m.group("m")
        prefix, last = marker.rsplit(".", 1)
        parent = self._find_decimal(prefix)
        rank = marker.count(".") + 1
        if parent is None:
            return None
        prev = self.last_child.get(self._key(parent))
        step = int(last) - (int(prev) if prev is not None and prev.isdigit() else 0)
        if step == 1 and (prev is None or prev.isdigit()):
            return self._add(last, "decimal", m.group("h"), rank, line, parent, written=marker)
        if (step == 2 or (prev is None and step == 3)) and (prev is None or prev.isdigit()):
            return self._add(last, "decimal", m.group("h"), rank, line, parent,
                             written=marker, warn=f"'{marker}' comes after a missing number")
        return None

    def _number(self, line: Line) -> RawSection | None:
        m = P.NUMBER.match(line.text)
        if not m:
            return None
        parent = self._open(1)
        prev = self.last_child.get(self._key(parent))
        n = int(m.group("m"))
        if (prev is None and n == 1) or (prev is not None and prev.isdigit() and n == int(prev) + 1):
            return self._add(m.group("m"), "number", m.group("h"), 1, line, parent)
        after = int(prev) if prev is not None and prev.isdigit() else 0
        if n == after + 2 and (prev is None or prev.isdigit()) and line.blank_before \
                and parent is not None and parent.kind in ("roman", "part"):
            return self._add(m.group("m"), "number", m.group("h"), 1, line, parent,
                             warn=f"item '{n}.' comes after a missing number")
        return None

    def _letter(self, line: Line) -> RawSection | None:
        m = P.LETTER.match(line.text)
        if m:
            parent = self._open(9)
            if parent is not None and self._letter_ok(parent, m.group("m")):
                return self._add(m.group("m"), "letter", m.group("h"), 9, line, parent)
        return None

    def _letter_ok(self, parent: RawSection, letter: str) -> bool:
        prev = self.last_child.get(self._key(parent))
        if prev is None or prev.isdigit():
            return letter == "a"
        return letter in _next_letters(prev)

    def _find_decimal(self, prefix: str) -> RawSection | None:
        for sec in reversed(self.stack):
            if sec.kind in ("number", "decimal") and sec.marker == prefix:
                return sec
        return None

    def _add(
        self, marker: str, kind: str, heading: str | None, rank: int, line: Line,
        parent: RawSection | None, *, sid: str | None = None, written: str | None = None,
        warn: str | None = None,
    ) -> RawSection:
        while self.stack and self.stack[-1] is not parent:
            self.stack.pop()
        if sid is None:
            sid = f"{parent.id}.{marker}" if parent is not None else marker
        if sid in self.repeats:  # a number given twice: both units kept, ids kept apart
            self.repeats[sid] += 1
            sid = f"{sid}-{self.repeats[sid]}"
        self.repeats.setdefault(sid, 1)
        if warn:
            self.warnings.append((f"{warn} (kept as section {sid})", line.start))
        sec = RawSection(sid, written or marker, kind, (heading or "").strip(), rank, parent, [line])
        if parent is not None:
            parent.children.append(sec)
        self.last_child[self._key(parent)] = marker
        self.sections.append(sec)
        self.stack.append(sec)
        return sec

    def append(self, line: Line) -> bool:
        if not self.stack:
            return False
        self.stack[-1].lines.append(line)
        return True


def _capitals(heading: str) -> bool:
    """A heading in capitals ("CHẾ ĐỘ BÁO CÁO"), as parts are written."""
    letters = [c for c in heading if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _upperish(heading: str) -> bool:
    if heading[:1].isupper():  # (most part headings: said without counting the letters)
        return True
    letters = [c for c in heading if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.6 or heading[:1].isupper()


_AUTHORITY_LINE = re.compile(
    r"^(?:CHỦ\s+TỊCH|ỦY\s+BAN\s+NHÂN\s+DÂN|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|BAN\s+THƯỜNG\s+VỤ|HỘI\s+ĐỒNG)\b"
)
_ATTACHED = re.compile(r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\b")


# the characters P.APPENDIX_START and P.CLOSING_START can open with ("PHỤ LỤC", "Phụ lục";
# "Trên đây là", "Nơi nhận", "TM.", "KT.", "TL.", "TUQ." in any case, the Kelvin sign
# matching "k"): a line that opens with another (most lines) is neither, told without a
# call to the engine
_APPENDIX_FIRST = frozenset("P")
_CLOSING_FIRST = frozenset("TtNnKk\u212a")


def segment(text: str) -> Segments:
    """Split normalized text into header, preamble, sections, closing and appendix."""
    lines = _lines(text)
    body_start = _body_start(lines)
    header = lines[:body_start]
    tree = _Tree()
    preamble: list[Line] = []
    closing: list[Line] = []
    appendix: list[Line] = []
    state = "preamble"
    for line in lines[body_start:]:
        if state == "appendix":
            appendix.append(line)
            continue
        first = line.text[0]
        if first in _APPENDIX_FIRST and P.APPENDIX_START.match(line.text) and (tree.sections or state == "closing"):
            state = "appendix"
            appendix.append(line)
            continue
        if state == "closing":
            m = P.ROMAN.match(line.text)
            if m and m.group("m") == "I" and not tree.has_roman:
                state = "body"
            else:
                closing.append(line)
                continue
        if first in _CLOSING_FIRST and P.CLOSING_START.match(line.text) and (tree.sections or state == "preamble"):
            if state == "preamble" and not tree.sections and not P.RECIPIENTS_LABEL.match(line.text) \
                    and not line.text.startswith(("TM.", "KT.")):
                preamble.append(line)
                continue
            state = "closing"
            closing.append(line)
            continue
        if tree.try_line(line) is not None:
            state = "body"
            continue
        if state == "preamble" or not tree.append(line):
            preamble.append(line)
    return Segments(header, preamble, tree.sections, closing, appendix, tree.warnings)


def _body_start(lines: list[Line]) -> int:
    for i, line in enumerate(lines[:80]):
        if P.PREAMBLE_START.match(line.text):
            return i
        m = P.ROMAN.match(line.text)
        if m and m.group("m") == "I" and m.group("h"):
            return i
        if P.ARTICLE.match(line.text) and line.text.startswith("Điều 1"):
            return i
    # no preamble and no "I.": the header is what precedes the first numbered line
    for i, line in enumerate(lines[:80]):
        if P.NUMBER.match(line.text) or P.LETTER.match(line.text):
            return i
    return min(len(lines), 8)


def header_title(header: list[Line]) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The document type ("Kế hoạch") and title lines from the header, with their extent."""
    for i, line in enumerate(header):
        m = P.TITLE_TYPE.match(line.text)
        if not m:
            continue
        doc_type = " ".join(m.group("type").split()).capitalize()
        title_lines: list[Line] = []
        for nxt in header[i + 1 :]:
            if _AUTHORITY_LINE.match(nxt.text) or P.PREAMBLE_START.match(nxt.text):
                break
            if _ATTACHED.match(nxt.text):
                break
            if title_lines and nxt.blank_before and not nxt.text[:1].islower():
                break
            title_lines.append(nxt)
        if not title_lines:
            return doc_type, None, None
        title = " ".join(" ".join(ln.text for ln in title_lines).split())
        return doc_type, title, (title_lines[0].start, title_lines[-1].end)
    return None, None, None
