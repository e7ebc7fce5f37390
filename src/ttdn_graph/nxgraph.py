"""NetworkX views of plans.

:func:`to_networkx` gives a :class:`networkx.MultiDiGraph` with a ``kind`` on every node
(plan, section, legal_document, agency) and a ``relation`` on every edge (part_of,
based_on, cites, lead, support, issued_by, reports_to). Node keys are the RDF IRIs of
:mod:`ttdn_graph.rdf`, so several plans merge on shared documents and agencies.

:func:`agency_network` projects it on agencies: two agencies are linked when they share
a task; ``weight`` counts the shared tasks. Any NetworkX algorithm applies:

>>> import networkx as nx
>>> from ttdn_graph import datasets
>>> net = agency_network(datasets.hung_yen_2022())
>>> hub = max(nx.degree_centrality(net).items(), key=lambda kv: kv[1])[0]
>>> net.nodes[hub]["label"]
'Sở Thông tin và Truyền thông'
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from .models import Plan
from .rdf import DEFAULT_BASE, agency_iri, document_iri, plan_iri, section_iri

__all__ = ["agency_network", "to_networkx"]


def _plans(plans: Plan | Iterable[Plan]) -> list[Plan]:
    return [plans] if isinstance(plans, Plan) else list(plans)


def _attrs(**kw: Any) -> dict[str, Any]:
    """Drop ``None`` values (GraphML cannot hold them)."""
    return {k: v for k, v in kw.items() if v is not None}


def to_networkx(plans: Plan | Iterable[Plan], base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """The plans as one multigraph; see the module documentation for node and edge kinds.

    Each assignment becomes exactly one ``lead`` or ``support`` edge from the agency to
    the section, carrying the cue and the evidence offsets.
    """
    g = nx.MultiDiGraph()
    for plan in _plans(plans):
        p = str(plan_iri(plan, base))
        g.add_node(p, **_attrs(kind="plan", label=f"{plan.doc_type} {plan.number or ''}".strip(),
                               number=plan.number, date=plan.date.isoformat() if plan.date else None,
                               province=plan.province, title=plan.title))
        for ag in plan.agencies:
            g.add_node(str(agency_iri(ag.id, base)),
                       **_attrs(kind="agency", label=ag.name, agency_id=ag.id, level=ag.level,
                                agency_kind=ag.kind, name_en=ag.name_en))
        if plan.issuer_id:
            g.add_edge(p, str(agency_iri(plan.issuer_id, base)), relation="issued_by")
        for ref in (*plan.legal_bases, *plan.citations):
            doc = str(document_iri(ref, base, plan))
            g.add_node(doc, **_attrs(kind="legal_document", label=ref.label, number=ref.number,
                                   doc_type=ref.doc_type,
                                   date=ref.date.isoformat() if ref.date else None))
            g.add_edge(p, doc, relation="based_on" if ref.is_basis else "cites")
            if ref.issuer_id:
                g.add_edge(doc, str(agency_iri(ref.issuer_id, base)), relation="issued_by")
        for sec in plan.sections:
            s = str(section_iri(plan_iri(plan, base), sec.id))
            g.add_node(s, **_attrs(kind="section", label=sec.id, section_id=sec.id,
                                   heading=sec.heading, plan=p))
            parent = str(section_iri(plan_iri(plan, base), sec.parent)) if sec.parent else p
            g.add_edge(s, parent, relation="part_of")
        for a in plan.assignments:
            g.add_edge(str(agency_iri(a.agency, base)), str(section_iri(plan_iri(plan, base), a.section)),
                       relation=a.role, cue=a.cue, start=a.evidence.start, end=a.evidence.end)
        for d in plan.deadlines:
            sources = [str(agency_iri(x, base)) for x in d.reporters] or [p]
            for src in sources:
                for dst in d.recipients:
                    g.add_edge(src, str(agency_iri(dst, base)), relation="reports_to",
                               date=d.date.isoformat(), deadline_kind=d.kind)
    return g


def agency_network(plans: Plan | Iterable[Plan], base: str = DEFAULT_BASE) -> nx.Graph:
    """Agencies linked by the tasks they share; ``weight`` is the number of shared tasks
    and ``tasks`` lists them ("IV.1.e; IV.2.f")."""
    net = nx.Graph()
    for plan in _plans(plans):
        names = {a.id: a.name for a in plan.agencies}
        by_section: dict[str, set[str]] = {}
        for a in plan.assignments:
            by_section.setdefault(a.section, set()).add(a.agency)
            node = str(agency_iri(a.agency, base))
            net.add_node(node, label=names.get(a.agency, a.agency), agency_id=a.agency)
        for sid, members in by_section.items():
            for x, y in combinations(sorted(members), 2):
                u, v = str(agency_iri(x, base)), str(agency_iri(y, base))
                if net.has_edge(u, v):
                    net[u][v]["weight"] += 1
                    net[u][v]["tasks"] += f"; {sid}"
                else:
                    net.add_edge(u, v, weight=1, tasks=sid)
    return net
