"""The ``ttdn-graph`` command line: argument parsing, exit codes and messages over the library.

Exit codes: 0 success; 1 an unexpected internal error (reported in one line, run with
``--debug`` for the traceback); 2 bad input or bad usage; 3 an output cannot be written;
4 ``validate`` found the graph does not conform to the shapes.
Every file is written atomically (a temporary file renamed into place), so a failed run
leaves the old file or nothing, never half a file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError
from .files import atomic_write, check_output

if TYPE_CHECKING:
    from .corpus import Corpus
    from .models import Plan

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_OUTPUT, EXIT_INVALID = 0, 1, 2, 3, 4

#: where ``corpus push/query --user`` reads the password when ``--password`` is not given
PASSWORD_ENV = "TTDN_GRAPH_PASSWORD"

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                ".jsonld": "json-ld", ".json-ld": "json-ld"}


def _inputs_of(args: argparse.Namespace) -> list[str]:
    """Every file or folder a command reads: no output may replace one of them."""
    found: list[str] = []
    for name in ("input", "old", "new", "folder", "file"):
        value = getattr(args, name, None)
        # a folder where one file is expected is the input's error, reported as such
        if isinstance(value, str) and (name == "folder" or not Path(value).is_dir()):
            found.append(value)
    found += [v for v in getattr(args, "inputs", None) or [] if isinstance(v, str)]
    return found


def _emit(data: bytes, output: str | None, inputs: Sequence[str] = ()) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, data, inputs=inputs)


def _max_bytes(args: argparse.Namespace) -> int | None:
    """The input size limit ``--max-size`` asks for, in bytes (``None``: no limit)."""
    return None if args.max_size == 0 else int(args.max_size * 1024 * 1024)


def _parse_input(args: argparse.Namespace) -> Plan:
    from .pipeline import parse_file

    return parse_file(args.input, encoding=args.encoding, province=args.province,
                      max_bytes=_max_bytes(args), fix_mojibake=args.fix_mojibake)


def _cmd_parse(args: argparse.Namespace) -> int:
    plan = _parse_input(args)
    data = plan.to_json(include_text=not args.no_text).encode("utf-8") + b"\n"
    _emit(data, args.output, [args.input])
    if plan.coverage.tasks:
        print(f"ttdn-graph: {args.input}: {plan.coverage}", file=sys.stderr)
    for w in plan.warnings:
        print(f"ttdn-graph: warning: {args.input}: {w}", file=sys.stderr)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .exports import export

    plan = _parse_input(args)
    _emit(export(plan, args.to, base=args.base, include_text=not args.no_text), args.output, [args.input])
    return EXIT_OK


def load_graph(paths: Sequence[str], args: argparse.Namespace) -> Any:
    """One rdflib Graph from plan texts (parsed on the fly) and RDF files."""
    from rdflib import Graph

    from .errors import PlanInputError
    from .pipeline import parse_file
    from .rdf import bind_prefixes, to_rdf
    from .readers import read_file

    graph = Graph()
    bind_prefixes(graph)
    max_bytes = _max_bytes(args)
    for path in paths:
        fmt = RDF_SUFFIXES.get(Path(path).suffix.lower())
        if fmt is None:
            plan = parse_file(path, encoding=args.encoding, province=args.province,
                              max_bytes=max_bytes, fix_mojibake=args.fix_mojibake)
            graph += to_rdf(plan, base=args.base)
            continue
        data = read_file(path, max_bytes=max_bytes)  # regular files only, up to the limit
        if fmt == "json-ld" and _remote_context(data):
            raise PlanInputError(path, "JSON-LD with a remote @context or @import (or nested"
                                       " too deeply to check): refusing to fetch it; inline the context")
        try:
            if fmt in ("nquads", "trig"):  # named graphs: their union, never dropped
                import warnings

                from rdflib import Dataset

                with warnings.catch_warnings():  # rdflib's own use of its deprecated API
                    warnings.simplefilter("ignore", DeprecationWarning)
                    ds = Dataset()
                    ds.parse(data=data, format=fmt)
                    for named in ds.graphs():
                        for triple in named:
                            graph.add(triple)
            else:
                graph.parse(data=data, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many types
            raise PlanInputError(path, f"not valid {fmt}: {exc}".splitlines()[0]) from None
    return graph


def _remote_context(data: bytes) -> bool:
    """True if a JSON-LD document names anything rdflib would fetch: a context given by
    address (a string, alone or in a list, at any depth) or an ``@import``. Walked
    without recursion, so no nesting depth breaks it; JSON too deep to read counts as
    remote (it is refused, not fetched)."""
    import json

    try:
        doc = json.loads(data)
    except ValueError:
        return False
    except RecursionError:
        return True
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@import" in node:
                return True
            ctx = node.get("@context")
            if isinstance(ctx, str) or (isinstance(ctx, list) and any(isinstance(c, str) for c in ctx)):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    if not args.inputs:
        print("ttdn-graph: error: give at least one INPUT (plan text or RDF file) to validate",
              file=sys.stderr)
        return EXIT_INPUT
    report = validate(load_graph(args.inputs, args))
    print(report.text())
    return EXIT_OK if report.conforms else EXIT_INVALID


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut at a word boundary with "…".

    Only a single word longer than the cut (an IRI) is cut inside.

    >>> shorten("Tham mưu UBND tỉnh cân đối, bố trí kinh phí", 30)
    'Tham mưu UBND tỉnh cân đối, …'
    >>> shorten("https://w3id.org/ttdn-graph/id/plan/x", 20)
    'https://w3id.org/tt…'
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[: space + 1]
    return cut + "…"


def _format_rows(rows: list[dict[str, Any]], fmt: str) -> bytes:
    import csv
    import json

    from .matrix import csv_safe

    cols = list(rows[0]) if rows else []
    if fmt == "json":
        return (json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n").encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if r[c] is None else csv_safe(r[c]) for c in cols])
        return buf.getvalue().encode()
    if not rows:
        return b"(no results)\n"
    def cell(v: Any) -> str:
        return shorten("" if v is None else str(v), 60)
    widths = {c: max(len(c), *(len(cell(r[c])) for r in rows)) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols),
             "  ".join("-" * widths[c] for c in cols)]
    lines += ["  ".join(cell(r[c]).ljust(widths[c]) for c in cols) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _cmd_query(args: argparse.Namespace) -> int:
    from .queries import QueryError, named_queries, run_query, run_sparql

    if args.list:
        for q in named_queries().values():
            signature = ", ".join([*q.required, *(f"[{p}]" for p in q.optional)])
            print(f"{q.name}({signature}): {q.description}")
        return EXIT_OK
    chosen = [x for x in (args.name, args.expr, args.file) if x]
    if len(chosen) != 1:
        print("ttdn-graph: error: give exactly one of --name, -e or -f (or --list)", file=sys.stderr)
        return EXIT_INPUT
    if not args.inputs:
        print("ttdn-graph: error: give at least one INPUT (plan text or RDF file)", file=sys.stderr)
        return EXIT_INPUT
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"ttdn-graph: error: --param wants NAME=VALUE, not {item!r}", file=sys.stderr)
            return EXIT_INPUT
        params[key.strip()] = value
    graph = load_graph(args.inputs, args)
    try:
        if args.name:
            rows = run_query(graph, args.name, timeout=args.timeout, as_dataframe=False, **params)
        else:
            if args.file:
                try:
                    sparql = Path(args.file).read_text(encoding="utf-8")
                except OSError as exc:
                    print(f"ttdn-graph: error: {args.file}: cannot read: {exc.strerror}", file=sys.stderr)
                    return EXIT_INPUT
            else:
                sparql = args.expr
            rows = run_sparql(graph, sparql, timeout=args.timeout, **params)
    except QueryError as exc:
        print(f"ttdn-graph: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    _emit(_format_rows(rows, args.format), args.output)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .models import Plan

    data = json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2).encode() + b"\n"
    _emit(data, args.output)
    return EXIT_OK


def _cmd_matrix(args: argparse.Namespace) -> int:
    from .exports import export, format_for

    try:
        entry = format_for(args.output, group="matrix")
    except ValueError as exc:
        print(f"ttdn-graph: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    plan = _parse_input(args)
    _emit(export(plan, entry.name, order=args.order), args.output, [args.input])
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from .exports import export

    plan = _parse_input(args)
    _emit(export(plan, "html"), args.output, [args.input])
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff
    from .pipeline import parse_file

    max_bytes = _max_bytes(args)
    old = parse_file(args.old, encoding=args.encoding, province=args.province, max_bytes=max_bytes)
    new = parse_file(args.new, encoding=args.encoding, province=args.province, max_bytes=max_bytes)
    result = diff(old, new)
    data = result.to_json() if args.format == "json" else result.text()
    _emit((data + "\n").encode("utf-8"), args.output)
    return EXIT_OK


def _password(args: argparse.Namespace) -> str | None:
    """The endpoint password: --password, else $TTDN_GRAPH_PASSWORD, else a prompt
    (only with --user, and only when standard input is a terminal)."""
    if args.password is not None or not args.user:
        return args.password  # type: ignore[no-any-return]
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"password for {args.user} at {args.endpoint}: ")
    return None


def _store_from(args: argparse.Namespace) -> Any:
    """The store a corpus command queries: ``--endpoint``, ``--store SPEC``, ``--oxigraph``
    (in memory), else the folder's own (``None``)."""
    from .stores import EndpointStore, open_store

    if getattr(args, "endpoint", None):
        return EndpointStore(args.endpoint, args.store_url, user=args.user, password=_password(args))
    if getattr(args, "store", None):
        return open_store(args.store)
    if getattr(args, "oxigraph", False):
        return open_store("oxigraph")
    return None


def _corpus_list(corpus: Corpus) -> int:
    """``corpus list``: one line per plan (its IRI and source), and a warning naming the
    orphaned plan files."""
    from .corpus import printable

    for e in corpus.entries():
        print(f"{e['plan']}\t{printable(e['source'])}")
    orphans = corpus.orphans()
    if orphans:
        print(f"ttdn-graph: warning: {len(orphans)} plan files are not in the manifest and are not"
              f" loaded ({', '.join(p.name for p in orphans[:3])}{' ...' if len(orphans) > 3 else ''});"
              " 'ttdn-graph corpus clean' removes them", file=sys.stderr)
    return EXIT_OK


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import Corpus, printable
    from .queries import QueryError
    from .stores import StoreError, StoreSpecError, run_named

    def warn_problems(corpus: Corpus) -> None:
        for path, reason in corpus.problems:
            print(f"ttdn-graph: warning: {printable(path)}: {reason}", file=sys.stderr)

    try:
        if args.action == "add":
            # the command keeps plans on disk (and in the folder's store if it keeps one)
            corpus = (Corpus.open(args.folder, load=False)
                      if (Path(args.folder) / "manifest.json").exists() else Corpus(args.folder))
            report = corpus.add(args.inputs, workers=args.workers, progress=args.progress, load=False)
            print(report.summary())
            for path, reason in report.failed:
                print(f"ttdn-graph: warning: {printable(path)}: {reason}", file=sys.stderr)
            return EXIT_OK if not report.failed else EXIT_INPUT
        if args.action == "query" and args.endpoint:  # the server holds the plans: nothing is pushed
            Corpus.open(args.folder, load=False)  # still a corpus folder
            params = dict(item.partition("=")[::2] for item in args.param)
            _emit(_format_rows(run_named(_store_from(args), args.name or "", **params), args.format), args.output)
            return EXIT_OK
        store = _store_from(args) if args.action == "query" else None
        corpus = Corpus.open(args.folder, store=store, load=args.action == "query", progress=args.progress)
        if args.action == "upgrade":
            n = corpus.keep_store(progress=args.progress)
            warn_problems(corpus)
            print(f"{args.folder}: keeps its store now ({n} plans)")
            return EXIT_OK
        if args.action == "clean":
            gone = corpus.clean()
            print(f"removed {len(gone)} orphaned plan files")
            return EXIT_OK
        if args.action == "list":
            return _corpus_list(corpus)
        if args.action == "push":
            if not args.endpoint:
                print("ttdn-graph: error: corpus push needs --endpoint URL", file=sys.stderr)
                return EXIT_INPUT
            from .stores import EndpointStore

            n = corpus.push(EndpointStore(args.endpoint, args.store_url, user=args.user,
                                          password=_password(args)), progress=args.progress)
            warn_problems(corpus)
            print(f"pushed {n} plans to {args.endpoint}")
            return EXIT_OK
        warn_problems(corpus)
        params = dict(item.partition("=")[::2] for item in args.param)
        rows = corpus.query(args.name or "", **params)
        _emit(_format_rows(rows, args.format), args.output)
        return EXIT_OK
    except (QueryError, StoreError) as exc:
        print(f"ttdn-graph: error: {exc}", file=sys.stderr)
        return EXIT_INPUT if isinstance(exc, QueryError | StoreSpecError) else EXIT_OUTPUT


#: what ``demo`` writes: file name and export format (see :mod:`ttdn_graph.exports`)
DEMO_FILES = (("plan.json", "json"), ("assignments.csv", "csv"), ("plan.ttl", "ttl"),
              ("plan.jsonld", "jsonld"), ("report.html", "html"), ("matrix.png", "matrix-png"),
              ("network.png", "network-png"), ("legal_bases.png", "legal-bases-png"))


def _cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo's outputs; if that fails, remove the folders this run created (with
    what it wrote in them) so that a full disk leaves nothing behind."""
    out = Path(args.outdir)
    created = [p for p in (out, *out.parents) if not p.exists()]  # deepest first
    try:
        return _demo_outputs(args)
    except BaseException:
        for folder in created:
            with contextlib.suppress(OSError):
                if folder == out:  # only our own files are in a folder we just made
                    for f in folder.iterdir():
                        if f.is_file() and not f.is_symlink():
                            f.unlink()
                folder.rmdir()  # never a folder that holds anything else
        raise


def _demo_outputs(args: argparse.Namespace) -> int:
    from . import datasets
    from .errors import MissingExtraError
    from .exports import write

    out = Path(args.outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    plan = datasets.hung_yen_2022()
    written: list[Path] = []
    note = ""
    for name, fmt in DEMO_FILES:
        try:
            written.append(write(plan, out / name, fmt))
        except MissingExtraError as exc:  # matplotlib is the optional "viz" extra
            note = f"(pictures skipped: {exc})"
            break
    print(plan.summary())
    print(f"wrote {len(written)} files into {out}/:")
    for p in written:
        print(f"  {p}")
    if note:
        print(note)
    return EXIT_OK


def _build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command.

    Long because it is a table: one block of
    ``add_argument`` declarations per command, read top to bottom as the CLI reference
    (docs/_generated/cli.md is generated from it); splitting it would only scatter it."""
    from . import DEFAULT_BASE, __version__
    from .exports import names

    parser = argparse.ArgumentParser(
        prog="ttdn-graph",
        description="Parse Vietnamese foreign-information plans (Kế hoạch thông tin đối ngoại)"
        " into typed models and graphs.",
        epilog="Exit codes: 0 ok, 1 internal error, 2 bad input or usage, 3 cannot write output,"
        " 4 validate: the graph does not conform.",
    )
    parser.add_argument("--version", action="version", version=f"ttdn-graph {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        """A subcommand whose ``--help`` opens with the same line the command list shows."""
        return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")

    def add_input(p: argparse.ArgumentParser) -> None:
        p.add_argument("input", metavar="INPUT", help="the plan: a text file (UTF-8, UTF-16 or"
                       " --encoding), a .docx, or a .pdf with a text layer")
        p.add_argument("--encoding", help="the file's encoding when it is not UTF-8/UTF-16"
                       " (e.g. cp1258)")
        p.add_argument("--province", help="the plan's province when the text does not name it")
        p.add_argument("--max-size", type=float, default=20, metavar="MB",
                       help="refuse larger inputs (default 20 MB; 0: no limit)")
        p.add_argument("--fix-mojibake", action="store_true",
                       help="repair text that was UTF-8 read as cp1252 and saved again")

    p = command("parse", "parse a plan and print (or write) its JSON")
    add_input(p)
    p.add_argument("-o", "--output", help="write the JSON here instead of standard output")
    p.add_argument("--no-text", action="store_true", help="leave the source text out of the JSON")
    p.set_defaults(func=_cmd_parse)

    p = command("export", "export a plan: JSON, CSV of assignments, RDF, GraphML")
    add_input(p)
    p.add_argument("--to", choices=names("plan"), required=True, help="output format")
    p.add_argument("--base", default=DEFAULT_BASE, help="base of the IRIs minted (RDF, GraphML)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--no-text", action="store_true", help="JSON: leave the source text out")
    p.set_defaults(func=_cmd_export)

    def add_inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("inputs", nargs="*", metavar="INPUT",
                       help="plan texts (parsed on the fly) or RDF files (.ttl .nt .nq .trig .jsonld)")
        p.add_argument("--encoding", help="encoding of plan texts that are not UTF-8/UTF-16")
        p.add_argument("--province", help="province of plans that do not name it")
        p.add_argument("--max-size", type=float, default=20, metavar="MB",
                       help="refuse larger inputs (default 20 MB; 0: no limit)")
        p.add_argument("--fix-mojibake", action="store_true",
                       help="repair plan texts that were UTF-8 read as cp1252 and saved again")
        p.add_argument("--base", default=DEFAULT_BASE, help="base of the IRIs minted")

    p = command("validate", "check plans or RDF exports against the SHACL shapes")
    add_inputs(p)
    p.set_defaults(func=_cmd_validate)

    p = command("query", "run a named or your own SPARQL query over plans or RDF")
    add_inputs(p)
    p.add_argument("--name", help="a named query (see --list)")
    p.add_argument("-e", "--expr", help="a SPARQL SELECT or ASK query")
    p.add_argument("-f", "--file", help="a .rq file with a SPARQL query")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter, bound as a variable (repeatable): agency=\"Sở Tài chính\"")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="how rows are printed (default: table)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                   help="stop a query that runs longer (default 60; 0: no limit)")
    p.set_defaults(func=_cmd_query)

    p = command("matrix", "the responsibility matrix as a picture, CSV or Excel sheet")
    add_input(p)
    p.add_argument("-o", "--output", required=True, help="matrix.png, .svg, .pdf, .csv or .xlsx")
    p.add_argument("--order", choices=["appearance", "load"], default="appearance",
                   help="agencies by first appearance (default) or by the number of tasks they lead")
    p.set_defaults(func=_cmd_matrix)

    p = command("report", "a self-contained HTML report: matrix linked to the evidence")
    add_input(p)
    p.add_argument("-o", "--output", required=True, help="report.html")
    p.set_defaults(func=_cmd_report)

    p = command("diff", "what changed between two plans (tasks, roles, deadlines)")
    p.add_argument("old", metavar="OLD", help="the earlier plan (.txt, .docx or .pdf)")
    p.add_argument("new", metavar="NEW", help="the later plan")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: one line per change, reworded text shown word by word (default);"
                   " json: every change with the full old and new texts")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--encoding", help="encoding of texts that are not UTF-8/UTF-16")
    p.add_argument("--province", help="province of plans that do not name it")
    p.add_argument("--max-size", type=float, default=20, metavar="MB",
                   help="refuse larger inputs (default 20 MB; 0: no limit)")
    p.set_defaults(func=_cmd_diff)

    p = command("corpus", "many plans: add (parallel, incremental), list, query, push, upgrade, clean")
    p.add_argument("action", choices=["add", "list", "query", "push", "upgrade", "clean"],
                   help="add plans to FOLDER, list them, query them, push them to a SPARQL store,"
                   " give an older folder its own store (upgrade), remove orphaned plan files (clean)")
    p.add_argument("folder", metavar="FOLDER", help="the corpus folder (created by add)")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="add: files, folders or globs")
    p.add_argument("--workers", type=int, help="add: processes to parse with (default: CPUs)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a progress bar on stderr (default: on long work in a terminal)")
    p.add_argument("--name", help="query: a named query")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="query: a parameter of the named query (repeatable): agency=\"Sở Tài chính\"")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="query: how rows are printed (default: table)")
    p.add_argument("-o", "--output", help="query: output file (default: standard output)")
    p.add_argument("--oxigraph", action="store_true",
                   help="query: load the plans into embedded Oxigraph in memory (as --store oxigraph)")
    p.add_argument("--store", metavar="SPEC",
                   help="query: memory, oxigraph, oxigraph:PATH or endpoint:URL (default: the folder's own store)")
    p.add_argument("--endpoint", help="push/query: a SPARQL endpoint URL (e.g. http://127.0.0.1:7878/query)")
    p.add_argument("--store-url", help="the Graph Store Protocol URL (default: derived from --endpoint)")
    p.add_argument("--user", help="push/query: user name for the endpoint (HTTP basic auth)")
    p.add_argument("--password", help="push/query: the password; better left out: it is then read"
                   f" from ${PASSWORD_ENV} or asked for (a command line is visible to other users)")
    p.set_defaults(func=_cmd_corpus)

    p = command("demo", "run everything on the bundled Hưng Yên plan")
    p.add_argument("outdir", nargs="?", default="ttdn-demo", metavar="OUTDIR",
                   help="folder for the outputs (default: ./ttdn-demo)")
    p.set_defaults(func=_cmd_demo)

    p = command("schema", "print the JSON Schema of the plan JSON")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # accepted anywhere: "ttdn-graph parse x.txt --debug" too
    argv = [a for a in argv if a != "--debug"]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_INPUT
    args.debug = debug
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    from .errors import MissingExtraError, PlanInputError

    func: Callable[[argparse.Namespace], int] = args.func
    on_term = _sigterm_raises()
    try:
        output = getattr(args, "output", None)
        if output not in (None, "-"):
            check_output(output, _inputs_of(args))
        return func(args)
    except (PlanInputError, MissingExtraError) as exc:
        print(f"ttdn-graph: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OutputError as exc:
        print(f"ttdn-graph: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("ttdn-graph: interrupted", file=sys.stderr)
        return 130
    except Terminated:  # SIGTERM: unwound like Ctrl-C, so no temporary file is left
        print("ttdn-graph: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except Exception as exc:
        if args.debug:
            raise
        print(f"ttdn-graph: internal error: {type(exc).__name__}: {exc}"
              " (run with --debug for details; please report it)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if on_term is not None:
            signal.signal(signal.SIGTERM, on_term)


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread (a BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` swallows it) to unwind the run
    and let atomic writes remove their temporary files."""


def _sigterm_raises() -> Any:
    """Make SIGTERM raise :class:`Terminated` in this process; the previous handler, to
    put back (``None`` when handlers cannot be set: not the main thread, or no SIGTERM)."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        return None
    pid = os.getpid()

    def handler(signum: int, frame: object) -> None:
        if os.getpid() != pid:  # a forked worker: die as SIGTERM says
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated

    return signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
