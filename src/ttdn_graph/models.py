"""The typed data model (pydantic v2, immutable) and its JSON form.

A :class:`Plan` holds everything the parser found; every fact that came from the text
carries a :class:`Span` into the ORIGINAL input (code points of the decoded text).
``Plan.model_validate_json(plan.model_dump_json())`` gives back an equal plan.

The model imports no stage of the parser. Finding an agency by a name none of a plan's
agencies is spelled as ("Ban Quản lý Khu kinh tế Đông Nam") takes the agencies stage's
knowledge of names: the stage gives the model that function when it is imported
(:func:`ttdn_graph.models.use_agency_lookup`), and the package imports the stage with
every model class it hands out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

__all__ = [
    "Agency",
    "Assignment",
    "Coverage",
    "Deadline",
    "LegalReference",
    "Plan",
    "Recipient",
    "Role",
    "Section",
    "Signature",
    "Source",
    "Span",
    "use_agency_lookup",
]

Role = Literal["lead", "support"]

#: finds one of a plan's agencies by a name none of them is spelled as, or ``None``
AgencyLookup = Callable[["Plan", str], "Agency | None"]
_agency_lookup: AgencyLookup | None = None


def use_agency_lookup(lookup: AgencyLookup) -> None:
    """Give :meth:`Plan.find_agency` the function that reads names the plan's own
    agencies are not spelled as. The agencies stage gives its matcher when it is
    imported; without it, a plan finds only its agencies' ids, names and aliases."""
    global _agency_lookup
    _agency_lookup = lookup


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """``[start, end)`` in code points of the original (decoded) input text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class LegalReference(_Frozen):
    """A document the plan cites: "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của ..."."""

    doc_type: str = Field(description='Document type in Vietnamese: "Nghị định", "Luật" ...')
    number: str | None = Field(None, description='Canonical number, e.g. "72/2015/NĐ-CP"')
    sequence: str | None = Field(None, description='"72" in 72/2015/NĐ-CP, "34" in 34-NQ/TU')
    year: int | None = Field(None, description="Year part of the number, when written")
    type_code: str | None = Field(None, description='"NĐ" in 72/2015/NĐ-CP')
    issuer_code: str | None = Field(None, description='"CP" in 72/2015/NĐ-CP')
    date: dt.date | None = None
    issuer: str | None = Field(None, description="Issuing body as written, canonicalized")
    issuer_id: str | None = Field(None, description="Agency id of the issuer, when known")
    title: str | None = Field(None, description='What the document is "về" (about)')
    is_basis: bool = Field(False, description="Listed in the preamble as a legal basis")
    span: Span

    @property
    def label(self) -> str:
        """Short human label, e.g. "Nghị định 72/2015/NĐ-CP" or "Luật Ngân sách Nhà nước"."""
        if self.number:
            return f"{self.doc_type} {self.number}"
        return self.title or self.doc_type


class Agency(_Frozen):
    """A public body named in the plan."""

    id: str = Field(description='Stable id, scoped by province for provincial bodies')
    name: str = Field(description="Canonical Vietnamese name")
    name_en: str | None = None
    aliases: tuple[str, ...] = Field((), description="Other names, sorted")
    kind: str = "other"
    level: Literal["central", "province", "district", "commune", "unknown"] = "unknown"
    parent: str | None = None
    collective: bool = Field(False, description='A group such as "UBND các huyện"')
    in_gazetteer: bool = Field(True, description="False when recognized only by its shape")


class Section(_Frozen):
    """A unit of the plan's body: "IV", "IV.2", "IV.2.a", "II.2.1.a"."""

    id: str
    marker: str = Field(description='The marker as written: "IV", "2", "2.1", "a"')
    kind: Literal["part", "roman", "number", "decimal", "letter", "article", "appendix"]
    heading: str = Field(description="The first line (for letter items: the item text)")
    text: str = Field(description="The section's own text, children excluded")
    parent: str | None = None
    children: tuple[str, ...] = ()
    span: Span

    @property
    def depth(self) -> int:
        """0 for top-level sections."""
        return self.id.count(".")


class Assignment(_Frozen):
    """Who leads or supports a section's task, with the evidence that decided it."""

    section: str
    agency: str
    role: Role
    cue: str = Field(description='The rule that decided: "heading", "chủ trì, phối hợp với" ...')
    evidence: Span
    quote: str = Field(description="The evidence text (normalized)")


class Deadline(_Frozen):
    """A dated duty, mostly reporting: who reports, to whom, by when."""

    date: dt.date
    kind: Literal["report", "completion"] = "report"
    section: str | None = None
    reporters: tuple[str, ...] = Field((), description="Agency ids; empty means all units")
    recipients: tuple[str, ...] = Field((), description="Agency ids reports go to")
    text: str
    span: Span


class Signature(_Frozen):
    """The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"."""

    name: str | None = None
    position: str | None = None
    authority: tuple[str, ...] = Field((), description='"TM. Ủy ban nhân dân", "KT. Chủ tịch"')
    span: Span | None = None


class Recipient(_Frozen):
    """A line of "Nơi nhận"."""

    name: str
    agency: str | None = None
    span: Span


class Source(_Frozen):
    """Where the plan came from."""

    sha256: str
    length: int
    path: str | None = None
    encoding: str | None = None


class Coverage(_Frozen):
    """How much of the plan's implementation the parser read: its task units (the
    smallest units of the "Tổ chức thực hiện" part, or of a decision's article that
    assigns, and appendix task rows) and which of them got a lead."""

    tasks: int = Field(description="Task units of the implementation part and appendix tables")
    led: int = Field(description="Task units with at least one lead")
    without_lead: tuple[str, ...] = Field((), description="Ids of the task units with no lead")
    lines: tuple[int, ...] = Field((), description="Their first lines in the original text (1-based)")

    @property
    def share(self) -> float:
        """``led / tasks`` (1.0 when there are no task units)."""
        return self.led / self.tasks if self.tasks else 1.0

    def __str__(self) -> str:
        if not self.tasks:
            return "no task units found in an implementation part"
        text = f"roles for {self.led} of {_count(self.tasks, 'task')}"
        missing = self.tasks - self.led
        if missing:
            shown = ", ".join(str(n) for n in self.lines[:12]) + (" ..." if missing > 12 else "")
            text += f"; {missing} without a lead: line{'s' if missing > 1 else ''} {shown}"
        return text


_IMPLEMENTATION = ("to chuc thuc hien", "trach nhiem thuc hien", "phan cong nhiem vu",
                   "phan cong trach nhiem")


class Plan(_Frozen):
    """A parsed plan. Build one with :func:`ttdn_graph.parse`."""

    number: str | None = None
    doc_type: str = "Kế hoạch"
    date: dt.date | None = None
    place: str | None = None
    issuer: str | None = None
    issuer_id: str | None = None
    province: str | None = None
    level: Literal["national", "ministry", "province", "district", "commune"] | None = Field(
        None, description="Level of government of the issuer: national (Prime Minister,"
        " Government, central Party organs), ministry, province, district or commune")
    title: str | None = None
    year: int | None = None
    legal_bases: tuple[LegalReference, ...] = ()
    citations: tuple[LegalReference, ...] = ()
    sections: tuple[Section, ...] = ()
    agencies: tuple[Agency, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    signer: Signature | None = None
    recipients: tuple[Recipient, ...] = ()
    warnings: tuple[str, ...] = ()
    source: Source | None = None
    text: str = Field("", repr=False, description="The original text spans point into")

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """``coverage`` is derived from the rest; JSON that carries it reads back."""
        if isinstance(data, dict) and "coverage" in data:
            data = {k: v for k, v in data.items() if k != "coverage"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def coverage(self) -> Coverage:
        """The task units of the implementation part and how many got a lead.

        The implementation part is a top-level section headed "Tổ chức thực hiện" (or
        "Trách nhiệm thực hiện", "Phân công nhiệm vụ") and a decision's article that
        opens "Giao"; its task units are its smallest sections (itself when it has
        none), plus every appendix task row.
        """
        from .text import fold

        by_id = {s.id: s for s in self.sections}
        roots = [s for s in self.sections if s.parent is None and s.kind != "appendix" and (
            any(k in fold(s.heading) for k in _IMPLEMENTATION)
            or (s.kind == "article" and fold(s.heading).startswith("giao ")))]
        from .cues import FACET

        units: list[Section] = []
        for root in roots:
            stack = [root]
            while stack:
                sec = stack.pop()
                kids = [by_id[c] for c in sec.children if c in by_id]
                facets = [k for k in kids if k.kind == "letter" and FACET.match(k.heading)]
                if kids and len(facets) < len(kids):
                    stack.extend(reversed([k for k in kids if k not in facets]))
                else:  # a leaf, or a task whose letters are its facets ("a) Nhiệm vụ: ...")
                    units.append(sec)
        units += [s for s in self.sections if s.kind == "appendix"]
        led = {a.section for a in self.assignments if a.role == "lead"}
        missing = [u for u in units if u.id not in led]
        line_at: dict[int, int] = {}  # one pass over the text, not one count per unit
        line, pos = 1, 0
        for start in sorted({u.span.start for u in missing}):
            line += self.text.count("\n", pos, start)
            line_at[start], pos = line, start
        return Coverage(
            tasks=len(units), led=len(units) - len(missing),
            without_lead=tuple(u.id for u in missing),
            lines=tuple(line_at[u.span.start] for u in missing),
        )

    # --- look-ups ---------------------------------------------------------------------

    def section(self, section_id: str) -> Section:
        """The section with this id ("IV.2.a"); raises ``KeyError`` naming close ids."""
        for sec in self.sections:
            if sec.id == section_id:
                return sec
        ids = {s.id: s for s in self.sections}
        prefix = section_id
        while "." in prefix and prefix not in ids:
            prefix = prefix.rsplit(".", 1)[0]
        if prefix in ids and prefix != section_id:
            near = list(ids[prefix].children) or [prefix]
        else:
            near = [s.id for s in self.sections if s.parent is None]
        raise KeyError(f"no section {section_id!r} in this plan; sections nearby: {near[:12]}")

    def task_heading(self, section: str | Section) -> str:
        """What a task is about, in one line: its heading, unless the heading only names
        the agency (an item written "7. Sở Tài chính" and then a paragraph), in which case
        the first sentence of that paragraph.

        Matrix columns, the Excel task sheet, the HTML report and the named SPARQL queries
        (through ``ttdn:taskHeading``) show this; ``Section.heading`` stays the outline's
        own line.

        >>> from ttdn_graph import datasets
        >>> plan = datasets.hung_yen_2022()
        >>> plan.section("IV.7").heading
        'Sở Tài chính'
        >>> plan.task_heading("IV.7")[:45]
        'Tham mưu UBND tỉnh cân đối, bố trí kinh phí đ'
        """
        sec = section if isinstance(section, Section) else self.section(section)
        heading = sec.heading.strip()
        name = heading.rstrip(" :.;")
        body = sec.text.strip()
        if body.startswith(heading):
            body = body[len(heading):].strip()
        if not body or not name or len(name.split()) > 15 or self.find_agency(name) is None:
            return sec.heading
        paragraph = body.split("\n", 1)[0].strip().lstrip("-+•* ").strip()
        return _SENTENCE_END.split(paragraph, maxsplit=1)[0]

    def with_coverage_warning(self) -> Plan:
        """This plan, with a warning added when fewer than half of three or more task
        units got a lead (a partial parse to check by hand)."""
        cov = self.coverage
        if cov.tasks >= 3 and cov.share < 0.5:
            return self.model_copy(update={"warnings": (
                *self.warnings, f"a partial parse: {cov} (check these tasks by hand)")})
        return self

    def agency(self, agency_id: str) -> Agency:
        """The agency with this id."""
        for ag in self.agencies:
            if ag.id == agency_id:
                return ag
        raise KeyError(f"no agency {agency_id!r} in this plan")

    def find_agency(self, query: str) -> Agency | None:
        """Find an agency of this plan by a forgiving name: its id, case, diacritics,
        aliases, other spellings the agencies stage reads (short forms, the province's
        name), or a part of one name only this agency's name holds.

        >>> from ttdn_graph import datasets
        >>> datasets.hung_yen_2022().find_agency("sở tt&tt").name
        'Sở Thông tin và Truyền thông'
        """
        from .text import fold

        key = fold(query)
        if not key:
            return None
        for ag in self.agencies:
            if ag.id == query or key in {fold(ag.name), *(fold(a) for a in ag.aliases)}:
                return ag
        found = _agency_lookup(self, query) if _agency_lookup is not None else None
        if found is not None:
            return found
        partial = [ag for ag in self.agencies if key in fold(ag.name)]
        return partial[0] if len(partial) == 1 else None

    def _resolve(self, agency: str | Agency) -> Agency:
        if isinstance(agency, Agency):
            return agency
        for ag in self.agencies:
            if ag.id == agency:
                return ag
        found = self.find_agency(agency)
        if found is None:
            raise KeyError(f"no agency matching {agency!r} in this plan")
        return found

    def tasks_of(self, agency: str | Agency, role: Role | None = None) -> list[Section]:
        """Sections an agency leads or supports (``role=None``: either), in order."""
        ag = self._resolve(agency)
        ids = {a.section for a in self.assignments if a.agency == ag.id and role in (None, a.role)}
        return [s for s in self.sections if s.id in ids]

    def agencies_of(self, section: str | Section, role: Role | None = None) -> list[Agency]:
        """Agencies with a role in a section (``role=None``: either), leads first."""
        sid = section.id if isinstance(section, Section) else section
        self.section(sid)
        seen: list[str] = []
        for wanted in ("lead", "support"):
            for a in self.assignments:
                if a.section == sid and a.role == wanted and role in (None, a.role) \
                        and a.agency not in seen:
                    seen.append(a.agency)
        return [self.agency(aid) for aid in seen]

    def roles_in(self, section: str) -> dict[str, list[str]]:
        """``{"lead": [agency ids], "support": [...]}`` for one section."""
        out: dict[str, list[str]] = {"lead": [], "support": []}
        for a in self.assignments:
            if a.section == section and a.agency not in out[a.role]:
                out[a.role].append(a.agency)
        return out

    def walk(self) -> Iterator[Section]:
        """Sections in document order."""
        yield from self.sections

    # --- display ----------------------------------------------------------------------

    def summary(self) -> str:
        """A few lines a person can read.

        >>> from ttdn_graph import parse_text
        >>> print(parse_text(chr(10).join(["KẾ HOẠCH", "I. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế chủ trì tuyên truyền."])).summary())
        Kế hoạch (no number) (no date), ?
          (no title)
          0 legal bases, 0 citations, 2 sections, 1 agency, 1 lead and 0 support assignments, 0 deadlines
          roles for 1 of 1 task
        """
        lines = [
            f"{self.doc_type} {self.number or '(no number)'}"
            f" ({self.date.isoformat() if self.date else 'no date'}), {self.issuer or '?'}",
            f"  {self.title or '(no title)'}",
            *(f"  {line}" for line in self.counts_lines()),
        ]
        if self.signer and self.signer.name:
            lines.append(f"  signed by {self.signer.name} ({self.signer.position})")
        return "\n".join(lines)

    def counts_lines(self) -> list[str]:
        """The summary's two lines of figures: what was found, and the coverage."""
        leads = sum(1 for a in self.assignments if a.role == "lead")
        return [
            f"{_count(len(self.legal_bases), 'legal basis', 'legal bases')},"
            f" {_count(len(self.citations), 'citation')}, {_count(len(self.sections), 'section')},"
            f" {_count(len(self.agencies), 'agency', 'agencies')},"
            f" {leads} lead and {_count(len(self.assignments) - leads, 'support assignment')},"
            f" {_count(len(self.deadlines), 'deadline')}",
            str(self.coverage),
        ]

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<li>{esc(b.label)}{' (' + b.date.isoformat() + ')' if b.date else ''}</li>"
            for b in self.legal_bases
        )
        return (
            f"<div><b>{esc(self.doc_type)} {esc(self.number or '')}</b> "
            f"{esc(self.date.isoformat() if self.date else '')} - {esc(self.issuer or '')}"
            f"<br><i>{esc(self.title or '')}</i><br>"
            f"<pre>{esc(self.summary())}</pre><ul>{rows}</ul></div>"
        )

    def to_json(self, *, indent: int | None = 2, include_text: bool = True) -> str:
        """The documented JSON form (see ``ttdn-graph schema``)."""
        exclude: Any = None if include_text else {"text"}
        return self.model_dump_json(indent=indent, exclude=exclude)

    @classmethod
    def from_json(cls, data: str | bytes) -> Plan:
        """Read a plan back from :meth:`to_json` output."""
        return cls.model_validate_json(data)


def _count(n: int, word: str, plural: str | None = None) -> str:
    """``"1 citation"``, ``"2 citations"``, ``"0 agencies"``."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# the end of a sentence: ". ", "; ", "! ", "? " before a capital letter
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ])")
