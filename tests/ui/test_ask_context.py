"""The 问答 tab's context, in headless Chromium on the served app (its public-API filter on): the
机关 picker scopes a question that names no body; a question that names its own topic after a
follow-up is answered on that topic; an example chip fills the box and is answered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.settings import load_settings
from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, choose, free_port

SCREENSHOTS = Path(__file__).parents[1] / "output" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")]


@pytest.fixture(scope="module")
def page():  # type: ignore[no-untyped-def]
    playwright_api = pytest.importorskip("playwright.sync_api")
    from ui.app import serve

    port = free_port()
    app = serve("127.0.0.1", port, load_settings(), block=False)
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="zh-CN")
            tab.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            tab.wait_for_selector("#question textarea", timeout=60_000)
            yield tab
            browser.close()
    finally:
        app.close()


@pytest.fixture(autouse=True)
def _home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One data home for the module's served app (the conftest gives each test its own)."""
    monkeypatch.setenv("DISCLOSURE_HOME", str(tmp_path_factory.getbasetemp() / "ask-context-home"))


def _ask(page, question: str) -> str:  # type: ignore[no-untyped-def]
    """Ask in the box; the newest answer's text once it has arrived."""
    answers = page.locator("#chatbot .bot")
    before = answers.count()
    page.fill("#question textarea", question)
    page.click("#ask-button")
    _answered(page, before)
    return answers.last.inner_text()


def _answered(page, before: int) -> None:  # type: ignore[no-untyped-def]
    """Wait for an answer beyond the first ``before`` (the "…" placeholder replaced by its text)."""
    page.wait_for_function("""(before) => {
        const answers = [...document.querySelectorAll('#chatbot .bot')];
        const last = answers.length > before ? answers[answers.length - 1].innerText.trim() : '';
        return last.length > 1 && last !== '…' && !last.startsWith('Loading');
    }""", arg=before, timeout=60_000)


def _clear(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#ask-clear")
    page.wait_for_function("document.querySelectorAll('#chatbot .bot').length === 0", timeout=30_000)


def test_the_body_picker_scopes_a_question_that_names_no_body(page) -> None:  # type: ignore[no-untyped-def]
    _clear(page)
    choose(page, "ask-agency", "利通区")
    answer = _ask(page, "不予公开多少件")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ask-picker-scope.png"), full_page=True)
    assert "利通区" in answer and re.search(r"不予公开\s*7\s*件", answer), answer
    assert "49" not in answer and "全部已收录机关" not in answer
    choose(page, "ask-agency", "")


def test_a_question_with_its_own_topic_is_not_a_follow_up(page) -> None:  # type: ignore[no-untyped-def]
    _clear(page)
    first = _ask(page, "红旗区24年复议纠错率多少")
    assert "纠错率" in first and "63.6" in first
    assert "纠错率" in _ask(page, "那利通区呢")
    answer = _ask(page, "利通区如何做政策解读？")
    page.screenshot(path=str(SCREENSHOTS / "ask-own-topic.png"), full_page=True)
    assert "政策解读" in answer and "纠错率" not in answer, answer


def test_an_example_chip_fills_the_box_and_is_answered(page) -> None:  # type: ignore[no-untyped-def]
    _clear(page)
    chip = page.locator("#ask-examples button, #ask-examples td, #ask-examples .example").first
    chip.wait_for(state="visible", timeout=30_000)
    text = chip.inner_text().strip()
    responses: list[int] = []
    page.on("response", lambda r: responses.append(r.status) if "/gradio_api/" in r.url else None)
    chip.click()
    _answered(page, 0)
    page.screenshot(path=str(SCREENSHOTS / "ask-example-chip.png"), full_page=True)
    assert 404 not in responses
    assert text and text in page.locator("#chatbot").inner_text()
    assert page.locator("#chatbot .bot").last.inner_text().strip()


def test_a_nickname_added_in_the_library_is_used_by_the_next_question(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="报告库").click()
    page.fill("#alias-name textarea, #alias-name input", "小红")
    choose(page, "alias-body", "红旗区人民政府")
    page.click("#alias-button")
    page.wait_for_selector("#alias-status :text('已添加别名')", timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "library-alias.png"), full_page=True)
    page.get_by_role("tab", name="问答").click()
    _clear(page)
    answer = _ask(page, "小红2024年不予公开多少件？")
    assert "红旗区人民政府 2024 年不予公开 0 件" in answer, answer
