"""The exports say what the standards mean: Web Annotation evidence, SHACL across plans,
and an OWL-RL closure that adds no class a node should not have."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

import ttdn_graph
from ttdn_graph import LegalReference, Plan, datasets
from ttdn_graph.namespace import ELI, OA, PROV, TTDN
from ttdn_graph.rdf import plan_iri, plan_triples, to_rdf
from ttdn_graph.validate import validate

from .conftest import LAO_CAI, TPHCM

ASSETS = Path(__file__).parent / "assets"
PATHS = [*sorted((ASSETS / "corpus").glob("*.txt")), LAO_CAI, TPHCM]


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [datasets.hung_yen_2022()] + [ttdn_graph.parse(p) for p in PATHS]


def test_evidence_is_a_web_annotation_whose_quote_is_the_source(plans: list[Plan]) -> None:
    checked = 0
    for plan in plans:
        g = to_rdf(plan)
        p = plan_iri(plan)
        for asg in g.objects(p, TTDN.assignment):
            ev = g.value(asg, TTDN.evidence)
            assert (ev, RDF.type, OA.SpecificResource) in g
            assert g.value(ev, OA.hasSource) == p
            selectors = list(g.objects(ev, OA.hasSelector))
            pos = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g]
            quote = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g]
            assert len(pos) == 1 and len(quote) == 1 and len(selectors) == 2
            start, end = int(g.value(pos[0], OA.start)), int(g.value(pos[0], OA.end))  # type: ignore[arg-type]
            exact = g.value(quote[0], OA.exact)
            assert isinstance(exact, Literal) and exact.language is None
            assert exact.datatype in (None, XSD.string)
            assert str(exact) == plan.text[start:end], (plan.number, str(asg))
            checked += 1
        assert checked or not plan.assignments
    assert checked == sum(len(p.assignments) for p in plans) > 900


def test_the_shapes_see_what_plans_disagree_on(plans: list[Plan]) -> None:
    # the six plans that cite Nghị quyết 71/NQ-CP, validated together: each alone
    # conforms, and across them one thing does not hold: Đồng Tháp 617 dates it
    # "01/5/2025" where the five others write 01/4/2025 (checked in the texts)
    citing = [p for p in plans if any(r.number == "71/NQ-CP" for r in (*p.legal_bases, *p.citations))]
    assert len(citing) == 6
    report = validate(to_rdf(citing))
    assert [(v.focus.rsplit("/id/", 1)[1], v.path) for v in report.violations] == [
        ("eli/vn/nq-cp/2025/71", str(ELI.date_document))]
    def mended(refs: tuple[LegalReference, ...]) -> tuple[LegalReference, ...]:
        return tuple(r.model_copy(update={"date": r.date.replace(month=4)})
                     if r.number == "71/NQ-CP" and r.date else r for r in refs)

    fixed = [p.model_copy(update={"legal_bases": mended(p.legal_bases), "citations": mended(p.citations)})
             for p in citing]
    assert validate(to_rdf(fixed)).conforms


def _vocabulary() -> Graph:
    g = Graph().parse(ASSETS / "vocab" / "standard_axioms.ttl")
    return g.parse(data=resources.files("ttdn_graph").joinpath("data", "ttdn.ttl").read_text("utf-8"),
                   format="turtle")


#: what a node may be under inference: its own classes and what the vocabulary says they are
CITATION_CLASSES = {TTDN.Citation, OWL.Thing, RDFS.Resource}
SECTION_CLASSES = {ELI.LegalResourceSubdivision, ELI.LegalResource, PROV.Plan, PROV.Entity, OWL.Thing, RDFS.Resource}


def test_owl_rl_closure_adds_no_class_the_vocabulary_does_not_mean(plans: list[Plan]) -> None:
    import owlrl

    g = _vocabulary()
    for plan in plans:  # literals decide no class: left out, the closure takes seconds
        for t in plan_triples(plan):
            if not isinstance(t[2], Literal):
                g.add(t)
    citations = set(g.subjects(RDF.type, TTDN.Citation))
    sections = set(g.subjects(RDF.type, ELI.LegalResourceSubdivision))
    assert len(citations) > 150 and len(sections) > 1000
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    for c in citations:
        assert set(g.objects(c, RDF.type)) <= CITATION_CLASSES, c
    for s in sections:
        assert set(g.objects(s, RDF.type)) <= SECTION_CLASSES, s
    # the tasks are the activities, and nothing is both an activity and an entity
    tasks = set(g.subjects(RDF.type, TTDN.Task))
    assert tasks and set(g.subjects(RDF.type, PROV.Activity)) == tasks
    assert not set(g.subjects(RDF.type, PROV.Activity)) & set(g.subjects(RDF.type, PROV.Entity))
    assert not list(g.subjects(RDF.type, OWL.Nothing))
    assert URIRef(str(ELI.LegalResource)) in set(g.objects(next(iter(sections)), RDF.type))


def test_jsonld_uses_the_shipped_context_and_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.jsonld"
        subprocess.run([sys.executable, "-m", "ttdn_graph", "export", str(datasets.hung_yen_2022_path()),
                        "--to", "jsonld", "-o", str(out)], check=True, timeout=120,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    shipped = json.loads(resources.files("ttdn_graph").joinpath("data", "context.jsonld").read_text("utf-8"))
    assert doc["@context"] == shipped["@context"] and doc["@context"]["@language"] == "vi"
    nodes = {n["@id"]: n for n in doc["@graph"]}
    plan = nodes[str(plan_iri(datasets.hung_yen_2022()))]
    # links as plain IRIs (@type: @id), dates typed by the context, Vietnamese text as plain strings
    assert plan["basedOn"][0].startswith("https://") and plan["dateDocument"] == "2021-12-13"
    assert doc["@context"]["dateDocument"] == {"@id": "eli:date_document", "@type": "xsd:date"}
    assert plan["eliNumber"] == "187/KH-UBND" and plan["province"] == "Hưng Yên"
    back = Graph().parse(data=outs[0], format="json-ld")
    assert (plan_iri(datasets.hung_yen_2022()), ELI.date_document, None) in back
    assert len(back) == len(to_rdf(datasets.hung_yen_2022()))


def test_one_kind_of_body_across_provinces(seed: Plan, seed_text: str) -> None:
    from ttdn_graph.namespace import ORG, SKOS
    from ttdn_graph.queries import run_query
    from ttdn_graph.rdf import DEFAULT_BASE

    other = ttdn_graph.parse_text(seed_text.replace("Hưng Yên", "Quảng Ninh").replace("HƯNG YÊN", "QUẢNG NINH"))
    g = to_rdf([seed, other])
    kind = URIRef(f"{DEFAULT_BASE}agency-kind/so-thong-tin-va-truyen-thong")
    assert {str(a).rsplit("/agency/", 1)[1] for a in g.subjects(ORG.classification, kind)} == {
        "hung-yen/so-thong-tin-va-truyen-thong", "quang-ninh/so-thong-tin-va-truyen-thong"}
    assert (kind, SKOS.prefLabel, Literal("Sở Thông tin và Truyền thông", lang="vi")) in g
    assert (kind, SKOS.broader, URIRef(f"{DEFAULT_BASE}agency-kind/department")) in g
    rows = {r["kindName"]: r for r in run_query(g, "lead-by-kind")}
    # the department leads 6 sections of the bundled plan (lead-counts), so 12 over both
    assert (rows["Sở Thông tin và Truyền thông"]["tasks"], rows["Sở Thông tin và Truyền thông"]["plans"],
            rows["Sở Thông tin và Truyền thông"]["agencies"]) == (12, 2, 2)
    assert validate(g).conforms
