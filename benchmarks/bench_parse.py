"""Parser benchmarks: they print figures; nothing is asserted.

    python benchmarks/bench_parse.py [--repeat 30] [--mb 4] [--shared DIR] [--against REF]

Figures (medians of several runs, measured side by side in one process run):
- in-process time to parse the bundled plan (goal <= 12 ms, issue 17);
- throughput over the shared corpus (``../shared/corpus`` next to this checkout, or
  ``--shared DIR``): each plan parsed once in a fresh process, the first parse of each
  province building its agency matcher, as a one-off ``ttdn-graph parse`` run does
  (goal >= 5 MB/s; time from the first parse to the last, the import printed apart);
- with ``--against REF`` (a git commit or tag, e.g. the last release), these two
  figures for REF's code too, in fresh processes interleaved five times so machine
  noise hits both alike, and their ratios;
- throughput over the dev corpus (bundled plan + tests/assets) repeated to several MB,
  on one core (goal >= 5 MB/s);
- wall time of ``ttdn-graph --help`` against ``python -c pass`` (goal: < 0.25 s more);
- time per MB on adversarial inputs built to stress each pattern (linear growth expected);
- with ``--scale``: time per MB at 1, 10 and 50 MB (the corpus repeated, random text, and
  the hardest adversarial input), the input size limit lifted;
- with ``--stages`` (and nothing else): where a parse of the shared corpus spends its
  time, each stage's CPU time in the first round of this process and the median of
  ``--rounds`` warm rounds, the agency matcher's scans apart, and each plan's warm
  throughput.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ttdn_graph
from ttdn_graph import PlanInputError, datasets

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def corpus_texts() -> list[str]:
    texts = [datasets.hung_yen_2022_text()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "assets").glob("*.txt"))]
    return texts


def adversarial(size: int) -> dict[str, str]:
    """Inputs that stress the patterns: long runs of near-matches."""
    unit = {
        "markers": "1. a) - b) I. II. 2.1. 2.1.a. Điều 1. ",
        "numbers": "72/2015/NĐ-CP 1/2/3/4/5-6-7 34-NQ/TU ngày 1/1/ ",
        "agency words": "Sở Sở Sở Ban Ủy ban nhân dân các huyện, thị xã, và và , , - ",
        "no newlines": "Chủ trì, phối hợp với các sở, ngành liên quan và " * 3,
        "one long word": "a" * 97 + " ",
        "blank lines": "x\n\n\n\n\n\n\n\n",
        "combining marks": "a\u0301\u0301\u0301\u0301\u0301 ",
        "stars": "*" * 50 + " *1* ",
    }
    return {k: (v * (size // len(v) + 1))[:size] for k, v in unit.items()}


_TIME_ONE = """
import statistics, sys, time
import ttdn_graph
from ttdn_graph import datasets
text = datasets.hung_yen_2022_text()
ttdn_graph.parse_text(text)
times = []
for _ in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    ttdn_graph.parse_text(text)
    times.append(time.perf_counter() - t0)
print(statistics.median(times))
"""


# one fresh process: import, then parse every plan of a folder once; prints the bytes
# parsed, the parse time (first parse to last) and the import time
_ONCE_EACH = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
import ttdn_graph
from ttdn_graph import PlanInputError
ttdn_graph.parse_text  # (names are imported on first use)
t1 = time.perf_counter()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
t2 = time.perf_counter()
for text in texts:
    try:
        ttdn_graph.parse_text(text)
    except PlanInputError:
        pass
t3 = time.perf_counter()
print(sum(len(t.encode()) for t in texts), t3 - t2, t1 - t0)
"""


def once_each(folder: Path, src: Path | None = None) -> tuple[int, float, float]:
    """Bytes, parse seconds and import seconds of parsing ``folder``'s plans once each in a
    fresh process (with the code under ``src``, else this checkout's)."""
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    out = subprocess.run([sys.executable, "-c", _ONCE_EACH, str(folder)], env=env,
                         check=True, capture_output=True, text=True)
    size, parse, imp = out.stdout.split()
    return int(size), float(parse), float(imp)


def side_by_side(ref: str, repeat: int, shared: Path | None) -> None:
    """The bundled plan's median parse time and the shared corpus's fresh-process
    throughput with this checkout's code and with REF's, in fresh processes interleaved
    five times; prints both and their ratios."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "ref"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
                       check=True, capture_output=True)
        try:
            labels = {"this checkout": ROOT / "src", ref: tree / "src"}
            bundled: dict[str, list[float]] = {label: [] for label in labels}
            corpus: dict[str, list[float]] = {label: [] for label in labels}
            for _ in range(5):
                for label, src in labels.items():
                    out = subprocess.run([sys.executable, "-c", _TIME_ONE, str(repeat)],
                                         env={**os.environ, "PYTHONPATH": str(src)},
                                         check=True, capture_output=True, text=True)
                    bundled[label].append(float(out.stdout))
                    if shared is not None:
                        size, parse, _ = once_each(shared, src)
                        corpus[label].append(size / 1e6 / parse)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           capture_output=True)
    mine, theirs = statistics.median(bundled["this checkout"]), statistics.median(bundled[ref])
    print(f"parse bundled plan, side by side: this checkout {mine * 1000:.1f} ms, {ref}"
          f" {theirs * 1000:.1f} ms (medians of 5 x {repeat} runs; ratio {mine / theirs:.2f})")
    if shared is not None:
        mine, theirs = statistics.median(corpus["this checkout"]), statistics.median(corpus[ref])
        print(f"shared corpus once each in a fresh process, side by side: this checkout"
              f" {mine:.2f} MB/s, {ref} {theirs:.2f} MB/s (medians of 5; ratio {mine / theirs:.2f})")


# the stages ``pipeline._chain`` calls, by the names it calls them by
STAGES = ("normalize", "segment", "read_header", "require_plan", "read_issuer", "find_references",
          "sort_references", "plan_roles", "appendix_tasks", "leads_by_section", "plan_deadlines",
          "closing_blocks", "read_closing", "plan_agencies", "check_mojibake")


def stages(shared: Path, rounds: int) -> None:
    """Each stage's CPU time over the shared corpus: the first round (first-use costs
    included) and the median of ``rounds`` warm ones; then each plan's warm throughput.
    A stage's time holds what it asks of the agency matcher, so the matcher's scans are
    printed apart too (a text's first look-up scans it whole; later ones reuse that)."""
    from collections import defaultdict

    from ttdn_graph import agencies, pipeline

    spent: dict[str, float] = defaultdict(float)
    running: set[str] = set()

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            if name in running:  # called from within itself (a scan's look-ups): counted once
                return fn(*args, **kwargs)
            running.add(name)
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - t0
                running.discard(name)
        return run

    for name in STAGES:
        if not hasattr(pipeline, name):
            raise SystemExit(f"pipeline no longer calls {name!r}: update STAGES in {Path(__file__).name}")
        setattr(pipeline, name, timed(name, getattr(pipeline, name)))
    matcher = agencies.AgencyMatcher
    matcher._scan = timed("(agency matcher scans)", matcher._scan)  # type: ignore[method-assign]
    files = sorted(shared.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    def parse(text: str) -> None:
        with contextlib.suppress(PlanInputError):
            ttdn_graph.parse_text(text)

    per_round: dict[str, list[float]] = defaultdict(list)
    first: dict[str, float] = {}
    for i in range(rounds + 1):
        spent.clear()
        t0 = time.process_time()
        for text in texts:
            parse(text)
        spent["(whole parse)"] = time.process_time() - t0
        if i == 0:
            first = dict(spent)
            continue
        for name, t in spent.items():
            per_round[name].append(t)
    size = sum(len(t.encode()) for t in texts)
    print(f"stages over {len(texts)} plans ({size / 1e6:.2f} MB), CPU ms: first round of this process,"
          f" warm median of {rounds}")
    order = sorted(per_round, key=lambda k: -statistics.median(per_round[k]))
    named = sum(statistics.median(per_round[k]) for k in order if not k.startswith("("))
    for name in order:
        print(f"  {name:24s} {first.get(name, 0) * 1000:7.2f} {statistics.median(per_round[name]) * 1000:7.2f}")
    rest = statistics.median(per_round["(whole parse)"]) - named
    print(f"  {'(the rest: assembly)':24s} {'':7s} {rest * 1000:7.2f}")
    print("each plan warm (median of 5):")
    for f, text in zip(files, texts, strict=True):
        t = median_time(functools.partial(parse, text), 5, clock=time.process_time)
        print(f"  {f.name[:50]:50s} {len(text.encode()) / 1000:6.1f} KB {t * 1000:6.2f} ms"
              f" {len(text.encode()) / t / 1e6:5.2f} MB/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--mb", type=float, default=4.0, help="size of the repeated corpus")
    ap.add_argument("--scale", action="store_true", help="also time 1, 10 and 50 MB inputs")
    ap.add_argument("--against", metavar="REF", help="also time the bundled plan with REF's code")
    ap.add_argument("--shared", metavar="DIR", type=Path, default=ROOT.parent / "shared" / "corpus",
                    help="the shared corpus (default: ../shared/corpus next to this checkout)")
    ap.add_argument("--stages", action="store_true",
                    help="only print where a parse of the shared corpus spends its time, stage by stage")
    ap.add_argument("--rounds", type=int, default=7, help="with --stages: warm rounds")
    args = ap.parse_args()
    shared: Path | None = args.shared if any(args.shared.glob("*.txt")) else None
    if args.stages:
        if shared is None:
            raise SystemExit(f"--stages needs the shared corpus: no plans in {args.shared}")
        stages(shared, args.rounds)
        return
    if shared is None:
        print(f"(no plans in {args.shared}: the shared corpus figures are skipped)")
    if args.against:
        side_by_side(args.against, args.repeat, shared)

    seed = datasets.hung_yen_2022_text()
    ttdn_graph.parse_text(seed)  # warm caches (gazetteer, compiled patterns)
    t = median_time(lambda: ttdn_graph.parse_text(seed), args.repeat)
    print(f"parse bundled plan: median {t * 1000:.1f} ms over {args.repeat} runs "
          f"({len(seed.encode()) / 1024:.0f} KiB)")

    if shared is not None:
        runs = [once_each(shared) for _ in range(5)]
        size = runs[0][0]
        parse = statistics.median(r[1] for r in runs)
        print(f"shared corpus, each plan once in a fresh process ({len(list(shared.glob('*.txt')))} plans,"
              f" {size / 1e6:.2f} MB): {size / 1e6 / parse:.2f} MB/s ({parse * 1000:.0f} ms, median of 5;"
              f" import {statistics.median(r[2] for r in runs) * 1000:.0f} ms apart)")

    texts = corpus_texts()
    one_round = sum(len(x.encode()) for x in texts)
    rounds = max(1, int(args.mb * 1024 * 1024 / one_round))
    def run_corpus() -> None:
        for _ in range(rounds):
            for x in texts:
                ttdn_graph.parse_text(x)
    t = median_time(run_corpus, 3)
    mb = rounds * one_round / 1e6
    print(f"throughput over the dev corpus x{rounds} ({mb:.1f} MB, {len(texts) * rounds} plans):"
          f" {mb / t:.2f} MB/s on one core (median of 3)")

    def cli() -> None:
        subprocess.run([sys.executable, "-m", "ttdn_graph", "--help"], check=True,
                       capture_output=True)
    def bare() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)
    t_cli = median_time(cli, 9)
    t_bare = median_time(bare, 9)
    print(f"ttdn-graph --help: {t_cli * 1000:.0f} ms; python -c pass: {t_bare * 1000:.0f} ms;"
          f" difference {(t_cli - t_bare) * 1000:.0f} ms (median of 9)")

    for mb_size in (0.25, 1.0):
        size = int(mb_size * 1024 * 1024)
        for name, text in adversarial(size).items():
            def go(text: str = text) -> None:
                with contextlib.suppress(PlanInputError):
                    ttdn_graph.parse_text(text)
            t = median_time(go, 1)
            print(f"adversarial {name!r} at {mb_size:g} MB: {t:.2f} s ({t / mb_size:.2f} s/MB)")

    if args.scale:
        import random

        rnd = random.Random(7)
        alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạèéẻẽẹ 0123456789.,;:()-\n"
        corpus = "\n\n".join(texts)
        for mb_size in (1, 10, 50):
            size = mb_size * 1024 * 1024
            inputs = {
                "corpus repeated": (corpus * (size // len(corpus.encode()) + 1))[: size // 2],
                "random text": "".join(rnd.choice(alphabet) for _ in range(size // 2)),
                "adversarial 'one long word'": adversarial(size)["one long word"],
            }
            for name, text in inputs.items():
                mb = len(text.encode()) / 1e6
                def go(text: str = text) -> None:
                    with contextlib.suppress(PlanInputError):
                        ttdn_graph.parse_text(text)
                t = median_time(go, 1)
                print(f"scale {name} {mb:.1f} MB: {t:.1f} s ({t / mb:.2f} s/MB)")


if __name__ == "__main__":
    main()
