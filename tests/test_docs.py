"""The documentation site builds with every warning an error (so CI builds it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    pytest.importorskip("myst_nb")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Getting started" in index
    tour = (tmp_path / "html" / "_generated" / "tour.html").read_text(encoding="utf-8")
    assert "Văn phòng Ủy ban nhân dân tỉnh" in tour  # executed: outputs are in the page
    # the matrix and network pictures are in the page as images whose files exist
    imgs = re.findall(r'<img[^>]+src="([^"]+\.png)"', tour)
    assert len(imgs) >= 2, imgs
    for src in imgs:
        assert (tmp_path / "html" / "_generated" / src).stat().st_size > 10_000
    vocab = (tmp_path / "html" / "_generated" / "vocabulary.html").read_text(encoding="utf-8")
    assert "ttdn:lead" in vocab and "chủ trì" in vocab
