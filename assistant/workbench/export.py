"""Export: every figure the knowledge base holds, as a researcher loads it into a spreadsheet or pandas.

Sheets: 单元格 (every cell of tables 二–四 of every report, one row each: 机关, 年度, 表, 行, 列, 值,
原文, 位置), 正文数字 (the figures stated in the reports' text, when the knowledge base keeps them),
and 表二/表三/表四 in the official layout, one row per report. Rows stream to the workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from index.errors import NotIndexed
from index.facts import ReportRow
from index.vocabulary import vocabulary

from ..validation.arithmetic import T3_COLUMNS
from assistant.validation.labels import column_label, location_label, row_label, table_label

CELL_HEADERS = ["机关", "年度", "表", "行", "列", "值", "原文", "位置", "来源文件"]
FIGURE_HEADERS = ["机关", "年度", "指标", "数值", "单位", "原文", "位置", "约数", "来源文件"]
TABLES = ("table2", "table3", "table4")


@cache
def official_cells() -> dict[str, list[str]]:
    """Every canonical cell of each table in the official form's order (table 2: the 2021 layout's
    cells, then the 2019 trial layout's own)."""
    vocab = vocabulary()
    table2 = [f"table2.{r}.{c}" for layout in ("2021", "2019") for r, cs in vocab.table2_layout(layout).items() for c in cs]
    groups, columns = vocab.table4_ids()
    return {
        "table2": list(dict.fromkeys(table2)),
        "table3": [f"table3.{r}.{c}" for r in vocab.table3_row_ids() for c in T3_COLUMNS],
        "table4": [f"table4.{g}.{c}" for g in groups for c in columns],
    }


def cell_names(cell_id: str) -> tuple[str, str, str]:
    """(表, 行, 列) of a canonical cell in Chinese."""
    table, rest = cell_id.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table_label(table), row_label(table, row), column_label(table, column)


def layout_header(cell_id: str) -> str:
    _, row, column = cell_names(cell_id)
    return f"{row} · {column}"


@dataclass
class ExportResult:
    reports: int = 0
    cells: int = 0
    figures: int | None = None  # None: the knowledge base keeps no prose figures
    files: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"reports": self.reports, "cells": self.cells, "figures": self.figures, "files": self.files}


def select_reports(kb: Any, agencies: Iterable[str] = (), years: Iterable[int] = ()) -> list[ReportRow]:
    """The complete reports of the bodies (any spelling) and years asked for; all when none are."""
    rows = kb.facts.complete_reports()
    agencies, years = list(agencies), set(years)
    if agencies:
        keys: set[str] = set()
        for agency in agencies:
            found = kb.facts.agency_keys(agency)
            if not found:
                known = "、".join(sorted({r.agency or "" for r in rows})[:20])
                raise NotIndexed(f"知识库中没有“{agency}”的报告；已收录的机关有：{known}。 (No reports of {agency} are indexed.)")
            keys.update(found)
        rows = [r for r in rows if r.agency_key in keys]
    if years:
        rows = [r for r in rows if r.year in years]
    return rows


def export_facts(kb: Any, xlsx: str | Path | None, csv: str | Path | None = None, agencies: Iterable[str] = (),
                 years: Iterable[int] = (), progress: Callable[[ReportRow], None] | None = None) -> ExportResult:
    """Write the figures of the selected reports (see the module's docstring)."""
    from .sheets import Sheets

    rows = select_reports(kb, agencies, years)
    if not rows:
        raise NotIndexed("没有符合条件的已收录报告可以导出；请先导入报告，或放宽机关、年度条件。 (Nothing to export.)")
    order = official_cells()
    prose = hasattr(kb, "figures")
    result = ExportResult(figures=0 if prose else None, files=[str(p) for p in (xlsx, csv) if p])
    with Sheets(xlsx, csv, csv_sheet="单元格") as sheets:
        sheets.sheet("单元格", CELL_HEADERS, widths=[24, 7, 6, 40, 22, 10, 12, 16, 30])
        if prose:
            sheets.sheet("正文数字", FIGURE_HEADERS, widths=[24, 7, 24, 10, 6, 80, 16, 6, 30], wrap=[5])
        for table in TABLES:
            headers = ["机关", "年度", *(layout_header(c) for c in order[table])]
            sheets.sheet(table_label(table), headers, widths=[24, 7, *([14] * len(order[table]))])
        for report in rows:
            _export_report(kb, report, order, sheets, result, prose)
            if progress is not None:
                progress(report)
    return result


def _export_report(kb: Any, report: ReportRow, order: dict[str, list[str]], sheets: Any, result: ExportResult, prose: bool) -> None:
    cells = kb.facts.cells(report.id)
    agency, source = report.agency or "（未识别机关）", report.source or ""
    known = [c for table in TABLES for c in order[table]]
    for cell_id in [c for c in known if c in cells] + sorted(set(cells) - set(known)):
        fact = cells[cell_id]
        sheets.add("单元格", [agency, report.year, *cell_names(cell_id), fact.value, fact.raw, location_label(fact.location), source])
        result.cells += 1
    for table in TABLES:
        if any(c.startswith(f"{table}.") for c in cells):
            sheets.add(table_label(table), [agency, report.year, *(cells[c].value if c in cells else None for c in order[table])])
    if prose:
        by_report = getattr(kb.facts, "figures", None)  # one report's figures by its id, where the store has that
        found = by_report(report_id=report.id) if by_report is not None else kb.figures(report.agency_key, report.year)
        for figure in found:
            if getattr(figure, "report_id", report.id) not in (None, report.id):
                continue
            sheets.add("正文数字", [agency, report.year, getattr(figure, "label", None) or figure.phrase or figure.measure, figure.value,
                                 figure.unit, figure.sentence, location_label(figure.location), "是" if figure.approximate else "", source])
            result.figures = (result.figures or 0) + 1
    result.reports += 1
