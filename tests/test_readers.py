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




# --- inputs that used to walk around the limits or stop the reader (issue 14) ------------


def minimal_pdf(content: bytes, filters: str = "", *, wrong_offsets: bool = False) -> bytes:
    """A one-page PDF whose page content stream is ``content`` (encoded by ``filters``),
    written by hand so that a test controls every byte; ``wrong_offsets`` shifts the
    cross-reference table, which pypdf repairs with a warning per object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources"
        b" << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), filters.encode()) + content
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out) + (7 if wrong_offsets else 0))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_lines(lines: list[str]) -> bytes:
    """A content stream that shows each line (ASCII) on its own line of the page."""
    shown = b" ".join(b"(%s) Tj T*" % line.encode("ascii") for line in lines)
    return b"BT /F1 10 Tf 12 TL 40 760 Td " + shown + b" ET"


def test_hand_written_pdf_reads(tmp_path: Path) -> None:
    """The helper's PDF is a valid one: its text comes out (so the tests below fail
    for the reason they name, not because the file is broken)."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(minimal_pdf(pdf_lines(["KE HOACH", "Thong tin doi ngoai"])))
    from ttdn_graph.readers import read_pdf

    assert read_pdf(path.read_bytes()).split() == ["KE", "HOACH", "Thong", "tin", "doi", "ngoai"]


def test_pdf_decompression_bomb_is_an_input_error(tmp_path: Path) -> None:
    """A 100 KB stream that inflates past pypdf's limit (75 MB) stopped pypdf with
    LimitReachedError, reported as "internal error" (exit 1)."""
    import zlib

    bomb = zlib.compress(pdf_lines(["KE HOACH"]) + b" " * 80_000_000, 9)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(minimal_pdf(bomb, "/Filter /FlateDecode"))
    with pytest.raises(PlanInputError, match="too large or loops when unpacked") as info:
        ttdn_graph.parse(path)
    assert str(path) in str(info.value)


def test_pdf_needing_a_missing_decoder_is_an_input_error(tmp_path: Path) -> None:
    """A stream in a filter pypdf needs another package for (Brotli, like JBIG2 needs
    jbig2dec) raised DependencyError: an internal error, though the file is at fault."""
    import importlib.util

    if importlib.util.find_spec("brotli") is not None:
        pytest.skip("brotli is installed here, so pypdf can decode the stream")
    path = tmp_path / "brotli.pdf"
    path.write_bytes(minimal_pdf(b"not brotli data", "/Filter /BrotliDecode"))
    with pytest.raises(PlanInputError, match="needs a decoder that is not installed"):
        ttdn_graph.parse(path)


def test_pdf_text_counts_against_the_size_limit(tmp_path: Path) -> None:
    """The limit held only for the file on disk: a small PDF could yield any text."""
    import zlib

    lines = [f"Dong so {i} cua mot ke hoach rat dai" for i in range(60_000)]  # ~2.3 MB of text
    path = tmp_path / "long.pdf"
    path.write_bytes(minimal_pdf(zlib.compress(pdf_lines(lines)), "/Filter /FlateDecode"))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(PlanInputError, match="extracted text too large"):
        ttdn_graph.parse(path, max_bytes=1024 * 1024)


def test_pypdf_warnings_do_not_add_lines_to_the_error(tmp_path: Path) -> None:
    """pypdf logs a warning for each object it finds at a wrong offset; those lines
    reached stderr ahead of the one-line error."""
    import subprocess
    import sys

    path = tmp_path / "repaired.pdf"
    path.write_bytes(minimal_pdf(pdf_lines(["Hello"]), wrong_offsets=True))
    proc = subprocess.run([sys.executable, "-m", "ttdn_graph", "parse", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "does not look like a plan" in proc.stderr


def write_docx_with_body(path: Path, paragraph: bytes, count: int) -> None:
    """A .docx (python-docx's own template) whose body repeats ``paragraph`` ``count``
    times, streamed into the zip so that a large body costs little memory here."""
    import io
    import zipfile

    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, data)
                continue
            head = data.split(b"<w:body>")[0] + b"<w:body>"
            with dst.open("word/document.xml", "w") as out:
                out.write(head)
                block = paragraph * 1000
                for _ in range(count // 1000):
                    out.write(block)
                out.write(b"</w:body></w:document>")


PARAGRAPH = "<w:p><w:r><w:t>Sở Ngoại vụ chủ trì thực hiện.</w:t></w:r></w:p>".encode()


def test_docx_unpacking_past_the_limit_is_refused_while_unpacking(tmp_path: Path) -> None:
    """A small .docx whose XML unpacks to 64 MB: the limit held only for the file on disk,
    so python-docx read it all (2.2 MB unpacking to 1 GB took 572 s and 8.2 GB). It is
    now refused after unpacking no more than the limit and a read buffer."""
    import tracemalloc

    path = tmp_path / "bomb.docx"
    write_docx_with_body(path, PARAGRAPH, 64 * 2**20 // len(PARAGRAPH))
    assert path.stat().st_size < 2**20
    tracemalloc.start()
    try:
        with pytest.raises(PlanInputError, match=r"unpacked \.docx \(at word/document\.xml\)"
                                                 r" too large \(more than 4 MB"):
            ttdn_graph.parse(path, max_bytes=4 * 2**20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak


def test_docx_under_the_limit_still_reads(tmp_path: Path) -> None:
    """The cap counts the unpacked bytes of all members: a .docx unpacking to exactly the
    limit reads whole, one byte more is refused."""
    import zipfile

    from ttdn_graph.readers import read_docx

    path = tmp_path / "long.docx"
    write_docx_with_body(path, PARAGRAPH, 10_000)
    with zipfile.ZipFile(path) as zf:
        unpacked = sum(info.file_size for info in zf.infolist())
    assert unpacked > len(PARAGRAPH) * 10_000
    text = read_docx(path.read_bytes(), max_bytes=unpacked)
    assert text.count("Sở Ngoại vụ chủ trì thực hiện.") == 10_000
    with pytest.raises(PlanInputError, match="too large"):
        read_docx(path.read_bytes(), max_bytes=unpacked - 1)
