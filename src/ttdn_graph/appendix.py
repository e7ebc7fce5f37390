"""Appendix tables: rows of task, lead column, support column, time.

Plans often list their key tasks in an appendix ("Phụ lục") whose columns name the
agency that leads ("Sở, ngành chủ trì") and those that support ("Đơn vị phối hợp").
Text converted from .docx keeps one row per line with cells separated by TAB; web pages
keep one cell per block. :func:`appendix_tasks` reads both. Each numbered row becomes a
section ``PL.<n>`` (``PL.<group>.<n>`` where rows are numbered anew under groups).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .agencies import AgencyMatcher
from .cues import table_columns
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
    repeats: str | None = None  # the id an earlier row already had, when numbers repeat


_WORDS = table_columns()


def _columns(cells: list[str]) -> dict[str, int] | None:
    """The columns a header row names by its words (``data/cues.json``), indices counted
    from its number column ("TT", "STT"), so a title block read into the same row does
    not shift them. ``None`` unless it names a lead and a task column."""
    words = _WORDS
    # every cell's key is part of the row's key, so a row whose key has no lead word
    # or no task word names neither column: most rows, read with one fold, not one a cell
    row = fold("\t".join(cells))
    if not any(w in row for w in words["lead"]) or not any(w in row for w in words["task"]):
        return None
    folded = [fold(c) for c in cells]
    first = next((i for i, f in enumerate(folded) if f in words["number"]), 0)
    cols: dict[str, int] = {}
    for i, f in enumerate(folded[first:]):
        if f in words["number"]:
            cols.setdefault("no", i)
            continue
        for key in ("lead", "support", "time", "task", "product"):
            if key not in cols and any(w in f for w in words[key]):
                cols[key] = i
                break
    if "lead" in cols and "task" in cols:
        cols.setdefault("no", 0)
        return cols
    return None


_Cell = tuple[int, int]  # offsets of a cell's text


def _rows(lines: list[Line], text: str) -> list[list[_Cell]]:
    """The table rows of the appendix lines, each a list of cell spans.

    Two conversions are read: one row per line with TAB between cells (.docx), and one
    cell per block (web pages: "|" lines between cells became blank lines, so one blank
    line parts two cells of a row, two or more part two rows).
    """
    rows: list[list[_Cell]] = []
    current: list[_Cell] = []
    prev: Line | None = None
    for line in lines:
        raw = text[line.start : line.end]
        if "\t" in raw:
            if current:
                rows.append(current)
                current = []
            pos = line.start
            cells = []
            for c in raw.split("\t"):
                cells.append((pos, pos + len(c)))
                pos += len(c) + 1
            rows.append(cells)
            prev = None
            continue
        if prev is None:
            current = [(line.start, line.end)]
        else:
            blanks = text.count("\n", prev.end, line.start) - 1
            if blanks <= 0:  # the cell goes on
                current[-1] = (current[-1][0], line.end)
            elif blanks == 1:
                current.append((line.start, line.end))
            else:
                rows.append(current)
                current = [(line.start, line.end)]
        prev = line
    if current:
        rows.append(current)
    return rows


def appendix_tasks(lines: list[Line], text: str, matcher: AgencyMatcher) -> list[AppendixTask]:
    """Tasks with roles from the tables of the appendix lines (TAB rows or one cell per block).

    A header row names the columns by their words; each later row whose number cell is
    a number is a task. Rows numbered anew under group rows ("I", "II") get ids
    ``PL.<group>.<n>``."""
    out: list[AppendixTask] = []
    cols: dict[str, int] | None = None
    group = ""
    seen: set[str] = set()
    for row in _rows(lines, text):
        cells = [text[a:b] for a, b in row]
        found = _columns(cells)
        if found:
            cols, group = found, ""
            continue
        if cols is None:
            continue
        no = cells[cols["no"]].strip().rstrip(".") if cols["no"] < len(cells) else ""
        if re.fullmatch(r"[IVXL]{1,6}", no) and len(cells) <= 3:
            group = no  # a group row: "II | TRIỂN KHAI ĐỒNG BỘ VĂN BẢN ..."
            continue
        if not no.isdigit() or cols["task"] >= len(cells):
            continue
        sid = f"PL.{group}.{no}" if group else f"PL.{no}"
        repeats = None
        if sid in seen:  # a number given twice (rows cut away, a group row lost): keep both
            repeats, k = sid, 2
            while f"{sid}-{k}" in seen:
                k += 1
            sid = f"{sid}-{k}"
        seen.add(sid)
        task = AppendixTask(
            id=sid, marker=no, heading=" ".join(cells[cols["task"]].split()),
            start=row[0][0], end=row[-1][1], repeats=repeats,
        )
        for role in ("lead", "support"):
            idx = cols.get(role)
            if idx is None or idx >= len(cells):
                continue
            c_start, c_end = row[idx]
            for m in matcher.find(text, c_start, c_end):
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
