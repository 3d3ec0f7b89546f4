"""Whom to visit first: bodies ranked by a score that adds up, with the weights of
supervision.toml [risk], arithmetic and consistency errors, missing tables, values far outside
the peers, jumps and sections copied from last year; each with its reasons on one line.

score = error × errors + missing_table × tables missing + outlier × outliers + jump × jumps
        + copied_section × sections mostly repeated        (docs/supervision.md)
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from index.facts import FactStore
from index.model import Report

from .copying import SectionCopy, copying
from .jumps import Jump, jumps
from .kinds import supervision
from .peers import Benchmark, Body, benchmark, population

TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
SHOWN = 3  # reasons of one kind shown before "等 N 项"


@dataclass
class Risk:
    body: Body
    score: float = 0.0
    errors: int = 0
    missing: int = 0
    outliers: list[str] = field(default_factory=list)
    jumps: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)

    def reasons(self) -> str:
        """The reasons on one line, in Chinese."""
        parts = []
        if self.errors:
            parts.append(f"算术或一致性错误 {self.errors} 个")
        if self.body.missing:
            parts.append("缺少" + "、".join(TABLE_NAMES[t] for t in self.body.missing))
        for name, items in (("远离同类", self.outliers), ("突变", self.jumps), ("文本重复", self.copied)):
            if items:
                more = f"等 {len(items)} 项" if len(items) > SHOWN else ""
                parts.append(f"{name}：" + "，".join(items[:SHOWN]) + more)
        return "；".join(parts) or "未发现问题"

    def as_json(self) -> dict:
        return {"agency": self.body.agency, "agency_key": self.body.key, "kind": self.body.kind, "year": self.body.year,
                "score": self.score, "errors": self.errors, "missing_tables": list(self.body.missing), "outliers": len(self.outliers),
                "jumps": len(self.jumps), "copied_sections": len(self.copied), "reasons": self.reasons()}


@dataclass
class Supervision:
    """Everything the supervisor's view found for a scope."""

    bodies: list[Body]
    benchmark: Benchmark
    jumps: list[Jump]
    copies: list[SectionCopy]
    risks: list[Risk]

    def as_json(self) -> dict:
        return {"risks": [r.as_json() for r in self.risks], "jumps": [j.as_json() for j in self.jumps],
                "copying": [c.as_json() for c in self.copies], **self.benchmark.as_json()}


def supervise(facts: FactStore, year: int | None = None, kind: str | None = None, region: str | None = None) -> Supervision:
    """Peers, jumps, copying and the risk list of the reports in scope (a year: that year's reports)."""
    everyone = population(facts, None, kind, region)
    bodies = [b for b in everyone if year is None or b.year == year]
    bench = benchmark(facts, year, bodies=bodies)
    found = jumps(facts, year, bodies=everyone)
    copies = copying(facts, year, bodies=everyone)
    return Supervision(bodies, bench, found, copies, rank(bodies, bench, found, copies))


def rank(bodies: list[Body], bench: Benchmark, found: list[Jump], copies: list[SectionCopy]) -> list[Risk]:
    weights = supervision()["risk"]
    risks = {b.report_id: Risk(b, errors=b.errors, missing=len(b.missing)) for b in bodies}
    for standing in bench.outliers():
        if standing.body.report_id in risks:
            risks[standing.body.report_id].outliers.append(standing.reason())
    for jump in found:
        if jump.body.report_id in risks:
            risks[jump.body.report_id].jumps.append(jump.reason())
    for copy in copies:
        if copy.flagged and copy.body.report_id in risks:
            risks[copy.body.report_id].copied.append(copy.reason())
    for risk in risks.values():
        risk.score = (weights["error"] * risk.errors + weights["missing_table"] * risk.missing + weights["outlier"] * len(risk.outliers)
                      + weights["jump"] * len(risk.jumps) + weights["copied_section"] * len(risk.copied))
    return sorted(risks.values(), key=lambda r: (-r.score, r.body.key, r.body.year))


class ScratchStore:
    """A facts store of a batch's own reports (a temporary SQLite file), so ``disclosure check``
    ranks a folder that is not in the knowledge base with the same code."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="disclosure-risk-")
        self.facts = FactStore(f"sqlite:///{Path(self._dir.name) / 'batch.sqlite3'}")
        self.facts.create_schema()

    def add(self, path: Path, report: Report, findings: list) -> None:
        from index.chunking import chunk_report

        report_id = hashlib.sha256(path.read_bytes()).hexdigest()
        if self.facts.status(report_id) is not None:
            return  # the same file twice
        self.facts.begin_report(report_id, report, chunk_report(report, report_id), findings, str(path))
        self.facts.mark_complete(report_id)

    def close(self) -> None:
        self.facts.engine.dispose()
        self._dir.cleanup()


def risk_rows(risks: list[Risk]) -> list[list[object]]:
    """The 风险清单 sheet's rows (RISK_HEADERS)."""
    return [[n, r.body.agency, r.body.kind, r.body.year, r.score, r.errors, r.missing, len(r.outliers), len(r.jumps), len(r.copied), r.reasons()]
            for n, r in enumerate(risks, start=1)]


RISK_HEADERS = ["排名", "机关", "类别", "年度", "风险分", "错误", "缺表", "远离同类", "突变", "文本重复", "原因"]
RISK_WIDTHS = [6, 28, 14, 7, 8, 6, 6, 9, 6, 9, 120]


def by_body(copies: list[SectionCopy]) -> dict[str, float]:
    """The highest share of repeated sentences per report (the workbook's column)."""
    best: dict[str, float] = defaultdict(float)
    for copy in copies:
        best[copy.body.report_id] = max(best[copy.body.report_id], copy.share)
    return best
