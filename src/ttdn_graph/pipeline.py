"""The pipeline: bytes or text -> :class:`~ttdn_graph.models.Plan`.

``decode -> normalize -> segment -> header -> citations -> agencies -> roles ->
deadlines -> Plan``. Every stage lives in its own module; this one only chains them
and turns offsets into the normalized text into spans of the original text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from . import patterns as P
from .agencies import AgencyMatcher, Province, find_province
from .citations import RawReference, find_references, make_date, parse_number
from .closing import parse_recipients, parse_signature
from .deadlines import RawDeadline, find_deadlines
from .decode import DEFAULT_MAX_BYTES, check_mojibake, decode
from .errors import PlanInputError
from .models import (
    Agency,
    Assignment,
    Deadline,
    LegalReference,
    Plan,
    Recipient,
    Section,
    Signature,
    Source,
    Span,
)
from .normalize import DEFAULT_STEPS, NormalizedText, Step, fold, normalize
from .roles import RawAssignment, assign_roles, closing_requests
from .segment import Line, RawSection, Segments, header_title, segment

__all__ = ["parse", "parse_bytes", "parse_file", "parse_text"]

_PATH_SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf", ".json")


def parse(
    source: str | os.PathLike[str] | bytes,
    *,
    encoding: str | None = None,
    province: str | None = None,
    steps: Iterable[str | Step] = DEFAULT_STEPS,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    fix_mojibake: bool = False,
) -> Plan:
    """Parse a plan from a path, its bytes, or its text.

    Args:
        source: a path (``str`` or :class:`~pathlib.Path`), the raw bytes, or the text.
            A ``str`` is read as a path when it names an existing file (or looks like a
            file name), otherwise as the text itself.
        encoding: the codec of a file or bytes, when it is not UTF-8/UTF-16 with BOM.
        province: the plan's province when the text does not say ("Hưng Yên").
        steps: normalization steps (see :mod:`ttdn_graph.normalize`).
        max_bytes: refuse larger inputs (``None``: no limit).
        fix_mojibake: repair text that was UTF-8 read as cp1252 and saved again
            (by default such text is refused with an error that says so).

    Returns:
        The parsed :class:`~ttdn_graph.models.Plan`.

    Raises:
        PlanInputError: the input is empty, binary, undecodable, too large, or not a plan.

    Examples:
        >>> plan = parse(datasets.hung_yen_2022_path())
        >>> plan.number, plan.date.isoformat()
        ('187/KH-UBND', '2021-12-13')
    """
    if isinstance(source, bytes):
        return parse_bytes(source, encoding=encoding, province=province, steps=steps,
                           max_bytes=max_bytes, fix_mojibake=fix_mojibake)
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        return parse_file(source, encoding=encoding, province=province, steps=steps,
                          max_bytes=max_bytes, fix_mojibake=fix_mojibake)
    return parse_text(source, province=province, steps=steps, fix_mojibake=fix_mojibake)


def _looks_like_path(s: str) -> bool:
    if "\n" in s or len(s) > 1024:
        return False
    try:
        if Path(s).is_file():
            return True
    except OSError:
        return False
    return s.lower().endswith(_PATH_SUFFIXES)


def parse_file(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    province: str | None = None,
    steps: Iterable[str | Step] = DEFAULT_STEPS,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    fix_mojibake: bool = False,
) -> Plan:
    """Parse the plan in a text file."""
    from .readers import READERS, read_file, reader_for

    name = os.fspath(path)
    data = read_file(name, max_bytes=max_bytes)  # regular files only, read up to the limit
    kind = reader_for(name, data)
    if kind is not None:
        text = READERS[kind](data, source=name, max_bytes=max_bytes)
        return parse_text(text, province=province, steps=steps, source=name, encoding=kind[1:],
                          fix_mojibake=fix_mojibake)
    return parse_bytes(data, encoding=encoding, province=province, steps=steps,
                       max_bytes=max_bytes, source=name, fix_mojibake=fix_mojibake)


def parse_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    province: str | None = None,
    steps: Iterable[str | Step] = DEFAULT_STEPS,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    source: str = "<bytes>",
    fix_mojibake: bool = False,
) -> Plan:
    """Parse the plan in ``data`` (decoded as :func:`ttdn_graph.decode.decode` does)."""
    text = decode(data, encoding, source=source, max_bytes=max_bytes, fix_mojibake_text=fix_mojibake)
    return parse_text(text, province=province, steps=steps, source=source,
                      encoding=encoding or _detected(data))


def _detected(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return "utf-8"


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_text(
    text: str,
    *,
    province: str | None = None,
    steps: Iterable[str | Step] = DEFAULT_STEPS,
    source: str = "<text>",
    encoding: str | None = None,
    fix_mojibake: bool = False,
) -> Plan:
    """Parse a plan from its text. Spans in the result index ``text`` itself (after a
    mojibake repair, the repaired text)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise PlanInputError(source, "the input is empty")
    bad = _SURROGATE.search(text)
    if bad is not None:  # not Unicode text: it could never be written out as UTF-8
        raise PlanInputError(source, f"a lone surrogate (U+{ord(bad.group()):04X}) at character"
                             f" {bad.start()}: not valid Unicode text", line=text.count("\n", 0, bad.start()) + 1)
    text = check_mojibake(text, source=source, fix=fix_mojibake)
    norm = normalize(text, steps)
    return _Builder(norm, source, province).build(
        Source(
            sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            length=len(text),
            path=None if source.startswith("<") else source,
            encoding=encoding,
        )
    )


class _Builder:
    """Runs the stages after normalization and assembles the Plan."""

    def __init__(self, norm: NormalizedText, source: str, province: str | None) -> None:
        self.norm = norm
        self.t = norm.text
        self.source = source
        self.province_hint = province
        self.warnings: list[str] = []

    def span(self, start: int, end: int) -> Span:
        s, e = self.norm.to_original(start, end)
        return Span(start=s, end=e)

    def build(self, src: Source) -> Plan:
        segs = segment(self.t)
        header_text = "\n".join(ln.text for ln in segs.header)
        doc_type, title, _ = header_title(segs.header)
        number, parts = self._number(header_text)
        place, date = self._place_date(header_text)
        level = _issuer_level(segs.header)
        province = None if level in ("national", "ministry") and not self.province_hint \
            else self._province(segs, place, title)
        if level is None and province is not None:
            level = "province"
        matcher = AgencyMatcher.for_province(province.name if province else None)
        if not segs.sections and not (doc_type or number or parts):
            raise PlanInputError(
                self.source,
                "this does not look like a plan: no document number, no title such as"
                " 'KẾ HOẠCH' and no numbered sections (I., 1., a))",
            )
        if not segs.sections:
            raise PlanInputError(
                self.source, "no sections found: expected headings such as 'I.', '1.', 'a)'"
            )
        for message, offset in segs.warnings:
            line = self.norm.original.count("\n", 0, self.span(offset, offset + 1).start) + 1
            self.warnings.append(f"line {line}: {message}")
        issuer, issuer_agency = self._issuer(segs, matcher, province, parts)
        if number is None and parts is None:  # no number in the header at all (not a draft)
            number, parts, caption_date, caption_issuer = self._caption(matcher, doc_type)
            date = date or caption_date
            if issuer_agency is None and caption_issuer is not None:
                issuer, issuer_agency = caption_issuer.name, caption_issuer
                if level is None and caption_issuer.level == "central":
                    level = "ministry" if caption_issuer.kind == "ministry" else "national"
                    self.warnings = [w for w in self.warnings if not w.startswith("province not found")]
        year = self._year(title, date)
        bases, citations = self._references(segs, matcher, number)
        sections = self._sections(segs.sections)
        raw_roles = assign_roles(segs.sections, self.t, matcher)
        part = next((sec for sec in segs.sections if sec.parent is None
                     and "to chuc thuc hien" in fold(sec.heading)), None)
        if part is not None:  # "Trên đây là Kế hoạch ...; đề nghị X, Y nghiêm túc thực hiện"
            raw_roles += closing_requests(segs.closing, self.t, matcher, part.id)
        raw_roles += self._appendix_roles(segs, matcher)
        sections = sections + self._appendix_sections
        assignments = tuple(
            Assignment(section=a.section, agency=a.agency.id, role=a.role,
                       cue=a.cue, evidence=self.span(a.start, a.end),
                       quote=" ".join(self.t[a.start : a.end].split()))
            for a in raw_roles
        )
        deadlines = self._deadlines(segs, matcher, year, raw_roles)
        signer, recipients = self._closing(segs, matcher)
        agencies = self._agencies(segs, matcher, issuer_agency, raw_roles, bases + citations,
                                  recipients, deadlines)
        if not any(a.role == "lead" for a in assignments):
            self.warnings.append("no task assignments found (no 'Tổ chức thực hiện' part?)")
        plan = Plan(
            number=number,
            doc_type=doc_type or "Kế hoạch",
            date=date,
            place=place,
            issuer=issuer,
            issuer_id=issuer_agency.id if issuer_agency else None,
            province=province.name if province else None,
            level=level,
            title=title,
            year=year,
            legal_bases=tuple(bases),
            citations=tuple(citations),
            sections=tuple(sections),
            agencies=tuple(agencies),
            assignments=assignments,
            deadlines=tuple(deadlines),
            signer=signer,
            recipients=tuple(recipients),
            warnings=tuple(self.warnings),
            source=src,
            text=self.norm.original,
        )
        cov = plan.coverage
        if cov.tasks >= 3 and cov.share < 0.5:
            plan = plan.model_copy(update={"warnings": (
                *plan.warnings, f"a partial parse: {cov} (check these tasks by hand)")})
        return plan

    # --- header ---------------------------------------------------------------------

    def _number(self, header: str) -> tuple[str | None, tuple[str | None, str | None] | None]:
        for label in P.NUMBER_LABEL.finditer(header):
            m = P.STATE_NUMBER.match(header, label.end()) or P.PARTY_NUMBER.match(header, label.end())
            if m:
                parts = parse_number(m.group())
                if parts:
                    return parts.canonical, (parts.type_code, parts.issuer_code)
        blank = P.BLANK_NUMBER.search(header)
        if blank:
            self.warnings.append("the document number is blank (a draft?)")
            return None, (blank.group("type").upper(), blank.group("issuer").upper())
        return None, None

    def _place_date(self, header: str) -> tuple[str | None, object]:
        m = P.PLACE_DATE.search(header)
        if not m:
            return None, None
        if m.group("place") is not None:
            place, d, mo, y = m.group("place"), m.group("d"), m.group("m"), m.group("y")
        else:
            place, d, mo, y = m.group("place2"), m.group("d2"), m.group("m2"), m.group("y2")
        place = place.split("\t")[-1].strip(" -|")
        place = re.sub(rf"^Số\s*:.*?\s(?=[{P.UPPER}])", "", place)
        prov = find_province(place)
        if prov:
            for cand in (prov.name, f"Thành phố {prov.name}", f"TP. {prov.name}", f"tỉnh {prov.name}"):
                if cand.replace(" ", "").lower() == place.replace(" ", "").lower():
                    place = cand
                    break
        date = make_date(d, mo, y)
        if date is None:
            self.warnings.append("the document date is blank or invalid (a draft?)")
        self._header_year = int(y) if y else None
        return place, date

    def _province(self, segs: Segments, place: str | None, title: str | None) -> Province | None:
        if self.province_hint:
            prov = find_province(self.province_hint)
            if prov is None:
                raise PlanInputError(self.source, f"unknown province {self.province_hint!r}")
            return prov
        for line in segs.header[:3]:
            cell = line.text.split("\t")[0]
            if re.search(r"(?i)ủy\s*b\s*a?\s*n|ubnd|tỉnh|thành\s*phố", cell):
                prov = find_province(re.sub(r"(?i)cộng\s*hòa.*$", "", cell))
                if prov:
                    return prov
        for text in (place, title):
            if text:
                prov = find_province(text)
                if prov:
                    return prov
        m = re.search(rf"(?:tỉnh|thành phố)\s+((?:[{P.UPPER}][^\s,;.]*\s?){{1,4}})", self.t[:5000])
        if m:
            return find_province(m.group(1))
        self.warnings.append("province not found; provincial agencies are not scoped")
        return None

    def _issuer(
        self, segs: Segments, matcher: AgencyMatcher, province: Province | None,
        parts: tuple[str | None, str | None] | None,
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
        if agency is None and parts and parts[1] == "UBND":
            agency = matcher.lookup("Ủy ban nhân dân tỉnh")
        if agency is None and len(cells) >= 2:
            return self._issuer_named_in_body(segs, matcher, cells)
        if agency is None:
            return None, None
        name = agency.name
        if province and agency.level != "central" and re.search(r"(?:tỉnh|thành phố)$", name):
            name = f"{name} {province.name}"
        return name, agency

    def _caption(
        self, matcher: AgencyMatcher, doc_type: str | None
    ) -> tuple[str | None, tuple[str | None, str | None] | None, dt.date | None, Agency | None]:
        """Number, date and issuer from an appendix caption that names the document ("(Kèm
        theo Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)"), for a
        text that lost its header."""
        captions = list(P.ATTACHED_TO.finditer(self.t))
        # the caption of the document's own type first ("Kèm theo Hướng dẫn số ..." in a
        # Hướng dẫn; a body text may cite "ban hành kèm theo Quyết định số ...")
        captions.sort(key=lambda m: fold(m.group("type")) != fold(doc_type or ""))
        for m in captions:
            num = P.STATE_NUMBER.match(self.t, m.end()) or P.PARTY_NUMBER.match(self.t, m.end())
            parts = parse_number(num.group()) if num else None
            if num is None or parts is None:
                continue
            date = None
            d = P.NGAY_DATE.match(self.t, num.end()) or P.NGAY_DATE.match(
                self.t, num.end() + (1 if self.t[num.end() : num.end() + 1] == "," else 0))
            after = num.end()
            if d:
                date = make_date(d.group("d1") or d.group("d2"), d.group("m1") or d.group("m2"),
                                 d.group("y1") or d.group("y2"))
                after = d.end()
            by = re.match(r"\s*của\s+", self.t[after : after + 20])
            issuer = None
            if by:
                found = matcher.find(self.t, after + by.end(), min(len(self.t), after + by.end() + 120))
                if found and found[0].start == after + by.end():
                    issuer = found[0].agency
            caption = " ".join(self.t[m.start() + 1 : num.end()].split())
            self.warnings.append(f"no number in the header: read from the caption '{caption}'")
            return parts.canonical, (parts.type_code, parts.issuer_code), date, issuer
        return None, None, None, None

    def _issuer_named_in_body(
        self, segs: Segments, matcher: AgencyMatcher, cells: list[str]
    ) -> tuple[str | None, Agency | None]:
        """A header in capitals the gazetteer does not know ("ỦY BAN MTTQ VIỆT NAM /
        PHƯỜNG BẮC CAM RANH / BAN THƯỜNG TRỰC"): the unit is a lower cell, its full name
        is how the body of the plan writes it ("Ban Thường trực Ủy ban MTTQ Việt Nam
        phường"), completed with the place the header names ("Bắc Cam Ranh")."""
        words = set(fold(" ".join(cells)).split())
        body_start = segs.preamble[0].start if segs.preamble else (
            segs.sections[0].start if segs.sections else 0)
        mentions = matcher.find(self.t, body_start)
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

    def _year(self, title: str | None, date: object) -> int | None:
        """The year the plan is for: the last "năm YYYY" of the title that is not part
        of a date ("ngày 01 tháng 7 năm 2013"), else the year of the document date."""
        if title:
            years = [
                int(m.group(1))
                for m in re.finditer(r"(?i)năm\s+((?:19|20)\d\d)\b", title)
                if not re.search(r"(?i)tháng\s+\d{1,2}\s*$", title[: m.start()])
            ]
            if years:
                return years[-1]
        return date.year if isinstance(date, dt.date) else getattr(self, "_header_year", None)

    # --- references -------------------------------------------------------------------

    def _references(
        self, segs: Segments, matcher: AgencyMatcher, own_number: str | None
    ) -> tuple[list[LegalReference], list[LegalReference]]:
        refs = find_references(self.t, matcher)
        basis_keys: set[tuple[int, int]] = set()
        for line in segs.preamble:
            if not P.BASIS_CUE.match(line.text):
                continue
            clause_starts = [line.start] + [line.start + m.end() for m in re.finditer(r";\s*", line.text)]
            for cs in clause_starts:
                first = next((r for r in refs if r.start >= cs and r.start < line.end), None)
                if first is None:
                    continue
                lead_in = self.t[cs : first.start]
                if len(lead_in) <= 20 and re.fullmatch(r"(?i)\s*(?:căn\s+cứ|thực\s+hiện)?\s*", lead_in):
                    basis_keys.add((first.start, first.end))
        bases: list[LegalReference] = []
        cited: list[LegalReference] = []
        seen_basis: set[str] = set()
        seen_cited: set[str] = set()
        for r in refs:
            key = r.number.canonical if r.number else (r.title or r.doc_type)
            if own_number and r.number and r.number.canonical == own_number:
                continue
            if re.search(r"(?i)kèm\s+theo\s*$", self.t[max(0, r.start - 20) : r.start]):
                continue
            if (r.start, r.end) in basis_keys:
                if key not in seen_basis:
                    seen_basis.add(key)
                    bases.append(self._legal(r, True))
                continue
            if key not in seen_cited:
                seen_cited.add(key)
                cited.append(self._legal(r, False))
        # a document both basis and cited is reported once, as a basis
        cited = [c for c in cited if (c.number or c.title or c.doc_type) not in seen_basis]
        # complete a cited reference's missing date/issuer from a fuller mention
        return bases, cited

    def _legal(self, r: RawReference, basis: bool) -> LegalReference:
        n = r.number
        return LegalReference(
            doc_type=r.doc_type,
            number=n.canonical if n else None,
            sequence=n.sequence if n else None,
            year=n.year if n else None,
            type_code=n.type_code if n else None,
            issuer_code=n.issuer_code if n else None,
            date=r.date,
            issuer=r.issuer,
            issuer_id=r.issuer_id,
            title=r.title,
            is_basis=basis,
            span=self.span(r.start, r.end),
        )

    # --- sections ---------------------------------------------------------------------

    def _sections(self, raw: list[RawSection]) -> list[Section]:
        self._appendix_sections: list[Section] = []
        out = []
        for s in raw:
            out.append(
                Section(
                    id=s.id,
                    marker=s.marker,
                    kind=s.kind,
                    heading=" ".join(s.heading.split()),
                    text=s.text,
                    parent=s.parent.id if s.parent else None,
                    children=tuple(c.id for c in s.children),
                    span=self.span(s.start, s.end),
                )
            )
        return out

    def _appendix_roles(self, segs: Segments, matcher: AgencyMatcher) -> list[RawAssignment]:
        from .tables import appendix_tasks

        tasks = appendix_tasks(segs.appendix, self.t, matcher)
        self._appendix_tasks = tasks
        out = []
        for task in tasks:
            if task.repeats:
                line = self.norm.original.count("\n", 0, self.span(task.start, task.end).start) + 1
                self.warnings.append(f"appendix table: the row at line {line} repeats the number of"
                                     f" {task.repeats}; kept as {task.id}")
            self._appendix_sections.append(
                Section(id=task.id, marker=task.marker, kind="appendix", heading=task.heading,
                        text=task.heading, parent=None, children=(),
                        span=self.span(task.start, task.end))
            )
            out.extend(task.roles)
        return out

    # --- deadlines, closing, agencies -------------------------------------------------------

    def _deadlines(self, segs: Segments, matcher: AgencyMatcher, year: int | None,
                   roles: list[RawAssignment]) -> list[Deadline]:
        out: list[Deadline] = []
        leads: dict[str, list[str]] = {}
        for a in roles:
            if a.role == "lead":
                leads.setdefault(a.section, []).append(a.agency.id)
        for s in segs.sections:
            owners = tuple(dict.fromkeys(leads.get(s.id, ())))
            for d in find_deadlines(self.t, s.start, s.own_end, matcher, year, owners):
                out.append(self._deadline(d, s.id))
        for block in _blocks(segs.closing):
            for d in find_deadlines(self.t, block[0].start, block[-1].end, matcher, year):
                out.append(self._deadline(d, None))
        for task in self._appendix_tasks:
            if task.due is not None:
                task_leads = tuple(dict.fromkeys(a.agency.id for a in task.roles if a.role == "lead"))
                out.append(Deadline(date=task.due, kind="completion", section=task.id,
                                    reporters=task_leads, recipients=(), text=task.due_text or "",
                                    span=self.span(task.start, task.end)))
        return out

    def _deadline(self, d: RawDeadline, section: str | None) -> Deadline:
        return Deadline(date=d.date, kind="report" if d.kind == "report" else "completion",
                        section=section,
                        reporters=d.reporters, recipients=d.recipients,
                        text=" ".join(self.t[d.start : d.end].split()),
                        span=self.span(d.start, d.end))

    def _closing(
        self, segs: Segments, matcher: AgencyMatcher
    ) -> tuple[Signature | None, list[Recipient]]:
        signer: Signature | None = None
        recipients: list[Recipient] = []
        for block in _blocks(segs.closing):
            for b_text, pos in self._columns(block):
                if signer is None:
                    sig = parse_signature(b_text)
                    if sig is not None and (sig[0] or sig[2]):
                        name, position, authority, s, e = sig
                        signer = Signature(name=name, position=position, authority=authority,
                                           span=self.span(pos[s], pos[max(s, e - 1)] + 1))
                if not recipients:
                    for name, s, e in parse_recipients(b_text):
                        first = matcher.find(name)
                        ag = first[0].agency if first and first[0].start == 0 else None
                        recipients.append(Recipient(name=name, agency=ag.id if ag else None,
                                                    span=self.span(pos[s], pos[max(s, e - 1)] + 1)))
        return signer, recipients

    def _columns(self, block: list[Line]) -> list[tuple[str, list[int]]]:
        """A closing block as texts to read, each with the position of its characters.

        Layouts put the recipients (left) and the signature (right) on shared lines,
        separated by a TAB; the two columns are read apart. A line with no TAB goes
        with the signature when it looks like one (capitals, TM./KT., a name)."""
        if not any("\t" in ln.text for ln in block):
            start = block[0].start
            return [(self.t[start : block[-1].end], list(range(start, block[-1].end + 1)))]
        columns: list[list[tuple[str, int]]] = [[], []]
        for ln in block:
            cells = ln.text.split("\t")
            if len(cells) == 1:
                side = 1 if _SIGNATURE_LINE.match(ln.text) else 0
                columns[side].append((ln.text, ln.start))
                continue
            offset = ln.start
            right: list[str] = []
            right_start = None
            for i, cell in enumerate(cells):
                if i == 0:
                    if cell.strip():
                        columns[0].append((cell, offset))
                elif cell.strip():
                    if right_start is None:
                        right_start = offset
                    right.append(cell)
                offset += len(cell) + 1
            if right and right_start is not None:
                columns[1].append(("\t".join(right), right_start))
        out = []
        for column in columns:
            if not column:
                continue
            text_parts: list[str] = []
            pos: list[int] = []
            for cell, start in column:
                if text_parts:
                    text_parts.append("\n")
                    pos.append(pos[-1] + 1 if pos else start)
                text_parts.append(cell)
                pos.extend(range(start, start + len(cell)))
            pos.append(pos[-1] + 1 if pos else 0)
            out.append(("".join(text_parts), pos))
        return out

    def _agencies(self, segs: Segments, matcher: AgencyMatcher, issuer: Agency | None,
                  roles: list[RawAssignment], refs: list[LegalReference], recipients: list[Recipient],
                  deadlines: list[Deadline]) -> list[Agency]:
        found: dict[str, Agency] = {}
        if issuer is not None:
            found[issuer.id] = issuer
        body_start = segs.preamble[0].start if segs.preamble else (
            segs.sections[0].start if segs.sections else 0)
        for m in matcher.find(self.t, body_start):
            if not m.generic:
                found.setdefault(m.agency.id, m.agency)
        for a in roles:
            found.setdefault(a.agency.id, a.agency)
        ids = {r.issuer_id for r in refs if r.issuer_id}
        ids |= {r.agency for r in recipients if r.agency}
        for d in deadlines:
            ids |= set(d.reporters) | set(d.recipients)
        for ag in list(found.values()):  # an office-holder's body is listed with it
            parent = matcher.parent_of(ag)
            if parent is not None:
                found.setdefault(parent.id, parent)
        missing = ids - set(found)
        if missing:
            for m in matcher.find(self.t):
                if m.agency.id in missing:
                    found.setdefault(m.agency.id, m.agency)
        return list(found.values())


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


def _issuer_level(header: list[Line]) -> str | None:
    """The level of government the header's issuer block names: "national" (Prime
    Minister, Government, central Party organs), "ministry", "commune", "district";
    ``None`` when it names none of them (a province, or no header)."""
    block = " ".join(_issuer_cells(header))
    if not block or not re.search(rf"[{P.UPPER}]{{2}}", block):
        return None
    if re.search(r"\b(?:TỈNH|THÀNH\s+PHỐ)\b", block) and not block.startswith("BỘ"):
        province_named = True
    else:
        province_named = False
    for level, pattern in _LEVEL_OF_ISSUER:
        if level == "national" and province_named:
            continue
        if pattern.search(block):
            return level
    return None


# a closing line that belongs to the signature column: "TM. ...", "KT. ...", capitals
# ("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH Nguyễn Thành Sinh"), or a person's name alone
_SIGNATURE_LINE = re.compile(
    rf"^(?:(?:TM|KT|TL|TUQ)\s*\.|[{P.UPPER}]{{2,}}(?:\s|$)|[{P.UPPER}][{P.LOWER}]+(?:\s+[{P.UPPER}][{P.LOWER}]+){{1,4}}$)"
)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Closing lines grouped into blocks: a decision's closing and its attached plan's
    closing are apart ("Trên đây"/"Nơi nhận" after a block that already holds a signature
    starts a new one)."""
    blocks: list[list[Line]] = []
    for ln in lines:
        signed = bool(blocks) and any("TM." in x.text or "KT." in x.text for x in blocks[-1])
        if not blocks or (signed and ln.text.startswith(("Trên đây", "Nơi nhận"))):
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
    return blocks
