"""The facts store: every report, every table cell, every chunk's text, and the validators'
findings, in SQL (SQLAlchemy Core; SQLite by default, PostgreSQL with the same code).

A report is written with status "pending" and becomes "complete" only after its vectors
are stored too; readers see complete reports only, and ``pending_ids`` tells the
knowledge base what to repair after a crash.

>>> store = FactStore("sqlite://")
>>> store.create_schema()
>>> store.complete_reports()
[]
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, create_engine, delete, event,
    func, insert, inspect, select, text, update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .agencies import agency_key, agency_region, aliases
from .chunking import Chunk
from .limits import countable
from .model import NARRATIVE_NOTE, Report
from .prose import ProseFigure, extract_figures

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("id", String(64), primary_key=True, comment="sha256 of the file's bytes"),
    Column("agency", String(200)), Column("agency_key", String(200), index=True), Column("region", String(100)),
    Column("year", Integer, index=True), Column("layout", String(8)), Column("title", Text),
    Column("source", String(500)), Column("source_path", Text, index=True),
    Column("notes", Text), Column("findings", Integer, default=0), Column("errors", Integer, default=0),
    Column("chunks", Integer, default=0), Column("status", String(16), index=True), Column("ingested_at", DateTime),
)
cells = Table(
    "cells", metadata,
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("table_name", String(8), primary_key=True), Column("row_id", String(64), primary_key=True),
    Column("column_id", String(32), primary_key=True),
    Column("value", Float), Column("raw", Text), Column("page", Integer), Column("line", Integer), Column("placeholder", Boolean),
    # Cross-report sums read one cell of every report: from this index alone, not the table.
    Index("ix_cells_by_cell", "table_name", "row_id", "column_id", "report_id", "value"),
)
RETIRED_INDEXES = {"cells": ["ix_cells_cell"]}  # dropped by create_schema when an older store has them
chunks = Table(
    "chunks", metadata,
    Column("id", String(64), primary_key=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("section", Integer), Column("heading", Text), Column("paragraph", Integer),
    Column("start", Integer), Column("end", Integer), Column("kind", String(8)), Column("text", Text), Column("text_hash", String(64)),
)
findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("rule", String(32)), Column("severity", String(8)), Column("cell", String(120)),
    Column("expected", Text), Column("found", Text), Column("message", Text), Column("location", String(60)),
)
figures = Table(
    "figures", metadata,  # numbers stated in the report's text (index/prose.py), one row each
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("measure", String(64), index=True), Column("phrase", Text), Column("value", Float), Column("unit", String(16)),
    Column("approximate", Boolean), Column("sentence", Text), Column("section", String(8)), Column("location", String(60)),
)
vector_queue = Table(
    "vector_queue", metadata,  # complete reports whose vectors are still to come (ingest --vectors later)
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
)
SCHEMA = 2  # 2: figures in prose; stores written before hold none until ``figures_missing`` is refilled
store_version = Table(
    "store_version", metadata,  # one row, bumped whenever the set of complete reports changes
    Column("id", Integer, primary_key=True), Column("value", Integer, nullable=False),
)  # row 2 holds the schema the stored rows were written with (SCHEMA)
agency_aliases = Table(
    "agency_aliases", metadata,
    Column("alias", String(200), primary_key=True), Column("agency_key", String(200), primary_key=True),
)
user_aliases = Table(  # nicknames a user gave a body ("岚岛"): kept when its reports are removed and ingested again
    "user_aliases", metadata,
    Column("alias", String(200), primary_key=True), Column("agency_key", String(200), nullable=False),
)


@dataclass(frozen=True)
class ReportRow:
    id: str
    agency: str | None
    agency_key: str | None
    region: str | None
    year: int | None
    layout: str
    title: str | None
    source: str | None
    findings: int
    errors: int
    chunks: int
    notes: list[str]

    @property
    def narrative_only(self) -> bool:
        """No standard table (a free-form report before 2019, or an excerpt): the parser's note says so."""
        return any(note.startswith(NARRATIVE_NOTE) for note in self.notes)

    @property
    def layout_label(self) -> str:
        """The layout as a person reads it: "2021 年版", or "叙述式（无标准表格）"."""
        return "叙述式（无标准表格）" if self.narrative_only else f"{self.layout} 年版"


@dataclass(frozen=True)
class CellFact:
    value: int | float | None
    raw: str | None
    page: int | None
    line: int | None

    @property
    def location(self) -> str:
        parts = [f"page {self.page}" if self.page else "", f"line {self.line}" if self.line else ""]
        return ", ".join(p for p in parts if p)


def _report_row(r: Any) -> ReportRow:
    return ReportRow(r["id"], r["agency"], r["agency_key"], r["region"], r["year"], r["layout"], r["title"], r["source"],
                     r["findings"], r["errors"], r["chunks"], json.loads(r["notes"] or "[]"))


def _number(value: float | None, column: str) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and column != "amount" else value


VERSION_FRESH = 0.05  # seconds a store version read is used again (the served app asks ~100 times a second)
POOL_SIZE = 20  # database connections kept open per store (the served app runs 16 requests of a kind at once)
CELL_CACHE_REPORTS = 512  # reports whose cells are kept in memory (about 50 KB each)


class FactStore:
    """SQL access for everything the knowledge base knows, built from a database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        # pre-ping: a served app survives a database restart (stale pooled connections are replaced);
        # a SQLite file has no server to restart, and the ping cost a round trip on every read
        # A pool as large as the app's concurrency: with SQLAlchemy's default (5 kept, 10 more made and
        # closed on return) 16 people asking at once opened a new connection for most reads.
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"),
                                            pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
        self._catalog: tuple[int, list[ReportRow], list[tuple[str, str]]] | None = None
        self.prose_embeddings: Callable[[], Any] | None = None  # the embeddings prose figures are matched by meaning with
        self._cells: dict[str, dict[str, CellFact]] = {}  # by report id (see ``cells``)
        self._findings: tuple[int, dict[str, list[dict[str, Any]]]] = (-1, {})  # store version, by report id (``findings_for``)
        self._version: tuple[int, float] | None = None  # (store version, when read): see ``version``
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)

    def create_schema(self) -> None:
        """Create missing tables and indexes, drop retired indexes: an older store is upgraded in place (idempotent)."""
        metadata.create_all(self.engine)
        with self._writing() as db:
            existing = {table: {i["name"] for i in inspect(db).get_indexes(table)} for table in metadata.tables}
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    if index.name not in existing[table.name]:
                        index.create(db)
            for table, names in RETIRED_INDEXES.items():
                for name in set(names) & existing[table]:
                    db.execute(text(f"DROP INDEX {db.dialect.identifier_preparer.quote(name)}"))
        try:
            with self._writing() as db:
                if db.execute(select(store_version.c.value).where(store_version.c.id == 1)).first() is None:
                    empty = db.execute(select(reports.c.id).limit(1)).first() is None
                    db.execute(insert(store_version).values(id=1, value=0))
                    if empty:  # a new store: every report it will hold is written with this schema
                        db.execute(insert(store_version).values(id=2, value=SCHEMA))
        except IntegrityError:
            pass  # another process created it at the same moment

    def schema(self) -> int:
        """The schema the stored reports were written with (1 before figures in prose were kept)."""
        with self.engine.connect() as db:
            return db.execute(select(store_version.c.value).where(store_version.c.id == 2)).scalar() or 1

    def figures_missing(self) -> list[tuple[str, str]]:
        """(report id, source path) of the reports written before figures in prose were kept."""
        if self.schema() >= SCHEMA:
            return []
        with self.engine.connect() as db:
            done = select(figures.c.report_id)
            return [(i, p) for i, p in db.execute(select(reports.c.id, reports.c.source_path).where(reports.c.id.not_in(done)))]

    def replace_figures(self, report_id: str, report: Report) -> None:
        """Store a report's figures in prose again (an older store being brought up to date)."""
        rows = self._figure_rows(report_id, report)
        with self._writing() as db:
            # the report's row locked: two processes upgrading at once do not both insert
            if db.execute(select(reports.c.id).where(reports.c.id == report_id).with_for_update()).first() is None:
                return
            db.execute(delete(figures).where(figures.c.report_id == report_id))
            if rows:
                db.execute(insert(figures), rows)
            _bump(db)

    def mark_schema(self) -> None:
        """Record that every stored report now has what this schema keeps."""
        with self._writing() as db:
            if db.execute(update(store_version).where(store_version.c.id == 2).values(value=SCHEMA)).rowcount == 0:
                db.execute(insert(store_version).values(id=2, value=SCHEMA))
            _bump(db)

    def _figure_rows(self, report_id: str, report: Report) -> list[dict[str, Any]]:
        """The report's figures in prose as rows (read before the transaction opens: no lock held meanwhile);
        with ``prose_embeddings`` set (the knowledge base's e5 model), also those matched by meaning."""
        embed = self.prose_embeddings() if self.prose_embeddings is not None else None
        return [
            {"report_id": report_id, "measure": f.measure, "phrase": f.phrase, "value": f.value, "unit": f.unit,
             "approximate": f.approximate, "sentence": f.sentence, "section": f.section, "location": f.location}
            for f in extract_figures(report, report_id, embed)
        ]

    # ------------------------------------------------------------------ writing

    def begin_report(self, report_id: str, report: Report, report_chunks: list[Chunk], report_findings: Iterable[Any],
                     source_path: str) -> None:
        """Write a report, its cells, chunks, findings and figures in prose in one transaction, as pending."""
        found = list(report_findings)
        text = "\n".join(s.text for s in report.sections)
        region = agency_region(report.agency or "", text)
        stated = self._figure_rows(report_id, report)
        with self._writing() as db:
            self._delete(db, report_id)
            key = _bounded(agency_key(report.agency), reports.c.agency_key) if report.agency else None
            db.execute(insert(reports), _clean(reports, dict(
                id=report_id, agency=report.agency, agency_key=key,
                region=region, year=report.year, layout=report.layout, title=report.title, source=report.source,
                source_path=source_path, notes=json.dumps(report.notes, ensure_ascii=False), findings=len(found),
                errors=sum(1 for f in found if f.severity == "error"), chunks=len(report_chunks), status="pending",
                ingested_at=datetime.now(UTC),
            )))
            rows = [
                {"report_id": report_id, "table_name": table.name, "row_id": row, "column_id": column,
                 "value": cell.value if countable(column, cell.value) else None,  # -38, 2.5 件: kept out of sums (a CELLS finding)
                 "raw": cell.raw, "page": cell.location.page if cell.location else None,
                 "line": cell.location.line if cell.location else None, "placeholder": cell.placeholder}
                for table in report.tables() for row, columns in table.rows.items() for column, cell in columns.items()
            ]
            if rows:
                db.execute(insert(cells), _clean(cells, rows))
            if report_chunks:
                db.execute(insert(chunks), _clean(chunks, [
                    {"id": c.id, "report_id": report_id, "section": c.section, "heading": c.heading, "paragraph": c.paragraph,
                     "start": c.start, "end": c.end, "kind": c.kind, "text": c.text, "text_hash": c.text_hash}
                    for c in report_chunks
                ]))
            if stated:
                db.execute(insert(figures), _clean(figures, stated))
            if found:
                db.execute(insert(findings), _clean(findings, [
                    {"report_id": report_id, "rule": f.rule, "severity": f.severity, "cell": f.cell,
                     "expected": None if f.expected is None else str(f.expected), "found": None if f.found is None else str(f.found),
                     "message": f.message, "location": f.location}
                    for f in found
                ]))
            if report.agency:
                known = set(db.execute(select(agency_aliases.c.alias).where(agency_aliases.c.agency_key == key)).scalars())
                bounded = {_bounded(a, agency_aliases.c.alias) for a in aliases(report.agency, region)}
                new = [{"alias": a, "agency_key": key} for a in sorted(bounded - known) if a]
                if new:
                    db.execute(insert(agency_aliases), new)

    def mark_complete(self, report_id: str, vectors_later: bool = False) -> None:
        """Answers may use the report now; ``vectors_later``: its figures and text are stored and
        its vectors are not yet (it waits in the vector queue, and is not searchable by meaning)."""
        with self._writing() as db:
            db.execute(update(reports).where(reports.c.id == report_id).values(status="complete"))
            if vectors_later and db.execute(select(vector_queue.c.report_id).where(vector_queue.c.report_id == report_id)).first() is None:
                db.execute(insert(vector_queue).values(report_id=report_id))
            _bump(db)

    def vectors_waiting(self) -> list[str]:
        """Ids of complete reports whose vectors are not stored yet (not searchable by meaning)."""
        with self.engine.connect() as db:
            query = select(vector_queue.c.report_id).join(reports, reports.c.id == vector_queue.c.report_id).where(reports.c.status == "complete")
            return list(db.execute(query.order_by(vector_queue.c.report_id)).scalars())

    def vectors_stored(self, report_ids: list[str]) -> None:
        with self._writing() as db:
            db.execute(delete(vector_queue).where(vector_queue.c.report_id.in_(report_ids)))

    def text_chunks(self, report_id: str) -> list[Chunk]:
        """A report's stored chunks, as chunking made them (to embed them later)."""
        with self.engine.connect() as db:
            rows = db.execute(select(chunks).where(chunks.c.report_id == report_id).order_by(chunks.c.section, chunks.c.start)).mappings()
            return [Chunk(r["id"], r["report_id"], r["section"], r["heading"] or "", r["paragraph"], r["start"], r["end"], r["text"] or "",
                          r["kind"] or "text") for r in rows]

    def mark_pending(self, report_id: str) -> None:
        with self._writing() as db:
            db.execute(update(reports).where(reports.c.id == report_id).values(status="pending"))
            _bump(db)

    def delete_report(self, report_id: str) -> None:
        with self._writing() as db:
            self._delete(db, report_id)

    @staticmethod
    def _delete(db: Any, report_id: str) -> None:
        for table in (cells, chunks, findings, figures, vector_queue):
            db.execute(delete(table).where(table.c.report_id == report_id))
        if db.execute(delete(reports).where(reports.c.id == report_id)).rowcount:
            _bump(db)  # only a real removal: a new report written as pending changes no reader's view

    # ------------------------------------------------------------------ reading

    def status(self, report_id: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(select(reports.c.status).where(reports.c.id == report_id)).scalar()

    def pending_ids(self) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(reports.c.id).where(reports.c.status == "pending")).scalars())

    def ids_for_source(self, source_path: str) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(reports.c.id).where(reports.c.source_path == source_path)).scalars())

    def complete_reports(self) -> list[ReportRow]:
        """Every complete report (cached until a report is added or removed)."""
        return list(self._cached()[1])

    def _cached(self) -> tuple[int, list[ReportRow], list[tuple[str, str]]]:
        version = self.version()
        if self._catalog is None or self._catalog[0] != version:
            with self.engine.connect() as db:
                rows = db.execute(select(reports).where(reports.c.status == "complete").order_by(reports.c.agency_key, reports.c.year)).mappings()
                complete = [_report_row(r) for r in rows]
                keys = select(reports.c.agency_key).where(reports.c.status == "complete")
                pairs = list(db.execute(select(agency_aliases.c.alias, agency_aliases.c.agency_key).where(agency_aliases.c.agency_key.in_(keys))))
                pairs += db.execute(select(user_aliases.c.alias, user_aliases.c.agency_key).where(user_aliases.c.agency_key.in_(keys)))
                aliases_sorted = sorted({(a, k) for a, k in pairs}, key=lambda x: (-len(x[0]), x))
            self._catalog = (version, complete, aliases_sorted)
        return self._catalog

    def counts(self) -> dict[str, int]:
        """How many complete reports, cells and chunks the store holds."""
        with self.engine.connect() as db:
            complete = select(reports.c.id).where(reports.c.status == "complete")
            return {
                "reports": db.execute(select(func.count()).select_from(complete.subquery())).scalar_one(),
                "cells": db.execute(select(func.count()).select_from(cells).where(cells.c.report_id.in_(complete))).scalar_one(),
                "chunks": db.execute(select(func.count()).select_from(chunks).where(chunks.c.report_id.in_(complete))).scalar_one(),
            }

    def version(self) -> int:
        """Changes whenever a report is added, completed or removed, by any process (one row read).
        Asked several times per question: a value read less than ``VERSION_FRESH`` seconds ago is
        used again (another process's change is seen that much later; this store's at once)."""
        now = time.monotonic()
        known = self._version
        if known is not None and now - known[1] < VERSION_FRESH:
            return known[0]
        with self.engine.connect() as db:  # plain SQL: compiling the statement cost more than the read
            value = db.exec_driver_sql("SELECT value FROM store_version WHERE id = 1").scalar() or 0
        self._version = (value, now)
        return value

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """A write transaction; once it is committed this store reads the version afresh."""
        try:
            with self.engine.begin() as db:
                yield db
        finally:
            self._version = None

    def chunk_rows(self) -> list[dict[str, Any]]:
        """Every chunk of every complete report, with its report's agency and year."""
        query = (
            select(chunks, reports.c.agency, reports.c.agency_key, reports.c.year, reports.c.title)
            .join(reports, reports.c.id == chunks.c.report_id).where(reports.c.status == "complete")
            .order_by(chunks.c.report_id, chunks.c.section, chunks.c.start)
        )
        with self.engine.connect() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def chunk_ids(self, report_id: str) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(chunks.c.id).where(chunks.c.report_id == report_id)).scalars())

    def cells(self, report_id: str) -> dict[str, CellFact]:
        """All cells of a report by canonical id, with their raw text and location. Kept in memory
        for the most recent CELL_CACHE_REPORTS reports (a ranking question reads every report's
        cells): a report's id is its content's hash and its cells are written with it, never
        changed, so what was read once stays true."""
        cache = self._cells
        found = cache.get(report_id)
        if found is None:
            with self.engine.connect() as db:
                rows = db.execute(select(cells).where(cells.c.report_id == report_id)).mappings()
                found = {
                    f"{r['table_name']}.{r['row_id']}.{r['column_id']}": CellFact(_number(r["value"], r["column_id"]), r["raw"], r["page"], r["line"])
                    for r in rows
                }
            if not found:
                return {}  # not stored (yet): nothing is remembered
            while len(cache) >= CELL_CACHE_REPORTS:
                cache.pop(next(iter(cache), None), None)  # the oldest first
            cache[report_id] = found
        return dict(found)  # the caller's own dict; the facts in it are frozen

    def sums(self, table: str, rows: list[str], column: str, year: int | None = None,
             agency_keys: list[str] | None = None, region: str | None = None) -> list[tuple[ReportRow, int | float | None]]:
        """Per complete report, the sum of some rows of one column (SQL does the adding, from the
        cell index alone; the reports are picked from the cached catalogue)."""
        query = (
            select(cells.c.report_id, func.sum(cells.c.value), func.count(cells.c.value))
            .where(cells.c.table_name == table, cells.c.row_id.in_(rows), cells.c.column_id == column)
            .group_by(cells.c.report_id)
        )
        wanted = [
            r for r in self._cached()[1]
            if (year is None or r.year == year) and (not agency_keys or r.agency_key in agency_keys) and (not region or r.region == region)
        ]
        if agency_keys:
            query = query.where(cells.c.report_id.in_([r.id for r in wanted]))
        elif year is not None:  # one year of thousands of reports: SQL adds up only that year's cells
            query = query.where(cells.c.report_id.in_(select(reports.c.id).where(reports.c.year == year)))
        with self.engine.connect() as db:
            totals = {report_id: _number(total, column) if n else None for report_id, total, n in db.execute(query)}
        return [(r, totals[r.id]) for r in wanted if r.id in totals]

    def tables_present(self) -> dict[str, set[str]]:
        """Per complete report, the standard tables it has cells of (a missing one is absent)."""
        complete = select(reports.c.id).where(reports.c.status == "complete")
        query = select(cells.c.report_id, cells.c.table_name).where(cells.c.report_id.in_(complete)).distinct()
        found: dict[str, set[str]] = {}
        with self.engine.connect() as db:
            for report_id, table in db.execute(query):
                found.setdefault(report_id, set()).add(table)
        return found

    def section_texts(self, report_ids: list[str], sections: Iterable[int]) -> dict[str, dict[int, str]]:
        """The text of some sections of some reports (their text chunks joined in order)."""
        wanted = list(sections)
        found: dict[str, dict[int, list[str]]] = {}
        with self.engine.connect() as db:
            for start in range(0, len(report_ids), 500):
                query = (select(chunks.c.report_id, chunks.c.section, chunks.c.text)
                         .where(chunks.c.report_id.in_(report_ids[start:start + 500]), chunks.c.section.in_(wanted), chunks.c.kind == "text")
                         .order_by(chunks.c.report_id, chunks.c.section, chunks.c.start))
                for report_id, section, body in db.execute(query):
                    found.setdefault(report_id, {}).setdefault(section, []).append(body or "")
        return {r: {s: "\n".join(parts) for s, parts in by.items()} for r, by in found.items()}

    def reports_of(self, agency_keys: list[str]) -> list[ReportRow]:
        wanted = set(agency_keys)
        return [r for r in self._cached()[1] if r.agency_key in wanted]

    def all_aliases(self) -> list[tuple[str, str]]:
        """(alias, agency key) of every body with a complete report, longest alias first."""
        return self._cached()[2]

    # ------------------------------------------------------------------ versions

    def other_versions(self, key: str, year: int, report_id: str) -> list[ReportRow]:
        """Complete reports of the same body (agency key) and year as ``report_id``: earlier versions.
        Asked once per report an ingest stores: read by SQL (indexed), not from the catalogue, which
        every stored report changes (reloading it each time made a province's ingest quadratic)."""
        query = select(reports).where(reports.c.agency_key == key, reports.c.year == year, reports.c.status == "complete",
                                      reports.c.id != report_id).order_by(reports.c.id)
        with self.engine.connect() as db:
            return [_report_row(r) for r in db.execute(query).mappings()]

    def begin_supersede(self, report_id: str) -> None:
        """Take an old version out of answers at once (status "superseding"; its vectors go next)."""
        with self._writing() as db:
            db.execute(update(reports).where(reports.c.id == report_id, reports.c.status == "complete").values(status="superseding"))
            _bump(db)

    def finish_supersede(self, report_id: str, note: str, status: str = "superseded") -> None:
        """Keep only the old version's row, as "superseded", with a note of what replaced it (its
        cells, chunks and findings go): a re-run that meets the old file again knows it is old.
        A new file less complete than the current version is kept the same way, as "set-aside"."""
        with self._writing() as db:
            for table in (cells, chunks, findings, figures, vector_queue):
                db.execute(delete(table).where(table.c.report_id == report_id))
            notes = db.execute(select(reports.c.notes).where(reports.c.id == report_id)).scalar()
            kept = [n for n in json.loads(notes or "[]") if n != note] + [note]
            db.execute(update(reports).where(reports.c.id == report_id).values(
                status=status, chunks=0, notes=json.dumps(kept, ensure_ascii=False)))
            _bump(db)

    def source_path(self, report_id: str) -> str | None:
        with self.engine.connect() as db:
            return db.execute(select(reports.c.source_path).where(reports.c.id == report_id)).scalar()

    def superseding_ids(self) -> list[str]:
        with self.engine.connect() as db:
            return list(db.execute(select(reports.c.id).where(reports.c.status == "superseding")).scalars())

    def superseded_reports(self, status: str = "superseded") -> list[ReportRow]:
        """Old versions replaced by a newer report of the same body and year (not in answers);
        with ``status="set-aside"``, new files kept apart because they were less complete."""
        with self.engine.connect() as db:
            rows = db.execute(select(reports).where(reports.c.status == status).order_by(reports.c.agency_key, reports.c.year)).mappings()
            return [_report_row(r) for r in rows]

    def figures(self, agency_keys: list[str] | None = None, year: int | None = None, measure: str | None = None,
                report_id: str | None = None) -> list[ProseFigure]:
        """Figures stated in the text of complete reports, by body, year, measure or report, in reading order."""
        query = (
            select(figures, reports.c.agency, reports.c.year).join(reports, reports.c.id == figures.c.report_id)
            .where(reports.c.status == "complete").order_by(reports.c.agency_key, reports.c.year, figures.c.id)
        )
        if agency_keys is not None:
            query = query.where(reports.c.agency_key.in_(agency_keys))
        if year is not None:
            query = query.where(reports.c.year == year)
        if measure is not None:
            query = query.where(figures.c.measure == measure)
        if report_id is not None:
            query = query.where(figures.c.report_id == report_id)
        with self.engine.connect() as db:
            return [
                ProseFigure(r["agency"], r["year"], r["report_id"], r["measure"], r["phrase"] or "",
                            _number(r["value"], r["unit"]) if r["value"] is not None else 0, r["unit"] or "", r["sentence"] or "",
                            r["section"], r["location"] or "", bool(r["approximate"]))
                for r in db.execute(query).mappings()
            ]

    def findings_for(self, report_id: str) -> list[dict[str, Any]]:
        """A report's findings (written with the report, never changed), kept in memory for the most
        recent CELL_CACHE_REPORTS reports of this store version: a question reads those of every
        report it answers from, several times."""
        version = self.version()
        if self._findings[0] != version:
            self._findings = (version, {})
        cache = self._findings[1]
        found = cache.get(report_id)
        if found is None:
            with self.engine.connect() as db:
                found = [dict(r) for r in db.execute(select(findings).where(findings.c.report_id == report_id).order_by(findings.c.id)).mappings()]
            while len(cache) >= CELL_CACHE_REPORTS:
                cache.pop(next(iter(cache), None), None)  # the oldest first
            cache[report_id] = found
        return [dict(f) for f in found]  # the caller's own copies

    def user_aliases(self) -> list[tuple[str, str]]:
        """(nickname, agency key) of every alias a user added, in the order of the nicknames."""
        with self.engine.connect() as db:
            return [(a, k) for a, k in db.execute(select(user_aliases.c.alias, user_aliases.c.agency_key).order_by(user_aliases.c.alias))]

    def set_user_alias(self, alias: str, key: str) -> None:
        """Store (or repoint) a nickname; questions read it at once, in every process."""
        with self._writing() as db:
            db.execute(delete(user_aliases).where(user_aliases.c.alias == alias))
            db.execute(insert(user_aliases).values(alias=_bounded(alias, user_aliases.c.alias), agency_key=key))
            _bump(db)

    def remove_user_alias(self, alias: str) -> bool:
        """Forget a nickname; False when there was none."""
        with self._writing() as db:
            gone = db.execute(delete(user_aliases).where(user_aliases.c.alias == alias)).rowcount
            if gone:
                _bump(db)
        return bool(gone)

    def agency_keys(self, alias: str) -> list[str]:
        """Keys of the bodies an alias names (exact alias, or the same normalized key)."""
        with self.engine.connect() as db:
            found = set(db.execute(select(agency_aliases.c.agency_key).where(agency_aliases.c.alias.in_([alias, agency_key(alias)]))).scalars())
        return sorted(found)


def _bounded(value: str, column: Any) -> str:
    """Text as every backend stores it: no NUL character, no longer than the column."""
    value = value.replace("\x00", "")
    length = getattr(column.type, "length", None)
    return value[:length] if length else value


def _clean(table: Table, rows: Any) -> Any:
    """Rows cleaned the same way for SQLite and PostgreSQL (which refuses NUL characters and
    over-long names where SQLite accepts them): one bad report never aborts a batch on either."""
    if isinstance(rows, list):
        return [_clean(table, row) for row in rows]
    return {name: _bounded(value, table.c[name]) if isinstance(value, str) else value for name, value in rows.items()}


def _bump(db: Any) -> None:
    db.execute(update(store_version).where(store_version.c.id == 1).values(value=store_version.c.value + 1))


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with synchronous=NORMAL: still never corrupted; a power cut may lose the last commits, which
    # the pending/complete protocol re-does on the next ingest. FULL (the default) synced the disk on
    # each of an ingest's two commits per report: a third of a province's ingest time.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
