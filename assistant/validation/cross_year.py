"""YEAR-CARRY and YEAR-IN-FORCE: a report against the same body's report of the year before."""

from __future__ import annotations

from index.model import Report

from .arithmetic import T3_COLUMNS
from .findings import Finding, where


def check_year_carry(report: Report, previous: Report) -> list[Finding]:
    """YEAR-CARRY: carried_over (N) = carried_forward (N−1), per column."""
    if report.table3 is None or previous.table3 is None:
        return []
    findings = []
    for column in T3_COLUMNS:
        expected = previous.table3.value("carried_forward", column)
        cell = report.table3.cell("carried_over", column)
        found = None if cell is None else cell.value
        if expected is not None and found != expected:
            findings.append(Finding(
                rule="YEAR-CARRY", severity="error", cell=f"table3.carried_over.{column}", expected=expected, found=found,
                message=f"上年结转（{column}）应等于 {previous.year} 年报告的结转下年度继续办理 {expected} (YEAR-CARRY)",
                location=where(cell), cells=[f"table3.carried_over.{column}"],
            ))
    return findings


def check_year_in_force(report: Report, previous: Report) -> list[Finding]:
    """YEAR-IN-FORCE (warning): in_force (N) ≈ in_force (N−1) + issued (N) − repealed (N)."""
    if report.table2 is None or previous.table2 is None or "2019" in (report.layout, previous.layout):
        return []
    findings = []
    for row in ("regulations", "normative_documents"):
        before = previous.table2.value(row, "in_force")
        now = report.table2.value(row, "in_force")
        if before is None or now is None:
            continue
        expected = before + (report.table2.value(row, "issued") or 0) - (report.table2.value(row, "repealed") or 0)
        if expected != now:
            findings.append(Finding(
                rule="YEAR-IN-FORCE", severity="warning", cell=f"table2.{row}.in_force", expected=expected, found=now,
                message=f"现行有效件数应约为上年现行有效 {before} 加本年制发减本年废止，即 {expected} (YEAR-IN-FORCE)",
                location=where(report.table2.cell(row, "in_force")),
                cells=[f"table2.{row}.{c}" for c in ("in_force", "issued", "repealed")],
            ))
    return findings
