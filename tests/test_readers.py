"""Plans as .docx and .pdf give the same model as their text.

The documents are built here from the text: python-docx for Word (header lines as a
two-column table, like real plans), fpdf2 with the DejaVu font shipped by matplotlib for
PDF (lines wrapped by the PDF writer, as real PDFs are).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ttdn_graph
from ttdn_graph import Plan, PlanInputError, datasets

from .conftest import LAO_CAI, TPHCM
from .test_equivalence import comparable

SOURCES = {
    "hung_yen": datasets.hung_yen_2022_path(),
    "lao_cai": LAO_CAI,
    "tphcm": TPHCM,
}


def make_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            cells = line.split("\t")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(line)
    document.save(str(path))


def make_pdf(text: str, path: Path) -> None:
    import matplotlib
    from fpdf import FPDF

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(4)
            continue
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.mark.parametrize("name", ["hung_yen", "lao_cai"])
def test_docx_gives_the_same_plan(tmp_path: Path, name: str) -> None:
    source = SOURCES[name]
    text_plan = ttdn_graph.parse(source)
    path = tmp_path / f"{name}.docx"
    make_docx(Path(source).read_text(encoding="utf-8"), path)
    plan = ttdn_graph.parse(path)
    assert comparable(plan) == comparable(text_plan)
    assert plan.source is not None and plan.source.encoding == "docx"
    for a in plan.assignments:  # spans point into the extracted text the plan carries
        assert " ".join(plan.text[a.evidence.start : a.evidence.end].split()) == a.quote


def facts(plan: Plan) -> dict[str, object]:
    """What a PDF must give back. Its text layer has no blank lines between paragraphs,
    so where one paragraph ends at a full line the PDF cannot tell: section texts may
    differ in line breaks, nothing else may."""
    return {
        "header": (plan.number, plan.doc_type, plan.date, plan.place, plan.issuer, plan.title, plan.year),
        "sections": [s.id for s in plan.sections],
        "bases": [(b.doc_type, b.number, b.date, b.issuer, b.title) for b in plan.legal_bases],
        "citations": [(c.doc_type, c.number, c.date) for c in plan.citations],
        "assignments": sorted((a.section, a.agency, a.role, a.cue) for a in plan.assignments),
        "deadlines": [(d.date, d.kind, d.section, d.recipients) for d in plan.deadlines],
        "signer": plan.signer.model_dump(exclude={"span"}) if plan.signer else None,
    }


@pytest.mark.parametrize("name", ["hung_yen", "tphcm"])
def test_pdf_gives_the_same_plan(tmp_path: Path, name: str) -> None:
    source = SOURCES[name]
    text_plan = ttdn_graph.parse(source)
    path = tmp_path / f"{name}.pdf"
    make_pdf(Path(source).read_text(encoding="utf-8"), path)
    plan = ttdn_graph.parse(path)
    assert facts(plan) == facts(text_plan)
    assert plan.source is not None and plan.source.encoding == "pdf"
    if name == "hung_yen":  # blank lines separate its paragraphs: everything is the same
        assert comparable(plan) == comparable(text_plan)


def test_pdf_without_text_layer_is_named(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(PlanInputError, match="no text layer"):
        ttdn_graph.parse(path)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_broken_files_are_named(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04 not really" if suffix == ".docx" else b"%PDF-1.4 garbage")
    with pytest.raises(PlanInputError) as info:
        ttdn_graph.parse(path)
    assert str(path) in str(info.value)


def test_cli_reads_docx(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    path = tmp_path / "plan.docx"
    make_docx(datasets.hung_yen_2022_text(), path)
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "parse", str(path), "--no-text"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["number"] == "187/KH-UBND"


