"""Text as ``pdftotext -layout`` writes it: two-column header and signature block on
shared lines, indented and hard-wrapped paragraphs, no blank lines between them."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import ttdn_graph
from ttdn_graph import Plan, datasets

from .test_readers import facts, make_pdf


def two_columns(left: list[str], right: list[str], width: int = 52) -> list[str]:
    rows = max(len(left), len(right))
    left = left + [""] * (rows - len(left))
    right = right + [""] * (rows - len(right))
    return [f"{a:<{width}}{b}".rstrip() for a, b in zip(left, right, strict=True)]


def layout_version(text: str) -> str:
    """The bundled plan laid out as pdftotext -layout prints such a page."""
    lines = text.split("\n")
    body_start = next(i for i, ln in enumerate(lines) if ln.startswith("KẾ HOẠCH"))
    closing = next(i for i, ln in enumerate(lines) if ln.startswith("Nơi nhận"))
    out = two_columns(["      ỦY BAN NHÂN DÂN", "       TỈNH HƯNG YÊN", "", "   Số: 187/KH-UBND"],
                      ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "   Độc lập - Tự do - Hạnh phúc", "",
                       "Hưng Yên, ngày 13 tháng 12 năm 2021"])
    out.append("")
    for line in lines[body_start:closing]:
        if not line.strip():
            continue  # no blank lines between paragraphs
        centered = line in ("KẾ HOẠCH",) or line.startswith("Hoạt động thông tin đối ngoại tỉnh")
        if centered:
            out.append(" " * 20 + line)
            continue
        out.extend(textwrap.wrap(line, 78, initial_indent="    ", subsequent_indent=""))
    recipients = [ln for ln in lines[closing:] if ln.startswith(("Nơi nhận", "- "))]
    out.extend(two_columns(recipients, ["   TM. ỦY BAN NHÂN DÂN", "      KT. CHỦ TỊCH", "     PHÓ CHỦ TỊCH"]))
    out.extend(["", " " * 52 + "Nguyễn Duy Hưng"])
    return "\n".join(out) + "\n"


def test_layout_text_gives_the_same_plan(seed: Plan) -> None:
    text = layout_version(datasets.hung_yen_2022_text())
    assert "    " in text and "\t" not in text
    plan = ttdn_graph.parse_text(text)
    assert facts(plan) == facts(seed)
    assert [r.name for r in plan.recipients] == [r.name for r in seed.recipients]
    assert plan.issuer == seed.issuer


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext (Debian package poppler-utils) is not installed")
def test_real_pdftotext_layout_output(tmp_path: Path, seed: Plan) -> None:
    pdf = tmp_path / "plan.pdf"
    make_pdf(datasets.hung_yen_2022_text(), pdf)
    out = tmp_path / "plan.txt"
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), str(out)], check=True, timeout=60)
    plan = ttdn_graph.parse(out)
    assert facts(plan) == facts(seed)
