"""Plans as RDF: ELI for documents and their parts, W3C ORG for agencies, PROV-O and Web
Annotation for roles with evidence, and a few terms of our own (:mod:`ttdn_graph.namespace`).

IRIs are deterministic and readable under a configurable base, and name a thing by
what it is, not where it stands (docs/rdf.md, "Identity")::

    <base>eli/vn-hung-yen/kh-ubnd/2021/187                          the plan (and any citation of it)
    <base>eli/vn-hung-yen/kh-ubnd/2021/187/section/IV.2.a           a section
    <base>eli/vn-hung-yen/kh-ubnd/2021/187/assignment/IV.7/lead/hung-yen/so-tai-chinh
    <base>eli/vn/nd-cp/2015/72                                      a national decree (shared)
    <base>eli/vn-hung-yen/qd-ubnd/2019/27                           a province's decision
    <base>agency/hung-yen/so-tai-chinh                              a provincial agency
    <base>agency/bo-ngoai-giao                                      a central body (shared)

so plans parsed apart meet on the documents and agencies they share. No blank nodes
are used: the same plan always gives the same triples, and :func:`serialize` writes
N-Triples sorted, byte for byte the same across runs.

:func:`from_rdf` reads a plan back: ``from_rdf(to_rdf(plan)) == plan``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from . import DEFAULT_BASE  # the base of the IRIs we mint (pass ``base=`` to use your own)
from .agencies import GazetteerEntry
from .citations import NumberParts, parse_number
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
from .normalize import fold
from .text import slug

__all__ = [
    "DEFAULT_BASE",
    "JSONLD_CONTEXT",
    "JSONLD_CONTEXT_URL",
    "agency_iri",
    "agency_label",
    "document_iri",
    "from_rdf",
    "ntriples",
    "plan_iri",
    "plan_jurisdiction",
    "reference_jurisdiction",
    "section_iri",
    "serialize",
    "shared_graph_iri",
    "split_for_store",
    "split_lines_for_store",
    "to_rdf",
]

#: The EU authority table's Vietnamese, the language of every expression we describe.
VIE = URIRef("http://publications.europa.eu/resource/authority/language/VIE")

#: URL the JSON-LD context is published at (the same as ``data/context.jsonld``).
JSONLD_CONTEXT_URL = "https://w3id.org/ttdn-graph/context.jsonld"


def _load_context() -> dict[str, Any]:
    data = resources.files("ttdn_graph").joinpath("data", "context.jsonld").read_text("utf-8")
    context: dict[str, Any] = json.loads(data)["@context"]
    return context


#: The JSON-LD context shipped in the package (``data/context.jsonld``): prefixes, a
#: short key per property, ``@type: @id`` for links, typed dates and numbers, and
#: Vietnamese as the default language.
JSONLD_CONTEXT: dict[str, Any] = _load_context()


class _Terms:
    """A namespace's terms, each looked up once: ``_TTDN.start`` is the term
    ``TTDN.start``, a plain attribute after its first use. rdflib builds a new ``URIRef``
    at each lookup of a namespace's term (and a closed namespace first checks the name):
    the 3,000 triples of a plan looked up 3,900 terms, over 40% of the time of making
    them (plan_triples: 14.6 -> 8.2 ms a plan). A misspelt term still raises
    ``AttributeError``."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


# the namespaces of the writer below (Plan -> RDF), their terms looked up once
_TTDN, _ELI, _OA, _ORG, _PROV, _SKOS, _RDF, _XSD = map(_Terms, (TTDN, ELI, OA, ORG, PROV, SKOS, RDF, XSD))


def _lit(value: str) -> Literal:
    return Literal(value, lang="vi")


def _int(value: int) -> Literal:
    return Literal(value, datatype=_XSD.integer)


def _seg(text: str) -> str:
    return quote(text.replace(" ", "-"), safe="-._~")


# --- identity -------------------------------------------------------------------------------
#
# Documents (plans included) are named by an ELI-style template scoped by jurisdiction:
#   <base>eli/<jurisdiction>/<type-issuer code>/<year>/<sequence>
# "vn" for national bodies, "vn-<province>" for a province's bodies, and
# "vn-<province>/<body>" for a district's or a commune's own documents; see docs/rdf.md.

# Issuer codes of local bodies: a number "27/2019/QĐ-UBND" belongs to the province (or
# district, commune) whose Ủy ban issued it, never to the nation.
_LOCAL_CODES = frozenset({"UBND", "HĐND", "TU", "HU", "ĐU", "MTTQ", "BTT"})
# a provincial department's code: "STC" (Sở Tài chính), "SCT", "SXD", "STTTT"
_DEPARTMENT_CODE = re.compile(r"S[A-ZĐ]{2,5}")
_PROVINCE_PARTY_CODES = frozenset({"TU"})  # a Tỉnh ủy number is the province's whatever cites it


def _scope(agency_id: str | None) -> str | None:
    """The province scope of a provincial body's id ("hung-yen/so-y-te" -> "hung-yen")."""
    if not agency_id:
        return None
    scope, sep, _ = agency_id.partition("/")
    return scope if sep else None


def plan_jurisdiction(plan: Plan) -> str:
    """Where a plan's own number is unique: ``vn`` for national and ministry plans,
    ``vn-<province>`` for a province's, ``vn-<province>/<body>`` for a district's or a
    commune's (their numbers restart in every body)."""
    if plan.level in ("national", "ministry"):
        return "vn"
    scope = _scope(plan.issuer_id) or (slug(plan.province) if plan.province else None)
    if scope is None and plan.level is None and plan.issuer_id:
        return "vn"  # a central body the gazetteer knows, whose level was not said
    juris = f"vn-{scope or 'unknown'}"
    if plan.level in ("district", "commune") and plan.issuer_id:
        juris += "/" + _seg(plan.issuer_id.rpartition("/")[2])
    return juris


def _code_parts(type_code: str | None, issuer_code: str | None) -> list[str]:
    return [c for code in (type_code, issuer_code) if code for c in code.split("-")]


def _is_local(type_code: str | None, issuer_code: str | None) -> bool:
    return any(c in _LOCAL_CODES or _DEPARTMENT_CODE.fullmatch(c)
               for c in _code_parts(type_code, issuer_code))


def reference_jurisdiction(ref: LegalReference, plan: Plan | None = None) -> str:
    """Where a cited document's number is unique: from its issuer when the parser knows
    it, else from its code (national codes such as NĐ-CP, QĐ-TTg, TT-BTTTT are national),
    and a local code with no issuer belongs to the citing plan's own jurisdiction."""
    plan_local = plan_jurisdiction(plan) if plan is not None else None
    if plan_local == "vn":
        plan_local = None
    if ref.issuer_id:
        scope = _scope(ref.issuer_id)
        if scope is None:
            return "vn"
        if plan is not None and plan_local and ref.issuer_id == plan.issuer_id:
            return plan_local
        return f"vn-{scope}"
    if ref.number is None or not _is_local(ref.type_code, ref.issuer_code):
        return "vn"
    if set(_code_parts(ref.type_code, ref.issuer_code)) & _PROVINCE_PARTY_CODES and plan_local:
        return plan_local.partition("/")[0]
    return plan_local or "vn-unknown"


def _number_key(parts: NumberParts, year: int | None) -> str:
    code = slug(f"{parts.type_code}-{parts.issuer_code}")
    seq = (parts.sequence or "").lstrip("0") or "0"
    return f"{code}/{year}/{_seg(seq)}" if year else f"{code}/{_seg(seq)}"


def _document_path(juris: str, number: str | None, year: int | None, doc_type: str,
                   title: str | None) -> str:
    parts = parse_number(number) if number else None
    if parts is not None:
        return f"eli/{juris}/{_number_key(parts, parts.year or year)}"
    if number:  # a number the parser keeps but cannot split
        return f"eli/{juris}/{_seg(slug(number))}" + (f"/{year}" if year else "")
    # a law cited by name: keyed by its title (without the type word) and year
    name = title or doc_type
    if fold(name).startswith(fold(doc_type) + " "):
        name = name[len(doc_type):].strip()
    key = slug(name)[:120].strip("-") or "untitled"
    return f"eli/{juris}/{slug(doc_type)}/{year}/{key}" if year else f"eli/{juris}/{slug(doc_type)}/{key}"


def plan_iri(plan: Plan, base: str = DEFAULT_BASE) -> URIRef:
    """The plan's IRI: the same template as the documents it may be cited as, so a plan
    cited by another plan is the plan's own node
    (``<base>eli/vn-hung-yen/kh-ubnd/2021/187``). A draft without a number gets a stable
    IRI from its title, issuer and year, so editing its body does not rename it."""
    juris = plan_jurisdiction(plan)
    year = plan.date.year if plan.date else None
    if plan.number:
        return URIRef(base + _document_path(juris, plan.number, year, plan.doc_type, plan.title))
    year = year or plan.year
    if plan.title:
        key = "|".join((fold(plan.title), plan.issuer_id or fold(plan.issuer or ""), str(year or "")))
    else:  # no title to name it by: its bytes
        key = plan.source.sha256 if plan.source else ""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    tail = f"{year}/draft-{digest}" if year else f"draft-{digest}"
    return URIRef(f"{base}eli/{juris}/{slug(plan.doc_type)}/{tail}")


def section_iri(plan_node: URIRef, section_id: str) -> URIRef:
    return URIRef(f"{plan_node}/section/{_seg(section_id)}")


def task_iri(plan_node: URIRef, section_id: str) -> URIRef:
    """The task a section sets (a ``prov:Activity``); only sections with a role get one."""
    return URIRef(f"{plan_node}/task/{_seg(section_id)}")


def agency_iri(agency_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """``hung-yen/so-tai-chinh`` -> ``<base>agency/hung-yen/so-tai-chinh``."""
    return URIRef(f"{base}agency/{'/'.join(_seg(p) for p in agency_id.split('/'))}")


def document_iri(ref: LegalReference, base: str = DEFAULT_BASE, plan: Plan | None = None) -> URIRef:
    """A cited document's IRI, ``<base>eli/<jurisdiction>/<code>/<year>/<sequence>``
    (:func:`reference_jurisdiction`; the year of the number, else of the date: "1160/QĐ-TTg"
    of 2021 is not "1160/QĐ-TTg" of 2019). ``plan`` is the citing plan: a local number
    cited with no issuer belongs to its jurisdiction.

    >>> ref = LegalReference(doc_type="Nghị định", number="72/2015/NĐ-CP", sequence="72",
    ...                      year=2015, type_code="NĐ", issuer_code="CP", span=Span(start=0, end=1))
    >>> str(document_iri(ref, "https://example.org/"))
    'https://example.org/eli/vn/nd-cp/2015/72'
    """
    juris = reference_jurisdiction(ref, plan)
    year = ref.year or (ref.date.year if ref.date else None)
    return URIRef(base + _document_path(juris, ref.number, year, ref.doc_type, ref.title))


def _unique(keys: Iterable[str]) -> list[str]:
    """Keys made unique in order: the second "x" becomes "x-2", the third "x-3"; the
    first of equal contents keeps the bare key, so removing a later one renames nothing
    before it."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def _agency_path(agency_id: str) -> str:
    return "/".join(_seg(p) for p in agency_id.split("/"))


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
    yield node, _ELI.type_document, concept
    yield concept, _RDF.type, _SKOS.Concept
    yield concept, _RDF.type, _ELI.ResourceType
    yield concept, _SKOS.prefLabel, _lit(doc_type)


def _span(node: URIRef, span: Span) -> Iterator[tuple[Node, Node, Node]]:
    yield node, _TTDN.start, _int(span.start)
    yield node, _TTDN.end, _int(span.end)


def plan_triples(plan: Plan, base: str = DEFAULT_BASE) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of one plan (the graph :func:`to_rdf` builds is their union)."""
    p = plan_iri(plan, base)
    yield from _plan_facts(p, plan, base)
    yield p, _TTDN.sourceText, Literal(plan.text)
    if plan.source:
        yield from _source(p, plan.source)
    for i, w in enumerate(plan.warnings):
        node = URIRef(f"{p}/warning/{i}")
        yield p, _TTDN.warning, node
        yield node, _RDF.type, _TTDN.Ordered
        yield node, _RDF.value, Literal(w)
        yield node, _TTDN.order, _int(i)
    # agencies first: other nodes point to them
    for i, ag in enumerate(plan.agencies):
        a = agency_iri(ag.id, base)
        link = URIRef(f"{p}/agency/{_agency_path(ag.id)}")
        yield p, _TTDN.agency, a
        yield from _agency(a, ag, base)
        yield link, _TTDN.order, _int(i)
        yield link, _TTDN.agency, a
        yield link, _TTDN.nameInPlan, _lit(ag.name)
    # nodes named from what they say, not where they stand (docs/rdf.md, "Identity")
    refs = (*plan.legal_bases, *plan.citations)
    docs = [document_iri(ref, base, plan) for ref in refs]
    names = _unique(str(d)[len(base) + len("eli/"):].replace("/", "-") for d in docs)
    for i, (ref, doc, name) in enumerate(zip(refs, docs, names, strict=True)):
        yield from _citation(p, URIRef(f"{p}/citation/{name}"), i, ref, doc, base)
    for i, sec in enumerate(plan.sections):
        yield from _section(p, i, sec, plan.task_heading(sec))
    names = _unique(f"{_seg(a.section)}/{a.role}/{_agency_path(a.agency)}" for a in plan.assignments)
    for i, (asg, name) in enumerate(zip(plan.assignments, names, strict=True)):
        yield from _assignment(p, URIRef(f"{p}/assignment/{name}"), i, asg, plan.text, base)
    names = _unique(f"{d.kind}/{d.date.isoformat()}" for d in plan.deadlines)
    for i, (d, name) in enumerate(zip(plan.deadlines, names, strict=True)):
        yield from _deadline(p, URIRef(f"{p}/deadline/{name}"), i, d, base)
    if plan.signer:
        yield from _signer(p, plan.signer)
    names = _unique(slug(r.name)[:100].strip("-") or "recipient" for r in plan.recipients)
    for i, (r, name) in enumerate(zip(plan.recipients, names, strict=True)):
        node = URIRef(f"{p}/recipient/{_seg(name)}")
        yield p, _TTDN.recipient, node
        yield node, _RDF.type, _TTDN.Recipient
        yield node, _TTDN.name, _lit(r.name)
        yield node, _TTDN.order, _int(i)
        if r.agency:
            yield node, _TTDN.agency, agency_iri(r.agency, base)
        yield from _span(node, r.span)


def _document(node: URIRef, doc_type: str, number: str | None, date: dt.date | None,
              issuer_id: str | None, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """What ELI says of a document, a plan or one it cites: its type, number, date and
    issuing body."""
    yield node, _RDF.type, _ELI.LegalResource
    yield from _doc_type(node, doc_type, base)
    if number:
        yield node, _ELI.number, Literal(number)
    if date:
        yield node, _ELI.date_document, Literal(date, datatype=_XSD.date)
    if issuer_id:
        yield node, _ELI.passed_by, agency_iri(issuer_id, base)


def _plan_facts(p: URIRef, plan: Plan, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """What the plan says about itself: type, number, date, title (on its expression),
    place, year, province, level, issuer."""
    yield p, _RDF.type, _TTDN.Plan
    yield from _document(p, plan.doc_type, plan.number, plan.date, plan.issuer_id, base)
    if plan.title:  # eli:title belongs to an expression: the Vietnamese text of the plan
        expr = URIRef(f"{p}/vie")
        yield p, _ELI.is_realized_by, expr
        yield expr, _RDF.type, _ELI.LegalExpression
        yield expr, _ELI.realizes, p
        yield expr, _ELI.language, VIE
        yield expr, _ELI.title, _lit(plan.title)
    if plan.place:
        yield p, _TTDN.place, _lit(plan.place)
    if plan.year is not None:
        yield p, _TTDN.year, _int(plan.year)
    if plan.province:
        yield p, _TTDN.province, _lit(plan.province)
    if plan.level:
        yield p, _TTDN.level, Literal(plan.level)
    if plan.issuer:
        yield p, _TTDN.issuerName, _lit(plan.issuer)


def _source(p: URIRef, src: Source) -> Iterator[tuple[Node, Node, Node]]:
    yield p, _TTDN.sha256, Literal(src.sha256)
    yield p, _TTDN.sourceLength, _int(src.length)
    if src.path:
        yield p, _TTDN.sourcePath, Literal(src.path)
    if src.encoding:
        yield p, _TTDN.sourceEncoding, Literal(src.encoding)


@cache
def _province_names() -> dict[str, str]:
    from .agencies import provinces

    return {slug(p.name): p.name for p in provinces().values()}


def _province_of(agency_id: str) -> str | None:
    """The province whose scope prefixes a provincial body's id ("hung-yen/so-y-te")."""
    scope, sep, _ = agency_id.partition("/")
    return _province_names().get(scope) if sep else None


@cache
def _gazetteer_entries() -> dict[str, GazetteerEntry]:
    from .agencies import gazetteer

    return {e.key: e for e in gazetteer()}


def agency_kind_iri(key: str, base: str = DEFAULT_BASE) -> URIRef:
    """A SKOS concept of a kind of body: ``<base>agency-kind/so-thong-tin-va-truyen-thong``
    is every province's Department of Information and Communications."""
    return URIRef(f"{base}agency-kind/{_seg(key)}")


def _classification(a: URIRef, ag: Agency, base: str) -> Iterator[tuple[Node, Node, Node]]:
    """``org:classification``: the gazetteer entry the body is an instance of (one concept
    for the same body of every province), narrower than its broad kind ("department");
    a body recognized only by its shape gets the broad kind."""
    scheme = URIRef(f"{base}agency-kind")
    broad = agency_kind_iri(ag.kind, base)
    yield broad, _RDF.type, _SKOS.Concept
    yield broad, _SKOS.inScheme, scheme
    yield broad, _SKOS.prefLabel, Literal(ag.kind.replace("_", " "), lang="en")
    entry = _gazetteer_entries().get(ag.id.rpartition("/")[2]) if ag.in_gazetteer else None
    if entry is None:
        yield a, _ORG.classification, broad
        return
    concept = agency_kind_iri(entry.key, base)
    yield a, _ORG.classification, concept
    yield concept, _RDF.type, _SKOS.Concept
    yield concept, _SKOS.inScheme, scheme
    yield concept, _SKOS.prefLabel, _lit(entry.name)
    if entry.name_en:
        yield concept, _SKOS.prefLabel, Literal(entry.name_en, lang="en")
    yield concept, _SKOS.broader, agency_kind_iri(entry.kind, base) if entry.kind != ag.kind else broad
    yield concept, _TTDN.level, Literal(entry.level)


def agency_label(ag: Agency) -> str:
    """The agency's name as it reads outside its plan, the same in every plan: a
    provincial body named by its level word ("Công an tỉnh", "Ủy ban nhân dân thành phố")
    takes its province ("Công an tỉnh Hưng Yên"). A plan's own spelling stays on its link
    to the agency (``ttdn:nameInPlan``).

    >>> agency_label(Agency(id="hung-yen/cong-an-tinh", name="Công an tỉnh"))
    'Công an tỉnh Hưng Yên'
    """
    from .agencies import find_province

    name = _province_of(ag.id)
    province = find_province(name) if name else None
    if province is None:
        return ag.name
    level = "tỉnh" if province.kind == "province" else "thành phố"
    # "UBND các huyện, thị xã, thành phố" lists lower units: its "thành phố" is not the province
    if ag.name.endswith(f" {level}") and not re.search(rf",\s*{level}$", ag.name):
        return f"{ag.name} {province.name}"
    return ag.name


def _agency(a: URIRef, ag: Agency, base: str) -> Iterator[tuple[Node, Node, Node]]:
    yield a, _RDF.type, _ORG.Organization
    yield a, _TTDN.agencyId, Literal(ag.id)
    yield a, _SKOS.prefLabel, _lit(agency_label(ag))
    if ag.name_en:
        yield a, _SKOS.prefLabel, Literal(ag.name_en, lang="en")
    for alias in ag.aliases:
        yield a, _SKOS.altLabel, _lit(alias)
    yield a, _TTDN.agencyKind, Literal(ag.kind)
    yield from _classification(a, ag, base)
    yield a, _TTDN.level, Literal(ag.level)
    yield a, _TTDN.collective, Literal(ag.collective)
    yield a, _TTDN.inGazetteer, Literal(ag.in_gazetteer)
    province = _province_of(ag.id)
    if province:  # a provincial body: rows of a multi-province corpus stay apart
        yield a, _TTDN.province, _lit(province)
    if ag.parent:
        yield a, _ORG.subOrganizationOf, agency_iri(ag.parent, base)


def _citation(p: URIRef, c: URIRef, i: int, ref: LegalReference, doc: URIRef,
              base: str) -> Iterator[tuple[Node, Node, Node]]:
    yield p, _ELI.based_on if ref.is_basis else _ELI.cites, doc
    yield from _document(doc, ref.doc_type, ref.number, ref.date, ref.issuer_id, base)
    # what this plan says of the document, with the evidence
    yield p, _TTDN.citation, c
    yield c, _RDF.type, _TTDN.Citation
    yield c, _TTDN.document, doc
    yield c, _TTDN.order, _int(i)
    yield c, _TTDN.isBasis, Literal(ref.is_basis)
    yield c, _TTDN.docType, _lit(ref.doc_type)
    for pred, value in ((_TTDN.sequence, ref.sequence), (_TTDN.typeCode, ref.type_code),
                        (_TTDN.issuerCode, ref.issuer_code)):
        if value is not None:
            yield c, pred, Literal(value)
    # as this plan writes it: eli: terms are said of the document only
    if ref.number:
        yield c, _TTDN.number, Literal(ref.number)
    if ref.year is not None:
        yield c, _TTDN.numberYear, _int(ref.year)
    if ref.date:
        yield c, _TTDN.date, Literal(ref.date, datatype=_XSD.date)
    if ref.issuer:
        yield c, _TTDN.issuerName, _lit(ref.issuer)
    if ref.issuer_id:
        yield c, _TTDN.issuer, agency_iri(ref.issuer_id, base)
    if ref.title:
        yield c, _TTDN.title, _lit(ref.title)
    yield from _span(c, ref.span)


def _section(p: URIRef, i: int, sec: Section, task_heading: str) -> Iterator[tuple[Node, Node, Node]]:
    s = section_iri(p, sec.id)
    parent = section_iri(p, sec.parent) if sec.parent else p
    yield s, _RDF.type, _ELI.LegalResourceSubdivision
    yield s, _ELI.is_part_of, parent
    yield parent, _ELI.has_part, s
    yield s, _TTDN.plan, p
    yield s, _TTDN.sectionId, Literal(sec.id)
    yield s, _TTDN.marker, Literal(sec.marker)
    yield s, _TTDN.sectionKind, Literal(sec.kind)
    yield s, _TTDN.heading, _lit(sec.heading)
    if task_heading != sec.heading:  # an item headed only by its agency's name
        yield s, _TTDN.taskHeading, _lit(task_heading)
    yield s, _TTDN.text, _lit(sec.text)
    yield s, _TTDN.order, _int(i)
    yield from _span(s, sec.span)


def _assignment(p: URIRef, node: URIRef, i: int, a: Assignment, text: str,
                base: str) -> Iterator[tuple[Node, Node, Node]]:
    """The direct role on the section, and the qualified one: the section's task (a
    ``ttdn:Task``, a ``prov:Activity``) is associated with the agency in a role, following
    the section as its plan (``prov:hadPlan``); the evidence is a Web Annotation
    ``oa:SpecificResource`` of the plan's text with a position and a quote selector."""
    s = section_iri(p, a.section)
    task = task_iri(p, a.section)
    agent = agency_iri(a.agency, base)
    ev = URIRef(f"{node}/evidence")
    yield s, _TTDN.lead if a.role == "lead" else _TTDN.support, agent
    yield p, _TTDN.assignment, node
    yield task, _RDF.type, _TTDN.Task
    yield task, _TTDN.section, s
    yield task, _PROV.qualifiedAssociation, node
    yield node, _RDF.type, _PROV.Association
    yield node, _RDF.type, _TTDN.Assignment
    yield node, _PROV.agent, agent
    yield node, _PROV.hadRole, _TTDN.Lead if a.role == "lead" else _TTDN.Support
    yield node, _PROV.hadPlan, s
    yield node, _TTDN.section, s
    yield node, _TTDN.cue, _lit(a.cue)
    yield node, _TTDN.quote, _lit(a.quote)
    yield node, _TTDN.order, _int(i)
    yield node, _TTDN.evidence, ev
    yield ev, _RDF.type, _OA.SpecificResource
    yield ev, _OA.hasSource, p
    position, quote = URIRef(f"{ev}/position"), URIRef(f"{ev}/quote")
    yield ev, _OA.hasSelector, position
    yield ev, _OA.hasSelector, quote
    yield position, _RDF.type, _OA.TextPositionSelector
    yield position, _OA.start, Literal(a.evidence.start, datatype=_XSD.nonNegativeInteger)
    yield position, _OA.end, Literal(a.evidence.end, datatype=_XSD.nonNegativeInteger)
    yield quote, _RDF.type, _OA.TextQuoteSelector
    yield quote, _OA.exact, Literal(text[a.evidence.start:a.evidence.end])


def _deadline(p: URIRef, node: URIRef, i: int, d: Deadline, base: str) -> Iterator[tuple[Node, Node, Node]]:
    yield p, _TTDN.deadline, node
    yield node, _RDF.type, _TTDN.Deadline
    yield node, _TTDN.dueDate, Literal(d.date, datatype=_XSD.date)
    yield node, _TTDN.deadlineKind, Literal(d.kind)
    yield node, _TTDN.text, _lit(d.text)
    yield node, _TTDN.order, _int(i)
    if d.section:
        yield node, _TTDN.section, section_iri(p, d.section)
    for kind, pred, ids in (("reporter", _TTDN.reporter, d.reporters),
                            ("reports-to", _TTDN.reportsTo, d.recipients)):
        for j, name in enumerate(_unique(_agency_path(aid) for aid in ids)):
            link = URIRef(f"{node}/{kind}/{name}")
            yield node, pred, agency_iri(ids[j], base)
            yield link, _TTDN.agency, agency_iri(ids[j], base)
            yield link, _TTDN.order, _int(j)
    yield from _span(node, d.span)


def _signer(p: URIRef, sig: Signature) -> Iterator[tuple[Node, Node, Node]]:
    node = URIRef(f"{p}/signer")
    yield p, _TTDN.signer, node
    yield node, _RDF.type, _TTDN.Signature
    if sig.name:
        yield node, _TTDN.signerName, Literal(sig.name)
    if sig.position:
        yield node, _TTDN.position, _lit(sig.position)
    for j, auth in enumerate(sig.authority):
        a = URIRef(f"{node}/authority/{j}")
        yield node, _TTDN.authority, a
        yield a, _RDF.type, _TTDN.Ordered
        yield a, _RDF.value, _lit(auth)
        yield a, _TTDN.order, _int(j)
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
    return _PlanReader(g, p).plan()


class _PlanReader:
    """Reads one plan's parts from a graph, one method per part of the model."""

    def __init__(self, g: Graph, p: Node) -> None:
        self.g, self.p = g, p

    def agency(self, a: Node) -> Agency:
        g = self.g
        en = [str(lbl) for lbl in g.objects(a, SKOS.prefLabel) if getattr(lbl, "language", None) == "en"]
        vi = [str(lbl) for lbl in g.objects(a, SKOS.prefLabel) if getattr(lbl, "language", None) == "vi"]
        return Agency(
            id=str(_one(g, a, TTDN.agencyId)),
            name=vi[0],
            name_en=en[0] if en else None,
            aliases=tuple(sorted(str(x) for x in g.objects(a, SKOS.altLabel))),
            kind=str(_one(g, a, TTDN.agencyKind)),
            level=str(_one(g, a, TTDN.level)),
            parent=_agency_id(g, g.value(a, ORG.subOrganizationOf)),
            collective=bool(_one(g, a, TTDN.collective)),
            in_gazetteer=bool(_one(g, a, TTDN.inGazetteer)),
        )

    def agencies(self) -> tuple[Agency, ...]:
        g, p = self.g, self.p
        links = [n for n in g.subjects(TTDN.order, None)
                 if str(n).startswith(f"{p}/agency/") and g.value(n, TTDN.agency) is not None]
        links.sort(key=lambda n: _order(g, n))
        found = []
        for n in links:
            ag = self.agency(g.value(n, TTDN.agency))  # type: ignore[arg-type]
            written = g.value(n, TTDN.nameInPlan)
            found.append(ag if written is None else ag.model_copy(update={"name": str(written)}))
        return tuple(found)

    def references(self) -> list[LegalReference]:
        g = self.g
        return [LegalReference(
            doc_type=str(_one(g, c, TTDN.docType)),
            number=_str(g, c, TTDN.number),
            sequence=_str(g, c, TTDN.sequence),
            year=_one(g, c, TTDN.numberYear),
            type_code=_str(g, c, TTDN.typeCode),
            issuer_code=_str(g, c, TTDN.issuerCode),
            date=_one(g, c, TTDN.date),
            issuer=_str(g, c, TTDN.issuerName),
            issuer_id=_agency_id(g, g.value(c, TTDN.issuer)),
            title=_str(g, c, TTDN.title),
            is_basis=bool(_one(g, c, TTDN.isBasis)),
            span=_span_of(g, c),
        ) for c in _ordered(g, self.p, TTDN.citation)]

    def sections(self) -> tuple[Section, ...]:
        g, p = self.g, self.p
        out = []
        for s in sorted(g.subjects(TTDN.plan, p), key=lambda n: _order(g, n)):
            parent = g.value(s, ELI.is_part_of)
            children = sorted(g.objects(s, ELI.has_part), key=lambda n: _order(g, n))
            out.append(Section(
                id=str(_one(g, s, TTDN.sectionId)),
                marker=str(_one(g, s, TTDN.marker)),
                kind=str(_one(g, s, TTDN.sectionKind)),
                heading=str(_one(g, s, TTDN.heading)),
                text=str(_one(g, s, TTDN.text)),
                parent=_str(g, parent, TTDN.sectionId) if parent != p else None,
                children=tuple(str(_one(g, c, TTDN.sectionId)) for c in children),
                span=_span_of(g, s),
            ))
        return tuple(out)

    def assignments(self) -> tuple[Assignment, ...]:
        g = self.g
        out = []
        for a in _ordered(g, self.p, TTDN.assignment):
            ev = g.value(a, TTDN.evidence)
            pos = next(n for n in g.objects(ev, OA.hasSelector) if (n, RDF.type, OA.TextPositionSelector) in g)
            out.append(Assignment(
                section=str(_one(g, g.value(a, TTDN.section), TTDN.sectionId)),
                agency=str(_agency_id(g, g.value(a, PROV.agent))),
                role="lead" if g.value(a, PROV.hadRole) == TTDN.Lead else "support",
                cue=str(_one(g, a, TTDN.cue)),
                evidence=Span(start=int(_one(g, pos, OA.start)), end=int(_one(g, pos, OA.end))),
                quote=str(_one(g, a, TTDN.quote)),
            ))
        return tuple(out)

    def _agency_list(self, d: Node, kind: str) -> tuple[str, ...]:
        g = self.g
        links = [n for n in g.subjects(TTDN.order, None) if str(n).startswith(f"{d}/{kind}/")]
        links.sort(key=lambda n: _order(g, n))
        return tuple(str(_agency_id(g, g.value(n, TTDN.agency))) for n in links)

    def deadlines(self) -> tuple[Deadline, ...]:
        g = self.g
        out = []
        for d in _ordered(g, self.p, TTDN.deadline):
            sec = g.value(d, TTDN.section)
            out.append(Deadline(
                date=_one(g, d, TTDN.dueDate),
                kind=str(_one(g, d, TTDN.deadlineKind)),
                section=_str(g, sec, TTDN.sectionId) if sec is not None else None,
                reporters=self._agency_list(d, "reporter"),
                recipients=self._agency_list(d, "reports-to"),
                text=str(_one(g, d, TTDN.text)),
                span=_span_of(g, d),
            ))
        return tuple(out)

    def signer(self) -> Signature | None:
        g = self.g
        sig = g.value(self.p, TTDN.signer)
        if sig is None:
            return None
        return Signature(
            name=_str(g, sig, TTDN.signerName),
            position=_str(g, sig, TTDN.position),
            authority=tuple(str(g.value(a, RDF.value)) for a in _ordered(g, sig, TTDN.authority)),
            span=_span_of(g, sig) if g.value(sig, TTDN.start) is not None else None,
        )

    def recipients(self) -> tuple[Recipient, ...]:
        g = self.g
        return tuple(
            Recipient(name=str(_one(g, r, TTDN.name)), agency=_agency_id(g, g.value(r, TTDN.agency)),
                      span=_span_of(g, r))
            for r in _ordered(g, self.p, TTDN.recipient)
        )

    def source(self) -> Source | None:
        g, p = self.g, self.p
        if g.value(p, TTDN.sha256) is None:
            return None
        return Source(sha256=str(_one(g, p, TTDN.sha256)), length=int(_one(g, p, TTDN.sourceLength)),
                      path=_str(g, p, TTDN.sourcePath), encoding=_str(g, p, TTDN.sourceEncoding))

    def plan(self) -> Plan:
        g, p = self.g, self.p
        date = _one(g, p, ELI.date_document)
        year = _one(g, p, TTDN.year)
        refs = self.references()
        return Plan(
            number=_str(g, p, ELI.number),
            doc_type=str(_one(g, g.value(p, ELI.type_document), SKOS.prefLabel)),
            date=date if isinstance(date, dt.date) else None,
            place=_str(g, p, TTDN.place),
            issuer=_str(g, p, TTDN.issuerName),
            issuer_id=_agency_id(g, g.value(p, ELI.passed_by)),
            province=_str(g, p, TTDN.province),
            level=_str(g, p, TTDN.level),
            title=_str(g, g.value(p, ELI.is_realized_by), ELI.title),
            year=int(year) if year is not None else None,
            legal_bases=tuple(r for r in refs if r.is_basis),
            citations=tuple(r for r in refs if not r.is_basis),
            sections=self.sections(),
            agencies=self.agencies(),
            assignments=self.assignments(),
            deadlines=self.deadlines(),
            signer=self.signer(),
            recipients=self.recipients(),
            warnings=tuple(str(g.value(w, RDF.value)) for w in _ordered(g, p, TTDN.warning)),
            source=self.source(),
            text=_str(g, p, TTDN.sourceText) or "",
        )


def shared_graph_iri(base: str = DEFAULT_BASE) -> str:
    """The named graph a store keeps shared nodes in (agencies, cited documents)."""
    return f"{base}graph/shared"


def split_for_store(plan: Plan, base: str = DEFAULT_BASE) -> tuple[bytes, bytes]:
    """A plan's triples as N-Triples in two parts: what belongs to the plan (its own
    named graph) and the nodes plans share (agencies, documents, document types), which a
    store keeps once in :func:`shared_graph_iri` instead of once per plan."""
    own, shared = split_lines_for_store(plan, base)
    return _nt_document(own), _nt_document(shared)


def split_lines_for_store(plan: Plan, base: str = DEFAULT_BASE) -> tuple[list[str], list[str]]:
    """The lines of :func:`split_for_store`'s two documents (sorted, each once, without
    their line break), for a writer that names the graph on each line (N-Quads)."""
    prefix = str(plan_iri(plan, base))
    own: list[tuple[Node, Node, Node]] = []
    shared: list[tuple[Node, Node, Node]] = []
    for s, p, o in plan_triples(plan, base):
        (own if (text := str(s)) == prefix or text.startswith(prefix + "/") else shared).append((s, p, o))
    return ntriples_lines(own), ntriples_lines(shared)


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """Triples as sorted, deduplicated N-Triples, byte for byte what :func:`serialize`
    gives for a graph of them, without building the graph (a corpus writes thousands)."""
    return _nt_document(ntriples_lines(triples))


def _nt_document(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """The lines of :func:`ntriples` (sorted, each once, without their line break).

    Each line is rdflib's own (``_nt_row``: ``n3()`` of the subject and predicate,
    ``_quoteLiteral`` of a literal object), but an IRI is written once per call, not once
    per triple: a plan's 3,000 triples name a few hundred subjects and a few dozen
    predicates, and rdflib checks every IRI's characters each time it writes it (half
    the time of writing a plan)."""
    try:  # how rdflib's line writer (_nt_row) writes a literal
        from rdflib.plugins.serializers.nt import _quoteLiteral
    except ImportError:  # pragma: no cover - a later rdflib without it: the slow way
        graph = Graph()
        for t in triples:
            graph.add(t)
        return serialize(graph, "nt").decode("utf-8").splitlines()
    iris: dict[URIRef, str] = {}

    def n3(term: Node) -> str:
        if type(term) is not URIRef:
            return term.n3()
        text = iris.get(term)
        if text is None:
            text = iris[term] = term.n3()  # raises on an IRI N-Triples cannot hold, as _nt_row does
        return text

    lines = {f"{n3(s)} {n3(p)} {_quoteLiteral(o) if isinstance(o, Literal) else n3(o)} ." for s, p, o in triples}
    return sorted(lines)


# --- serialization -------------------------------------------------------------------------


def _sorted_json(value: Any) -> Any:
    """Arrays in a canonical order (rdflib emits them in the store's hash order)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _stable_jsonld(data: bytes) -> bytes:
    """JSON-LD bytes that do not depend on PYTHONHASHSEED: nodes by ``@id``, arrays sorted,
    keys sorted. (No JSON-LD array we write is an ordered list: order is ``ttdn:order``.)"""
    doc = json.loads(data)
    if isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        doc["@graph"] = sorted((_sorted_json(n) for n in doc["@graph"]), key=lambda n: str(n.get("@id", "")))
        doc = {k: (v if k in ("@graph", "@context") else _sorted_json(v)) for k, v in doc.items()}
    else:
        doc = _sorted_json(doc)
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


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
        return _stable_jsonld(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, encoding="utf-8"))
    return graph.serialize(format="turtle", encoding="utf-8")
