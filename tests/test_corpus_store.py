"""Corpora: parallel and incremental parsing, kept on disk; plan diffs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ttdn_graph
from ttdn_graph import datasets
from ttdn_graph.corpus import Corpus
from ttdn_graph.diff import diff
from ttdn_graph.stores import OxigraphStore

from .conftest import ASSETS


def _copy_plans(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "hung_yen.txt"]
    shutil.copy(datasets.hung_yen_2022_path(), paths[0])
    for p in sorted(ASSETS.glob("*.txt")):
        shutil.copy(p, folder / p.name)
        paths.append(folder / p.name)
    return paths


def test_add_in_parallel_reopen_and_only_reparse_changes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _copy_plans(src)
    (src / "broken.txt").write_bytes(b"")
    corpus = Corpus(tmp_path / "corpus")
    report = corpus.add([src], workers=2, progress=False)
    assert len(report.added) == 3 and report.failed == [(str(src / "broken.txt"), "the input is empty")]
    rows = corpus.query("plans-based-on", number="72/2015/NĐ-CP")
    assert [r["planNumber"] for r in rows] == ["187/KH-UBND"]
    # reopen: no source is read again
    reopened = Corpus.open(tmp_path / "corpus")
    assert len(reopened) == 3
    assert {p.number for p in reopened.plans()} == {"187/KH-UBND", "3210/QĐ-UBND", None}
    assert reopened.query("lead-counts") == corpus.query("lead-counts")
    # change one file: only it is parsed again
    text = (src / "hung_yen.txt").read_text(encoding="utf-8").replace("15 tháng 05", "15 tháng 06")
    (src / "hung_yen.txt").write_text(text, encoding="utf-8")
    again = reopened.add([str(src / "*.txt")], workers=1, progress=False)
    assert again.updated == [str(src / "hung_yen.txt")]
    assert len(again.unchanged) == 2
    dates = [r["date"].isoformat() for r in reopened.query("deadlines") if r["kind"] == "report"
             and "hung-yen" in r["plan"]]
    assert dates == ["2022-06-15", "2022-12-01"]
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text())
    assert len(manifest["entries"]) == 3


def test_corpus_on_oxigraph_answers_the_same(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _copy_plans(src)
    a = Corpus(store=None)
    a.add([src], workers=1, progress=False)
    b = Corpus(store=OxigraphStore())
    b.add([src], workers=1, progress=False)
    for name in ("responsibility-matrix", "lead-counts", "legal-bases", "deadlines", "tasks-without-lead"):
        assert a.query(name) == b.query(name), name


def _edited_seed() -> str:
    """The bundled plan with three edits: IV.2.f moved to IV.3.đ, the agency of item 8
    renamed, the first report deadline moved a month."""
    text = datasets.hung_yen_2022_text()
    f_line = next(ln for ln in text.split("\n") if ln.startswith("f) Phối hợp với Văn phòng"))
    d_line = next(ln for ln in text.split("\n") if ln.startswith("d) Xuất bản các ấn phẩm"))
    text = text.replace(f_line + "\n\n", "")
    text = text.replace(d_line, d_line + "\n\nđ) " + f_line[3:])
    text = text.replace("8. Công an tỉnh", "8. Sở Nội vụ")
    return text.replace("trước ngày 15 tháng 05 và", "trước ngày 15 tháng 06 và")


def test_diff_reports_exactly_the_edits() -> None:
    old = datasets.hung_yen_2022()
    new = ttdn_graph.parse_text(_edited_seed())
    d = diff(old, new)
    assert [(m["from"], m["to"]) for m in d.moved] == [("IV.2.f", "IV.3.đ")]
    assert [(r["id"], r["old"], r["new"]) for r in d.reworded] == [("IV.8", "Công an tỉnh", "Sở Nội vụ")]
    reassigned = {r["id"]: (r["old"], r["new"]) for r in d.reassigned}
    assert set(reassigned) == {"IV.3.đ", "IV.8.a", "IV.8.b", "IV.8.c", "IV.8.d"}
    assert reassigned["IV.8.a"] == ({"lead": ["Công an tỉnh"], "support": []},
                                    {"lead": ["Sở Nội vụ"], "support": []})
    # moved under item 3, the task's heading agency (its support) follows the new item
    assert reassigned["IV.3.đ"][1]["support"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert d.deadlines_changed == [{"kind": "report", "section": "", "old": "2022-05-15", "new": "2022-06-15"}]
    assert not (d.added or d.removed or d.deadlines_added or d.deadlines_removed or d.bases_added
                or d.bases_removed)


def test_diff_cli(tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text(_edited_seed(), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "diff", str(datasets.hung_yen_2022_path()),
                           str(new), "--format", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["moved"] == [{"from": "IV.2.f", "to": "IV.3.đ", "heading": data["moved"][0]["heading"]}]
    text = subprocess.run([sys.executable, "-m", "ttdn_graph", "diff", str(datasets.hung_yen_2022_path()),
                           str(new)], capture_output=True, text=True, timeout=120).stdout
    assert "deadline   report (closing): 2022-05-15 -> 2022-06-15" in text
    # the text output shows the words that changed, not two texts cut at the same place
    assert "reworded   IV.8: … [Công an tỉnh -> Sở Nội vụ]" in text


def test_a_change_late_in_a_long_text_is_shown() -> None:
    """"năm 2022" -> "năm 2023" at the end of a long heading used to print two equal
    prefixes cut at 50 characters."""
    from ttdn_graph.diff import word_changes

    old = "Định hướng các nhiệm vụ trọng tâm của công tác thông tin đối ngoại năm 2022"
    assert word_changes(old, old.replace("2022", "2023")) == (
        "… đối ngoại năm [2022 -> 2023]")


def test_corpus_cli(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _copy_plans(src)
    folder = tmp_path / "corpus"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ttdn_graph", "corpus", *args], capture_output=True,
                              text=True, timeout=300)

    proc = run("add", str(folder), str(src), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "3 added, 0 updated, 0 unchanged, 0 failed"
    assert run("add", str(folder), str(src)).stdout.strip() == "0 added, 0 updated, 3 unchanged, 0 failed"
    proc = run("query", str(folder), "--name", "plans-based-on", "--param", "number=11-CT/TU", "--format", "json")
    assert [r["province"] for r in json.loads(proc.stdout)] == ["Lào Cai"]
    assert len(run("list", str(folder)).stdout.strip().splitlines()) == 3
    proc = run("push", str(folder), "--endpoint", "http://127.0.0.1:9/query")
    assert proc.returncode == 3 and "cannot reach the server" in proc.stderr


@pytest.mark.parametrize("bad", ["nope"])
def test_open_refuses_a_folder_that_is_not_a_corpus(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ttdn_graph.PlanInputError, match="not a corpus folder"):
        Corpus.open(tmp_path / bad)


def test_two_files_with_one_plan_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(datasets.hung_yen_2022_path(), src / name)
    (src / "b.txt").write_text((src / "b.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = Corpus().add([src], workers=1, progress=False)
    assert len(report.added) == 2
    assert [(Path(a).name, Path(b).name) for a, b, _ in report.conflicts] == [("b.txt", "a.txt")]
    assert "1 replaced another file's plan" in report.summary()


def test_progress_bar_counts_the_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    _copy_plans(src)
    Corpus(tmp_path / "c", keep_store=False).add([src], workers=1, progress=True)
    err = capsys.readouterr().err
    assert "parsing" in err and "3/3" in err and "plan" in err
    Corpus.open(tmp_path / "c", progress=True)
    assert "loading" in capsys.readouterr().err
    Corpus(tmp_path / "d").add([src], workers=1)  # not a terminal: no bar by default
    assert capsys.readouterr().err == ""


def test_add_without_loading_keeps_plans_but_fills_no_store(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _copy_plans(src)
    corpus = Corpus(tmp_path / "c", keep_store=False)
    report = corpus.add([src], workers=2, progress=False, load=False)
    assert len(report.added) == 3
    assert corpus.store.graphs() == []
    reopened = Corpus.open(tmp_path / "c")
    assert len(reopened.store.graphs()) == 4  # three plans and the shared graph
    assert {p.number for p in reopened.plans()} == {"187/KH-UBND", "3210/QĐ-UBND", None}


def test_two_concurrent_adds_keep_every_plan(tmp_path: Path) -> None:
    """Two `corpus add` runs of 100 plans each into one folder both said "100 added" and
    left 100 or 101 entries: the last manifest written won."""
    for part in ("a", "b"):
        folder = tmp_path / part
        folder.mkdir()
        for i in range(100):
            (folder / f"plan_{part}{i}.txt").write_text(
                f"KẾ HOẠCH\nSố: {i}/KH-{part.upper()}\nI. TỔ CHỨC THỰC HIỆN\n"
                f"1. Sở Y tế chủ trì nhiệm vụ {part}{i}.\n", encoding="utf-8")
    corpus = tmp_path / "C"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"version": 1, "entries": {}}', encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "ttdn_graph", "corpus", "add", str(corpus),
                               str(tmp_path / part), "--workers", "1", "--no-progress"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for part in ("a", "b")]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    entries = Corpus.open(corpus, load=False).entries()
    assert len(entries) == 200
    assert {Path(e["source"]).name for e in entries} == {
        f"plan_{part}{i}.txt" for part in ("a", "b") for i in range(100)}
