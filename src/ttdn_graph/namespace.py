"""The RDF vocabularies: standard ones we reuse, and our own closed namespace.

``TTDN`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term such as
``TTDN.laed`` raises ``AttributeError`` instead of quietly minting a new IRI. Each term
is described (Vietnamese and English) in the shipped ontology ``data/ttdn.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, PROV, SKOS, DefinedNamespace

__all__ = ["ELI", "OA", "ORG", "PROV", "SKOS", "TTDN", "TTDN_IRI"]

#: IRI of our vocabulary.
TTDN_IRI = "https://w3id.org/ttdn-graph/ns#"

#: European Legislation Identifier ontology: documents, their parts, their links.
ELI = Namespace("http://data.europa.eu/eli/ontology#")
#: W3C Web Annotation vocabulary: text position selectors for evidence.
OA = Namespace("http://www.w3.org/ns/oa#")


class TTDN(DefinedNamespace):
    """Terms of the ttdn_graph vocabulary (``data/ttdn.ttl`` documents each)."""

    _fail = True
    _NS = Namespace(TTDN_IRI)

    # classes
    Plan: URIRef  # a plan (Kế hoạch) or the decision that issues one
    Citation: URIRef  # one plan's reference to a document, with its evidence
    Assignment: URIRef  # a qualified role of an agency in a section
    Role: URIRef  # class of the two roles
    Lead: URIRef  # the role "chủ trì"
    Support: URIRef  # the role "phối hợp"
    Deadline: URIRef  # a dated duty
    Signature: URIRef  # the signature block
    Recipient: URIRef  # a line of "Nơi nhận"
    Ordered: URIRef  # a value with a position (signature authorities, warnings)
    Task: URIRef  # the task a section sets: a prov:Activity

    # roles, direct form
    lead: URIRef  # section -> agency that leads it
    support: URIRef  # section -> agency that supports it

    # plan
    plan: URIRef  # any node -> the plan it belongs to
    place: URIRef
    year: URIRef
    province: URIRef
    issuerName: URIRef
    citation: URIRef  # plan -> Citation
    agency: URIRef  # plan -> agency it names; also recipient -> agency
    assignment: URIRef  # plan -> Assignment
    deadline: URIRef  # plan -> Deadline
    signer: URIRef  # plan -> Signature
    recipient: URIRef  # plan -> Recipient
    warning: URIRef  # plan -> Ordered note
    sha256: URIRef
    sourceLength: URIRef
    sourcePath: URIRef
    sourceEncoding: URIRef
    sourceText: URIRef
    nameInPlan: URIRef  # a plan's agency link -> the name as that plan writes it

    # sections
    sectionId: URIRef
    marker: URIRef
    sectionKind: URIRef
    heading: URIRef
    taskHeading: URIRef
    text: URIRef
    order: URIRef  # position in document order (0-based)
    start: URIRef  # span start, code points of the original text
    end: URIRef  # span end

    # citations
    document: URIRef  # Citation -> the cited document
    isBasis: URIRef
    docType: URIRef
    sequence: URIRef
    typeCode: URIRef
    issuerCode: URIRef
    numberYear: URIRef
    title: URIRef
    number: URIRef  # Citation -> the number as this plan writes it (canonical spelling)
    date: URIRef  # Citation -> the date this plan gives the document
    issuer: URIRef  # Citation -> the issuer this plan names

    # agencies
    agencyId: URIRef
    agencyKind: URIRef
    level: URIRef
    collective: URIRef
    inGazetteer: URIRef

    # assignments
    section: URIRef  # Assignment/Deadline -> section
    cue: URIRef
    evidence: URIRef  # Assignment -> oa:SpecificResource of the plan's text
    quote: URIRef  # Assignment -> the evidence text, normalized

    # deadlines
    dueDate: URIRef
    deadlineKind: URIRef
    reporter: URIRef
    reportsTo: URIRef

    # signature and recipients
    signerName: URIRef
    position: URIRef
    authority: URIRef  # Signature -> Ordered authority ("TM. Ủy ban nhân dân")
    name: URIRef
