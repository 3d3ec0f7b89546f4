"""The knowledge base: the facts store and the vector store built from the same parse, kept
consistent (a report is in both or in neither), and the ingest path that fills them."""

from __future__ import annotations

import errno
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from index.agencies import agency_key
from index.errors import InputError, NotIndexed, StoreUnavailable
from index.facts import SCHEMA, FactStore, ReportRow
from index.limits import check_file_size
from index.readers import SUPPORTED_SUFFIXES
from index.retrieval import HybridRetriever

from .locking import WriteLock
from .settings import Settings
from .storage import read_only_home, read_only_url, setup_logging, storage_error

log = logging.getLogger("disclosure.ingest")

if TYPE_CHECKING:  # the parser, Chroma and the embedding model load when a job needs them
    from index.chunking import Chunk
    from index.prose import ProseFigure
    from index.vectors import VectorStore


@dataclass
class IngestResult:
    """What one ingest run did, file by file."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-sentence reason)
    repaired: list[str] = field(default_factory=list)  # report ids left half-written by an earlier run
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (new file, old version's source): 已替换旧版本
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, the file with the same content): 重复文件，已跳过
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (new file, current version's source): 未替换已收录版本
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (file in a folder, why it is not a report): 已跳过
    without_tables: list[str] = field(default_factory=list)  # stored, but no table was read from them (a stub, a partial file)
    embedded: int = 0  # texts sent to the embedding model (known texts reuse their vectors)
    chunks: int = 0

    def summary(self) -> dict:
        return {
            "added": len(self.added), "unchanged": len(self.unchanged), "replaced": len(self.replaced),
            "failed": [{"file": f, "error": e} for f, e in self.failed], "repaired": len(self.repaired),
            "chunks": self.chunks, "embedded": self.embedded,
            "superseded": [{"file": f, "old_version": o} for f, o in self.superseded],
            "duplicates": [{"file": f, "same_as": o} for f, o in self.duplicates],
            "set_aside": [{"file": f, "current_version": o} for f, o in self.set_aside],
            "ignored": [{"file": f, "reason": r} for f, r in self.ignored],
            "without_tables": list(self.without_tables),
        }

    def warnings(self) -> list[str]:
        """One Chinese line per file stored without any table (its numbers cannot be asked about)."""
        return [f"{Path(f).name}：没有读到表二、表三、表四（可能只有标题或未下载完整），已收录，但无法回答其中的数字；请获取完整的报告后重新导入。"
                for f in self.without_tables]

    def notices(self) -> list[str]:
        """One Chinese line per file that was not simply added, replaced or found unchanged."""
        return ([f"{Path(f).name}：与 {Path(o).name} 内容完全相同，重复文件，已跳过。" for f, o in self.duplicates]
                + [f"{Path(f).name}：新文件缺少表格，未替换已收录版本（{o}），已另存并标记。" for f, o in self.set_aside]
                + [f"{Path(f).name}：{r}" for f, r in self.ignored])


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


def samples_smallest_first() -> list[Path]:
    """The samples in the order a first start ingests them: the first report is in soonest."""
    return sorted(sample_paths(), key=lambda p: (p.stat().st_size, p.name))


# What a browser writes while a download is under way (Chrome, Firefox, Safari, Edge, IDM).
PARTIAL_DOWNLOAD_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".opdownload", ".tmp")
COMPLETENESS_SHARE = 0.8  # a new version replaces the current one with at least this share of its filled cells


def expand(paths: Iterable[str | Path], ignored: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given, and the report files inside folders (recursively, sorted). Other files
    met in a folder go to ``ignored`` with why, one line each (a partial download, Thumbs.db)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            # a folder's own files before its subfolders', shorter names first: of "x.pdf" and its
            # copy "x (1).pdf" the original is the one kept, the copy the one reported
            for p in sorted(path.rglob("*"), key=lambda p: (len(p.relative_to(path).parts), len(p.name), p.name)):
                if not p.is_file():
                    if ignored is not None and not p.is_dir() and p.exists():
                        ignored.append((str(p), "不是普通文件（设备、管道或套接字），已跳过。"))
                    continue
                if p.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(p)
                elif ignored is not None:
                    ignored.append((str(p), _why_ignored(p)))
        else:
            found.append(path)
    return found


def _why_ignored(path: Path) -> str:
    if path.suffix.lower() in PARTIAL_DOWNLOAD_SUFFIXES:
        return "未下载完成的文件（浏览器下载中的临时文件），已跳过；请等下载完成后再导入。"
    return f"不是报告文件（{path.suffix or '无扩展名'}），已跳过。"


class KnowledgeBase:
    """Both stores and the retriever, built from settings by ``open``.

    >>> kb = KnowledgeBase.open(load_settings(home=tmp_path))   # doctest: +SKIP
    >>> kb.ingest(["report.pdf"]).summary()                     # doctest: +SKIP
    """

    group_chunks = 256  # chunks parsed before the group is embedded and stored

    def __init__(self, facts: FactStore, vectors: VectorStore | Callable[[], VectorStore], chunk_chars: int = 320,
                 lock: WriteLock | None = None) -> None:
        """``vectors`` may be a function that opens the store: it is then called on first use
        (a table question never needs Chroma or the embedding model)."""
        self.facts = facts
        self._vectors = vectors
        self._vectors_lock = threading.Lock()
        self.chunk_chars = chunk_chars
        self.lock = lock or WriteLock(None, facts.engine)  # one writer at a time (ingest, removal)
        self.settings: Settings | None = None  # set by ``open``: storage failures name the data home
        self.read_only = False  # opened from a home that cannot be written: questions only
        self.write_pause = 0.0  # see ``share``
        self.vectors_later = False  # see ``ingest``
        self.retriever = HybridRetriever(facts, lambda: self.vectors)

    def share(self, write_pause: float = 8.0) -> None:
        """Tune for a served app, where uploads and questions run side by side in one process:
        each vector write is small and followed by a pause of ``write_pause`` times its length (a
        local Chroma holds the interpreter lock while it writes: VectorStore._write), and the word
        index is rebuilt by a thread of its own while questions use the previous one."""
        self.write_pause = write_pause
        self.retriever.background = True

    @property
    def vectors(self) -> VectorStore:
        if callable(self._vectors):
            with self._vectors_lock:
                if callable(self._vectors):
                    self._vectors = self._vectors()  # type: ignore[operator]
        return self._vectors  # type: ignore[return-value]

    @vectors.setter
    def vectors(self, store: VectorStore) -> None:
        self._vectors = store

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeBase:
        def storage_failure(error: Exception, where: str) -> Exception | None:
            failure = storage_error(error, settings)
            if failure is not None:
                log.exception("%s: %s", where, failure)
            return failure

        def open_vectors() -> VectorStore:
            from index.vectors import VectorStore, chroma_client

            from .models import make_embeddings

            try:
                client = chroma_client(settings.resolved_chroma(), settings.chroma_server())
                return VectorStore(client, make_embeddings(settings), batch=settings.embed_batch, server=settings.chroma_server())
            except StoreUnavailable:
                raise
            except Exception as error:  # noqa: BLE001 - what Chroma and the disk raise
                failure = storage_failure(error, "open vectors")
                if failure is None:
                    raise
                raise failure from None

        read_only = read_only_home(settings)
        try:
            if (settings.database_url is None or settings.chroma is None) and not read_only:
                settings.home.mkdir(parents=True, exist_ok=True)
            setup_logging(settings.home)
            if read_only:  # answers from a read-only home (a shared or backed-up copy): nothing is written there
                facts = FactStore(read_only_url(settings.home / "facts.sqlite3"))
            else:
                facts = FactStore(settings.resolved_database_url())
                facts.create_schema()
            # A Chroma server is reached at once (an unreachable one is one clear sentence now);
            # a local directory is opened when a job first needs vectors.
            vectors = open_vectors() if settings.chroma_server() else open_vectors
        except StoreUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - what SQLite, PostgreSQL, Chroma and the disk raise
            failure = storage_failure(error, "open")
            if failure is None:
                raise
            raise failure from None
        local = not settings.resolved_database_url().startswith("postgresql") or settings.chroma_server() is None
        kb = cls(facts, vectors, settings.chunk_chars, WriteLock(settings.home / "ingest.lock" if local else None, facts.engine))
        kb.settings = settings
        kb.read_only = read_only
        if read_only:  # a local Chroma cannot be opened without writing: passages come from the word index alone
            kb.retriever = HybridRetriever(facts, None)
        facts.prose_embeddings = kb.prose_embeddings  # figures in prose matched by meaning too (index.prose)
        return kb

    def prose_embeddings(self) -> object | None:
        """The model prose figures are matched by meaning with; None for the fake embedding (its
        similarities mean nothing)."""
        embeddings = getattr(self.vectors, "embeddings", None)
        return None if embeddings is None or type(embeddings).__name__.startswith("Deterministic") else embeddings

    def upgrade(self) -> list[str]:
        """Bring a store written by an older version up to date: figures in prose are read again
        from each report's file (when it is still there and unchanged). Runs at the start of an
        ingest (not when a store is opened: at province scale re-reading every file takes a while).
        Returns the report ids done."""
        if self.facts.schema() >= SCHEMA:
            return []
        from index.parser import parse_document
        from index.readers import read_bytes

        done = []
        for report_id, source_path in self.facts.figures_missing():
            path = Path(source_path or "")
            try:
                if path.is_file():
                    check_file_size(path)  # the same limits as a first ingest
                data = path.read_bytes() if path.is_file() else b""
                if data and hashlib.sha256(data).hexdigest() == report_id:
                    self.facts.replace_figures(report_id, parse_document(read_bytes(data, path.name)))
                    done.append(report_id)
            except (InputError, OSError):
                continue  # the file went bad since: its figures stay absent, its cells are intact
        self.facts.mark_schema()
        return done

    # ------------------------------------------------------------------ consistency

    def repair(self) -> list[str]:
        """Remove whatever an interrupted run left half-written, from both stores. Called with the
        write lock held: no other writer is alive, so every pending report is a dead run's."""
        pending = self.facts.pending_ids()
        for report_id in pending:
            self.vectors.delete_report(report_id, self.write_pause)
            self.facts.delete_report(report_id)
        for report_id in self.facts.superseding_ids():  # an old version half taken out
            self.vectors.delete_report(report_id, self.write_pause)
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
            self.vectors.delete_report(old.id, self.write_pause)
            self.facts.finish_supersede(old.id, f"已被新版本替换：{path.name}（{report_id[:12]}） (superseded by {path.name})")
            result.superseded.append((str(path), old.source or old.id[:12]))

    def remove(self, report_id: str) -> None:
        """Take a report out of both stores (pending first, so a crash here is repaired later)."""
        with self.lock.hold():
            row = next((r for r in self.facts.complete_reports() if r.id == report_id), None)
            self.facts.mark_pending(report_id)
            self.vectors.delete_report(report_id, self.write_pause)
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
               on_wait: Callable[[], None] | None = None, vectors_later: bool = False,
               begin: Callable[[Path], None] | None = None) -> IngestResult:
        """Parse, validate and store each file; one bad file is reported and skipped (``begin`` is
        told each file as its work starts, ``progress`` as it is done).

        Files are parsed and written as pending in groups; the group's new texts are then
        embedded in large batches (the model is faster so) and the reports marked complete.
        One run writes at a time per data home (``on_wait`` is called when another holds the lock).
        ``vectors_later``: tables and text are stored and answer at once, the vectors wait in a
        queue (``not_searchable``) for ``embed_waiting`` (a province's folder without waiting
        for the embedding model).
        """
        if self.read_only and self.settings is not None:
            raise storage_error(PermissionError(errno.EROFS, "read-only"), self.settings) or StoreUnavailable("read-only")
        try:
            with self.lock.hold(on_wait):
                self.vectors_later = vectors_later
                try:
                    result = self._ingest(paths, progress, begin)
                finally:
                    self.vectors_later = False
            log.info("ingest: %s", result.summary())
            if self.retriever.background:  # a served app: the new word index is started now, not by the next question
                self.retriever.refresh()
            return result
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
            from index.vectors import UNAVAILABLE, VectorStoreUnavailable

            raise VectorStoreUnavailable(UNAVAILABLE.format(error=error)) from None

    def _ingest(self, paths: Iterable[str | Path], progress: Callable[[Path], None] | None,
                begin: Callable[[Path], None] | None = None) -> IngestResult:
        result = IngestResult(repaired=self.repair())
        self.upgrade()
        group: list[_Prepared] = []
        seen: dict[str, Path] = {}  # content hash -> the first file of this batch with it
        tableless: list[_Prepared] = []
        for path in expand(paths, result.ignored):
            if begin:
                begin(path)
            try:
                prepared = self._prepare(path, result, seen)
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
            if prepared is not None and self._completeness(prepared.report_id)[0] == 0:
                tableless.append(prepared)  # stored last: a title-only stub never goes in before the real report
            elif prepared is not None:
                group.append(prepared)
            elif progress:
                progress(path)
            if sum(len(p.chunks) for p in group) >= self.group_chunks:
                self._store(group, result, progress)
                group = []
        self._store(group, result, progress)
        self._store(tableless, result, progress)
        for path, error in result.failed:
            log.warning("ingest: skipped %s: %s", path, error)
        return result

    def _check_stores(self) -> None:
        """Raise what the stores raise when they are unreachable (both cheap reads)."""
        self.facts.version()
        self.vectors.count()

    def _prepare(self, path: Path, result: IngestResult, seen: dict[str, Path] | None = None) -> _Prepared | None:
        """Parse a file and write it to the facts store as pending (None when unchanged or a copy)."""
        check_file_size(path)  # stat first: nothing oversized is read into memory
        data = path.read_bytes()
        report_id = hashlib.sha256(data).hexdigest()
        seen = {} if seen is None else seen
        if report_id in seen:  # the same bytes twice in one batch: the copy is skipped
            result.duplicates.append((str(path), str(seen[report_id])))
            return None
        seen[report_id] = path
        source_path = str(path.resolve())
        older = [other for other in self.facts.ids_for_source(source_path) if other != report_id]
        status = self.facts.status(report_id)
        stored_at = self.facts.source_path(report_id) if status else None
        if status in ("superseded", "superseding", "set-aside"):  # met again: it stays as it was
            result.unchanged.append(str(path))
            return None
        if status == "complete" and stored_at not in (None, source_path) and Path(stored_at).is_file():
            result.duplicates.append((str(path), stored_at))  # a renamed copy of a stored report
            return None
        if status == "complete":
            result.unchanged.append(str(path))
            for other in older:  # a crash after the new version was stored, before the old went
                self.remove(other)
            row = next((r for r in self.facts.complete_reports() if r.id == report_id), None)
            if row is not None:  # a crash before an older version of the body and year was replaced
                self._supersede_older(report_id, {"agency_key": row.agency_key, "year": row.year}, path, result)
            return None
        from index.chunking import chunk_report
        from index.parser import parse_document
        from index.readers import read_bytes

        from .validation import validate

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
        if not self.vectors_later:
            try:
                result.embedded += self.vectors.add([c for p in group for c in p.chunks], {p.report_id: p.meta for p in group}, self.write_pause)
            except (OperationalError, StoreUnavailable, OSError):
                raise  # the disk or a store went away: the run stops, what was committed stays
            except Exception:  # noqa: BLE001 - one report the vector store refuses never stops the others
                if self.vectors.server is not None:
                    raise  # a Chroma server's failures are the server's: VectorStoreUnavailable in ``ingest``
                self._check_stores()
                log.exception("ingest: a group of %d reports failed as one; storing them one by one", len(group))
                group = [p for p in group if self._store_one(p, result)]
        for prepared in group:
            current = self._more_complete_version(prepared)
            if current is not None:  # a stub or a tableless copy never replaces a real report
                self.vectors.delete_report(prepared.report_id, self.write_pause)
                self.facts.finish_supersede(prepared.report_id, f"新文件缺少表格，未替换已收录版本：{current.source} (less complete than the stored version)",
                                            status="set-aside")
                result.set_aside.append((str(prepared.path), current.source or current.id[:12]))
                if progress:
                    progress(prepared.path)
                continue
            self.facts.mark_complete(prepared.report_id, vectors_later=self.vectors_later)
            for other in prepared.older:
                self.remove(other)
            self._supersede_older(prepared.report_id, prepared.meta, prepared.path, result)
            (result.replaced if prepared.older else result.added).append(str(prepared.path))
            if self._completeness(prepared.report_id)[0] == 0:
                result.without_tables.append(str(prepared.path))
            result.chunks += len(prepared.chunks)
            if progress:
                progress(prepared.path)

    def not_searchable(self) -> list[ReportRow]:
        """Reports whose figures and text answer already, but whose vectors are still to come
        (ingested with ``vectors_later``): not yet found by meaning, only by words and figures."""
        waiting = set(self.facts.vectors_waiting())
        return [r for r in self.facts.complete_reports() if r.id in waiting]

    def embed_waiting(self, progress: Callable[[int, int], None] | None = None, group: int = 16,
                      stop: threading.Event | None = None) -> int:
        """Store the vectors of the reports waiting for them, a group at a time (the write lock is
        taken per group, so an ingest can run in between); ``progress(done, total)``. Returns how
        many reports were done."""
        waiting = self.facts.vectors_waiting()
        done = 0
        for start in range(0, len(waiting), group):
            if stop is not None and stop.is_set():
                break
            with self.lock.hold():
                rows = {r.id: r for r in self.facts.complete_reports()}
                ids = [i for i in waiting[start:start + group] if i in rows]
                chunks = [c for i in ids for c in self.facts.text_chunks(i)]
                metas = {i: {"report_id": i, "agency_key": rows[i].agency_key or "", "year": rows[i].year or 0} for i in ids}
                self.vectors.add(chunks, metas, self.write_pause)
                self.facts.vectors_stored(waiting[start:start + group])
            for _ in waiting[start:start + group]:
                done += 1
                if progress:
                    progress(done, len(waiting))
        return done

    def _store_one(self, prepared: _Prepared, result: IngestResult) -> bool:
        """One report's vectors alone; on failure the report leaves both stores and is reported."""
        try:
            result.embedded += self.vectors.add(prepared.chunks, {prepared.report_id: prepared.meta}, self.write_pause)
            return True
        except (OperationalError, StoreUnavailable, OSError):
            raise
        except Exception as error:  # noqa: BLE001
            self._check_stores()
            log.exception("ingest: %s could not be stored", prepared.path)
            self.vectors.delete_report(prepared.report_id, self.write_pause)
            self.facts.delete_report(prepared.report_id)
            name = prepared.path.name
            result.failed.append((str(prepared.path), f"{name} 无法写入向量库（{type(error).__name__}），已跳过，其余文件照常导入；详情见日志。"
                                  f" ({name} could not be stored and was skipped.)"))
            return False

    def _completeness(self, report_id: str) -> tuple[int, int]:
        """(tables with a filled cell, filled cells) of a stored report."""
        filled = [key for key, cell in self.facts.cells(report_id).items() if cell.raw not in (None, "")]
        return len({key.split(".", 1)[0] for key in filled}), len(filled)

    def _more_complete_version(self, prepared: _Prepared) -> ReportRow | None:
        """The current version of the same body and year that ``prepared`` must not replace: one
        with more tables, or with more filled cells than COMPLETENESS_SHARE of it."""
        key, year = prepared.meta.get("agency_key"), prepared.meta.get("year")
        if not key or not year:
            return None
        tables, cells = self._completeness(prepared.report_id)
        for other in self.facts.other_versions(str(key), int(year), prepared.report_id):  # type: ignore[call-overload]
            other_tables, other_cells = self._completeness(other.id)
            if tables < other_tables or cells < COMPLETENESS_SHARE * other_cells:
                return other
        return None

    def ensure_samples(self, progress: Callable[[Path], None] | None = None, starting: Callable[[int], None] | None = None,
                       begin: Callable[[Path], None] | None = None, first: int | None = None) -> IngestResult | None:
        """Ingest the bundled sample reports when the knowledge base is empty, smallest first and
        each stored before the next is read (``starting`` is told how many, ``begin`` each file
        as it starts, ``progress`` as it is done). With ``first`` only that many now: the rest
        are ``samples_smallest_first()[first:]``, for the caller to ingest later."""
        if self.facts.complete_reports():
            return None
        paths = samples_smallest_first()
        if starting:
            starting(len(paths))
        saved, self.group_chunks = self.group_chunks, 1  # every file stored (and counted) as soon as it is read
        try:
            return self.ingest(paths[:first] if first else paths, progress=progress, begin=begin)
        finally:
            self.group_chunks = saved

    def reports(self) -> list[ReportRow]:
        return self.facts.complete_reports()

    def figures(self, agency_key: str | None = None, year: int | None = None, measure: str | None = None) -> list[ProseFigure]:
        """Figures stated in the reports' text (主动公开政府信息 24017 条 …), each with its sentence and
        where it stands; a body by key or any spelling of its name, a year, a measure key (index/vocab/prose.toml)."""
        keys = None
        if agency_key is not None:
            known = {r.agency_key for r in self.reports()}
            keys = [agency_key] if agency_key in known else self.facts.agency_keys(agency_key)
        return self.facts.figures(keys, year, measure)

    def report_for(self, agency: str, year: int | None = None) -> ReportRow:
        """The indexed report of a body (any spelling) for a year, or its newest."""
        rows = sorted(self.facts.reports_of(self.facts.agency_keys(agency)), key=lambda r: r.year or 0)
        chosen = next((r for r in rows if r.year == year), None) if year else (rows[-1] if rows else None)
        if chosen is None:
            indexed = "、".join(f"{r.agency} {r.year}" for r in self.reports())
            raise NotIndexed(f"知识库中没有{agency}{year or ''}年的报告；已收录：{indexed}。请先导入该报告，或直接填写数字。")
        return chosen

