"""The Gradio app: handlers called directly, and the real page driven in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
from pathlib import Path

import docx
import pytest

gr = pytest.importorskip("gradio")

from assistant.presenting import rule_names  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from tests.assistant.test_real_reports import ids_and_codes  # noqa: E402
from tests.conftest import sample_path  # noqa: E402
from ui.app import (  # noqa: E402
    LAUNCH_SETTINGS, SECTIONS, Services, build_app, check, confirm_removal, draft, remove_report, removal_choices, respond, theme,
    upload_reports,
)

SCREENSHOTS = Path(__file__).parents[1] / "output" / "screenshots"


def broken_table3() -> str:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    return table.replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")


@pytest.fixture
def services() -> Services:
    return Services(load_settings())


def test_ask_handler_streams_the_cited_answer(services: Services) -> None:
    *_, (history, answerer, box) = respond(services, "how many requests did 利通区 deny in 2024", [], None, "", None)
    answer = history[-1]["content"]
    assert "7 withheld (不予公开)" in answer and "表三 · 不予公开 · 保护第三方合法权益 · 总计" in answer and box == ""
    *_, (history, _, _) = respond(services, "那红旗区呢？", history, answerer, "", None)
    assert "红旗区人民政府 2024" in history[-1]["content"]


def test_ask_filters_fill_what_the_question_leaves_out(services: Services) -> None:
    *_, (history, _, _) = respond(services, "行政复议多少件？", [], None, "红旗区人民政府", 2024)
    assert "11" in history[-1]["content"]


def test_validate_handler_highlights_the_broken_cell(services: Services) -> None:
    summary, rows, html = check(services, broken_table3(), None, None)
    assert "1 个错误" in summary and rows[0][:5] == ["出错单元格", "错误", "表三 · 予以公开 · 自然人", "12", "13"]
    assert 'class="broken"' in html and 'data-cell="table3.granted.natural_person"' in html


def test_validate_handler_reports_bad_input_readably(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "x.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(gr.Error, match="另存为"):
        check(services, "", str(bad), None)
    with pytest.raises(gr.Error, match="请粘贴"):
        check(services, "", None, None)


def test_draft_handler_writes_a_docx(services: Services) -> None:
    shown, _, _, _, path = draft(services, SECTIONS[0], "政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读", "利通区", 2024, "")
    assert "一是政策解读形式单一" in shown and "<mark" in shown  # the suggested measure is marked
    assert "一是政策解读形式单一" in "".join(p.text for p in docx.Document(path).paragraphs)
    _, _, tables, rows, _ = draft(services, SECTIONS[3], "", "", None, "table4.review.upheld = 2\ntable4.review.total = 5")
    assert rows[0][2] == "表四 · 行政复议 · 总计" and 'class="broken"' in tables


def test_library_handlers(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("今天天气很好。", encoding="utf-8")
    good = tmp_path / "copy.txt"
    good.write_text(sample_path("litong-district-2024").read_text(encoding="utf-8").replace("开展政策解读 28 次", "开展政策解读 27 次"), encoding="utf-8")
    message, rows = upload_reports(services, [str(bad), str(good)], progress=lambda *a, **k: None)
    assert "新增 1 份" in message and "跳过 1 份" in message
    litong = [r for r in rows if r[0] == "利通区"]
    # one row per body and year; a second file of the same body and year is a new version (issue 16):
    # it replaces the old one, which stays listed as an old version
    assert [(r[5], r[6]) for r in litong] == [("copy.txt", "当前版本"), ("litong-district-2024.txt", "旧版本（已被替换）")]
    choices = dict((label, report_id) for label, report_id in removal_choices(services))
    assert "利通区 2024 · copy.txt" in choices
    with pytest.raises(gr.Error, match="请先"):
        confirm_removal(services, None)
    update, question = confirm_removal(services, choices["利通区 2024 · copy.txt"])
    assert update["visible"] is True and "copy.txt" in question and "确定要删除" in question
    message, rows = remove_report(services, choices["利通区 2024 · copy.txt"])
    assert message.startswith("已删除") and [r[5] for r in rows if r[0] == "利通区"] == ["litong-district-2024.txt"]
    assert "利通区 2024 · copy.txt" not in dict(removal_choices(services))


def test_the_app_builds_without_a_browser(services: Services) -> None:
    app = build_app(services)
    assert isinstance(app, gr.Blocks)


# ------------------------------------------------------------------ the real page in Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CANONICAL_ID = re.compile(r"table[234]\.[a-z_]+")
RULE_CODE = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, rule_names())) + r")(?![\w-])")
FILE_NAME = re.compile(r"[\w.-]+\.(?:txt|md|html?|docx|pdf)\b")
# English a Chinese user may meet on the page: file formats and product names.
ENGLISH_ALLOWED = {"txt", "md", "html", "htm", "docx", "pdf", "doc", "et", "xls", "xlsx", "csv", "markdown", "word", "wps", "ocr", "ctrl", "kb", "mb"}


def chinese_surface_problems(text: str) -> list[str]:
    """Canonical ids, rule codes and English UI words in text a person reads (English answers
    to English questions are checked elsewhere: the chat and the example questions are left out)."""
    problems = [f"canonical id {m}" for m in CANONICAL_ID.findall(text)]
    problems += [f"rule code {m}" for m in RULE_CODE.findall(text)]
    words = re.findall(r"[A-Za-z]{2,}", FILE_NAME.sub(" ", RULE_CODE.sub(" ", re.sub(r"table[234](?:\.\w+)+", " ", text))))
    problems += [f"English word {w}" for w in words if w.lower() not in ENGLISH_ALLOWED]
    return problems


def test_the_surface_check_catches_ids_codes_and_english() -> None:
    assert chinese_surface_problems("表三 · 予以公开 · 总计 第 51–58 行 litong-district-2024.txt 上传 .docx") == []
    assert chinese_surface_problems("table3.granted.total") == ["canonical id table3.granted"]
    assert chinese_surface_problems("规则 T3-ROW") == ["rule code T3-ROW"]
    assert chinese_surface_problems("Drop File Here") == ["English word Drop", "English word File", "English word Here"]


def _visible_text(page: object) -> str:
    """What the person sees on the open tab, less the chat (answers follow the question's
    language) and the example questions."""
    return page.evaluate(r"""() => {
        const holder = document.createElement('div');
        holder.style.position = 'absolute'; holder.style.left = '-99999px';
        document.body.appendChild(holder);
        let text = '';
        document.querySelectorAll('.tabitem, [role=tabpanel]').forEach(panel => {
            if (panel.offsetParent !== null) {
                const copy = panel.cloneNode(true);
                copy.querySelectorAll('#chatbot, .gallery, [class*="examples"]').forEach(e => e.remove());
                holder.appendChild(copy);
                text += '\n' + copy.innerText;
            }
        });
        holder.remove();
        const header = [...document.querySelectorAll('[role=tablist], .toast-wrap, footer')].map(e => e.innerText).join('\n');
        return text + '\n' + header;
    }""")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")
def test_the_page_in_headless_chromium(tmp_path: Path) -> None:
    """All four tabs, driven as a person would: no canonical id, rule code or English UI word
    on screen; an uploaded report's new body appears in the pickers without a restart."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    port = _free_port()
    app = build_app(Services(load_settings()))
    app.queue()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, show_error=True, theme=theme(), quiet=True,
               **LAUNCH_SETTINGS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen: dict[str, list[str]] = {}
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            page.wait_for_selector("#question textarea", timeout=60_000)
            assert page.locator("footer").count() == 0 or page.locator("footer").inner_text().strip() == ""  # no "通过 API 使用"

            # 问答: the headline question, answered with its citation in Chinese.
            page.fill("#question textarea", "利通区2024年不予公开多少件？")
            page.click("#ask-button")
            page.wait_for_selector("#chatbot :text('数字出处')", timeout=60_000)
            chat = page.locator("#chatbot").inner_text()
            assert "表三 · 不予公开 · 保护第三方合法权益 · 总计" in chat and "第 51–58 行" in chat
            assert not CANONICAL_ID.search(chat) and "line" not in chat
            page.fill("#question textarea", "how many requests did 利通区 deny in 2024")
            page.click("#ask-button")
            page.wait_for_selector("#chatbot :text('7 withheld')", timeout=60_000)
            assert page.locator("#chatbot").get_by_text("表三 · 不予公开 · 保护第三方合法权益 · 总计", exact=False).count() >= 1
            seen["问答"] = chinese_surface_problems(_visible_text(page))
            page.screenshot(path=str(SCREENSHOTS / "1-ask.png"), full_page=True)

            # 校验: a pasted broken table 3, the broken cell highlighted, findings in Chinese.
            page.get_by_role("tab", name="校验").click()
            page.fill("#pasted textarea", broken_table3())
            page.click("#validate-button")
            page.wait_for_selector("#highlighted td.broken", timeout=60_000)
            red = page.locator("#highlighted td.broken")  # the changed cell, and only it, red with its expected value
            assert red.count() == 1 and red.first.get_attribute("data-cell") == "table3.granted.natural_person"
            assert red.first.inner_text().split() == ["13", "应为", "12"] and page.locator("#highlighted td.suspect").count() == 2
            playwright_api.expect(page.locator("#findings")).to_contain_text("表三 · 予以公开 · 自然人", timeout=60_000)
            shown = "".join(page.locator(f"#{e}").inner_text() for e in ("validate-summary", "findings", "highlighted"))
            assert "出错单元格" in shown and ids_and_codes(shown) == []  # no canonical ids, no rule codes
            seen["校验"] = chinese_surface_problems(_visible_text(page))
            page.screenshot(path=str(SCREENSHOTS / "2-validate.png"), full_page=True)

            # 起草: section 五 from notes, downloaded as .docx.
            page.get_by_role("tab", name="起草").click()
            page.fill("#notes textarea", "政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读")
            page.click("#draft-button")
            page.wait_for_selector("#draft-output :text('一是政策解读形式单一')", timeout=60_000)
            seen["起草"] = chinese_surface_problems(_visible_text(page))
            page.screenshot(path=str(SCREENSHOTS / "3-draft.png"), full_page=True)
            with page.expect_download(timeout=60_000) as download_info:
                page.locator("#docx-file a").first.click()
            target = tmp_path / "draft.docx"
            download_info.value.save_as(target)
            assert "一是政策解读形式单一" in "".join(p.text for p in docx.Document(str(target)).paragraphs)

            # 报告库: upload a report of a body not yet indexed; it is listed and offered in the pickers.
            page.get_by_role("tab", name="报告库").click()
            seen["报告库"] = chinese_surface_problems(_visible_text(page))
            new_body = tmp_path / "青山区2024.txt"
            new_body.write_text(sample_path("hongqi-district-2024").read_text(encoding="utf-8").replace("红旗", "青山"), encoding="utf-8")
            page.locator("#library-upload input[type=file]").set_input_files(str(new_body))
            page.wait_for_selector("#library-upload :text('青山区2024.txt')", timeout=60_000)
            page.click("#ingest-button")
            page.wait_for_selector("#ingest-status :text('新增 1 份')", timeout=120_000)
            assert page.locator("#library-table").get_by_text("青山区2024.txt").count() >= 1
            seen["报告库"] += chinese_surface_problems(_visible_text(page))
            page.screenshot(path=str(SCREENSHOTS / "4-library.png"), full_page=True)
            page.get_by_role("tab", name="问答").click()
            page.locator("#ask-agency input").click()
            page.wait_for_selector("ul.option-list :text('青山区人民政府')", timeout=30_000)
            page.screenshot(path=str(SCREENSHOTS / "5-picker-after-upload.png"), full_page=True)
            page.keyboard.press("Escape")

            # Removal: choose the report, confirm, and it leaves the list and the pickers.
            page.get_by_role("tab", name="报告库").click()
            page.locator("#remove-choice input").click()
            page.locator("ul.option-list li", has_text="青山区2024.txt").first.click()
            page.click("#remove-button")
            page.wait_for_selector("#confirm-remove", timeout=30_000)
            seen["报告库"] += chinese_surface_problems(_visible_text(page))
            page.screenshot(path=str(SCREENSHOTS / "6-confirm-removal.png"), full_page=True)
            page.click("#confirm-remove")
            page.wait_for_selector("#ingest-status :text('已删除')", timeout=60_000)
            assert page.locator("#library-table").get_by_text("青山区2024.txt").count() == 0
            browser.close()
    finally:
        app.close()
        time.sleep(0.5)
    assert {tab: problems for tab, problems in seen.items() if problems} == {}


def test_selecting_a_library_row_shows_its_findings(services: Services) -> None:
    from ui.app import library_rows, report_findings

    rows = library_rows(services)
    index = next(i for i, r in enumerate(rows) if r[5] == "hongze-district-2023.pdf")
    event = type("Select", (), {"index": [index, 0]})()
    findings = report_findings(services, rows, event)
    assert [f[:3] for f in findings[:2]] == [["表四合计", "错误", "表四 · 行政复议 · 总计"], ["表四合计", "错误", "表四 · 行政诉讼 · 复议后起诉 · 总计"]]


def test_a_province_sized_library_is_searched_not_listed(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more reports than fit a page, the list shows LIBRARY_SHOWN and the filter finds the rest."""
    import ui.app as app

    monkeypatch.setattr(app, "LIBRARY_SHOWN", 3)
    assert len(app.library_rows(services)) == 3
    assert [row[0] for row in app.library_rows(services, "红旗区")] == ["红旗区人民政府"]
    assert app.library_rows(services, "没有这个机关") == []
