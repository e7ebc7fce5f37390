"""Triple stores behind one small interface: one named graph per plan, the same named
queries on each.

- :class:`RdflibStore`: rdflib in memory (the default; zero set-up).
- :class:`OxigraphStore`: embedded Oxigraph (``pyoxigraph``, extra ``oxigraph``), in
  memory or on disk; an order of magnitude faster on large corpora.
- :class:`EndpointStore`: any SPARQL 1.1 server: plans are loaded with the Graph Store
  Protocol (``PUT``: replace semantics, so loading a plan twice leaves one copy), questions
  asked with the SPARQL Protocol. Tested against a real Oxigraph server; Apache Jena
  Fuseki, GraphDB and Virtuoso speak the same protocols.

Named queries have no ``GRAPH`` clauses: every store answers them over the union of its
named graphs. Parameters reach the query as bound values (rdflib ``initBindings``,
Oxigraph substitutions, or an inline ``VALUES`` block of escaped terms for servers),
never as text pasted from the user.
"""

from __future__ import annotations

import base64
import ctypes
import gc
import json
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from rdflib import Dataset, Literal, URIRef

from .queries import (
    QueryError,
    agency_resolver,
    bind_params,
    document_resolver,
    named_queries,
    ordered_rows,
    python_value,
)

__all__ = ["EndpointStore", "OxigraphStore", "RdflibStore", "Store", "StoreError", "StoreSpecError", "open_store",
           "run_named"]


class StoreError(RuntimeError):
    """A store cannot be reached or refused a request; the message names the URL."""


class StoreSpecError(StoreError, ValueError):
    """A store named wrongly (a usage error, not a failure of the store): an unknown kind
    of store, a URL that is not http(s)."""


class Store(Protocol):
    """What every store does."""

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Replace the named graph with these N-Triples (all or nothing)."""

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Add these N-Triples to a named graph (a set: nothing is doubled)."""

    def remove_graph(self, graph_iri: str) -> None:
        """Drop a named graph."""

    def graphs(self) -> list[str]:
        """The named graphs held."""

    def select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT over the union of the named graphs; rows of Python values."""


class _ListSink:
    """Collects what rdflib's N-Triples parser reads, without a graph in between."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: list[tuple[Any, Any, Any]] = []

    def triple(self, s: Any, p: Any, o: Any) -> None:
        self.triples.append((s, p, o))


def _parse_ntriples(graph_iri: str, ntriples: bytes) -> list[tuple[Any, Any, Any]]:
    """N-Triples as rdflib triples; :class:`StoreError` naming the graph and the line
    if they do not parse (so nothing is stored)."""
    from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

    sink = _ListSink()
    try:
        W3CNTriplesParser(sink).parsestring(ntriples)  # type: ignore[arg-type]
    except Exception as exc:  # rdflib raises ParseError, and others on bad escapes
        raise StoreError(f"{graph_iri}: the N-Triples do not parse ({str(exc)[:200]})") from None
    return sink.triples


class RdflibStore:
    """rdflib in memory (a :class:`rdflib.Dataset` queried as the union of its graphs).

    Loading reads N-Triples with rdflib's parser straight into the dataset. Lines added
    to a graph with :meth:`add_to_graph` are remembered as parsed (up to
    ``cache_lines``), so the shared nodes that every plan of a corpus repeats are
    parsed once, not once per plan; the graph itself is still consulted, so triples
    removed from :attr:`dataset` by hand are added again.
    """

    def __init__(self, *, cache_lines: int = 200_000) -> None:
        self.dataset = Dataset(default_union=True)
        self._parsed: dict[bytes, list[tuple[Any, Any, Any]]] = {}
        self._cache_lines = cache_lines

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        triples = _parse_ntriples(graph_iri, ntriples)  # parse first: all or nothing
        self.remove_graph(graph_iri)
        target = self.dataset.graph(URIRef(graph_iri))
        target.addN((s, p, o, target) for s, p, o in triples)

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        if b"_:" in ntriples:  # blank-node labels belong to one document: parse it whole
            triples = _parse_ntriples(graph_iri, ntriples)
        else:
            parsed = self._parsed
            lines = ntriples.splitlines()
            new = {line: _parse_ntriples(graph_iri, line) for line in dict.fromkeys(lines) if line not in parsed}
            triples = [t for line in lines for t in (new[line] if line in new else parsed[line])]
            if len(parsed) + len(new) > self._cache_lines:
                parsed.clear()
            parsed.update(new)
        target = self.dataset.graph(URIRef(graph_iri))
        target.addN((s, p, o, target) for s, p, o in triples if (s, p, o) not in target)

    def remove_graph(self, graph_iri: str) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.dataset.remove_graph(URIRef(graph_iri))

    def graphs(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and len(g)
                      and not str(g.identifier).startswith("urn:x-rdflib:"))

    def select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None = None) -> list[dict[str, Any]]:
        import warnings

        with warnings.catch_warnings():  # rdflib's own query engine uses deprecated names
            warnings.simplefilter("ignore", DeprecationWarning)
            result = self.dataset.query(sparql, initBindings=dict(bindings or {}))
            names = [str(v) for v in result.vars or []]
            return [dict(zip(names, map(python_value, row), strict=True)) for row in result]  # type: ignore[arg-type]


class OxigraphStore:
    """Embedded Oxigraph (``pip install 'ttdn_graph[oxigraph]'``), in memory or in a folder.

    Args:
        path: a folder to keep the store in (``None``: in memory).
        read_only: open the folder read-only: a snapshot that other processes may open
            too (one process at a time may open a folder for writing).
    """

    #: an answer of at least this many cells (rows times columns) gives the memory its
    #: query freed back to the system (:func:`_return_freed_memory`), before its rows become
    #: dicts and again before the next query; a smaller one leaves it to the C heap, whose
    #: next query reuses it. A trim walks the whole heap, freed or not: after the matrix
    #: query of a kept store of 1,000 plans (47,583 rows, 0.3 M cells: 30 MB returned) it
    #: costs 0.6-2 ms each time even where it returns nothing, two a query, which was a
    #: tenth of plans-based-on's 14 ms in the benchmark's process (docs/corpus.md)
    trim_cells = 100_000

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        from ._optional import require
        from .errors import MissingExtraError

        try:
            pyoxigraph = require("pyoxigraph", "the Oxigraph store")
        except MissingExtraError as exc:
            raise StoreError(str(exc)) from None
        self._ox = pyoxigraph
        self.path = Path(path) if path is not None else None
        #: run_named gives an Oxigraph store on disk the forms of the named queries tuned
        #: for it (``data/queries/oxigraph/``); in memory the shipped forms are as fast
        self.oxigraph_on_disk = path is not None
        #: calls of Oxigraph's bulk loader that loaded something (see :meth:`optimize`)
        self.bulk_loads = 0
        #: an answer this large was given out: what it and its query freed is given back
        #: to the system when the next query starts (see :attr:`trim_cells`)
        self._trim_pending = False
        try:
            if path is None:
                self.store = pyoxigraph.Store()
            elif read_only:
                self.store = pyoxigraph.Store.read_only(str(path))
            else:
                self.store = pyoxigraph.Store(str(path))
        except OSError as exc:
            hint = " (another process has it open for writing)" if "lock" in str(exc).lower() else ""
            raise StoreError(f"{path}: cannot open the Oxigraph store{hint}: {str(exc)[:200]}") from None

    def load_graphs(self, graphs: Iterable[tuple[str, bytes]], *, replace: bool = True,
                    nquads: Iterable[bytes] = ()) -> None:
        """Load many named graphs at once through Oxigraph's bulk loader (one call for
        all of them: the loader writes new files on disk at each call, so one call per
        plan would be slow). With ``replace``, each graph named is dropped first. The
        N-Triples are turned into N-Quads by naming the graph at the end of each line;
        nothing is parsed twice. ``nquads``: graphs already written as N-Quads
        (:func:`nquads_lines`), loaded in the same call. Not atomic: a caller that needs
        all-or-nothing keeps a journal (as :class:`~ttdn_graph.corpus.Corpus` does)."""
        parts: list[bytes] = [part for part in nquads if part]
        for graph_iri, ntriples in graphs:
            if replace:
                self.remove_graph(graph_iri)
            if b"_:" in ntriples:  # blank-node labels belong to one document: parse it alone
                self.store.extend(self._quads(graph_iri, ntriples))
            elif ntriples:
                parts.append(_as_nquads(graph_iri, ntriples))
        if not parts:
            return
        try:
            self.store.bulk_load(input=b"".join(parts), format=self._ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise StoreError(f"the N-Triples do not parse ({str(exc)[:200]})") from None
        self.bulk_loads += 1

    def optimize(self) -> None:
        """Merge the files of a store on disk into one sorted run (RocksDB's compaction).

        Each call of the bulk loader writes files of its own whose keys (hashes of the
        terms) overlap those of every other load, and a lookup seeks in each of them: in a
        kept store of 10,000 plans (one call per 64 MB of N-Triples), a lookup of one subject's
        facts cost 56 us, 11 us after this (10 us at 1,000 plans), and the queries that
        look facts up row by row grew 3-4x faster than the data. It rewrites the store
        (10,000 plans, 7.6 GB: 79 s, 53 s of CPU)."""
        try:
            self.store.optimize()
        except OSError as exc:  # (a full disk: the store keeps its files as they were)
            raise StoreError(f"{self.path}: cannot merge the store's files: {exc}") from None

    def flush(self) -> None:
        """Write what is buffered to disk (a store in a folder)."""
        if self.path is not None:
            self.store.flush()

    def _quads(self, graph_iri: str, ntriples: bytes) -> list[Any]:
        ox = self._ox
        name = ox.NamedNode(graph_iri)
        try:
            return [ox.Quad(t.subject, t.predicate, t.object, name)
                    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as exc:
            raise StoreError(f"{graph_iri}: the N-Triples do not parse ({str(exc)[:200]})") from None

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        quads = self._quads(graph_iri, ntriples)  # parse first: all or nothing
        self.remove_graph(graph_iri)
        self.store.extend(quads)

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        self.store.extend(self._quads(graph_iri, ntriples))

    def remove_graph(self, graph_iri: str) -> None:
        name = self._ox.NamedNode(graph_iri)
        if self.store.contains_named_graph(name):
            self.store.remove_graph(name)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None = None, *,
               graph_batches: Iterable[Sequence[str]] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT over the union of the named graphs; rows of Python values.

        With ``graph_batches``, the query runs once for each batch of named graphs, over
        the union of that batch only, and the answers follow one another. That is the
        same answer only for a query whose every row is found within one batch (see
        :attr:`~ttdn_graph.queries.NamedQuery.per_plan`); the engine then holds one
        batch's joins at a time instead of the whole store's.
        """
        with _collector_paused():
            return self._select(sparql, bindings, graph_batches)

    def _select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None,
                graph_batches: Iterable[Sequence[str]] | None) -> list[dict[str, Any]]:
        if self._trim_pending:  # what the last large answer and its query freed, before this query asks for more
            _return_freed_memory()
            self._trim_pending = False
        query = _with_values(sparql, bindings or {})
        names: list[str] = []
        cells: list[tuple[Any, ...]] = []
        # one Python value per distinct term of the answer: the same plan, agency or name
        # on many rows is one object, not one copy per row (the matrix query at 10,000
        # plans: 474,658 rows); ``texts`` keeps that so across batches
        values: dict[Any, Any] = {}
        texts: dict[str, str] = {}

        def convert(term: Any) -> Any:
            try:
                return values[term]
            except KeyError:
                value = self._convert(term)
                if type(value) is str:
                    value = texts.setdefault(value, value)
                values[term] = value
                return value

        for graphs in [None] if graph_batches is None else graph_batches:
            if graphs is None:
                result: Any = self.store.query(query, use_default_graph_as_union=True)
            else:
                result = self.store.query(query, default_graph=[self._ox.NamedNode(g) for g in graphs])
            if not hasattr(result, "variables"):
                raise QueryError("only SELECT queries can run on a store")
            names = [v.value for v in result.variables]
            cells.extend(tuple(map(convert, solution)) for solution in result)
            del result  # the engine's memory for the query (its hash joins) is freed here
            values.clear()  # its keys are the engine's terms
            if len(cells) * len(names) >= self.trim_cells:
                # and given back before the next batch, and before the rows become dicts
                _return_freed_memory()
                self._trim_pending = True
        texts.clear()
        return [dict(zip(names, row, strict=True)) for row in cells]

    def _convert(self, term: Any) -> Any:
        """An Oxigraph term as :func:`~ttdn_graph.queries.python_value` gives it; plain
        text, IRIs and integers (most cells of a large answer) without building an
        rdflib term first."""
        if term is None:
            return None
        kind = type(term)
        if kind is self._ox.NamedNode:
            return term.value
        if kind is self._ox.Literal:
            if term.language:
                return term.value
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return term.value
            if datatype == _XSD_INTEGER and _INTEGER.fullmatch(term.value):
                return int(term.value)
            return python_value(Literal(term.value, datatype=URIRef(datatype)))
        return term.value  # a blank node


def _graph_tail(graph_iri: str) -> str:
    """What ends each N-Quads line of the graph ``graph_iri`` (checked to be an IRI)."""
    if not _IRI_OK.fullmatch(graph_iri):
        raise StoreError(f"{graph_iri!r}: not an IRI that can name a graph")
    return f" <{graph_iri}> .\n"


def _as_nquads(graph_iri: str, ntriples: bytes) -> bytes:
    """N-Triples (one triple a line, each ending with `` .``) as N-Quads in one graph."""
    tail = _graph_tail(graph_iri).encode()
    lines = ntriples.rstrip(b"\n").split(b"\n")
    out = []
    for line in lines:
        line = line.rstrip()
        if not line or line.startswith(b"#"):
            continue
        if not line.endswith(b"."):
            raise StoreError(f"{graph_iri}: the N-Triples do not parse (a line does not end with '.')")
        out.append(line[:-1].rstrip() + tail)
    return b"".join(out)


def nquads_lines(graph_iri: str, lines: Iterable[str]) -> bytes:
    """Lines of N-Triples as :mod:`ttdn_graph.rdf` writes them (one triple each, ending
    with `` .``, no line break, no blank node) as N-Quads in one graph: what
    :func:`_as_nquads` gives for their document, written where the lines are made (a
    corpus worker) rather than by splitting the document again in the process that
    loads it."""
    tail = _graph_tail(graph_iri)
    out = []
    for line in lines:
        if not line.endswith(" ."):
            raise StoreError(f"{graph_iri}: the N-Triples do not parse (a line does not end with ' .')")
        out.append(line[:-2] + tail)
    return "".join(out).encode("utf-8")


_IRI_OK = re.compile(r"[^\x00-\x20<>\"{}|^`\\]+")

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_INTEGER = re.compile(r"[+-]?[0-9]+")


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _with_values(sparql: str, bindings: Mapping[str, URIRef | Literal]) -> str:
    """Bind variables for a server: an inline VALUES block right after ``WHERE {``, each
    term written in escaped N-Triples form (no user text reaches the query unescaped)."""
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad variable name {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    m = _WHERE.search(sparql)
    if m is None:
        raise QueryError("cannot bind variables: the query has no WHERE clause")
    return f"{sparql[: m.end()]} VALUES ({names}) {{ ({values}) }} {sparql[m.end():]}"


class EndpointStore:
    """A SPARQL 1.1 server: Graph Store Protocol for plans, SPARQL Protocol for questions.

    Args:
        query_url: the SPARQL query endpoint (Oxigraph ``http://host:7878/query``).
        store_url: the Graph Store Protocol endpoint (Oxigraph ``http://host:7878/store``);
            by default derived from ``query_url``.
        user, password: HTTP basic authentication, if the server asks.
        timeout: seconds to wait for the server.
    """

    def __init__(self, query_url: str, store_url: str | None = None, *, user: str | None = None,
                 password: str | None = None, timeout: float = 60) -> None:
        for url in (query_url, store_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreSpecError(f"{url}: not an http(s) URL")
        self.query_url = query_url
        self.store_url = store_url or re.sub(r"/(query|sparql)/?$", "/store", query_url)
        self.timeout = timeout
        self._auth = None
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"

    def _request(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> bytes:
        if self._auth:
            headers = {**headers, "Authorization": self._auth}
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body: bytes = resp.read()
                return body
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            hint = {401: " (wrong or missing credentials)", 403: " (not allowed)",
                    404: " (no such endpoint)"}.get(exc.code, "")
            raise StoreError(f"{url}: the server answered {exc.code} {exc.reason}{hint}"
                             f"{': ' + detail[0][:200] if detail else ''}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, BrokenPipeError | ConnectionResetError):
                raise StoreError(f"{url}: the server closed the connection while the request was sent"
                                 " (it may have refused it: check the URL and the credentials)") from None
            raise StoreError(f"{url}: cannot reach the server ({exc.reason})") from None
        except (TimeoutError, ConnectionError, OSError) as exc:
            raise StoreError(f"{url}: the connection failed ({exc})") from None

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        _parse_ntriples(graph_iri, ntriples)  # refuse to send what does not parse
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
        self._request("PUT", url, ntriples, {"Content-Type": "application/n-triples"})

    def add_to_graph(self, graph_iri: str, ntriples: bytes) -> None:
        _parse_ntriples(graph_iri, ntriples)
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
        self._request("POST", url, ntriples, {"Content-Type": "application/n-triples"})

    def remove_graph(self, graph_iri: str) -> None:
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
        try:
            self._request("DELETE", url, None, {})
        except StoreError as exc:
            if " 404 " not in str(exc):
                raise

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows)

    def select(self, sparql: str, bindings: Mapping[str, URIRef | Literal] | None = None) -> list[dict[str, Any]]:
        body = urllib.parse.urlencode({"query": _with_values(sparql, bindings or {})}).encode()
        raw = self._request("POST", self.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        })
        try:
            doc = json.loads(raw)
        except ValueError:
            raise StoreError(f"{self.query_url}: the answer is not SPARQL JSON results") from None
        names = doc.get("head", {}).get("vars", [])
        return [{n: _from_json(b.get(n)) for n in names} for b in doc.get("results", {}).get("bindings", [])]


def _from_json(cell: dict[str, str] | None) -> Any:
    if cell is None:
        return None
    if cell["type"] == "uri":
        return cell["value"]
    if cell["type"] in ("literal", "typed-literal"):
        dt = cell.get("datatype")
        return python_value(Literal(cell["value"], lang=cell.get("xml:lang"), datatype=URIRef(dt) if dt else None))
    return cell["value"]


def open_store(spec: str) -> Store:
    """A store named by a short spec (the same specs on the command line):

    - ``memory``: rdflib in memory (the zero-install default);
    - ``oxigraph``: embedded Oxigraph in memory; ``oxigraph:PATH``: kept in the folder PATH;
    - ``endpoint:URL``: a SPARQL 1.1 server (``URL`` its query endpoint, http or https).

    >>> type(open_store("memory")).__name__
    'RdflibStore'
    >>> open_store("mongodb://x")
    Traceback (most recent call last):
    ...
    ttdn_graph.stores.StoreSpecError: 'mongodb://x': not a store; use memory, oxigraph, oxigraph:PATH or endpoint:URL
    """
    kind, _, rest = spec.partition(":")
    if spec == "memory":
        return RdflibStore()
    if spec == "oxigraph":
        return OxigraphStore()
    if kind == "oxigraph" and rest:
        return OxigraphStore(rest)
    if kind == "endpoint" and rest:
        return EndpointStore(rest)
    raise StoreSpecError(f"{spec!r}: not a store; use memory, oxigraph, oxigraph:PATH or endpoint:URL")


# --- named queries on any store -------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an answer is read, converted and
    sorted.

    An answer is thousands of new tuples and dicts, and every 700 new containers start a
    collection; every tenth of those a collection of the older ones too, and now and then
    a full one, which walks every object the process holds (the modules of rdflib,
    pydantic, the parser's tables). An answer holds no reference cycles, so those
    collections find nothing; paused, the new rows are looked at once when it resumes.
    In the benchmark's process at 1,000 plans (the eight named queries, a first run and
    three warm each; ``gc.callbacks``): 1,187 collections, 4 of them full, 121 ms,
    against 33, 1 full, 23 ms; the matrix query's first run spent 22 ms in them.

    The collector is the process's, so the pauses of threads that read answers at once
    are counted: it runs again when the last of them is done (not when the first is, in
    the middle of another's answer), and only if it ran when the first began (a caller
    that paused it finds it paused)."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0  # the answers being read now (threads inside _collector_paused)
_resume = False  # whether the collector ran when the first of them began


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` (another system or C library: musl has none)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _return_freed_memory() -> None:
    """Give the memory the C heap holds freed back to the system (glibc's
    ``malloc_trim``; nothing elsewhere).

    Oxigraph frees the hash tables of a large query when its answer is read, but glibc
    keeps the pages, and Python's small objects (the answer's dicts) come from memory of
    their own: without this, the process's peak is the engine's and the rows' together,
    and the next query's engine memory comes on top of what the last answer left. It
    walks the whole heap, whether or not much is free: microseconds in a fresh process,
    0.6-2 ms in one that has answered the matrix query of 1,000 plans, some milliseconds
    for hundreds of MB; so :class:`OxigraphStore` calls it only around large answers
    (:attr:`OxigraphStore.trim_cells`)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def run_named(store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    """Run a named query on any store, parameters bound as values."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; the queries are {sorted(queries)}")
    q = queries[name]
    bindings = bind_params(q, params, agency_resolver(store.select), document=document_resolver(store.select))
    if not q.order:
        return store.select(q.sparql, bindings)

    def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with _collector_paused():  # the sort's keys: a tuple a row, as many as an answer's
            return ordered_rows(q, rows)

    if q.oxigraph and (not bindings or q.with_parameters) and getattr(store, "oxigraph_on_disk", False):
        # the form Oxigraph on disk answers fastest over the whole store; with a parameter
        # bound the shipped form looks up from the bound value instead of joining every
        # pattern (unless the form says it does both), and in memory, where a lookup is
        # cheap, the shipped forms are as fast
        per_plan = getattr(store, "select_per_plan", None) if q.per_plan and not bindings else None
        if per_plan is not None:
            # a corpus's store, a batch of plans at a time: its hash joins hold one batch's
            # patterns, not the whole store's (the matrix query at 10,000 plans peaks at
            # 429 MB in a fresh process, 836 MB over the whole store; the same rows)
            return ordered(per_plan(q.oxigraph))
        return ordered(store.select(q.oxigraph, bindings))
    # sorted here, not by the store: on a store on disk, Oxigraph reads both strings from
    # the disk at every comparison of IRIs or text (over half the time of the matrix query
    # on a kept store of 1,000 plans, and growing faster than the rows); Python compares
    # them as SPARQL does (queries.ordered_rows), and rows equal on every key keep their order
    return ordered(store.select(q.unordered, bindings))
