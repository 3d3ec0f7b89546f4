"""The warm question service: ``disclosure ask`` in a new process answers in about the time an
interpreter takes to start, by handing the question to a process that already has the
knowledge base, the word index and the e5 model loaded.

The first ``ask`` answers by itself and starts the service in the background; later ones send
the question over a Unix socket (mode 600, in the temporary directory, one per data home and
user) and print what the service sends back — the very output of the same ``ask`` command run
there. The service ends after ``DISCLOSURE_SERVICE_IDLE`` seconds without a question (default
600; 0: no service), and at once when the code or the ``DISCLOSURE_*`` settings it was started
with have changed (the client then answers by itself and starts a new one). Anything wrong with
the service — not there, starting, busy, gone — means the question is answered in-process: the
service only ever makes an answer faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from .home import data_home, service_idle

MAX_REQUEST = 64 * 1024  # bytes of one request (a question is at most a few thousand characters)
CONNECT_TIMEOUT = 0.5  # seconds to reach a service that is up
ANSWER_TIMEOUT = 120.0  # seconds to wait for its answer
SERVING = False  # set in the service: its own ``ask`` runs in-process
_PACKAGES = ("assistant", "index")


def socket_path(home: Path | None = None) -> Path:
    """One socket per user and data home (a short path: Unix sockets allow about 100 bytes)."""
    digest = hashlib.sha1(str((home or data_home()).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"disclosure-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}.sock"


def fingerprint() -> str:
    """What the service's answers depend on beyond the stores: the interpreter, the import path,
    the ``DISCLOSURE_*`` settings and the code and vocabulary files (their names, sizes, times)."""
    root = Path(__file__).resolve().parents[1]
    parts = [sys.executable, *sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("DISCLOSURE_") or k in ("HF_HUB_OFFLINE", "PYTHONPATH"))]
    for package in _PACKAGES:
        stack = [root / package]
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                        stack.append(Path(entry.path))
                    elif entry.name.endswith((".py", ".toml", ".txt")):
                        stat = entry.stat()
                        parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(sorted(parts)).encode()).hexdigest()


def call(argv: list[str]) -> dict[str, Any] | None:
    """The service's output for ``disclosure *argv`` ({"stdout", "stderr", "code"}), or None
    when there is no usable service (the caller answers by itself)."""
    if SERVING or service_idle() == 0 or os.name != "posix":
        return None
    path = socket_path()
    if not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(CONNECT_TIMEOUT)
            client.connect(str(path))
            client.settimeout(ANSWER_TIMEOUT)
            client.sendall(json.dumps({"argv": argv, "fingerprint": fingerprint()}, ensure_ascii=False).encode() + b"\n")
            client.shutdown(socket.SHUT_WR)
            data = b"".join(iter(lambda: client.recv(65536), b""))
        reply = json.loads(data.decode())
    except (OSError, ValueError):
        return None
    return reply if isinstance(reply, dict) and "code" in reply else None


def start() -> None:
    """Start the service in the background unless it is off or already there or starting."""
    if SERVING or service_idle() == 0 or os.name != "posix" or _locked(socket_path()):
        return
    import subprocess

    log = data_home() / "logs" / "warm-service.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            subprocess.Popen([sys.executable, "-m", "assistant.warm_service"], stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                             start_new_session=True, close_fds=True, cwd=os.getcwd())
    except OSError:
        pass  # no service: every question answers in its own process, as before


def _locked(path: Path) -> bool:
    """Whether a service holds this socket's lock (it is serving or starting)."""
    import fcntl

    try:
        with open(f"{path}.lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except OSError:
        return True


def _run(argv: list[str]) -> dict[str, Any]:
    """``disclosure *argv`` here, its output captured."""
    import contextlib
    import io

    import click

    from .cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.main(argv, prog_name="disclosure", standalone_mode=False)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        except click.ClickException as error:
            error.show()
            code = error.exit_code
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "code": code}


def serve() -> None:
    """The service itself (``python -m assistant.warm_service``)."""
    import fcntl
    import logging

    global SERVING
    SERVING = True
    path = socket_path()
    lock = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)  # held for the service's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one is serving or starting
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill`: the socket is removed on the way out
    os.ftruncate(lock, 0)
    os.write(lock, str(os.getpid()).encode())  # who serves (for `kill`, and the tests)
    started_with = fingerprint()
    from .ask.answerer import warm
    from .cli import _shared_knowledge_base

    kb = _shared_knowledge_base()
    warm(kb)
    kb.retriever.warm()  # the vector index and the e5 model, which a narrative question needs
    log = logging.getLogger("disclosure.warm_service")
    old_umask = os.umask(0o177)
    try:
        path.unlink(missing_ok=True)  # a socket left by a service that was killed (we hold the lock)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
    finally:
        os.umask(old_umask)
    server.listen(8)
    server.settimeout(service_idle())
    version = kb.facts.version()
    log.info("warm service ready at %s", path)
    try:
        while True:
            try:
                connection, _ = server.accept()
            except TimeoutError:
                log.info("warm service idle, ending")
                return
            with connection:
                connection.settimeout(10)
                try:
                    request = json.loads(_read(connection).decode())
                except (OSError, ValueError):
                    continue
                if fingerprint() != started_with:
                    log.info("warm service out of date (its code changed), ending")
                    return  # the client answers by itself and starts a new service
                if request.get("fingerprint") != started_with:
                    connection.sendall(b"{}")  # other settings or code: that client answers by itself
                    continue
                if kb.facts.version() != version:
                    # another process ingested or removed reports: a new service opens the stores
                    # as they are now (a local vector store is read once per process)
                    log.info("knowledge base changed, warm service ending")
                    return
                argv = request.get("argv")
                if not (isinstance(argv, list) and argv[:1] == ["ask"] and all(isinstance(a, str) for a in argv)):
                    continue
                reply = _run(argv)
                try:
                    connection.sendall(json.dumps(reply, ensure_ascii=False).encode())
                except OSError:
                    pass
    finally:
        server.close()
        path.unlink(missing_ok=True)


def _read(connection: socket.socket) -> bytes:
    data = b""
    while len(data) <= MAX_REQUEST:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    if len(data) > MAX_REQUEST:
        raise ValueError("request too large")
    return data


if __name__ == "__main__":
    from assistant import warm_service  # the module the command line imports (not this __main__ copy) must know it serves

    warm_service.serve()
