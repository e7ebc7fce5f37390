"""Every script and notebook in examples/ runs."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_script_runs(script: Path) -> None:
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "187/KH-UBND" in proc.stdout


def test_quickstart_prints_the_roles() -> None:
    proc = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], capture_output=True,
                          text=True, timeout=300)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("IV.2.f ")]
    assert lines == ["IV.2.f     chủ trì: Văn phòng Ủy ban nhân dân tỉnh | phối hợp: Sở Thông tin và Truyền thông"]


@pytest.mark.parametrize("notebook", sorted(EXAMPLES.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_runs(notebook: Path, tmp_path: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "187/KH-UBND" in text and "Sở Thông tin và Truyền thông" in text
    # every cell that draws a figure shows it as a picture, not as "<Figure size ...>"
    figure_cells = [c for c in nb.cells if c.cell_type == "code" and "_figure(" in c.source]
    for cell in figure_cells:
        pngs = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, cell.source
        assert base64.b64decode(pngs[0]["data"]["image/png"]).startswith(b"\x89PNG")
