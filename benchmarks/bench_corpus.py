"""Corpus benchmarks: distinct synthetic plans built by varying real ones, added to a
corpus folder as ``ttdn-graph corpus add`` does, then opened and queried as users open
it. Prints one line per figure; nothing is asserted.

    python benchmarks/bench_corpus.py --plans 1000
    python benchmarks/bench_corpus.py --plans 10000 --rdflib-max 1000
    python benchmarks/bench_corpus.py --plans 1000 --keep c1000 --rounds 5   # the kept store 5 times
    python benchmarks/bench_corpus.py --growth c100 c1000 c5000 --rounds 3

Figures:

- parse (and build graphs, and fill the folder's own store) on 1 and 2 processes
  (1 process only up to ``--one-process-max`` plans), the number of distinct plan IRIs,
  the size of the folder on disk;
- for each way of opening the corpus, each in a fresh process (so each peak RSS is that
  of the process that opens the corpus; each query's own peak too, where Linux lets a
  process reset its peak): the folder's own Oxigraph store (``kept``:
  reopening loads nothing), Oxigraph in memory and rdflib in memory (both loaded from
  the folder: reading each plan's JSON, building its graph, storing it): the time to
  open, every named query's first run and warm median of 3, the row count, peak RSS
  (the kept store ``--rounds`` times, each in a fresh process: the medians);
- a fresh ``ttdn-graph corpus query FOLDER --name lead-counts`` (process start
  included), and the first query of a freshly opened kept store against the warm
  query on an open store (``--rounds`` fresh processes: the medians, and each
  process's ratio);
- each query's rdflib/Oxigraph ratio, first run and warm.

With ``--growth FOLDER ...`` it builds nothing: it measures the kept store of each folder
(a corpus folder, or a ``--keep`` folder holding one) as above, the folders taken in turn
for ``--rounds`` rounds (so a busy spell of the machine falls on all of them), and prints
each query's first run and warm median at each size (medians over the rounds) and its
growth from the smallest corpus to each larger one, against the growth of the plans:
"within 2x of linear" is a growth of at most twice the plans' (issue 17).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import queue as queue_module
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ttdn_graph import datasets  # noqa: E402
from ttdn_graph.agencies import provinces  # noqa: E402

DEPARTMENTS = ["Sở Công Thương", "Sở Tư pháp", "Sở Y tế", "Sở Ngoại vụ", "Sở Nội vụ", "Sở Xây dựng",
               "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Tài nguyên và Môi trường",
               "Sở Lao động - Thương binh và Xã hội", "Sở Giao thông vận tải", "Sở Du lịch"]

QUERIES = ["responsibility-matrix", "lead-counts", "lead-counts-by-plan", "legal-bases", "deadlines",
           "tasks-without-lead", "plans-based-on", "tasks-of-agency"]


def synthetic_plans(n: int, folder: Path, seed: int = 1) -> list[Path]:
    """Plans built from the real ones: other provinces, numbers, years, departments, some
    lettered tasks dropped; each text is different (a numbered plan gets a number of its
    own; a draft without a number, whose IRI comes from its title, issuer and year, a
    title of its own), so ``n`` files give ``n`` plans."""
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
        text = re.sub(r"\*?187\*?/KH-UBND", f"{1000 + i}/KH-UBND", text).replace("3210/QĐ", f"{1000 + i}/QĐ")
        text = text.replace("năm 2022", f"năm {year}").replace("năm 2021", f"năm {year - 1}")
        for old in ("Sở Công thương", "Sở Kế hoạch và Đầu tư", "Sở Văn hóa, Thể thao và Du lịch"):
            if rnd.random() < 0.5:
                text = text.replace(old, rnd.choice(DEPARTMENTS))
        # a draft's IRI comes from its title, issuer and year (docs/rdf.md): each title its own
        text = re.sub(r"(?m)^(KẾ HOẠCH|QUYẾT ĐỊNH)\n+([^\n]+)", rf"\1\n\2 (đợt {i + 1})", text, count=1)
        lines = [ln for ln in text.split("\n")
                 if not (re.match(r"[b-e]\) ", ln) and rnd.random() < 0.15)]
        lines.append(f"\nBản lưu {i + 1}.")
        path = folder / f"plan_{i:05d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    """This process's peak RSS: ``VmHWM`` where /proc has it (``ru_maxrss`` survives
    ``exec``, so a spawned process would report its parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> None:
    """Start this process's peak RSS again from its current RSS (Linux: ``clear_refs``),
    so each query's peak is its own; elsewhere peaks stay cumulative."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _params(corpus: Any, name: str) -> dict[str, str]:
    if name == "plans-based-on":
        return {"number": "72/2015/NĐ-CP"}
    if name == "tasks-of-agency":  # the agency that leads most tasks (ties: the smallest IRI)
        rows = corpus.query("lead-counts")
        best = min(rows, key=lambda r: (-int(r["leads"]), r["agency"]))
        return {"agency": best["agency"]}
    return {}


def measure(kind: str, folder: str, names: list[str], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """In a fresh process: open the corpus as a user would, run named queries (first run
    and warm median of 3; of 1 when the first run takes over 10 s), reporting each as it
    ends (so the parent can stop a query that runs too long and go on with the others)."""
    from ttdn_graph.corpus import Corpus

    t0 = time.perf_counter()
    corpus = Corpus.open(folder, store={"kept": None, "oxigraph": "oxigraph", "rdflib": "memory"}[kind],
                         progress=False)
    opened = time.perf_counter() - t0
    if kind == "kept":
        assert corpus.kept_store is not None and corpus.store is corpus.kept_store, "the folder keeps no store"
    queue.put(("open", opened, peak_rss_mb(), len(corpus.problems)))
    for name in names:
        params = _params(corpus, name)
        reset_peak_rss()
        queue.put(("start", name))
        # only the row count is kept: a run's rows are freed before the next run starts, so
        # the peak is that of a process holding one answer, not two
        # wall time and this process's CPU time: on a machine shared with other work the
        # CPU time is the steadier figure (the queries run on one thread)
        t, c = time.perf_counter(), time.process_time()
        count = len(corpus.query(name, **params))
        first, first_cpu = time.perf_counter() - t, time.process_time() - c
        runs, cpus = [], []
        for _ in range(3 if first < 10 else 1):
            t, c = time.perf_counter(), time.process_time()
            count = len(corpus.query(name, **params))
            runs.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        queue.put(("query", name, first, statistics.median(runs), count, peak_rss_mb(), first_cpu,
                   statistics.median(cpus)))
    queue.put(("done", peak_rss_mb()))


def measure_all(kind: str, folder: str, timeout: float) -> dict[str, Any]:
    """Every named query on one way of opening the corpus, each process a fresh one; a
    query still running after ``timeout`` seconds is stopped (and noted), the others go
    on in a new process."""
    ctx = mp.get_context("spawn")
    todo = list(QUERIES)
    out: dict[str, Any] = {"kind": kind, "queries": {}, "peak_rss": 0.0, "open": None}
    while todo:
        queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        proc = ctx.Process(target=measure, args=(kind, folder, todo, queue))
        proc.start()
        current = None
        try:
            while True:
                msg = queue.get(timeout=timeout if current else 3600)
                if msg[0] == "open":
                    if out["open"] is None:
                        out.update(open=msg[1], rss_open=msg[2], problems=msg[3])
                    out["peak_rss"] = max(out["peak_rss"], msg[2])
                elif msg[0] == "start":
                    current = msg[1]
                elif msg[0] == "query":
                    out["queries"][msg[1]] = msg[2:8]
                    out["peak_rss"] = max(out["peak_rss"], msg[5])
                    todo.remove(msg[1])
                    current = None
                else:
                    out["peak_rss"] = max(out["peak_rss"], msg[1])
                    break
        except queue_module.Empty:
            proc.kill()
            out["queries"][current] = None  # stopped
            todo.remove(current)
        proc.join()
    return out


def first_query(folder: str, name: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """In a fresh process: open the kept store, answer one query; then the same query warm."""
    from ttdn_graph.corpus import Corpus

    t0 = time.perf_counter()
    corpus = Corpus.open(folder)
    corpus.query(name)
    first = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        corpus.query(name)
        warm.append(time.perf_counter() - t)
    queue.put((first, statistics.median(warm)))


def in_fresh_process(target: Any, *args: Any, timeout: float) -> Any:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    try:
        return queue.get(timeout=timeout)
    finally:
        proc.kill()
        proc.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=100)
    ap.add_argument("--rdflib-max", type=int, default=1000, help="measure rdflib up to this many plans")
    ap.add_argument("--one-process-max", type=int, default=1000, help="parse on 1 process up to this many plans")
    ap.add_argument("--timeout", type=float, default=300, help="stop a query after this many seconds")
    ap.add_argument("--memory-max", type=int, default=2000,
                    help="open the corpus into Oxigraph in memory up to this many plans (about 0.9 MB a plan)")
    ap.add_argument("--tmp", help="folder for the synthetic plans and corpora (default: a temporary one)")
    ap.add_argument("--keep", help="a folder to build the corpus in and keep; run again with the same folder and"
                                   " number of plans, the corpus is reused (nothing is parsed)")
    ap.add_argument("--growth", nargs="+", metavar="FOLDER",
                    help="measure only the kept stores of these corpus folders (or --keep folders), smallest first,"
                         " and print how each named query grows with the plans")
    ap.add_argument("--rounds", type=int, default=1,
                    help="with --growth: measure every folder this many times; otherwise: measure the kept store this"
                         " many times (each in a fresh process) and print each figure's median")
    args = ap.parse_args()
    from ttdn_graph.corpus import Corpus

    if args.growth:
        growth([Path(f) for f in args.growth], args.rounds, args.timeout)
        return

    with contextlib.ExitStack() as stack:
        if args.keep:
            tmp = args.keep
            Path(tmp).mkdir(parents=True, exist_ok=True)
        else:
            if args.tmp:
                Path(args.tmp).mkdir(parents=True, exist_ok=True)
            tmp = stack.enter_context(tempfile.TemporaryDirectory(dir=args.tmp))
        folder = Path(tmp) / "corpus"
        if (folder / "manifest.json").exists() and len(Corpus.open(folder, load=False)) == args.plans:
            print(f"reusing the corpus of {args.plans} plans in {folder} (nothing parsed)")
        else:
            build(args, Path(tmp), folder)
        measure_folder(args, folder)


def build(args: argparse.Namespace, tmp: Path, folder: Path) -> None:
    """Synthetic plans added to a corpus folder on 1 and 2 processes; the folder's size."""
    from ttdn_graph.corpus import Corpus

    src = Path(tmp) / "src"
    src.mkdir(exist_ok=True)
    paths = synthetic_plans(args.plans, src)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"synthetic corpus: {len(paths)} plans, {mb:.1f} MB of text")
    for workers in (1, 2):
        if workers == 1 and args.plans > args.one_process_max:
            continue
        target = Path(tmp) / f"corpus-w{workers}" if workers == 1 else folder
        t0, c0 = time.perf_counter(), os.times()
        corpus = Corpus(target, keep_store=True)
        report = corpus.add([src], workers=workers, progress=False)
        dt, c1 = time.perf_counter() - t0, os.times()
        # CPU time of the adding process and of its workers (counted once they have
        # ended, as they have when add returns): on a machine shared with other work the
        # steadier figure; wall time is what the goal asks
        cpu = sum(c1[:4]) - sum(c0[:4])
        print(f"add {args.plans} plans on {workers} process(es) (parse, build graphs, fill the folder's"
              f" store): {dt:.1f} s, {len(report.added) / dt:.1f} plans/s ({len(report.failed)} failed);"
              f" CPU {cpu:.0f} s ({cpu / max(1, args.plans) * 1000:.0f} ms a plan, workers included);"
              f" peak RSS of the adding process so far {peak_rss_mb():.0f} MB")
        if workers == 1:
            import shutil

            shutil.rmtree(target)
    del corpus
    entries = Corpus.open(folder, load=False).entries()
    print(f"distinct plan IRIs: {len({e['plan'] for e in entries})} of {len(entries)} plans")


def measure_folder(args: argparse.Namespace, folder: Path) -> None:
    """The folder opened and queried as users do, each way in a fresh process."""
    print(f"corpus folder on disk: {folder_mb(folder):.0f} MB (store {folder_mb(folder / 'store'):.0f} MB,"
          f" plan JSON {folder_mb(folder / 'plans'):.0f} MB)")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "corpus", "query", str(folder), "--name",
                           "lead-counts", "--format", "csv"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - started
    print(f"fresh `ttdn-graph corpus query FOLDER --name lead-counts`: {wall:.2f} s wall"
          f" ({len(proc.stdout.splitlines()) - 1} rows, exit {proc.returncode})")
    for name in ("lead-counts", "responsibility-matrix"):
        # --rounds fresh processes, as the kept store's figures below: a first run is one
        # sample of a process, and on a shared machine one sample can be a busy spell's
        pairs = []
        for _ in range(args.rounds):
            try:
                pairs.append(in_fresh_process(first_query, str(folder), name, timeout=args.timeout))
            except queue_module.Empty:
                print(f"kept store, {name}: stopped after {args.timeout:.0f} s")
                break
        if len(pairs) < args.rounds:
            continue
        first = statistics.median(f for f, _ in pairs)
        warm = statistics.median(w for _, w in pairs)
        ratios = sorted(f / w for f, w in pairs)
        spread = f" (each process: {ratios[0]:.1f}x to {ratios[-1]:.1f}x)" if len(pairs) > 1 else ""
        print(f"kept store, {name}: open and first answer {first:.3f} s, warm on the open store {warm:.3f} s,"
              f" ratio {first / warm:.1f}x{spread}"
              + (f"; medians of {len(pairs)} fresh processes" if len(pairs) > 1 else ""))
    kinds = (["kept"] + (["oxigraph"] if args.plans <= args.memory_max else [])
             + (["rdflib"] if args.plans <= args.rdflib_max else []))
    for kind, most in (("oxigraph", args.memory_max), ("rdflib", args.rdflib_max)):
        if args.plans > most:
            print(f"{kind} in memory: not measured past {most} plans")
    results = {}
    for kind in kinds:
        # the kept store, cheap to open, is measured --rounds times: a first run is one
        # sample of each process, and on a shared machine one sample can be a busy spell's
        rounds = args.rounds if kind == "kept" else 1
        r = median_of([measure_all(kind, str(folder), args.timeout) for _ in range(rounds)])
        results[kind] = r
        if rounds > 1:
            print(f"{kind}: medians of {rounds} rounds, each in a fresh process")
        print(f"{kind}: open {r['open']:.2f} s (RSS after opening {r['rss_open']:.0f} MB);"
              f" peak RSS {r['peak_rss']:.0f} MB; {r['problems']} plans left out")
        for name in QUERIES:
            got = r["queries"][name]
            if got is None:
                print(f"{kind}: {name:22} stopped after {args.timeout:.0f} s")
            else:
                print(f"{kind}: {name:22} first {got[0]:8.3f} s  warm {got[1]:8.3f} s  (CPU {got[4]:.3f} /"
                      f" {got[5]:.3f} s; {got[2]} rows; peak RSS {got[3]:.0f} MB)")
    if "rdflib" in results:
        for other in [k for k in ("kept", "oxigraph") if k in results]:
            for name in QUERIES:
                a, b = results["rdflib"]["queries"][name], results[other]["queries"][name]
                if a is None or b is None:
                    print(f"rdflib/{other}: {name:22} (stopped)")
                    continue
                if a[2] != b[2]:
                    print(f"WARNING: {name}: rdflib gives {a[2]} rows, {other} {b[2]}")
                print(f"rdflib/{other}: {name:22} first {a[0] / b[0]:7.1f}x  warm {a[1] / b[1]:7.1f}x"
                      f"  (CPU time: first {a[4] / b[4]:7.1f}x  warm {a[5] / b[5]:7.1f}x)")


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several :func:`measure_all` runs of one store as one: each query's
    times the medians over the runs (stopped if it was stopped in any), its row count
    the first run's (a warning if they differ), peak RSS the highest."""
    out = dict(runs[0])
    out["open"] = statistics.median(r["open"] for r in runs)
    out["peak_rss"] = max(r["peak_rss"] for r in runs)
    out["queries"] = {}
    for name in QUERIES:
        got = [r["queries"].get(name) for r in runs]
        if any(g is None for g in got):
            out["queries"][name] = None
            continue
        counts = {g[2] for g in got}
        if len(counts) > 1:
            print(f"WARNING: {name}: row counts differ between rounds: {sorted(counts)}")
        out["queries"][name] = tuple(got[0][i] if i == 2 else statistics.median(g[i] for g in got)
                                     for i in range(len(got[0])))
    return out


def growth(folders: list[Path], rounds: int, timeout: float) -> None:
    """Each named query on the kept store of each corpus folder (:func:`measure_all`, a
    fresh process per folder and round), the folders in turn for ``rounds`` rounds; a
    table of first run and warm median (medians over the rounds) per size, and the
    growth of each from the smallest corpus to each larger one against the plans'."""
    from ttdn_graph.corpus import Corpus

    folders = [f / "corpus" if not (f / "manifest.json").exists() and (f / "corpus" / "manifest.json").exists()
               else f for f in folders]
    sizes = [len(Corpus.open(f, load=False)) for f in folders]
    runs: list[list[dict[str, Any]]] = [[] for _ in folders]
    for r in range(rounds):
        for i, folder in enumerate(folders):
            got = measure_all("kept", str(folder), timeout)
            runs[i].append(got)
            print(f"round {r + 1}, {sizes[i]} plans: peak RSS {got['peak_rss']:.0f} MB")

    def figure(i: int, name: str, cpu: bool) -> tuple[float, float, int] | None:
        got = [run["queries"].get(name) for run in runs[i]]
        if any(g is None for g in got):
            return None  # stopped in some round
        counts = {g[2] for g in got}
        if len(counts) > 1:
            print(f"WARNING: {name}: row counts differ between rounds at {sizes[i]} plans: {sorted(counts)}")
        a, b = (4, 5) if cpu else (0, 1)
        return statistics.median(g[a] for g in got), statistics.median(g[b] for g in got), got[0][2]

    for cpu in (True, False):
        print(f"named queries on the kept store, first run / warm median, seconds of {'CPU' if cpu else 'wall'} time"
              f" (medians of {rounds} rounds); growth = time at the size / time at the smallest, against the"
              " plans' growth")
        print(f"{'query':22} " + " ".join(f"{n:>19}" for n in (f"{s} plans" for s in sizes))
              + "".join(f"  growth {sizes[0]}->{s} (plans {s / sizes[0]:.0f}x)" for s in sizes[1:]) + "  rows")
        for name in QUERIES:
            figs = [figure(i, name, cpu) for i in range(len(folders))]
            cells = [f"{'stopped':>19}" if f is None else f"{f[0]:8.3f} / {f[1]:8.3f}" for f in figs]
            line = f"{name:22} " + " ".join(cells)
            base = figs[0]
            for size, f in zip(sizes[1:], figs[1:], strict=True):
                if base is None or f is None:
                    line += "  (stopped)"
                    continue
                first, warm = f[0] / base[0], f[1] / base[1]
                verdict = "within 2x linear" if max(first, warm) <= 2 * size / sizes[0] else "OVER 2x linear"
                line += f"  first {first:6.1f}x warm {warm:6.1f}x {verdict}"
            print(line + "  " + " / ".join("-" if f is None else str(f[2]) for f in figs))


if __name__ == "__main__":
    main()
