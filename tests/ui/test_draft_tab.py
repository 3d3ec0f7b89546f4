"""The 起草 tab: figures in editable tables 二–四 with Chinese labels (prefilled with the body's
last report's structure), the whole report drafted from them, and the page in Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

gr = pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from ui.app import SECTIONS, Services, build_app, draft_or_report, theme  # noqa: E402
from ui.draft_report import FORMS, WHOLE_REPORT, prefill  # noqa: E402

NOTES = (Path(__file__).parents[1] / "data" / "notes" / "05-county-problems-only.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    return Services(load_settings(home=tmp_path_factory.mktemp("home"), embedding_backend="fake"))


def test_next_year_is_prefilled_with_last_years_structure_and_what_carries_over(services: Services) -> None:
    table2, table3, table4, note = prefill(services, "洪泽区", 2025)
    assert "2024" in note and "结转下年度" in note
    assert table2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] and table2[3] == ["行政规范性文件", "0", "0", "8"]
    carried = next(row for row in table3 if row[0].startswith("二、上年结转"))
    assert carried[3:] == ["0"] * 7  # 2024's 结转下年度
    assert next(row for row in table3 if row[0].startswith("一、本年新收"))[3:] == ["0"] * 7
    assert all(c == "0" for c in table4[-1])
    _, indexed, _, note = prefill(services, "洪泽区", 2024)
    assert "已载入" in note and next(row for row in indexed if row[0].startswith("一、本年新收"))[-1] == "95"
    *_, blank_note = prefill(services, "某某县", None)
    assert "空白" in blank_note


def test_the_whole_report_from_the_edited_tables(services: Services) -> None:
    table2, table3, table4, _ = prefill(services, "洪泽区", 2025)
    new = next(row for row in table3 if row[0].startswith("一、本年新收"))
    granted = next(row for row in table3 if "予以公开" in row[1])
    new[3] = granted[3] = "6"
    shown, _, tables_view, rows, path = draft_or_report(services, WHOLE_REPORT, NOTES, "洪泽区", 2025, "", table2, table3, table4, 120, "无", list(FORMS)[1])
    assert rows == [] and "校验通过。已与 2024 年报告核对" in shown
    assert "共收到政府信息公开申请6件" in shown and "全年收取信息处理费120元" in shown and "<mark" in shown
    assert "（一）存在的主要问题" in shown and "<table" in tables_view
    text = "".join(p.text for p in docx.Document(path).paragraphs)
    assert "淮安市洪泽区人民政府\n2025年政府信息公开工作年度报告" in text  # the title broken after the body's name
    bad = [list(r) for r in table3]
    next(row for row in bad if row[0].startswith("二、上年结转"))[3] = "4"
    _, _, _, rows, _ = draft_or_report(services, WHOLE_REPORT, NOTES, "洪泽区", 2025, "", table2, bad, table4, None, "", list(FORMS)[0])
    assert any(r[0] in ("YEAR-CARRY", "跨年结转") and r[1] == "错误" for r in rows)  # the rule code here, its Chinese name once 校验 names rules


def test_a_section_uses_the_tables_when_no_cell_lines_are_given(services: Services) -> None:
    table2, table3, table4, _ = prefill(services, "利通区", 2024)
    shown, *_ = draft_or_report(services, SECTIONS[1], "", "利通区", 2024, "", table2, table3, table4, None, "", list(FORMS)[0])
    assert "共收到政府信息公开申请38件" in shown


def test_the_whole_report_in_headless_chromium(services: Services, tmp_path: Path) -> None:
    from tests.ui.test_app import CHROMIUM, SCREENSHOTS, _free_port

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM:
        pytest.skip("chromium is not installed")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    port = _free_port()
    app = build_app(services)
    app.queue()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, show_error=True, theme=theme())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            page.get_by_role("tab", name="起草").click()
            page.get_by_label(WHOLE_REPORT).check()
            page.fill("#notes textarea", NOTES)
            page.locator("#draft-agency input").fill("洪泽区")
            page.locator("#draft-agency input").press("Enter")
            page.locator("#draft-year input").fill("2025")
            page.get_by_text("表二至表四的数字").click()
            page.click("#prefill-button")
            page.wait_for_selector("#figures-table3 :text('上年结转')", timeout=60_000)
            page.screenshot(path=str(SCREENSHOTS / "5-draft-report-tables.png"), full_page=True)
            page.click("#draft-button")
            page.wait_for_selector("#draft-output :text('校验通过')", timeout=120_000)
            page.screenshot(path=str(SCREENSHOTS / "6-draft-report.png"), full_page=True)
            assert page.locator("#draft-output mark").count() == 4
            browser.close()
    finally:
        app.close()


def test_section_5_the_web_and_the_cli_write_the_same_file(services: Services, tmp_path: Path) -> None:
    """The tool's own content is marked in the text, so the app's .docx and the CLI's are the same
    file: the same paragraphs, the same highlighted runs, the legend, the body as author."""
    from click.testing import CliRunner
    from docx.enum.text import WD_COLOR_INDEX

    from assistant.cli import main

    notes = (Path(__file__).parents[1] / "data" / "notes" / "33-county-facts-with-problems.txt").read_text(encoding="utf-8")
    *_, web = draft_or_report(services, SECTIONS[0], notes, "洪泽区", 2025, "", None, None, None, None, "", list(FORMS)[0])
    source, cli = tmp_path / "notes.txt", tmp_path / "cli.docx"
    source.write_text(notes, encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--section", "5", "--notes", str(source), "--agency", "洪泽区", "--year", "2025", "--docx", str(cli)],
                                env={"DISCLOSURE_HOME": str(services.settings.home), "DISCLOSURE_EMBEDDING_BACKEND": "fake"})
    assert result.exit_code == 0, result.output

    def seen(path: str | Path) -> tuple[list[str], list[str], str]:
        document = docx.Document(str(path))
        marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
        return [p.text for p in document.paragraphs], marked, document.core_properties.author

    texts, marked, author = seen(web)  # type: ignore[arg-type]
    assert (texts, marked, author) == seen(cli)
    assert any(m.startswith(("【建议】", "【待补：请填写")) for m in marked) and any(m.startswith("【待核实】") for m in marked)  # 洪泽区 2024's measures
    assert texts[-1].startswith("注：文中黄色底纹部分") and author == "洪泽区"
