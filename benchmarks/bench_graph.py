"""Knowledge-graph benchmarks on the bundled plan: they print figures; nothing is asserted.

    python benchmarks/bench_graph.py [--repeat 15]

- time to build the rdflib graph and to serialize it (Turtle, sorted N-Triples, JSON-LD);
- time to validate it with the SHACL shapes;
- median latency of each named query on the default in-memory store (goal < 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from ttdn_graph import datasets
from ttdn_graph.queries import named_queries, run_query
from ttdn_graph.rdf import serialize, to_rdf
from ttdn_graph.validate import validate

PARAMS = {"tasks-of-agency": {"agency": "Sở Thông tin và Truyền thông"},
          "plans-based-on": {"number": "72/2015/NĐ-CP"}}


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    plan = datasets.hung_yen_2022()
    graph = to_rdf(plan)
    print(f"graph of the bundled plan: {len(graph)} triples")
    print(f"build graph: {median_ms(lambda: to_rdf(plan), args.repeat):.1f} ms (median of {args.repeat})")
    for fmt in ("ttl", "nt", "jsonld"):
        serialize(graph, fmt)
        print(f"serialize {fmt}: {median_ms(lambda fmt=fmt: serialize(graph, fmt), args.repeat):.1f} ms")
    validate(graph)
    print(f"SHACL validation: {median_ms(lambda: validate(graph), 5):.0f} ms (median of 5)")
    for name in named_queries():
        params = PARAMS.get(name, {})
        run_query(graph, name, **params)  # first run prepares the query
        ms = median_ms(lambda name=name, params=params: run_query(graph, name, **params), args.repeat)
        rows = len(run_query(graph, name, **params))
        print(f"query {name}: {ms:.1f} ms median, {rows} rows")


if __name__ == "__main__":
    main()
