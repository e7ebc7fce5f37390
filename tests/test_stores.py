"""Stores: rdflib, embedded Oxigraph, and a real Oxigraph server started on 127.0.0.1.

The server fixture installs nothing by hand: the ``oxigraph`` command comes with the
test dependencies. It listens on a free loopback port with a temporary folder and is
stopped after the tests.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ttdn_graph import Plan
from ttdn_graph.queries import QueryError, named_queries
from ttdn_graph.rdf import plan_iri, serialize, to_rdf
from ttdn_graph.stores import EndpointStore, OxigraphStore, RdflibStore, StoreError, run_named

PARAMS = {"tasks-of-agency": {"agency": "hung-yen/so-thong-tin-va-truyen-thong"},
          "plans-based-on": {"number": "72/2015/NĐ-CP"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str | None:
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
    proc = subprocess.Popen([binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"oxigraph server died: {(folder / 'server.log').read_text()[-500:]}")
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def plans(seed: Plan, tphcm: Plan, lao_cai: Plan) -> list[Plan]:
    return [seed, tphcm, lao_cai]


def fill(store: object, plans: list[Plan]) -> None:
    for p in plans:
        store.put_graph(str(plan_iri(p)), serialize(to_rdf(p), "nt"))  # type: ignore[attr-defined]


def count(store: object, graph: str) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")  # type: ignore[attr-defined]
    return int(rows[0]["n"])


def test_same_answers_on_all_three_stores(server: str, plans: list[Plan]) -> None:
    stores = [RdflibStore(), OxigraphStore(), EndpointStore(f"{server}/query")]
    for s in stores:
        fill(s, plans)
    for s in stores:
        assert s.graphs() == sorted(str(plan_iri(p)) for p in plans)
    for name in named_queries():
        answers = [run_named(s, name, **PARAMS.get(name, {})) for s in stores]
        assert answers[0] == answers[1] == answers[2], name
        assert answers[0], name
    rows = run_named(stores[2], "plans-based-on", number="11-CT/TU")
    assert [r["province"] for r in rows] == ["Lào Cai"]


def test_pushing_twice_leaves_one_copy(server: str, seed: Plan) -> None:
    store = EndpointStore(f"{server}/query")
    graph = str(plan_iri(seed))
    data = serialize(to_rdf(seed), "nt")
    store.put_graph(graph, data)
    first = count(store, graph)
    store.put_graph(graph, data)
    assert count(store, graph) == first == len(data.decode().strip().splitlines())


def test_hostile_value_on_the_server(server: str, seed: Plan) -> None:
    store = EndpointStore(f"{server}/query")
    fill(store, [seed])
    with pytest.raises(QueryError, match="is neither an IRI nor a document number"):
        run_named(store, "plans-based-on", number='"} } DROP ALL ; #')
    assert count(store, str(plan_iri(seed))) > 0


def test_server_not_running() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match=r"127\.0\.0\.1.*cannot reach the server"):
        EndpointStore(url).select("ASK {}")


def test_rejected_push_changes_nothing(server: str, seed: Plan) -> None:
    store = EndpointStore(f"{server}/query")
    graph = str(plan_iri(seed))
    store.put_graph(graph, serialize(to_rdf(seed), "nt"))
    before = count(store, graph)
    with pytest.raises(Exception, match=r"(?i)expected|bad syntax|not"):
        store.put_graph(graph, b"<http://a> <http://b> this is not n-triples .\n")
    wrong = EndpointStore(f"{server}/query", f"{server}/no-such-store")
    with pytest.raises(StoreError, match="404"):
        wrong.put_graph(graph, serialize(to_rdf(seed), "nt"))
    assert count(store, graph) == before


def test_push_cut_off_half_way_changes_nothing(server: str, seed: Plan) -> None:
    """A proxy forwards half of the request to the server, then drops both connections."""
    store = EndpointStore(f"{server}/query")
    graph = str(plan_iri(seed))
    store.put_graph(graph, serialize(to_rdf(seed), "nt"))
    before = count(store, graph)
    host, port = server.removeprefix("http://").split(":")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def cut() -> None:
        client, _ = listener.accept()
        chunks = []
        client.settimeout(2)
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                chunks.append(data)
        except TimeoutError:
            pass
        raw = b"".join(chunks)
        upstream = socket.create_connection((host, int(port)))
        upstream.sendall(raw[: len(raw) // 2])
        upstream.close()
        client.close()
        listener.close()

    thread = threading.Thread(target=cut, daemon=True)
    thread.start()
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    other = seed.model_copy(update={"title": "changed"})
    with pytest.raises(StoreError):
        EndpointStore(f"{proxy}/query", f"{proxy}/store", timeout=10).put_graph(graph, serialize(to_rdf(other), "nt"))
    thread.join(timeout=10)
    time.sleep(0.3)
    assert count(store, graph) == before
    titles = store.select(f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ ?p <http://data.europa.eu/eli/ontology#title> ?t }} }}")
    assert [r["t"] for r in titles] == [seed.title]


class _Answer(http.server.BaseHTTPRequestHandler):
    code = 401

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(self.code)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"go away")

    def log_message(self, *args: object) -> None:
        return None


@pytest.mark.parametrize(("code", "message"), [(401, "wrong or missing credentials"), (500, "500")])
def test_server_errors_are_clear(code: int, message: str, seed: Plan) -> None:
    handler = type("Handler", (_Answer,), {"code": code})
    httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/query"
        store = EndpointStore(url, user="clerk", password="wrong")
        with pytest.raises(StoreError, match=message):
            store.select("ASK {}")
        with pytest.raises(StoreError, match=message):
            store.put_graph(str(plan_iri(seed)), serialize(to_rdf(seed), "nt"))
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_only_http_urls() -> None:
    with pytest.raises(StoreError, match="not an http"):
        EndpointStore("file:///etc/passwd")


def test_plans_of_one_province_share_agencies_without_double_counting(seed: Plan) -> None:
    """Two plans of one province put the same agency triples in two named graphs; the
    union must not count them twice on any store."""
    other = seed.model_copy(update={"number": "9/KH-UBND"})
    stores = [RdflibStore(), OxigraphStore()]
    for s in stores:
        fill(s, [seed, other])
    for name in ("responsibility-matrix", "lead-counts", "legal-bases", "tasks-without-lead", "deadlines"):
        answers = [run_named(s, name) for s in stores]
        assert answers[0] == answers[1], name
    rows = run_named(stores[1], "responsibility-matrix")
    assert len(rows) == 2 * len({(a.section, a.agency, a.role) for a in seed.assignments})


def test_plan_parameter_restricts_per_plan_counts(seed: Plan, lao_cai: Plan) -> None:
    stores = [RdflibStore(), OxigraphStore()]
    for s in stores:
        fill(s, [seed, lao_cai])
    for s in stores:
        rows = run_named(s, "lead-counts-by-plan", plan=str(plan_iri(lao_cai)))
        assert rows and {r["plan"] for r in rows} == {str(plan_iri(lao_cai))}


CELLS = """\
<http://example.org/s> <http://example.org/lang> "Sở Y tế"@vi .
<http://example.org/s> <http://example.org/plain> "chuỗi" .
<http://example.org/s> <http://example.org/int> "-42"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/s> <http://example.org/date> "2022-05-15"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://example.org/s> <http://example.org/bool> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://example.org/s> <http://example.org/dec> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<http://example.org/s> <http://example.org/iri> <http://example.org/o> .
"""


def test_cells_are_the_same_plain_values_on_every_store(server: str) -> None:
    """Oxigraph's fast conversion and rdflib's give one Python value per cell: text as
    plain ``str`` (language tag or not), integers as ``int``, dates as ``date``."""
    import datetime
    from decimal import Decimal

    query = "SELECT ?p ?o WHERE { <http://example.org/s> ?p ?o } ORDER BY ?p"
    answers = []
    for store in (RdflibStore(), OxigraphStore(), EndpointStore(f"{server}/query")):
        store.put_graph("http://example.org/g", CELLS.encode())
        try:
            answers.append({r["p"].rsplit("/", 1)[1]: r["o"] for r in store.select(query)})
        finally:
            store.remove_graph("http://example.org/g")  # the server is shared by this module's tests
    assert answers[0] == answers[1] == answers[2]
    cells = answers[1]
    assert cells == {"lang": "Sở Y tế", "plain": "chuỗi", "int": -42, "date": datetime.date(2022, 5, 15),
                     "bool": True, "dec": Decimal("1.50"), "iri": "http://example.org/o"}
    assert type(cells["lang"]) is str and type(cells["int"]) is int


def test_data_that_does_not_parse_changes_nothing(server: str) -> None:
    good = b"<http://example.org/s> <http://example.org/p> \"a\" .\n"
    bad = good + b"<http://example.org/s> <http://example.org/p> \"unterminated .\n"
    for store in (RdflibStore(), OxigraphStore(), EndpointStore(f"{server}/query")):
        store.put_graph("http://example.org/bad", good)
        try:
            for load in (store.put_graph, store.add_to_graph):
                with pytest.raises(StoreError, match=r"http://example.org/bad: the N-Triples do not parse"):
                    load("http://example.org/bad", bad)
            rows = store.select("SELECT ?o WHERE { <http://example.org/s> ?p ?o }")
            assert rows == [{"o": "a"}], type(store).__name__
        finally:
            store.remove_graph("http://example.org/bad")


def test_rdflib_store_adds_shared_lines_as_a_set() -> None:
    """Lines already parsed are not parsed again, but the graph decides what is there:
    a triple removed by hand comes back, and a blank-node label means a new node in each
    document, as in rdflib's own parser."""
    from rdflib import URIRef

    store = RdflibStore()
    shared = (b"<http://example.org/a> <http://example.org/name> \"A\"@vi .\n"
              b"<http://example.org/b> <http://example.org/name> \"B\"@vi .\n")
    for _ in range(3):
        store.add_to_graph("http://example.org/shared", shared)
    graph = store.dataset.graph(URIRef("http://example.org/shared"))
    assert len(graph) == 2
    graph.remove((URIRef("http://example.org/a"), None, None))
    store.add_to_graph("http://example.org/shared", shared)
    assert len(graph) == 2
    bnodes = b"_:x <http://example.org/name> \"C\" .\n"
    store.add_to_graph("http://example.org/shared", bnodes)
    store.add_to_graph("http://example.org/shared", bnodes)
    assert len(graph) == 4


def test_named_queries_are_sorted_as_their_order_by(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    """run_named sorts rows in Python (a store on disk compares strings slowly): the rows
    and their order are those of the query's own ORDER BY run by rdflib and by Oxigraph."""
    from ttdn_graph.queries import agency_resolver, bind_params, document_resolver

    plans = [seed, tphcm, lao_cai, seed.model_copy(update={"number": "9/KH-UBND"})]
    for store in (RdflibStore(), OxigraphStore()):
        fill(store, plans)
        for name, query in named_queries().items():
            assert query.order, f"{name}: its ORDER BY is not read, so the store sorts"
            params = PARAMS.get(name, {})
            bindings = bind_params(query, params, agency_resolver(store.select),
                                   document=document_resolver(store.select))
            expected = store.select(query.sparql, bindings)
            assert len(expected) > 1, name
            assert run_named(store, name, **params) == expected, (type(store).__name__, name)


def test_named_queries_reach_the_store_without_their_order_by(seed: Plan) -> None:
    """The order is Python's: the store is asked without ORDER BY (projecting the keys
    the query does not), and columns added for sorting are not returned."""
    asked: list[str] = []

    class Recording(OxigraphStore):
        def select(self, sparql: str, bindings: Any = None) -> list[dict[str, Any]]:
            asked.append(sparql)
            return super().select(sparql, bindings)

    store = Recording()
    fill(store, [seed])
    rows = run_named(store, "responsibility-matrix")
    assert "ORDER BY" not in asked[-1] and "?order" in asked[-1].split("WHERE")[0]
    assert list(rows[0]) == ["plan", "sectionId", "heading", "agency", "agencyName", "role"]
    assert [r["sectionId"] for r in rows][:3] == [r["sectionId"] for r in run_query_sorted(seed)][:3]


def run_query_sorted(plan: Plan) -> list[dict[str, Any]]:
    from ttdn_graph.queries import run_query

    return run_query(to_rdf(plan), "responsibility-matrix")


def test_forms_tuned_for_oxigraph_give_the_same_rows(seed: Plan, tphcm: Plan, lao_cai: Plan,
                                                     tmp_path: Path) -> None:
    """A query's form for Oxigraph (data/queries/oxigraph/) answers the same question: the
    same rows in the same order as the shipped form, on Oxigraph and on rdflib; run_named
    gives it to an Oxigraph store on disk when no parameter is bound (and, for a form that
    says ``with-parameters``, with its parameters bound), and the shipped form otherwise
    (and in memory)."""
    from ttdn_graph.queries import agency_resolver, bind_params, document_resolver, ordered_rows

    tuned = {name: q for name, q in named_queries().items() if q.oxigraph}
    assert {"responsibility-matrix", "lead-counts-by-plan", "legal-bases", "tasks-without-lead",
            "plans-based-on", "deadlines", "tasks-of-agency"} <= set(tuned)
    assert {name for name, q in tuned.items() if q.with_parameters} >= {"plans-based-on", "tasks-of-agency"}
    # the last plan says one of its deadlines twice: two deadlines alike in every column
    # the queries show, which deadlines must keep apart (its answer has both)
    assert seed.deadlines
    plans = [seed, tphcm, lao_cai, seed.model_copy(update={"number": "9/KH-UBND",
                                                           "deadlines": (*seed.deadlines, seed.deadlines[0])})]
    # the parameters each form is asked with: PARAMS, and each optional one bound too
    asked_with = {name: [PARAMS.get(name, {})] for name in tuned}
    asked_with["tasks-of-agency"] += [{**PARAMS["tasks-of-agency"], "role": "support"},
                                      {**PARAMS["tasks-of-agency"], "plan": str(plan_iri(seed))}]
    asked: list[str] = []

    class Recording(OxigraphStore):
        def select(self, sparql: str, bindings: Any = None) -> list[dict[str, Any]]:
            asked.append(sparql)
            return super().select(sparql, bindings)

    on_disk, memory = Recording(tmp_path / "store"), Recording()
    for store in (RdflibStore(), memory, on_disk):
        fill(store, plans)
        for name, query in tuned.items():
            shipped = ordered_rows(query, store.select(query.unordered))
            assert len(shipped) > 1, name
            assert ordered_rows(query, store.select(query.oxigraph)) == shipped, (type(store).__name__, name)
            for given in asked_with[name] if query.with_parameters else [{}]:
                if given:  # the same rows with the parameters bound, and fewer than without
                    bindings = bind_params(query, given, agency_resolver(store.select),
                                           document=document_resolver(store.select))
                    shipped = ordered_rows(query, store.select(query.unordered, bindings))
                    assert ordered_rows(query, store.select(query.oxigraph, bindings)) == shipped, (name, given)
                    assert 0 < len(shipped) < len(ordered_rows(query, store.select(query.unordered))), (name, given)
                elif query.required:
                    continue
                asked.clear()
                assert run_named(store, name, **given) == shipped
                if store is on_disk:
                    assert asked[-1] == query.oxigraph, name
                elif store is memory:
                    assert asked[-1] == query.unordered, name
    run_named(on_disk, "lead-counts-by-plan", plan=str(plan_iri(lao_cai)))
    assert asked[-1] == tuned["lead-counts-by-plan"].unordered


def test_freed_memory_is_given_back_around_large_answers_only(seed: Plan, tphcm: Plan,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A trim walks the whole C heap, so a store gives freed memory back around a large
    answer (before its rows become dicts, after each batch of graphs from the first
    large one on, and when the next query starts) and not around small ones."""
    from ttdn_graph import stores

    trims = 0

    def trim() -> None:
        nonlocal trims
        trims += 1

    monkeypatch.setattr(stores, "_return_freed_memory", trim)
    store = OxigraphStore()
    fill(store, [seed, tphcm])
    small, large = "SELECT ?p WHERE { ?s a ?p } LIMIT 3", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    cells = 3 * len(store.select(large))

    def trims_of(sparql: str, **kw: Any) -> int:
        before = trims
        store.select(sparql, **kw)
        return trims - before

    store.trim_cells = cells  # the large answer is just large enough
    assert trims_of(small) == 0
    assert trims_of(large) == 1  # after its engine's part
    assert trims_of(small) == 1  # what the large answer left, when the next query starts
    assert trims_of(small) == 0
    store.trim_cells = cells + 1
    assert trims_of(large) == 0
    graphs = [[str(plan_iri(seed))], [str(plan_iri(tphcm))]]
    store.trim_cells = 3 * len(store.select(large, graph_batches=graphs[:1]))
    assert trims_of(large, graph_batches=graphs) == 2  # both batches: the first is large enough


def test_the_collector_is_paused_while_an_answer_is_built_and_sorted(seed: Plan,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer's rows hold no reference cycles: Python's cyclic collector is paused while
    an Oxigraph store converts them and while run_named sorts them, and runs again after
    (a caller that paused it finds it paused)."""
    import gc

    from ttdn_graph import queries, stores

    seen: list[tuple[str, bool]] = []
    convert, order = OxigraphStore._convert, queries.ordered_rows

    def converting(self: OxigraphStore, term: Any) -> Any:
        seen.append(("convert", gc.isenabled()))
        return convert(self, term)

    def ordering(query: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.append(("sort", gc.isenabled()))
        return order(query, rows)

    monkeypatch.setattr(OxigraphStore, "_convert", converting)
    monkeypatch.setattr(stores, "ordered_rows", ordering)
    store = OxigraphStore()
    fill(store, [seed])
    assert gc.isenabled()
    rows = run_named(store, "legal-bases")
    assert rows and rows == run_named(_filled_rdflib(seed), "legal-bases")  # the same answer
    assert {kind for kind, _ in seen} == {"convert", "sort"} and not any(enabled for _, enabled in seen)
    assert gc.isenabled()
    gc.disable()
    try:
        store.select("SELECT ?s WHERE { ?s a ?t } LIMIT 1")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_reading_answers_at_once_keep_the_collector_paused_until_the_last_is_done() -> None:
    """The collector is the process's: a thread done with its answer does not set it
    running in the middle of another thread's answer; it runs again after the last one,
    and stays paused after all of them when a caller had paused it before."""
    import gc
    import threading

    from ttdn_graph.stores import _collector_paused

    inside, leave = threading.Event(), threading.Event()
    seen: list[bool] = []

    def reader() -> None:
        with _collector_paused():
            inside.set()
            leave.wait(5)
            seen.append(gc.isenabled())  # after the first thread's answer ended

    def overlapping() -> None:
        inside.clear()
        leave.clear()
        other = threading.Thread(target=reader)
        with _collector_paused():  # this thread's answer begins first and ends first
            other.start()
            assert inside.wait(5)
        leave.set()
        other.join(5)

    assert gc.isenabled()
    overlapping()
    assert seen == [False] and gc.isenabled()
    gc.disable()  # paused by the caller: still paused after overlapping answers
    try:
        overlapping()
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()


def _filled_rdflib(plan: Plan) -> RdflibStore:
    store = RdflibStore()
    fill(store, [plan])
    return store


def test_merging_a_store_that_cannot_be_written_is_a_store_error(tmp_path: Path) -> None:
    """A merge of the store's files that fails (a full disk) says which store and why, as
    a StoreError the CLI prints in one line, not an OSError from the engine."""
    store = OxigraphStore(tmp_path / "store")

    class Full:
        def optimize(self) -> None:
            raise OSError(28, "No space left on device")

    store.store = Full()
    with pytest.raises(StoreError, match=r"store: cannot merge the store's files: .*No space left"):
        store.optimize()
