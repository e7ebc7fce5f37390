"""Stage 7: deadlines and reporting duties.

"... báo cáo kết quả hoạt động về Sở Thông tin và Truyền thông trước ngày 15 tháng 05
và ngày 01 tháng 12 năm 2022 ..." gives two report deadlines (2022-05-15 and
2022-12-01) to Sở Thông tin và Truyền thông; the first date takes its year from the
second. A date with no year at all ("trước ngày 10/12") takes the plan's year.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .agencies import AgencyMatcher, Mention
from .citations import make_date

if TYPE_CHECKING:
    from .segment import Line, RawSection

__all__ = ["PlacedDeadline", "RawDeadline", "find_deadlines", "period_end", "plan_deadlines"]


@dataclass(frozen=True)
class RawDeadline:
    """A dated duty found in normalized text."""

    date: dt.date
    kind: str
    reporters: tuple[str, ...]
    recipients: tuple[str, ...]
    start: int
    end: int


# "trước ngày", "chậm nhất ngày", "hạn chót ngày", "(trước ngày 10/12)"
# (the pattern opens with a character class, the cues' first letters in either case, so
# the engine skips every other character at once; after the first letter the look-behinds
# ask what they would ask before it: nothing of a word before, and which letter it was)
_CUE = re.compile(
    r"""(?ix)
    (?-i:[tTcChH]) (?<!\w.)
    (?: (?<=t)rước
      | (?<=c)hậm\s+nhất (?:\s+là)? (?:\s+vào)?
      | (?<=h)ạn\s+chót (?:\s+là)?
      | (?<=h)oàn\s+thành\s+trước
    ) \s+ngày\s+
    """
)
# one date: "15 tháng 05 [năm 2022]" | "15/5[/2022]"
_ONE_DATE = re.compile(
    r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm\s+(?P<y>(?:19|20)\d\d))?(?!\d)"
    r"|(?P<d2>\d{1,2})\s?[/.-]\s?(?P<m2>\d{1,2})(?:\s?[/.-]\s?(?P<y2>(?:19|20)\d\d))?(?![\d/])",
    re.IGNORECASE,
)
_MORE = re.compile(r"\s*(?:,|và|hoặc)\s*(?:ngày\s+)?", re.IGNORECASE)
_REPORT = re.compile(r"(?i)báo\s+cáo")
# a date is a deadline only in a sentence that speaks of a duty; "đăng ký hộ khẩu trước
# ngày 15 tháng 6 năm 2013" is a condition, not a deadline
_DUTY = re.compile(r"(?i)hoàn\s+(?:tất|thành)|báo\s+cáo|gửi|nộp|thời\s+(?:gian|hạn)|xong|trình|triển\s+khai")
_TO = re.compile(r"(?i)(?:về|gửi(?:\s+về)?|báo\s+cáo(?:\s+kết\s+quả)?)\s+(?=\S)")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")


_QUARTER = re.compile(r"(?i)quý\s+(?P<q>I{1,3}V?|IV|[1-4])\s*(?:/|năm)\s*(?P<y>(?:19|20)\d\d)")
_MONTH = re.compile(r"(?i)tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d\d)")
_DATE = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)")
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def period_end(text: str) -> dt.date | None:
    """The last day a time allows: "Quý II/2026" or "quý II năm 2026" -> 2026-06-30,
    "tháng 5/2026" -> 2026-05-31, "trước ngày 01/01/2030" -> 2030-01-01; ``None`` for
    "Thường xuyên" or "Cả năm".

    >>> period_end("Quý II/2026"), period_end("tháng 5 năm 2026"), period_end("Cả năm")
    (datetime.date(2026, 6, 30), datetime.date(2026, 5, 31), None)
    """
    m = _DATE.search(text)
    if m:
        try:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    m = _QUARTER.search(text)
    if m and m.group("q").upper() in _ROMAN_Q:
        q, y = _ROMAN_Q[m.group("q").upper()], int(m.group("y"))
        month = 3 * q
        return dt.date(y, month, calendar.monthrange(y, month)[1])
    m = _MONTH.search(text)
    if m and 1 <= int(m.group("m")) <= 12:
        y, mo = int(m.group("y")), int(m.group("m"))
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return None



# "Thời gian thực hiện: Quý II/2023", "thời hạn hoàn thành: tháng 6/2023": a labelled period
_PERIOD_LABEL = re.compile(  # (opens with its first letter: see _CUE)
    r"(?-i:[tT])(?<!\w.)hời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*"
    r"(?P<value>[^;\n)]*?)(?=[;\n)]|\.(?:\s|$)|$)",
    re.IGNORECASE,
)


class _Sentences:
    """The sentence around a position of ``text[start:end]``: from the end of the last
    sentence break before it (``_SENTENCE.finditer(text, start, pos)``) to the start of
    the first one from it on (``_SENTENCE.search(text, pos, end)``).

    The breaks are found once for the stretch, not again from its start for each
    position, and a search is reused for the positions before the break it found, so a
    stretch with many dates is read in linear time."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.starts: list[int] | None = None  # the breaks' starts and ends, found when first asked
        self.ends: list[int] = []
        self.searched: tuple[int, int] | None = None  # (from, the break found there or end)

    def bounds(self, pos: int) -> tuple[int, int]:
        if self.starts is None:  # (most stretches have no date: their breaks are never needed)
            breaks = [m.span() for m in _SENTENCE.finditer(self.text, self.start, self.end)]
            self.starts, self.ends = [a for a, _ in breaks], [b for _, b in breaks]
        # the breaks of a scan that stops at ``pos`` are those of the whole stretch
        # that start before it, the last one cut at ``pos`` (a run of blanks)
        i = bisect.bisect_left(self.starts, pos)
        s = min(self.ends[i - 1], pos) if i else self.start
        # a search from ``pos`` finds what one from an earlier position found, when
        # that lies at or after ``pos``: no break starts between them
        if self.searched is None or not self.searched[0] <= pos <= self.searched[1]:
            m = _SENTENCE.search(self.text, pos, self.end)
            self.searched = (pos, m.start() if m else self.end)
        return s, self.searched[1]


def find_deadlines(
    text: str,
    start: int,
    end: int,
    matcher: AgencyMatcher,
    plan_year: int | None,
    owners: tuple[str, ...] = (),
) -> list[RawDeadline]:
    """Deadlines in ``text[start:end]`` (a section's own text, or the closing)."""
    return _find_deadlines(text, start, end, matcher, plan_year, owners, None)


def _lower_in_place(text: str) -> str | None:
    """``text.lower()`` when each character is lowered to one character (its places kept),
    else ``None`` (a rare letter such as "İ" lowers to two)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else None


# Every match of _CUE holds "ngày", and every match of _PERIOD_LABEL opens "thờ", in any
# case: a stretch whose lowered text holds neither is not scanned (the engine matches "n",
# "g", "à", "y", "t", "h", "ờ" ignoring case exactly where their lowered form is that
# letter). A case-insensitive scan tries the cue at every "t", "c" and "h" of a section:
# most sections have no "ngày", and ``str.find`` over the lowered text tells them in C at
# a fraction of the scan's cost.
def _find_deadlines(
    text: str,
    start: int,
    end: int,
    matcher: AgencyMatcher,
    plan_year: int | None,
    owners: tuple[str, ...],
    lower: str | None,
) -> list[RawDeadline]:
    """:func:`find_deadlines`, with ``lower`` (:func:`_lower_in_place` of ``text``, or
    ``None``) to skip the scans of a stretch that cannot hold a match."""
    out: list[RawDeadline] = []
    sentences = _Sentences(text, start, end)
    cues = _CUE.finditer(text, start, end) if lower is None or lower.find("ngày", start, end) >= 0 else ()
    for cue in cues:
        dates: list[tuple[str, str, str | None]] = []
        pos = cue.end()
        while True:
            m = _ONE_DATE.match(text, pos, end)
            if not m:
                break
            d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (
                m.group("d2"), m.group("m2"), m.group("y2"))
            dates.append((d, mo, y))
            pos = m.end()
            more = _MORE.match(text, pos, end)
            if not more or not _ONE_DATE.match(text, more.end(), end):
                break
            pos = more.end()
        if not dates:
            continue
        s_start, s_end = sentences.bounds(cue.start())
        if not _DUTY.search(text, s_start, s_end):
            continue
        kind = "report" if _REPORT.search(text, s_start, s_end) else "completion"
        mentions = matcher.find(text, s_start, s_end)
        recipients = _recipients(text, mentions, s_start, s_end)
        reporters = _reporters(text, mentions, s_start) or owners
        year: str | None = None
        resolved: list[dt.date] = []
        for d, mo, y in reversed(dates):
            year = y or year
            date = make_date(d, mo, year or plan_year)
            if date is not None:
                resolved.append(date)
        for date in reversed(resolved):
            out.append(RawDeadline(date, kind, reporters, recipients, s_start, max(pos, cue.end())))
    labels = _PERIOD_LABEL.finditer(text, start, end) if text.find(":", start, end) >= 0 and (
        lower is None or lower.find("thờ", start, end) >= 0) else ()
    for label in labels:
        value = label.group("value")
        if _DATE.search(value):
            continue  # a dated "trước ngày ..." is read by the cues above
        date = period_end(value)  # None for "Cả năm", "Thường xuyên"
        if date is not None:
            s_start, _ = sentences.bounds(label.start())
            reporters = _reporters(text, matcher.find(text, s_start, label.end()), s_start) or owners
            out.append(RawDeadline(date, "completion", reporters, (), label.start(), label.end()))
    return out


# what may stand between two names of a list ("X, Y và Z"), and open a sentence ("- X")
_LIST_GAP = re.compile(r"[\s,]*(?:và\s+)?")
_BULLET_LEAD = re.compile(r"[-+•\s]*")


def _recipients(text: str, mentions: list[Mention], s_start: int, s_end: int) -> tuple[str, ...]:
    out: list[str] = []
    for m in _TO.finditer(text, s_start, s_end):
        for mention in mentions:
            if mention.start == m.end() and not mention.generic:
                out.append(mention.agency.id)
                # "về X và Y": the list goes on
                j = mentions.index(mention) + 1
                while j < len(mentions) and _LIST_GAP.fullmatch(text, mentions[j - 1].end, mentions[j].start):
                    out.append(mentions[j].agency.id)
                    j += 1
        if out:
            break
    return tuple(dict.fromkeys(out))


def _reporters(text: str, mentions: list[Mention], s_start: int) -> tuple[str, ...]:
    lead = _BULLET_LEAD.match(text, s_start)  # (matched in place: no copy of the text's rest)
    pos = lead.end() if lead else s_start
    out = []
    for m in mentions:
        if m.start != pos:
            break
        if not m.generic:
            out.append(m.agency.id)
        gap = _LIST_GAP.match(text, m.end)
        pos = gap.end() if gap else m.end
    return tuple(out)




@dataclass(frozen=True)
class PlacedDeadline:
    """A deadline with the section it belongs to (``None``: the closing's)."""

    deadline: RawDeadline
    section: str | None


def plan_deadlines(
    sections: list[RawSection], closing: list[list[Line]], text: str, matcher: AgencyMatcher,
    plan_year: int | None, leads: dict[str, tuple[str, ...]],
) -> list[PlacedDeadline]:
    """Deadlines in each section's own text (a section's leads report when the sentence
    names no one) and in each block of the closing (``closing``: its blocks of lines)."""
    out: list[PlacedDeadline] = []
    lower = _lower_in_place(text)  # (lowered once for every section's look for "ngày")
    for s in sections:
        start, end = s.lines[0].start, s.lines[-1].end  # (s.start, s.own_end)
        if lower is not None and lower.find("ngày", start, end) < 0 \
                and (lower.find("thờ", start, end) < 0 or text.find(":", start, end) < 0):
            continue  # neither scan of _find_deadlines would run (most sections): no call made
        for d in _find_deadlines(text, start, end, matcher, plan_year, leads.get(s.id, ()), lower):
            out.append(PlacedDeadline(d, s.id))
    for block in closing:
        for d in _find_deadlines(text, block[0].start, block[-1].end, matcher, plan_year, (), lower):
            out.append(PlacedDeadline(d, None))
    return out
