"""Progress of long work on standard error: a bar on a terminal (rich), plain lines otherwise
(a log file or a pipe gets one readable line per step, at most one a second).

>>> with Progress("正在导入报告", total=7) as progress:   # doctest: +SKIP
...     for path in paths:
...         ingest(path); progress.advance(path.name)
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import IO, Any

PLAIN_INTERVAL = 1.0  # seconds between plain lines (the first and the last step are always shown)


def say(message: str, stream: IO[str] | None = None) -> None:
    """One line for the person waiting (standard error, so standard output stays the answer)."""
    print(message, file=stream or sys.stderr, flush=True)


class Progress:
    """Steps of one job, counted against a known total."""

    def __init__(self, label: str, total: int, stream: IO[str] | None = None, bar: bool | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self._rich: Any = None
        self._task: Any = None
        self._last = 0.0

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

    def advance(self, detail: str = "") -> None:
        self.done += 1
        if self._rich is not None:
            self._rich.update(self._task, advance=1, description=f"{self.label} {detail}".strip())
            return
        now = time.monotonic()
        if self.done == 1 or self.done >= self.total or now - self._last >= PLAIN_INTERVAL:
            self._last = now
            say(f"{self.label} {self.done}/{self.total}…" + (f" {detail}" if detail else ""), self.stream)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._rich is not None:
            self._rich.stop()


def ensure_samples(kb: Any, label: str = "首次使用，正在导入示例报告") -> None:
    """``kb.ensure_samples()`` with a progress display when the samples are in fact ingested."""
    bar: Progress | None = None

    def starting(total: int) -> None:
        nonlocal bar
        bar = Progress(label, total).__enter__()

    try:
        kb.ensure_samples(progress=lambda path: bar.advance(path.name) if bar else None, starting=starting)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
