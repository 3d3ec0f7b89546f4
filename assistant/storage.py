"""Storage failures as one sentence with what to do (a read-only or missing data home, a full
disk, a corrupted database or vector store), and the log file in the data home.

``storage_error`` recognises what SQLite, PostgreSQL, Chroma and the file system raise; the CLI
and the app show its sentence, the log keeps the traceback.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import DisclosureError, StoreUnavailable

from .settings import Settings

log = logging.getLogger("disclosure")
log.addHandler(logging.NullHandler())  # nothing on stderr when the home has no log file
LOG_NAME = "disclosure.log"

_READ_ONLY = ("readonly database", "read-only", "read only", "unable to open database file", "permission denied", "operation not permitted")
_FULL = ("disk is full", "no space left", "disk full", "quota exceeded")
_CORRUPT = ("file is not a database", "malformed", "corrupt", "not a database", "database disk image")


class StorageFailure(StoreUnavailable):
    """The data home cannot be written, the disk is full, or a store's files are damaged."""


class OutputError(DisclosureError):
    """An output file (``--xlsx``, ``--csv``, ``--docx``) cannot be written where it was asked for."""


def check_output(path: str | Path) -> Path:
    """The folder an output file goes to exists and is a folder: else one sentence, before any work."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{path} 是文件夹；请给出要写入的文件名（例如 {path / '结果.xlsx'}）。 ({path} is a folder.)")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹 {folder} 不存在；请先创建该文件夹，或换一个已有的文件夹。 (The output folder {folder} does not exist.)")
    return path


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> None:
    """``write(part)`` to a hidden part file beside ``path``, then move it into place: a failure
    (a full disk, a serialiser's error) leaves no part file behind and the old file untouched."""
    path = check_output(path)
    part = path.with_name(f".{path.stem}.part{path.suffix}")
    with quiet_finalisers():
        try:
            write(part)
            os.replace(part, path)
            return
        except BaseException as error:
            part.unlink(missing_ok=True)
            if isinstance(error, (DisclosureError, KeyboardInterrupt, SystemExit)):
                raise
            log.warning("cannot write %s", path, exc_info=True)
            full = isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
            reason = "磁盘空间已满" if full or "IO_WRITE" in str(error) else (error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__)
    # raised outside the handler: the failed writer's frames (an open zip, half-written XML) are not kept alive by it
    raise OutputError(f"无法写入 {path}（{reason}）；请清理磁盘空间或检查写入权限后重试，原有文件未被改动。 (Cannot write {path}.)")


@contextmanager
def quiet_finalisers() -> Iterator[None]:
    """While a failed writer's leftovers (openpyxl's half-written sheets, a zip on a full disk)
    are let go and collected, their finalisers' errors go to the log, not to stderr as
    "Exception ignored in …" tracebacks."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: log.debug("after a failed write: %s", unraisable.exc_value)
    try:
        yield
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _chain(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    while error is not None and error not in found and len(found) < 10:
        found.append(error)
        error = error.__cause__ or error.__context__ or getattr(error, "orig", None)  # type: ignore[assignment]
    return found


def storage_error(error: BaseException, settings: Settings) -> StorageFailure | None:
    """The sentence for a storage failure, or None when ``error`` is something else."""
    chain = _chain(error)
    text = " ".join(f"{type(e).__module__}.{type(e).__name__} {e}" for e in chain).lower()
    codes = {getattr(e, "errno", None) for e in chain}
    home = settings.home
    if codes & {errno.ENOSPC, errno.EDQUOT} or any(word in text for word in _FULL):
        return StorageFailure(
            f"磁盘空间已满，无法写入数据目录 {home}；请清理磁盘空间后重试（已完成导入的报告不受影响）。"
            f" (The disk is full: free some space and try again.)"
        )
    if codes & {errno.EROFS, errno.EACCES, errno.EPERM} or isinstance(error, PermissionError) or any(word in text for word in _READ_ONLY):
        return StorageFailure(
            f"数据目录 {home} 无法写入（只读、没有权限或不存在）；请把 DISCLOSURE_HOME 设为一个可写的目录，或修改该目录的权限后重试。"
            f" (The data home {home} is not writable: set DISCLOSURE_HOME to a writable folder.)"
        )
    if any(word in text for word in _CORRUPT):
        if "chromadb" in text or "chroma" in text:
            where = settings.resolved_chroma()
            return StorageFailure(
                f"向量库 {where} 的文件已损坏；请删除该目录（或从备份恢复）后重新导入报告（disclosure ingest …），事实库不受影响。"
                f" (The vector store at {where} is damaged: delete it and ingest the reports again.)"
            )
        where = settings.resolved_database_url()
        return StorageFailure(
            f"事实库 {where} 的文件已损坏；请从备份恢复，或删除该文件后重新导入报告（disclosure ingest …）。"
            f" (The facts database is damaged: restore it from a backup, or delete it and ingest again.)"
        )
    return None


def read_only_home(settings: Settings) -> bool:
    """A local SQLite home that exists, holds a facts database, and cannot be written (a read-only
    mount, a backup copy, no permission): it is opened for questions only."""
    if settings.database_url is not None:
        return False
    home = settings.home
    return home.is_dir() and (home / "facts.sqlite3").is_file() and not os.access(home, os.W_OK)


def read_only_url(database: Path) -> str:
    """SQLite opened without writing beside it: immutable when its write-ahead log is empty (a
    clean shutdown); else a private copy with its log (a crashed writer's last reports included)."""
    wal = database.with_name(database.name + "-wal")
    if not wal.is_file() or wal.stat().st_size == 0:
        return f"sqlite:///file:{database}?mode=ro&immutable=1&uri=true"
    import atexit
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp(prefix="disclosure-ro-")) / database.name
    atexit.register(shutil.rmtree, copy.parent, True)
    shutil.copyfile(database, copy)
    shutil.copyfile(wal, copy.with_name(wal.name))
    return f"sqlite:///{copy}"


def setup_logging(home: Path) -> Path | None:
    """Log to HOME/logs/disclosure.log (rotating, 2 MB × 4): skipped files, guard rejections,
    model latency, errors. Once per process and home; None when the home cannot be written."""
    path = home / "logs" / LOG_NAME
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(path, maxBytes=2 * 1024 * 1024, backupCount=3, encoding="utf-8", delay=False)
    except OSError:  # a read-only home: no log file, nothing on stderr
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    logging.getLogger("py.warnings").addHandler(handler)  # third-party warnings, when captured (assistant/terminal.py)
    return path


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, which steps aside when it cannot be written (the disk filled up, the home
    became read-only): no "--- Logging error ---" and tracebacks on stderr, the command's own
    one sentence stays the only thing a person sees."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        log.removeHandler(self)
        try:
            self.close()
        except OSError:
            pass
