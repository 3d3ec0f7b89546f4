"""Pure, CPU-bound jobs of the served app in worker processes.

The app is one Python process: every request's work holds its interpreter lock, so with 30
people at once each request waits for everyone else's. Reading and validating a pasted or
uploaded report, and building a .docx, need nothing but their inputs; run in a worker process
they use the machine's other cores, and a hostile paste can never hold the lock the people
asking need. The CLI runs them in its own process (``Offload(0)``).

A worker that dies (killed, out of memory) is replaced and its job tried once more in a new
worker; the app's own process never runs a job that killed a worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from index.errors import DisclosureError

T = TypeVar("T")

log = logging.getLogger("disclosure.offload")


class WorkerStopped(DisclosureError):
    """A job's worker process died twice (killed, out of memory): the job is not done."""


class JobTimedOut(DisclosureError):
    """A job ran past the time limit: its worker was stopped, the job is not done."""


def default_workers() -> int:
    """One worker per core beyond the app's own, at most 4; none on a single core."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def _follow_parent(parent: int) -> None:
    """In each worker: exit when the app's process is gone (killed, or ended without closing us).
    Ctrl-C in the terminal is the app's to handle (one line), not each worker's (a traceback)."""
    import signal
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="follow-app", daemon=True).start()


def _ready() -> int:
    """Run once in each new worker: the imports and the .docx template a first job would wait for."""
    import assistant.presenting  # noqa: F401
    import assistant.validation  # noqa: F401
    import index.parser  # noqa: F401
    from assistant.docx_export import new_document

    new_document()
    return os.getpid()


class Offload:
    """Runs ``fn(*args)`` in a worker process (``workers`` > 0) or here (0)."""

    def __init__(self, workers: int, time_limit: float | None = None) -> None:
        self.workers = max(0, workers)
        self.time_limit = time_limit  # seconds a job may run in a worker (None: no limit)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, never fork: the app's threads (Chroma, the web server) must not be copied mid-step
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_follow_parent, initargs=(os.getpid(),))
            return self._pool

    def warm(self) -> None:
        """Start the workers and load what their first job needs (called before the port opens)."""
        if not self.workers:
            return
        pool = self._executor()
        try:
            futures = [pool.submit(_ready) for _ in range(self.workers)]
            for future in futures:
                future.result()
        except (BrokenProcessPool, OSError) as error:  # e.g. a script that starts the app without a __main__ guard
            log.warning("worker processes could not start (%s); jobs run in the app's process", error or type(error).__name__)
            self._discard(pool)
            self.workers = 0

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker. A worker that dies is replaced and the job tried once more in
        a new one; dying twice, the job is refused in one sentence (it never reaches the app's own
        process, where whatever killed the worker would take the app down). Where processes cannot
        be started at all, jobs run here."""
        if not self.workers:
            return fn(*args)
        for _attempt in range(2):
            pool = self._executor()
            try:
                future: Future[T] = pool.submit(fn, *args)
                return future.result(timeout=self.time_limit)
            except FutureTimeout:
                # a pool cannot stop one job: its workers are stopped and replaced; other jobs in
                # flight there see a broken pool and are run again in the new workers (above)
                log.warning("%s ran past %s s; its worker is stopped", fn.__name__, self.time_limit)
                self._discard(pool, kill=True)
                raise JobTimedOut(f"这项处理超过 {self.time_limit:.0f} 秒仍未完成，已停止，以免其他人等待；请检查材料是否过大或格式异常，拆小后重试。"
                                  f" ({fn.__name__} ran past {self.time_limit:.0f} s and was stopped.)") from None
            except BrokenProcessPool:
                log.warning("a worker process stopped during %s; it is replaced", fn.__name__)
                self._discard(pool)
            except OSError as error:  # no processes here (limits, a sandbox): the app's own process does the work
                log.warning("worker processes unavailable (%s); jobs run in the app's process", error)
                self._discard(pool)
                self.workers = 0
                return fn(*args)
        raise WorkerStopped("处理这份材料时工作进程两次意外退出（可能内存不足或文件异常），未完成；请检查文件后重试。 "
                            f"(A worker process stopped twice during {fn.__name__}.)")

    def _discard(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        if kill:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
