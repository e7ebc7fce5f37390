"""The header stage: what a plan says about itself before its body.

The header is the block above the title's body: the issuer ("ỦY BAN NHÂN DÂN / TỈNH
HƯNG YÊN"), the state motto, the number ("Số: 187/KH-UBND"), place and date ("Hưng Yên,
ngày 13 tháng 12 năm 2021") and the title ("KẾ HOẠCH / Hoạt động thông tin đối ngoại
...").  :func:`read_header` reads what needs no agency vocabulary (number, place, date,
level of government, province); :func:`read_issuer` then names the issuer with the
province's :class:`~ttdn_graph.agencies.AgencyMatcher`, and for a text that lost its
header reads number, date and issuer from an appendix caption ("Kèm theo Nghị quyết số
... của Chính phủ"). Offsets are into the normalized text; warnings are plain sentences.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from . import patterns as P
from .agencies import AgencyMatcher, Province, find_province
from .citations import make_date, parse_number
from .errors import PlanInputError
from .models import Agency
from .normalize import fold
from .segment import Line, Segments, header_title

__all__ = ["Header", "read_header", "read_issuer", "require_plan"]

_NO_PROVINCE = "province not found; provincial agencies are not scoped"


@dataclass(frozen=True)
class Header:
    """The facts of a plan's header (``None`` where the header does not say)."""

    doc_type: str | None
    title: str | None
    number: str | None
    #: the number's type and issuer codes ("KH", "UBND"), also for a blank draft number
    codes: tuple[str | None, str | None] | None
    place: str | None
    date: dt.date | None
    #: the year of the header's date line, even when the date itself is invalid
    date_year: int | None
    level: str | None
    province: Province | None
    issuer: str | None = None
    issuer_agency: Agency | None = None
    warnings: tuple[str, ...] = ()

    def year(self) -> int | None:
        """The year the plan is for: the last "năm YYYY" of the title that is not part
        of a date ("ngày 01 tháng 7 năm 2013"), else the year of the document date."""
        if self.title:
            years = [
                int(m.group(1))
                for m in re.finditer(r"(?i)năm\s+((?:19|20)\d\d)\b", self.title)
                if not re.search(r"(?i)tháng\s+\d{1,2}\s*$", self.title[: m.start()])
            ]
            if years:
                return years[-1]
        return self.date.year if self.date is not None else self.date_year


def read_header(segs: Segments, text: str, *, province_hint: str | None = None,
                source: str = "<text>") -> Header:
    """Number, place, date, level of government and province of the plan in ``text``.

    Raises:
        PlanInputError: ``province_hint`` names no province.
    """
    header_text = "\n".join(ln.text for ln in segs.header)
    warnings: list[str] = []
    doc_type, title, _ = header_title(segs.header)
    number, codes = _number(header_text, warnings)
    place, date, date_year = _place_date(header_text, warnings)
    level = issuer_level(segs.header)
    province = None
    if level not in ("national", "ministry") or province_hint:
        province = _province(segs, text, place, title, province_hint, source, warnings)
    if level is None and province is not None:
        level = "province"
    return Header(doc_type=doc_type, title=title, number=number, codes=codes, place=place,
                  date=date, date_year=date_year, level=level, province=province,
                  warnings=tuple(warnings))


def require_plan(segs: Segments, header: Header, source: str) -> None:
    """Raise :class:`~ttdn_graph.errors.PlanInputError` unless the text has sections."""
    if not segs.sections and not (header.doc_type or header.number or header.codes):
        raise PlanInputError(
            source,
            "this does not look like a plan: no document number, no title such as"
            " 'KẾ HOẠCH' and no numbered sections (I., 1., a))",
        )
    if not segs.sections:
        raise PlanInputError(source, "no sections found: expected headings such as 'I.', '1.', 'a)'")


def read_issuer(segs: Segments, text: str, matcher: AgencyMatcher, header: Header,
                warnings: list[str]) -> Header:
    """``header`` with its issuer named; for a header without any number, number, date
    and issuer read from an appendix caption. Warnings are added to ``warnings`` (a
    caption read; the province warning dropped when the caption names a central issuer)."""
    issuer, agency = _issuer(segs, text, matcher, header.province, header.codes)
    found = dataclasses.replace(header, issuer=issuer, issuer_agency=agency)
    if header.number is not None or header.codes is not None:
        return found
    # no number in the header at all (not a draft)
    caption = _caption(text, matcher, header.doc_type, warnings)
    if caption is None:
        return found
    number, codes, date, by = caption
    found = dataclasses.replace(found, number=number, codes=codes, date=header.date or date)
    if agency is None and by is not None:
        found = dataclasses.replace(found, issuer=by.name, issuer_agency=by)
        if header.level is None and by.level == "central":
            found = dataclasses.replace(found, level="ministry" if by.kind == "ministry" else "national")
            warnings[:] = [w for w in warnings if not w.startswith(_NO_PROVINCE)]
    return found


def _number(header: str, warnings: list[str]) -> tuple[str | None, tuple[str | None, str | None] | None]:
    for label in P.NUMBER_LABEL.finditer(header):
        m = P.STATE_NUMBER.match(header, label.end()) or P.PARTY_NUMBER.match(header, label.end())
        if m:
            parts = parse_number(m.group())
            if parts:
                return parts.canonical, (parts.type_code, parts.issuer_code)
    blank = P.BLANK_NUMBER.search(header)
    if blank:
        warnings.append("the document number is blank (a draft?)")
        return None, (blank.group("type").upper(), blank.group("issuer").upper())
    return None, None


def _place_date(header: str, warnings: list[str]) -> tuple[str | None, dt.date | None, int | None]:
    m = _search_place_date(header)
    if not m:
        return None, None, None
    if m.group("place") is not None:
        place, d, mo, y = m.group("place"), m.group("d"), m.group("m"), m.group("y")
    else:
        place, d, mo, y = m.group("place2"), m.group("d2"), m.group("m2"), m.group("y2")
    place = place.split("\t")[-1].strip(" -|")
    prov = find_province(place)
    if prov:
        for cand in (prov.name, f"Thành phố {prov.name}", f"TP. {prov.name}", f"tỉnh {prov.name}"):
            if cand.replace(" ", "").lower() == place.replace(" ", "").lower():
                place = cand
                break
    date = make_date(d, mo, y)
    if date is None:
        warnings.append("the document date is blank or invalid (a draft?)")
    return place, date, int(y) if y else None


def _province(segs: Segments, text: str, place: str | None, title: str | None, hint: str | None,
              source: str, warnings: list[str]) -> Province | None:
    if hint:
        prov = find_province(hint)
        if prov is None:
            raise PlanInputError(source, f"unknown province {hint!r}")
        return prov
    for line in segs.header[:3]:
        cell = line.text.split("\t")[0]
        if re.search(r"(?i)ủy\s*b\s*a?\s*n|ubnd|tỉnh|thành\s*phố", cell):
            prov = find_province(re.sub(r"(?i)cộng\s*hòa.*$", "", cell))
            if prov:
                return prov
    for named in (place, title):
        if named:
            prov = find_province(named)
            if prov:
                return prov
    m = re.search(rf"(?:tỉnh|thành phố)\s+((?:[{P.UPPER}][^\s,;.]*\s?){{1,4}})", text[:5000])
    if m:
        return find_province(m.group(1))
    warnings.append(_NO_PROVINCE)
    return None


def _issuer(
    segs: Segments, text: str, matcher: AgencyMatcher, province: Province | None,
    codes: tuple[str | None, str | None] | None,
) -> tuple[str | None, Agency | None]:
    agency: Agency | None = None
    cells = _issuer_cells(segs.header) or [
        re.sub(r"(?i)cộng\s*hòa.*$|-{2,}", "", line.text.split("\t")[0]).strip()
        for line in segs.header[:2]]
    block = " ".join(c for c in cells if c)
    # the whole block when one name fills it ("BỘ VĂN HÓA, THỂ THAO / VÀ DU LỊCH");
    # else the first cell that opens with a name, unless the block goes on below it
    # with lines no name covers (a parent body above its unit: "BAN CHẤP HÀNH /
    # TRUNG ƯƠNG / BAN TUYÊN GIÁO VÀ DÂN VẬN")
    last = matcher.lookup(cells[-1]) if len(cells) >= 2 else None
    found = matcher.find(block)
    if last is not None and not last.collective:
        agency = last  # "UBND TỈNH X / SỞ Y": the unit below its parent issues
    elif found and found[0].start == 0 and found[0].end >= len(block.rstrip(" .")) \
            and not found[0].agency.collective:
        agency = found[0].agency
    elif len(cells) <= 2:
        for cell in cells:
            found = matcher.find(cell)
            if found and found[0].start == 0 and not found[0].agency.collective:
                agency = found[0].agency
                break
    if agency is None and codes and codes[1] == "UBND":
        agency = matcher.lookup("Ủy ban nhân dân tỉnh")
    if agency is None and len(cells) >= 2:
        return _issuer_named_in_body(segs, text, matcher, cells)
    if agency is None:
        return None, None
    name = agency.name
    if province and agency.level != "central" and re.search(r"(?:tỉnh|thành phố)$", name):
        name = f"{name} {province.name}"
    return name, agency


def _caption(
    text: str, matcher: AgencyMatcher, doc_type: str | None, warnings: list[str]
) -> tuple[str, tuple[str | None, str | None], dt.date | None, Agency | None] | None:
    """Number, date and issuer from an appendix caption that names the document ("(Kèm
    theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)"), for a
    text that lost its header."""
    captions = list(P.ATTACHED_TO.finditer(text))
    # the caption of the document's own type first ("Kèm theo Hướng dẫn số ..." in a
    # Hướng dẫn; a body text may cite "ban hành kèm theo Quyết định số ...")
    captions.sort(key=lambda m: fold(m.group("type")) != fold(doc_type or ""))
    for m in captions:
        num = P.STATE_NUMBER.match(text, m.end()) or P.PARTY_NUMBER.match(text, m.end())
        parts = parse_number(num.group()) if num else None
        if num is None or parts is None:
            continue
        date = None
        d = P.NGAY_DATE.match(text, num.end()) or P.NGAY_DATE.match(
            text, num.end() + (1 if text[num.end() : num.end() + 1] == "," else 0))
        after = num.end()
        if d:
            date = make_date(d.group("d1") or d.group("d2"), d.group("m1") or d.group("m2"),
                             d.group("y1") or d.group("y2"))
            after = d.end()
        by = re.match(r"\s*của\s+", text[after : after + 20])
        issuer = None
        if by:
            found = matcher.find(text, after + by.end(), min(len(text), after + by.end() + 120))
            if found and found[0].start == after + by.end():
                issuer = found[0].agency
        caption = " ".join(text[m.start() + 1 : num.end()].split())
        warnings.append(f"no number in the header: read from the caption '{caption}'")
        return parts.canonical, (parts.type_code, parts.issuer_code), date, issuer
    return None


def _issuer_named_in_body(
    segs: Segments, text: str, matcher: AgencyMatcher, cells: list[str]
) -> tuple[str | None, Agency | None]:
    """A header in capitals the gazetteer does not know ("ỦY BAN MTTQ VIỆT NAM /
    PHƯỜNG BẮC CAM RANH / BAN THƯỜNG TRỰC"): the unit is a lower cell, its full name
    is how the body of the plan writes it ("Ban Thường trực Ủy ban MTTQ Việt Nam
    phường"), completed with the place the header names ("Bắc Cam Ranh")."""
    words = set(fold(" ".join(cells)).split())
    mentions = matcher.find(text, segs.body_start)
    for cell in reversed(cells):
        key = fold(cell)
        if not key:
            continue
        fits = [m.agency for m in mentions if not m.generic and any(
            fold(n).startswith(key) and set(fold(n).split()) <= words
            for n in (m.agency.name, *m.agency.aliases))]
        if not fits:
            continue
        agency = max(fits, key=lambda a: len(a.name))
        name = agency.name
        level = _LEVEL_TAIL.search(name)
        if level is not None:  # the place after the level word: "phường Bắc Cam Ranh"
            place = re.search(rf"(?i)\b{re.escape(level.group())}\s+(.+)$", " ".join(cells))
            if place:
                name = f"{name} {' '.join(w.capitalize() for w in place.group(1).split()[:4])}"
        return name, agency
    return None, None


# what every place-and-date line holds: the comma before "ngày" (P.PLACE_DATE's flags)
_PLACE_DATE_COMMA = re.compile(r",\s*ngày", re.IGNORECASE)


def _search_place_date(header: str) -> re.Match[str] | None:
    """``P.PLACE_DATE.search(header)``, started where a match may start.

    Each match holds a comma and "ngày" after it, and starts at most 61 characters (its
    place) before the blanks ahead of that comma. The first such comma's place starts
    first: a later comma's blanks cannot reach back past it. So the search starts there,
    and a header with no such comma is not searched at all: the place's lazy repeat of
    up to 60 characters is tried at every letter of a text searched whole (a one-word
    text of 1 MB: 3 s)."""
    comma = _PLACE_DATE_COMMA.search(header)
    if comma is None:
        return None
    blanks = comma.start()
    while blanks > 0 and header[blanks - 1].isspace():
        blanks -= 1
    return P.PLACE_DATE.search(header, max(0, blanks - 61))


# a name that ends with a level word: its place follows in the header
_LEVEL_TAIL = re.compile(r"(?i)(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã)$")
# the issuer block of a header: the first cells, up to the state motto or the number
_ISSUER_END = re.compile(r"(?i)cộng\s*hòa|độc\s+lập|^số\b|^-{3,}")
_LEVEL_OF_ISSUER = (
    ("national", re.compile(r"\b(?:THỦ\s+TƯỚNG|CHÍNH\s+PHỦ|TRUNG\s+ƯƠNG|QUỐC\s+HỘI)\b")),
    ("ministry", re.compile(r"^(?:BỘ|ỦY\s+BAN\s+DÂN\s+TỘC|NGÂN\s+HÀNG\s+NHÀ\s+NƯỚC|THANH\s+TRA\s+CHÍNH\s+PHỦ)\b")),
    ("commune", re.compile(r"\b(?:XÃ|PHƯỜNG|THỊ\s+TRẤN|ĐẶC\s+KHU)\b")),
    ("district", re.compile(r"\b(?:HUYỆN|QUẬN|THỊ\s+XÃ)\b")),
)


def _issuer_cells(header: list[Line]) -> list[str]:
    """The lines of the header's issuer block (first cells, before the motto)."""
    cells: list[str] = []
    for line in header[:5]:
        cell = re.sub(r"-{2,}.*$", "", line.text.split("\t")[0]).strip()
        if not cell or _ISSUER_END.search(cell):
            break
        cells.append(cell)
    return cells


def issuer_level(header: list[Line]) -> str | None:
    """The level of government the header's issuer block names: "national" (Prime
    Minister, Government, central Party organs), "ministry", "commune", "district";
    ``None`` when it names none of them (a province, or no header)."""
    block = " ".join(_issuer_cells(header))
    if not block or not re.search(rf"[{P.UPPER}]{{2}}", block):
        return None
    province_named = bool(re.search(r"\b(?:TỈNH|THÀNH\s+PHỐ)\b", block)) and not block.startswith("BỘ")
    for level, pattern in _LEVEL_OF_ISSUER:
        if level == "national" and province_named:
            continue
        if pattern.search(block):
            return level
    return None
