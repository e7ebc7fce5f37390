"""The responsibility matrix as data and as a picture."""

from __future__ import annotations

import csv
import io

import matplotlib
import pytest

from ttdn_graph import Plan, responsibility_matrix
from ttdn_graph.viz import ROLE_COLORS, matrix_figure

matplotlib.use("Agg")


def test_cells_follow_the_assignments(seed: Plan) -> None:
    m = responsibility_matrix(seed)
    assert m.cell("hung-yen/van-phong-uy-ban-nhan-dan-tinh", "IV.2.f") == "lead"
    assert m.cell("hung-yen/so-thong-tin-va-truyen-thong", "IV.2.f") == "support"
    assert m.cell("hung-yen/so-tai-chinh", "IV.2.f") == ""
    filled = sum(1 for a in m.agencies for t in m.tasks if m.cell(a.id, t.id))
    assert filled == len({(a.agency, a.section) for a in seed.assignments})


def test_tasks_in_document_order_and_every_part_iv_agency(seed: Plan) -> None:
    m = responsibility_matrix(seed)
    ids = [t.id for t in m.tasks]
    order = [s.id for s in seed.sections]
    assert ids == sorted(ids, key=order.index)
    assert ids[0] == "II.2" and ids[-1] == "IV.12.d"
    part_iv = {a.agency for a in seed.assignments if a.section.startswith("IV")}
    assert part_iv <= {a.id for a in m.agencies}
    assert len(m.agencies) == 14


def test_order_by_load(seed: Plan) -> None:
    m = responsibility_matrix(seed, order="load")
    counts = m.counts()
    leads = [counts[a.id]["lead"] for a in m.agencies]
    assert leads == sorted(leads, reverse=True)
    assert m.agencies[0].name == "Văn phòng Ủy ban nhân dân tỉnh"  # 7 leads in IV.1 + IV.2.f
    with pytest.raises(ValueError, match="order must be"):
        responsibility_matrix(seed, order="alphabet")  # type: ignore[arg-type]


def test_csv(seed: Plan) -> None:
    rows = list(csv.reader(io.StringIO(responsibility_matrix(seed).to_csv())))
    header = rows[0]
    assert header[0] == "agency" and "IV.10.c" in header
    body = {r[0]: dict(zip(header[1:], r[1:], strict=True)) for r in rows[1:]}
    assert body["Ban Tuyên giáo Tỉnh ủy"]["IV.10.c"] == "lead"
    assert body["Các tổ chức chính trị - xã hội tỉnh"]["IV.10.c"] == "support"


def test_picture_shows_names_tasks_and_role_colours(seed: Plan) -> None:
    fig = matrix_figure(seed)
    ax = fig.axes[0]
    m = responsibility_matrix(seed)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels == [a.name for a in m.agencies]
    assert [t.get_text() for t in ax.get_xticklabels()] == [t.id for t in m.tasks]
    assert "187/KH-UBND" in ax.get_title() and "13/12/2021" in ax.get_title()
    image = ax.get_images()[0].get_array()
    from matplotlib.colors import to_rgb

    for r, a in enumerate(m.agencies):
        for c, t in enumerate(m.tasks):
            assert tuple(float(x) for x in image[r][c][:3]) == pytest.approx(
                to_rgb(ROLE_COLORS[m.cell(a.id, t.id)]))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Chủ trì (lead)", "Phối hợp (support)"]


def test_notebook_table_uses_the_report_notation() -> None:
    """One role notation everywhere: C (chủ trì) and P (phối hợp), with a legend.
    IV.2.f: Văn phòng UBND tỉnh leads, Sở Thông tin và Truyền thông supports (read in the plan)."""
    import re

    from ttdn_graph import datasets, responsibility_matrix

    m = responsibility_matrix(datasets.hung_yen_2022())
    page = m._repr_html_()
    assert "overflow-x:auto" in page and "chủ trì (lead)" in page and "phối hợp (support)" in page
    col = [t.id for t in m.tasks].index("IV.2.f")
    rows = {re.sub("<[^>]+>", "", r.split("</th>")[0]): re.findall(r"<td[^>]*>([^<]*)</td>", r)
            for r in page.split("<tr>")[2:]}
    assert rows["Văn phòng Ủy ban nhân dân tỉnh"][col] == "C"
    assert rows["Sở Thông tin và Truyền thông"][col] == "P"
    assert {v for r in rows.values() for v in r} == {"C", "P", ""}


def test_text_that_looks_like_a_formula_stays_text() -> None:
    """A plan whose IV.7 paragraph starts with a formula: the Excel task sheet holds it
    as text (not a live formula) and the CSV cell starts with an apostrophe."""
    import csv
    import io

    from openpyxl import load_workbook

    from ttdn_graph import datasets, parse_text, responsibility_matrix
    from ttdn_graph.exports import assignments_csv

    evil = '=HYPERLINK("http://127.0.0.1/x","Tham mưu")'
    text = datasets.hung_yen_2022_text().replace("Tham mưu UBND tỉnh cân đối", evil + " UBND tỉnh cân đối", 1)
    plan = parse_text(text)
    assert plan.task_heading("IV.7").startswith(evil)
    sheet = load_workbook(io.BytesIO(responsibility_matrix(plan).to_xlsx())).worksheets[1]
    (cell,) = [row[1] for row in sheet.iter_rows() if row[0].value == "IV.7"]
    assert cell.data_type == "s" and cell.value.startswith(evil)
    rows = list(csv.DictReader(io.StringIO(assignments_csv(plan).decode("utf-8"))))
    (row,) = [r for r in rows if r["section"] == "IV.7"]
    assert row["evidence"].startswith("'" + evil)
    assert not [r for r in rows for v in r.values() if v.startswith(("=", "+", "@"))]
