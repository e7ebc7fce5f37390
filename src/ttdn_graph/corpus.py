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

import contextlib
import functools
import glob
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PlanInputError
from .models import Plan
from .rdf import DEFAULT_BASE, plan_iri, shared_graph_iri, split_for_store
from .stores import RdflibStore, Store, run_named

__all__ = ["AddReport", "Corpus"]

_SUFFIXES = (".txt", ".docx", ".pdf", ".text", ".md")
_MANIFEST = "manifest.json"


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

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged,"
                f" {len(self.failed)} failed")
        return text + (f", {len(self.conflicts)} replaced another file's plan" if self.conflicts else "")


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
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on a corpus folder (a ``.lock`` file; POSIX ``flock``), held
    while the manifest is merged and written; a no-op where ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


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
    ntriples: bytes | None = None
    shared: bytes | None = None
    error: str | None = None


def _parse_one(path: str, base: str = DEFAULT_BASE, graphs: bool = True) -> _Parsed:
    """Worker: parse a file and build its graph (so the parent only stores)."""
    from .pipeline import parse_file

    try:
        plan = parse_file(path)
        own, shared = split_for_store(plan, base) if graphs else (None, None)
        return _Parsed(path, plan.to_json(indent=None), str(plan_iri(plan, base)), own, shared)
    except PlanInputError as exc:
        return _Parsed(path, error=exc.reason)
    except Exception as exc:  # a bug must not stop the other files
        return _Parsed(path, error=f"internal error: {type(exc).__name__}: {exc}")


class Corpus:
    """Many plans; optionally kept in a folder; queried through a store.

    Args:
        folder: where to keep the corpus (``None``: in memory only).
        store: the triple store (default: rdflib in memory). With
            :class:`~ttdn_graph.stores.OxigraphStore` or an endpoint, the same named queries
            run unchanged.
        base: base of the IRIs minted.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, store: Store | None = None,
                 base: str = DEFAULT_BASE) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.store: Store = store if store is not None else RdflibStore()
        self.base = base
        self._entries: dict[str, dict[str, str]] = {}
        self._changed: set[str] = set()  # keys this object added or updated since its last save
        self._plans: dict[str, Plan] = {}
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "plans").mkdir(exist_ok=True)

    # --- persistence ---------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str], *, store: Store | None = None, load: bool = True,
             progress: bool | None = None) -> Corpus:
        """Reopen a corpus kept on disk (its plans go back into the store unless ``load=False``).

        Args:
            progress: show a progress bar on stderr (default: on long work in a terminal).
        """
        path = Path(folder)
        manifest = path / _MANIFEST
        if not manifest.is_file():
            raise PlanInputError(str(path), "not a corpus folder (no manifest.json)")
        data = json.loads(manifest.read_text(encoding="utf-8"))
        corpus = cls(path, store=store, base=data.get("base", DEFAULT_BASE))
        corpus._entries = data["entries"]
        if load:
            with _progress(progress, len(corpus._entries), "loading") as bar:
                for entry in corpus._entries.values():
                    corpus._load(corpus._read_plan(entry))
                    bar.update(1)
        return corpus

    def _save(self) -> None:
        """Write the manifest under a lock on the folder, merged with what another
        process may have written since this corpus was read: two ``add`` runs at once
        both keep their plans (the last writer no longer wins alone)."""
        if self.folder is None:
            return
        from .files import atomic_write

        with _folder_lock(self.folder):
            manifest = self.folder / _MANIFEST
            if manifest.is_file():
                try:
                    on_disk = json.loads(manifest.read_text(encoding="utf-8")).get("entries", {})
                except ValueError:
                    on_disk = {}
                merged = {**on_disk, **{k: self._entries[k] for k in self._changed if k in self._entries}}
                self._entries = {**self._entries, **merged}
            data = {"version": 1, "base": self.base, "entries": self._entries}
            atomic_write(manifest, json.dumps(data, ensure_ascii=False, indent=1).encode())
            self._changed.clear()

    def _read_plan(self, entry: dict[str, str]) -> Plan:
        sha = entry["sha256"]
        if sha not in self._plans:
            assert self.folder is not None
            self._plans[sha] = Plan.from_json((self.folder / "plans" / f"{sha}.json").read_bytes())
        return self._plans[sha]

    def _load(self, plan: Plan, store: Store | None = None) -> None:
        """Put a plan into a store: its own graph, and the shared nodes into the shared graph."""
        store = store or self.store
        own, shared = split_for_store(plan, self.base)
        store.put_graph(str(plan_iri(plan, self.base)), own)
        store.add_to_graph(shared_graph_iri(self.base), shared)

    # --- adding ------------------------------------------------------------------------------

    def add(self, items: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
            progress: bool | None = None, load: bool = True) -> AddReport:
        """Parse and add plan files (paths, folders, globs); re-parse only changed files.

        Args:
            workers: processes to parse with (default: the number of CPUs; 1: no pool).
            progress: show a progress bar on stderr (default: on long work, 20 files or
                more, when stderr is a terminal).
            load: put each plan's graph into the store (``False``: parse and keep the
                plans only, e.g. to fill a folder that is queried later).
        """
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
        with _progress(progress, len(todo), "parsing") as bar:
            for item in self._parse_all([p for p, _ in todo], workers, graphs=load):
                self._take(item, shas[item.path], report, load=load)
                bar.update(1)
        self._save()
        return report

    def _take(self, item: _Parsed, file_sha: str, report: AddReport, *, load: bool) -> None:
        """Record what a worker sent back: keep the plan, store its graph."""
        src = item.path
        key = str(Path(src).resolve())
        if item.error is not None or item.plan_json is None or item.plan_iri is None:
            report.failed.append((src, item.error or "no plan"))
            return
        (report.updated if key in self._entries else report.added).append(src)
        old = self._entries.get(key)
        if load and old is not None and old["plan"] != item.plan_iri:
            self.store.remove_graph(old["plan"])
        for other_key, other in self._entries.items():
            if other_key != key and other["plan"] == item.plan_iri:
                report.conflicts.append((src, other["source"], str(item.plan_iri)))
        if self.folder is not None:
            from .files import atomic_write

            atomic_write(self.folder / "plans" / f"{file_sha}.json", item.plan_json.encode())
            self._plans.pop(file_sha, None)  # read back from disk when asked for
        else:
            self._plans[file_sha] = Plan.from_json(item.plan_json)
        self._entries[key] = {"sha256": file_sha, "plan": str(item.plan_iri), "source": src}
        self._changed.add(key)
        if load and item.ntriples is not None:
            self.store.put_graph(str(item.plan_iri), item.ntriples)
            if item.shared:
                self.store.add_to_graph(shared_graph_iri(self.base), item.shared)

    def _parse_all(self, paths: list[str], workers: int | None, *, graphs: bool) -> Iterator[_Parsed]:
        if not paths:
            return
        work = functools.partial(_parse_one, base=self.base, graphs=graphs)
        workers = workers or os.cpu_count() or 1
        if workers == 1 or len(paths) == 1:
            yield from map(work, paths)
            return
        with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
            yield from pool.map(work, paths, chunksize=max(1, len(paths) // (workers * 8)))

    # --- reading -----------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        """The plans, in the order their files were added."""
        return [self._read_plan(e) if self.folder is not None else self._plans[e["sha256"]]
                for e in self._entries.values()]

    def entries(self) -> list[dict[str, str]]:
        """One dict per file: source, sha256, plan IRI."""
        return [dict(e) for e in self._entries.values()]

    def query(self, name: str, **params: str) -> list[dict[str, Any]]:
        """Run a named query over every plan of the corpus."""
        return run_named(self.store, name, **params)

    def push(self, store: Store, *, progress: bool | None = None) -> int:
        """Load every plan into another store (one named graph each); returns how many.

        Args:
            progress: show a progress bar on stderr (default: on long work in a terminal).
        """
        with _progress(progress, len(self._entries), "pushing") as bar:
            for plan in self.plans():
                self._load(plan, store)
                bar.update(1)
        return len(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
