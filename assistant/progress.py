"""Progress of long work on standard error: a bar on a terminal (rich), plain lines otherwise
(a log file or a pipe gets one readable line per step, at most one a second).

>>> with Progress("正在导入报告", total=7) as progress:   # doctest: +SKIP
...     for path in paths:
...         ingest(path); progress.advance(path.name)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import IO, Any

PLAIN_INTERVAL = 1.0  # seconds between plain lines (the first and the last step are always shown)


def say(message: str, stream: IO[str] | None = None) -> None:
    """One line for the person waiting (standard error, so standard output stays the answer)."""
    print(message, file=stream or sys.stderr, flush=True)


@contextmanager
def after(seconds: float, message: str, stream: IO[str] | None = None) -> Iterator[None]:
    """Say ``message`` if the block is still running after ``seconds`` (on a terminal only: a
    pipe or a log gets nothing but the result)."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    import threading

    timer = threading.Timer(seconds, say, (message, stream))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


class Progress:
    """Steps of one job, counted against a known total."""

    def __init__(self, label: str, total: int, stream: IO[str] | None = None, bar: bool | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self._rich: Any = None
        self._task: Any = None
        self._last = 0.0
        self._begun = False  # steps are announced as they start (``begin``): their ends need no line but the last

    def __enter__(self) -> Progress:
        if self.bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                      console=Console(file=self.stream), transient=False)
            self._rich.start()
            self._task = self._rich.add_task(self.label, total=self.total)
        else:
            say(f"{self.label} 0/{self.total}…", self.stream)
        return self

    def begin(self, detail: str) -> None:
        """The next step has started on ``detail`` (a file's name): shown at once, so a long
        step is never a bar sitting still with nothing named."""
        if self._rich is not None:
            self._rich.update(self._task, description=f"{self.label} {detail}".strip())
            return
        self._last, self._begun = time.monotonic(), True
        say(f"{self.label} {self.done + 1}/{self.total}：{detail}…", self.stream)

    def advance(self, detail: str = "") -> None:
        self.done += 1
        if self._rich is not None:
            self._rich.update(self._task, advance=1, description=f"{self.label} {detail}".strip())
            return
        if self._begun:
            if self.done >= self.total:
                say(f"{self.label}：{self.done}/{self.total} 完成。", self.stream)
            return
        now = time.monotonic()
        if self.done == 1 or self.done >= self.total or now - self._last >= PLAIN_INTERVAL:
            self._last = now
            say(f"{self.label} {self.done}/{self.total}…" + (f" {detail}" if detail else ""), self.stream)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._rich is not None:
            self._rich.stop()


def ensure_samples(kb: Any, label: str = "首次使用，正在导入示例报告", first: int | None = None) -> list[Any]:
    """``kb.ensure_samples()`` showing each file as it starts and as it is done, when the samples
    are in fact ingested. With ``first``, only that many now; returns the sample files left (for
    ``BackgroundImport``), none when the knowledge base was not empty."""
    from .knowledge import samples_smallest_first

    bar: Progress | None = None

    def starting(total: int) -> None:
        nonlocal bar
        bar = Progress(label, total).__enter__()

    try:
        done = kb.ensure_samples(progress=lambda path: bar.advance(path.name) if bar else None, starting=starting,
                                 begin=lambda path: bar.begin(path.name) if bar else None, first=first)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return samples_smallest_first()[first:] if done is not None and first else []


class BackgroundImport:
    """Files ingested by a thread of their own (``start``) while the page is already open (the
    rest of the samples on a first start); ``banner()`` says how far it is, empty once done."""

    def __init__(self, kb: Any, paths: list[Any], label: str = "正在后台导入示例报告") -> None:
        import threading

        self.kb, self.paths, self.label = kb, list(paths), label
        self.done, self.current = 0, ""
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sample-import", daemon=True)

    def start(self) -> BackgroundImport:
        """Begin (a served app: once its page is up, so the import does not slow the start)."""
        if self.paths and not self.thread.is_alive() and self.thread.ident is None:
            self.thread.start()
        return self

    def _run(self) -> None:
        import logging

        def begin(path: Any) -> None:
            self.current = path.name

        def done(path: Any) -> None:
            self.done += 1
            self._mark()
            if not self.stopping.is_set():  # after 已停止。 nothing more is said
                say(f"{self.label} {self.done}/{len(self.paths)}：{path.name} 已导入")

        self._mark()

        try:
            for path in self.paths:  # one at a time: each report answers as soon as it is in
                if self.stopping.is_set():
                    break
                result = self.kb.ingest([path], progress=done, begin=begin)
                for failed, error in result.failed:
                    logging.getLogger("disclosure").warning("sample import: skipped %s: %s", failed, error)
        except Exception:  # noqa: BLE001 - a background thread: the page keeps what is in, the log says why
            logging.getLogger("disclosure").exception("sample import in the background failed")
        finally:
            self.done = len(self.paths)
            self._mark()

    def stop(self) -> None:
        """The app is stopping: no further file is begun and nothing more is said (a file half
        stored is repaired by the next start, as after any interrupted ingest)."""
        self.stopping.set()

    def _mark(self) -> None:
        """The data home says an import is under way (for answers given meanwhile, in any process)."""
        home = getattr(getattr(self.kb, "settings", None), "home", None)
        if home is None:
            return
        marker = home / IMPORTING
        try:
            if self.running:
                marker.write_text(f"{os.getpid()} {self.done} {len(self.paths)}", encoding="utf-8")
            else:
                marker.unlink(missing_ok=True)
        except OSError:
            pass

    @property
    def running(self) -> bool:
        return self.done < len(self.paths)

    def banner(self) -> str:
        if not self.running:
            return ""
        current = f"：{self.current}" if self.current else ""
        return f"{self.label} {self.done + 1}/{len(self.paths)}{current}…（已导入的报告现在就能提问，其余导入完成后自动出现在各个列表中）"


IMPORTING = "importing-samples"  # in the data home while a background import runs: "pid done total"


def importing_note(home: Any) -> str | None:
    """A sentence for an answer given while the samples are still being imported (by a live process)."""
    try:
        pid, done, total = (int(v) for v in (home / IMPORTING).read_text(encoding="utf-8").split())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return f"还有 {total - done} 份示例报告正在后台导入，此回答只依据已导入的报告。"
