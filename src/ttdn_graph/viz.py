"""Pictures (matplotlib, the ``viz`` extra; imported only when a picture is drawn).

:func:`matrix_figure` draws the responsibility matrix: agencies as rows (full
Vietnamese names, wrapped), tasks as columns grouped by their parent item, a dark cell
for the lead and a light one for support, a legend, and a title with the plan's number
and date. It stays readable at about 50 tasks x 20 agencies.
"""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING, Any

from .matrix import Order, responsibility_matrix
from .models import Plan

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ROLE_COLORS", "matrix_figure", "save_matrix"]

#: Cell colours by role (also used by tests to read the picture back).
ROLE_COLORS = {"lead": "#1f4e79", "support": "#9dc3e6", "": "#ffffff"}


def matrix_figure(plan: Plan, *, order: Order = "appearance", wrap: int = 34) -> Figure:
    """The responsibility matrix as a matplotlib Figure (not shown, not saved)."""
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    m = responsibility_matrix(plan, order=order)
    n_rows, n_cols = max(1, len(m.agencies)), max(1, len(m.tasks))
    labels = ["\n".join(textwrap.wrap(a.name, wrap)) or a.name for a in m.agencies]
    lines_per_row = max([lab.count("\n") + 1 for lab in labels] or [1])
    cell_w, cell_h = 0.28, 0.22 * max(1.6, lines_per_row)
    fig = Figure(figsize=(3.2 + cell_w * n_cols + 0.8, 1.8 + cell_h * n_rows), dpi=110,
                 layout="constrained")
    ax = fig.add_subplot()
    grid: list[list[tuple[float, float, float]]] = [
        [to_rgb(ROLE_COLORS[m.cell(a.id, t.id)]) for t in m.tasks] for a in m.agencies
    ] or [[to_rgb(ROLE_COLORS[""])]]
    ax.imshow(grid, aspect="auto", interpolation="nearest")
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xticks(range(len(m.tasks)), [t.id for t in m.tasks], rotation=90, fontsize=6.5)
    ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    ax.grid(which="minor", color="#d0d0d0", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    # a thicker line between groups of tasks that share a parent item
    parents = [t.parent for t in m.tasks]
    for x in range(1, len(parents)):
        if parents[x] != parents[x - 1]:
            ax.axvline(x - 0.5, color="#404040", linewidth=1.0)
    date = plan.date.strftime("%d/%m/%Y") if plan.date else "không rõ ngày"
    ax.set_title(f"Ma trận trách nhiệm - {m.plan_label}, ngày {date}\n"
                 f"Responsibility matrix: {len(m.agencies)} agencies x {len(m.tasks)} tasks",
                 fontsize=9)
    ax.legend(
        handles=[Patch(color=ROLE_COLORS["lead"], label="Chủ trì (lead)"),
                 Patch(facecolor=ROLE_COLORS["support"], edgecolor="#808080",
                       label="Phối hợp (support)")],
        loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False,
    )
    fig.set_layout_engine("constrained")
    return fig


def save_matrix(plan: Plan, path: str | os.PathLike[str], **kwargs: Any) -> None:
    """Draw the matrix and write it (PNG or SVG, by the file name) atomically."""
    import io

    from .cli import atomic_write

    fmt = os.fspath(path).rsplit(".", 1)[-1].lower()
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported picture format {fmt!r}: use .png, .svg or .pdf")
    fig = matrix_figure(plan, **kwargs)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Software": None} if fmt == "png" else None)
    atomic_write(path, buf.getvalue())
