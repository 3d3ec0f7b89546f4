"""The knowledge base: the facts store and the vector store built from the same parse, kept
consistent (a report is in both or in neither), and the ingest path that fills them."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from index.agencies import agency_key
from index.chunking import Chunk, chunk_report
from sqlalchemy.exc import OperationalError

from index.errors import InputError, NotIndexed, StoreUnavailable
from index.facts import FactStore, ReportRow
from index.limits import check_file_size
from index.parser import parse_document
from index.readers import SUPPORTED_SUFFIXES, read_bytes
from index.retrieval import HybridRetriever
from index.vectors import UNAVAILABLE, VectorStore, VectorStoreUnavailable, chroma_client

from .locking import WriteLock
from .models import make_embeddings
from .settings import Settings
from .storage import setup_logging, storage_error

log = logging.getLogger("disclosure.ingest")
from .validation import validate


@dataclass
class IngestResult:
    """What one ingest run did, file by file."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-sentence reason)
    repaired: list[str] = field(default_factory=list)  # report ids left half-written by an earlier run
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (new file, old version's source): 已替换旧版本
    embedded: int = 0  # texts sent to the embedding model (known texts reuse their vectors)
    chunks: int = 0

    def summary(self) -> dict:
        return {
            "added": len(self.added), "unchanged": len(self.unchanged), "replaced": len(self.replaced),
            "failed": [{"file": f, "error": e} for f, e in self.failed], "repaired": len(self.repaired),
            "chunks": self.chunks, "embedded": self.embedded,
            "superseded": [{"file": f, "old_version": o} for f, o in self.superseded],
        }


@dataclass
class _Prepared:
    """A report parsed and written as pending, waiting for its vectors."""

    path: Path
    report_id: str
    chunks: list[Chunk]
    meta: dict[str, object]
    older: list[str]  # ids of earlier versions of the same file


def sample_paths() -> list[Path]:
    """The bundled sample corpus (package data)."""
    root = Path(str(files("index").joinpath("samples")))
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES and p.name != "README.md")


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the report files inside folders (recursively, sorted)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            found.append(path)
    return found


class KnowledgeBase:
    """Both stores and the retriever, built from settings by ``open``.

    >>> kb = KnowledgeBase.open(load_settings(home=tmp_path))   # doctest: +SKIP
    >>> kb.ingest(["report.pdf"]).summary()                     # doctest: +SKIP
    """

    group_chunks = 256  # chunks parsed before the group is embedded and stored

    def __init__(self, facts: FactStore, vectors: VectorStore, chunk_chars: int = 320, lock: WriteLock | None = None) -> None:
        self.facts = facts
        self.vectors = vectors
        self.chunk_chars = chunk_chars
        self.lock = lock or WriteLock(None, facts.engine)  # one writer at a time (ingest, removal)
        self.settings: Settings | None = None  # set by ``open``: storage failures name the data home
        self.retriever = HybridRetriever(facts, vectors)

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeBase:
        try:
            if settings.database_url is None or settings.chroma is None:
                settings.home.mkdir(parents=True, exist_ok=True)
            setup_logging(settings.home)
            facts = FactStore(settings.resolved_database_url())
            facts.create_schema()
            client = chroma_client(settings.resolved_chroma(), settings.chroma_server())
            vectors = VectorStore(client, make_embeddings(settings), batch=settings.embed_batch, server=settings.chroma_server())
        except StoreUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - what SQLite, PostgreSQL, Chroma and the disk raise
            failure = storage_error(error, settings)
            if failure is None:
                raise
            log.exception("open: %s", failure)
            raise failure from None
        local = not settings.resolved_database_url().startswith("postgresql") or settings.chroma_server() is None
        kb = cls(facts, vectors, settings.chunk_chars, WriteLock(settings.home / "ingest.lock" if local else None, facts.engine))
        kb.settings = settings
        return kb

    # ------------------------------------------------------------------ consistency

    def repair(self) -> list[str]:
        """Remove whatever an interrupted run left half-written, from both stores. Called with the
        write lock held: no other writer is alive, so every pending report is a dead run's."""
        pending = self.facts.pending_ids()
        for report_id in pending:
            self.vectors.delete_report(report_id)
            self.facts.delete_report(report_id)
        for report_id in self.facts.superseding_ids():  # an old version half taken out
            self.vectors.delete_report(report_id)
            self.facts.finish_supersede(report_id, "已被新版本替换 (superseded by a newer version)")
        return pending

    def _supersede_older(self, report_id: str, meta: dict[str, object], path: Path, result: IngestResult) -> None:
        """A report of the same body and year stored before is an older version: out of answers
        and totals, out of both stores but for its row, which says it was replaced (已替换旧版本)."""
        key, year = meta.get("agency_key"), meta.get("year")
        if not key or not year:
            return
        for old in self.facts.other_versions(str(key), int(year), report_id):  # type: ignore[call-overload]
            self.facts.begin_supersede(old.id)
            self.vectors.delete_report(old.id)
            self.facts.finish_supersede(old.id, f"已被新版本替换：{path.name}（{report_id[:12]}） (superseded by {path.name})")
            result.superseded.append((str(path), old.source or old.id[:12]))

    def remove(self, report_id: str) -> None:
        """Take a report out of both stores (pending first, so a crash here is repaired later)."""
        with self.lock.hold():
            row = next((r for r in self.facts.complete_reports() if r.id == report_id), None)
            self.facts.mark_pending(report_id)
            self.vectors.delete_report(report_id)
            self.facts.delete_report(report_id)
            if row is not None and row.agency_key and row.year:  # the version it replaced comes back, when its file is there
                restore = []
                for old in self.facts.superseded_reports():  # the one this report replaced says so in its notes
                    if (old.agency_key, old.year) == (row.agency_key, row.year) and any(report_id[:12] in n for n in old.notes):
                        restore.append(self.facts.source_path(old.id))
                        self.facts.delete_report(old.id)
                found = [Path(p) for p in restore if p and Path(p).is_file()]
                if found:
                    self.ingest(found[-1:])

    # ------------------------------------------------------------------ ingest

    def ingest(self, paths: Iterable[str | Path], progress: Callable[[Path], None] | None = None,
               on_wait: Callable[[], None] | None = None) -> IngestResult:
        """Parse, validate and store each file; one bad file is reported and skipped.

        Files are parsed and written as pending in groups; the group's new texts are then
        embedded in large batches (the model is faster so) and the reports marked complete.
        One run writes at a time per data home (``on_wait`` is called when another holds the lock).
        """
        try:
            with self.lock.hold(on_wait):
                return self._ingest(paths, progress)
        except OperationalError as error:  # the database went away: pending reports are repaired next run
            failure = storage_error(error, self.settings) if self.settings is not None else None
            if failure is not None:  # full disk, read-only home, damaged file: what to do differs
                log.exception("ingest: %s", failure)
                raise failure from None
            raise StoreUnavailable(
                f"事实库（数据库）无法访问：{str(error.orig).strip().splitlines()[0]}。已完成导入的报告不受影响；恢复后重新运行导入即可。"
                " (The facts database is unavailable; committed reports are safe — re-run the ingest when it is back.)"
            ) from None
        except StoreUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - chromadb raises plain exceptions when its server goes away
            if self.vectors.server is None:
                raise
            raise VectorStoreUnavailable(UNAVAILABLE.format(error=error)) from None

    def _ingest(self, paths: Iterable[str | Path], progress: Callable[[Path], None] | None) -> IngestResult:
        result = IngestResult(repaired=self.repair())
        group: list[_Prepared] = []
        for path in expand(paths):
            try:
                prepared = self._prepare(path, result)
            except InputError as error:
                result.failed.append((str(path), str(error)))
                prepared = None
            except OSError as error:
                result.failed.append((str(path), f"无法读取 {path}：{error.strerror} (cannot read {path})"))
                prepared = None
            except (OperationalError, StoreUnavailable):
                raise  # a store went away: the whole run stops, what was committed stays
            except Exception as error:  # noqa: BLE001 - one bad file never stops a batch
                self._check_stores()  # …unless the error was a store going away
                log.exception("ingest: %s failed", path)
                result.failed.append((str(path), (
                    f"处理 {Path(path).name} 时出错（{type(error).__name__}），已跳过，其余文件照常导入；请检查该文件，详情见日志。"
                    f" ({Path(path).name} could not be processed and was skipped.)")))
                prepared = None
            if prepared is not None:
                group.append(prepared)
            elif progress:
                progress(path)
            if sum(len(p.chunks) for p in group) >= self.group_chunks:
                self._store(group, result, progress)
                group = []
        self._store(group, result, progress)
        for path, error in result.failed:
            log.warning("ingest: skipped %s: %s", path, error)
        return result

    def _check_stores(self) -> None:
        """Raise what the stores raise when they are unreachable (both cheap reads)."""
        self.facts.version()
        self.vectors.count()

    def _prepare(self, path: Path, result: IngestResult) -> _Prepared | None:
        """Parse a file and write it to the facts store as pending (None when unchanged)."""
        check_file_size(path)  # stat first: nothing oversized is read into memory
        data = path.read_bytes()
        report_id = hashlib.sha256(data).hexdigest()
        source_path = str(path.resolve())
        older = [other for other in self.facts.ids_for_source(source_path) if other != report_id]
        status = self.facts.status(report_id)
        if status in ("superseded", "superseding"):  # an old version met again: it stays replaced
            result.unchanged.append(str(path))
            return None
        if status == "complete":
            result.unchanged.append(str(path))
            for other in older:  # a crash after the new version was stored, before the old went
                self.remove(other)
            row = next((r for r in self.facts.complete_reports() if r.id == report_id), None)
            if row is not None:  # a crash before an older version of the body and year was replaced
                self._supersede_older(report_id, {"agency_key": row.agency_key, "year": row.year}, path, result)
            return None
        report = parse_document(read_bytes(data, path.name))
        chunks = chunk_report(report, report_id, self.chunk_chars)
        self.facts.begin_report(report_id, report, chunks, validate(report), source_path)
        meta = {"report_id": report_id, "agency_key": agency_key(report.agency) if report.agency else "", "year": report.year or 0}
        return _Prepared(path, report_id, chunks, meta, older)

    def _store(self, group: list[_Prepared], result: IngestResult, progress: Callable[[Path], None] | None) -> None:
        """Embed and upsert a group's chunks, then mark its reports complete and drop old versions."""
        if not group:
            return
        # Old versions are still stored here, so their vectors are reused where texts agree.
        result.embedded += self.vectors.add([c for p in group for c in p.chunks], {p.report_id: p.meta for p in group})
        for prepared in group:
            self.facts.mark_complete(prepared.report_id)
            for other in prepared.older:
                self.remove(other)
            self._supersede_older(prepared.report_id, prepared.meta, prepared.path, result)
            (result.replaced if prepared.older else result.added).append(str(prepared.path))
            result.chunks += len(prepared.chunks)
            if progress:
                progress(prepared.path)

    def ensure_samples(self) -> IngestResult | None:
        """Ingest the bundled sample reports when the knowledge base is empty."""
        if self.facts.complete_reports():
            return None
        return self.ingest(sample_paths())

    def reports(self) -> list[ReportRow]:
        return self.facts.complete_reports()

    def report_for(self, agency: str, year: int | None = None) -> ReportRow:
        """The indexed report of a body (any spelling) for a year, or its newest."""
        rows = sorted(self.facts.reports_of(self.facts.agency_keys(agency)), key=lambda r: r.year or 0)
        chosen = next((r for r in rows if r.year == year), None) if year else (rows[-1] if rows else None)
        if chosen is None:
            indexed = "、".join(f"{r.agency} {r.year}" for r in self.reports())
            raise NotIndexed(f"知识库中没有{agency}{year or ''}年的报告；已收录：{indexed}。请先导入该报告，或直接填写数字。")
        return chosen

