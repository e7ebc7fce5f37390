"""Appendix tables: rows of task, lead column, support column, time.

Plans often list their key tasks in an appendix ("Phụ lục") whose columns name the
agency that leads ("Sở, ngành chủ trì") and those that support ("Đơn vị phối hợp").
Text converted from .docx keeps one row per line with cells separated by TAB, which is
what :func:`appendix_tasks` reads. Each numbered row becomes a section ``PL.<n>``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from .agencies import AgencyMatcher
from .normalize import fold
from .roles import RawAssignment
from .segment import Line

__all__ = ["AppendixTask", "appendix_tasks", "period_end"]


@dataclass
class AppendixTask:
    """One numbered row of an appendix table."""

    id: str
    marker: str
    heading: str
    start: int
    end: int
    roles: list[RawAssignment] = field(default_factory=list)
    due: dt.date | None = None
    due_text: str | None = None


def _columns(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        f = fold(cell)
        if "chu tri" in f and "lead" not in cols:
            cols["lead"] = i
        elif "phoi hop" in f and "support" not in cols:
            cols["support"] = i
        elif ("thoi gian" in f or "thoi han" in f or "tien do" in f) and "time" not in cols:
            cols["time"] = i
        elif ("nhiem vu" in f or "noi dung" in f or "ten" in f.split()[:1]) and "task" not in cols:
            cols["task"] = i
        elif f in ("tt", "stt", "so tt") and "no" not in cols:
            cols["no"] = i
    if "lead" in cols and "task" in cols:
        cols.setdefault("no", 0)
        return cols
    return None


_QUARTER = re.compile(r"(?i)quý\s+(?P<q>I{1,3}V?|IV|[1-4])\s*/\s*(?P<y>(?:19|20)\d\d)")
_MONTH = re.compile(r"(?i)tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)")
_DATE = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)")
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def period_end(text: str) -> dt.date | None:
    """The last day a time cell allows: "Quý II/2026" -> 2026-06-30, "tháng 5/2026" ->
    2026-05-31, "trước ngày 01/01/2030" -> 2030-01-01. ``None`` for "Thường xuyên"."""
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


def appendix_tasks(lines: list[Line], text: str, matcher: AgencyMatcher) -> list[AppendixTask]:
    """Tasks with roles from the TAB-separated tables of the appendix lines."""
    out: list[AppendixTask] = []
    cols: dict[str, int] | None = None
    for line in lines:
        raw = text[line.start : line.end]
        if "\t" not in raw:
            continue
        cells = raw.split("\t")
        found = _columns(cells)
        if found:
            cols = found
            continue
        if cols is None:
            continue
        no = cells[cols["no"]].strip().rstrip(".") if cols["no"] < len(cells) else ""
        if not no.isdigit() or cols["task"] >= len(cells):
            continue
        offsets = []
        pos = line.start
        for c in cells:
            offsets.append((pos, pos + len(c)))
            pos += len(c) + 1
        task = AppendixTask(
            id=f"PL.{no}", marker=no, heading=" ".join(cells[cols["task"]].split()),
            start=line.start, end=line.end,
        )
        for role, key in (("lead", "lead"), ("support", "support")):
            idx = cols.get(key)
            if idx is None or idx >= len(cells):
                continue
            c_start, c_end = offsets[idx]
            for m in matcher.find(text, c_start, c_end):
                if m.generic and role == "lead":
                    continue
                if m.generic:
                    continue
                task.roles.append(RawAssignment(task.id, m.agency, role,
                                                f"bảng phụ lục: cột {'chủ trì' if role == 'lead' else 'phối hợp'}",
                                                c_start, c_end))
        t_idx = cols.get("time")
        if t_idx is not None and t_idx < len(cells):
            task.due_text = " ".join(cells[t_idx].split()) or None
            task.due = period_end(cells[t_idx])
        out.append(task)
    return out
