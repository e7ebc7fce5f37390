"""Optional packages: a missing one is a clear error with the pip line, never a traceback.

A package is made missing by putting ``None`` in ``sys.modules`` (Python then refuses to
import it), so these tests run in the full test environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ttdn_graph import datasets
from ttdn_graph.cli import main
from ttdn_graph.errors import MissingExtraError
from ttdn_graph.matrix import responsibility_matrix


def _hide(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)


@pytest.mark.parametrize(("suffix", "module", "extra"), [(".xlsx", "openpyxl", "xlsx"),
                                                          (".png", "matplotlib", "viz")])
def test_cli_names_the_extra_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], suffix: str,
                                        module: str, extra: str) -> None:
    _hide(monkeypatch, module)
    out = tmp_path / f"m{suffix}"
    code = main(["matrix", str(datasets.hung_yen_2022_path()), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"pip install 'ttdn_graph[{extra}]'" in err
    assert "internal error" not in err and err.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_to_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    m = responsibility_matrix(datasets.hung_yen_2022())
    _hide(monkeypatch, "pandas")
    with pytest.raises(MissingExtraError, match=r"pip install 'ttdn_graph\[pandas\]'") as info:
        m.to_dataframe()
    assert (info.value.package, info.value.extra) == ("pandas", "pandas")
    assert isinstance(info.value, ImportError)  # code that catches ImportError keeps working


def test_run_query_as_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    from ttdn_graph.queries import run_query
    from ttdn_graph.rdf import to_rdf

    graph = to_rdf(datasets.hung_yen_2022())
    _hide(monkeypatch, "pandas")
    with pytest.raises(MissingExtraError, match="as_dataframe"):
        run_query(graph, "lead-counts", as_dataframe=True)
    assert run_query(graph, "lead-counts")  # rows as dicts need nothing optional


def test_docx_reader_without_python_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _hide(monkeypatch, "docx")
    doc = tmp_path / "plan.docx"
    doc.write_bytes(b"PK\x03\x04 not really a docx")
    assert main(["parse", str(doc)]) == 2
    assert "pip install 'ttdn_graph[docx]'" in capsys.readouterr().err


def test_demo_without_matplotlib_skips_pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _hide(monkeypatch, "matplotlib")
    assert main(["demo", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "pictures skipped" in out and "pip install 'ttdn_graph[viz]'" in out
    assert not list((tmp_path / "out").glob("*.png"))
    assert (tmp_path / "out" / "report.html").exists()
