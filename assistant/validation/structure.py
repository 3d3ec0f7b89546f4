"""CELLS, SHAPE, LABELS, PLAUSIBILITY, MAGNITUDE and T4-AFTER-REVIEW: what the tables hold,
apart from their sums. Limits and levels of bodies are data (assistant/vocab/plausibility.toml)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from index.model import FIRST_STANDARD_YEAR, Report, Table
from index.vocabulary import parse_number, matcher, vocabulary

from .arithmetic import T3_COLUMNS, T4_PARTS
from .findings import Finding, where
from .labels import cell_label, table_label

_TABLE_SECTION = {"table2": 2, "table3": 3, "table4": 4}  # a table found is its section found

_MAKES_REGULATIONS = re.compile(r"省|自治区|^.{0,6}市人民政府$|^.{0,6}市政府$")  # 规章: provinces, 设区的市
_FUZZY_LABEL = 0.9  # a label matched below this score is misspelt (exact or containment score higher)


def check_cells(report: Report) -> list[Finding]:
    """CELLS: counts are non-negative integers; amounts non-negative numbers."""
    findings = []
    for table in report.tables():
        for cell_id, cell in table.cells():
            if cell.value is None and cell.raw and parse_number(cell.raw) is not None:  # 13 digits or more
                findings.append(Finding(
                    rule="CELLS", severity="error", cell=cell_id, expected="不超过 12 位的数", found=cell.raw[:40],
                    message=f"{cell_label(cell_id)} 填为“{cell.raw[:40]}{'…' if len(cell.raw) > 40 else ''}”，有 {len(cell.raw)} 位，不可能是件数或金额，已排除在合计和排名之外",
                    location=where(cell),
                ))
                continue
            if cell.value is None:
                continue
            signed = cell_id.endswith(".change")  # 2019's 本年增/减 may be negative
            amount = cell_id.endswith(".amount")
            if (cell.value < 0 and not signed) or (not amount and cell.value != int(cell.value)):
                kind = "金额（非负数）" if amount else "件数（非负整数）"
                findings.append(Finding(
                    rule="CELLS", severity="error", cell=cell_id, expected="非负数" if amount else "非负整数", found=cell.value,
                    message=f"{cell_label(cell_id)} 填为“{cell.raw if cell.raw is not None else cell.value}”，不是合法的{kind}",
                    location=where(cell),
                ))
    return findings


def _expected_shape(report: Report) -> dict[str, dict[str, list[str]]]:
    return {
        "table2": vocabulary().table2_layout(report.layout),
        "table3": {r: list(T3_COLUMNS) for r in vocabulary().table3_row_ids() if r != "other"},
        "table4": {g: [*T4_PARTS, "total"] for g in vocabulary().table4_ids()[0]},
    }


def check_shape(report: Report) -> list[Finding]:
    """SHAPE: six sections and every canonical row and column present; nothing unknown."""
    findings = []
    present = {s.id for s in report.sections}
    whole_report = len(present - {0}) >= 2  # a pasted table (with its heading) is not expected to have the rest
    present |= {_TABLE_SECTION[table.name] for table in report.tables()}  # the parser found its table: the section is there
    if not whole_report and not report.tables():  # nothing a rule could check: never "未发现问题"
        return [Finding(rule="SHAPE", severity="error", cell=None, message="没有读到表二、表三或表四，无法校验任何数字；请粘贴完整的表格（含行名和列名）或上传报告文件")]
    for section in vocabulary().sections if whole_report else ():
        if int(section["id"]) not in present:
            findings.append(Finding(rule="SHAPE", severity="error", cell=f"section{section['id']}", expected=section["heading"],
                                    message=f"缺少{cell_label('section' + str(section['id']))}“{section['heading']}”"))
    for name, rows in _expected_shape(report).items():
        table: Table | None = getattr(report, name)
        if table is None:
            if whole_report:
                findings.append(Finding(rule="SHAPE", severity="error", cell=name, message=f"缺少{table_label(name)}"))
            elif report.tables():  # a pasted fragment: what was checked is said, and what was not
                findings.append(Finding(rule="SHAPE", severity="warning", cell=name,
                                        message=f"所校验的内容中没有{table_label(name)}，该表未校验"))
            continue
        single_other = name == "table3" and "other" in table.rows
        unpasted: list[str] = []  # a fragment's rows left out are not checked (one line), not each cell "缺失"
        for row, columns in rows.items():
            if single_other and row.startswith("other."):
                continue
            if not whole_report and all(table.cell(row, column) is None for column in columns):
                unpasted.append(row)
                continue
            for column in columns:
                cell = table.cell(row, column)
                if cell is None or cell.value is None:
                    findings.append(Finding(rule="SHAPE", severity="error", cell=f"{name}.{row}.{column}",
                                            message=f"{cell_label(f'{name}.{row}.{column}')} 缺失或空白", location=where(cell)))
        if unpasted:
            findings.append(Finding(rule="SHAPE", severity="warning", cell=name,
                                    message=f"所校验的{table_label(name)}只有 {len(rows) - len(unpasted)} 行，其余 {len(unpasted)} 行"
                                            f"（如“{_row_label(name, unpasted[0])}”）没有粘贴，未校验"))
    return findings


def _row_label(table: str, row: str) -> str:
    """A row's name as the table prints it (表三 · 予以公开 · 总计 → 予以公开)."""
    label = cell_label(f"{table}.{row}.total")
    return label.split(" · ")[1] if label.count(" · ") >= 2 else label


def check_labels(report: Report) -> list[Finding]:
    """LABELS: misspelt or non-standard labels; LAYOUT: the 2019 layout in a 2021+ report."""
    findings = []
    if report.table2 is not None:
        columns = matcher("table2", "columns")
        for column_id, label in report.table2.labels.items():
            found = columns.match(label)
            if found is not None and found.nonstandard:
                official = vocabulary().label("table2", "columns", column_id)
                findings.append(Finding(rule="LABELS", severity="warning", cell=f"table2.{column_id}", expected=official, found=label,
                                        message=f"表二列名“{label}”不规范，应为“{official}”"))
    if report.table3 is not None:
        rows = matcher("table3", "rows")
        for row_id, label in report.table3.labels.items():
            found = rows.match(label)
            if row_id != "other" and (found is None or found.score < _FUZZY_LABEL):
                official = vocabulary().label("table3", "rows", row_id)
                findings.append(Finding(rule="LABELS", severity="warning", cell=f"table3.{row_id}", expected=official, found=label,
                                        message=f"表三行名“{label}”有误，应为“{official}”"))
        if "other" in report.table3.rows and report.layout == "2021":
            findings.append(Finding(rule="LABELS", severity="warning", cell="table3.other", expected="（六）其他处理 1–3 项", found="（六）其他处理",
                                    message="表三“（六）其他处理”未按 2021 年格式分列三个子项（2019 年试行格式的写法）",
                                    location=where(report.table3.cell("other", "total"))))
    if report.year is not None:  # LAYOUT: which years and layouts it applies to is in rules.toml (2019 layout, 2021 on)
        findings.append(Finding(rule="LAYOUT", severity="warning", expected="2021", found=report.layout,
                                message=f"{report.year} 年度报告仍使用 2019 年试行格式，应使用国办公开办函〔2021〕30号格式"))
    return findings


def check_plausibility(report: Report) -> list[Finding]:
    """PLAUSIBILITY: 规章 from a body that cannot make them; "/" or blank where 0 belongs."""
    findings = []
    table2 = report.table2
    if table2 is not None and report.agency and not _MAKES_REGULATIONS.search(report.agency):
        for column, cell in table2.rows.get("regulations", {}).items():
            if cell.value:
                findings.append(Finding(rule="PLAUSIBILITY", severity="warning", cell=f"table2.regulations.{column}", expected=0, found=cell.value,
                                        message=f"{cell_label(f'table2.regulations.{column}')}为 {cell.value}：{report.agency}不是省级或设区的市人民政府，不能制定规章，值得核实",
                                        location=where(cell)))
    for table in report.tables():
        for cell_id, cell in table.cells():
            if cell.placeholder:
                findings.append(Finding(rule="PLAUSIBILITY", severity="warning", cell=cell_id, expected=0, found=cell.raw,
                                        message=f"{cell_label(cell_id)} 填写为“{cell.raw}”，应填 0", location=where(cell)))
    return findings


@cache
def _plausibility() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/plausibility.toml").read_text(encoding="utf-8"))


def body_level(agency: str | None) -> dict[str, str] | None:
    """The body's level (county, city, province) read from its name, or None."""
    name = (agency or "").replace("自治区", "省")
    return next((level for level in _plausibility()["levels"] if name and re.search(level["pattern"], name)), None)


@cache
def _limits_of(cell_id: str) -> dict[str, Any] | None:
    return next((entry for entry in _plausibility()["limits"] if re.search(entry["cells"], cell_id)), None)


def check_magnitude(report: Report) -> list[Finding]:
    """MAGNITUDE (warning): a number orders of magnitude too large for the body's level."""
    level = body_level(report.agency)
    findings = []
    for table in report.tables():
        for cell_id, cell in table.cells():
            limits = _limits_of(cell_id)
            if limits is None or cell.value is None:
                continue
            limit = limits[level["id"]] if level else limits["province"]
            if cell.value > limit:
                whom = f"{level['name']}机关" if level else "任何机关"
                findings.append(Finding(
                    rule="MAGNITUDE", severity="warning", cell=cell_id, expected=f"≤{limit}", found=cell.value, location=where(cell),
                    message=f"{cell_label(cell_id)}为 {cell.value}，对{whom}而言大得不合常理（{limits['what']}一般不超过 {limit}），"
                            "请核对是否多打了位数或单位有误",
                ))
    return findings


def check_after_review(report: Report) -> list[Finding]:
    """T4-AFTER-REVIEW (warning): more lawsuits after review than reviews."""
    table = report.table4
    if table is None:
        return []
    reviews, after = table.value("review", "total"), table.value("litigation_after_review", "total")
    if reviews is None or after is None or after <= reviews:
        return []
    cell = table.cell("litigation_after_review", "total")
    return [Finding(
        rule="T4-AFTER-REVIEW", severity="warning", cell="table4.litigation_after_review.total", expected=f"≤{reviews}", found=after,
        location=where(cell), cells=["table4.litigation_after_review.total", "table4.review.total"],
        message=f"{cell_label('table4.litigation_after_review.total')}为 {after} 件，多于行政复议总计 {reviews} 件："
                "复议后起诉的案件须先经复议，除非是往年复议或由其他复议机关审理的案件，值得核实",
    )]


def narrative_only(report: Report) -> Finding:
    """NARRATIVE-ONLY: a report without standard tables (before 2019, or an excerpt) is not checked
    against the table rules; the finding says why, in one sentence."""
    when = "2019 年以前的自由格式报告" if report.year is not None and report.year < 2019 else "报告节选或没有表格的报告"
    return Finding(rule="NARRATIVE-ONLY", severity="warning",
                   message=f"本报告没有标准表格（{when}），按叙述式报告收录：表格的算术、勾稽和结构规则无从校验，已跳过；报告中的数字取自正文。")


def missing_tables(report: Report) -> list[Finding]:
    """A whole report of the standard format (2019 on) that has no table: each missing table is an
    error (缺少表X) — an excerpt or a report from before the format is narrative-only, not faulty."""
    if report.year is None or report.year < FIRST_STANDARD_YEAR or len({s.id for s in report.sections} - {0}) < 2:
        return []
    return [f for f in check_shape(report) if f.cell in _TABLE_SECTION]
