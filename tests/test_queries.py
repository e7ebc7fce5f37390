"""Named queries: documented results on the bundled plan, agreement with the Python
helpers on every plan we have, and safety of user values."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ttdn_graph import Plan, datasets
from ttdn_graph import queries as Q
from ttdn_graph.rdf import DEFAULT_BASE, to_rdf

from .conftest import LAO_CAI, TPHCM


@pytest.fixture(scope="module")
def graphs(seed: Plan, tphcm: Plan, lao_cai: Plan) -> list[tuple[Plan, Graph]]:
    return [(p, to_rdf(p)) for p in (seed, tphcm, lao_cai)]


def test_queries_are_documented() -> None:
    queries = Q.named_queries()
    assert set(queries) == {"responsibility-matrix", "tasks-of-agency", "tasks-without-lead", "legal-bases",
                            "plans-based-on", "lead-counts", "lead-counts-by-plan", "deadlines", "lead-by-kind"}
    for q in queries.values():
        assert q.description
    assert queries["tasks-of-agency"].required == ("agency",)
    assert queries["plans-based-on"].required == ("number",)


def test_matrix_agrees(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        from ttdn_graph.rdf import agency_label

        ids = {a.id: agency_label(a) for a in plan.agencies}
        rows = Q.run_query(g, "responsibility-matrix")
        got = [(r["sectionId"], r["agency"].rsplit("/agency/", 1)[1], r["role"]) for r in rows]
        assert got == [(s, a, role) for s, a, role in Q.responsibility_rows(plan)]
        assert all(r["agencyName"] == ids[r["agency"].rsplit("/agency/", 1)[1]] for r in rows)


def test_tasks_of_agency_agrees(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        for ag in {a.agency for a in plan.assignments}:
            for role in (None, "lead", "support"):
                params = {"agency": ag} | ({"role": role} if role else {})
                rows = Q.run_query(g, "tasks-of-agency", **params)
                assert [(r["sectionId"], r["assigned"]) for r in rows] == Q.tasks_of(plan, ag, role)


def test_tasks_without_lead_agrees(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        assert [r["sectionId"] for r in Q.run_query(g, "tasks-without-lead")] == Q.tasks_without_lead(plan)
    seed_graph = graphs[0][1]
    # the bundled plan: IV.1.đ, IV.2.d and IV.9.c open "Phối hợp với" a vague partner
    assert [r["sectionId"] for r in Q.run_query(seed_graph, "tasks-without-lead")] == ["IV.1.đ", "IV.2.d", "IV.9.c"]


def test_legal_bases_agree(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        rows = Q.run_query(g, "legal-bases")
        assert [(r["docType"], r["number"], r["date"]) for r in rows] == Q.legal_bases(plan)


def test_lead_counts_agree(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        rows = Q.run_query(g, "lead-counts")
        got = {r["agency"].rsplit("/agency/", 1)[1]: (r["leads"], r["supports"]) for r in rows}
        assert got == Q.lead_counts(plan)
    first = Q.run_query(graphs[0][1], "lead-counts")[0]
    # the label every plan gives the body: the province after the level word
    assert (first["agencyName"], first["leads"], first["supports"]) == (
        "Văn phòng Ủy ban nhân dân tỉnh Hưng Yên", 7, 1)


def test_deadlines_agree(graphs: list[tuple[Plan, Graph]]) -> None:
    for plan, g in graphs:
        rows = Q.run_query(g, "deadlines")
        assert [(r["date"], r["kind"], r["sectionId"]) for r in rows] == Q.deadlines(plan)
    rows = Q.run_query(graphs[0][1], "deadlines")
    assert [(r["date"], r["reportsTo"]) for r in rows] == [
        (dt.date(2022, 5, 15), "Sở Thông tin và Truyền thông"),
        (dt.date(2022, 12, 1), "Sở Thông tin và Truyền thông"),
    ]


def test_plans_based_on_across_plans(graphs: list[tuple[Plan, Graph]]) -> None:
    union = Graph()
    for _, g in graphs:
        union += g
    plans = [p for p, _ in graphs]
    for number in ("72/2015/NĐ-CP", "11-CT/TU", "22/2013/QĐ-TTg"):
        rows = Q.run_query(union, "plans-based-on", number=number)
        assert [r["planNumber"] for r in rows] == [p.number for p in Q.plans_based_on(plans, number)]
    assert Q.run_query(union, "plans-based-on", number="11-CT/TU")[0]["province"] == "Lào Cai"
    with pytest.raises(Q.QueryError, match="parameter number: no document numbered '1/2000/NĐ-CP'"):
        Q.run_query(union, "plans-based-on", number="1/2000/NĐ-CP")


@pytest.mark.parametrize("spelling", ["72/2015/NĐ-CP", "72/2015/ND-CP", "72/2015/nđ-cp", "Nghị định 72/2015/ND-CP",
                                      "nghị định số 72/2015/NĐ-CP", " 72 / 2015 / NĐ - CP ",
                                      "https://w3id.org/ttdn-graph/id/eli/vn/nd-cp/2015/72"])
def test_plans_based_on_forgives_spelling(graphs: list[tuple[Plan, Graph]], spelling: str) -> None:
    g = graphs[0][1]
    assert [r["planNumber"] for r in Q.run_query(g, "plans-based-on", number=spelling)] == ["187/KH-UBND"]
    assert [p.number for p in Q.plans_based_on([graphs[0][0]], spelling)] == (
        ["187/KH-UBND"] if not spelling.startswith("https:") else [])


def test_document_parameters_name_one_document(seed: Plan, seed_text: str) -> None:
    import ttdn_graph

    other = ttdn_graph.parse_text(seed_text.replace("Hưng Yên", "Quảng Ninh").replace("HƯNG YÊN", "QUẢNG NINH"))
    g = to_rdf([seed, other])
    # the same local number in two provinces: two documents, so the number alone is ambiguous
    with pytest.raises(Q.QueryError, match=r"2 documents numbered '27/2019/QĐ-UBND'.*use its IRI"):
        Q.run_query(g, "plans-based-on", number="27/2019/qd-ubnd")
    rows = Q.run_query(g, "plans-based-on", number=f"{DEFAULT_BASE}eli/vn-quang-ninh/qd-ubnd/2019/27")
    assert [r["province"] for r in rows] == ["Quảng Ninh"]
    # a plan parameter takes the plan's number too
    rows = Q.run_query(to_rdf(seed), "legal-bases", plan="Kế hoạch số 187/KH-UBND")
    assert [r["number"] for r in rows][:1] == ["72/2015/NĐ-CP"]
    for params, message in (({"number": "99/2015/NĐ-CP"}, "no document numbered '99/2015/NĐ-CP'"),
                            ({"number": "hello"}, "neither an IRI nor a document number"),
                            ({"number": "https://x.org/a b"}, "not a well-formed IRI"),
                            ({"number": f"{DEFAULT_BASE}eli/vn/nd-cp/1999/1"}, "no document https://")):
        with pytest.raises(Q.QueryError, match=f"parameter number: .*{message}"):
            Q.run_query(g, "plans-based-on", **params)
    with pytest.raises(Q.QueryError, match="parameter plan: 'garbage' is neither"):
        Q.run_query(g, "legal-bases", plan="garbage")


@pytest.mark.parametrize("value", ['"} } DROP ALL ; #', "'} UNION { ?s ?p ?o } #", "72/2015/NĐ-CP\" . ?x ?y ?z"])
def test_hostile_values_find_nothing_and_break_nothing(graphs: list[tuple[Plan, Graph]], value: str) -> None:
    g = graphs[0][1]
    before = len(g)
    with pytest.raises(Q.QueryError, match=r"parameter number: .* neither an IRI nor a document number"):
        Q.run_query(g, "plans-based-on", number=value)
    with pytest.raises(Q.QueryError, match="no agency matching"):
        Q.run_query(g, "tasks-of-agency", agency=value)
    assert len(g) == before


def test_parameter_errors(graphs: list[tuple[Plan, Graph]]) -> None:
    g = graphs[0][1]
    with pytest.raises(Q.QueryError, match="needs --param agency"):
        Q.run_query(g, "tasks-of-agency")
    with pytest.raises(Q.QueryError, match="has no parameter 'colour'"):
        Q.run_query(g, "deadlines", colour="red")
    with pytest.raises(Q.QueryError, match="no query named"):
        Q.run_query(g, "who-is-boss")
    with pytest.raises(Q.QueryError, match="role must be"):
        Q.run_query(g, "tasks-of-agency", agency="Sở Tài chính", role="boss")
    with pytest.raises(Q.QueryError, match="cannot be read"):
        Q.run_sparql(g, "SELEKT nothing")


def test_forgiving_agency_names(graphs: list[tuple[Plan, Graph]]) -> None:
    g = graphs[0][1]
    for name in ("Sở TT&TT", "sở thông tin và truyền thông", "hung-yen/so-thong-tin-va-truyen-thong"):
        rows = Q.run_query(g, "tasks-of-agency", agency=name, role="support")
        assert [r["sectionId"] for r in rows] == ["IV.1.e", "IV.2.d", "IV.2.f"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ttdn_graph", *args], capture_output=True, text=True,
                          timeout=180)


def test_cli_query_over_texts_and_rdf(tmp_path: Path) -> None:
    ttl = tmp_path / "hy.ttl"
    assert _cli("export", str(datasets.hung_yen_2022_path()), "--to", "ttl", "-o", str(ttl)).returncode == 0
    proc = _cli("query", str(ttl), str(LAO_CAI), str(TPHCM), "--name", "plans-based-on",
                "--param", "number=72/2015/NĐ-CP", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [r["planNumber"] for r in json.loads(proc.stdout)] == ["187/KH-UBND"]
    proc = _cli("query", str(ttl), "--name", "tasks-of-agency", "--param", "agency=Sở Tài chính", "--format", "csv")
    assert proc.stdout.splitlines() == ["plan,sectionId,heading,assigned",
                                        proc.stdout.splitlines()[1]] and ",IV.7," in proc.stdout
    proc = _cli("query", str(ttl), "-e", "ASK { ?s a <https://w3id.org/ttdn-graph/ns#Plan> }", "--format", "json")
    assert json.loads(proc.stdout) == [{"answer": True}]


def test_cli_query_errors_are_one_line(tmp_path: Path) -> None:
    proc = _cli("query", str(datasets.hung_yen_2022_path()), "--name", "tasks-of-agency",
                "--param", "agency=Sở Du hành vũ trụ")
    assert proc.returncode == 2 and "no agency matching" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    proc = _cli("query", str(bad), "--name", "deadlines")
    assert proc.returncode == 2 and "bad.ttl" in proc.stderr and "Traceback" not in proc.stderr
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "https://example.org/context.jsonld", "@id": "x"}')
    proc = _cli("query", str(remote), "--name", "deadlines")
    assert proc.returncode == 2 and "remote @context" in proc.stderr


def test_cli_validate(tmp_path: Path) -> None:
    proc = _cli("validate", str(datasets.hung_yen_2022_path()))
    assert proc.returncode == 0 and "conforms" in proc.stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text("""
        @prefix ttdn: <https://w3id.org/ttdn-graph/ns#> .
        <https://example.org/d> a ttdn:Deadline ; ttdn:dueDate "soon" ; ttdn:deadlineKind "report" .
    """)
    proc = _cli("validate", str(broken))
    assert proc.returncode == 4
    assert "is not a date" in proc.stdout


def test_default_base_is_the_same_in_cli_and_library() -> None:
    import ttdn_graph
    from ttdn_graph.cli import _build_parser
    from ttdn_graph.exports import Options
    from ttdn_graph.rdf import DEFAULT_BASE

    args = _build_parser().parse_args(["export", "plan.txt", "--to", "ttl"])
    assert args.base == Options().base == ttdn_graph.DEFAULT_BASE == DEFAULT_BASE


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/x> { ?s ?q ?r } } }",
])
def test_queries_that_reach_out_are_refused(graphs: list[tuple[Plan, Graph]], sparql: str) -> None:
    with pytest.raises(Q.QueryError, match="reaches out"):
        Q.run_sparql(graphs[0][1], sparql)


def test_timeout_stops_a_long_query(graphs: list[tuple[Plan, Graph]]) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(Q.QueryError, match=r"longer than 0\.5 s"):
        Q.run_sparql(graphs[0][1], slow, timeout=0.5)


def test_lead_counts_by_plan_agree(graphs: list[tuple[Plan, Graph]]) -> None:
    from ttdn_graph.rdf import plan_iri

    union = Graph()
    for _, g in graphs:
        union += g
    rows = Q.run_query(union, "lead-counts-by-plan")
    for plan, _ in graphs:
        got = {r["agency"].rsplit("/agency/", 1)[1]: (r["leads"], r["supports"])
               for r in rows if r["plan"] == str(plan_iri(plan))}
        assert got == Q.lead_counts(plan)


def test_an_item_headed_by_its_agency_shows_its_task() -> None:
    """IV.7 of the bundled plan reads "7. Sở Tài chính" then "Tham mưu UBND tỉnh cân đối,
    bố trí kinh phí ... năm 2022. Hướng dẫn các đơn vị ..." (lines 161-163 of the text)."""
    from ttdn_graph import datasets, responsibility_matrix
    from ttdn_graph.queries import run_query
    from ttdn_graph.rdf import from_rdf, to_rdf

    plan = datasets.hung_yen_2022()
    first = ("Tham mưu UBND tỉnh cân đối, bố trí kinh phí để đảm bảo triển khai, thực hiện các"
             " nhiệm vụ tại Kế hoạch hoạt động thông tin đối ngoại của tỉnh năm 2022.")
    assert plan.section("IV.7").heading == "Sở Tài chính"  # the outline keeps its line
    assert plan.task_heading("IV.7") == first
    # items whose heading is the task, and agency items with lettered tasks, are unchanged
    assert plan.task_heading("IV.2.f") == plan.section("IV.2.f").heading
    assert plan.task_heading("IV.8") == "Công an tỉnh"
    graph = to_rdf(plan)
    rows = run_query(graph, "tasks-of-agency", agency="Sở Tài chính")
    assert [(r["sectionId"], r["heading"], r["assigned"]) for r in rows] == [("IV.7", first, "lead")]
    matrix_rows = run_query(graph, "responsibility-matrix")
    assert {r["heading"] for r in matrix_rows if r["sectionId"] == "IV.7"} == {first}
    assert from_rdf(graph) == plan  # the extra triple does not disturb the round trip
    m = responsibility_matrix(plan)
    assert m.heading("IV.7") == first and m.heading("IV.2.f") == plan.section("IV.2.f").heading
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(m.to_xlsx())).worksheets[1]
    assert [r[1] for r in sheet.iter_rows(values_only=True) if r[0] == "IV.7"] == [first]


def test_lead_counts_tell_provinces_apart() -> None:
    """Hưng Yên 187 and Đồng Tháp 556 both give tasks to "Các sở, ban, ngành tỉnh"
    (Hưng Yên: II.2 and IV.10.a, b, d; Đồng Tháp: item "2. Các sở, ban, ngành tỉnh ...
    có trách nhiệm", line 730): two rows, told apart by their province."""
    from ttdn_graph import datasets, parse
    from ttdn_graph.queries import run_query
    from ttdn_graph.rdf import to_rdf

    from .conftest import ASSETS

    dong_thap = parse(ASSETS / "corpus" / "dong_thap_556_KH-UBND_2025_bien_dao.txt")
    graph = to_rdf([datasets.hung_yen_2022(), dong_thap])
    rows = [(r["agencyName"], r["province"], r["leads"]) for r in run_query(graph, "lead-counts")
            if r["agencyName"].startswith("Các sở, ban, ngành tỉnh")]
    assert sorted(rows) == [("Các sở, ban, ngành tỉnh Hưng Yên", "Hưng Yên", 4),
                            ("Các sở, ban, ngành tỉnh Đồng Tháp", "Đồng Tháp", 1)]


def test_cli_document_parameter_errors_exit_2(tmp_path: Path) -> None:
    ttl = tmp_path / "hy.ttl"
    assert _cli("export", str(datasets.hung_yen_2022_path()), "--to", "ttl", "-o", str(ttl)).returncode == 0
    proc = _cli("query", str(ttl), "--name", "plans-based-on", "--param", "number=Nghị định 72/2015/ND-CP",
                "--format", "json")
    assert proc.returncode == 0 and [r["planNumber"] for r in json.loads(proc.stdout)] == ["187/KH-UBND"]
    for value in ("99/2015/NĐ-CP", "https://x.org/a b", "hello"):
        proc = _cli("query", str(ttl), "--name", "plans-based-on", "--param", f"number={value}")
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith("ttdn-graph: error: parameter number: ") and "Traceback" not in proc.stderr


def test_document_parameters_on_the_oxigraph_store(seed: Plan) -> None:
    pytest.importorskip("pyoxigraph")
    from ttdn_graph.rdf import split_for_store
    from ttdn_graph.stores import OxigraphStore, run_named

    store = OxigraphStore()
    own, shared = split_for_store(seed)
    store.put_graph("urn:plan", own)
    store.add_to_graph("urn:shared", shared)
    for spelling in ("Nghị định 72/2015/ND-CP", "72/2015/nđ-cp"):
        assert [r["planNumber"] for r in run_named(store, "plans-based-on", number=spelling)] == ["187/KH-UBND"]
    for params, message in (({"number": "hello"}, "parameter number: 'hello' is neither an IRI nor a document number"),
                            ({"plan": "not an iri"}, "parameter plan: 'not an iri' is neither an IRI nor a document number"),
                            ({"plan": "https://x.org/a b"}, "parameter plan: .* not a well-formed IRI")):
        with pytest.raises(Q.QueryError, match=message):
            run_named(store, "legal-bases" if "plan" in params else "plans-based-on", **params)


def test_a_store_resolves_documents_with_the_same_rules(seed: Plan, seed_text: str) -> None:
    # what stores.run_named gives bind_params once it passes document=document_resolver(store.select)
    pytest.importorskip("pyoxigraph")
    import ttdn_graph
    from ttdn_graph.rdf import split_for_store
    from ttdn_graph.stores import OxigraphStore

    store = OxigraphStore()
    other = ttdn_graph.parse_text(seed_text.replace("Hưng Yên", "Quảng Ninh").replace("HƯNG YÊN", "QUẢNG NINH"))
    for i, plan in enumerate((seed, other)):
        own, shared = split_for_store(plan)
        store.put_graph(f"urn:plan:{i}", own)
        store.add_to_graph("urn:shared", shared)
    resolve = Q.document_resolver(store.select)
    query = Q.named_queries()["plans-based-on"]
    bound = Q.bind_params(query, {"number": "Nghị định số 72/2015/ND-CP"}, lambda v: URIRef(v), document=resolve)
    assert bound == {"document": URIRef(f"{DEFAULT_BASE}eli/vn/nd-cp/2015/72")}
    assert [r["province"] for r in store.select(query.sparql, bound)] == ["Hưng Yên", "Quảng Ninh"]
    for value, message in (("27/2019/QĐ-UBND", "2 documents numbered"), ("99/2015/NĐ-CP", "no document numbered"),
                           (f"{DEFAULT_BASE}eli/vn/nd-cp/1999/1", "no document https://")):
        with pytest.raises(Q.QueryError, match=f"parameter number: {message}"):
            resolve("number", value)


def test_a_law_is_named_by_its_name() -> None:
    import ttdn_graph

    # Nghị quyết 394/NQ-CP is based on "Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020"
    plan = ttdn_graph.parse(Path(__file__).parent / "assets" / "corpus" / "national_394_NQ-CP_2025_rac_thai.txt")
    g = to_rdf(plan)
    for spelling in ("Luật Bảo vệ môi trường", "luật bảo vệ môi trường"):
        assert [r["planNumber"] for r in Q.run_query(g, "plans-based-on", number=spelling)] == ["394/NQ-CP"]
    with pytest.raises(Q.QueryError, match="no document named 'Luật Hải quan'"):
        Q.run_query(g, "plans-based-on", number="Luật Hải quan")


def test_rows_sorted_on_their_values_as_on_sparql_order() -> None:
    """ordered_rows sorts a column holding one kind of value (text, integers, dates,
    unbound or not) on the values themselves: the same order, stable, as the keys that
    rank unbound, numbers, dates and text (Q._order_value), for every mix of kinds, each
    key ascending or descending, compared as values or as STR()."""
    import random
    from decimal import Decimal

    rnd = random.Random(17)
    kinds = [
        lambda: rnd.choice(["a", "b", "B", "é", "a b", "10", "9"]),
        lambda: rnd.randint(-3, 12),
        lambda: dt.date(2020, rnd.randint(1, 12), 1),
        lambda: rnd.choice([True, False]),
        lambda: Decimal(rnd.randint(0, 20)) / 4,
    ]
    for _ in range(300):
        columns = {var: rnd.sample(kinds, rnd.randint(1, 2)) for var in ("x", "y", "z")}
        unbound = {var: rnd.random() < 0.4 for var in columns}
        rows = [{var: None if unbound[var] and rnd.random() < 0.3 else rnd.choice(makers)()
                 for var, makers in columns.items()} | {"n": i} for i in range(rnd.randint(0, 40))]
        keys = tuple((var, rnd.random() < 0.3, rnd.random() < 0.3) for var in rnd.sample(list(columns), 2))
        query = Q.NamedQuery(name="q", description="", required=(), optional=(), sparql="SELECT * {}", order=keys)
        expected = list(rows)
        for var, descending, as_str in reversed(keys):
            expected.sort(key=lambda row: Q._order_value(row[var], as_str), reverse=descending)
        assert Q.ordered_rows(query, list(rows)) == expected, keys
