"""What changed between two plans: tasks added, removed, moved, reworded, reassigned;
deadlines and legal bases changed.

Sections are paired first by identical text (so a task that moved, or was renumbered
because another moved, is "moved", not removed and added), then by id (same id, other
text: "reworded"). Roles are compared by agency name, so a renamed agency shows as a
reassignment.

>>> from ttdn_graph import datasets
>>> plan = datasets.hung_yen_2022()
>>> diff(plan, plan).is_empty()
True
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .models import Plan, Section

__all__ = ["PlanDiff", "diff", "word_changes"]


def _norm(text: str) -> str:
    return " ".join(text.split())


def word_changes(old: str, new: str, context: int = 3) -> str:
    """The words that changed between two texts, with a few words of context around
    each change; the JSON form keeps both texts whole.

    >>> word_changes("Kế hoạch năm 2022 của tỉnh", "Kế hoạch năm 2023 của tỉnh")
    '… Kế hoạch năm [2022 -> 2023] của tỉnh'
    """
    a, b = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = a[max(0, i1 - context) : i1]
        after = a[i2 : i2 + context]
        was, now = " ".join(a[i1:i2]) or "∅", " ".join(b[j1:j2]) or "∅"
        parts.append(" ".join(["…", *before, f"[{was} -> {now}]", *after]).rstrip())
    return "; ".join(parts) if parts else "(spaces only)"


@dataclass
class PlanDiff:
    """The changes from ``old`` to ``new``."""

    old: str
    new: str
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    moved: list[dict[str, str]] = field(default_factory=list)
    reworded: list[dict[str, str]] = field(default_factory=list)
    reassigned: list[dict[str, Any]] = field(default_factory=list)  # id, old/new {role: names}
    deadlines_added: list[dict[str, str]] = field(default_factory=list)
    deadlines_removed: list[dict[str, str]] = field(default_factory=list)
    deadlines_changed: list[dict[str, str]] = field(default_factory=list)
    bases_added: list[str] = field(default_factory=list)
    bases_removed: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(v for k, v in asdict(self).items() if k not in ("old", "new"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def text(self) -> str:
        """One line per change."""
        lines = [f"{self.old} -> {self.new}"]
        if self.is_empty():
            return lines[0] + ": no changes"
        for x in self.added:
            lines.append(f"added      {x['id']}: {x['heading'][:80]}")
        for x in self.removed:
            lines.append(f"removed    {x['id']}: {x['heading'][:80]}")
        for x in self.moved:
            lines.append(f"moved      {x['from']} -> {x['to']}: {x['heading'][:70]}")
        for x in self.reworded:
            lines.append(f"reworded   {x['id']}: {word_changes(x['old'], x['new'])}")
        for change in self.reassigned:
            roles_old: dict[str, list[str]] = change["old"]
            roles_new: dict[str, list[str]] = change["new"]
            old = "; ".join(f"{r}: {', '.join(a)}" for r, a in roles_old.items() if a) or "-"
            new = "; ".join(f"{r}: {', '.join(a)}" for r, a in roles_new.items() if a) or "-"
            lines.append(f"reassigned {change['id']}: {old} -> {new}")
        for x in self.deadlines_changed:
            lines.append(f"deadline   {x['kind']} {x['section'] or '(closing)'}: {x['old']} -> {x['new']}")
        for x in self.deadlines_added:
            lines.append(f"deadline + {x['kind']} {x['section'] or '(closing)'}: {x['date']}")
        for x in self.deadlines_removed:
            lines.append(f"deadline - {x['kind']} {x['section'] or '(closing)'}: {x['date']}")
        for b in self.bases_added:
            lines.append(f"basis +    {b}")
        for b in self.bases_removed:
            lines.append(f"basis -    {b}")
        return "\n".join(lines)


def _roles(plan: Plan, section_id: str) -> dict[str, list[str]]:
    names = {a.id: a.name for a in plan.agencies}
    roles = plan.roles_in(section_id)
    return {role: sorted(names.get(a, a) for a in ids) for role, ids in roles.items()}


def _label(plan: Plan) -> str:
    return f"{plan.doc_type} {plan.number or '(no number)'}" + (f" ({plan.date.isoformat()})" if plan.date else "")


def diff(old: Plan, new: Plan) -> PlanDiff:
    """The changes from ``old`` to ``new`` (see the module documentation)."""
    out = PlanDiff(_label(old), _label(new))
    pairs = _pair_sections(old, new, out)
    for a, b in pairs:  # roles of the paired sections
        ra, rb = _roles(old, a.id), _roles(new, b.id)
        if ra != rb:
            out.reassigned.append({"id": b.id, "old": ra, "new": rb})
    _diff_deadlines(old, new, {a.id: b.id for a, b in pairs}, out)
    old_b = [b.label for b in old.legal_bases]
    new_b = [b.label for b in new.legal_bases]
    out.bases_added = [b for b in new_b if b not in old_b]
    out.bases_removed = [b for b in old_b if b not in new_b]
    return out


def _pair_sections(old: Plan, new: Plan, out: PlanDiff) -> list[tuple[Section, Section]]:
    """Pair each old section with its new one: first by identical text (the same task,
    perhaps under another id: moved), then by the same id (reworded). Sections left
    over were removed or added."""
    new_secs = {s.id: s for s in new.sections}
    pairs: list[tuple[Section, Section]] = []
    by_text: dict[str, list[Section]] = {}
    for s in new.sections:
        by_text.setdefault(_norm(s.text), []).append(s)
    unmatched_old: list[Section] = []
    used_new: set[str] = set()
    for s in old.sections:
        candidates = [c for c in by_text.get(_norm(s.text), []) if c.id not in used_new]
        same = [c for c in candidates if c.id == s.id]
        pick = same[0] if same else (candidates[0] if candidates else None)
        if pick is None:
            unmatched_old.append(s)
            continue
        used_new.add(pick.id)
        pairs.append((s, pick))
        if pick.id != s.id:
            out.moved.append({"from": s.id, "to": pick.id, "heading": pick.heading})
    still_old: list[Section] = []
    for s in unmatched_old:
        if s.id in new_secs and s.id not in used_new:
            used_new.add(s.id)
            pairs.append((s, new_secs[s.id]))
            out.reworded.append({"id": s.id, "old": s.text, "new": new_secs[s.id].text})
        else:
            still_old.append(s)
    out.removed = [{"id": s.id, "heading": s.heading} for s in still_old]
    out.added = [{"id": s.id, "heading": s.heading} for s in new.sections if s.id not in used_new]
    return pairs


def _diff_deadlines(old: Plan, new: Plan, moved_to: dict[str, str], out: PlanDiff) -> None:
    """Deadlines compared by (kind, section), old sections followed to where they moved."""

    def dates(plan: Plan, mapping: dict[str, str]) -> dict[tuple[str, str | None], list[str]]:
        found: dict[tuple[str, str | None], list[str]] = {}
        for d in plan.deadlines:
            sec = mapping.get(d.section, d.section) if d.section else d.section
            found.setdefault((d.kind, sec), []).append(d.date.isoformat())
        return found

    old_d, new_d = dates(old, moved_to), dates(new, {})
    for k in sorted(set(old_d) | set(new_d), key=lambda k: (k[0], k[1] or "")):
        before, after = sorted(old_d.get(k, [])), sorted(new_d.get(k, []))
        gone = [x for x in before if x not in after]
        came = [x for x in after if x not in before]
        for g, c in zip(gone, came, strict=False):
            out.deadlines_changed.append({"kind": k[0], "section": k[1] or "", "old": g, "new": c})
        for g in gone[len(came):]:
            out.deadlines_removed.append({"kind": k[0], "section": k[1] or "", "date": g})
        for c in came[len(gone):]:
            out.deadlines_added.append({"kind": k[0], "section": k[1] or "", "date": c})
