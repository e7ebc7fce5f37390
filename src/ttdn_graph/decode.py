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

__all__ = [
    "DEFAULT_MAX_BYTES", "check_text_size", "decode", "find_mojibake", "fix_mojibake",
    "guess_legacy_encoding", "too_large",
]

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


# UTF-8 read as cp1252/Latin-1 and saved again: "Káº¿ hoáº¡ch", "Ä‘á»‘i", "thÃ´ng".
# Vietnamese letters turn into "Ã"/"Ä"/"Æ"/"áº"/"á»" followed by a continuation character.
# (The pattern opens with a character class, its first letters, so the engine skips the
# other characters at once: "[ÃÄÆ]X|á[º»]X" opens with no one class and is tried at every
# position.)
_CONTINUATION = "[\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
_MOJIBAKE = re.compile(f"[ÃÄÆá](?:(?<=[ÃÄÆ])|(?<=á)[º»]){_CONTINUATION}")
# what a match of _MOJIBAKE opens with: one of the two pairs, or one of the capitals
# and a continuation character (a capital alone is Vietnamese: "XÃ HỘI")
_MOJIBAKE_PAIRS = ("áº", "á»")
_MOJIBAKE_CAPITALS = "ÃÄÆ"
_CONTINUES_MOJIBAKE = re.compile(_CONTINUATION)


def _may_hold_mojibake(text: str) -> bool:
    """False when ``text`` holds no match of _MOJIBAKE (most texts); True when it may.

    Its openings are looked for with ``str.find`` (a C loop over the text, several times
    faster than the engine's test of each character against the pattern's first class);
    the few capitals found (Vietnamese "Ã" in capitals) are each asked of the character
    after them."""
    if any(pair in text for pair in _MOJIBAKE_PAIRS):
        return True
    for capital in _MOJIBAKE_CAPITALS:
        at = text.find(capital)
        while at >= 0:
            if _CONTINUES_MOJIBAKE.match(text, at + 1):
                return True
            at = text.find(capital, at + 1)
    return False


def too_large(source: str, what: str, max_bytes: int, size: int | None = None) -> PlanInputError:
    """The one error for an input over the size limit; ``size`` ``None`` when reading
    stopped at the limit (a stream, a decompressed member)."""
    limit = f"{max_bytes / 2**20:.4g} MB"
    amount = f"{size / 2**20:.1f} MB; the limit is {limit}" if size is not None else f"more than {limit}"
    return PlanInputError(
        source, f"{what} too large ({amount}; raise the limit with --max-size or max_bytes=)")


def check_text_size(text: str, max_bytes: int | None, *, source: str) -> str:
    """Refuse a text extracted from a document (.docx, .pdf) that is larger, in UTF-8,
    than the limit on inputs: a small file must not unpack to a huge text."""
    if max_bytes is None or 4 * len(text) <= max_bytes:  # a code point is 1-4 bytes
        return text
    size = len(text) if len(text) > max_bytes else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise too_large(source, "extracted text", max_bytes, size)
    return text


def find_mojibake(text: str) -> str | None:
    """A sample of double-encoded text if ``text`` looks like mojibake, else ``None``."""
    sample = text[:200_000]
    if not _may_hold_mojibake(sample):
        return None
    hits = _MOJIBAKE.findall(sample)
    if len(hits) < 3:
        return None
    m = _MOJIBAKE.search(sample)
    assert m is not None
    start = max(sample.rfind("\n", 0, m.start()) + 1, m.start() - 12)
    return sample[start : m.end() + 12].split("\n")[0]


def fix_mojibake(text: str, *, source: str = "<text>") -> str:
    """Undo one round of UTF-8 read as cp1252/Latin-1: "Káº¿ hoáº¡ch" -> "Kế hoạch"."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                out += ch.encode("utf-8")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanInputError(source, f"cannot repair the mojibake at byte {exc.start}") from None


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
    fix_mojibake_text: bool = False,
) -> str:
    """Decode the bytes of a plan into text, without a byte-order mark.

    Args:
        data: the raw file content.
        encoding: a codec name to use instead of detection (``"cp1258"``).
        source: a name for messages (usually the file path).
        max_bytes: refuse larger inputs; ``None`` for no limit.
        fix_mojibake_text: repair text that was UTF-8 read as cp1252 and saved again
            (otherwise such text is refused with an error naming the problem).

    Returns:
        The decoded text. Offsets in the parsed model count code points of this string.

    Raises:
        PlanInputError: empty, binary, too large, or not decodable as named/detected.

    Examples:
        >>> decode("Số: 1/KH-UBND".encode("utf-16"))
        'Số: 1/KH-UBND'
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(source, "file", max_bytes, len(data))
    if not data.strip():
        raise PlanInputError(source, "the input is empty")
    if encoding is not None:
        return _decode_as(data, encoding, source)
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
        raise PlanInputError(
            source, "this is a binary file, not a text (a .docx or .pdf must end in .docx or .pdf)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = guess_legacy_encoding(data)
        line = data.count(b"\n", 0, exc.start) + 1
        hint = f"; it looks like {guess}: {_remedy(guess)}" if guess else ""
        raise PlanInputError(
            source, f"not valid UTF-8 at byte {exc.start}{hint}", line=line
        ) from None
    return check_mojibake(text, source=source, fix=fix_mojibake_text)


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    """``data`` decoded with the codec the user named, which must be a text codec."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise PlanInputError(source, f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib ...
        raise PlanInputError(source, f"{encoding!r} is not a text encoding (use e.g. cp1258)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PlanInputError(source, f"not valid {encoding} at byte {exc.start}", line=line) from None
    return text.removeprefix("\ufeff")


def check_mojibake(text: str, *, source: str, fix: bool) -> str:
    """Refuse (or, with ``fix``, repair) double-encoded text."""
    sample = find_mojibake(text)
    if sample is None:
        return text
    if fix:
        return fix_mojibake(text, source=source)
    raise PlanInputError(
        source,
        f"the text is mojibake (UTF-8 read as cp1252/Latin-1 and saved again), e.g. {sample!r};"
        " repair it with --fix-mojibake (fix_mojibake=True in Python)",
    )


def _remedy(guess: str) -> str:
    if guess in ("TCVN3", "VNI"):
        return (
            f"{guess} is a font encoding Python cannot decode;"
            " convert the file to Unicode (UTF-8) first"
        )
    if guess == "cp1258":
        return "pass --encoding cp1258 (encoding='cp1258' in Python)"
    return "pass the right --encoding (encoding= in Python)"
