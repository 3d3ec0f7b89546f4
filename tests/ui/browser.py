"""The served app in headless Debian Chromium (Playwright through executable_path; Playwright
never downloads a browser here). One place for the launch, so page tests hold only their steps."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, timeout: float = 300) -> None:
    """Until ``url`` answers (a server starting in another process)."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def download(page: Any, selector: str, target: Any) -> Any:
    """Click the download link ``selector`` and save the file to ``target``."""
    with page.expect_download(timeout=60_000) as download_info:
        page.locator(selector).first.click()
    download_info.value.save_as(target)
    return target


@contextmanager
def served_page(app: Any, theme: Any, width: int = 1280, height: int = 1000, locale: str = "zh-CN", **launch: Any) -> Iterator[Any]:
    """A page in the browser's ``locale`` (Chinese unless asked) on the launched app (``launch``:
    more of ``launch``'s settings), its first tab loaded; the app is closed after."""
    from playwright.sync_api import sync_playwright

    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    port = free_port()
    app.queue()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, show_error=True, theme=theme, **launch)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            page.wait_for_selector("#question textarea", timeout=60_000)
            yield page
            browser.close()
    finally:
        app.close()
        time.sleep(0.5)


def choose(page: Any, elem_id: str, label: str, timeout: float = 30_000) -> None:
    """Pick the option named *label* in the dropdown #elem_id by clicking it (typing and pressing
    Enter picks whatever option is active when the filter has not caught up: flaky on a busy machine)."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(label)
    option = page.locator(f'#{elem_id} [role=option][aria-label="{label}"]')
    option.wait_for(state="visible", timeout=timeout)
    option.click()
