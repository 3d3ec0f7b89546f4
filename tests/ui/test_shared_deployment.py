"""The shared deployment (issue 16, attack 5): logins with `serve --auth`, loopback by default,
only ask/validate/draft in the public API, and no way to delete through it."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import partial

import pytest

gr = pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from index.errors import ConfigurationError  # noqa: E402
from index.limits import MAX_FILE_BYTES  # noqa: E402
from ui.app import remove_report, serve, upload_reports  # noqa: E402
from ui.security import PUBLIC_API, is_loopback, load_users  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, payload: dict, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _handler(app: gr.Blocks, function: object) -> object:
    return next(fn for fn in app.fns.values() if isinstance(fn.fn, partial) and fn.fn.func is function)


@pytest.fixture
def running(request: pytest.FixtureRequest) -> Iterator[tuple[gr.Blocks, str]]:
    port = _free_port()
    app = serve("127.0.0.1", port, load_settings(), block=False, auth=getattr(request, "param", False), allow_delete=True)
    yield app, f"http://127.0.0.1:{port}"
    app.close()


def test_without_auth_the_page_has_no_removal_to_reach_through_its_queue() -> None:
    """Issue 25, failure 13: without --auth, anything reaching the port deleted reports through
    /gradio_api/queue/join with the delete event's index. Now, without --auth and without
    --allow-delete on loopback, the page has no removal event; every event index joined with a
    report's id deletes nothing."""
    import time

    from assistant.knowledge import KnowledgeBase
    from ui.security import removal_allowed

    assert not removal_allowed("0.0.0.0", False, True) and not removal_allowed("127.0.0.1", False, False)
    assert removal_allowed("127.0.0.1", False, True) and removal_allowed("0.0.0.0", True, False)
    KnowledgeBase.open(load_settings()).ensure_samples()  # every sample in before the page opens (no import under way to count)
    port = _free_port()
    app = serve("127.0.0.1", port, load_settings(), block=False)
    try:
        assert not any(isinstance(fn.fn, partial) and fn.fn.func is remove_report for fn in app.fns.values())
        kb = KnowledgeBase.open(load_settings())
        count, target = len(kb.reports()), kb.reports()[0].id
        for index in list(app.fns):
            _post(f"http://127.0.0.1:{port}/gradio_api/queue/join",
                  {"data": [target], "fn_index": index, "session_hash": "attacker", "event_data": None, "trigger_id": None})
        time.sleep(3)
        assert len(KnowledgeBase.open(load_settings()).reports()) == count
    finally:
        app.close()


def test_only_ask_validate_and_draft_are_public_and_removal_cannot_be_called(running: tuple[gr.Blocks, str]) -> None:
    app, base = running
    with urllib.request.urlopen(f"{base}/gradio_api/info", timeout=30) as response:
        named = json.loads(response.read())["named_endpoints"]
    assert sorted(name.strip("/") for name in named) == sorted(PUBLIC_API)
    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase.open(load_settings())
    count = len(kb.reports())
    removal = _handler(app, remove_report)
    upload = _handler(app, upload_reports)
    for fn in (removal, upload):
        for route in ("call", "call/v2", "run", "api"):
            status, body = _post(f"{base}/gradio_api/{route}/{fn.api_name}", {"data": [kb.reports()[0].id[:12]]})
            assert status == 404 and "不对外开放" in body, (route, fn.api_name, status)
    assert len(kb.reports()) == count  # nothing was deleted (it used to delete a report per call)
    status, body = _post(f"{base}/gradio_api/call/validate", {"data": ["一、总体情况", None, None]})
    assert status == 200 and "event_id" in body
    # uploads and removals queue one at a time; the upload size is bounded
    assert (removal.concurrency_limit, upload.concurrency_limit) == (1, 1) and removal.concurrency_id == upload.concurrency_id
    assert app.max_file_size == MAX_FILE_BYTES


def test_validation_runs_in_a_worker_process_of_the_served_app(running: tuple[gr.Blocks, str]) -> None:
    """A paste sent to the served app is read and validated by a worker process (DISCLOSURE_WORKERS;
    one on a machine with two cores), with the same answer the app's own process gives."""
    from assistant.checkview import check_view
    from tests.conftest import sample_path

    app, base = running
    offload = app.services.offload  # type: ignore[attr-defined]
    if offload.workers == 0:
        pytest.skip("one core: no worker processes")
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")].replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")
    status, body = _post(f"{base}/gradio_api/call/validate", {"data": [table, None, None]})
    assert status == 200
    event = json.loads(body)["event_id"]
    with urllib.request.urlopen(f"{base}/gradio_api/call/validate/{event}", timeout=120) as response:
        stream = response.read().decode()
    data = next(json.loads(line[5:]) for line in stream.splitlines() if line.startswith("data:") and line[5:].strip().startswith("["))
    assert data[0] == check_view(table, None, None)[0] and "1 个错误" in data[0]
    assert offload.run(os.getpid) != os.getpid()  # the worker is another process


def test_serve_auth_requires_a_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_AUTH_USERS", "alice:s3cret, bob:pa:ss")
    assert load_users(load_settings()) == [("alice", "s3cret"), ("bob", "pa:ss")]
    port = _free_port()
    app = serve("127.0.0.1", port, load_settings(), block=False, auth=True)
    base = f"http://127.0.0.1:{port}"
    try:
        status, _ = _post(f"{base}/gradio_api/call/ask", {"data": ["利通区2024年不予公开多少件", [], None, "", None]})
        assert status == 401
        form = urllib.parse.urlencode({"username": "alice", "password": "wrong"}).encode()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(urllib.request.Request(f"{base}/login", form), timeout=30)
        form = urllib.parse.urlencode({"username": "alice", "password": "s3cret"}).encode()
        with urllib.request.urlopen(urllib.request.Request(f"{base}/login", form), timeout=30) as response:
            cookie = response.headers["set-cookie"].split(";")[0]
        status, body = _post(f"{base}/gradio_api/call/ask", {"data": ["利通区2024年不予公开多少件", [], None, "", None]}, {"Cookie": cookie})
        assert status == 200 and "event_id" in body
    finally:
        app.close()


def test_auth_without_users_is_one_sentence(tmp_path: object) -> None:
    with pytest.raises(ConfigurationError, match="DISCLOSURE_AUTH_USERS"):
        serve("127.0.0.1", _free_port(), load_settings(), block=False, auth=True)
    with pytest.raises(ConfigurationError, match="用户名:密码"):
        load_users(load_settings(auth_users="alice"))


def test_loopback_is_the_default_and_other_hosts_are_warned_about() -> None:
    from click.testing import CliRunner

    from assistant.cli import main

    serve_command = main.commands["serve"]
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1" and is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--auth"], env={"DISCLOSURE_AUTH_USERS": ""})
    assert result.exit_code == 2 and "DISCLOSURE_AUTH_USERS" in result.output and "Traceback" not in result.output


CHROMIUM = __import__("shutil").which("chromium") or __import__("shutil").which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")
def test_a_report_with_a_beacon_image_makes_the_browser_fetch_nothing(tmp_path: object) -> None:
    """Attack 8: `![b](http://host/beacon.png)` in a report made the browser fetch it. Now the
    answer quoting that passage is shown as text and Chromium requests nothing beyond the app."""
    import os
    from pathlib import Path

    from assistant.knowledge import KnowledgeBase
    from tests.conftest import sample_path

    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    hostile = Path(str(tmp_path)) / "beacon.txt"
    hostile.write_text(text.replace("利通区", "灯塔区").replace(
        "改进措施：", "改进措施：![b](http://beacon.invalid/beacon.png)<img src=\"http://beacon.invalid/img.png\">"), encoding="utf-8")
    KnowledgeBase.open(load_settings()).ingest([hostile])
    port = _free_port()
    app = serve("127.0.0.1", port, load_settings(), block=False)
    outside: list[str] = []
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"])
            page = browser.new_page(locale="zh-CN")

            def watch(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if not url.startswith(f"http://127.0.0.1:{port}"):
                    outside.append(url)
                    route.abort()  # type: ignore[attr-defined]
                else:
                    route.continue_()  # type: ignore[attr-defined]

            page.route("**/*", watch)
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
            page.wait_for_selector("#question textarea", timeout=60_000)
            page.fill("#question textarea", "灯塔区2024年有哪些改进措施？")
            page.click("#ask-button")
            page.wait_for_selector("#chatbot :text('beacon.invalid')", timeout=90_000)
            page.wait_for_timeout(1500)
            assert page.locator("#chatbot img[src*='beacon']").count() == 0
            browser.close()
    finally:
        app.close()
    assert not [url for url in outside if "beacon" in url], outside
