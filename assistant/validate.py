"""Validators: pure functions over the report model that return findings; never a model call.

Each rule of shared/docs/format.md is one function ``check_*(report, ...) -> list[Finding]``;
``validate`` runs them all. A shortfall is a finding, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from index.model import Cell, Number, Report, Table
from index.vocabulary import vocabulary

Severity = Literal["error", "warning"]

T3_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org")
T3_COLUMNS = (*T3_APPLICANTS, "total")


class Finding(BaseModel):
    """One broken rule: which cell, what was expected, what the report says, and where."""

    rule: str
    severity: Severity
    cell: str | None = None
    expected: Number | str | None = None
    found: Number | str | None = None
    message: str
    location: str | None = None


def _value(table: Table | None, row: str, column: str) -> Number:
    """A cell's number for arithmetic; a missing cell counts as 0 (SHAPE reports it)."""
    if table is None:
        return 0
    value = table.value(row, column)
    return 0 if value is None else value


def _where(cell: Cell | None) -> str | None:
    return str(cell.location) if cell is not None and cell.location is not None else None


def _mismatch(rule: str, table: Table, row: str, column: str, expected: Number, message: str) -> Finding:
    cell = table.cell(row, column)
    return Finding(
        rule=rule, severity="error", cell=f"{table.name}.{row}.{column}", expected=expected,
        found=None if cell is None else cell.value, message=message, location=_where(cell),
    )


def _outcome_rows(table: Table) -> list[str]:
    order = vocabulary().table3_row_ids()
    first, last = order.index("granted"), order.index("total")
    return [row for row in order[first:last] if row in table.rows]


def check_t3_rows(report: Report) -> list[Finding]:
    """T3-ROW: in every row of table 3, total = the six applicant columns."""
    table = report.table3
    if table is None:
        return []
    findings = []
    for row in table.rows:
        if table.value(row, "total") is None:
            continue
        expected = sum(_value(table, row, c) for c in T3_APPLICANTS)
        if expected != table.value(row, "total"):
            findings.append(_mismatch("T3-ROW", table, row, "total", expected,
                                      f"表三“{table.labels.get(row, row)}”行的总计应为各类申请人之和 {expected} (T3-ROW)"))
    return findings


def check_t3_outcomes(report: Report) -> list[Finding]:
    """T3-OUTCOMES: in every column, 三（七）总计 = the sum of every outcome row."""
    table = report.table3
    if table is None or "total" not in table.rows:
        return []
    rows = _outcome_rows(table)
    findings = []
    for column in T3_COLUMNS:
        expected = sum(_value(table, r, column) for r in rows)
        if table.value("total", column) is not None and expected != table.value("total", column):
            findings.append(_mismatch("T3-OUTCOMES", table, "total", column, expected,
                                      f"表三（七）总计的“{column}”列应为各办理结果之和 {expected} (T3-OUTCOMES)"))
    return findings


def check_t3_balance(report: Report) -> list[Finding]:
    """T3-BALANCE: new + carried over = total + carried forward, in every column."""
    table = report.table3
    if table is None or not {"new_requests", "total"} <= table.rows.keys():
        return []
    findings = []
    for column in T3_COLUMNS:
        expected = _value(table, "total", column) + _value(table, "carried_forward", column) - _value(table, "carried_over", column)
        if expected != _value(table, "new_requests", column):
            findings.append(_mismatch("T3-BALANCE", table, "new_requests", column, expected,
                                      f"表三“{column}”列：第一项加第二项之和应等于第三项加第四项之和，本年新收应为 {expected} (T3-BALANCE)"))
    return findings


def check_t4_sums(report: Report) -> list[Finding]:
    """T4-SUM: in each group of table 4, total = upheld + corrected + other + pending."""
    table = report.table4
    if table is None:
        return []
    findings = []
    for group in table.rows:
        expected = sum(_value(table, group, c) for c in ("upheld", "corrected", "other", "pending"))
        if table.value(group, "total") is not None and expected != table.value(group, "total"):
            findings.append(_mismatch("T4-SUM", table, group, "total", expected,
                                      f"表四“{group}”的总计应为维持、纠正、其他、尚未审结之和 {expected} (T4-SUM)"))
    return findings


def check_cells(report: Report) -> list[Finding]:
    """CELLS: counts are non-negative integers; fees a non-negative number."""
    findings = []
    for table in report.tables():
        for cell_id, cell in table.cells():
            if cell.value is None:
                continue
            is_amount = cell_id.endswith((".amount", ".change"))
            if (cell.value < 0 and not cell_id.endswith(".change")) or (not is_amount and cell.value != int(cell.value)):
                findings.append(Finding(rule="CELLS", severity="error", cell=cell_id, expected="非负整数" if not is_amount else "非负数",
                                        found=cell.value, message=f"{cell_id} 的值 {cell.raw} 不是合法的数量 (CELLS)", location=_where(cell)))
    return findings


def check_shape(report: Report) -> list[Finding]:
    """SHAPE: six sections, every canonical row and column present."""
    findings = []
    present = {s.id for s in report.sections}
    whole_report = len(present - {0}) >= 2  # a pasted table (with its heading) is not expected to have the rest
    for section in vocabulary().sections if whole_report else ():
        if int(section["id"]) not in present:
            findings.append(Finding(rule="SHAPE", severity="error", cell=f"section{section['id']}", expected=section["heading"],
                                    message=f"缺少第{section['id']}部分“{section['heading']}” (SHAPE)"))
    expected_rows = {
        "table2": vocabulary().table2_layout(report.layout),
        "table3": {r: list(T3_COLUMNS) for r in vocabulary().table3_row_ids() if r != "other"},
        "table4": {g: ["upheld", "corrected", "other", "pending", "total"] for g in vocabulary().table4_ids()[0]},
    }
    for name, rows in expected_rows.items():
        table: Table | None = getattr(report, name)
        if table is None:
            if whole_report:
                findings.append(Finding(rule="SHAPE", severity="error", cell=name, message=f"缺少{name} (SHAPE)"))
            continue
        single_other = name == "table3" and "other" in table.rows
        for row, columns in rows.items():
            if single_other and row.startswith("other."):
                continue
            for column in columns:
                if table.cell(row, column) is None or table.value(row, column) is None:
                    findings.append(Finding(rule="SHAPE", severity="error", cell=f"{name}.{row}.{column}",
                                            message=f"{name}.{row}.{column} 缺失或空白 (SHAPE)", location=_where(table.cell(row, column))))
    return findings


def check_year_carry(report: Report, previous: Report) -> list[Finding]:
    """YEAR-CARRY: carried_over (N) = carried_forward (N−1), per column."""
    if report.table3 is None or previous.table3 is None:
        return []
    findings = []
    for column in T3_COLUMNS:
        expected = previous.table3.value("carried_forward", column)
        if expected is not None and report.table3.value("carried_over", column) != expected:
            findings.append(_mismatch("YEAR-CARRY", report.table3, "carried_over", column, expected,
                                      f"上年结转应等于 {previous.year} 年报告的结转下年度继续办理 {expected} (YEAR-CARRY)"))
    return findings


def check_year_in_force(report: Report, previous: Report) -> list[Finding]:
    """YEAR-IN-FORCE (warning): in_force (N) ≈ in_force (N−1) + issued (N) − repealed (N)."""
    if report.table2 is None or previous.table2 is None or report.layout != "2021" or previous.layout != "2021":
        return []
    findings = []
    for row in ("regulations", "normative_documents"):
        before = previous.table2.value(row, "in_force")
        now = report.table2.value(row, "in_force")
        if before is None or now is None:
            continue
        expected = before + _value(report.table2, row, "issued") - _value(report.table2, row, "repealed")
        if expected != now:
            cell = report.table2.cell(row, "in_force")
            findings.append(Finding(rule="YEAR-IN-FORCE", severity="warning", cell=f"table2.{row}.in_force", expected=expected, found=now,
                                    message=f"现行有效件数与上年现行有效 {before} 加本年制发减本年废止不一致 (YEAR-IN-FORCE)", location=_where(cell)))
    return findings


RULES: tuple[Callable[[Report], list[Finding]], ...] = (
    check_t3_rows, check_t3_outcomes, check_t3_balance, check_t4_sums, check_cells, check_shape,
)
CROSS_YEAR_RULES: tuple[Callable[[Report, Report], list[Finding]], ...] = (check_year_carry, check_year_in_force)


def validate(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for a report (and its body's previous year, when given), errors first."""
    findings = [f for rule in RULES for f in rule(report)]
    if previous is not None:
        findings += [f for rule in CROSS_YEAR_RULES for f in rule(report, previous)]
    return sorted(findings, key=lambda f: f.severity != "error")
