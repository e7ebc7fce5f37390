"""The HTML report, in a real headless browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ttdn_graph import Plan
from ttdn_graph.report import report_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_report_is_self_contained_and_complete(seed: Plan) -> None:
    page = report_html(seed)
    assert not re.search(r"""(?:src|href)=["']https?:""", page)  # nothing to fetch
    assert "<link" not in page and "@import" not in page
    assert page.count('class="cell lead"') == sum(a.role == "lead" for a in seed.assignments)
    assert page.count('class="cell support"') == sum(a.role == "support" for a in seed.assignments)
    for b in seed.legal_bases:
        assert b.number is not None and b.number in page
    # every link points to an evidence anchor that exists, inside a <mark>
    for ev in set(re.findall(r'data-ev="(ev-\d+)"', page)):
        assert f'<span id="{ev}"></span><mark' in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package chromium)")
def test_clicking_a_cell_scrolls_to_and_highlights_the_evidence(tmp_path: Path, seed: Plan) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "report.html"
    path.write_text(report_html(seed), encoding="utf-8")
    outside: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(path.as_uri())
            assert page.locator("table#matrix").is_visible()
            for width in (1400, 1200, 900):  # a wide matrix scrolls in its box, not the page
                page.set_viewport_size({"width": width, "height": 800})
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator("a.cell").count() == len({(a.agency, a.section) for a in seed.assignments})
            assert page.evaluate("window.scrollY") == 0
            cell = page.locator('a.cell[data-section="IV.2.f"][data-agency="hung-yen/so-thong-tin-va-truyen-thong"]')
            assert cell.inner_text() == "P"
            cell.click()
            active = page.locator("mark.evidence.active")
            assert active.count() >= 1
            assert active.first.inner_text() == "Phối hợp với Văn phòng Ủy ban nhân dân tỉnh"
            box = active.first.bounding_box()
            assert box is not None and 0 <= box["y"] <= 800  # scrolled into view
            assert page.evaluate("window.scrollY") > 0
            # another cell moves the highlight
            page.locator('a.cell[data-section="IV.7"]').click()
            assert "Tham mưu UBND tỉnh cân đối" in page.locator("mark.evidence.active").first.inner_text()
            assert page.locator("mark.evidence.active").count() == 1
        finally:
            browser.close()
    assert outside == []


def test_header_says_each_thing_once(seed: Plan) -> None:
    """The bundled plan is signed by Nguyễn Duy Hưng (last line of the text) and, besides
    its four bases, cites one law by name (Luật Ngân sách Nhà nước, line 163): the header
    names the signer once and counts in words that agree with the numbers."""
    page = report_html(seed)
    header = page.split("<body>", 1)[1].split("<h2>", 1)[0]
    assert header.count("Nguyễn Duy Hưng") == 1
    assert "4 legal bases, 1 citation," in header and "1 citations" not in header
    assert header.count("187/KH-UBND") == 1
