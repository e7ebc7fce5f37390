"""Pictures (matplotlib, the ``viz`` extra; imported only when a picture is drawn).

:func:`matrix_figure` draws the responsibility matrix: agencies as rows (full
Vietnamese names, wrapped), tasks as columns grouped by their parent item, a dark cell
for the lead and a light one for support, a legend, and a title with the plan's number
and date. It stays readable at about 50 tasks x 20 agencies.
"""

from __future__ import annotations

import os
import textwrap
from functools import cache
from typing import TYPE_CHECKING, Any

from ._optional import require
from .matrix import Order, responsibility_matrix
from .models import Plan

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ROLE_COLORS", "figure_bytes", "legal_basis_figure", "matrix_figure", "network_figure", "save_figure",
           "save_matrix"]

@cache
def _figure_class() -> type[Figure]:
    """matplotlib's Figure, plus a PNG representation for Jupyter.

    Our figures are made without pyplot (no global state, nothing opens a window), so
    IPython has no formatter for them unless the user imported pyplot; ``_repr_png_``
    lets a notebook show the picture either way.
    """
    require("matplotlib", "pictures")
    from matplotlib.figure import Figure

    class PlanFigure(Figure):
        """A matplotlib Figure that shows itself as a PNG in Jupyter."""

        def _repr_png_(self) -> bytes:
            import io

            buf = io.BytesIO()
            self.savefig(buf, format="png", bbox_inches="tight")
            return buf.getvalue()

    PlanFigure.__module__ = __name__
    return PlanFigure


#: Cell colours by role (also used by tests to read the picture back).
ROLE_COLORS = {"lead": "#1f4e79", "support": "#9dc3e6", "": "#ffffff"}


def matrix_figure(plan: Plan, *, order: Order = "appearance", wrap: int = 34) -> Figure:
    """The responsibility matrix as a matplotlib Figure (not shown, not saved)."""
    require("matplotlib", "matrix_figure()")
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch

    m = responsibility_matrix(plan, order=order)
    n_rows, n_cols = max(1, len(m.agencies)), max(1, len(m.tasks))
    labels = ["\n".join(textwrap.wrap(a.name, wrap)) or a.name for a in m.agencies]
    lines_per_row = max([lab.count("\n") + 1 for lab in labels] or [1])
    cell_w, cell_h = 0.28, 0.22 * max(1.6, lines_per_row)
    fig = _figure_class()(figsize=(3.2 + cell_w * n_cols + 0.8, 1.8 + cell_h * n_rows), dpi=110,
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


def _edge_width(weight: int) -> float:
    return 1 + 1.5 * weight


def _node_size(n_leads: int) -> float:
    return 300 + 120 * n_leads


def _network_legend(ax: Any, net: Any, leads: dict[str, int]) -> None:
    """A legend of link widths (shared tasks) and node sizes (tasks led): the smallest,
    a middle and the largest value the picture shows."""
    from matplotlib.lines import Line2D

    weights = sorted({d["weight"] for _, _, d in net.edges(data=True)})
    shown_weights = sorted({weights[0], weights[-1]} | ({2} if 2 in weights else set())) if weights else []
    lead_counts = sorted(set(leads.values()) | {0})
    shown_leads = sorted({0, lead_counts[len(lead_counts) // 2], lead_counts[-1]})
    handles = [Line2D([], [], color="#9dc3e6", linewidth=_edge_width(w),
                      label=f"{w} shared task{'s' if w != 1 else ''}")
               for w in shown_weights]
    handles += [Line2D([], [], linestyle="none", marker="o", color="#1f4e79",
                       markersize=_node_size(k) ** 0.5,
                       label=f"leads {k} task{'s' if k != 1 else ''}")
                for k in shown_leads]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=7,
              frameon=False, labelspacing=2.8, borderpad=1.2, handlelength=4, handletextpad=1.5,
              title="Link width: shared tasks (nhiệm vụ chung)\nNode size: tasks led (chủ trì)",
              title_fontsize=7)


def network_figure(plan: Plan, *, wrap: int = 22) -> Figure:
    """The agency coordination network: agencies that share tasks, edge width by the
    number of shared tasks; node size by the number of tasks an agency leads."""
    import networkx as nx
    require("matplotlib", "network_figure()")

    from matplotlib import patheffects

    from .nxgraph import agency_network

    net = agency_network(plan)
    leads: dict[str, int] = {}
    for a in plan.assignments:
        if a.role == "lead":
            leads[a.agency] = leads.get(a.agency, 0) + 1
    fig = _figure_class()(figsize=(11, 8), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    # agencies that share tasks in the middle; those that work alone in a row below
    linked = [n for n in net if net.degree(n) > 0]
    alone = sorted((n for n in net if net.degree(n) == 0), key=lambda n: net.nodes[n]["label"])
    pos = (nx.spring_layout(net.subgraph(linked), seed=7, k=0.9, iterations=200)
           if len(linked) > 1 else {n: (0.0, 0.0) for n in linked})
    for i, n in enumerate(alone):
        pos[n] = (-1.1 + 2.2 * (i + 0.5) / len(alone), -1.45 - 0.25 * (i % 2))
    width, size = _edge_width, _node_size
    nx.draw_networkx_edges(net, pos, ax=ax, width=[width(d["weight"]) for _, _, d in net.edges(data=True)],
                           edge_color="#9dc3e6")
    nx.draw_networkx_nodes(net, pos, ax=ax, node_color="#1f4e79",
                           node_size=[size(leads.get(d["agency_id"], 0)) for _, d in net.nodes(data=True)])
    # labels beside their node (below it), with a thin white halo instead of a box, so
    # edges stay visible under them; no numbers on edges: width says the weight (legend)
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    ys = [xy[1] for xy in pos.values()] or [0.0]
    drop = 0.035 * max(1.0, max(ys) - min(ys))
    for n, d in net.nodes(data=True):
        x, y = pos[n]
        radius = (size(leads.get(d["agency_id"], 0)) ** 0.5) / 2200
        ax.text(x, y - drop - radius, "\n".join(textwrap.wrap(d["label"], wrap)), ha="center", va="top",
                fontsize=7, color="#222222", path_effects=halo, zorder=3)
    ax.margins(0.12)
    _network_legend(ax, net, leads)
    ax.set_title(f"Mạng phối hợp - {plan.doc_type} {plan.number or ''}\n"
                 f"Coordination network: {net.number_of_nodes()} agencies, "
                 f"{net.number_of_edges()} links (shared tasks)", fontsize=9)
    return fig


def legal_basis_figure(plan: Plan, *, wrap: int = 40) -> Figure:
    """The plan and the documents it rests on (solid) or cites (dashed), with dates."""
    require("matplotlib", "legal_basis_figure()")

    refs = [*plan.legal_bases, *plan.citations]
    fig = _figure_class()(figsize=(10, 1.6 + 0.75 * max(1, len(refs))), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    n = max(1, len(refs))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.5, n - 0.5)
    plan_label = "\n".join(textwrap.wrap(f"{plan.doc_type} {plan.number or '(dự thảo)'}"
                                         f"{' ngày ' + plan.date.strftime('%d/%m/%Y') if plan.date else ''}", 22))
    ax.text(1.2, (n - 1) / 2, plan_label, ha="center", va="center", fontsize=9,
            bbox={"boxstyle": "round", "facecolor": "#1f4e79", "edgecolor": "none"}, color="white")
    for i, ref in enumerate(refs):
        y = n - 1 - i
        date = ref.date.strftime("%d/%m/%Y") if ref.date else "không rõ ngày"
        who = f" - {ref.issuer}" if ref.issuer else ""
        label = "\n".join(textwrap.wrap(f"{ref.label} ({date}){who}", wrap))
        ax.annotate("", xy=(5.0, y), xytext=(2.4, (n - 1) / 2),
                    arrowprops={"arrowstyle": "->", "color": "#404040",
                                "linestyle": "-" if ref.is_basis else "--"})
        ax.text(5.1, y, label, ha="left", va="center", fontsize=8,
                bbox={"boxstyle": "round", "facecolor": "#deebf7" if ref.is_basis else "#f2f2f2",
                      "edgecolor": "#9dc3e6"})
    ax.set_title(f"Căn cứ pháp lý (based on, solid) và văn bản trích dẫn (cites, dashed): "
                 f"{len(plan.legal_bases)} + {len(plan.citations)}", fontsize=9)
    return fig


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """A figure as the bytes of a PNG, SVG or PDF file (SVG text stays text: searchable
    and selectable, not outlines; no software stamp, so equal figures give equal bytes)."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported picture format {fmt!r}: use png, svg or pdf")
    import io

    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format=fmt, metadata={"Software": None} if fmt == "png" else None)
    return buf.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> None:
    """Write a figure (PNG, SVG or PDF, by the file name) atomically."""
    from .files import atomic_write

    fmt = os.fspath(path).rsplit(".", 1)[-1].lower()
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported picture format {fmt!r}: use .png, .svg or .pdf")
    atomic_write(path, figure_bytes(fig, fmt))


def save_matrix(plan: Plan, path: str | os.PathLike[str], **kwargs: Any) -> None:
    """Draw the matrix and write it (PNG or SVG, by the file name) atomically."""
    save_figure(matrix_figure(plan, **kwargs), path)
