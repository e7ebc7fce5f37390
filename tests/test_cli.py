"""The command line: outputs, errors (one line, exit 2), no partial files."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ttdn_graph import Plan, datasets
from ttdn_graph.cli import main

from .conftest import LAO_CAI


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", *args], capture_output=True,
                          text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_parse_to_stdout_is_the_plan_json() -> None:
    code, out, err = run("parse", str(datasets.hung_yen_2022_path()))
    assert code == 0, err
    data = json.loads(out)
    for key in ("number", "doc_type", "date", "place", "issuer", "title", "year", "signer",
                "legal_bases", "sections", "agencies", "assignments"):
        assert key in data
    assert data["number"] == "187/KH-UBND"
    assert data["date"] == "2021-12-13"
    assert data["signer"]["name"] == "Nguyễn Duy Hưng"
    assert {"id", "heading", "text", "children"} <= set(data["sections"][0])
    assert {"section", "agency", "role"} <= set(data["assignments"][0])
    # coverage (derived, read back): IV.1.đ, IV.2.d, IV.9.c name only a supporter
    # (lines 101, 115, 181 of the bundled plan), every other task of part IV a lead
    assert data["coverage"] == {"tasks": 46, "led": 43, "without_lead": ["IV.1.đ", "IV.2.d", "IV.9.c"],
                                "lines": [101, 115, 181]}
    assert Plan.from_json(out).coverage.without_lead == ("IV.1.đ", "IV.2.d", "IV.9.c")  # reads back
    assert "roles for 43 of 46 tasks; 3 without a lead: lines 101, 115, 181" in err


def test_parse_to_file_and_warnings(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    code, stdout, err = run("parse", str(LAO_CAI), "-o", str(out), "--no-text")
    assert code == 0
    assert stdout == ""
    plan = Plan.from_json(out.read_bytes())
    assert plan.number is None and plan.text == ""
    assert "warning" in err and "number is blank" in err


def test_export_csv(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    assert main(["export", str(datasets.hung_yen_2022_path()), "--to", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["section", "section_heading", "agency_id", "agency", "role", "cue",
                             "evidence_start", "evidence_end", "evidence"]
    f = [r for r in rows if r["section"] == "IV.2.f"]
    assert {(r["agency"], r["role"]) for r in f} == {
        ("Văn phòng Ủy ban nhân dân tỉnh", "lead"), ("Sở Thông tin và Truyền thông", "support")}
    assert len(rows) == len(datasets.hung_yen_2022().assignments)


def test_demo_writes_its_outputs(tmp_path: Path) -> None:
    code, out, err = run("demo", str(tmp_path / "demo"))
    assert code == 0, err
    for name in ("plan.json", "assignments.csv", "plan.ttl", "plan.jsonld", "report.html", "matrix.png",
                 "network.png", "legal_bases.png"):
        assert (tmp_path / "demo" / name).stat().st_size > 0
    assert (tmp_path / "demo" / "matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "187/KH-UBND" in out


def test_schema_is_a_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Plan"
    assert "assignments" in schema["properties"]


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("ttdn-graph ")
    code, out, _ = run("--help")
    assert code == 0 and "parse" in out and "Exit codes" in out


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp / "notaplan.txt").write_text("Hôm nay trời đẹp. Chúng tôi đi chơi công viên.\n" * 20)
    (tmp / "cp1258.txt").write_bytes("Kế hoạch số 1/KH-UBND của Ủy ban nhân dân".encode("cp1258", "replace")
                                     .replace(b"?", b"\xec") + b" \xd2 \xcc \xde")
    return {
        "empty": (tmp / "empty.txt", "the input is empty"),
        "binary": (tmp / "binary.txt", "binary file"),
        "not a plan": (tmp / "notaplan.txt", "does not look like a plan"),
        "unnamed encoding": (tmp / "cp1258.txt", "not valid UTF-8"),
        "missing": (tmp / "nope.txt", "no such file"),
        "folder": (tmp, "is a folder"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "not a plan", "unnamed encoding", "missing",
                                  "folder"])
def test_bad_input_one_line_exit_2_no_output(tmp_path: Path, case: str) -> None:
    path, message = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    code, _, err = run("parse", str(path), "-o", str(out))
    assert code == 2
    assert message in err
    assert str(path) in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_too_large_input_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 * 1024 * 1024))
    code, _, err = run("parse", str(big), "--max-size", "1")
    assert code == 2 and "file too large (3.0 MB; the limit is 1 MB;" in err
    # the default limit is named as given (it said "21 MB" for 20 MiB)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    code, _, err = run("parse", str(huge))
    assert code == 2 and "the limit is 20 MB" in err


def test_failed_run_keeps_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    out.write_text("old content")
    (tmp_path / "empty.txt").write_text("")
    code, _, _ = run("parse", str(tmp_path / "empty.txt"), "-o", str(out))
    assert code == 2
    assert out.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "plan.json"]


def test_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    src.write_bytes(datasets.hung_yen_2022_path().read_bytes())
    code, _, err = run("parse", str(src), "-o", str(src))
    assert code == 3 and "refusing to overwrite the input" in err
    assert src.read_bytes() == datasets.hung_yen_2022_path().read_bytes()


def test_unwritable_output_exit_3(tmp_path: Path) -> None:
    code, _, err = run("parse", str(datasets.hung_yen_2022_path()), "-o",
                       str(tmp_path / "missing-folder" / "x.json"))
    assert code == 3 and "does not exist" in err


def test_named_encoding_reads_cp1258(tmp_path: Path) -> None:
    from .test_decode import cp1258

    src = tmp_path / "plan1258.txt"
    src.write_bytes(cp1258(datasets.hung_yen_2022_text()))
    code, _, err = run("parse", str(src))
    assert code == 2 and "--encoding cp1258" in err
    code, out, err = run("parse", str(src), "--encoding", "cp1258")
    assert code == 0, err
    assert json.loads(out)["number"] == "187/KH-UBND"


@pytest.mark.parametrize("suffix", [".png", ".svg", ".csv", ".xlsx"])
def test_matrix_command(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"matrix{suffix}"
    code, _, err = run("matrix", str(datasets.hung_yen_2022_path()), "-o", str(out))
    assert code == 0, err
    data = out.read_bytes()
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".xlsx": b"PK\x03\x04", ".csv": b"agency,"}
    assert data.startswith(magic[suffix])


def test_matrix_command_refuses_unknown_format(tmp_path: Path) -> None:
    code, _, err = run("matrix", str(datasets.hung_yen_2022_path()), "-o", str(tmp_path / "m.doc"))
    assert code == 2 and "use .png" in err


def test_report_command(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = run("report", str(LAO_CAI), "-o", str(out))
    assert code == 0, err
    assert "Ma trận trách nhiệm" in out.read_text(encoding="utf-8")


def test_validate_without_input_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "give at least one INPUT" in capsys.readouterr().err


def test_debug_is_accepted_after_the_subcommand(tmp_path: Path) -> None:
    """The error message says "run with --debug"; it works where users put it."""
    missing = tmp_path / "none.txt"
    code, _, err = run("parse", str(missing), "--debug")
    assert code == 2 and "no such file" in err and "unrecognized" not in err


def test_every_command_and_option_has_help() -> None:
    import argparse

    from ttdn_graph.cli import _build_parser

    parser = _build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, p in sub.choices.items():
        if not p.description:
            missing.append(f"{name}: no description")
        for action in p._actions:
            if not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{name} {action.dest}: no help")
    assert missing == []


def test_password_from_environment_or_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from ttdn_graph import cli

    args = argparse.Namespace(user="analyst", password=None, endpoint="http://127.0.0.1:7878/query")
    monkeypatch.setenv(cli.PASSWORD_ENV, "from-env")
    assert cli._password(args) == "from-env"
    monkeypatch.delenv(cli.PASSWORD_ENV)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "typed" if "analyst" in prompt else "?")
    assert cli._password(args) == "typed"
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # no terminal: no prompt, no password
    assert cli._password(args) is None
    args.password = "given"
    assert cli._password(args) == "given"
    assert cli._password(argparse.Namespace(user=None, password=None, endpoint=None)) is None


@pytest.mark.parametrize("command", ["matrix-pdf", "query", "diff", "corpus"])
def test_no_command_overwrites_what_it_reads(tmp_path: Path, command: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Each of these replaced its input (or destroyed the corpus) before."""
    plan = tmp_path / "plan.txt"
    plan.write_bytes(datasets.hung_yen_2022_path().read_bytes())
    if command == "matrix-pdf":
        from fpdf import FPDF  # a PDF input named again as the picture output

        target = tmp_path / "plan.pdf"
        pdf = FPDF()
        pdf.add_page()
        target.write_bytes(bytes(pdf.output()))
        argv = ["matrix", str(target), "-o", str(target)]
    elif command == "query":
        target = tmp_path / "g.ttl"
        assert main(["export", str(plan), "--to", "ttl", "-o", str(target)]) == 0
        argv = ["query", str(target), "--name", "legal-bases", "-o", str(target)]
    elif command == "diff":
        target = plan
        argv = ["diff", str(plan), str(datasets.hung_yen_2022_path()), "-o", str(plan)]
    else:
        folder = tmp_path / "C"
        assert main(["corpus", "add", str(folder), str(plan), "--workers", "1", "--no-progress"]) == 0
        target = folder / "manifest.json"
        argv = ["corpus", "query", str(folder), "--name", "lead-counts", "-o", str(target)]
    before = target.read_bytes()
    capsys.readouterr()
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert err.startswith("ttdn-graph: error: ") and "refusing" in err and err.count("\n") == 1
    assert target.read_bytes() == before


def test_special_files_are_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    real = tmp_path / "real.json"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for target, message in ((link, "is a symbolic link"), (fifo, "not a regular file")):
        assert main(["parse", str(datasets.hung_yen_2022_path()), "-o", str(target)]) == 3
        assert message in capsys.readouterr().err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"
    assert fifo.exists() and not fifo.is_file()


@pytest.mark.parametrize("context", [
    {"@import": "http://127.0.0.1:9/ctx.jsonld", "ex": "http://example.org/"},
    [{"@import": "http://127.0.0.1:9/ctx.jsonld"}],
    ["http://127.0.0.1:9/ctx.jsonld"],
])
def test_jsonld_that_would_fetch_is_refused_without_connecting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        context: object) -> None:
    """An @import inside a context was fetched by rdflib during validate and query."""
    import socket

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("connections are blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    doc = tmp_path / "g.jsonld"
    doc.write_text(json.dumps({"@context": context, "@id": "http://example.org/s",
                               "ex:p": "o"}), encoding="utf-8")
    for argv in (["validate", str(doc)], ["query", str(doc), "--name", "legal-bases"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "refusing to fetch" in err and err.count("\n") == 1
    assert attempts == []


def test_jsonld_nested_too_deeply_is_an_input_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "deep.jsonld"
    doc.write_text('{"@id": "http://example.org/s", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
                   encoding="utf-8")
    assert main(["validate", str(doc)]) == 2
    assert "internal error" not in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_named_graphs_are_read_not_dropped(tmp_path: Path, suffix: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`query plan.nq --name legal-bases` gave 0 rows where plan.nt gives the 4 bases."""
    from ttdn_graph.rdf import serialize, to_rdf

    lines = serialize(to_rdf(datasets.hung_yen_2022()), "nt").decode("utf-8").splitlines()
    name = "<https://example.org/graph/hung-yen>"
    if suffix == ".nq":  # every triple in one named graph
        text = "".join(line.removesuffix(" .") + f" {name} .\n" for line in lines if line)
    else:
        text = name + " {\n" + "\n".join(lines) + "\n}\n"
    path = tmp_path / f"plan{suffix}"
    path.write_text(text, encoding="utf-8")
    assert main(["query", str(path), "--name", "legal-bases", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["number"] for r in rows) == ["1160/QĐ-TTg", "22/2016/TT-BTTTT",
                                                  "27/2019/QĐ-UBND", "72/2015/NĐ-CP"]


def _limited_memory() -> None:  # in the child: 2 GB of address space, so a runaway read ends
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_fifo_or_device_input_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    """A FIFO reports size 0 and blocked `parse` forever (no writer); `parse /dev/zero`
    grew by about 1 GB/s. Both are refused before anything is read."""
    if kind == "fifo":
        path = tmp_path / "plan.txt"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
        if not path.exists():
            pytest.skip("no /dev/zero here")
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "parse", str(path)],
                          capture_output=True, text=True, timeout=60, preexec_fn=_limited_memory)
    assert proc.returncode == 2, proc.stderr
    what = "a FIFO (named pipe)" if kind == "fifo" else "a device"
    assert proc.stderr == f"ttdn-graph: error: {path}: is {what}, not a regular file; save the plan to a file first\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_corpus_add_refuses_a_fifo_and_adds_the_rest(tmp_path: Path) -> None:
    """`corpus add` hashed its inputs with read_bytes(): a FIFO blocked it forever."""
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    plan = tmp_path / "real.txt"
    plan.write_bytes(datasets.hung_yen_2022_path().read_bytes())
    code, out, err = run_with_timeout(60, "corpus", "add", str(tmp_path / "C"), str(fifo), str(plan),
                                      "--workers", "1", "--no-progress")
    assert code == 2
    assert "1 added" in out + err and "1 failed" in out + err
    assert f"{fifo}: is a FIFO (named pipe)" in err


def run_with_timeout(seconds: float, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", *args], capture_output=True,
                          text=True, timeout=seconds)
    return proc.returncode, proc.stdout, proc.stderr


SLOW_WRITE = """
import os, pathlib, sys, time
real_fsync = os.fsync
def slow_fsync(fd):  # the write is under way: tell the test, then take long to finish it
    pathlib.Path(sys.argv[1]).write_text("writing")
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from ttdn_graph.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM (what `kill` and service managers send) killed the CLI in the middle of an
    atomic write and left its `.out.json.XXXX.tmp` behind; Ctrl-C did not."""
    import time

    marker, folder = tmp_path / "writing", tmp_path / "out"
    folder.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(marker), "parse",
         str(datasets.hung_yen_2022_path()), "-o", str(folder / "out.json")],
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the write never started"
        assert [p.name.endswith(".tmp") for p in folder.iterdir()] == [True]  # caught mid-write
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    assert err == "ttdn-graph: terminated\n"
    assert list(folder.iterdir()) == []


def _small_files() -> None:  # in the child: no file may grow past 64 KB, as on a full disk
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")
def test_demo_that_cannot_write_leaves_no_folder(tmp_path: Path) -> None:
    """On a full disk `demo` failed (exit 3) but left the empty folder it had made."""
    out = tmp_path / "new" / "demo"
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "demo", str(out)], capture_output=True,
                          text=True, timeout=120, preexec_fn=_small_files)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.startswith(f"ttdn-graph: error: {out / 'plan.json'}: cannot write: File too large")
    assert list(tmp_path.iterdir()) == []  # "new" and "new/demo" were made by demo: both gone


def test_demo_that_fails_keeps_a_folder_it_did_not_make(tmp_path: Path) -> None:
    """Only what the run created is removed: an existing folder and its files stay."""
    out = tmp_path / "demo"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "demo", str(out)], capture_output=True,
                          text=True, timeout=120, preexec_fn=_small_files)
    assert proc.returncode == 3, proc.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
