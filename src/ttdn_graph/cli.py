"""The ``ttdn-graph`` command line: a thin layer over the library.

Exit codes: 0 success; 1 an unexpected internal error (reported in one line, run with
``--debug`` for the traceback); 2 bad input or bad usage; 3 an output cannot be written.
Every file is written atomically (a temporary file renamed into place), so a failed run
leaves the old file or nothing, never half a file.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Plan

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


class OutputError(Exception):
    """An output file cannot be written."""


def atomic_write(path: str | os.PathLike[str], data: bytes, *, inputs: Sequence[str] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    target = Path(path)
    for inp in inputs:
        try:
            if Path(inp).exists() and target.exists() and target.samefile(inp):
                raise OutputError(f"{target}: refusing to overwrite the input file")
        except OSError:
            continue
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _emit(data: bytes, output: str | None, inputs: Sequence[str] = ()) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write(output, data, inputs=inputs)


def _parse_input(args: argparse.Namespace) -> Plan:
    from .pipeline import parse_file

    max_bytes = None if args.max_size == 0 else int(args.max_size * 1024 * 1024)
    return parse_file(args.input, encoding=args.encoding, province=args.province,
                      max_bytes=max_bytes)


def assignments_csv(plan: Plan) -> bytes:
    """The CSV of assignments: one row per (section, agency, role) with its evidence."""
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "section_heading", "agency_id", "agency", "role", "cue",
                "evidence_start", "evidence_end", "evidence"])
    names = {a.id: a.name for a in plan.agencies}
    headings = {s.id: s.heading for s in plan.sections}
    for a in plan.assignments:
        w.writerow([a.section, headings.get(a.section, ""), a.agency, names.get(a.agency, ""),
                    a.role, a.cue, a.evidence.start, a.evidence.end, a.quote])
    return buf.getvalue().encode("utf-8")


def _cmd_parse(args: argparse.Namespace) -> int:
    plan = _parse_input(args)
    data = plan.to_json(include_text=not args.no_text).encode("utf-8") + b"\n"
    _emit(data, args.output, [args.input])
    for w in plan.warnings:
        print(f"ttdn-graph: warning: {args.input}: {w}", file=sys.stderr)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    plan = _parse_input(args)
    if args.to == "json":
        data = plan.to_json(include_text=not args.no_text).encode("utf-8") + b"\n"
    else:
        data = assignments_csv(plan)
    _emit(data, args.output, [args.input])
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .models import Plan

    data = json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2).encode() + b"\n"
    _emit(data, args.output)
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from . import datasets

    out = Path(args.outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    plan = datasets.hung_yen_2022()
    written: list[Path] = []
    atomic_write(out / "plan.json", plan.to_json().encode("utf-8") + b"\n")
    written.append(out / "plan.json")
    atomic_write(out / "assignments.csv", assignments_csv(plan))
    written.append(out / "assignments.csv")
    from .viz import save_matrix

    note = ""
    try:
        save_matrix(plan, out / "matrix.png")
        written.append(out / "matrix.png")
    except ModuleNotFoundError as exc:  # matplotlib is the optional "viz" extra
        note = (f"(matrix picture skipped: {exc.name} is not installed;"
                " pip install 'ttdn_graph[viz]')")
    print(plan.summary())
    print(f"wrote {len(written)} files into {out}/:")
    for p in written:
        print(f"  {p}")
    if note:
        print(note)
    return EXIT_OK


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="ttdn-graph",
        description="Parse Vietnamese foreign-information plans (Kế hoạch thông tin đối ngoại)"
        " into typed models and graphs.",
        epilog="Exit codes: 0 ok, 1 internal error, 2 bad input or usage, 3 cannot write output.",
    )
    parser.add_argument("--version", action="version", version=f"ttdn-graph {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_input(p: argparse.ArgumentParser) -> None:
        p.add_argument("input", metavar="INPUT", help="the plan: a UTF-8 or UTF-16 text file")
        p.add_argument("--encoding", help="the file's encoding when it is not UTF-8/UTF-16"
                       " (e.g. cp1258)")
        p.add_argument("--province", help="the plan's province when the text does not name it")
        p.add_argument("--max-size", type=float, default=20, metavar="MB",
                       help="refuse larger inputs (default 20 MB; 0: no limit)")

    p = sub.add_parser("parse", help="parse a plan and print (or write) its JSON")
    add_input(p)
    p.add_argument("-o", "--output", help="write the JSON here instead of standard output")
    p.add_argument("--no-text", action="store_true", help="leave the source text out of the JSON")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("export", help="export a plan as JSON or as a CSV of assignments")
    add_input(p)
    p.add_argument("--to", choices=["json", "csv"], required=True, help="output format")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--no-text", action="store_true", help="JSON: leave the source text out")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("demo", help="run everything on the bundled Hưng Yên plan")
    p.add_argument("outdir", nargs="?", default="ttdn-demo", metavar="OUTDIR",
                   help="folder for the outputs (default: ./ttdn-demo)")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("schema", help="print the JSON Schema of the plan JSON")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_INPUT
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    from .errors import PlanInputError

    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except PlanInputError as exc:
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
    except Exception as exc:
        if args.debug:
            raise
        print(f"ttdn-graph: internal error: {type(exc).__name__}: {exc}"
              " (run with --debug for details; please report it)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
