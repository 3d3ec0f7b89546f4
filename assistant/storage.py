"""Storage failures as one sentence with what to do (a read-only or missing data home, a full
disk, a corrupted database or vector store), and the log file in the data home.

``storage_error`` recognises what SQLite, PostgreSQL, Chroma and the file system raise; the CLI
and the app show its sentence, the log keeps the traceback.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
from pathlib import Path

from index.errors import StoreUnavailable

from .settings import Settings

log = logging.getLogger("disclosure")
log.addHandler(logging.NullHandler())  # nothing on stderr when the home has no log file
LOG_NAME = "disclosure.log"

_READ_ONLY = ("readonly database", "read-only", "read only", "unable to open database file", "permission denied", "operation not permitted")
_FULL = ("disk is full", "no space left", "disk full", "quota exceeded")
_CORRUPT = ("file is not a database", "malformed", "corrupt", "not a database", "database disk image")


class StorageFailure(StoreUnavailable):
    """The data home cannot be written, the disk is full, or a store's files are damaged."""


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


def setup_logging(home: Path) -> Path | None:
    """Log to HOME/logs/disclosure.log (rotating, 2 MB × 4): skipped files, guard rejections,
    model latency, errors. Once per process and home; None when the home cannot be written."""
    path = home / "logs" / LOG_NAME
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2 * 1024 * 1024, backupCount=3, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    logging.getLogger("py.warnings").addHandler(handler)  # third-party warnings, when captured (assistant/terminal.py)
    return path
