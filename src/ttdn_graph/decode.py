"""Stage 1: bytes -> text.

We accept what Vietnamese offices actually produce and refuse to guess silently:

* UTF-8, with or without a byte-order mark;
* UTF-16 (and UTF-32) when a byte-order mark says so;
* any other codec only when the caller names it (``encoding="cp1258"``).

Undecodable input raises :class:`~ttdn_graph.errors.PlanInputError` naming the most
likely encoding and the option that reads it.
"""

from __future__ import annotations

import codecs
import re

from .errors import PlanInputError

__all__ = ["DEFAULT_MAX_BYTES", "decode", "guess_legacy_encoding"]

#: Real plans are a few hundred kilobytes at most; anything larger is refused unless the
#: caller raises the limit (``max_bytes=None`` or ``--max-size``).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that TCVN3 (ABC) fonts use for Vietnamese letters with tone marks; in such
# files they are dense, while in cp1258 the same bytes are rare punctuation.
_TCVN3_BYTES = re.compile(rb"[\xb5-\xbe\xc6-\xcf\xd1-\xdc\xe3-\xfe]")
# VNI writes a base letter followed by a tone/shape byte, e.g. "a\xf8" for "á".
_VNI_PAIRS = re.compile(rb"[aeiouyAEIOUY][\xf8\xf9\xfa\xfb\xf5\xf6\xf7\xe2\xe1\xe0\xe5\xe4\xe3]")
# cp1258 spells tone marks as combining bytes after a vowel: \xcc \xec \xd2 \xde \xf2.
_CP1258_TONES = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xc2\xca\xd4\xd5\xdd][\xcc\xec\xd2\xde\xf2]")


def guess_legacy_encoding(data: bytes) -> str | None:
    """Name the legacy Vietnamese encoding ``data`` most likely uses, or ``None``.

    Only a guess for the error message: the library never decodes on a guess.
    """
    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    if high == 0:
        return None
    scores = {
        "cp1258": len(_CP1258_TONES.findall(sample)),
        "VNI": len(_VNI_PAIRS.findall(sample)),
        "TCVN3": len(_TCVN3_BYTES.findall(sample)) // 3,
    }
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "cp1252 or another single-byte code page"
    return best


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 0x09 or 0x0E <= b < 0x20)
    return controls > max(8, len(head) // 50)


def decode(
    data: bytes,
    encoding: str | None = None,
    *,
    source: str = "<bytes>",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Decode the bytes of a plan into text, without a byte-order mark.

    Args:
        data: the raw file content.
        encoding: a codec name to use instead of detection (``"cp1258"``).
        source: a name for messages (usually the file path).
        max_bytes: refuse larger inputs; ``None`` for no limit.

    Returns:
        The decoded text. Offsets in the parsed model count code points of this string.

    Raises:
        PlanInputError: empty, binary, too large, or not decodable as named/detected.

    Examples:
        >>> decode("Số: 1/KH-UBND".encode("utf-16"))
        'Số: 1/KH-UBND'
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise PlanInputError(
            source,
            f"file too large ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB;"
            " raise it with --max-size or max_bytes=)",
        )
    if not data.strip():
        raise PlanInputError(source, "the input is empty")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise PlanInputError(source, f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise PlanInputError(
                source, f"not valid {encoding} at byte {exc.start}", line=line
            ) from None
        return text.removeprefix("\ufeff")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise PlanInputError(
                    source, f"starts with a {codec} byte-order mark but is not valid {codec}"
                    f" at byte {exc.start + len(bom)}"
                ) from None
    if _looks_binary(data):
        raise PlanInputError(source, "this is a binary file, not a text (is it a .docx or .pdf?)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = guess_legacy_encoding(data)
        line = data.count(b"\n", 0, exc.start) + 1
        hint = f"; it looks like {guess}: {_remedy(guess)}" if guess else ""
        raise PlanInputError(
            source, f"not valid UTF-8 at byte {exc.start}{hint}", line=line
        ) from None
    return text


def _remedy(guess: str) -> str:
    if guess in ("TCVN3", "VNI"):
        return (
            f"{guess} is a font encoding Python cannot decode;"
            " convert the file to Unicode (UTF-8) first"
        )
    if guess == "cp1258":
        return "pass --encoding cp1258 (encoding='cp1258' in Python)"
    return "pass the right --encoding (encoding= in Python)"
