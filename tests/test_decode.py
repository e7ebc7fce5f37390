"""Decoding: accepted encodings, and clear errors for everything else."""

from __future__ import annotations

import codecs

import pytest

from ttdn_graph.decode import decode
from ttdn_graph.errors import PlanInputError


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters with their shape, tone marks combining."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


TEXT = "Số: 187/KH-UBND\nHưng Yên, ngày 13 tháng 12 năm 2021\nỦy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_accepted_encodings(data: bytes) -> None:
    assert decode(data) == TEXT


def test_named_legacy_codec() -> None:
    data = cp1258(TEXT)
    import unicodedata

    assert unicodedata.normalize("NFC", decode(data, "cp1258")) == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the input is empty"),
        (b"  \n\t ", "the input is empty"),
        (b"PK\x03\x04\x00\x00binary zip", "binary file"),
        (cp1258(TEXT), "it looks like cp1258: pass --encoding cp1258"),
        ("Hưng Yên".encode().decode("latin-1").encode("cp1252", "ignore") + b"\xff\xfe\xfd", "not valid UTF-8"),
    ],
    ids=["empty", "blank", "binary", "cp1258-unnamed", "garbage"],
)
def test_errors_name_the_problem(data: bytes, message: str) -> None:
    with pytest.raises(PlanInputError) as info:
        decode(data, source="plan.txt")
    assert message in str(info.value)
    assert str(info.value).startswith("plan.txt")


def test_error_gives_the_line() -> None:
    data = "dòng 1\ndòng 2\n".encode() + b"\xe0\xe1 l\xf5i\n"
    with pytest.raises(PlanInputError) as info:
        decode(data, source="x.txt")
    assert info.value.line == 3
    assert str(info.value).startswith("x.txt:3:")


def test_too_large() -> None:
    with pytest.raises(PlanInputError, match="file too large"):
        decode(b"a" * 101, max_bytes=100)


def test_unknown_codec_named() -> None:
    with pytest.raises(PlanInputError, match="unknown encoding 'tcvn9'"):
        decode(b"abc", "tcvn9")


# Classic renderings of "Cộng hòa xã hội chủ nghĩa Việt Nam. Kế hoạch hoạt động thông tin
# đối ngoại" in the legacy font encodings, as bytes a Windows machine saves.
TCVN3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam. KÕ ho¹ch ho¹t ®éng th«ng tin ®èi ngo¹i".encode("cp1252")
VNI = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Keá hoaïch hoaït ñoäng thoâng tin ñoái ngoaïi".encode("cp1252")


@pytest.mark.parametrize(("data", "name"), [(TCVN3, "TCVN3"), (VNI, "VNI")])
def test_legacy_font_encodings_are_named(data: bytes, name: str) -> None:
    with pytest.raises(PlanInputError) as info:
        decode(data, source="old.txt")
    assert f"it looks like {name}" in str(info.value)
    assert "convert the file to Unicode" in str(info.value)


def test_mojibake_is_named_and_can_be_repaired() -> None:
    good = "Kế hoạch hoạt động thông tin đối ngoại tỉnh Hưng Yên"
    for codec in ("cp1252", "latin-1"):
        bad = good.encode("utf-8").decode(codec, errors="replace" if codec == "cp1252" else "strict")
        if "\ufffd" in bad:
            bad = good.encode("utf-8").decode("latin-1")
        data = bad.encode("utf-8")
        with pytest.raises(PlanInputError, match="mojibake") as info:
            decode(data, source="x.txt")
        assert "--fix-mojibake" in str(info.value) and "Káº¿" in str(info.value)
        assert decode(data, fix_mojibake_text=True) == good


def test_real_vietnamese_is_not_mojibake() -> None:
    from ttdn_graph import datasets
    from ttdn_graph.decode import find_mojibake

    assert find_mojibake(datasets.hung_yen_2022_text()) is None
    assert find_mojibake("Ông Ấn, bà Ánh, anh Ẩn: Ã là chữ cái") is None


@pytest.mark.parametrize("codec", ["base64", "rot13", "zlib"])
def test_a_codec_that_is_not_a_text_encoding_is_an_input_error(codec: str) -> None:
    """These raised LookupError, an "internal error" in the CLI."""
    from ttdn_graph import PlanInputError, parse_bytes

    with pytest.raises(PlanInputError, match="is not a text encoding"):
        parse_bytes("Kế hoạch".encode(), encoding=codec)


def test_a_lone_surrogate_is_an_input_error() -> None:
    """parse_text("I. I. \\ud800") returned a plan whose to_json() raised."""
    from ttdn_graph import PlanInputError, parse_text

    with pytest.raises(PlanInputError, match=r"U\+D800.*character 6") as info:
        parse_text("I. I. \ud800")
    assert info.value.line == 1
