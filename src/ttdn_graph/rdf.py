"""Plans as RDF: ELI for documents and their parts, W3C ORG for agencies, PROV-O and Web
Annotation for roles with evidence, and a few terms of our own (:mod:`ttdn_graph.namespace`).

IRIs are deterministic and readable under a configurable base::

    <base>plan/hung-yen/187-kh-ubnd-2021                   the plan
    <base>plan/hung-yen/187-kh-ubnd-2021/section/IV.2.a    a section
    <base>doc/72-2015-nd-cp                                 a cited document (shared)
    <base>agency/hung-yen/so-tai-chinh                      a provincial agency
    <base>agency/bo-ngoai-giao                              a central body (shared)

so plans parsed apart meet on the documents and agencies they share. No blank nodes
are used: the same plan always gives the same triples, and :func:`serialize` writes
N-Triples sorted, byte for byte the same across runs.

:func:`from_rdf` reads a plan back: ``from_rdf(to_rdf(plan)) == plan``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .agencies import slug
from .models import (
    Agency,
    Assignment,
    Deadline,
    LegalReference,
    Plan,
    Recipient,
    Section,
    Signature,
    Source,
    Span,
)
from .namespace import ELI, OA, ORG, PROV, SKOS, TTDN

__all__ = [
    "DEFAULT_BASE",
    "JSONLD_CONTEXT",
    "agency_iri",
    "document_iri",
    "from_rdf",
    "ntriples",
    "plan_iri",
    "section_iri",
    "serialize",
    "shared_graph_iri",
    "split_for_store",
    "to_rdf",
]

#: Default base of the IRIs we mint (pass ``base=`` to use your own).
DEFAULT_BASE = "https://w3id.org/ttdn-graph/id/"

#: A JSON-LD context that makes the JSON-LD export readable.
JSONLD_CONTEXT: dict[str, Any] = {
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "ttdn": str(TTDN._NS),
    "xsd": str(XSD),
    "rdfs": str(RDFS),
}


def _lit(value: str) -> Literal:
    return Literal(value, lang="vi")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _seg(text: str) -> str:
    return quote(text.replace(" ", "-"), safe="-._~")


def plan_iri(plan: Plan, base: str = DEFAULT_BASE) -> URIRef:
    """The plan's IRI: province, number and year; a draft without number uses its checksum."""
    scope = slug(plan.province) if plan.province else "unknown"
    if plan.number:
        key = slug(plan.number)
        if plan.date:
            key += f"-{plan.date.year}"
    else:
        key = "draft-" + (plan.source.sha256[:16] if plan.source else "unknown")
    return URIRef(f"{base}plan/{scope}/{key}")


def section_iri(plan_node: URIRef, section_id: str) -> URIRef:
    return URIRef(f"{plan_node}/section/{_seg(section_id)}")


def agency_iri(agency_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """``hung-yen/so-tai-chinh`` -> ``<base>agency/hung-yen/so-tai-chinh``."""
    return URIRef(f"{base}agency/{'/'.join(_seg(p) for p in agency_id.split('/'))}")


def document_iri(ref: LegalReference, base: str = DEFAULT_BASE) -> URIRef:
    """A cited document's IRI from its canonical number (with the year of its date when
    the number has none: "1160/QĐ-TTg" of 2021 is not "1160/QĐ-TTg" of 2019)."""
    if ref.number:
        key = slug(ref.number)
        if ref.year is None and ref.date is not None:
            key += f"-{ref.date.year}"
    else:
        key = slug(ref.title or ref.doc_type)
        if ref.date is not None:
            key += f"-{ref.date.year}"
    return URIRef(f"{base}doc/{key}")


def doc_type_iri(doc_type: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(f"{base}doc-type/{slug(doc_type)}")


# --- Plan -> RDF ---------------------------------------------------------------------------


def to_rdf(plans: Plan | Iterable[Plan], base: str = DEFAULT_BASE) -> Graph:
    """Build an :class:`rdflib.Graph` of one plan or several (merged on shared nodes).

    Examples:
        >>> g = to_rdf(datasets.hung_yen_2022())
        >>> from ttdn_graph.namespace import ELI
        >>> len(list(g.objects(None, ELI.based_on)))
        4
    """
    g = Graph()
    bind_prefixes(g)
    for plan in [plans] if isinstance(plans, Plan) else plans:
        for triple in plan_triples(plan, base):
            g.add(triple)
    return g


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in (("eli", ELI), ("org", ORG), ("prov", PROV), ("oa", OA), ("skos", SKOS),
                       ("ttdn", TTDN._NS), ("xsd", XSD)):
        g.bind(prefix, ns, override=True)


def _doc_type(node: URIRef, doc_type: str, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """``node eli:type_document <concept>``, and the concept with its Vietnamese label."""
    concept = doc_type_iri(doc_type, base)
    yield node, ELI.type_document, concept
    yield concept, RDF.type, SKOS.Concept
    yield concept, SKOS.prefLabel, _lit(doc_type)


def _span(node: URIRef, span: Span) -> Iterator[tuple[Node, Node, Node]]:
    yield node, TTDN.start, _int(span.start)
    yield node, TTDN.end, _int(span.end)


def plan_triples(plan: Plan, base: str = DEFAULT_BASE) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of one plan (the graph :func:`to_rdf` builds is their union)."""
    p = plan_iri(plan, base)
    yield p, RDF.type, ELI.LegalResource
    yield p, RDF.type, TTDN.Plan
    yield from _doc_type(p, plan.doc_type, base)
    if plan.number:
        yield p, ELI.number, Literal(plan.number)
    if plan.date:
        yield p, ELI.date_document, Literal(plan.date, datatype=XSD.date)
    if plan.title:
        yield p, ELI.title, _lit(plan.title)
    if plan.place:
        yield p, TTDN.place, _lit(plan.place)
    if plan.year is not None:
        yield p, TTDN.year, _int(plan.year)
    if plan.province:
        yield p, TTDN.province, _lit(plan.province)
    if plan.level:
        yield p, TTDN.level, Literal(plan.level)
    if plan.issuer:
        yield p, TTDN.issuerName, _lit(plan.issuer)
    if plan.issuer_id:
        yield p, ELI.passed_by, agency_iri(plan.issuer_id, base)
    yield p, TTDN.sourceText, Literal(plan.text)
    if plan.source:
        yield from _source(p, plan.source)
    for i, w in enumerate(plan.warnings):
        node = URIRef(f"{p}/warning/{i}")
        yield p, TTDN.warning, node
        yield node, RDF.type, TTDN.Ordered
        yield node, RDF.value, Literal(w)
        yield node, TTDN.order, _int(i)
    # agencies first: other nodes point to them
    for i, ag in enumerate(plan.agencies):
        a = agency_iri(ag.id, base)
        yield p, TTDN.agency, a
        yield from _agency(a, ag, base)
        yield URIRef(f"{p}/agency/{i}"), TTDN.order, _int(i)
        yield URIRef(f"{p}/agency/{i}"), TTDN.agency, a
    for i, ref in enumerate((*plan.legal_bases, *plan.citations)):
        yield from _citation(p, i, ref, base)
    for i, sec in enumerate(plan.sections):
        yield from _section(p, i, sec, plan.task_heading(sec))
    for i, asg in enumerate(plan.assignments):
        yield from _assignment(p, i, asg, base)
    for i, d in enumerate(plan.deadlines):
        yield from _deadline(p, i, d, base)
    if plan.signer:
        yield from _signer(p, plan.signer)
    for i, r in enumerate(plan.recipients):
        node = URIRef(f"{p}/recipient/{i}")
        yield p, TTDN.recipient, node
        yield node, RDF.type, TTDN.Recipient
        yield node, TTDN.name, _lit(r.name)
        yield node, TTDN.order, _int(i)
        if r.agency:
            yield node, TTDN.agency, agency_iri(r.agency, base)
        yield from _span(node, r.span)


def _source(p: URIRef, src: Source) -> Iterator[tuple[Node, Node, Node]]:
    yield p, TTDN.sha256, Literal(src.sha256)
    yield p, TTDN.sourceLength, _int(src.length)
    if src.path:
        yield p, TTDN.sourcePath, Literal(src.path)
    if src.encoding:
        yield p, TTDN.sourceEncoding, Literal(src.encoding)


@cache
def _province_names() -> dict[str, str]:
    from .agencies import provinces, slug

    return {slug(p.name): p.name for p in provinces().values()}


def _province_of(agency_id: str) -> str | None:
    """The province whose scope prefixes a provincial body's id ("hung-yen/so-y-te")."""
    scope, sep, _ = agency_id.partition("/")
    return _province_names().get(scope) if sep else None


def _agency(a: URIRef, ag: Agency, base: str) -> Iterator[tuple[Node, Node, Node]]:
    yield a, RDF.type, ORG.Organization
    yield a, TTDN.agencyId, Literal(ag.id)
    yield a, SKOS.prefLabel, _lit(ag.name)
    if ag.name_en:
        yield a, SKOS.prefLabel, Literal(ag.name_en, lang="en")
    for alias in ag.aliases:
        yield a, SKOS.altLabel, _lit(alias)
    yield a, TTDN.agencyKind, Literal(ag.kind)
    yield a, TTDN.level, Literal(ag.level)
    yield a, TTDN.collective, Literal(ag.collective)
    yield a, TTDN.inGazetteer, Literal(ag.in_gazetteer)
    province = _province_of(ag.id)
    if province:  # a provincial body: rows of a multi-province corpus stay apart
        yield a, TTDN.province, _lit(province)
    if ag.parent:
        yield a, ORG.subOrganizationOf, agency_iri(ag.parent, base)


def _citation(p: URIRef, i: int, ref: LegalReference, base: str) -> Iterator[tuple[Node, Node, Node]]:
    doc = document_iri(ref, base)
    c = URIRef(f"{p}/citation/{i}")
    yield p, ELI.based_on if ref.is_basis else ELI.cites, doc
    yield doc, RDF.type, ELI.LegalResource
    yield from _doc_type(doc, ref.doc_type, base)
    if ref.number:
        yield doc, ELI.number, Literal(ref.number)
    if ref.date:
        yield doc, ELI.date_document, Literal(ref.date, datatype=XSD.date)
    if ref.issuer_id:
        yield doc, ELI.passed_by, agency_iri(ref.issuer_id, base)
    # what this plan says of the document, with the evidence
    yield p, TTDN.citation, c
    yield c, RDF.type, TTDN.Citation
    yield c, TTDN.document, doc
    yield c, TTDN.order, _int(i)
    yield c, TTDN.isBasis, Literal(ref.is_basis)
    yield c, TTDN.docType, _lit(ref.doc_type)
    for pred, value in ((TTDN.sequence, ref.sequence), (TTDN.typeCode, ref.type_code),
                        (TTDN.issuerCode, ref.issuer_code)):
        if value is not None:
            yield c, pred, Literal(value)
    if ref.number:
        yield c, ELI.number, Literal(ref.number)
    if ref.year is not None:
        yield c, TTDN.numberYear, _int(ref.year)
    if ref.date:
        yield c, ELI.date_document, Literal(ref.date, datatype=XSD.date)
    if ref.issuer:
        yield c, TTDN.issuerName, _lit(ref.issuer)
    if ref.issuer_id:
        yield c, ELI.passed_by, agency_iri(ref.issuer_id, base)
    if ref.title:
        yield c, TTDN.title, _lit(ref.title)
    yield from _span(c, ref.span)


def _section(p: URIRef, i: int, sec: Section, task_heading: str) -> Iterator[tuple[Node, Node, Node]]:
    s = section_iri(p, sec.id)
    parent = section_iri(p, sec.parent) if sec.parent else p
    yield s, RDF.type, ELI.LegalResourceSubdivision
    yield s, ELI.is_part_of, parent
    yield parent, ELI.has_part, s
    yield s, TTDN.plan, p
    yield s, TTDN.sectionId, Literal(sec.id)
    yield s, TTDN.marker, Literal(sec.marker)
    yield s, TTDN.sectionKind, Literal(sec.kind)
    yield s, TTDN.heading, _lit(sec.heading)
    if task_heading != sec.heading:  # an item headed only by its agency's name
        yield s, TTDN.taskHeading, _lit(task_heading)
    yield s, TTDN.text, _lit(sec.text)
    yield s, TTDN.order, _int(i)
    yield from _span(s, sec.span)


def _assignment(p: URIRef, i: int, a: Assignment, base: str) -> Iterator[tuple[Node, Node, Node]]:
    s = section_iri(p, a.section)
    agent = agency_iri(a.agency, base)
    node = URIRef(f"{p}/assignment/{i}")
    ev = URIRef(f"{node}/evidence")
    yield s, TTDN.lead if a.role == "lead" else TTDN.support, agent
    yield p, TTDN.assignment, node
    yield s, PROV.qualifiedAssociation, node
    yield node, RDF.type, PROV.Association
    yield node, RDF.type, TTDN.Assignment
    yield node, PROV.agent, agent
    yield node, PROV.hadRole, TTDN.Lead if a.role == "lead" else TTDN.Support
    yield node, TTDN.section, s
    yield node, TTDN.cue, _lit(a.cue)
    yield node, TTDN.order, _int(i)
    yield node, TTDN.evidence, ev
    yield ev, RDF.type, OA.TextPositionSelector
    yield ev, OA.start, Literal(a.evidence.start, datatype=XSD.nonNegativeInteger)
    yield ev, OA.end, Literal(a.evidence.end, datatype=XSD.nonNegativeInteger)
    yield ev, OA.exact, _lit(a.quote)


def _deadline(p: URIRef, i: int, d: Deadline, base: str) -> Iterator[tuple[Node, Node, Node]]:
    node = URIRef(f"{p}/deadline/{i}")
    yield p, TTDN.deadline, node
    yield node, RDF.type, TTDN.Deadline
    yield node, TTDN.dueDate, Literal(d.date, datatype=XSD.date)
    yield node, TTDN.deadlineKind, Literal(d.kind)
    yield node, TTDN.text, _lit(d.text)
    yield node, TTDN.order, _int(i)
    if d.section:
        yield node, TTDN.section, section_iri(p, d.section)
    for j, aid in enumerate(d.reporters):
        yield node, TTDN.reporter, agency_iri(aid, base)
        yield URIRef(f"{node}/reporter/{j}"), TTDN.agency, agency_iri(aid, base)
        yield URIRef(f"{node}/reporter/{j}"), TTDN.order, _int(j)
    for j, aid in enumerate(d.recipients):
        yield node, TTDN.reportsTo, agency_iri(aid, base)
        yield URIRef(f"{node}/reports-to/{j}"), TTDN.agency, agency_iri(aid, base)
        yield URIRef(f"{node}/reports-to/{j}"), TTDN.order, _int(j)
    yield from _span(node, d.span)


def _signer(p: URIRef, sig: Signature) -> Iterator[tuple[Node, Node, Node]]:
    node = URIRef(f"{p}/signer")
    yield p, TTDN.signer, node
    yield node, RDF.type, TTDN.Signature
    if sig.name:
        yield node, TTDN.signerName, Literal(sig.name)
    if sig.position:
        yield node, TTDN.position, _lit(sig.position)
    for j, auth in enumerate(sig.authority):
        a = URIRef(f"{node}/authority/{j}")
        yield node, TTDN.authority, a
        yield a, RDF.type, TTDN.Ordered
        yield a, RDF.value, _lit(auth)
        yield a, TTDN.order, _int(j)
    if sig.span:
        yield from _span(node, sig.span)


# --- RDF -> Plan ---------------------------------------------------------------------------


def _one(g: Graph, s: Node | None, p: Node) -> Any:
    if s is None:
        return None
    value = g.value(s, p)
    return value.toPython() if isinstance(value, Literal) else value


def _str(g: Graph, s: Node | None, p: Node) -> str | None:
    if s is None:
        return None
    value = g.value(s, p)
    return str(value) if value is not None else None


def _order(g: Graph, n: Node) -> int:
    value = g.value(n, TTDN.order)
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _ordered(g: Graph, s: Node, p: Node) -> list[Node]:
    return sorted(g.objects(s, p), key=lambda n: _order(g, n))


def _span_of(g: Graph, n: Node) -> Span:
    return Span(start=int(_one(g, n, TTDN.start)), end=int(_one(g, n, TTDN.end)))


def _agency_id(g: Graph, a: Node | None) -> str | None:
    return _str(g, a, TTDN.agencyId) if a is not None else None


def from_rdf(graph: Graph, plan: URIRef | str | None = None) -> Plan:
    """Read a plan back from a graph made by :func:`to_rdf` (or loaded from its export).

    Args:
        graph: the graph (an :class:`rdflib.Dataset` is read as its union).
        plan: the plan's IRI when the graph holds several.

    Raises:
        ValueError: no plan in the graph, or several and none chosen.
    """
    g = graph
    if isinstance(graph, Dataset):
        g = Graph()
        for t in graph.triples((None, None, None)):
            g.add(t)
    plans = sorted(set(g.subjects(RDF.type, TTDN.Plan)), key=str)
    if plan is not None:
        p: Node = URIRef(str(plan))
        if p not in plans:
            raise ValueError(f"no plan {plan} in the graph")
    elif len(plans) == 1:
        p = plans[0]
    elif not plans:
        raise ValueError("the graph holds no ttdn:Plan")
    else:
        raise ValueError(f"the graph holds {len(plans)} plans; choose one with plan=")

    def agency(a: Node) -> Agency:
        en = [str(lbl) for lbl in g.objects(a, SKOS.prefLabel) if getattr(lbl, "language", None) == "en"]
        vi = [str(lbl) for lbl in g.objects(a, SKOS.prefLabel) if getattr(lbl, "language", None) == "vi"]
        parent = g.value(a, ORG.subOrganizationOf)
        return Agency(
            id=str(_one(g, a, TTDN.agencyId)),
            name=vi[0],
            name_en=en[0] if en else None,
            aliases=tuple(sorted(str(x) for x in g.objects(a, SKOS.altLabel))),
            kind=str(_one(g, a, TTDN.agencyKind)),
            level=str(_one(g, a, TTDN.level)),
            parent=_agency_id(g, parent),
            collective=bool(_one(g, a, TTDN.collective)),
            in_gazetteer=bool(_one(g, a, TTDN.inGazetteer)),
        )

    agency_links = [n for n in g.subjects(TTDN.order, None)
                    if str(n).startswith(f"{p}/agency/") and g.value(n, TTDN.agency) is not None]
    agency_links.sort(key=lambda n: _order(g, n))
    agencies = tuple(agency(g.value(n, TTDN.agency)) for n in agency_links)  # type: ignore[arg-type]

    refs = []
    for c in _ordered(g, p, TTDN.citation):
        refs.append(LegalReference(
            doc_type=str(_one(g, c, TTDN.docType)),
            number=_str(g, c, ELI.number),
            sequence=_str(g, c, TTDN.sequence),
            year=_one(g, c, TTDN.numberYear),
            type_code=_str(g, c, TTDN.typeCode),
            issuer_code=_str(g, c, TTDN.issuerCode),
            date=_one(g, c, ELI.date_document),
            issuer=_str(g, c, TTDN.issuerName),
            issuer_id=_agency_id(g, g.value(c, ELI.passed_by)),
            title=_str(g, c, TTDN.title),
            is_basis=bool(_one(g, c, TTDN.isBasis)),
            span=_span_of(g, c),
        ))

    sections = []
    sec_nodes = sorted(g.subjects(TTDN.plan, p), key=lambda n: _order(g, n))
    for s in sec_nodes:
        parent = g.value(s, ELI.is_part_of)
        children = sorted(g.objects(s, ELI.has_part), key=lambda n: _order(g, n))
        sections.append(Section(
            id=str(_one(g, s, TTDN.sectionId)),
            marker=str(_one(g, s, TTDN.marker)),
            kind=str(_one(g, s, TTDN.sectionKind)),
            heading=str(_one(g, s, TTDN.heading)),
            text=str(_one(g, s, TTDN.text)),
            parent=_str(g, parent, TTDN.sectionId) if parent != p else None,
            children=tuple(str(_one(g, c, TTDN.sectionId)) for c in children),
            span=_span_of(g, s),
        ))

    assignments = []
    for a in _ordered(g, p, TTDN.assignment):
        ev = g.value(a, TTDN.evidence)
        assignments.append(Assignment(
            section=str(_one(g, g.value(a, TTDN.section), TTDN.sectionId)),
            agency=str(_agency_id(g, g.value(a, PROV.agent))),
            role="lead" if g.value(a, PROV.hadRole) == TTDN.Lead else "support",
            cue=str(_one(g, a, TTDN.cue)),
            evidence=Span(start=int(_one(g, ev, OA.start)), end=int(_one(g, ev, OA.end))),
            quote=str(_one(g, ev, OA.exact)),
        ))

    def agency_list(d: Node, kind: str) -> tuple[str, ...]:
        links = [n for n in g.subjects(TTDN.order, None) if str(n).startswith(f"{d}/{kind}/")]
        links.sort(key=lambda n: _order(g, n))
        return tuple(str(_agency_id(g, g.value(n, TTDN.agency))) for n in links)

    deadlines = []
    for d in _ordered(g, p, TTDN.deadline):
        sec = g.value(d, TTDN.section)
        deadlines.append(Deadline(
            date=_one(g, d, TTDN.dueDate),
            kind=str(_one(g, d, TTDN.deadlineKind)),
            section=_str(g, sec, TTDN.sectionId) if sec is not None else None,
            reporters=agency_list(d, "reporter"),
            recipients=agency_list(d, "reports-to"),
            text=str(_one(g, d, TTDN.text)),
            span=_span_of(g, d),
        ))

    signer = None
    sig = g.value(p, TTDN.signer)
    if sig is not None:
        signer = Signature(
            name=_str(g, sig, TTDN.signerName),
            position=_str(g, sig, TTDN.position),
            authority=tuple(str(g.value(a, RDF.value)) for a in _ordered(g, sig, TTDN.authority)),
            span=_span_of(g, sig) if g.value(sig, TTDN.start) is not None else None,
        )

    recipients = tuple(
        Recipient(name=str(_one(g, r, TTDN.name)), agency=_agency_id(g, g.value(r, TTDN.agency)),
                  span=_span_of(g, r))
        for r in _ordered(g, p, TTDN.recipient)
    )
    source = None
    if g.value(p, TTDN.sha256) is not None:
        source = Source(sha256=str(_one(g, p, TTDN.sha256)), length=int(_one(g, p, TTDN.sourceLength)),
                        path=_str(g, p, TTDN.sourcePath), encoding=_str(g, p, TTDN.sourceEncoding))
    issuer = g.value(p, ELI.passed_by)
    date = _one(g, p, ELI.date_document)
    year = _one(g, p, TTDN.year)
    return Plan(
        number=_str(g, p, ELI.number),
        doc_type=str(_one(g, g.value(p, ELI.type_document), SKOS.prefLabel)),
        date=date if isinstance(date, dt.date) else None,
        place=_str(g, p, TTDN.place),
        issuer=_str(g, p, TTDN.issuerName),
        issuer_id=_agency_id(g, issuer),
        province=_str(g, p, TTDN.province),
        level=_str(g, p, TTDN.level),
        title=_str(g, p, ELI.title),
        year=int(year) if year is not None else None,
        legal_bases=tuple(r for r in refs if r.is_basis),
        citations=tuple(r for r in refs if not r.is_basis),
        sections=tuple(sections),
        agencies=agencies,
        assignments=tuple(assignments),
        deadlines=tuple(deadlines),
        signer=signer,
        recipients=recipients,
        warnings=tuple(str(g.value(w, RDF.value)) for w in _ordered(g, p, TTDN.warning)),
        source=source,
        text=_str(g, p, TTDN.sourceText) or "",
    )


def shared_graph_iri(base: str = DEFAULT_BASE) -> str:
    """The named graph a store keeps shared nodes in (agencies, cited documents)."""
    return f"{base}graph/shared"


def split_for_store(plan: Plan, base: str = DEFAULT_BASE) -> tuple[bytes, bytes]:
    """A plan's triples as N-Triples in two parts: what belongs to the plan (its own
    named graph) and the nodes plans share (agencies, documents, document types), which a
    store keeps once in :func:`shared_graph_iri` instead of once per plan."""
    prefix = str(plan_iri(plan, base))
    own: list[tuple[Node, Node, Node]] = []
    shared: list[tuple[Node, Node, Node]] = []
    for s, p, o in plan_triples(plan, base):
        (own if (text := str(s)) == prefix or text.startswith(prefix + "/") else shared).append((s, p, o))
    return ntriples(own), ntriples(shared)


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """Triples as sorted, deduplicated N-Triples, byte for byte what :func:`serialize`
    gives for a graph of them, without building the graph (a corpus writes thousands)."""
    try:
        from rdflib.plugins.serializers.nt import _nt_row  # rdflib's own line writer
    except ImportError:  # pragma: no cover - a later rdflib without it: the slow way
        graph = Graph()
        for t in triples:
            graph.add(t)
        return serialize(graph, "nt")
    lines = sorted({_nt_row(t).rstrip("\n") for t in triples})
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- serialization -------------------------------------------------------------------------

FORMATS = {"ttl": "turtle", "turtle": "turtle", "nt": "nt", "ntriples": "nt",
           "jsonld": "json-ld", "json-ld": "json-ld"}


def serialize(graph: Graph, fmt: str = "ttl") -> bytes:
    """Serialize a graph: ``ttl``, ``nt`` (lines sorted: byte-stable) or ``jsonld``
    (compacted with :data:`JSONLD_CONTEXT`)."""
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise ValueError(f"unknown RDF format {fmt!r}: use one of ttl, nt, jsonld")
    if name == "nt":
        data = graph.serialize(format="nt", encoding="utf-8")
        lines = sorted(set(data.decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    if name == "json-ld":
        return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=2,
                               sort_keys=True, encoding="utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")
