"""Named SPARQL queries (shipped as ``data/queries/*.rq``) and Python helpers that answer
the same questions from a :class:`~ttdn_graph.models.Plan`.

User values reach SPARQL only as bound variables (``initBindings``), never by string
formatting, so a value such as ``"} } DROP ALL ; #`` finds nothing and breaks nothing.

>>> from ttdn_graph import datasets
>>> from ttdn_graph.rdf import to_rdf
>>> g = to_rdf(datasets.hung_yen_2022())
>>> [r["number"] for r in run_query(g, "legal-bases")][:2]
['72/2015/NĐ-CP', '22/2016/TT-BTTTT']
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import TYPE_CHECKING, Any, overload

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from . import agencies as _agencies  # noqa: F401  (gives Plan.find_agency the stage's names)
from .models import Plan, Role
from .normalize import canonical_tone_marks, fold

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NamedQuery",
    "QueryError",
    "bind_params",
    "canonical_number",
    "deadlines",
    "document_resolver",
    "lead_counts",
    "legal_bases",
    "named_queries",
    "ordered_rows",
    "plans_based_on",
    "responsibility_rows",
    "run_query",
    "run_sparql",
    "tasks_of",
    "tasks_without_lead",
]


class QueryError(ValueError):
    """A query cannot run: unknown name, missing or unknown parameter, bad SPARQL."""


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, what it answers, its parameters and its SPARQL.

    ``order`` is the query's final ``ORDER BY`` read as keys (variable, descending,
    compared as ``STR()``) and ``unordered`` its SPARQL without that clause, projecting
    also the keys it does not (``hidden``): stores sort the rows in Python instead
    (:func:`ordered_rows`; see :func:`ttdn_graph.stores.run_named`). Both are empty when
    the clause uses anything else, and the store then sorts.

    ``oxigraph`` is a second form of the same question for an Oxigraph store on disk,
    where one is needed (each pattern its own subquery, joined by hash instead of looked
    up row by row; rdflib would compare every pair of rows): it has the same ORDER BY and
    projection, and gives the same rows (tested).
    """

    name: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    sparql: str
    order: tuple[tuple[str, bool, bool], ...] = ()
    unordered: str = ""
    hidden: tuple[str, ...] = ()
    #: the same question in the form Oxigraph on disk answers fastest (``data/queries/oxigraph/``),
    #: without its ORDER BY like ``unordered``; empty when the query has none
    oxigraph: str = ""
    #: that form says (``# per-plan: yes``) that every row of its answer is found in one
    #: plan's named graph and the shared graph: a store that keeps a corpus may run it over
    #: a batch of plans at a time (:meth:`ttdn_graph.corpus.KeptStore.select_per_plan`)
    per_plan: bool = False
    #: that form says (``# with-parameters: yes``) that it is the faster one with the query's
    #: parameters bound too: the patterns that use them are looked up from the bound value,
    #: the others joined by hash (the shipped form looks each row's facts up, which costs
    #: more as a store on disk grows)
    with_parameters: bool = False


_FINAL_ORDER = re.compile(r"\bORDER\s+BY\s+([^{}#]*?)\s*$", re.IGNORECASE)
_ORDER_KEY = re.compile(r"(?:(ASC|DESC)\()?(?:(STR)\()?\?([A-Za-z_][A-Za-z0-9_]*)(\)*)", re.IGNORECASE)
_OUTER_SELECT = re.compile(r"^SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?", re.IGNORECASE | re.MULTILINE)


def order_keys(sparql: str) -> tuple[tuple[tuple[str, bool, bool], ...], str, tuple[str, ...]]:
    """The final ``ORDER BY`` of a query as keys ``(variable, descending, as_str)``, the
    query without it (projecting also the keys it did not: the ``hidden`` variables) and
    those variables; ``((), "", ())`` when the clause holds anything but variables,
    ``ASC(...)``, ``DESC(...)`` and ``STR(...)``, or a LIMIT or OFFSET follows it.

    >>> order_keys("SELECT ?a ?n WHERE { ?a ?p ?n } ORDER BY DESC(?n) STR(?a)")[0]
    (('n', True, False), ('a', False, True))
    >>> order_keys("SELECT DISTINCT ?a WHERE { ?a ?p ?n } ORDER BY ?n ?a")[1:]
    ('SELECT DISTINCT ?n ?a WHERE { ?a ?p ?n }\\n', ('n',))
    >>> order_keys("SELECT ?a WHERE { ?a ?p ?n } ORDER BY ?a LIMIT 3")
    ((), '', ())
    """
    m = _FINAL_ORDER.search(sparql)
    select = _OUTER_SELECT.search(sparql)
    if m is None or select is None:
        return (), "", ()
    keys = []
    for token in m.group(1).split():
        k = _ORDER_KEY.fullmatch(token)
        if k is None or len(k.group(4)) != (k.group(1) is not None) + (k.group(2) is not None):
            return (), "", ()
        keys.append((k.group(3), (k.group(1) or "").upper() == "DESC", k.group(2) is not None))
    projection = sparql[select.end():].split("WHERE", 1)[0]
    if projection.lstrip().startswith("*"):
        return (), "", ()
    projected = set(re.findall(r"\?(\w+)\s*(?=\?|$|\()|AS\s+\?(\w+)", projection))
    names = {a or b for a, b in projected}
    hidden = tuple(dict.fromkeys(var for var, _, _ in keys if var not in names))
    text = sparql[: m.start()].rstrip() + "\n"
    if hidden:
        text = text[: select.end()] + "".join(f"?{v} " for v in hidden) + text[select.end():]
    return tuple(keys), text, hidden


def _order_value(value: Any, as_str: bool) -> tuple[int, Any]:
    """A sort key that orders cells as SPARQL does within one column: unbound first,
    then numbers by value, dates, and text (IRIs and literals) by code point, as
    Oxigraph and rdflib compare strings."""
    if value is None:
        return (0, 0)
    if as_str:
        return (4, str(value))
    if isinstance(value, bool):
        return (3, str(value).lower())
    if isinstance(value, int | float | Decimal):
        return (1, value)
    if isinstance(value, dt.date):
        return (2, value)
    return (4, str(value))


#: the kinds of value a column may hold for :func:`_sort_key` to sort on the values
#: themselves (within one of them Python orders as :func:`_order_value` does), for keys
#: compared as values and as ``STR()``
_PLAIN_KINDS = {False: frozenset({str, int, dt.date}), True: frozenset({str})}


def _sort_key(rows: list[dict[str, Any]], var: str, as_str: bool) -> Callable[[dict[str, Any]], Any]:
    """A key that sorts ``rows`` on ``var`` as :func:`_order_value` does. Most columns
    hold one kind of value (IRIs and text as ``str``, integers, dates), unbound or not:
    the key is then the value itself (after the unbound cells), which costs a fraction
    of :func:`_order_value`'s tests at each row (a query's sort of 3,436 rows on five
    keys took 30 ms, its own query 100 ms); other columns take :func:`_order_value`."""
    kinds = {type(row.get(var)) for row in rows}
    unbound = type(None) in kinds
    kinds.discard(type(None))
    if len(kinds) > 1 or not kinds <= _PLAIN_KINDS[as_str]:
        return lambda row: _order_value(row.get(var), as_str)
    if not unbound:
        return itemgetter(var)
    return lambda row: (0, "") if (value := row.get(var)) is None else (1, value)


def ordered_rows(query: NamedQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``query.unordered`` in the order of the query's ``ORDER BY``, sorted
    stably (rows equal on every key keep the order they came in, as under a SPARQL
    engine's sort), without the ``hidden`` columns; a ``SELECT DISTINCT`` keeps the first
    of rows that became equal when they were dropped.
    """
    for var, descending, as_str in reversed(query.order):
        rows.sort(key=_sort_key(rows, var, as_str), reverse=descending)
    if not query.hidden:
        return rows
    out = []
    seen: set[tuple[Any, ...]] = set()
    distinct = re.search(r"\bSELECT\s+DISTINCT\b", query.sparql, re.IGNORECASE) is not None
    for row in rows:
        for var in query.hidden:
            del row[var]
        if distinct:
            key = tuple(row.values())
            if key in seen:
                continue
            seen.add(key)
        out.append(row)
    return out


_PARAM = re.compile(r"(\w+) \((required|optional)")


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The shipped queries by name."""
    out = {}
    folder = resources.files("ttdn_graph").joinpath("data", "queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text("utf-8")
        meta = dict(re.findall(r"^# (\w+): (.*)$", text, re.M))
        params = _PARAM.findall(meta.get("parameters", ""))
        order, unordered, hidden = order_keys(text)
        tuned = folder.joinpath("oxigraph", entry.name)
        oxigraph = ""
        per_plan = with_parameters = False
        if tuned.is_file():
            tuned_text = tuned.read_text("utf-8")
            tuned_order, oxigraph, tuned_hidden = order_keys(tuned_text)
            per_plan = re.search(r"^# per-plan: yes\b", tuned_text, re.M) is not None
            with_parameters = re.search(r"^# with-parameters: yes\b", tuned_text, re.M) is not None
            if (tuned_order, tuned_hidden) != (order, hidden) or not order:
                raise QueryError(f"data/queries/oxigraph/{entry.name}: not ordered and projected as {entry.name}")
        out[meta["name"]] = NamedQuery(
            name=meta["name"],
            description=meta.get("description", ""),
            required=tuple(p for p, kind in params if kind == "required"),
            optional=tuple(p for p, kind in params if kind == "optional"),
            sparql=text,
            order=order,
            unordered=unordered,
            hidden=hidden,
            oxigraph=oxigraph,
            per_plan=per_plan,
            with_parameters=with_parameters,
        )
    return out


#: parameters that name a document (a plan is a document too)
DOCUMENT_PARAMS = frozenset({"number", "document", "plan"})
_IRI = re.compile(r"(?:https?|urn):[^\s<>\"{}|\\^`]+")


def is_iri(value: str) -> bool:
    """True for an absolute http(s) or urn IRI with none of the characters IRIs forbid."""
    return _IRI.fullmatch(value) is not None


def canonical_number(value: str) -> str | None:
    """The canonical number in any spelling the parser accepts, or ``None``.

    >>> canonical_number("Nghị định 72/2015/nđ-cp")
    '72/2015/NĐ-CP'
    >>> canonical_number("số 1160/qđ-ttg")
    '1160/QĐ-TTg'
    """
    from . import patterns as P
    from .citations import parse_number

    text = " ".join(canonical_tone_marks(value).split())
    head = P.REFERENCE_HEAD.match(text) or re.match(r"(?i)số\s*:?\s*", text)
    if head:  # "Nghị định số 72/2015/NĐ-CP": the type word and "số" may lead
        text = text[head.end():]
    parts = parse_number(text.upper())
    return parts.canonical if parts else None


def law_key(value: str) -> str | None:
    """The key of a law cited by name, in any case ("luật ngân sách nhà nước" ->
    ``luat/ngan-sach-nha-nuoc``), as the document IRIs end (:func:`ttdn_graph.rdf.document_iri`)."""
    from .text import slug

    key = slug(canonical_tone_marks(value))
    for kind in ("bo-luat", "luat"):
        if key.startswith(kind + "-") and len(key) > len(kind) + 1:
            return f"{kind}/{key[len(kind) + 1:]}"
    return None


def _resolve_document(name: str, value: str, where: str, exists: Callable[[URIRef], bool],
                      numbered: Callable[[str], set[str]],
                      law: Callable[[str, str], set[str]]) -> URIRef:
    """A document IRI from an IRI, a number in any spelling, or a law's name; ``exists``,
    ``numbered`` and ``law`` look the data up (a graph's or a store's)."""
    if is_iri(value):
        if not exists(URIRef(value)):
            raise QueryError(f"parameter {name}: no document {value} in {where}")
        return URIRef(value)
    number = canonical_number(value)
    if number is not None:
        found, what = numbered(number), f"numbered {number!r}"
    elif (key := law_key(value)) is not None:
        kind, _, tail = key.partition("/")
        found, what = law(kind, tail), f"named {value.strip()!r}"
    else:
        raise QueryError(f"parameter {name}: {value!r} is neither an IRI nor a document number"
                         " ('72/2015/NĐ-CP', 'Nghị định 72/2015/ND-CP') nor a law's name")
    if not found:
        raise QueryError(f"parameter {name}: no document {what} in {where}")
    if len(found) > 1:
        raise QueryError(f"parameter {name}: {len(found)} documents {what}: {sorted(found)}; use its IRI")
    return URIRef(found.pop())


def _document_node(graph: Graph, name: str, value: str) -> URIRef:
    from rdflib import RDF

    from .namespace import ELI

    return _resolve_document(
        name, value, "the graph",
        exists=lambda node: (node, None, None) in graph or (None, None, node) in graph,
        numbered=lambda number: {str(d) for d in graph.subjects(ELI.number, Literal(number))},
        law=lambda kind, tail: {str(d) for d in graph.subjects(RDF.type, ELI.LegalResource)
                                if f"/{kind}/" in str(d) and str(d).endswith("/" + tail)})


Select = Callable[[str, Mapping[str, URIRef | Literal]], list[dict[str, Any]]]

_ELI = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"


def document_resolver(select: Select) -> Callable[[str, str], URIRef]:
    """The ``document`` argument of :func:`bind_params` for any store, from its
    ``select(sparql, bindings)``: with it a store resolves and checks document
    parameters as :func:`run_query` does on a graph."""
    def numbered(number: str) -> set[str]:
        rows = select(_ELI + "SELECT DISTINCT ?d WHERE { ?d eli:number ?n }", {"n": Literal(number)})
        return {str(r["d"]) for r in rows}

    def law(kind: str, tail: str) -> set[str]:
        rows = select(_ELI + "SELECT DISTINCT ?d WHERE { ?d a eli:LegalResource ."
                      " FILTER(CONTAINS(STR(?d), ?kind) && STRENDS(STR(?d), ?tail)) }",
                      {"kind": Literal(f"/{kind}/"), "tail": Literal(f"/{tail}")})
        return {str(r["d"]) for r in rows}

    def exists(node: URIRef) -> bool:
        return bool(select("SELECT ?x WHERE { { ?s ?p ?x } UNION { ?x ?p ?s } } LIMIT 1", {"s": node}))

    return lambda name, value: _resolve_document(name, value, "the store", exists, numbered, law)


_AGENCY_LABELS = """
    PREFIX ttdn: <https://w3id.org/ttdn-graph/ns#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?a ?id ?label WHERE {
      ?a ttdn:agencyId ?id . { ?a skos:prefLabel ?label } UNION { ?a skos:altLabel ?label } }"""


def agency_resolver(select: Select, where: str = "the store") -> Callable[[str], URIRef]:
    """The ``agency`` argument of :func:`bind_params` for a graph or any store: an IRI is
    taken as it is; an id ("hung-yen/so-tai-chinh") or a forgiving name (any case, tone
    marks, diacritics) resolves to the one agency that has it, else :class:`QueryError`."""
    def resolve(value: str) -> URIRef:
        if value.startswith(("http://", "https://", "urn:")):
            return URIRef(value)
        rows = select(_AGENCY_LABELS, {})
        by_id = {str(r["a"]) for r in rows if str(r["id"]) == value}
        if by_id:
            return URIRef(by_id.pop())
        key = fold(canonical_tone_marks(value))
        found = {str(r["a"]) for r in rows if fold(str(r["label"])) == key}
        if len(found) == 1:
            return URIRef(found.pop())
        if found:
            raise QueryError(f"agency {value!r} is ambiguous: {sorted(found)}; use its IRI or id")
        raise QueryError(f"no agency matching {value!r} in {where}")

    return resolve


def _graph_select(graph: Graph) -> Select:
    def select(sparql: str, bindings: Mapping[str, URIRef | Literal]) -> list[dict[str, Any]]:
        result = graph.query(sparql, initBindings=dict(bindings))
        return [{str(k): v for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]

    return select


def _bindings(graph: Graph, query: NamedQuery, params: Mapping[str, str]) -> dict[str, Any]:
    return bind_params(query, params, agency_resolver(_graph_select(graph), "the graph"),
                       document=lambda name, value: _document_node(graph, name, value))


def bind_params(query: NamedQuery, params: Mapping[str, str],
                agency: Callable[[str], URIRef],
                document: Callable[[str, str], URIRef] | None = None) -> dict[str, URIRef | Literal]:
    """Check a named query's parameters and turn them into RDF terms to bind.

    ``agency`` resolves an agency parameter (IRI, id or name) to its IRI in the data;
    ``document`` (parameter name, value) resolves a parameter naming a document (a number
    in any spelling, a law's name, an IRI) to the one document's IRI, raising
    :class:`QueryError` when it names none or several. Without it, a number binds
    ``?number`` in its canonical spelling and ``plan`` must be an IRI.
    """
    unknown = set(params) - set(query.required) - set(query.optional)
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {sorted(unknown)[0]!r};"
                         f" it takes {list(query.required + query.optional)}")
    missing = [p for p in query.required if p not in params]
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=...")
    out: dict[str, URIRef | Literal] = {}
    for name, value in params.items():
        if value.startswith(("http:", "https:", "urn:")) and not is_iri(value):
            raise QueryError(f"parameter {name}: {value!r} is not a well-formed IRI")
        if name == "agency":
            out[name] = agency(value)
        elif name in DOCUMENT_PARAMS and document is not None:
            out["document" if name == "number" else name] = document(name, value)
        elif name in DOCUMENT_PARAMS and is_iri(value):
            out[name] = URIRef(value)
        elif name in ("number", "document"):
            number = canonical_number(value)
            if number is None:
                raise QueryError(f"parameter {name}: {value!r} is not a document number"
                                 " such as '72/2015/NĐ-CP'")
            out["number"] = Literal(number)
        elif name == "plan":
            raise QueryError(f"parameter plan: {value!r} is not an IRI (https://..., urn:...)")
        elif name == "role":
            if value not in ("lead", "support"):
                raise QueryError(f"role must be 'lead' or 'support', not {value!r}")
            out[name] = Literal(value)
        else:
            out[name] = Literal(canonical_tone_marks(value))
    return out


def python_value(term: Any) -> Any:
    """One cell of a result as a plain Python value, the same on every store: IRIs and
    blank nodes as ``str``, language-tagged text as ``str``, typed literals as what
    rdflib makes of them (``int``, ``datetime.date`` ...), unbound as ``None``."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return str(term) if term.language else term.toPython()
    return str(term)


def _rows(result: Result) -> list[dict[str, Any]]:
    names = [str(v) for v in result.vars or []]
    return [dict(zip(names, map(python_value, row), strict=True)) for row in result]  # type: ignore[arg-type]


@overload
def run_query(graph: Graph, name: str, *, timeout: float | None = None,
              as_dataframe: typing.Literal[False] = False, **params: str) -> list[dict[str, Any]]: ...
@overload
def run_query(graph: Graph, name: str, *, timeout: float | None = None,
              as_dataframe: typing.Literal[True], **params: str) -> pd.DataFrame: ...
def run_query(graph: Graph, name: str, *, timeout: float | None = None,
              as_dataframe: bool = False, **params: str) -> list[dict[str, Any]] | pd.DataFrame:
    """Run a named query with parameters bound as variables; rows as dicts.

    With ``as_dataframe=True`` the rows come as a pandas DataFrame, one column per
    variable of the query, in the query's order (needs ``pip install 'ttdn_graph[pandas]'``).

    Raises:
        QueryError: unknown query or parameter, or a value that names nothing.
        MissingExtraError: ``as_dataframe=True`` without pandas installed.
    """
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; the queries are {sorted(queries)}")
    q = queries[name]
    if as_dataframe:
        from ._optional import require

        require("pandas", "run_query(..., as_dataframe=True)")
    bindings = _bindings(graph, q, params)
    prepared = _prepared(name)
    rows: list[dict[str, Any]] = _with_timeout(
        timeout, lambda: _rows(graph.query(prepared, initBindings=bindings)))
    if not as_dataframe:
        return rows
    import pandas as pd

    columns = [str(v) for v in prepared.algebra["PV"]]
    return pd.DataFrame(rows, columns=columns)


@cache
def _prepared(name: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(named_queries()[name].sparql)


def _reaches_out(node: Any) -> bool:
    """True if a query's algebra contains a SERVICE call (a request to another server)."""
    if isinstance(node, dict):
        if getattr(node, "name", "") == "ServiceGraphPattern":
            return True
        return any(_reaches_out(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_reaches_out(v) for v in node)
    return False


def run_sparql(graph: Graph, sparql: str, *, timeout: float | None = None,
               **bindings: str) -> list[dict[str, Any]]:
    """Run the user's own SELECT/ASK query (variables bound as plain literals).

    Queries that would reach the network (``SERVICE``, ``FROM <iri>``) are refused.
    ``timeout`` (seconds) stops a query that runs too long (on the main thread of a
    POSIX process; elsewhere it is not enforced).
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        query = prepareQuery(sparql)
    except Exception as exc:  # pyparsing and rdflib raise many types for bad SPARQL
        raise QueryError(f"the SPARQL query cannot be read: {str(exc).splitlines()[0]}") from None
    if query.algebra.get("datasetClause") or _reaches_out(query.algebra):
        raise QueryError("the query reaches out (SERVICE or FROM); only the local graph can be queried")
    init = {k: Literal(v) for k, v in bindings.items()}

    def evaluate() -> list[dict[str, Any]]:
        result = graph.query(query, initBindings=init)
        if result.type == "ASK":
            return [{"answer": bool(result.askAnswer)}]
        if result.type != "SELECT":
            raise QueryError("only SELECT and ASK queries are supported")
        return _rows(result)

    try:
        rows: list[dict[str, Any]] = _with_timeout(timeout, evaluate)
        return rows
    except QueryError:
        raise
    except Exception as exc:  # evaluation errors of a well-formed query
        raise QueryError(f"the SPARQL query cannot run: {exc}") from None


def _with_timeout(seconds: float | None, fn: Any) -> Any:
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return fn()

    def expired(signum: int, frame: Any) -> None:
        raise QueryError(f"the query ran longer than {seconds:g} s and was stopped")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- the same questions answered in Python ---------------------------------------------------


def responsibility_rows(plan: Plan) -> list[tuple[str, str, str]]:
    """(section id, agency id, role) in document order, as the matrix query lists them."""
    order = {s.id: i for i, s in enumerate(plan.sections)}
    names = {a.id: a.name for a in plan.agencies}
    rows = {(a.section, a.agency, a.role) for a in plan.assignments}
    return sorted(rows, key=lambda r: (order[r[0]], r[2], names[r[1]]))


def tasks_of(plan: Plan, agency: str, role: Role | None = None) -> list[tuple[str, str]]:
    """(section id, role) the agency has, in document order: :meth:`Plan.tasks_of` with
    the role of each task."""
    roles: tuple[Role, ...] = ("lead", "support") if role is None else (role,)
    order = {s.id: i for i, s in enumerate(plan.sections)}
    rows = [(s.id, r) for r in roles for s in plan.tasks_of(agency, r)]
    return sorted(rows, key=lambda row: (order[row[0]], row[1]))


def tasks_without_lead(plan: Plan) -> list[str]:
    """Sections some agency supports and none leads, in document order."""
    led = {a.section for a in plan.assignments if a.role == "lead"}
    supported = {a.section for a in plan.assignments if a.role == "support"}
    return [s.id for s in plan.sections if s.id in supported - led]


def legal_bases(plan: Plan) -> list[tuple[str, str | None, dt.date | None]]:
    """(document type, number, date) of each legal basis, in order."""
    return [(b.doc_type, b.number, b.date) for b in plan.legal_bases]


def lead_counts(plans: Plan | Iterable[Plan]) -> dict[str, tuple[int, int]]:
    """{agency id: (sections led, sections supported)} over one or many plans."""
    plan_list = [plans] if isinstance(plans, Plan) else list(plans)
    led: dict[str, set[tuple[int, str]]] = {}
    sup: dict[str, set[tuple[int, str]]] = {}
    for i, plan in enumerate(plan_list):
        for a in plan.assignments:
            (led if a.role == "lead" else sup).setdefault(a.agency, set()).add((i, a.section))
    return {aid: (len(led.get(aid, ())), len(sup.get(aid, ()))) for aid in set(led) | set(sup)}


def deadlines(plan: Plan) -> list[tuple[dt.date, str, str | None]]:
    """(date, kind, section id) of each deadline, by date, kind, section and text."""
    rows = sorted(plan.deadlines, key=lambda d: (d.date, d.kind, d.section or "", d.text))
    return [(d.date, d.kind, d.section) for d in rows]


def plans_based_on(plans: Iterable[Plan], number: str) -> list[Plan]:
    """The plans that list the document ``number`` (any spelling the parser accepts)
    among their legal bases."""
    key = canonical_number(number) or canonical_tone_marks(number).replace(" ", "")
    return [p for p in plans if any(b.number == key for b in p.legal_bases)]
