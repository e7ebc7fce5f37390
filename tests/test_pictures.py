"""The network and legal-basis pictures, and the Excel sheet: what they show."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from openpyxl import load_workbook

from ttdn_graph import Plan, responsibility_matrix
from ttdn_graph.viz import legal_basis_figure, network_figure

matplotlib.use("Agg")


def test_network_picture_shows_every_agency_with_a_role(seed: Plan) -> None:
    fig = network_figure(seed)
    texts = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    named = {a.name for a in seed.agencies if any(x.agency == a.id for x in seed.assignments)}
    assert named <= texts
    assert "14 agencies, 11 links" in fig.axes[0].get_title()
    # numbers do not sit on the links: a legend says what width and size mean. The
    # heaviest link of the bundled plan is 5 shared tasks (IV.10.a-d and II.2, read in
    # the text); Văn phòng UBND tỉnh leads the most tasks (7: IV.1.a-d, f, IV.2.f, and
    # IV.1.e), the legend's largest node.
    assert not [t for t in texts if t.isdigit()]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "1 shared task" and legend[-1] == "leads 7 tasks"
    assert "5 shared tasks" in legend and "leads 0 tasks" in legend
    # labels sit beside (below) their node, with no box that would hide a link
    assert all(t.get_bbox_patch() is None for t in fig.axes[0].texts)


def test_legal_basis_picture_lists_bases_and_citations(seed: Plan) -> None:
    fig = legal_basis_figure(seed)
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert any(t.startswith("Nghị định 72/2015/NĐ-CP (07/09/2015) - Chính phủ") for t in texts)
    assert any("Quyết định 1160/QĐ-TTg (13/07/2021)" in t for t in texts)
    assert any("Luật Ngân sách Nhà nước" in t for t in texts)
    assert "4 + 1" in fig.axes[0].get_title()
    styles = [a.arrow_patch.get_linestyle() for a in fig.axes[0].texts if hasattr(a, "arrow_patch") and a.arrow_patch]
    assert styles.count("-") == 4 and styles.count("--") == 1


def test_xlsx_sheet(seed: Plan) -> None:
    m = responsibility_matrix(seed)
    wb = load_workbook(io.BytesIO(m.to_xlsx()))
    ws = wb["Ma trận"]
    assert ws.freeze_panes == "B2"
    header = [c.value for c in ws[1]][1:]
    assert header == [t.id for t in m.tasks]
    names = [ws.cell(row=i, column=1).value for i in range(2, 2 + len(m.agencies))]
    assert names == [a.name for a in m.agencies]
    col = header.index("IV.2.f") + 2
    row = names.index("Sở Thông tin và Truyền thông") + 2
    assert ws.cell(row=row, column=col).value == "P"
    assert ws.cell(row=names.index("Văn phòng Ủy ban nhân dân tỉnh") + 2, column=col).value == "C"
    assert ws.cell(row=1, column=col).comment.text.startswith("Phối hợp với Văn phòng")
    tasks = wb["Nhiệm vụ"]
    assert [r[0].value for r in tasks.iter_rows(min_row=2)] == [t.id for t in m.tasks]


def test_dataframe(seed: Plan) -> None:
    df = responsibility_matrix(seed).to_dataframe()
    assert df.loc["Ban Tuyên giáo Tỉnh ủy", "IV.10.c"] == "lead"
    assert df.shape == (14, 47)


def test_svg_keeps_text_as_text(seed: Plan, tmp_path: Path) -> None:
    """Agency names in an SVG are searchable <text>, not glyph outlines."""
    import xml.etree.ElementTree as ET

    from ttdn_graph.viz import save_matrix

    out = tmp_path / "m.svg"
    save_matrix(seed, out)
    texts = {"".join(el.itertext()) for el in ET.parse(out).iter("{http://www.w3.org/2000/svg}text")}
    assert {a.name for a in responsibility_matrix(seed).agencies if len(a.name) < 30} <= texts
