"""The shared deployment: who may log in (``serve --auth``) and which endpoints the public API
offers. Only ask, validate, draft and the read-only batch check and statistics (check_many, stats)
are named API endpoints; every other event (upload, ingest, removal, library) serves the page alone: Gradio lists it as private, and this middleware refuses
it at ``/gradio_api/call|run|api/<name>``, where Gradio 6 would otherwise run any named event."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from index.errors import ConfigurationError

PUBLIC_API = ("ask", "validate", "draft", "check_many", "stats", "supervision")
_API_CALL = re.compile(r"^(?:.*?)/gradio_api/(?:call(?:/v2)?|run|api)/([^/]+)/?$")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


REMOVAL_CLOSED = ("删除报告在本页已关闭：未要求登录时，只有在本机（127.0.0.1）启动并加 --allow-delete 才能删除；"
                  "共享部署请用 disclosure serve --auth 启动。")


def removal_allowed(host: str, auth: bool, allow_delete: bool) -> bool:
    """Removal exists in the page with a login (--auth), or on loopback when the operator asked
    for it (--allow-delete); otherwise the page has no removal event at all: anything that reaches
    the port without logging in cannot delete a report through the page's own queue."""
    return auth or (allow_delete and is_loopback(host))


def load_users(settings: Settings) -> list[tuple[str, str]]:
    """Users from DISCLOSURE_AUTH_USERS ("name:password,name2:password2") and/or the file
    DISCLOSURE_AUTH_FILE (a "name:password" per line, # comments); ConfigurationError if none."""
    entries: list[str] = []
    if settings.auth_users is not None:
        entries += settings.auth_users.get_secret_value().split(",")
    if settings.auth_file is not None:
        try:
            entries += Path(settings.auth_file).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ConfigurationError(
                f"无法读取用户文件 {settings.auth_file}：{error.strerror}；请检查 DISCLOSURE_AUTH_FILE。 (Cannot read the users file.)"
            ) from None
    users = []
    for entry in (e.strip() for e in entries):
        if not entry or entry.startswith("#"):
            continue
        name, sep, password = entry.partition(":")
        if not sep or not name.strip() or not password:
            raise ConfigurationError(
                f"用户设置“{name.strip() or entry[:20]}”格式不对：每个用户应写成“用户名:密码”。 (Each user is name:password.)"
            )
        users.append((name.strip(), password))
    if not users:
        raise ConfigurationError(
            "已要求登录（--auth），但没有设置用户：请设置 DISCLOSURE_AUTH_USERS=用户名:密码（多个用逗号分隔），"
            "或用 DISCLOSURE_AUTH_FILE 指向每行一个“用户名:密码”的文件。 (--auth needs users: set DISCLOSURE_AUTH_USERS or DISCLOSURE_AUTH_FILE.)"
        )
    return users


class PublicApiOnly:
    """ASGI middleware: a POST to a named-endpoint URL runs only the public endpoints."""

    def __init__(self, app: Any, allowed: tuple[str, ...] = PUBLIC_API) -> None:
        self.app = app
        self.allowed = set(allowed)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("method") == "POST":
            match = _API_CALL.match(scope.get("path", ""))
            if match and match.group(1) not in self.allowed:
                body = json.dumps({"detail": "该接口不对外开放 (not a public API endpoint)"}, ensure_ascii=False).encode("utf-8")
                await send({"type": "http.response.start", "status": 404,
                            "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
