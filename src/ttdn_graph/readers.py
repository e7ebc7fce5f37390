"""Readers for the formats plans are published in: .docx and .pdf (with a text layer).

Each reader returns plain text that the pipeline parses like any other text; spans in
the parsed plan point into that extracted text, which :attr:`Plan.text` carries.

- ``.docx`` (python-docx, the ``docx`` extra): paragraphs and tables in document order;
  a table row becomes one line with its cells separated by TAB (the shape the table
  reader of appendices expects); paragraphs are separated by blank lines.
- ``.pdf`` (pypdf, the ``pdf`` extra): the text layer page by page. No OCR: a scanned
  PDF without text is refused with a message that says so.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from .errors import PlanInputError

__all__ = ["READERS", "read_docx", "read_pdf", "reader_for"]


def _need(module: str, source: str) -> None:
    """Import an optional reader package through the one door, or raise."""
    from ._optional import require

    require(module, f"reading {source}")


def read_docx(data: bytes, *, source: str = "<docx>") -> str:
    """The text of a Word document: paragraphs and table rows in document order."""
    _need("docx", source)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zipfile, lxml and python-docx errors
        raise PlanInputError(source, f"not a readable .docx file ({type(exc).__name__})") from None
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    text = "\n".join(p.text for p in cell.paragraphs).strip()
                    cells.append(" ".join(text.split("\n")))
                rows.append("\t".join(cells))
            blocks.append("\n".join(rows))
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def read_pdf(data: bytes, *, source: str = "<pdf>") -> str:
    """The text layer of a PDF, page after page (no OCR)."""
    _need("pypdf", source)
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PlanInputError(source, "the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise PlanInputError(source, f"not a readable PDF ({exc})") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise PlanInputError(
            source, "the PDF has no text layer (a scan?); OCR it first, ttdn_graph does not"
        )
    return text + "\n"


READERS = {".docx": read_docx, ".pdf": read_pdf}


def reader_for(path: str | os.PathLike[str], data: bytes) -> str | None:
    """The reader's name for a file, by its suffix or its first bytes; ``None`` for text."""
    suffix = Path(os.fspath(path)).suffix.lower()
    if suffix in READERS:
        return suffix
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return ".docx"
    return None
