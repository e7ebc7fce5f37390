"""Appendix tables: rows of task, lead column, support column, time.

Plans often list their key tasks in an appendix ("Phụ lục") whose columns name the
agency that leads ("Sở, ngành chủ trì") and those that support ("Đơn vị phối hợp").
Text converted from .docx keeps one row per line with cells separated by TAB, which is
what :func:`appendix_tasks` reads. Each numbered row becomes a section ``PL.<n>``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .agencies import AgencyMatcher
from .deadlines import period_end
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
