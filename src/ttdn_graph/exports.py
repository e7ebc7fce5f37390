"""Every output format of a plan, in one registry.

Each format is one :class:`Export` entry: a name, the file suffix it is written with, a
group ("plan" for whole-plan formats, "matrix" for the responsibility matrix, "figure"
for other pictures), and a function from a plan (and :class:`Options`) to bytes. The
CLI's ``export --to``, ``matrix -o FILE`` and ``demo``, and the library's
:func:`export` and :func:`write`, all read this registry: a new format is one
:func:`register` call.

>>> from ttdn_graph import datasets
>>> plan = datasets.hung_yen_2022()
>>> export(plan, "csv").splitlines()[0].decode()
'section,section_heading,agency_id,agency,role,cue,evidence_start,evidence_end,evidence'
>>> format_for("matrix.xlsx", group="matrix").name
'matrix-xlsx'

Adding a format (here tab-separated assignments)::

    def assignments_tsv(plan: Plan, options: Options) -> bytes:
        rows = (f"{a.section}\\t{a.agency}\\t{a.role}" for a in plan.assignments)
        return "\\n".join(rows).encode() + b"\\n"

    register(Export("tsv", ".tsv", "assignments as TSV", assignments_tsv))

after which ``export(plan, "tsv")``, ``write(plan, "out.tsv")`` and ``ttdn-graph export
plan.txt --to tsv`` all write it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import DEFAULT_BASE
from .files import atomic_write

if TYPE_CHECKING:
    from .matrix import Order
    from .models import Plan

__all__ = ["EXPORTS", "Export", "Options", "assignments_csv", "export", "format_for", "names", "register",
           "write"]

Group = Literal["plan", "matrix", "figure"]


@dataclass(frozen=True)
class Options:
    """What an export may be asked to vary."""

    #: base of the IRIs minted (RDF, GraphML)
    base: str = DEFAULT_BASE
    #: whether the JSON includes the source text
    include_text: bool = True
    #: the order of the matrix's agencies (by first appearance, or by the tasks they lead)
    order: Order = "appearance"


@dataclass(frozen=True)
class Export:
    """One output format."""

    name: str
    suffix: str
    description: str
    render: Callable[[Plan, Options], bytes]
    group: Group = "plan"


#: the registered formats by name, in the order they were registered
EXPORTS: dict[str, Export] = {}


def register(entry: Export, *, replace: bool = False) -> Export:
    """Add a format to the registry (``replace=True`` to replace one of the same name)."""
    if entry.name in EXPORTS and not replace:
        raise ValueError(f"an export named {entry.name!r} is registered already")
    if not entry.suffix.startswith("."):
        raise ValueError(f"suffix {entry.suffix!r} of {entry.name!r} must start with '.'")
    EXPORTS[entry.name] = entry
    return entry


def names(group: Group = "plan") -> list[str]:
    """The names of the formats of one group."""
    return [e.name for e in EXPORTS.values() if e.group == group]


def export(plan: Plan, name: str, **options: object) -> bytes:
    """The plan in the format ``name`` (see :data:`EXPORTS`); ``options`` as in :class:`Options`."""
    entry = EXPORTS.get(name)
    if entry is None:
        raise ValueError(f"unknown export format {name!r}: use one of {', '.join(EXPORTS)}")
    return entry.render(plan, Options(**options))  # type: ignore[arg-type]


def format_for(path: str | os.PathLike[str], group: Group = "plan") -> Export:
    """The format a file name asks for, by its suffix, among the formats of ``group``."""
    suffix = Path(path).suffix.lower()
    for entry in EXPORTS.values():
        if entry.group == group and entry.suffix == suffix:
            return entry
    known = ", ".join(dict.fromkeys(e.suffix for e in EXPORTS.values() if e.group == group))
    raise ValueError(f"{os.fspath(path)}: no {group} format writes {suffix or 'files without a suffix'}"
                     f" (use {known})")


def write(plan: Plan, path: str | os.PathLike[str], name: str | None = None, *,
          group: Group = "plan", inputs: tuple[str, ...] = (), **options: object) -> Path:
    """Write the plan to ``path`` atomically, in format ``name`` (by default the one its
    suffix names in ``group``). Refuses to replace any of ``inputs``."""
    entry = EXPORTS[name] if name is not None else format_for(path, group)
    atomic_write(path, export(plan, entry.name, **options), inputs=inputs)
    return Path(path)


# --- the built-in formats --------------------------------------------------------------


def _json(plan: Plan, options: Options) -> bytes:
    return plan.to_json(include_text=options.include_text).encode("utf-8") + b"\n"


def assignments_csv(plan: Plan, options: Options | None = None) -> bytes:
    """The CSV of assignments: one row per (section, agency, role) with its evidence."""
    import csv

    from .matrix import csv_safe

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "section_heading", "agency_id", "agency", "role", "cue",
                "evidence_start", "evidence_end", "evidence"])
    names_ = {a.id: a.name for a in plan.agencies}
    headings = {s.id: s.heading for s in plan.sections}
    for a in plan.assignments:
        w.writerow([csv_safe(v) for v in (
            a.section, headings.get(a.section, ""), a.agency, names_.get(a.agency, ""),
            a.role, a.cue, a.evidence.start, a.evidence.end, a.quote)])
    return buf.getvalue().encode("utf-8")


def _rdf(fmt: str) -> Callable[[Plan, Options], bytes]:
    def render(plan: Plan, options: Options) -> bytes:
        from .rdf import serialize, to_rdf

        return serialize(to_rdf(plan, base=options.base), fmt)

    return render


def _framed(plan: Plan, options: Options) -> bytes:
    from .framing import framed_jsonld

    return framed_jsonld(plan, base=options.base)


def _graphml(plan: Plan, options: Options) -> bytes:
    import networkx as nx

    from .nxgraph import to_networkx

    buf = io.BytesIO()
    nx.write_graphml(to_networkx(plan, base=options.base), buf)
    return buf.getvalue()


def _html(plan: Plan, options: Options) -> bytes:
    from .report import report_html

    return report_html(plan).encode("utf-8")


def _matrix_picture(fmt: str) -> Callable[[Plan, Options], bytes]:
    def render(plan: Plan, options: Options) -> bytes:
        from .viz import figure_bytes, matrix_figure

        return figure_bytes(matrix_figure(plan, order=options.order), fmt)

    return render


def _matrix_csv(plan: Plan, options: Options) -> bytes:
    from .matrix import responsibility_matrix

    return responsibility_matrix(plan, order=options.order).to_csv().encode("utf-8")


def _matrix_xlsx(plan: Plan, options: Options) -> bytes:
    from .matrix import responsibility_matrix

    return responsibility_matrix(plan, order=options.order).to_xlsx()


def _figure(kind: str) -> Callable[[Plan, Options], bytes]:
    def render(plan: Plan, options: Options) -> bytes:
        from . import viz

        draw = viz.network_figure if kind == "network" else viz.legal_basis_figure
        return viz.figure_bytes(draw(plan), "png")

    return render


for _entry in (
    Export("json", ".json", "the plan as JSON (the data contract)", _json),
    Export("csv", ".csv", "assignments as CSV, one row per section, agency and role", assignments_csv),
    Export("ttl", ".ttl", "RDF as Turtle", _rdf("ttl")),
    Export("nt", ".nt", "RDF as N-Triples (lines sorted)", _rdf("nt")),
    Export("jsonld", ".jsonld", "RDF as JSON-LD", _rdf("jsonld")),
    Export("jsonld-framed", ".jsonld", "the plan as one JSON-LD tree: sections, assignments (extra jsonld)",
           _framed),
    Export("graphml", ".graphml", "the NetworkX graph as GraphML", _graphml),
    Export("html", ".html", "a self-contained HTML report", _html),
    Export("matrix-png", ".png", "the responsibility matrix as PNG", _matrix_picture("png"), "matrix"),
    Export("matrix-svg", ".svg", "the responsibility matrix as SVG", _matrix_picture("svg"), "matrix"),
    Export("matrix-pdf", ".pdf", "the responsibility matrix as PDF", _matrix_picture("pdf"), "matrix"),
    Export("matrix-csv", ".csv", "the responsibility matrix as CSV", _matrix_csv, "matrix"),
    Export("matrix-xlsx", ".xlsx", "the responsibility matrix as an Excel workbook", _matrix_xlsx, "matrix"),
    Export("network-png", ".png", "agencies and tasks as a network picture", _figure("network"), "figure"),
    Export("legal-bases-png", ".png", "the legal bases as a picture", _figure("legal-bases"), "figure"),
):
    register(_entry)
