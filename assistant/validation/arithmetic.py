"""The tables' own arithmetic (T3-ROW, T3-OUTCOMES, T3-BALANCE, T4-SUM) as equations.

Each rule is a list of equations Σ sign·cell = 0. Keeping them as data lets one function
check them, find the single cell that would mend every broken one, and try other readings
of the source (a row shifted by one cell, two neighbouring rows' numbers swapped by a
wrapped label) to tell a misread file from a wrong report.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.model import Number, Report, Table
from index.vocabulary import vocabulary

from .findings import Finding, where

T3_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org")
T3_COLUMNS = (*T3_APPLICANTS, "total")
T4_PARTS = ("upheld", "corrected", "other", "pending")

Key = tuple[str, str]  # (row, column)
Values = dict[Key, Number]


@dataclass(frozen=True)
class Equation:
    rule: str
    target: Key  # the cell a finding names (a total)
    terms: tuple[tuple[Key, int], ...]  # Σ sign·value must be 0
    message: str  # formatted with {label} and {expected}


def table3_equations(table: Table) -> list[Equation]:
    order = vocabulary().table3_row_ids()
    outcomes = [r for r in order[order.index("granted") : order.index("total")] if r in table.rows]
    equations = [
        Equation("T3-ROW", (row, "total"), (((row, "total"), 1), *(((row, c), -1) for c in T3_APPLICANTS)),
                 "表三“{label}”行：总计应为各类申请人之和 {expected} (T3-ROW)")
        for row in table.rows
    ]
    if "total" in table.rows:
        equations += [
            Equation("T3-OUTCOMES", ("total", column), ((("total", column), 1), *(((r, column), -1) for r in outcomes)),
                     "表三（七）总计“{column}”列应为各项办理结果之和 {expected} (T3-OUTCOMES)")
            for column in T3_COLUMNS
        ]
    if {"new_requests", "total"} <= table.rows.keys():
        equations += [
            Equation("T3-BALANCE", ("new_requests", column),
                     ((("new_requests", column), 1), (("carried_over", column), 1), (("total", column), -1), (("carried_forward", column), -1)),
                     "表三“{column}”列：第一项加第二项之和应等于第三项加第四项之和，本年新收应为 {expected} (T3-BALANCE)")
            for column in T3_COLUMNS
        ]
    return equations


def table4_equations(table: Table) -> list[Equation]:
    return [
        Equation("T4-SUM", (group, "total"), (((group, "total"), 1), *(((group, c), -1) for c in T4_PARTS)),
                 "表四“{label}”：总计应为结果维持、结果纠正、其他结果、尚未审结之和 {expected} (T4-SUM)")
        for group in table.rows
    ]


def values_of(table: Table) -> Values:
    """Every cell's number; a missing cell counts as 0 here (SHAPE reports it)."""
    return {(row, col): (cell.value or 0) for row, cols in table.rows.items() for col, cell in cols.items()}


def residual(equation: Equation, values: Values) -> Number:
    return sum(sign * values.get(key, 0) for key, sign in equation.terms)


def _fixing_value(equation: Equation, key: Key, values: Values) -> Number | None:
    sign = dict(equation.terms).get(key)
    return None if sign is None else values.get(key, 0) - residual(equation, values) / sign


def _broken(equations: list[Equation], values: Values) -> list[Equation]:
    return [e for e in equations if residual(e, values) != 0]


def explain(equations: list[Equation], values: Values) -> tuple[Key, Number] | None:
    """The one cell (and its right value) that would mend every broken equation, if unique."""
    broken = _broken(equations, values)
    if not broken:
        return None
    candidates = set.intersection(*({key for key, _ in e.terms} for e in broken))
    fixes = []
    for key in sorted(candidates):
        value = _fixing_value(broken[0], key, values)
        if value is not None and value >= 0 and value == int(value) and not _broken(equations, {**values, key: int(value)}):
            fixes.append((key, int(value)))
    return fixes[0] if len(fixes) == 1 else None


def other_readings(table: Table, values: Values) -> list[tuple[str, Values]]:
    """Values as a misread source would have given them: a row shifted by one cell, or
    two neighbouring rows' numbers swapped (a label wrapped around its numbers)."""
    readings: list[tuple[str, Values]] = []
    rows = list(table.rows)
    for row in rows:
        columns = list(table.rows[row])
        numbers = [values.get((row, c), 0) for c in columns]
        for shift, how in ((1, "右移"), (-1, "左移")):
            moved = (numbers[-shift:] + numbers[:-shift]) if shift > 0 else (numbers[1:] + numbers[:1])
            if moved != numbers:
                readings.append((f"“{_row_label(table, row)}”行的数字整体{how}一格", {**values, **{(row, c): v for c, v in zip(columns, moved)}}))
    for first, second in zip(rows, rows[1:]):
        if table.rows[first].keys() == table.rows[second].keys():
            swapped = {(first, c): values.get((second, c), 0) for c in table.rows[first]}
            swapped |= {(second, c): values.get((first, c), 0) for c in table.rows[second]}
            if any(swapped[k] != values.get(k, 0) for k in swapped):
                readings.append((f"“{_row_label(table, first)}”与“{_row_label(table, second)}”两行的数字互换", {**values, **swapped}))
    return readings


def check_arithmetic(report: Report) -> list[Finding]:
    """T3-ROW, T3-OUTCOMES, T3-BALANCE and T4-SUM, with the cell that explains them all and,
    when another reading of the source balances, the verdict that the file was misread."""
    findings: list[Finding] = []
    for table, equations in ((report.table3, table3_equations), (report.table4, table4_equations)):
        if table is None:
            continue
        eqs = equations(table)
        values = values_of(table)
        broken = _broken(eqs, values)
        if not broken:
            continue
        explanation = explain(eqs, values)
        misread = next((how for how, reading in other_readings(table, values) if not _broken(eqs, reading)), None)
        for equation in broken:
            findings.append(_finding(table, equation, values, explanation, misread))
    return findings


def _row_label(table: Table, row: str) -> str:
    if table.name == "table4":
        return vocabulary().raw["table4"]["group_labels"].get(row, row)
    return table.labels.get(row) or vocabulary().label("table3", "rows", row)


def _column_label(table: Table, column: str) -> str:
    if table.name == "table4":
        return vocabulary().raw["table4"]["column_labels"].get(column, column)
    return vocabulary().label("table3", "columns", column)


def _finding(table: Table, equation: Equation, values: Values, explanation: tuple[Key, Number] | None, misread: str | None) -> Finding:
    row, column = equation.target
    expected = _fixing_value(equation, equation.target, values)
    expected = int(expected) if expected is not None and expected == int(expected) else expected
    cell = table.cell(row, column)
    message = equation.message.format(label=_row_label(table, row), column=_column_label(table, column), expected=expected)
    explained_by = None
    if explanation is not None:
        (fix_row, fix_column), value = explanation
        explained_by = f"{table.name}.{fix_row}.{fix_column}"
        message += f"；这些错误都可由一个单元格解释：{explained_by} 应为 {value}（现为 {values.get((fix_row, fix_column), 0)}）"
    if misread is not None:
        message = f"可能是文件读取问题而非报告错误：若{misread}，表格即平衡，请核对原件。" + message
    return Finding(
        rule=equation.rule,
        severity="warning" if misread else "error",
        cell=f"{table.name}.{row}.{column}",
        expected=expected,
        found=None if cell is None else cell.value,
        message=message,
        location=where(cell),
        cells=[f"{table.name}.{r}.{c}" for (r, c), _ in equation.terms],
        explained_by=explained_by,
    )
