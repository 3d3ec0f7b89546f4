"""Gradio's own strings ("Drop File Here", "Click to Upload", "Loading" …) in Chinese for every
browser: Gradio picks its language from ``navigator.language`` as its scripts start, so a small
script placed first in the page's ``<head>`` (by this middleware, before any of Gradio's) says
the browser's language is Chinese. Gradio's ``head=`` parameter cannot do it: it is inserted by
Gradio's scripts, after the language is chosen."""

from __future__ import annotations

from typing import Any

SCRIPT = (b"<script>for (const [name, value] of [['language', 'zh-CN'], ['languages', ['zh-CN', 'zh']]])"
          b" Object.defineProperty(navigator, name, {get: () => value, configurable: true});</script>")
MAX_PAGE = 4 * 1024 * 1024  # bytes of a page held to insert the script (Gradio's is about 10 kB)


class ChineseLocale:
    """ASGI middleware: the script above first in every HTML page's head."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] | None = None
        held: list[bytes] = []

        async def rewrite(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                held.append(message.get("body", b""))
                if message.get("more_body") and sum(map(len, held)) < MAX_PAGE:
                    return
                page = b"".join(held)
                if not message.get("more_body"):
                    page = page.replace(b"<head>", b"<head>" + SCRIPT, 1)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                if not message.get("more_body"):
                    headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                start = None
                await send({"type": "http.response.body", "body": page, "more_body": message.get("more_body", False)})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
