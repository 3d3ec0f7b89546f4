"""One writer at a time per data home: a file lock beside a local store (SQLite, local Chroma)
and an advisory lock on PostgreSQL, so ingests and removals in several processes, threads or
machines never undo each other's work.

Readers take no lock: they see complete reports only. A writer that finds the lock taken says
so (``on_wait``) and waits its turn; since no other writer is alive while it holds the lock,
the pending reports it finds on entry were left by a run that died, and only those are repaired.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

# pg_advisory_lock takes a bigint; one key for every disclosure-assistant database.
ADVISORY_KEY = zlib.crc32(b"disclosure-assistant ingest")
WAITING = "另一个导入或删除正在进行，正在等待它完成… (another ingest is running; waiting for it to finish)"

_threads: dict[str, threading.Lock] = {}
_threads_guard = threading.Lock()


def _thread_lock(key: str) -> threading.Lock:
    with _threads_guard:
        return _threads.setdefault(key, threading.Lock())


class WriteLock:
    """The data home's write lock: ``with lock.hold(on_wait): …``."""

    def __init__(self, file: Path | None, engine: Engine | None) -> None:
        self.file = file  # lock file beside a local store, None when both stores are servers
        self.engine = engine if engine is not None and engine.dialect.name == "postgresql" else None
        self._local = threading.local()

    @contextmanager
    def hold(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        if depth:  # re-entered by the same thread (an ingest removing an old version)
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        waited = False

        def wait() -> None:
            nonlocal waited
            if not waited and on_wait is not None:
                on_wait()
            waited = True

        key = str(self.file or (self.engine.url if self.engine is not None else "memory"))
        in_process = _thread_lock(key)
        if not in_process.acquire(blocking=False):
            wait()
            in_process.acquire()
        try:
            with self._file_lock(wait), self._advisory_lock(wait):
                self._local.depth = 1
                try:
                    yield
                finally:
                    self._local.depth = 0
        finally:
            in_process.release()

    @contextmanager
    def _file_lock(self, wait: Callable[[], None]) -> Iterator[None]:
        if self.file is None:
            yield
            return
        from filelock import FileLock, Timeout

        self.file.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.file))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            wait()
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def _advisory_lock(self, wait: Callable[[], None]) -> Iterator[None]:
        if self.engine is None:
            yield
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
                wait()
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
