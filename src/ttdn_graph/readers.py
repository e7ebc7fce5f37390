"""Readers for the formats plans are published in: .docx and .pdf (with a text layer).

Each reader returns plain text that the pipeline parses like any other text; spans in
the parsed plan point into that extracted text, which :attr:`Plan.text` carries.

- ``.docx`` (python-docx, the ``docx`` extra): paragraphs and tables in document order;
  a table row becomes one line with its cells separated by TAB (the shape the table
  reader of appendices expects); paragraphs are separated by blank lines.
- ``.pdf`` (pypdf, the ``pdf`` extra): the text layer page by page. No OCR: a scanned
  PDF without text is refused with a message that says so.

The size limit on inputs (``max_bytes``) holds inside containers too: the members of a
.docx are unpacked as a stream that stops at the limit, and the text a reader extracts
is measured again (:func:`~ttdn_graph.decode.check_text_size`).
:func:`read_file` reads only regular files: a FIFO or a device (``/dev/zero``) is
refused at once instead of blocking or filling memory.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import stat
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .decode import DEFAULT_MAX_BYTES, check_text_size, too_large
from .errors import PlanInputError

__all__ = ["READERS", "read_docx", "read_file", "read_pdf", "reader_for"]

_CHUNK = 1 << 20


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES,
    source: str | None = None,
) -> bytes:
    """The bytes of a regular file, read up to ``max_bytes`` (``None``: no limit).

    The file is opened without blocking and checked before anything is read: a folder,
    a FIFO (named pipe), a device such as ``/dev/zero`` or a socket is refused with a
    :class:`PlanInputError`, as is a file larger than the limit (also one that grows
    while it is read).
    """
    name = source if source is not None else os.fspath(path)
    try:  # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PlanInputError(name, "no such file") from None
    except IsADirectoryError:
        raise PlanInputError(name, "is a folder, not a file") from None
    except OSError as exc:
        raise PlanInputError(name, f"cannot read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise PlanInputError(name, "is a folder, not a file")
        what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise PlanInputError(name, f"is {what}, not a regular file; save the plan to a file first")
    if max_bytes is not None and info.st_size > max_bytes:
        os.close(fd)
        raise too_large(name, "file", max_bytes, info.st_size)
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
        except OSError as exc:
            raise PlanInputError(name, f"cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:  # it grew while we read it
        raise too_large(name, "file", max_bytes)
    return data


def _need(module: str, source: str) -> None:
    """Import an optional reader package through the one door, or raise."""
    from ._optional import require

    require(module, f"reading {source}")


def _check_members(data: bytes, max_bytes: int | None, source: str) -> None:
    """Unpack every member of a zip as a stream, stopping as soon as the total passes
    ``max_bytes``: a small .docx that unpacks to gigabytes is refused after reading the
    limit, not after filling memory. (``zipfile`` never yields more than a member's
    declared size, so what python-docx reads afterwards is bounded by this count.)"""
    if max_bytes is None:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                if info.is_dir():
                    continue
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise too_large(source, f"unpacked .docx (at {info.filename})", max_bytes)
    except PlanInputError:
        raise
    except Exception as exc:  # zipfile's errors: bad zip, bad CRC, unsupported method
        raise PlanInputError(source, f"not a readable .docx file ({type(exc).__name__})") from None


def read_docx(data: bytes, *, source: str = "<docx>",
              max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """The text of a Word document: paragraphs and table rows in document order.

    ``max_bytes`` bounds the unpacked members and the extracted text (``None``: no limit).
    """
    _need("docx", source)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_members(data, max_bytes, source)
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
    text = "\n\n".join(b for b in blocks if b.strip()) + "\n"
    return check_text_size(text, max_bytes, source=source)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's warnings (log records and Python warnings about a damaged file) off
    stderr: an error stays one line, and a readable file reads quietly."""
    logger = logging.getLogger("pypdf")
    handler = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_pdf(data: bytes, *, source: str = "<pdf>",
             max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """The text layer of a PDF, page after page (no OCR).

    ``max_bytes`` bounds the extracted text (``None``: no limit); pypdf's own limits
    bound each decompressed stream.
    """
    _need("pypdf", source)
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    pages: list[str] = []
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise PlanInputError(source, "the PDF is encrypted")
            size = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if max_bytes is not None and size > max_bytes:
                    raise too_large(source, "extracted text", max_bytes)
    except PlanInputError:
        raise
    except LimitReachedError as exc:  # a decompression bomb, a loop, a huge declared size
        raise PlanInputError(source, f"the PDF is too large or loops when unpacked ({_first_line(exc)})") from None
    except DependencyError as exc:  # JBIG2, Brotli, AES without their decoder
        raise PlanInputError(source, f"the PDF needs a decoder that is not installed ({_first_line(exc)})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            ZeroDivisionError, RecursionError) as exc:
        raise PlanInputError(source, f"not a readable PDF ({type(exc).__name__}: {_first_line(exc)})") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise PlanInputError(
            source, "the PDF has no text layer (a scan?); OCR it first, ttdn_graph does not"
        )
    return check_text_size(text + "\n", max_bytes, source=source)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


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
