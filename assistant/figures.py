"""Figures in, checked standard tables out.

Figures come typed in (JSON or a ``cell = value`` list, maybe only the non-zero cells) or from
an indexed report; missing cells are 0, missing totals are computed, 上年结转 comes from last
year's 结转下年度. Totals that were typed in are kept as typed, so the validators can say
when they do not add up — a generated table is never presented as done while a rule breaks.
"""

from __future__ import annotations

import json
import re

from index.errors import InputError
from index.facts import FactStore, ReportRow
from index.model import Cell, Number, Report, Table
from index.vocabulary import parse_number, vocabulary

from .validation import Finding, validate
from .validation.arithmetic import T3_APPLICANTS, T3_COLUMNS, T4_PARTS

_LINE = re.compile(r"^\s*(table[234]\.[\w.]+?)\s*[=:：]\s*(\S+)\s*$")


class FiguresError(InputError):
    """Typed-in figures that cannot be read."""


def parse_figures(text: str) -> dict[str, Number]:
    """``{"table3.granted.natural_person": 3, …}`` from JSON (flat or nested) or ``cell = value`` lines."""
    text = text.strip()
    if not text:
        raise FiguresError("没有提供任何数字；请按“table3.granted.natural_person = 3”的格式逐行填写，或提供 JSON。 (No figures given.)")
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FiguresError(f"数字文件不是有效的 JSON（第 {exc.lineno} 行）；请检查括号和逗号。 (Invalid JSON: {exc.msg}.)") from None
        except ValueError:  # a number of thousands of digits (int_max_str_digits)
            raise FiguresError("数字文件中有位数过多的数字，不可能是件数或金额；请检查文件。 (A number in the figures file has too many digits.)") from None
        return _flatten(data)
    figures: dict[str, Number] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        value = parse_number(match.group(2)) if match else None
        if match is None or value is None:
            raise FiguresError(f"第 {number} 行无法识别：“{line.strip()}”；应为“table3.granted.natural_person = 3”。 (Line {number} is not 'cell = value'.)")
        figures[match.group(1)] = value
    return figures


def _flatten(data: object, prefix: str = "") -> dict[str, Number]:
    flat: dict[str, Number] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        flat[prefix] = data
    elif data is not None:
        raise FiguresError(f"{prefix} 的值“{data}”不是数字。 ({prefix} is not a number.)")
    return flat


def _unknown_cells(figures: dict[str, Number], layout: str) -> list[str]:
    known = {f"table2.{r}.{c}" for r, cols in vocabulary().table2_layout(layout).items() for c in cols}
    known |= {f"table3.{r}.{c}" for r in vocabulary().table3_row_ids() for c in T3_COLUMNS}
    known |= {f"table4.{g}.{c}" for g in vocabulary().table4_ids()[0] for c in (*T4_PARTS, "total")}
    return sorted(set(figures) - known)


def build_tables(figures: dict[str, Number], layout: str = "2021", agency: str | None = None, year: int | None = None) -> Report:
    """Complete standard tables from (possibly partial) figures."""
    unknown = _unknown_cells(figures, layout)
    if unknown:
        raise FiguresError(f"无法识别的单元格：{'、'.join(unknown)}；单元格名称见 docs/format.md。 (Unknown cells: {', '.join(unknown)}.)")
    report = Report(agency=agency, year=year, layout=layout)  # type: ignore[arg-type]
    given = lambda cell: figures.get(cell)  # noqa: E731

    def cell(value: Number | None) -> Cell:
        return Cell(value=value if value is not None else 0, raw=None if value is None else str(value))

    table2 = Table(name="table2")
    for row, columns in vocabulary().table2_layout(layout).items():
        table2.rows[row] = {c: cell(given(f"table2.{row}.{c}")) for c in columns}
    report.table2 = table2

    single_other = layout == "2019" or any(k.startswith("table3.other.") and k.count(".") == 2 for k in figures)
    # 2019 (and some 2021 reports) have one （六）其他处理 row instead of its three sub-items.
    rows3 = [r for r in vocabulary().table3_row_ids() if (not r.startswith("other.") if single_other else r != "other")]
    table3 = Table(name="table3")
    outcome_rows = rows3[rows3.index("granted") : rows3.index("total")]
    for row in rows3:
        table3.rows[row] = {c: cell(given(f"table3.{row}.{c}")) for c in T3_APPLICANTS}
    for column in T3_APPLICANTS:  # outcome totals, then the balance gives new requests
        if given(f"table3.total.{column}") is None:
            table3.rows["total"][column] = cell(sum(table3.value(r, column) or 0 for r in outcome_rows))
        if given(f"table3.new_requests.{column}") is None:
            balance = (table3.value("total", column) or 0) + (table3.value("carried_forward", column) or 0) - (table3.value("carried_over", column) or 0)
            table3.rows["new_requests"][column] = cell(max(balance, 0))
    for row in rows3:
        typed = given(f"table3.{row}.total")
        table3.rows[row]["total"] = cell(typed if typed is not None else sum(table3.value(row, c) or 0 for c in T3_APPLICANTS))
    report.table3 = table3

    table4 = Table(name="table4")
    for group in vocabulary().table4_ids()[0]:
        table4.rows[group] = {c: cell(given(f"table4.{group}.{c}")) for c in T4_PARTS}
        typed = given(f"table4.{group}.total")
        table4.rows[group]["total"] = cell(typed if typed is not None else sum(table4.value(group, c) or 0 for c in T4_PARTS))
    report.table4 = table4
    return report


def figures_of(facts: FactStore, report: ReportRow) -> dict[str, Number]:
    """An indexed report's cells as figures; 上年结转 from last year's 结转下年度 when missing."""
    cells = {cell_id: c.value for cell_id, c in facts.cells(report.id).items() if c.value is not None}
    previous = next((r for r in facts.reports_of([report.agency_key or ""]) if r.year == (report.year or 0) - 1), None)
    if previous is not None:
        last = facts.cells(previous.id)
        for column in T3_COLUMNS:
            carried = last.get(f"table3.carried_forward.{column}")
            if f"table3.carried_over.{column}" not in cells and carried is not None and carried.value is not None:
                cells[f"table3.carried_over.{column}"] = carried.value
    return cells


def checked_tables(figures: dict[str, Number], layout: str = "2021", agency: str | None = None,
                   year: int | None = None) -> tuple[Report, list[Finding]]:
    """The tables and every error the validators find in them (table rules only)."""
    report = build_tables(figures, layout, agency, year)
    findings = [f for f in validate(report) if f.severity == "error" and f.rule != "SHAPE"]
    return report, findings
