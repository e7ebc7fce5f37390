"""Compiled regular expressions, each with what it matches and a sample.

All patterns run on NORMALIZED text (NFC, one tone-mark style, ``-`` for dashes,
single spaces). None of them nests unbounded repetitions, so matching stays linear in
the length of the input (the fuzz tests check the worst inputs we could build).
"""

from __future__ import annotations

import re


def _vietnamese_letters() -> str:
    import unicodedata

    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    vowels = "AĂÂEÊIOÔƠUƯY"
    letters = set("BCDĐFGHJKLMNPQRSTVWXZ")
    for v in vowels:
        for t in tones:
            letters.add(unicodedata.normalize("NFC", v + t))
    return "".join(sorted(letters))


#: Upper- and lower-case Vietnamese letters, for character classes: ``[{UPPER}]``.
#: (A range such as "À-Ỹ" would also take lower-case letters.)
UPPER = _vietnamese_letters()
LOWER = UPPER.lower()

# --- document numbers ---------------------------------------------------------------
# State documents: sequence / [year /] type code - issuer code.
#   "72/2015/NĐ-CP", "1160/QĐ-TTg", "187/KH-UBND", "4236/SXD-QLN&CS", "3210/QĐ - UBND"
# Party documents: sequence - type code / issuer code: "34-NQ/TU", "11-CT/TU".
STATE_NUMBER = re.compile(
    r"(?<![\w/])(?P<seq>\d{1,6}[a-z]?)\s?/\s?(?:(?P<year>(?:19|20)\d\d)\s?/\s?)?"
    r"(?P<type>[A-ZĐ][A-ZĐa-z]{0,7})\s?-\s?(?P<issuer>[A-ZĐ][A-ZĐa-z&]{0,15}(?:-[A-ZĐ][A-ZĐa-z&]{0,15}){0,2})(?![\w&])"
)
PARTY_NUMBER = re.compile(
    r"(?<![\w/-])(?P<seq>\d{1,6})\s?-\s?(?P<type>[A-ZĐ]{1,5})\s?/\s?(?P<issuer>[A-ZĐ][A-ZĐa-z]{0,11}(?:-[A-ZĐ][A-ZĐa-z]{0,11})?)(?![\w])"
)
# A blank number in a draft: "Số:        /KH-UBND"
BLANK_NUMBER = re.compile(r"Số\s*:?\s*/\s?(?P<type>[A-ZĐ][A-ZĐa-z]{0,7})\s?-\s?(?P<issuer>[A-ZĐ][A-ZĐa-z&]{0,15})")
# "Số: 187/KH-UBND", and Party documents without the colon: "Số 37-HD/BTGDVTW"
NUMBER_LABEL = re.compile(r"(?<!\w)Số\s*:?\s*")

# --- dates ----------------------------------------------------------------------------
# A date with its "ngày" word (either form); used after a reference number.
NGAY_DATE = re.compile(
    r"\s*,?\s*(?:ban\s+hành\s+)?ngày\s+(?:(?P<d1>\d{1,2})\s?[/.-]\s?(?P<m1>\d{1,2})\s?[/.-]\s?(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d))(?!\d)",
    re.IGNORECASE,
)
# Header date line: "Hưng Yên, ngày 13 tháng 12 năm 2021"; a draft leaves day/month blank.
PLACE_DATE = re.compile(
    rf"(?P<place>[{UPPER}][^\t\n,|;:]{{0,60}}?)\s*,\s*ngày\s*(?P<d>\d{{1,2}})?\s*tháng\s*(?P<m>\d{{1,2}})?\s*năm\s*(?P<y>(?:19|20)\d\d)"
    rf"|(?P<place2>[{UPPER}][^\t\n,|;:]{{0,60}}?)\s*,\s*ngày\s*(?P<d2>\d{{1,2}})\s?/\s?(?P<m2>\d{{1,2}})\s?/\s?(?P<y2>(?:19|20)\d\d)",
    re.IGNORECASE,
)

# --- document types -------------------------------------------------------------------
DOC_TYPES = (
    "Nghị quyết liên tịch", "Thông tư liên tịch", "Bộ luật", "Hiến pháp", "Pháp lệnh",
    "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Kế hoạch",
    "Công văn", "Hướng dẫn", "Kết luận", "Thông báo", "Chương trình", "Đề án", "Luật",
    "Văn bản", "Lệnh", "Công điện", "Quy định",
)
# "Nghị định số 72/2015/NĐ-CP", "Quyết định 1160/QĐ-TTg", "Chỉ thị số 11-CT/TU"
REFERENCE_HEAD = re.compile(
    r"(?<!\w)(?P<type>" + "|".join(DOC_TYPES) + r")(?:\s+số)?\s*:?\s*(?=\d)",
    re.IGNORECASE,
)
# A law cited by name: "Luật Ngân sách Nhà nước", "Luật Tổ chức Hội đồng nhân dân và
# Ủy ban nhân dân ngày 26 tháng 11 năm 2003". Not "pháp luật" (lower case).
LAW_BY_NAME = re.compile(
    rf"""(?x)
    (?P<type>L(?<!\w.)uật|B(?<!\w.)ộ\ luật) \s+ (?!số\b)             # nothing of a word before it
    (?P<name>
        [{UPPER}][^\s,;.()]*                                         # a capital opens the name
        (?:\s+ (?!và\s+các\b|ngày\b|số\b|hiện\s+hành\b|năm\b)       # up to ten more words, not
            [^\s,;.()]+ ){{0,10}}                                    # a date, a number, "hiện hành"
    )
    """
)
# The one-line document-type title of the plan: "KẾ HOẠCH", "QUYẾT ĐỊNH".
TITLE_TYPE = re.compile(
    r"^(?P<type>KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|HƯỚNG\s+DẪN|NGHỊ\s+QUYẾT|THÔNG\s+BÁO|CÔNG\s+VĂN)\s*:?$"
)

# --- section markers ------------------------------------------------------------------
ROMAN = re.compile(r"^(?:PHẦN\s+)?(?P<m>[IVXL]{1,7})\s*[.)/:-]\s*(?P<h>\S.*)?$")
# "A. MỤC ĐÍCH, YÊU CẦU", "B. NHIỆM VỤ": parts lettered in capitals, at the top
PART = re.compile(r"^(?:PHẦN\s+)?(?P<m>[A-ZĐ])\s*[.)]\s+(?P<h>\S.*)$")
ARTICLE = re.compile(r"^Điều\s+(?P<m>\d{1,3})\s*[.:]\s*(?P<h>.*)$")
# "2.1.a." / "2.1.a)" : a lettered item numbered through its parents
DECIMAL_LETTER = re.compile(r"^(?P<m>\d{1,3}(?:\.\d{1,2})+\.[a-zđ])\s*[.)]\s*(?P<h>\S.*)$")
DECIMAL = re.compile(r"^(?P<m>\d{1,3}(?:\.\d{1,2})+)\s*[.):]?\s+(?P<h>\S.*)$")
NUMBER = re.compile(r"^(?P<m>\d{1,3})\s*[.)]\s*(?P<h>\S.*)$")
# "a) ...", "- a) ...", "đ) ...", "f) ...", "a. ..."
LETTER = re.compile(r"^(?:[-+•*]\s*)?(?P<m>[a-zđ])\s*[).]\s+(?P<h>\S.*)$")

# --- closing parts --------------------------------------------------------------------
CLOSING_START = re.compile(r"^(?:Trên\s+đây\s+là|Nơi\s+nhận\s*:?|TM\.|KT\.|TL\.|TUQ\.)", re.IGNORECASE)
APPENDIX_START = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+[IVX\d]+)?\s*:?\s*$|^(?:PHỤ\s+LỤC)\b")
RECIPIENTS_LABEL = re.compile(r"Nơi\s+nhận\s*:", re.IGNORECASE)

# --- preamble -------------------------------------------------------------------------
PREAMBLE_START = re.compile(r"^(?:[-+•]\s*)?(?:Căn\s+cứ|Thực\s+hiện|Xét\s+đề\s+nghị|Theo\s+đề\s+nghị)\b", re.IGNORECASE)
# "(Kèm theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)": an
# appendix caption that names the document it belongs to
ATTACHED_TO = re.compile(
    r"(?i)\(\s*(?:ban\s+hành\s+)?kèm\s+theo\s+(?P<type>" + "|".join(DOC_TYPES) + r")\s+(?:số\s*:?\s*)?(?=\d)"
)
BASIS_CUE = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện)\b", re.IGNORECASE)
