"""The responsibility matrix: agencies x tasks, cells lead / support.

>>> from ttdn_graph import datasets
>>> m = responsibility_matrix(datasets.hung_yen_2022())
>>> m.cell("hung-yen/so-thong-tin-va-truyen-thong", "IV.2.f")
'support'
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from . import agencies as _agencies  # noqa: F401  (gives Plan.find_agency the stage's names)
from .models import Agency, Plan, Section

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ROLE_MARKS", "ResponsibilityMatrix", "csv_safe", "responsibility_matrix"]

Order = Literal["appearance", "load"]

#: The one role notation of every table, in the notebook, the HTML report and Excel.
#: C is chủ trì (lead) and P is phối hợp (support); pictures use the colours of
#: ``ttdn_graph.viz.ROLE_COLORS`` with a legend in the same words.
ROLE_MARKS: dict[str, str] = {"lead": "C", "support": "P"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or
    carriage return) gets a leading apostrophe, the usual guard against formula injection.

    >>> print(csv_safe('=HYPERLINK("http://x")'), csv_safe("Sở Y tế"), csv_safe(3))
    '=HYPERLINK("http://x") Sở Y tế 3
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class ResponsibilityMatrix:
    """Agencies (rows) x tasks (columns); a cell is "lead", "support" or empty."""

    plan_label: str
    agencies: tuple[Agency, ...]
    tasks: tuple[Section, ...]
    cells: dict[tuple[str, str], str]
    #: task id -> what the task is about (:meth:`ttdn_graph.models.Plan.task_heading`), where it differs
    #: from the section's heading
    headings: dict[str, str] = field(default_factory=dict)

    def heading(self, task_id: str) -> str:
        """The task's heading as the plan's reader needs it (see :meth:`ttdn_graph.models.Plan.task_heading`)."""
        if task_id in self.headings:
            return self.headings[task_id]
        return next(t.heading for t in self.tasks if t.id == task_id)

    def cell(self, agency_id: str, section_id: str) -> str:
        """ "lead", "support" or "" (both roles in one task read "lead")."""
        return self.cells.get((agency_id, section_id), "")

    def rows(self) -> list[dict[str, str]]:
        """One dict per agency: ``{"agency": name, "<section id>": role, ...}``."""
        out = []
        for ag in self.agencies:
            row = {"agency": ag.name}
            row.update({t.id: self.cell(ag.id, t.id) for t in self.tasks})
            out.append(row)
        return out

    def to_csv(self) -> str:
        """CSV text: a header row of task ids, one row per agency."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["agency", *(t.id for t in self.tasks)])
        for ag in self.agencies:
            w.writerow([csv_safe(ag.name), *(self.cell(ag.id, t.id) for t in self.tasks)])
        return buf.getvalue()

    def to_dataframe(self) -> pd.DataFrame:
        """A pandas DataFrame (agencies as index, task ids as columns).

        Needs pandas: ``pip install 'ttdn_graph[pandas]'``
        (:class:`~ttdn_graph.errors.MissingExtraError` otherwise).
        """
        from ._optional import require

        require("pandas", "Matrix.to_dataframe()")
        import pandas as pd

        return pd.DataFrame(
            [[self.cell(a.id, t.id) for t in self.tasks] for a in self.agencies],
            index=pd.Index([a.name for a in self.agencies], name="agency"),
            columns=[t.id for t in self.tasks],
        )

    def to_xlsx(self) -> bytes:
        """An Excel workbook a clerk can open: the matrix with frozen headers and a legend
        on the first sheet (full headings as cell comments), the tasks on a second.

        Needs openpyxl: ``pip install 'ttdn_graph[xlsx]'``."""
        from ._optional import require

        require("openpyxl", "an Excel (.xlsx) matrix")
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Ma trận"
        fills = {"lead": PatternFill("solid", fgColor="1F4E79"), "support": PatternFill("solid", fgColor="9DC3E6")}
        marks = {"lead": "Chủ trì", "support": "Phối hợp"}
        ws.cell(row=1, column=1, value=f"{self.plan_label}: cơ quan / nhiệm vụ").font = Font(bold=True)
        for j, task in enumerate(self.tasks, start=2):
            cell = ws.cell(row=1, column=j, value=task.id)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(text_rotation=90, horizontal="center")
            cell.comment = Comment(self.heading(task.id)[:2000], "ttdn_graph")
            ws.column_dimensions[get_column_letter(j)].width = 5
        for i, agency in enumerate(self.agencies, start=2):
            ws.cell(row=i, column=1, value=agency.name).alignment = Alignment(wrap_text=True)
            for j, task in enumerate(self.tasks, start=2):
                role = self.cell(agency.id, task.id)
                if role:
                    c = ws.cell(row=i, column=j, value=ROLE_MARKS[role])
                    c.fill = fills[role]
                    c.font = Font(color="FFFFFF" if role == "lead" else "000000", bold=True)
                    c.alignment = Alignment(horizontal="center")
                    c.comment = Comment(f"{marks[role]} ({role})", "ttdn_graph")
        ws.column_dimensions["A"].width = 45
        ws.freeze_panes = "B2"
        legend_row = len(self.agencies) + 3
        ws.cell(row=legend_row, column=1, value="Chú giải / legend").font = Font(bold=True)
        for k, role in enumerate(("lead", "support"), start=1):
            c = ws.cell(row=legend_row + k, column=2, value=ROLE_MARKS[role])
            c.fill = fills[role]
            ws.cell(row=legend_row + k, column=1, value=f"{marks[role]} ({role})")
        self._task_sheet(wb.create_sheet("Nhiệm vụ"))
        return _saved_as_text(wb)

    def _task_sheet(self, sheet: Any) -> None:
        """The second sheet: every task's id and full heading."""
        sheet.append(["Mục / section", "Nhiệm vụ / task"])
        for task in self.tasks:
            sheet.append([task.id, self.heading(task.id)])
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 120
        sheet.freeze_panes = "A2"

    def counts(self) -> dict[str, dict[str, int]]:
        """``{agency id: {"lead": n, "support": m}}``."""
        out: dict[str, dict[str, int]] = {a.id: {"lead": 0, "support": 0} for a in self.agencies}
        for (aid, _), role in self.cells.items():
            out[aid][role] += 1
        return out

    def _repr_html_(self) -> str:
        """The matrix in Jupyter: C (chủ trì, lead) and P (phối hợp, support), as in the
        HTML report and the Excel sheet; wide matrices scroll inside their own box."""
        import html

        head = "".join(f"<th title='{html.escape(self.heading(t.id))}' style='white-space:nowrap'>"
                       f"{html.escape(t.id)}</th>" for t in self.tasks)
        colors = {"lead": "#1f4e79;color:white", "support": "#9dc3e6", "": "white"}
        body = "".join(
            "<tr><th style='text-align:left;min-width:14em'>" + html.escape(a.name) + "</th>"
            + "".join(
                f"<td style='background:{colors[self.cell(a.id, t.id)]};text-align:center'>"
                f"{ROLE_MARKS.get(self.cell(a.id, t.id), '')}</td>"
                for t in self.tasks) + "</tr>"
            for a in self.agencies)
        legend = ("<p><b>C</b> chủ trì (lead) &nbsp; <b>P</b> phối hợp (support); hover a task id"
                  " for its heading</p>")
        return (f"<div style='overflow-x:auto;max-width:100%'><table>"
                f"<tr><th style='text-align:left'>{html.escape(self.plan_label)}</th>{head}</tr>"
                f"{body}</table></div>{legend}")


def _saved_as_text(wb: Any) -> bytes:
    """A workbook's bytes, every cell that looks like a formula ("=...") kept as text."""
    import io

    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def responsibility_matrix(plan: Plan, *, order: Order = "appearance") -> ResponsibilityMatrix:
    """Build the matrix of a plan.

    Args:
        plan: a parsed plan.
        order: agencies by first appearance in the document ("appearance") or by the
            number of tasks they lead, then support ("load").

    Tasks are the sections with at least one assignment, in document order (so tasks
    of one item stay together). A cell holding both roles reads "lead".
    """
    pos = {s.id: i for i, s in enumerate(plan.sections)}
    task_ids = sorted({a.section for a in plan.assignments}, key=lambda s: pos.get(s, len(pos)))
    tasks = tuple(plan.section(t) for t in task_ids)
    cells: dict[tuple[str, str], str] = {}
    first: dict[str, tuple[int, int]] = {}
    for i, a in enumerate(plan.assignments):
        key = (a.agency, a.section)
        if cells.get(key) != "lead":
            cells[key] = a.role
        first.setdefault(a.agency, (pos.get(a.section, len(pos)), i))
    by_id = {a.id: a for a in plan.agencies}
    ids = sorted(first, key=lambda k: first[k])
    if order == "load":
        load: dict[str, list[int]] = {k: [0, 0] for k in ids}
        for (aid, _), role in cells.items():
            load[aid][0 if role == "lead" else 1] += 1
        ids = sorted(ids, key=lambda k: (-load[k][0], -load[k][1], first[k]))
    elif order != "appearance":
        raise ValueError(f"order must be 'appearance' or 'load', not {order!r}")
    label = f"{plan.doc_type} {plan.number or ''}".strip()
    headings = {t.id: h for t in tasks if (h := plan.task_heading(t)) != t.heading}
    return ResponsibilityMatrix(label, tuple(by_id[i] for i in ids if i in by_id), tasks, cells,
                                headings)


