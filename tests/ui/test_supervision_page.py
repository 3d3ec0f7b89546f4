"""The 统计 tab's 对标与风险清单 sub-tab: the handler directly, and the page in Chromium (the
percentile strip with the chosen body highlighted, the risk list, the downloads)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

gr = pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from tests.ui.browser import CHROMIUM, choose, served_page  # noqa: E402
from tests.ui.test_app import SCREENSHOTS  # noqa: E402
from ui.app import Services, build_app, theme  # noqa: E402
from ui.supervision_tab import supervision_view  # noqa: E402


def test_supervision_handler_highlights_the_body_and_writes_both_files() -> None:
    services = Services(load_settings())
    summary, svg, rows, files = supervision_view(services, 2024, "", "", "洪泽区", progress=lambda *a, **k: None)
    assert "**淮安市洪泽区人民政府**（区县人民政府，2024年）" in summary
    assert svg.count('class="highlight"') >= 5 and "<script" not in svg
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and {r[3] for r in rows} == {2024}
    book = load_workbook(files[0], read_only=True)
    assert book.sheetnames == ["风险清单", "对标", "同类分位", "突变", "文本重复"]
    jumps = list(book["突变"].iter_rows(min_row=2, values_only=True))
    assert ("淮安市洪泽区人民政府", 2024, 2023, "行政许可", 550, 9487) in [r[:6] for r in jumps]
    page = Document(files[1])
    assert page.paragraphs[0].text == "2024年度政府信息公开工作年度报告对标与风险清单" and len(page.tables) == 2
    with pytest.raises(gr.Error, match="没有“不存在区”"):
        supervision_view(services, 2024, "", "", "不存在区", progress=lambda *a, **k: None)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")
def test_the_supervision_sub_tab_in_headless_chromium() -> None:
    pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with served_page(build_app(Services(load_settings())), theme()) as page:
        page.get_by_role("tab", name="统计").click()
        page.get_by_role("tab", name="对标与风险清单").click()
        choose(page, "supervision-body", "淮安市洪泽区人民政府")
        page.click("#supervision-button")
        page.wait_for_selector("#supervision-strip svg circle.highlight", timeout=90_000)
        strip = page.locator("#supervision-strip svg")
        assert strip.locator("circle.highlight").count() >= 5  # one red dot per metric the body has
        labels = strip.locator("text.strip-label").all_text_contents()
        assert any(re.match(r"本年新收申请：\d+件（第 \d+/\d+ 名）", t) for t in labels), labels
        summary = page.locator("#supervision-summary").inner_text()
        assert "淮安市洪泽区人民政府" in summary and "风险分" in summary
        assert page.locator("#supervision-risks").get_by_text("淮安市洪泽区人民政府").count() >= 1
        assert page.locator("#supervision-files").get_by_text(".docx").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "6-supervision.png"), full_page=True)


def test_the_app_stores_waiting_vectors_in_the_background(tmp_path: Path) -> None:
    from assistant.knowledge import KnowledgeBase
    from tests.conftest import sample_path

    settings = load_settings()
    kb = KnowledgeBase.open(settings)
    kb.ingest([sample_path("hongze-district-2023"), sample_path("hongze-district-2024")], vectors_later=True)
    assert len(kb.not_searchable()) == 2 and kb.vectors.count() == 0
    services = Services(settings)
    assert services.kb.facts.complete_reports()  # figures answer at once
    assert services.embedding is not None
    services.embedding.join(timeout=120)
    assert services.kb.not_searchable() == [] and services.kb.vectors.count() > 0
