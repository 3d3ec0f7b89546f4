"""The page in headless Chromium after an upload: every body and year picker of every tab and the
removal list know the new report (one library-change handler refreshes them all); 统计 draws its
line chart for a metric over two years; the downloaded .docx keeps its highlighted suggestion;
Gradio's own strings are Chinese for an English-locale browser."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from tests.conftest import sample_path  # noqa: E402
from tests.ui.browser import CHROMIUM, download, served_page  # noqa: E402
from ui.app import LAUNCH_SETTINGS, Services, build_app, theme  # noqa: E402

SCREENSHOTS = Path(__file__).parents[1] / "output" / "screenshots"
BODY, YEAR = "青山区人民政府", "2025"


def _options(page, elem_id: str) -> list[str]:  # noqa: ANN001 - a Playwright page
    """The options a dropdown offers, as a person opens it."""
    box = page.locator(f"#{elem_id} input").first
    box.click()
    page.wait_for_selector("ul.option-list li", timeout=30_000)
    found = page.locator("ul.option-list li").all_inner_texts()
    page.keyboard.press("Escape")
    return [o.strip() for o in found]


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")
def test_an_upload_reaches_every_picker_the_line_chart_draws_and_the_docx_keeps_its_highlight(tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    new_report = tmp_path / "青山区2025.txt"
    new_report.write_text(sample_path("hongqi-district-2024").read_text(encoding="utf-8").replace("红旗", "青山").replace("2024", YEAR),
                          encoding="utf-8")
    with served_page(build_app(Services(load_settings())), theme(), locale="en-US", quiet=True, **LAUNCH_SETTINGS) as page:  # an English browser
        # 报告库: the upload box speaks Chinese to an English browser; upload a new body's report of a new year.
        page.get_by_role("tab", name="报告库").click()
        upload_text = page.locator("#library-upload").inner_text()
        assert "Drop File Here" not in upload_text and "Click to Upload" not in upload_text, upload_text
        page.locator("#library-upload input[type=file]").set_input_files(str(new_report))
        page.wait_for_selector("#library-upload :text('青山区2025.txt')", timeout=60_000)
        page.click("#ingest-button")
        page.wait_for_selector("#ingest-status :text('新增 1 份')", timeout=120_000)
        playwright_api.expect(page.locator("#library-table")).to_contain_text("青山区2025.txt", timeout=30_000)
        page.wait_for_timeout(1000)  # the library-change handler runs right after the upload's
        removal = _options(page, "remove-choice")
        assert any("青山区2025.txt" in o for o in removal), removal

        # every picker of every tab
        page.get_by_role("tab", name="问答").click()
        assert BODY in _options(page, "ask-agency")
        page.get_by_role("tab", name="起草").click()
        assert BODY in _options(page, "draft-agency")
        # empty optional fields are empty (not "0")
        assert page.locator("#draft-year input").input_value() == "" and page.locator("#draft-fees input").input_value() == ""
        page.get_by_role("tab", name="统计").click()
        assert BODY in _options(page, "stats-bodies")
        assert YEAR in _options(page, "stats-years")

        # 统计: 本年新收申请 of the body with two years (洪泽区 2023, 2024): the line is drawn.
        page.locator("#stats-bodies input").first.click()
        page.locator("#stats-bodies input").first.fill("淮安市洪泽区人民政府")
        page.locator('ul.option-list li:has-text("淮安市洪泽区人民政府")').first.click()
        page.keyboard.press("Escape")
        page.click("#stats-button")
        page.wait_for_selector("#stats-line canvas, #stats-line svg .mark-line path", timeout=60_000)
        playwright_api.expect(page.locator("#stats-table")).to_contain_text("95", timeout=30_000)
        page.locator("#stats-line").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "fresh-stats-line.png"), full_page=True)
        assert page.locator("#stats-line").inner_text().count("没有") == 0

        # 起草: section 五 with a suggested measure; the downloaded .docx has it highlighted.
        page.get_by_role("tab", name="起草").click()
        page.fill("#notes textarea", "政策解读形式单一；新媒体更新慢\n下一步搞图解和视频解读")
        page.click("#draft-button")
        page.wait_for_selector("#draft-output :text('政策解读形式单一')", timeout=120_000)
        page.screenshot(path=str(SCREENSHOTS / "fresh-draft.png"), full_page=True)
        target = download(page, "#docx-file a", tmp_path / "draft.docx")
        marked = [r.text for para in docx.Document(str(target)).paragraphs for r in para.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
        assert marked, "the suggested measure is highlighted in the page's .docx"


def test_a_first_start_opens_with_one_report_and_imports_the_rest_behind_a_banner() -> None:
    from ui.app import library_views

    services = Services(load_settings())
    services.samples_first = 1
    assert len(services.kb.reports()) >= 1
    banner = services.banner()
    importing = services.importing
    assert importing is not None
    assert banner.startswith("正在后台导入示例报告 1/6")  # said from the start (serve starts it once the page is up)
    importing.start()
    from assistant.progress import importing_note

    home = services.settings.home
    deadline = time.monotonic() + 60
    while importing.running and importing_note(home) is None and time.monotonic() < deadline:
        importing.thread.join(0.05)
    if importing.running:  # an answer given meanwhile, in any process, says the samples are still coming
        assert (importing_note(home) or "").endswith("份示例报告正在后台导入，此回答只依据已导入的报告。")
    importing.thread.join(300)
    assert services.banner() == "" and len(services.kb.reports()) == 7 and importing_note(home) is None
    version, banner, *pickers, table, removal, _alias_body, _aliases, _bench_year, _bench_region, _bench_body = library_views(services)
    assert banner == "" and len(table) == 7 and version == services.kb.facts.version()
    assert "淮安市洪泽区人民政府" in pickers[0]["choices"] and 2023 in pickers[1]["choices"]
