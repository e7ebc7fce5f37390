"""The knowledge graph: vocabulary, round trips, SHACL, SPARQL, stability."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ttdn_graph import Agency, Assignment, Deadline, LegalReference, Plan, Section, Signature, Span, datasets
from ttdn_graph.namespace import ELI, PROV, TTDN
from ttdn_graph.rdf import DEFAULT_BASE, from_rdf, plan_iri, serialize, to_rdf
from ttdn_graph.validate import validate

PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX ttdn: <https://w3id.org/ttdn-graph/ns#>
"""


@pytest.fixture(scope="module")
def seed_turtle(seed: Plan) -> Graph:
    return Graph().parse(data=serialize(to_rdf(seed), "ttl"), format="turtle")


def test_sparql_finds_the_four_legal_bases(seed_turtle: Graph) -> None:
    rows = seed_turtle.query(PREFIXES + """
        SELECT ?number ?date WHERE { ?plan a ttdn:Plan ; eli:based_on ?doc .
                                     ?doc eli:number ?number ; eli:date_document ?date }
        ORDER BY ?date""")
    assert [(str(n), d.toPython()) for n, d in rows] == [  # type: ignore[misc]
        ("72/2015/NĐ-CP", dt.date(2015, 9, 7)),
        ("22/2016/TT-BTTTT", dt.date(2016, 10, 19)),
        ("27/2019/QĐ-UBND", dt.date(2019, 7, 19)),
        ("1160/QĐ-TTg", dt.date(2021, 7, 13)),
    ]


def test_all_91_sections_reachable_through_is_part_of(seed_turtle: Graph) -> None:
    rows = list(seed_turtle.query(PREFIXES + """
        SELECT DISTINCT ?s WHERE { ?plan a ttdn:Plan . ?s eli:is_part_of+ ?plan .
                                   ?s a eli:LegalResourceSubdivision }"""))
    assert len(rows) == 91


def test_direct_and_qualified_roles_match_the_model(seed: Plan, seed_turtle: Graph) -> None:
    expected = {(a.section, a.agency, a.role) for a in seed.assignments}
    direct = seed_turtle.query(PREFIXES + """
        SELECT ?id ?agencyId ?role WHERE {
          { ?s ttdn:lead ?a BIND("lead" AS ?role) } UNION { ?s ttdn:support ?a BIND("support" AS ?role) }
          ?s ttdn:sectionId ?id . ?a ttdn:agencyId ?agencyId }""")
    assert {(str(i), str(a), str(r)) for i, a, r in direct} == expected  # type: ignore[misc]
    qualified = seed_turtle.query(PREFIXES + """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?id ?agencyId ?role ?start ?end WHERE {
          ?task a ttdn:Task ; prov:qualifiedAssociation ?q .
          ?q prov:hadPlan ?s . ?s ttdn:sectionId ?id .
          ?q prov:agent/ttdn:agencyId ?agencyId ; prov:hadRole ?r ; ttdn:evidence ?e .
          ?e a oa:SpecificResource ; oa:hasSelector ?pos .
          ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          BIND(IF(?r = ttdn:Lead, "lead", "support") AS ?role) }""")
    got = {(str(i), str(a), str(r)) for i, a, r, _, _ in qualified}  # type: ignore[misc]
    assert got == expected
    spans = {(str(i), str(a), str(r)): (int(s), int(e)) for i, a, r, s, e in qualified}  # type: ignore[misc]
    for a in seed.assignments:
        assert spans[(a.section, a.agency, a.role)] == (a.evidence.start, a.evidence.end)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_round_trip_through_each_format(seed: Plan, tphcm: Plan, lao_cai: Plan, fmt: str) -> None:
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    for plan in (seed, tphcm, lao_cai):
        back = from_rdf(Graph().parse(data=serialize(to_rdf(plan), fmt), format=rdflib_fmt))
        assert back == plan


def test_same_input_same_graph(seed: Plan) -> None:
    import ttdn_graph

    path = datasets.hung_yen_2022_path()
    assert isomorphic(to_rdf(ttdn_graph.parse(path)), to_rdf(ttdn_graph.parse(path)))
    assert isomorphic(to_rdf(seed), to_rdf(Plan.from_json(seed.to_json())))


def test_exports_are_byte_stable_across_runs(tmp_path: Path) -> None:
    outs = []
    for run in range(2):
        for fmt in ("ttl", "nt"):
            out = tmp_path / f"{run}.{fmt}"
            subprocess.run([sys.executable, "-m", "ttdn_graph", "export", str(datasets.hung_yen_2022_path()),
                            "--to", fmt, "-o", str(out)], check=True, timeout=120)
            outs.append(out.read_bytes())
    assert outs[0] == outs[2] and outs[1] == outs[3]
    lines = outs[1].decode().splitlines()
    assert lines == sorted(lines)


def test_plans_meet_on_shared_documents_and_central_bodies(seed: Plan) -> None:
    other = seed.model_copy(update={"number": "5/KH-UBND", "province": "Bắc Ninh"})
    g = to_rdf([seed, other])
    doc = URIRef(f"{DEFAULT_BASE}eli/vn/nd-cp/2015/72")
    assert set(g.subjects(ELI.based_on, doc)) == {plan_iri(seed), plan_iri(other)}
    assert len(set(g.subjects(RDF.type, TTDN.Plan))) == 2
    with pytest.raises(ValueError, match="holds 2 plans"):
        from_rdf(g)
    assert from_rdf(g, plan=plan_iri(seed)) == seed


def test_base_is_configurable(seed: Plan) -> None:
    g = to_rdf(seed, base="https://example.org/hy/")
    assert all(not str(s).startswith(DEFAULT_BASE) for s in g.subjects())
    assert from_rdf(g) == seed


def test_closed_namespace() -> None:
    assert str(TTDN.lead) == "https://w3id.org/ttdn-graph/ns#lead"
    with pytest.raises(AttributeError):
        _ = TTDN.laed  # a misspelt term


def test_ontology_describes_every_term_in_two_languages() -> None:
    from importlib import resources

    from rdflib import RDFS

    onto = Graph().parse(data=resources.files("ttdn_graph").joinpath("data/ttdn.ttl").read_text("utf-8"),
                         format="turtle")
    terms = {str(getattr(TTDN, n)) for n in TTDN.__annotations__}
    described = {str(s) for s in onto.subjects(RDFS.label, None) if str(s).startswith(str(TTDN._NS))}
    assert described == terms
    for t in terms:
        for pred in (RDFS.label, RDFS.comment):
            langs = {lbl.language for lbl in onto.objects(URIRef(t), pred)}  # type: ignore[attr-defined]
            assert langs == {"vi", "en"}, (t, pred)


def test_every_plan_conforms(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    for plan in (seed, tphcm, lao_cai):
        report = validate(to_rdf(plan))
        assert report.conforms, report.text()


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls), key=str)[0]  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("assignment without agency", "must name exactly one agency"),
        ("role neither lead nor support", "must be lead (ttdn:Lead) or support"),
        ("section outside any plan", "outside any plan"),
        ("date that is not a date", "is not a date"),
    ],
)
def test_broken_graphs_are_caught(seed: Plan, breakage: str, message: str) -> None:
    g = to_rdf(seed)
    if breakage == "assignment without agency":
        a = _first(g, TTDN.Assignment)
        g.remove((a, PROV.agent, None))
    elif breakage == "role neither lead nor support":
        a = _first(g, TTDN.Assignment)
        g.set((a, PROV.hadRole, URIRef("https://w3id.org/ttdn-graph/ns#Owner")))
    elif breakage == "section outside any plan":
        s = URIRef("https://example.org/orphan")
        g.add((s, RDF.type, ELI.LegalResourceSubdivision))
        g.add((s, TTDN.sectionId, Literal("IX.9")))
        g.add((s, ELI.is_part_of, URIRef("https://example.org/nowhere")))
    else:
        d = _first(g, TTDN.Deadline)
        g.set((d, TTDN.dueDate, Literal("15 tháng 5")))
    report = validate(g)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), report.text()
    assert message in report.text()


# --- property: Plan -> RDF -> Plan over generated plans ----------------------------------------

words = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=12)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
spans = st.builds(lambda a, b: Span(start=min(a, b), end=max(a, b)), st.integers(0, 10**6), st.integers(0, 10**6))
dates = st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    agencies = draw(st.lists(st.builds(
        Agency, id=ids, name=words, name_en=st.none() | words,
        aliases=st.lists(words, max_size=3, unique=True).map(lambda xs: tuple(sorted(xs))),
        kind=ids, level=st.sampled_from(["central", "province", "district", "commune", "unknown"]),
        collective=st.booleans(), in_gazetteer=st.booleans()),
        min_size=1, max_size=4, unique_by=lambda a: a.id))
    n_top = draw(st.integers(1, 3))
    sections: list[Section] = []
    for i in range(n_top):
        kids = [f"{i + 1}.{c}" for c in "abc"[: draw(st.integers(0, 3))]]
        sections.append(Section(id=str(i + 1), marker=str(i + 1), kind="number", heading=draw(words),
                                text=draw(words), parent=None, children=tuple(kids), span=draw(spans)))
        for k in kids:
            sections.append(Section(id=k, marker=k[-1], kind="letter", heading=draw(words), text=draw(words),
                                    parent=str(i + 1), children=(), span=draw(spans)))
    sec_ids = [s.id for s in sections]
    ag_ids = [a.id for a in agencies]
    assignments = draw(st.lists(st.builds(
        Assignment, section=st.sampled_from(sec_ids), agency=st.sampled_from(ag_ids),
        role=st.sampled_from(["lead", "support"]), cue=words, evidence=spans, quote=words),
        max_size=6, unique_by=lambda a: (a.section, a.agency, a.role)))
    refs = draw(st.lists(st.builds(
        LegalReference, doc_type=words, number=st.none() | st.from_regex(r"[1-9][0-9]{0,3}/20[0-9]{2}/N[A-Z]-CP", fullmatch=True),
        date=st.none() | dates, issuer=st.none() | words, issuer_id=st.none() | st.sampled_from(ag_ids),
        title=st.none() | words, is_basis=st.booleans(), span=spans), max_size=3,
        unique_by=lambda r: (r.number, r.title, r.doc_type, r.date)))
    deadlines = draw(st.lists(st.builds(
        Deadline, date=dates, kind=st.sampled_from(["report", "completion"]),
        section=st.none() | st.sampled_from(sec_ids),
        reporters=st.lists(st.sampled_from(ag_ids), max_size=2, unique=True).map(tuple),
        recipients=st.lists(st.sampled_from(ag_ids), max_size=2, unique=True).map(tuple),
        text=words, span=spans), max_size=2))
    return Plan(
        number=draw(st.none() | st.from_regex(r"[1-9][0-9]{0,3}/KH-UBND", fullmatch=True)),
        doc_type=draw(st.sampled_from(["Kế hoạch", "Quyết định"])), date=draw(st.none() | dates),
        place=draw(st.none() | words), issuer=draw(st.none() | words), issuer_id=draw(st.none() | st.sampled_from(ag_ids)),
        province=draw(st.none() | words), title=draw(st.none() | words), year=draw(st.none() | st.integers(1945, 2100)),
        legal_bases=tuple(r for r in refs if r.is_basis), citations=tuple(r for r in refs if not r.is_basis),
        sections=tuple(sections), agencies=tuple(agencies), assignments=tuple(assignments),
        deadlines=tuple(deadlines),
        signer=draw(st.none() | st.builds(Signature, name=st.none() | words, position=st.none() | words,
                                         authority=st.lists(words, max_size=2).map(tuple), span=st.none() | spans)),
        warnings=tuple(draw(st.lists(words, max_size=2))), text=draw(st.text(max_size=50)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_survive_rdf(plan: Plan) -> None:
    assert from_rdf(to_rdf(plan)) == plan


def test_store_split_is_the_graph_written_in_two_parts(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    """The two N-Triples documents a store gets are byte for byte what rdflib writes for
    the plan's graph, split by subject: the plan and its parts, and the shared nodes."""
    from ttdn_graph.rdf import split_for_store

    for plan in (seed, tphcm, lao_cai):
        graph = to_rdf(plan)
        prefix = str(plan_iri(plan))
        own, shared = Graph(), Graph()
        for s, p, o in graph:
            (own if str(s) == prefix or str(s).startswith(prefix + "/") else shared).add((s, p, o))
        assert split_for_store(plan) == (serialize(own, "nt"), serialize(shared, "nt"))
        assert len(own) > 1000 and len(shared) > 20
        kinds = {str(s)[len(DEFAULT_BASE):].split("/")[0] for s in shared.subjects()}
        assert kinds == {"agency", "agency-kind", "eli", "doc-type"}
