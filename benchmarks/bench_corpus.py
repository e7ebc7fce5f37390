"""Corpus benchmarks: synthetic plans built by varying real ones, parsed, loaded and
queried on each store. Prints one line per figure; nothing is asserted.

    python benchmarks/bench_corpus.py --plans 1000

Figures: parse throughput on 1 and 2 processes; for rdflib in memory and embedded
Oxigraph, each measured in its own process (so each peak RSS is its own): load time,
Turtle export time, the responsibility-matrix query and the lead-count aggregate, and
peak memory; then a line per query with the Oxigraph/rdflib ratio.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ttdn_graph import datasets  # noqa: E402
from ttdn_graph.agencies import provinces  # noqa: E402

DEPARTMENTS = ["Sở Công Thương", "Sở Tư pháp", "Sở Y tế", "Sở Ngoại vụ", "Sở Nội vụ", "Sở Xây dựng",
               "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Tài nguyên và Môi trường",
               "Sở Lao động - Thương binh và Xã hội", "Sở Giao thông vận tải", "Sở Du lịch"]


def synthetic_plans(n: int, folder: Path, seed: int = 1) -> list[Path]:
    """Plans built from the real ones: other provinces, numbers, years, departments, and
    some lettered tasks dropped."""
    rnd = random.Random(seed)
    bases = [datasets.hung_yen_2022_text()] * 3 + [p.read_text(encoding="utf-8")
                                                    for p in sorted((ROOT / "tests" / "assets").glob("*.txt"))]
    names = sorted({p.name for p in provinces().values()})
    paths = []
    for i in range(n):
        text = rnd.choice(bases)
        prov = rnd.choice(names)
        year = rnd.randint(2016, 2026)
        text = text.replace("Hưng Yên", prov).replace("Lào Cai", prov)
        # a number of its own, so no two plans share an IRI (province, number, year)
        text = re.sub(r"\*?187\*?/KH-UBND", f"{1000 + i}/KH-UBND", text).replace("3210/QĐ", f"{1000 + i}/QĐ")
        text = text.replace("năm 2022", f"năm {year}").replace("năm 2021", f"năm {year - 1}")
        for old in ("Sở Công thương", "Sở Kế hoạch và Đầu tư", "Sở Văn hóa, Thể thao và Du lịch"):
            if rnd.random() < 0.5:
                text = text.replace(old, rnd.choice(DEPARTMENTS))
        lines = [ln for ln in text.split("\n")
                 if not (re.match(r"[b-e]\) ", ln) and rnd.random() < 0.15)]
        path = folder / f"plan_{i:05d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_store(kind: str, corpus_folder: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """In a fresh process: load every plan into one store, export, query; report figures."""
    from ttdn_graph.corpus import Corpus
    from ttdn_graph.models import Plan
    from ttdn_graph.rdf import plan_iri, shared_graph_iri, split_for_store
    from ttdn_graph.stores import OxigraphStore, RdflibStore, run_named

    start_rss = peak_rss_mb()
    corpus = Corpus.open(corpus_folder, load=False)
    entries = corpus.entries()
    store: RdflibStore | OxigraphStore = RdflibStore() if kind == "rdflib" else OxigraphStore()
    build = load = 0.0
    triples = 0
    # one plan at a time, as a corpus loads them: read its JSON, build its graph, store it
    for entry in entries:
        t0 = time.perf_counter()
        plan = Plan.from_json((Path(corpus_folder) / "plans" / f"{entry['sha256']}.json").read_bytes())
        # as a corpus loads a plan: its own graph, and the nodes plans share once
        own, shared = split_for_store(plan)
        triples += own.count(b"\n") + shared.count(b"\n")
        t1 = time.perf_counter()
        store.put_graph(str(plan_iri(plan)), own)
        store.add_to_graph(shared_graph_iri(), shared)
        build += t1 - t0
        load += time.perf_counter() - t1
    plans = entries
    # what the store holds: the plans' triples, and each shared node's triples once
    held = (sum(len(g) for g in store.dataset.graphs()) if isinstance(store, RdflibStore) else len(store.store))
    t0 = time.perf_counter()
    if isinstance(store, RdflibStore):
        size = len(store.dataset.serialize(format="trig", encoding="utf-8"))
    else:
        import pyoxigraph as ox

        size = len(store.store.dump(format=ox.RdfFormat.TRIG))
    export = time.perf_counter() - t0
    times = {}
    for name in ("responsibility-matrix", "lead-counts"):
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            rows = run_named(store, name)
            runs.append(time.perf_counter() - t0)
        times[name] = (statistics.median(runs), len(rows))
    queue.put({"kind": kind, "plans": len(plans), "triples": triples, "held": held, "build": build, "load": load,
               "export": export, "export_mb": size / 1e6, "queries": times, "peak_rss_mb": peak_rss_mb(),
               "start_rss_mb": start_rss})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plans", type=int, default=100)
    args = ap.parse_args()
    from ttdn_graph.corpus import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        paths = synthetic_plans(args.plans, src)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"synthetic corpus: {len(paths)} plans, {mb:.1f} MB")
        for workers in (1, 2):
            folder = Path(tmp) / f"corpus{workers}"
            t0 = time.perf_counter()
            report = Corpus(folder, store=_NullStore()).add([src], workers=workers, progress=False)
            dt = time.perf_counter() - t0
            print(f"parse {args.plans} plans on {workers} process(es): {dt:.1f} s, "
                  f"{len(report.added) / dt:.1f} plans/s ({len(report.failed)} failed)")
        ctx = mp.get_context("spawn")
        results = {}
        for kind in ("rdflib", "oxigraph"):
            queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
            proc = ctx.Process(target=measure_store, args=(kind, str(Path(tmp) / "corpus2"), queue))
            proc.start()
            results[kind] = queue.get()
            proc.join()
            r = results[kind]
            print(f"{kind}: {r['triples']:,} triples given, {r['held']:,} held;"
                  f" read plans and build graphs {r['build']:.1f} s;"
                  f" load into the store {r['load']:.1f} s;"
                  f" export TriG {r['export']:.1f} s ({r['export_mb']:.0f} MB); peak RSS {r['peak_rss_mb']:.0f} MB")
            for name, (t, rows) in r["queries"].items():
                print(f"{kind}: {name} {t:.2f} s median of 3 ({rows} rows)")
        for name, label in (("responsibility-matrix", "matrix query"), ("lead-counts", "lead-count aggregate")):
            a, b = results["rdflib"]["queries"][name][0], results["oxigraph"]["queries"][name][0]
            print(f"{label}: rdflib {a:.2f} s, oxigraph {b:.2f} s, ratio {a / b:.1f}x")
        a, b = results["rdflib"]["load"], results["oxigraph"]["load"]
        print(f"load: rdflib {a:.1f} s, oxigraph {b:.1f} s, ratio {a / b:.1f}x")
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "queries"} for k, v in results.items()}))


class _NullStore:
    """Parsing only: the timing of the parse phase leaves graphs out."""

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        return None

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        return None

    def remove_graph(self, graph_iri: str) -> None:
        return None

    def graphs(self) -> list[str]:
        return []

    def select(self, sparql: str, bindings: object = None) -> list[dict[str, object]]:
        return []


if __name__ == "__main__":
    main()
