"""YEAR-CARRY and YEAR-IN-FORCE: a report against the same body's report of the year before.

They run only when the previous report is that: ``previous_year_problem`` says, in one
sentence, why another report is not (a different body, another year, or one it cannot tell).
"""

from __future__ import annotations

from index.agencies import agency_key
from index.model import Report

from .arithmetic import T3_COLUMNS
from .findings import Finding, where
from .labels import cell_label, column_label

# Which columns carry the count of documents in force from one year to the next, per layout:
# (in force now, added this year, removed this year). The 2019 trial layout counts documents
# published in total (对外公开总数量) and adds the year's newly published ones.
_IN_FORCE = {"2021": ("in_force", "issued", "repealed"), "2019": ("total_published", "new_published", None)}


def previous_year_problem(report: Report, previous: Report) -> str | None:
    """None when ``previous`` is the same body's report of the year before; else why not."""
    if not report.agency or not previous.agency:
        which = "本报告" if not report.agency else "所给的上一年度报告"
        return f"无法确认两份报告是同一机关（{which}未识别出机关名称），未做跨年校验。"
    if agency_key(report.agency) != agency_key(previous.agency):
        return f"所给的上一年度报告是{previous.agency}的，本报告是{report.agency}的，不是同一机关，未做跨年校验。"
    if report.year is None or previous.year is None:
        which = "本报告" if report.year is None else "所给的上一年度报告"
        return f"无法确认所给报告是上一年度的（{which}未识别出年度），未做跨年校验。"
    if previous.year != report.year - 1:
        return f"所给的是 {previous.year} 年度报告，本报告的上一年度应为 {report.year - 1} 年度，未做跨年校验。"
    return None


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
                message=f"{cell_label(f'table3.carried_over.{column}')}为 {found}，应等于 {previous.year} 年度报告的结转下年度继续办理 {expected}",
                location=where(cell), cells=[f"table3.carried_over.{column}"],
            ))
    return findings


def check_year_in_force(report: Report, previous: Report) -> list[Finding]:
    """YEAR-IN-FORCE (warning): in force (N) ≈ in force (N−1) + issued (N) − repealed (N);
    in the 2019 layout, published in total (N) ≈ published in total (N−1) + newly published (N)."""
    if report.table2 is None or previous.table2 is None or report.layout != previous.layout:
        return []
    now_column, added, removed = _IN_FORCE[report.layout]
    findings = []
    for row in ("regulations", "normative_documents"):
        before = previous.table2.value(row, now_column)
        now = report.table2.value(row, now_column)
        if before is None or now is None:
            continue
        plus = report.table2.value(row, added) or 0
        minus = (report.table2.value(row, removed) or 0) if removed else 0
        expected = before + plus - minus
        if expected != now:
            how = f"加{column_label('table2', added)} {plus}" + (f"、减{column_label('table2', removed)} {minus}" if removed else "")
            cell_id = f"table2.{row}.{now_column}"
            findings.append(Finding(
                rule="YEAR-IN-FORCE", severity="warning", cell=cell_id, expected=expected, found=now,
                message=f"{cell_label(cell_id)}为 {now}；按 {previous.year} 年度的 {before} 件，{how}，应约为 {expected}，值得核实",
                location=where(report.table2.cell(row, now_column)),
                cells=[f"table2.{row}.{c}" for c in (now_column, added, removed) if c],
            ))
    return findings
