"""The pipeline: bytes or text -> :class:`~ttdn_graph.models.Plan`.

``decode -> normalize -> segment -> header -> citations -> agencies -> roles ->
deadlines -> Plan``. Every stage lives in its own module; this one only chains them
and turns offsets into the normalized text into spans of the original text.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .agencies import AgencyMatcher, plan_agencies
from .appendix import AppendixTask, appendix_tasks
from .citations import RawReference, find_references, sort_references
from .closing import closing_blocks, read_closing
from .deadlines import RawDeadline, plan_deadlines
from .decode import DEFAULT_MAX_BYTES, check_mojibake, decode
from .errors import PlanInputError
from .header import read_header, read_issuer, require_plan
from .models import Plan, Source
from .normalize import DEFAULT_STEPS, NormalizedText, Step, normalize
from .roles import RawAssignment, leads_by_section, plan_roles
from .segment import RawSection, segment

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


#: a model's fields, handed to the Plan's validator (which checks them as the model's
#: constructor would)
_Fields = dict[str, Any]
_SpanOf = Callable[[int, int], _Fields]
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
    # UTF-8 encodes every code point but the surrogates: encoding finds one as fast as a
    # search would, and its bytes are the ones the source hash is taken of
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # not Unicode text: it could never be written out as UTF-8
        bad = _SURROGATE.search(text)
        assert bad is not None
        raise PlanInputError(source, f"a lone surrogate (U+{ord(bad.group()):04X}) at character"
                             f" {bad.start()}: not valid Unicode text",
                             line=text.count("\n", 0, bad.start()) + 1) from None
    checked = check_mojibake(text, source=source, fix=fix_mojibake)
    if checked is not text:  # repaired: hash the repaired text
        text, data = checked, checked.encode("utf-8", "surrogatepass")
    src = Source(
        sha256=hashlib.sha256(data).hexdigest(),
        length=len(text),
        path=None if source.startswith("<") else source,
        encoding=encoding,
    )
    return _chain(normalize(text, steps), src, source, province)


def _chain(norm: NormalizedText, src: Source, source: str, province_hint: str | None) -> Plan:
    """Run the stages on the normalized text and assemble the Plan, mapping every
    offset into the normalized text to a span of the original.

    The Plan's parts are handed to its validator as plain data (``_Fields``) and
    validated with it at once: the checks their constructors make, in one call into
    pydantic's core rather than a Python call per part (2,500 a round of 16 plans)."""
    t = norm.text

    def span(start: int, end: int) -> _Fields:
        s, e = norm.to_original(start, end)
        return {"start": s, "end": e}

    def line_of(offset: int) -> int:  # the 1-based line of the original text
        return norm.original.count("\n", 0, span(offset, offset + 1)["start"]) + 1

    segs = segment(t)
    header = read_header(segs, t, province_hint=province_hint, source=source)
    matcher = AgencyMatcher.for_province(header.province.name if header.province else None)
    require_plan(segs, header, source)
    warnings = [*header.warnings, *(f"line {line_of(at)}: {message}" for message, at in segs.warnings)]
    header = read_issuer(segs, t, matcher, header, warnings)
    bases, cited = sort_references(find_references(t, matcher), segs.preamble, t, header.number)
    roles = plan_roles(segs.sections, segs.closing, t, matcher)
    tasks = appendix_tasks(segs.appendix, t, matcher)
    warnings += [f"appendix table: the row at line {line_of(task.start)} repeats the number of"
                 f" {task.repeats}; kept as {task.id}" for task in tasks if task.repeats]
    roles += [role for task in tasks for role in task.roles]
    leads = leads_by_section(roles)
    deadlines = [_deadline(t, p.deadline, p.section, span) for p in plan_deadlines(
        segs.sections, closing_blocks(segs.closing), t, matcher, header.year(), leads)]
    deadlines += [{"date": task.due, "kind": "completion", "section": task.id,
                   "reporters": leads.get(task.id, ()), "recipients": (), "text": task.due_text or "",
                   "span": span(task.start, task.end)}
                  for task in tasks if task.due is not None]
    signer, recipients = read_closing(segs.closing, t, matcher)
    named = {r.issuer_id for r in (*bases, *cited) if r.issuer_id} | {r.agency for r in recipients if r.agency}
    named |= {ag for d in deadlines for ag in (*d["reporters"], *d["recipients"])}
    agencies = plan_agencies(t, segs.body_start, matcher, header.issuer_agency, (a.agency for a in roles), named)
    if not any(a.role == "lead" for a in roles):
        warnings.append("no task assignments found (no 'Tổ chức thực hiện' part?)")
    return Plan.model_validate({
        "number": header.number, "doc_type": header.doc_type or "Kế hoạch", "date": header.date,
        "place": header.place, "issuer": header.issuer,
        "issuer_id": header.issuer_agency.id if header.issuer_agency else None,
        "province": header.province.name if header.province else None, "level": header.level,
        "title": header.title, "year": header.year(),
        "legal_bases": [_legal(r, True, span) for r in bases],
        "citations": [_legal(r, False, span) for r in cited],
        "sections": [*(_section(s, span) for s in segs.sections), *(_task(task, span) for task in tasks)],
        "agencies": agencies,
        "assignments": [_assignment(t, a, span) for a in roles],
        "deadlines": deadlines,
        "signer": None if signer is None else {
            "name": signer.name, "position": signer.position, "authority": signer.authority,
            "span": span(signer.start, signer.end)},
        "recipients": [{"name": r.name, "agency": r.agency, "span": span(r.start, r.end)} for r in recipients],
        "warnings": warnings, "source": src, "text": norm.original,
    }).with_coverage_warning()


def _one_line(text: str) -> str:
    """``" ".join(text.split())``: the words of ``text`` with one space between them."""
    # Most headings and quotes have that form already: told in C (every blank but the
    # space is unprintable, so a printable text's only blanks are spaces) at a third of
    # the cost of splitting and joining their words again.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _legal(r: RawReference, basis: bool, span: _SpanOf) -> _Fields:
    """A :class:`~ttdn_graph.models.LegalReference`'s fields."""
    n = r.number
    return {
        "doc_type": r.doc_type, "number": n.canonical if n else None, "sequence": n.sequence if n else None,
        "year": n.year if n else None, "type_code": n.type_code if n else None,
        "issuer_code": n.issuer_code if n else None, "date": r.date, "issuer": r.issuer,
        "issuer_id": r.issuer_id, "title": r.title, "is_basis": basis, "span": span(r.start, r.end),
    }


def _section(s: RawSection, span: _SpanOf) -> _Fields:
    """A :class:`~ttdn_graph.models.Section`'s fields."""
    return {"id": s.id, "marker": s.marker, "kind": s.kind, "heading": _one_line(s.heading),
            "text": s.text, "parent": s.parent.id if s.parent else None,
            "children": tuple(c.id for c in s.children), "span": span(s.start, s.end)}


def _task(task: AppendixTask, span: _SpanOf) -> _Fields:
    """The :class:`~ttdn_graph.models.Section` of an appendix table's row."""
    return {"id": task.id, "marker": task.marker, "kind": "appendix", "heading": task.heading,
            "text": task.heading, "parent": None, "children": (), "span": span(task.start, task.end)}


def _assignment(t: str, a: RawAssignment, span: _SpanOf) -> _Fields:
    """An :class:`~ttdn_graph.models.Assignment`'s fields."""
    return {"section": a.section, "agency": a.agency.id, "role": a.role, "cue": a.cue,
            "evidence": span(a.start, a.end), "quote": _one_line(t[a.start : a.end])}


def _deadline(t: str, d: RawDeadline, section: str | None, span: _SpanOf) -> _Fields:
    """A :class:`~ttdn_graph.models.Deadline`'s fields."""
    return {"date": d.date, "kind": "report" if d.kind == "report" else "completion",
            "section": section, "reporters": d.reporters, "recipients": d.recipients,
            "text": _one_line(t[d.start : d.end]), "span": span(d.start, d.end)}
