"""SHACL validation of exported graphs (pyshacl, with the shapes shipped in ``data/``).

>>> from ttdn_graph import datasets
>>> from ttdn_graph.rdf import to_rdf
>>> validate(to_rdf(datasets.hung_yen_2022())).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Graph

__all__ = ["Report", "Violation", "shapes_graph", "validate"]


@dataclass(frozen=True)
class Violation:
    """One problem: the node it is about, the property, and a message for people."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`."""

    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        """A readable report: one line per problem."""
        if self.conforms:
            return "conforms: the graph satisfies every shape"
        lines = [f"{len(self.violations)} problem(s):"]
        for v in self.violations:
            where = f" ({v.path})" if v.path else ""
            lines.append(f"- {v.focus}{where}: {v.message}")
        return "\n".join(lines)


@cache
def shapes_graph() -> Graph:
    """The shipped SHACL shapes."""
    data = resources.files("ttdn_graph").joinpath("data", "shapes.ttl").read_text("utf-8")
    return Graph().parse(data=data, format="turtle")


def validate(graph: Graph) -> Report:
    """Validate a graph against the shipped shapes (RDFS inference off, SPARQL on)."""
    from pyshacl import validate as shacl
    from rdflib.namespace import SH

    conforms, results, _ = shacl(graph, shacl_graph=shapes_graph(), inference="none",
                                 advanced=True, allow_warnings=True)
    violations = []
    assert isinstance(results, Graph)
    for r in results.subjects(SH.resultSeverity, None):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        sev = results.value(r, SH.resultSeverity)
        violations.append(Violation(
            focus=str(focus), path=str(path) if path is not None else None,
            message=str(msg) if msg is not None else "does not satisfy a shape",
            severity=str(sev).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(bool(conforms), tuple(violations))
