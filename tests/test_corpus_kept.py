"""A corpus folder that keeps its store on disk (issue 17) and corpus files that are
broken, orphaned or oddly named, killed workers, cut-off pushes (issue 14)."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from ttdn_graph import PlanInputError, datasets
from ttdn_graph.corpus import Corpus, PushError
from ttdn_graph.rdf import shared_graph_iri
from ttdn_graph.stores import (
    EndpointStore,
    OxigraphStore,
    RdflibStore,
    StoreError,
    StoreSpecError,
    open_store,
)

from .conftest import ASSETS

pytest.importorskip("pyoxigraph")

#: plan IRIs of two of the three plans, by the identity rules of docs/rdf.md (checked by
#: hand against their headers: Hưng Yên 187/KH-UBND of 2021, Hồ Chí Minh City 3210/QĐ-UBND
#: of 2014; the third is a Lào Cai draft)
HUNG_YEN = "https://w3id.org/ttdn-graph/id/eli/vn-hung-yen/kh-ubnd/2021/187"
TPHCM = "https://w3id.org/ttdn-graph/id/eli/vn-ho-chi-minh/qd-ubnd/2014/3210"


def _copy_plans(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(datasets.hung_yen_2022_path(), folder / "hung_yen.txt")
    for p in sorted(ASSETS.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    return folder


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ttdn_graph", "corpus", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder of the three plans that keeps its store."""
    root = tmp_path_factory.mktemp("kept")
    Corpus(root / "C", keep_store=True).add([_copy_plans(root / "src")], workers=1, progress=False)
    return root / "C"


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus = Corpus(store=RdflibStore())
    corpus.add([_copy_plans(tmp_path_factory.mktemp("mem"))], workers=1, progress=False)
    return corpus


def test_reopening_a_kept_corpus_loads_nothing(kept: Path, in_memory: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    assert (folder / "store").is_dir()
    assert json.loads((folder / "manifest.json").read_text())["store"] == "oxigraph"
    for plan in (folder / "plans").iterdir():  # no plan JSON to load from: the store answers alone
        plan.unlink()
    reopened = Corpus.open(folder)
    assert reopened.store is reopened.kept_store
    assert sorted(reopened.store.graphs()) == sorted([HUNG_YEN, TPHCM, shared_graph_iri(),
                                                      *(e["plan"] for e in reopened.entries() if "draft" in e["plan"])])
    for name in ("responsibility-matrix", "lead-counts", "legal-bases", "deadlines", "tasks-without-lead"):
        assert reopened.query(name) == in_memory.query(name), name
    rows = reopened.query("plans-based-on", number="72/2015/NĐ-CP")
    assert [r["planNumber"] for r in rows] == ["187/KH-UBND"]


def _record_merges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each merge of a store's files, recorded as the bulk loads of that run before it."""
    merged: list[int] = []
    optimize = OxigraphStore.optimize

    def recording(self: OxigraphStore) -> None:
        merged.append(self.bulk_loads)
        optimize(self)

    monkeypatch.setattr(OxigraphStore, "optimize", recording)
    return merged


def _unmerged(folder: Path) -> int:
    count: int = json.loads((folder / "manifest.json").read_text())["unmerged_loads"]
    return count


def test_a_kept_store_loaded_in_several_batches_is_merged_once(
        tmp_path: Path, in_memory: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """An add that called the bulk loader as many times as the threshold merges the
    store's files at its end (lookups seek in every load's files otherwise), and the
    manifest's count starts again from 0; an add of fewer does not; the rows are the same."""
    import ttdn_graph.corpus as corpus_module

    merged = _record_merges(monkeypatch)
    monkeypatch.setattr(corpus_module, "_MERGE_AFTER_LOADS", 3)
    src = _copy_plans(tmp_path / "src")
    Corpus(tmp_path / "one", keep_store=True).add([src], workers=1, progress=False)
    assert merged == [] and _unmerged(tmp_path / "one") == 1
    monkeypatch.setattr(corpus_module, "_BATCH_BYTES", 1)  # one plan a batch
    corpus = Corpus(tmp_path / "many", keep_store=True)
    corpus.add([src], workers=1, progress=False)
    assert merged == [len(corpus)] and len(corpus) == 3
    assert _unmerged(tmp_path / "many") == 0
    reopened = Corpus.open(tmp_path / "many")
    for name in ("responsibility-matrix", "deadlines", "legal-bases"):
        assert reopened.query(name) == in_memory.query(name), name


def test_small_adds_are_counted_across_runs_and_merged_at_the_threshold(
        tmp_path: Path, in_memory: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder fed one plan at a time: each run's bulk load is counted in the manifest,
    and the run that brings the count to the threshold merges the files and sets it to 0."""
    import ttdn_graph.corpus as corpus_module

    merged = _record_merges(monkeypatch)
    monkeypatch.setattr(corpus_module, "_MERGE_AFTER_LOADS", 3)
    files = sorted(_copy_plans(tmp_path / "src").iterdir())
    assert len(files) == 3
    folder = tmp_path / "C"
    Corpus(folder, keep_store=True).add([files[0]], workers=1, progress=False)
    assert _unmerged(folder) == 1
    Corpus.open(folder, load=False).add([files[1]], workers=1, progress=False)  # a new run: counted on
    assert _unmerged(folder) == 2 and merged == []
    Corpus.open(folder, load=False).add([files[2]], workers=1, progress=False)
    assert merged == [1] and _unmerged(folder) == 0
    reopened = Corpus.open(folder)
    for name in ("responsibility-matrix", "deadlines", "legal-bases"):
        assert reopened.query(name) == in_memory.query(name), name


def test_a_merge_that_fails_leaves_the_store_usable_and_says_so(
        tmp_path: Path, in_memory: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merge that fails (a full disk) after the plans were stored: the add reports it
    (and the command prints it), the manifest keeps the count, queries answer, and the
    next add merges."""
    import ttdn_graph.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "_MERGE_AFTER_LOADS", 1)
    optimize = OxigraphStore.optimize

    def full(self: OxigraphStore) -> None:
        raise StoreError(f"{self.path}: cannot merge the store's files: [Errno 28] No space left on device")

    monkeypatch.setattr(OxigraphStore, "optimize", full)
    src = _copy_plans(tmp_path / "src")
    report = Corpus(tmp_path / "C", keep_store=True).add([src], workers=1, progress=False)
    assert len(report.added) == 3 and report.merge_error is not None
    assert "No space left" in report.summary() and "not merged" in report.summary()
    assert _unmerged(tmp_path / "C") == 1
    reopened = Corpus.open(tmp_path / "C")
    for name in ("responsibility-matrix", "deadlines"):
        assert reopened.query(name) == in_memory.query(name), name
    monkeypatch.setattr(OxigraphStore, "optimize", optimize)
    merged = _record_merges(monkeypatch)
    again = Corpus.open(tmp_path / "C", load=False).add([src], workers=1, progress=False)
    assert len(again.unchanged) == 3 and again.merge_error is None
    assert merged == [0] and _unmerged(tmp_path / "C") == 0


def test_per_plan_queries_asked_a_batch_of_plans_at_a_time_give_the_same_rows(
        kept: Path, in_memory: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """A query whose Oxigraph form is marked per-plan runs on a kept store over a batch
    of plans (and the shared graph) at a time: one plan a batch here, and the rows are
    those of the whole store at once and of rdflib."""
    from ttdn_graph.corpus import KeptStore
    from ttdn_graph.queries import named_queries, ordered_rows

    per_plan = [name for name, q in named_queries().items() if q.per_plan]
    assert {"responsibility-matrix", "lead-counts-by-plan"} <= set(per_plan)
    batches: list[list[str]] = []
    select = OxigraphStore.select

    def recording(self: OxigraphStore, sparql: str, bindings: object = None, **kw: object) -> object:
        batches.extend(kw.get("graph_batches") or [])  # type: ignore[arg-type]
        return select(self, sparql, bindings, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(OxigraphStore, "select", recording)
    monkeypatch.setattr(KeptStore, "plans_per_batch", 1)
    corpus = Corpus.open(kept)
    plans = {e["plan"] for e in corpus.entries()}
    for name in per_plan:
        query = named_queries()[name]
        whole = ordered_rows(query, corpus.store.select(query.oxigraph))
        batches.clear()
        rows = corpus.query(name)
        assert sorted(map(tuple, batches)) == sorted((plan, shared_graph_iri()) for plan in plans), name
        assert rows == whole == in_memory.query(name), name
        assert rows and {r["plan"] for r in rows} <= plans, name
    assert {r["plan"] for r in corpus.query("responsibility-matrix")} == plans


def test_re_adding_a_changed_plan_replaces_its_graph(kept: Path, tmp_path: Path) -> None:
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    src = _copy_plans(tmp_path / "src")
    Corpus.open(folder).add([src], workers=1, progress=False)  # the same sources, new paths
    path = src / "hung_yen.txt"
    # the bundled plan's first report deadline is "trước ngày 15 tháng 05" (2022-05-15)
    path.write_text(path.read_text(encoding="utf-8").replace("15 tháng 05", "15 tháng 06"), encoding="utf-8")
    report = Corpus.open(folder).add([path], workers=1, progress=False)
    assert [Path(p).name for p in report.updated] == ["hung_yen.txt"]
    reopened = Corpus.open(folder)
    dates = sorted(r["date"].isoformat() for r in reopened.query("deadlines", plan=HUNG_YEN)
                   if r["kind"] == "report")
    assert dates == ["2022-06-15", "2022-12-01"]  # one copy of the plan: the new one
    assert len(reopened.store.graphs()) == 4


def test_a_corpus_without_a_store_opens_and_is_upgraded(tmp_path: Path, in_memory: Corpus) -> None:
    folder = tmp_path / "C"
    Corpus(folder, keep_store=False).add([_copy_plans(tmp_path / "src")], workers=1, progress=False)
    assert not (folder / "store").exists()
    old = Corpus.open(folder)
    assert isinstance(old.store, RdflibStore) and old.kept_store is None
    assert old.query("lead-counts") == in_memory.query("lead-counts")
    proc = cli("upgrade", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert "3 plans" in proc.stdout
    upgraded = Corpus.open(folder)
    assert upgraded.store is upgraded.kept_store
    assert upgraded.query("responsibility-matrix") == in_memory.query("responsibility-matrix")


def test_a_change_cut_off_is_repaired_on_the_next_open(kept: Path, tmp_path: Path) -> None:
    """A crash after the store changed and before the manifest was written leaves the
    journal: the graphs it names are reloaded from what the manifest says."""
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    expected = Corpus.open(folder).query("deadlines", plan=HUNG_YEN)
    assert expected
    store = OxigraphStore(folder / "store")
    store.put_graph(HUNG_YEN, b"<http://example.org/half> <http://example.org/written> \"x\" .\n")
    del store
    (folder / "store-journal.json").write_text(json.dumps([HUNG_YEN]), encoding="utf-8")
    reopened = Corpus.open(folder)
    assert not (folder / "store-journal.json").exists()
    assert reopened.query("deadlines", plan=HUNG_YEN) == expected


def test_a_folder_s_plans_are_not_kept_in_memory(kept: Path) -> None:
    corpus = Corpus.open(kept, store="memory")
    assert len(corpus.store.graphs()) == 4
    assert corpus._plans == {}
    assert [p.number for p in corpus.iter_plans()][:1] == ["187/KH-UBND"]


def test_store_specs(tmp_path: Path) -> None:
    assert isinstance(open_store("memory"), RdflibStore)
    assert isinstance(open_store("oxigraph"), OxigraphStore)
    store = open_store(f"oxigraph:{tmp_path / 'ox'}")
    store.put_graph("http://example.org/g", b"<http://example.org/a> <http://example.org/b> \"1\" .\n")
    del store
    assert OxigraphStore(tmp_path / "ox").graphs() == ["http://example.org/g"]  # kept on disk
    endpoint = open_store("endpoint:http://127.0.0.1:9/query")
    assert isinstance(endpoint, EndpointStore) and endpoint.store_url == "http://127.0.0.1:9/store"
    for bad in ("mongodb://x", "endpoint:file:///etc/passwd", "oxigraph:", "rdflib"):
        with pytest.raises(StoreSpecError):
            open_store(bad)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A SPARQL server that answers every query with no rows and notes each method."""

    methods: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.methods.append(self.command)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    handler = type("Handler", (_Recorder,), {"methods": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.methods
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_query_on_an_endpoint_pushes_nothing(kept: Path, recorder: tuple[str, list[str]]) -> None:
    url, methods = recorder
    proc = cli("query", str(kept), "--name", "deadlines", "--endpoint", f"{url}/query", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
    assert methods == ["POST"]  # one SPARQL query; no PUT of any plan


def test_push_to_a_url_that_is_not_http_is_a_usage_error(kept: Path) -> None:
    proc = cli("push", str(kept), "--endpoint", "file:///tmp/x")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "ttdn-graph: error: file:///tmp/x: not an http(s) URL"


class _FailsOnSecondPlan(RdflibStore):
    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        if len(self.graphs()) >= 2:  # one plan and the shared graph are in
            raise StoreError("http://127.0.0.1:9/store: the connection failed (reset)")
        super().put_graph(graph_iri, ntriples)


def test_a_push_cut_off_says_how_many_plans_reached_the_store(kept: Path) -> None:
    with pytest.raises(PushError, match=r"reset\); 1 of 3 plans had reached the store") as info:
        Corpus.open(kept, load=False).push(_FailsOnSecondPlan())
    assert info.value.pushed == 1


def test_a_truncated_manifest_is_named_and_never_overwritten(kept: Path, tmp_path: Path) -> None:
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    manifest = folder / "manifest.json"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(PlanInputError, match=r"manifest\.json: the corpus manifest is not valid JSON"):
        Corpus.open(folder)
    proc = cli("list", str(folder))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "manifest.json" in proc.stderr and "Traceback" not in proc.stderr
    # adding to it refuses too, instead of writing a manifest that forgets every plan
    proc = cli("add", str(folder), str(ASSETS / "tphcm_3210_QD-UBND_2014.txt"))
    assert proc.returncode == 2 and "manifest.json" in proc.stderr
    assert manifest.read_text(encoding="utf-8") == text[: len(text) // 2]


def test_a_truncated_plan_json_leaves_that_plan_out_with_a_warning(kept: Path, tmp_path: Path) -> None:
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    entry = next(e for e in Corpus.open(folder, load=False).entries() if e["plan"] == TPHCM)
    broken = folder / "plans" / f"{entry['sha256']}.json"
    broken.write_bytes(broken.read_bytes()[:1000])
    corpus = Corpus.open(folder, store="memory")
    assert [(Path(p).name, "truncated" in why) for p, why in corpus.problems] == [(broken.name, True)]
    kept_plans = [e["plan"] for e in corpus.entries() if e["plan"] != TPHCM]
    assert sorted(corpus.store.graphs()) == sorted([*kept_plans, shared_graph_iri()])
    proc = cli("query", str(folder), "--store", "memory", "--name", "plans-based-on",
               "--param", "number=72/2015/NĐ-CP", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [r["planNumber"] for r in json.loads(proc.stdout)] == ["187/KH-UBND"]
    assert f"warning: {broken}: not a valid plan JSON (truncated?)" in proc.stderr


def test_orphaned_plan_files_are_not_loaded_and_are_cleaned(kept: Path, tmp_path: Path) -> None:
    folder = tmp_path / "C"
    shutil.copytree(kept, folder)
    # a plan of another corpus, left in plans/ by a run cut off before its manifest
    other = Corpus(tmp_path / "other", keep_store=False)
    other.add([datasets.hung_yen_2022_path()], workers=1, progress=False)
    text = re.sub(r"\*?187\*?/KH-UBND", "999/KH-UBND", datasets.hung_yen_2022_text())
    assert "999/KH-UBND" in text
    (tmp_path / "orphan.txt").write_text(text, encoding="utf-8")
    other.add([tmp_path / "orphan.txt"], workers=1, progress=False)
    sha = other.entries()[-1]["sha256"]
    shutil.copy(tmp_path / "other" / "plans" / f"{sha}.json", folder / "plans" / f"{sha}.json")
    corpus = Corpus.open(folder, store="memory")
    assert [p.name for p in corpus.orphans()] == [f"{sha}.json"]
    assert not any("999" in g for g in corpus.store.graphs())
    proc = cli("list", str(folder))
    assert len(proc.stdout.splitlines()) == 3
    assert "1 plan files are not in the manifest" in proc.stderr and "corpus clean" in proc.stderr
    proc = cli("clean", str(folder))
    assert proc.stdout.strip() == "removed 1 orphaned plan files"
    assert not (folder / "plans" / f"{sha}.json").exists()
    assert len(list((folder / "plans").iterdir())) == 3


def test_a_file_name_with_a_newline_cannot_fake_an_entry(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    evil = src / "a.txt\nhttps:fake-plan\tb.txt"
    shutil.copy(datasets.hung_yen_2022_path(), evil)
    assert cli("add", str(tmp_path / "C"), str(evil)).returncode == 0
    lines = cli("list", str(tmp_path / "C")).stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("a.txt\\nhttps:fake-plan\\tb.txt")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_pool_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    text = datasets.hung_yen_2022_text()
    for i in range(80):  # work for several seconds on two workers
        (src / f"p{i}.txt").write_text(text.replace("187/KH-UBND", f"{i + 1}/KH-UBND"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "ttdn_graph", "corpus", "add", str(tmp_path / "C"), str(src),
                             "--workers", "2", "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        workers = [c for c in _children(proc.pid) if "resource_tracker" not in Path(f"/proc/{c}/cmdline").read_text()]
    assert len(workers) >= 2, "the pool did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 3
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    for w in alive:  # clean up before failing
        os.kill(w, signal.SIGKILL)
    assert alive == []
