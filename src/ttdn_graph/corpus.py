"""A corpus: many plans, parsed in parallel, one named graph per plan, kept on disk.

>>> import tempfile
>>> from ttdn_graph import datasets
>>> with tempfile.TemporaryDirectory() as folder:
...     corpus = Corpus(folder)
...     report = corpus.add([datasets.hung_yen_2022_path()], workers=1, progress=False)
...     again = corpus.add([datasets.hung_yen_2022_path()], workers=1, progress=False)
...     (len(report.added), len(again.unchanged), len(Corpus.open(folder).plans()))
(1, 1, 1)

On disk a corpus is a folder: ``manifest.json`` (one entry per source file: its
checksum, the plan's IRI, where its JSON is) and ``plans/<sha256>.json``. Reopening reads
the JSON, never the sources again; adding files re-parses only those whose checksum
changed.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import glob
import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from .errors import PlanInputError
from .models import Plan
from .rdf import DEFAULT_BASE, plan_iri, shared_graph_iri, split_for_store, split_lines_for_store
from .stores import OxigraphStore, RdflibStore, Store, StoreError, nquads_lines, open_store, run_named

__all__ = ["AddReport", "Corpus", "KeptStore", "PushError", "printable"]

_SUFFIXES = (".txt", ".docx", ".pdf", ".text", ".md")
_MANIFEST = "manifest.json"
_STORE = "store"  # the Oxigraph store a folder keeps
_JOURNAL = "store-journal.json"  # graphs of the kept store being changed (gone once the manifest is written)
_BATCH_BYTES = 64 << 20  # N-Quads handed to Oxigraph's bulk loader at once
#: once the kept store's bulk loader has been called this many times since its files were
#: last merged (counted in the manifest, across runs), a change ends by merging them
#: (:meth:`~ttdn_graph.stores.OxigraphStore.optimize`): every call leaves files that each
#: lookup seeks in, while a merge rewrites the whole store, so a folder fed a few plans
#: at a time merges every few runs, not at each
_MERGE_AFTER_LOADS = 8
_CHUNK_PLANS = 8  # files a pool worker parses per task, at most
_AHEAD_PLANS = 256  # files handed to the pool beyond those the parent has taken, at most


@dataclass
class AddReport:
    """What :meth:`Corpus.add` did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: (file, other file, plan IRI): two files give the same plan (number, year,
    #: province); the later one replaces the earlier one in the store
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    #: why merging the kept store's files failed (a full disk), if it did: the plans
    #: were added and the store answers queries; the next change tries the merge again
    merge_error: str | None = None

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged,"
                f" {len(self.failed)} failed")
        text += f", {len(self.conflicts)} replaced another file's plan" if self.conflicts else ""
        if self.merge_error is not None:
            text += (f"; the store's files were not merged ({self.merge_error}): the plans are stored,"
                     " the next add merges them")
        return text


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None


@contextlib.contextmanager
def _progress(show: bool | None, total: int, what: str) -> Iterator[Any]:
    """A progress bar (tqdm) on stderr: when asked for, or by default on long work (20
    plans or more) when stderr is a terminal."""
    if show is None:
        show = total >= 20 and sys.stderr.isatty()
    if not show or total == 0:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=what, unit="plan", file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar


@contextmanager
def _folder_lock(folder: Path, *, shared: bool = False) -> Iterator[None]:
    """A lock on a corpus folder (a ``.lock`` file; POSIX ``flock``): exclusive around
    every change (adding, cleaning, repairing), shared around a read of the kept store;
    a no-op where ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _oxigraph_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyoxigraph") is not None


def _die_with_parent(parent: int) -> None:
    """Pool worker start-up: end this worker when the process that started it dies (even
    by ``kill -9``), instead of running on as an orphan. Linux: the kernel sends SIGKILL
    (``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent's id."""
    import signal
    import threading
    import time

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
        else:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:  # pragma: no cover - other systems
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()  # pragma: no cover


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    r"""A file name as one line: control characters (a newline, a carriage return...)
    shown as escapes, so a name cannot fake a line of output.

    >>> printable("a\nb.txt")
    'a\\nb.txt'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class KeptStore:
    """The embedded Oxigraph store a corpus folder keeps (``FOLDER/store``): one named
    graph per plan and the shared graph, on disk, so reopening the corpus loads nothing.

    Reads open the folder read-only (several processes may query at once) under a shared
    lock, and open it again after another process changed the corpus; changes go through
    :meth:`writing`, under the exclusive lock that every corpus change holds.
    """

    #: an Oxigraph store on disk: named queries run in the forms tuned for it (stores.run_named)
    oxigraph_on_disk = True

    #: plans per batch of :meth:`select_per_plan`
    plans_per_batch = 1000

    def __init__(self, folder: Path, base: str = DEFAULT_BASE) -> None:
        self.folder = folder
        self.shared_graph = shared_graph_iri(base)
        self.path = folder / _STORE
        self._read: OxigraphStore | None = None
        self._stamp: tuple[int, int] | None = None
        self._write: OxigraphStore | None = None

    def _stamp_now(self) -> tuple[int, int]:
        try:
            st = (self.folder / _MANIFEST).stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def _reader(self) -> OxigraphStore:
        if self._write is not None:
            return self._write
        stamp = self._stamp_now()
        if self._read is None or stamp != self._stamp:
            self._read = None
            # nothing added yet: an empty store
            self._read = OxigraphStore(self.path, read_only=True) if self.path.exists() else OxigraphStore()
            self._stamp = stamp
        return self._read

    @contextmanager
    def writing(self) -> Iterator[OxigraphStore]:
        """The store opened for writing (the caller holds the folder's exclusive lock)."""
        if self._write is not None:
            yield self._write
            return
        self._read = None  # a snapshot: opened again after the change
        self._write = OxigraphStore(self.path)
        try:
            yield self._write
        finally:
            self._write.flush()
            self._write = None  # closes the store: another process may open it

    def select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None = None) -> list[dict[str, Any]]:
        if self._write is not None:
            return self._write.select(sparql, bindings)
        with _folder_lock(self.folder, shared=True):
            return self._reader().select(sparql, bindings)

    def select_per_plan(self, sparql: str) -> list[dict[str, Any]]:
        """The rows of a query whose every row is found in one plan's named graph and the
        shared graph (:attr:`~ttdn_graph.queries.NamedQuery.per_plan`), asked of
        :attr:`plans_per_batch` plans at a time (each batch with the shared graph), all in
        one snapshot: the same rows as :meth:`select`, while the engine's joins hold one
        batch's facts, not the whole store's."""
        if self._write is not None:
            return self._select_per_plan(self._write, sparql)
        with _folder_lock(self.folder, shared=True):
            return self._select_per_plan(self._reader(), sparql)

    def _select_per_plan(self, store: OxigraphStore, sparql: str) -> list[dict[str, Any]]:
        plans = [g for g in store.graphs() if g != self.shared_graph]
        size = self.plans_per_batch
        batches = [[*plans[i:i + size], self.shared_graph] for i in range(0, len(plans), size)]
        return store.select(sparql, graph_batches=batches or [[self.shared_graph]])

    def graphs(self) -> list[str]:
        if self._write is not None:
            return self._write.graphs()
        with _folder_lock(self.folder, shared=True):
            return self._reader().graphs()

    def _change(self, method: str, *args: str | bytes) -> None:
        if self._write is not None:
            getattr(self._write, method)(*args)
            return
        with _folder_lock(self.folder), self.writing() as store:
            getattr(store, method)(*args)

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        self._change("put_graph", graph_iri, ntriples)

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        self._change("add_to_graph", graph_iri, ntriples)

    def remove_graph(self, graph_iri: str) -> None:
        self._change("remove_graph", graph_iri)


def _expand(items: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Paths, folders (their plan files, recursively) and glob patterns -> files."""
    out: list[Path] = []
    for item in items:
        text = os.fspath(item)
        if any(ch in text for ch in "*?["):
            out.extend(Path(p) for p in sorted(glob.glob(text, recursive=True)) if Path(p).is_file())
        elif Path(text).is_dir():
            out.extend(sorted(p for p in Path(text).rglob("*") if p.suffix.lower() in _SUFFIXES and p.is_file()))
        else:
            out.append(Path(text))
    seen: dict[str, Path] = {}
    for p in out:
        seen.setdefault(str(p.resolve()), p)
    return list(seen.values())


@dataclass(frozen=True)
class _Parsed:
    """What a worker sends back: everything the parent needs, built in the worker."""

    path: str
    plan_json: str | None = None
    plan_iri: str | None = None
    #: the plan's own graph as N-Triples (for a store other than the folder's, or one
    #: with blank nodes) and as N-Quads in its named graph (for the folder's store)
    ntriples: bytes | None = None
    shared: bytes | None = None
    error: str | None = None
    nquads: bytes | None = None


class _Batch:
    """Plans' graphs gathered for one call of the kept store's bulk loader. The lines of
    the shared graph that plans repeat (their agencies, documents, document types: 22% of
    a corpus's lines, 36,000 distinct in 618,000 at 1,000 plans) are kept once per run:
    the shared graph is a set, so loading a line again changed nothing but cost the
    loader's time."""

    def __init__(self, shared_iri: str) -> None:
        self.shared_iri = shared_iri
        self.seen: set[bytes] = set()  # shared lines of this run, loaded or in this batch
        self.clear()

    def clear(self) -> None:
        self.plans: list[str] = []
        self.nquads: list[bytes] = []
        self.ntriples: list[tuple[str, bytes]] = []
        self.shared: list[bytes] = []
        self.size = 0

    def add(self, item: _Parsed) -> None:
        assert item.plan_iri is not None
        self.plans.append(item.plan_iri)
        if item.nquads is not None:
            self.nquads.append(item.nquads)
            self.size += len(item.nquads)
        elif item.ntriples is not None:
            self.ntriples.append((item.plan_iri, item.ntriples))
            self.size += len(item.ntriples)
        seen = self.seen
        for line in (item.shared or b"").split(b"\n"):
            if line and line not in seen:
                seen.add(line)
                self.shared.append(line + b"\n")
                self.size += len(line)


def _parse_chunk(work: Callable[[str], _Parsed], paths: list[str]) -> list[_Parsed]:
    """Worker: a few files, one task (fewer messages than a task per file)."""
    return [work(path) for path in paths]


def _parse_one(path: str, base: str = DEFAULT_BASE, graphs: bool = True, nquads: bool = False) -> _Parsed:
    """Worker: parse a file and write its graph (so the parent only stores): N-Triples
    with ``graphs``; its own part as N-Quads too with ``nquads``, which the folder's store
    loads as they are (a plan's 0.6 MB of N-Triples turned into N-Quads in the parent cost
    it 13 ms a plan, the worker a millisecond)."""
    from .pipeline import parse_file

    try:
        plan = parse_file(path)
        iri = str(plan_iri(plan, base))
        if not graphs and not nquads:
            return _Parsed(path, plan.to_json(indent=None), iri)
        own_lines, shared_lines = split_lines_for_store(plan, base)
        shared = ("\n".join(shared_lines) + "\n").encode("utf-8")
        quads = None
        if nquads and not any("_:" in line for line in own_lines):  # else loaded from N-Triples
            quads = nquads_lines(iri, own_lines)
        own = ("\n".join(own_lines) + "\n").encode("utf-8") if graphs or quads is None else None
        return _Parsed(path, plan.to_json(indent=None), iri, own, shared, nquads=quads)
    except PlanInputError as exc:
        return _Parsed(path, error=exc.reason)
    except Exception as exc:  # a bug must not stop the other files
        return _Parsed(path, error=f"internal error: {type(exc).__name__}: {exc}")


class Corpus:
    """Many plans; optionally kept in a folder; queried through a store.

    Args:
        folder: where to keep the corpus (``None``: in memory only).
        store: the store queries go to: a :class:`~ttdn_graph.stores.Store` or a spec
            for :func:`~ttdn_graph.stores.open_store` (``"memory"``, ``"oxigraph"``,
            ``"oxigraph:PATH"``, ``"endpoint:URL"``). By default, the store the folder
            keeps (see ``keep_store``), else rdflib in memory.
        base: base of the IRIs minted.
        keep_store: for a new folder, keep an embedded Oxigraph store in it
            (``FOLDER/store``), updated with the manifest, so reopening loads nothing.
            Default: when the ``oxigraph`` extra is installed. A folder made without one
            keeps working and can get one later with :meth:`keep_store`.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, store: Store | str | None = None,
                 base: str = DEFAULT_BASE, keep_store: bool | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.base = base
        #: (file, reason) for each plan file that could not be read (a truncated JSON):
        #: the plan is left out and the rest of the corpus works
        self.problems: list[tuple[str, str]] = []
        self._entries: dict[str, dict[str, str]] = {}
        self._changed: set[str] = set()  # keys this object added or updated since its last save
        self._plans: dict[str, Plan] = {}  # in-memory corpora only: a folder's plans stay on disk
        self._kept: KeptStore | None = None
        #: calls of the kept store's bulk loader since its files were last merged, as the
        #: manifest counts them (this run's own calls are counted by the open store)
        self._unmerged_loads = 0
        if isinstance(store, str):
            store = open_store(store)
        self._own_store: Store | None = store
        self._memory: Store | None = None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "plans").mkdir(exist_ok=True)
            keep = _oxigraph_installed() if keep_store is None else keep_store
            if keep and not (self.folder / _MANIFEST).exists():
                self._kept = KeptStore(self.folder, self.base)

    @property
    def store(self) -> Store:
        """The store queries go to."""
        if self._own_store is not None:
            return self._own_store
        if self._kept is not None:
            return self._kept
        if self._memory is None:
            self._memory = RdflibStore()
        return self._memory

    @property
    def kept_store(self) -> KeptStore | None:
        """The Oxigraph store kept in the folder, if it has one."""
        return self._kept

    # --- persistence ---------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str], *, store: Store | str | None = None, load: bool = True,
             progress: bool | None = None) -> Corpus:
        """Reopen a corpus kept on disk. A folder that keeps its store loads nothing; else
        (or into another ``store``) the plans are loaded from their JSON unless
        ``load=False``. A plan whose JSON cannot be read is left out and named in
        :attr:`problems`.

        Args:
            progress: show a progress bar on stderr (default: on long work in a terminal).
        """
        path = Path(folder)
        data = _read_manifest(path)
        corpus = cls(path, store=store, base=data.get("base", DEFAULT_BASE), keep_store=False)
        corpus._entries = data["entries"]
        corpus._unmerged_loads = _loads_of(data)
        if data.get("store") == "oxigraph" and _oxigraph_installed():
            corpus._kept = KeptStore(path, corpus.base)
            if (path / _JOURNAL).exists():  # a change cut off: put the store back in step
                with _folder_lock(path):
                    corpus._repair()
            if store is None:
                return corpus
        if load:
            corpus._load_into(corpus.store, progress)
        return corpus

    def _load_into(self, store: Store, progress: bool | None, entries: list[dict[str, str]] | None = None) -> None:
        """Put plans into a store from their JSON, a batch at a time on Oxigraph."""
        entries = list(self._entries.values()) if entries is None else entries
        target = store._write if isinstance(store, KeptStore) and store._write is not None else store
        with _progress(progress, len(entries), "loading") as bar:
            batch: list[tuple[str, bytes, bytes]] = []
            size = 0
            for entry in entries:
                plan = self._read_plan(entry)
                if plan is not None:
                    own, shared = split_for_store(plan, self.base)
                    del plan
                    batch.append((entry["plan"], own, shared))
                    size += len(own) + len(shared)
                if size > _BATCH_BYTES:
                    self._store_batch(target, batch)
                    batch, size = [], 0
                bar.update(1)
            self._store_batch(target, batch)

    def _store_batch(self, store: Store, batch: list[tuple[str, bytes, bytes]]) -> None:
        """Put plans' graphs into a store: Oxigraph's bulk loader for a batch, one plan at
        a time elsewhere."""
        if not batch:
            return
        shared_iri = shared_graph_iri(self.base)
        if isinstance(store, OxigraphStore):
            for iri, _, _ in batch:
                store.remove_graph(iri)
            graphs = [(iri, own) for iri, own, _ in batch] + [(shared_iri, sh) for _, _, sh in batch if sh]
            store.load_graphs(graphs, replace=False)
            return
        for iri, own, shared in batch:
            store.put_graph(iri, own)
            if shared:
                store.add_to_graph(shared_iri, shared)

    def _write_manifest(self) -> None:
        """Write the manifest (the caller holds the lock): the last step of every change."""
        assert self.folder is not None
        from .files import atomic_write

        data: dict[str, Any] = {"version": 1, "base": self.base, "entries": self._entries}
        if self._kept is not None:
            data["store"] = "oxigraph"
            data["unmerged_loads"] = self._store_loads()
        atomic_write(self.folder / _MANIFEST, json.dumps(data, ensure_ascii=False, indent=1).encode())
        self._changed.clear()

    def _merge_from_disk(self) -> None:
        """Under the lock: take what another process wrote since this corpus was read (two
        ``add`` runs at once both keep their plans), and whether the folder keeps a store."""
        assert self.folder is not None
        if not (self.folder / _MANIFEST).is_file():
            return
        data = _read_manifest(self.folder)
        mine = {k: self._entries[k] for k in self._changed if k in self._entries}
        self._entries = {**data["entries"], **mine}
        self._unmerged_loads = _loads_of(data)
        if data.get("store") == "oxigraph" and self._kept is None and _oxigraph_installed():
            self._kept = KeptStore(self.folder, self.base)
        elif data.get("store") != "oxigraph" and self._kept is not None:
            self._kept = None  # another process made the folder without a store first

    def _journal(self, iris: Iterable[str]) -> None:
        """Note, before the kept store changes, which graphs are about to: if the change is
        cut off, the next open (or change) reloads them from the manifest."""
        assert self.folder is not None
        from .files import atomic_write

        path = self.folder / _JOURNAL
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        atomic_write(path, json.dumps(sorted({*old, *iris}), ensure_ascii=False).encode())

    def _repair(self) -> None:
        """Under the exclusive lock: reload the graphs a cut-off change named in the journal
        from what the manifest says (or drop them if it no longer names them)."""
        assert self.folder is not None and self._kept is not None
        path = self.folder / _JOURNAL
        try:
            iris = set(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            iris = None  # an unreadable journal: rebuild every plan
        with self._kept.writing() as store:
            if iris is None:
                iris = set(store.graphs()) - {shared_graph_iri(self.base)}
            for iri in iris:
                store.remove_graph(iri)
            self._load_into(store, False, [e for e in self._entries.values() if e["plan"] in iris])
            self._unmerged_loads += store.bulk_loads  # counted in the manifest by the next change
            store.bulk_loads = 0
        path.unlink(missing_ok=True)

    def keep_store(self, *, progress: bool | None = None) -> int:
        """Give a folder made without one its own Oxigraph store (from the plans' JSON),
        so that reopening it loads nothing; returns how many plans it holds. What
        ``ttdn-graph corpus upgrade`` runs."""
        if self.folder is None:
            raise PlanInputError("corpus", "an in-memory corpus has no folder to keep a store in")
        if not _oxigraph_installed():
            raise StoreError("keeping a store needs the oxigraph extra: pip install 'ttdn_graph[oxigraph]'")
        import shutil

        with _folder_lock(self.folder):
            self._merge_from_disk()
            shutil.rmtree(self.folder / _STORE, ignore_errors=True)  # a half-built store
            self._kept = KeptStore(self.folder, self.base)
            self._unmerged_loads = 0
            with self._kept.writing() as store:
                self._load_into(store, progress)
                self._write_manifest()
                self._merge_if_due(store)
        return len(self._entries) - len(self.problems)

    def _read_plan(self, entry: dict[str, str]) -> Plan | None:
        """A plan, read from its JSON each time (a folder's plans are not kept in memory);
        ``None``, noted in :attr:`problems`, if the file is missing or broken."""
        sha = entry["sha256"]
        if self.folder is None:
            return self._plans[sha]
        path = self.folder / "plans" / f"{sha}.json"
        try:
            return Plan.from_json(path.read_bytes())
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a valid plan JSON (truncated?)"
            self.problems.append((str(path), f"{reason}; the plan of {printable(entry['source'])} is left out"))
            return None

    # --- adding ------------------------------------------------------------------------------

    def add(self, items: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
            progress: bool | None = None, load: bool = True) -> AddReport:
        """Parse and add plan files (paths, folders, globs); re-parse only changed files.

        A folder is changed under an exclusive lock (another ``add`` waits), the plans'
        graphs go into the folder's own store if it keeps one, and the manifest is
        written last.

        Args:
            workers: processes to parse with (default: the number of CPUs; 1: no pool).
            progress: show a progress bar on stderr (default: on long work, 20 files or
                more, when stderr is a terminal).
            load: put each plan's graph into the query store when it is not the folder's
                own (``False``: parse and keep the plans only; a kept store is always
                updated).
        """
        if self.folder is None:
            return self._add(items, workers, progress, load)
        with _folder_lock(self.folder):
            self._merge_from_disk()
            if self._kept is not None and (self.folder / _JOURNAL).exists():
                self._repair()
            if self._kept is None:
                return self._add(items, workers, progress, load)
            with self._kept.writing() as store:
                report = self._add(items, workers, progress, load)
                try:
                    self._merge_if_due(store)
                except StoreError as exc:  # the manifest counts the loads: the next add tries again
                    report.merge_error = str(exc)
                return report

    def _add(self, items: Iterable[str | os.PathLike[str]], workers: int | None, progress: bool | None,
             load: bool) -> AddReport:
        report = AddReport()
        todo: list[tuple[str, str]] = []
        for path in _expand(items):
            key = str(path.resolve())
            from .readers import read_file

            try:  # a FIFO or a device is refused, not read (it would block or never end)
                sha = hashlib.sha256(read_file(path, max_bytes=None)).hexdigest()
            except PlanInputError as exc:
                report.failed.append((str(path), exc.reason))
                continue
            old = self._entries.get(key)
            if old is not None and old["sha256"] == sha:
                report.unchanged.append(str(path))
                continue
            todo.append((str(path), sha))
        shas = dict(todo)
        kept = self._kept._write if self._kept is not None else None
        other = self._own_store if self._own_store is not None else (self._memory if kept is None else None)
        if other is None and kept is None:
            other = self.store
        load = load and other is not None
        holders: dict[str, set[str]] = {}  # plan IRI -> the files that give it
        for key, entry in self._entries.items():
            holders.setdefault(entry["plan"], set()).add(key)
        batch = _Batch(shared_graph_iri(self.base))
        with _progress(progress, len(todo), "parsing") as bar:
            for item in self._parse_all([p for p, _ in todo], workers, graphs=load, nquads=kept is not None):
                got = self._take(item, shas[item.path], report, holders, load=load)
                if got is not None and kept is not None:
                    batch.add(got)
                    if batch.size > _BATCH_BYTES:
                        self._flush_batch(kept, batch)
                bar.update(1)
        if kept is not None:
            self._flush_batch(kept, batch)
        if self.folder is not None:
            self._write_manifest()
            (self.folder / _JOURNAL).unlink(missing_ok=True)
        return report

    def _flush_batch(self, kept: OxigraphStore, batch: _Batch) -> None:
        """Put a batch of plans' graphs into the kept store: one call of the bulk loader."""
        if batch.plans:
            self._journal(batch.plans)
            for iri in batch.plans:
                kept.remove_graph(iri)
            shared = [(batch.shared_iri, b"".join(batch.shared))] if batch.shared else []
            kept.load_graphs([*batch.ntriples, *shared], replace=False, nquads=batch.nquads)
        batch.clear()

    def _merge_if_due(self, store: OxigraphStore) -> None:
        """Merge the kept store's files once its bulk loader has been called
        :data:`_MERGE_AFTER_LOADS` times since they were last merged (this run's calls and
        those the manifest counts), then write the manifest again with the count at 0.
        Called after the manifest is written: a merge that fails (:class:`StoreError`)
        leaves the plans stored, the store usable and the count where it was."""
        if self._store_loads() < _MERGE_AFTER_LOADS:
            return
        # every bulk load leaves files that every lookup must seek in: without merging
        # them, queries that look facts up grew faster than the corpus (deadlines: 0.33 s
        # at 1,000 plans, 8.7 s at 10,000; 2.3 s merged)
        store.optimize()
        store.bulk_loads = 0
        self._unmerged_loads = 0
        self._write_manifest()

    def _store_loads(self) -> int:
        """Calls of the kept store's bulk loader since its files were last merged."""
        writing = self._kept._write if self._kept is not None else None
        return self._unmerged_loads + (writing.bulk_loads if writing is not None else 0)

    def _take(self, item: _Parsed, file_sha: str, report: AddReport, holders: dict[str, set[str]], *,
              load: bool) -> _Parsed | None:
        """Record what a worker sent back: keep the plan's JSON, put its graph into the
        query store (``load``); returns what the kept store takes (``holders``: the files
        that give each plan IRI, kept up to date)."""
        src = item.path
        key = str(Path(src).resolve())
        if item.error is not None or item.plan_json is None or item.plan_iri is None:
            report.failed.append((src, item.error or "no plan"))
            return None
        (report.updated if key in self._entries else report.added).append(src)
        old = self._entries.get(key)
        if old is not None and old["plan"] != item.plan_iri:
            if load:
                self.store.remove_graph(old["plan"])
            if self._kept is not None and self._kept._write is not None:
                self._journal([old["plan"]])
                self._kept._write.remove_graph(old["plan"])
        same = holders.get(item.plan_iri, set())
        if same - {key}:  # rare: read the entries in their order (a lookup for each plan, not a scan)
            for other_key, other in self._entries.items():
                if other_key != key and other["plan"] == item.plan_iri:
                    report.conflicts.append((src, other["source"], str(item.plan_iri)))
        if old is not None:
            holders.get(old["plan"], set()).discard(key)
        holders.setdefault(item.plan_iri, set()).add(key)
        if self.folder is not None:
            from .files import atomic_write

            atomic_write(self.folder / "plans" / f"{file_sha}.json", item.plan_json.encode())
            if old is not None and old["sha256"] != file_sha and not any(
                    e["sha256"] == old["sha256"] for k, e in self._entries.items() if k != key):
                (self.folder / "plans" / f"{old['sha256']}.json").unlink(missing_ok=True)
        else:
            self._plans[file_sha] = Plan.from_json(item.plan_json)
        self._entries[key] = {"sha256": file_sha, "plan": str(item.plan_iri), "source": src}
        self._changed.add(key)
        if item.ntriples is None and item.nquads is None:
            return None
        if load and item.ntriples is not None:
            self.store.put_graph(str(item.plan_iri), item.ntriples)
            if item.shared:
                self.store.add_to_graph(shared_graph_iri(self.base), item.shared)
        return item

    def _parse_all(self, paths: list[str], workers: int | None, *, graphs: bool, nquads: bool) -> Iterator[_Parsed]:
        if not paths:
            return
        work = functools.partial(_parse_one, base=self.base, graphs=graphs, nquads=nquads)
        workers = workers or os.cpu_count() or 1
        if workers == 1 or len(paths) == 1:
            yield from map(work, paths)
            return
        size = max(1, min(_CHUNK_PLANS, len(paths) // (workers * 8)))
        chunks = iter([paths[i:i + size] for i in range(0, len(paths), size)])
        work_chunk = functools.partial(_parse_chunk, work)
        # a window of chunks, not Executor.map: map hands every file to the pool at once,
        # and the results of plans parsed while the parent bulk-loads wait in its memory
        # (0.8 MB a plan), as does a whole chunk in a worker until it is sent (chunks of
        # 625 plans at 10,000); the window keeps the workers busy through a bulk load
        # (about 90 plans) and the parent's memory bounded
        with ProcessPoolExecutor(max_workers=min(workers, len(paths)), initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            pending = collections.deque(pool.submit(work_chunk, chunk)
                                        for chunk in itertools.islice(chunks, max(workers, _AHEAD_PLANS // size)))
            while pending:
                parsed = pending.popleft().result()
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append(pool.submit(work_chunk, chunk))
                yield from parsed

    # --- reading -----------------------------------------------------------------------------

    def iter_plans(self) -> Iterator[Plan]:
        """The plans, one at a time, in the order their files were added (read from their
        JSON as asked for: no more than one is held). A plan whose JSON cannot be read is
        left out and named in :attr:`problems`."""
        for entry in list(self._entries.values()):
            plan = self._read_plan(entry)
            if plan is not None:
                yield plan

    def plans(self) -> list[Plan]:
        """The plans, in the order their files were added (all in memory: prefer
        :meth:`iter_plans` on a large corpus)."""
        return list(self.iter_plans())

    def entries(self) -> list[dict[str, str]]:
        """One dict per file: source, sha256, plan IRI."""
        return [dict(e) for e in self._entries.values()]

    def orphans(self) -> list[Path]:
        """Plan files in ``plans/`` that the manifest does not name (left by a run cut off
        before it wrote the manifest, or by a changed file): never loaded; :meth:`clean`
        removes them."""
        if self.folder is None:
            return []
        named = {f"{e['sha256']}.json" for e in self._entries.values()}
        return sorted(p for p in (self.folder / "plans").iterdir() if p.name not in named)

    def clean(self) -> list[Path]:
        """Remove the orphaned plan files (under the folder's lock); returns them."""
        if self.folder is None:
            return []
        with _folder_lock(self.folder):
            self._merge_from_disk()
            gone = self.orphans()
            for path in gone:
                path.unlink(missing_ok=True)
        return gone

    def query(self, name: str, **params: str) -> list[dict[str, Any]]:
        """Run a named query over every plan of the corpus."""
        return run_named(self.store, name, **params)

    def push(self, store: Store, *, progress: bool | None = None) -> int:
        """Load every plan into another store (one named graph each); returns how many.

        Raises:
            PushError: the store failed part-way; it says how many plans reached it.

        Args:
            progress: show a progress bar on stderr (default: on long work in a terminal).
        """
        done = 0
        total = len(self._entries)
        with _progress(progress, total, "pushing") as bar:
            for plan in self.iter_plans():
                try:
                    own, shared = split_for_store(plan, self.base)
                    store.put_graph(str(plan_iri(plan, self.base)), own)
                    store.add_to_graph(shared_graph_iri(self.base), shared)
                except StoreError as exc:
                    raise PushError(f"{exc}; {done} of {total} plans had reached the store before"
                                    f" (pushing again replaces them)", done) from None
                done += 1
                bar.update(1)
        return done

    def __len__(self) -> int:
        return len(self._entries)


class PushError(StoreError):
    """A push failed part-way: :attr:`pushed` plans had reached the store."""

    def __init__(self, message: str, pushed: int) -> None:
        super().__init__(message)
        self.pushed = pushed


def _loads_of(manifest: Mapping[str, Any]) -> int:
    """The manifest's count of bulk loads since the kept store's files were last merged (0
    in a folder written before it was counted, or a value that is not a count)."""
    loads = manifest.get("unmerged_loads", 0)
    return loads if type(loads) is int and loads >= 0 else 0


def _read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, or a :class:`PlanInputError` naming it when it is missing or broken."""
    manifest = folder / _MANIFEST
    if not manifest.is_file():
        raise PlanInputError(str(folder), "not a corpus folder (no manifest.json)")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise PlanInputError(str(manifest), "the corpus manifest is not valid JSON (truncated?); its plans"
                             " are still in plans/: add the source files again to a new corpus") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict) or not all(
            isinstance(e, dict) and {"sha256", "plan", "source"} <= e.keys() for e in data["entries"].values()):
        raise PlanInputError(str(manifest), "not a corpus manifest (no entries with source, sha256 and plan)")
    return data
