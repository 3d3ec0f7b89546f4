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

from .findings import Consequence, Finding, where
from .labels import cell_label, column_label, row_label, rule_name

T3_APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org")
T3_COLUMNS = (*T3_APPLICANTS, "total")
T4_PARTS = ("upheld", "corrected", "other", "pending")

Key = tuple[str, str]  # (row, column)
Values = dict[Key, Number]


@dataclass(frozen=True)
class Equation:
    rule: str
    target: Key  # the total a finding names when no single cell explains the errors
    terms: tuple[tuple[Key, int], ...]  # Σ sign·value must be 0
    where: str  # which row, column or group, in Chinese: "“予以公开”行"


def table3_equations(table: Table) -> list[Equation]:
    order = vocabulary().table3_row_ids()
    outcomes = [r for r in order[order.index("granted") : order.index("total")] if r in table.rows]
    equations = [
        Equation("T3-ROW", (row, "total"), (((row, "total"), 1), *(((row, c), -1) for c in T3_APPLICANTS)),
                 f"表三“{row_label('table3', row)}”行")
        for row in table.rows
    ]
    if "total" in table.rows:
        equations += [
            Equation("T3-OUTCOMES", ("total", column), ((("total", column), 1), *(((r, column), -1) for r in outcomes)),
                     f"表三“{column_label('table3', column)}”列")
            for column in T3_COLUMNS
        ]
    if {"new_requests", "total"} <= table.rows.keys():
        equations += [
            Equation("T3-BALANCE", ("new_requests", column),
                     ((("new_requests", column), 1), (("carried_over", column), 1), (("total", column), -1), (("carried_forward", column), -1)),
                     f"表三“{column_label('table3', column)}”列")
            for column in T3_COLUMNS
        ]
    return equations


def table4_equations(table: Table) -> list[Equation]:
    return [
        Equation("T4-SUM", (group, "total"), (((group, "total"), 1), *(((group, c), -1) for c in T4_PARTS)),
                 f"表四“{row_label('table4', group)}”")
        for group in table.rows
    ]


def describe(equation: Equation, values: Values) -> str:
    """The equation with the table's numbers, in Chinese: what each side comes to."""
    def v(row: str, column: str) -> Number:
        value = values.get((row, column), 0)
        return int(value) if value == int(value) else value

    row, column = equation.target
    if equation.rule == "T3-BALANCE":
        left = v("new_requests", column) + v("carried_over", column)
        right = v("total", column) + v("carried_forward", column)
        return (f"{equation.where}：本年新收 {v('new_requests', column)} 加上年结转 {v('carried_over', column)} 为 {left}，"
                f"办理结果总计 {v('total', column)} 加结转下年度 {v('carried_forward', column)} 为 {right}")
    parts = sum(-sign * values.get(key, 0) for key, sign in equation.terms if key != equation.target)
    parts = int(parts) if parts == int(parts) else parts
    what = {"T3-ROW": "六类申请人之和", "T3-OUTCOMES": "各项办理结果之和", "T4-SUM": "结果维持、结果纠正、其他结果、尚未审结之和"}[equation.rule]
    total = "办理结果总计" if equation.rule == "T3-OUTCOMES" else "总计"
    return f"{equation.where}：{total} {v(row, column)}，{what} {parts}"


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
    """T3-ROW, T3-OUTCOMES, T3-BALANCE and T4-SUM. When one cell explains every broken
    equation of a table, that cell is the finding (CULPRIT) and the totals are its consequences;
    when another reading of the source balances, the verdict is that the file was misread."""
    findings: list[Finding] = []
    for table, equations in ((report.table3, table3_equations), (report.table4, table4_equations)):
        if table is None:
            continue
        eqs = equations(table)
        values = values_of(table)
        broken = _broken(eqs, values)
        if not broken:
            continue
        misread = next((how for how, reading in other_readings(table, values) if not _broken(eqs, reading)), None)
        explanation = None if misread else explain(eqs, values)
        if explanation is not None:
            findings.append(_culprit(table, broken, values, explanation))
            continue
        holding = [e for e in eqs if e not in broken]
        findings += [_finding(table, equation, values, holding, misread) for equation in broken]
    return findings


def _row_label(table: Table, row: str) -> str:
    return row_label(table.name, row)


def _as_number(value: Number | None) -> Number | None:
    return int(value) if value is not None and value == int(value) else value


def _culprit(table: Table, broken: list[Equation], values: Values, explanation: tuple[Key, Number]) -> Finding:
    (row, column), value = explanation
    cell_id = f"{table.name}.{row}.{column}"
    cell = table.cell(row, column)
    found = None if cell is None else cell.value
    names = "、".join(dict.fromkeys(rule_name(e.rule) for e in broken))
    details = "；".join(describe(e, values) for e in broken)
    message = (f"{cell_label(cell_id)} 应为 {value}，实为 {_as_number(found)}：这一格使{names}不成立（{details}），"
               f"改为 {value} 后都成立")
    return Finding(
        rule="CULPRIT", severity="error", cell=cell_id, expected=value, found=found, message=message, location=where(cell),
        cells=list(dict.fromkeys(f"{table.name}.{r}.{c}" for e in broken for (r, c), _ in e.terms)), explained_by=cell_id,
        consequences=[Consequence(rule=e.rule, cell=f"{table.name}.{e.target[0]}.{e.target[1]}",
                                  expected=_as_number(_fixing_value(e, e.target, values)), found=values.get(e.target))
                      for e in broken],
    )


def _finding(table: Table, equation: Equation, values: Values, holding: list[Equation], misread: str | None) -> Finding:
    row, column = equation.target
    expected = _as_number(_fixing_value(equation, equation.target, values))
    cell = table.cell(row, column)
    message = f"{describe(equation, values)}，二者不符（{rule_name(equation.rule)}）"
    balance = next((e for e in holding if e.rule == "T3-BALANCE" and e.target[1] == column), None)
    if equation.rule == "T3-OUTCOMES" and balance is not None:
        message += "；这一列的勾稽关系成立（本年新收加上年结转等于办理结果总计加结转下年度），差异更可能出在各项办理结果"
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
    )
