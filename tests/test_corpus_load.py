"""How `corpus add` fills a folder's store (issue 17): the worker writes each plan's own
graph as N-Quads, the parent keeps each shared line once per run; the store holds the
same quads as loading every plan's N-Triples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ttdn_graph import datasets
from ttdn_graph.corpus import Corpus, _parse_one
from ttdn_graph.models import Plan
from ttdn_graph.rdf import plan_iri, split_for_store, split_lines_for_store
from ttdn_graph.stores import OxigraphStore, StoreError, _as_nquads, nquads_lines

from .conftest import ASSETS

pytest.importorskip("pyoxigraph")


def _quads(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.store}


def test_nquads_written_from_the_lines_are_those_of_the_n_triples(seed: Plan, tphcm: Plan, lao_cai: Plan) -> None:
    for plan in (seed, tphcm, lao_cai):
        iri = str(plan_iri(plan))
        own_lines, shared_lines = split_lines_for_store(plan)
        own, shared = split_for_store(plan)
        assert own == ("\n".join(own_lines) + "\n").encode() and shared == ("\n".join(shared_lines) + "\n").encode()
        assert nquads_lines(iri, own_lines) == _as_nquads(iri, own)
        assert nquads_lines(iri, shared_lines) == _as_nquads(iri, shared)


def test_nquads_lines_refuse_what_cannot_be_a_quad() -> None:
    with pytest.raises(StoreError, match="not an IRI"):
        nquads_lines("http://example.org/a graph", ['<http://example.org/s> <http://example.org/p> "o" .'])
    with pytest.raises(StoreError, match="does not end"):
        nquads_lines("http://example.org/g", ['<http://example.org/s> <http://example.org/p> "o"'])


def test_the_worker_sends_the_plan_s_own_graph_as_n_quads() -> None:
    path = str(datasets.hung_yen_2022_path())
    both = _parse_one(path, graphs=True, nquads=True)
    quads_only = _parse_one(path, graphs=False, nquads=True)
    plan = Plan.from_json(both.plan_json or "")
    own, shared = split_for_store(plan)
    assert both.ntriples == own and both.shared == shared == quads_only.shared
    assert both.nquads == quads_only.nquads == _as_nquads(str(plan_iri(plan)), own)
    assert quads_only.ntriples is None
    assert _parse_one(path, graphs=True).nquads is None


def test_a_folder_s_store_holds_the_quads_of_every_plan_s_n_triples(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Added in batches (one plan each, the shared lines of later plans partly left out as
    already loaded) and on two processes, the folder's store holds the same quads as a
    store loaded from each plan's two N-Triples documents."""
    import ttdn_graph.corpus as corpus_module

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(datasets.hung_yen_2022_path(), src / "hung_yen.txt")
    for p in sorted(ASSETS.glob("*.txt")):
        shutil.copy(p, src / p.name)
    monkeypatch.setattr(corpus_module, "_BATCH_BYTES", 1)
    Corpus(tmp_path / "C", keep_store=True).add([src], workers=2, progress=False)
    expected = OxigraphStore()
    Corpus.open(tmp_path / "C", store=expected)  # each plan's JSON, its N-Triples loaded
    kept = OxigraphStore(tmp_path / "C" / "store", read_only=True)
    assert _quads(kept) == _quads(expected) and len(_quads(kept)) > 5000


def test_files_handed_to_the_pool_a_window_at_a_time_come_back_in_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One file a task and one task ahead: every file is parsed once, reported in the
    order the files were found, as on one process."""
    import ttdn_graph.corpus as corpus_module

    src = tmp_path / "src"
    src.mkdir()
    for i, p in enumerate([datasets.hung_yen_2022_path(), *sorted(ASSETS.glob("*.txt"))]):
        shutil.copy(p, src / f"{i}.txt")
    one = Corpus(tmp_path / "one", keep_store=False).add([src], workers=1, progress=False)
    monkeypatch.setattr(corpus_module, "_CHUNK_PLANS", 1)
    monkeypatch.setattr(corpus_module, "_AHEAD_PLANS", 1)
    pooled = Corpus(tmp_path / "pooled", keep_store=False)
    report = pooled.add([src], workers=2, progress=False)
    assert report.added == one.added and len(report.added) == 3 and not report.failed
    assert [e["plan"] for e in pooled.entries()] == [e["plan"] for e in Corpus.open(tmp_path / "one").entries()]
