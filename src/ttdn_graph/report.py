"""A self-contained HTML report of one plan (no network: styles and script inline).

The page shows the plan's summary, its legal bases, the responsibility matrix, and the
source text with every assignment's evidence highlighted. Each filled matrix cell links
to its evidence: clicking it scrolls the text there and highlights it.

>>> from ttdn_graph import datasets
>>> html = report_html(datasets.hung_yen_2022())
>>> html.count('class="cell lead"'), html.count('class="cell support"')
(50, 8)
"""

from __future__ import annotations

import html
from collections import defaultdict
from itertools import pairwise

from .matrix import ROLE_MARKS, ResponsibilityMatrix, responsibility_matrix
from .models import Plan

__all__ = ["report_html"]

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.8rem; }
td, th { border: 1px solid #ccc; padding: 2px 4px; }
table.matrix th.task { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
table.matrix th.agency { text-align: left; min-width: 16rem; }
a.cell { display: block; text-align: center; text-decoration: none; font-weight: bold; }
a.cell.lead { background: #1f4e79; color: #fff; } a.cell.support { background: #9dc3e6; color: #000; }
#source { white-space: pre-wrap; font-family: inherit; font-size: 0.85rem; line-height: 1.45;
          border: 1px solid #ddd; padding: 1rem; max-width: 60rem; }
mark.evidence { background: #fff2cc; } mark.evidence.active { background: #ffd966; outline: 2px solid #c00000; }
.scroll { overflow-x: auto; max-width: 100%; }
.legend span { display: inline-block; padding: 0 0.5rem; margin-right: 0.5rem; }
"""

_JS = """
document.addEventListener('click', function (event) {
  var link = event.target.closest('a.cell');
  if (!link) { return; }
  event.preventDefault();
  var id = link.getAttribute('data-ev');
  document.querySelectorAll('mark.evidence.active').forEach(function (m) { m.classList.remove('active'); });
  document.querySelectorAll('mark.evidence').forEach(function (m) {
    if ((' ' + m.getAttribute('data-ev') + ' ').indexOf(' ' + id + ' ') >= 0) { m.classList.add('active'); }
  });
  var anchor = document.getElementById(id);
  if (anchor) { anchor.scrollIntoView({block: 'center'}); }
  history.replaceState(null, '', '#' + id);
});
"""


def _source_html(plan: Plan, spans: dict[tuple[int, int], str]) -> str:
    """The source text with each evidence span wrapped in <mark> (overlaps split)."""
    text = plan.text
    points = sorted({0, len(text)} | {p for s in spans for p in s})
    out = []
    anchored: set[str] = set()
    for a, b in pairwise(points):
        if a >= b:
            continue
        ids = [ev for (s, e), ev in spans.items() if s <= a and b <= e]
        chunk = html.escape(text[a:b])
        if not ids:
            out.append(chunk)
            continue
        anchors = "".join(f'<span id="{ev}"></span>' for ev in ids if ev not in anchored)
        anchored.update(ids)
        out.append(f'{anchors}<mark class="evidence" data-ev="{" ".join(ids)}">{chunk}</mark>')
    return "".join(out)


def _matrix_rows(plan: Plan, m: ResponsibilityMatrix, spans: dict[tuple[int, int], str]) -> list[str]:
    """One table row per agency; each filled cell links to its evidence (a lead's where
    the agency both leads and supports)."""
    esc = html.escape
    evidence_of: dict[tuple[str, str], str] = {}
    roles_by_cell: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in plan.assignments:
        cell = (a.agency, a.section)
        if cell not in evidence_of or a.role == "lead":
            evidence_of[cell] = spans[(a.evidence.start, a.evidence.end)]
        roles_by_cell[cell].add(a.role)
    rows = []
    for ag in m.agencies:
        cells = []
        for t in m.tasks:
            role = m.cell(ag.id, t.id)
            if not role:
                cells.append("<td></td>")
                continue
            both = roles_by_cell[(ag.id, t.id)] == {"lead", "support"}
            title = f"{ag.name} - {t.id}: {'chủ trì' if role == 'lead' else 'phối hợp'}"
            title += " (và phối hợp)" if both else ""
            ev = evidence_of[(ag.id, t.id)]
            cells.append(
                f'<td><a class="cell {role}" href="#{ev}" data-ev="{ev}" data-agency="{esc(ag.id)}"'
                f' data-section="{esc(t.id)}" title="{esc(title)}">{ROLE_MARKS[role]}</a></td>'
            )
        rows.append(f'<tr><th class="agency">{esc(ag.name)}</th>{"".join(cells)}</tr>')
    return rows


def report_html(plan: Plan) -> str:
    """The report as one HTML string."""
    esc = html.escape
    m = responsibility_matrix(plan)
    spans = {(a.evidence.start, a.evidence.end): "" for a in plan.assignments}
    spans = {key: f"ev-{i}" for i, key in enumerate(spans)}  # one anchor per evidence span
    head = "".join(f'<th class="task" title="{esc(m.heading(t.id))}">{esc(t.id)}</th>' for t in m.tasks)
    rows = _matrix_rows(plan, m, spans)
    bases = "".join(
        f"<tr><td>{esc(b.doc_type)}</td><td>{esc(b.number or '')}</td>"
        f"<td>{b.date.strftime('%d/%m/%Y') if b.date else ''}</td><td>{esc(b.issuer or '')}</td>"
        f"<td>{esc(b.title or '')}</td></tr>"
        for b in plan.legal_bases
    )
    deadlines = "".join(
        f"<li>{d.date.strftime('%d/%m/%Y')}: {esc(d.kind)}{' (' + esc(d.section) + ')' if d.section else ''}</li>"
        for d in plan.deadlines
    )
    signer = ""
    if plan.signer and plan.signer.name:
        signer = f"<p>Người ký: {esc(plan.signer.name)} ({esc(plan.signer.position or '')})</p>"
    title = f"{plan.doc_type} {plan.number or '(chưa có số)'}"
    date = plan.date.strftime("%d/%m/%Y") if plan.date else "(chưa có ngày)"
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{esc(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{esc(title)}, ngày {esc(date)} - {esc(plan.issuer or '')}</h1>
<p><i>{esc(plan.title or '')}</i></p>
<p id="summary">{'<br>'.join(esc(line) for line in plan.counts_lines())}</p>
{signer}
<h2>Căn cứ pháp lý (legal bases)</h2>
<table id="bases"><tr><th>Loại</th><th>Số hiệu</th><th>Ngày</th><th>Cơ quan ban hành</th><th>Trích yếu</th></tr>{bases}</table>
<h2>Thời hạn (deadlines)</h2>
<ul id="deadlines">{deadlines}</ul>
<h2>Ma trận trách nhiệm (responsibility matrix)</h2>
<p class="legend"><span style="background:#1f4e79;color:#fff">C</span>chủ trì (lead)
<span style="background:#9dc3e6">P</span>phối hợp (support). Bấm vào một ô để xem căn cứ trong văn bản /
click a cell to see its evidence in the text.</p>
<div class="scroll"><table class="matrix" id="matrix"><tr><th class="agency">Cơ quan</th>{head}</tr>{''.join(rows)}</table></div>
<h2>Văn bản (source text, evidence highlighted)</h2>
<pre id="source">{_source_html(plan, spans)}</pre>
<script>{_JS}</script>
</body>
</html>
"""
