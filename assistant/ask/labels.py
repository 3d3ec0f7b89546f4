"""How answers say things: report titles, numbers, row and cell labels in Chinese and English,
locations and citations. Canonical ids never reach a person's eyes from here."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import ReportRow
from index.model import describe_locations
from index.vocabulary import vocabulary

from ..answering import Fact
from ..validation import labels as finding_labels
from .measures import Measure, measures, vocab
from .plan import Metric

if TYPE_CHECKING:
    from index.prose import ProseFigure

RANKING_SHOWN = 10  # bodies listed in a ranking or a total; the rest are counted
TABLE_NAMES_ZH = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_NAMES_EN = {"table2": "table 2", "table3": "table 3", "table4": "table 4"}
from ..validation.repair import TABLE4_PARTS  # noqa: F401 - the outcomes a table-4 group adds up (one definition)
OUTCOME_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
OUTCOME_EN = {"upheld": "upheld", "corrected": "corrected", "other": "other results", "pending": "pending", "total": "total"}


def title(report: ReportRow) -> str:
    return report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"


def row_label(row: str, zh: bool) -> str:
    if zh:
        if row in ("review", "litigation_direct", "litigation_after_review"):
            return vocabulary().raw["table4"]["group_labels"][row]
        return re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", vocabulary().label("table3", "rows", row)) if row != "other" else "其他处理"
    return vocab()["row_english"].get(row, row)


def fmt(value: int | float | None) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, float):  # an amount as written ("75394432.52"), never in exponent form ("7.53944e+07")
        return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def location_span(locations: str, zh: bool = False) -> str:
    """"line 51, line 52, …, line 58" → "lines 51–58" (``zh``: "第 51–58 行")."""
    return describe_locations(locations, zh)


def as_number(text: str | None) -> int | float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def column_measure(metric: Metric) -> Measure:
    """The measure with the plan's column and a label that says it (行政复议结果纠正)."""
    measure = metric.measure
    assert measure is not None
    if not metric.column or metric.column == measure.column:
        return measure
    if measure.table == "table4":
        group = "行政复议和行政诉讼" if len(measure.rows) == 3 else measure.label
        english = "reviews and lawsuits" if len(measure.rows) == 3 else measure.english.split(" (")[0]
        return replace(measure, column=metric.column, label=group + OUTCOME_LABELS[metric.column],
                       english=f"{english} {OUTCOME_EN[metric.column]}", context=())
    return measure  # table-3 applicant columns are said by the table layer


def metric_label(metric: Metric, zh: bool) -> str:
    if metric.measure is not None and metric.measure.table == "table3" and metric.column and metric.column != "total":
        return operand_label(f"{metric.measure.id}:{metric.column}", zh)  # 商业企业本年新收申请
    if metric.measure is not None:
        return column_measure(metric).label if zh else column_measure(metric).english
    if metric.derived is not None and not zh:
        return metric.derived.english
    if metric.kind == "prose" and metric.prose and not zh:
        from index.prose import measure

        known = measure(metric.prose)
        return known.english[0] if known and known.english else metric.label
    return metric.label


def operand_label(operand: str, zh: bool) -> str:
    name, _, column = operand.partition(":")
    m = measures()[name]
    if m.table == "table4" and column:
        return (m.label + OUTCOME_LABELS[column]) if zh else f"{m.english.split(' (')[0]} {OUTCOME_EN[column]}"
    if m.table == "table3" and column and column != "total":
        who = vocabulary().label("table3", "columns", column)
        return f"{who}{m.label}" if zh else f"{m.english.split(' (')[0]} from {vocab()['applicants_english'].get(column, column.replace('_', ' '))}"
    return m.label if zh else m.english.split(" (")[0]


def cell_label(cell: str, zh: bool) -> str:
    """A cell as a person reads it: table4.review.corrected → 行政复议·结果纠正 (ids stay in --json)."""
    label = _cell_label(cell, zh)
    return finding_labels.cell_label(cell) if zh and re.search(r"[A-Za-z_]", label) else label


def _cell_label(cell: str, zh: bool) -> str:
    parts = cell.split(".")
    if len(parts) < 3:
        return cell
    name, row, column = parts[0], ".".join(parts[1:-1]), parts[-1]
    if not zh:
        return f"{vocab()['row_english'].get(row, row.replace('_', ' '))} ({column.replace('_', ' ')})"
    tables = vocabulary()
    if name == "table4":
        group = tables.raw["table4"]["group_labels"].get(row) or next((m.label for m in measures().values() if m.id == row or m.id == row + "s"), row)
        return f"{group}·{OUTCOME_LABELS.get(column, column)}"
    try:
        label = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", tables.label(name, "rows", row))
    except KeyError:
        label = next((m.label for m in measures().values() if m.table == name and len(m.rows) > 1 and m.rows[0].startswith(row + ".")), row)
    if name == "table3":
        return label if column == "total" else f"{label}·{tables.label('table3', 'columns', column)}"
    try:
        return f"{label}·{tables.label(name, 'columns', column)}"
    except KeyError:
        return label


def prose_english(fig: ProseFigure) -> str:
    """A prose figure's measure in English when the data file has English words for it."""
    from index.prose import measure

    known = measure(fig.measure)
    return known.english[0] if known and known.english else fig.label


def prose_label_en(metric: Metric) -> str:
    from index.prose import measure

    known = measure(metric.prose or "")
    return known.english[0] if known and known.english else metric.label


def reports_en(n: int) -> str:
    return f"{n} report" if n == 1 else f"{n} reports"


def capital(text: str) -> str:
    """An English sentence starts with a capital ("correction rate for …" → "Correction rate for …")."""
    return text[:1].upper() + text[1:]


def location_en(location: str) -> str:
    """"第 1 页第 16 行" → "page 1, line 16" (a prose figure's location, for an English answer)."""
    text = re.sub(r"第\s*([\d–]+)\s*页", r"page \1, ", location)
    text = re.sub(r"第\s*([\d–]+)\s*行", r"line \1", text)
    text = re.sub(r"第\s*([\d–]+)\s*段", r"paragraph \1", text)
    return text.strip().rstrip(",")


def where_zh(location: str) -> str:
    """"lines 51–58" → "第 51–58 行", "page 4" → "第 4 页"."""
    return location_span(location, True)


def citation(report: ReportRow, facts: list[Fact], zh: bool) -> str:
    tables = sorted({f.cell.split(".")[0] for f in facts if f.cell.startswith("table")})
    where = "、".join(dict.fromkeys(f"{cell_label(f.cell, zh)} {where_zh(f.location) if zh else location_span(f.location)}".strip()
                                    for f in facts if not f.derived)) if facts else ""
    names = "、".join(TABLE_NAMES_ZH.get(t, t) for t in tables)
    if zh:
        return f"来源：《{title(report)}》{names}（{where}）。"
    return f"Source: {', '.join(TABLE_NAMES_EN.get(t, t) for t in tables)} of 《{title(report)}》 ({where})."


def part_label(cell: str, zh: bool) -> str:
    row = cell.split(".", 1)[1].rsplit(".", 1)[0]
    return row_label(row, zh)


def table_citation(report: ReportRow, measure: Measure, total: Fact, zh: bool) -> str:
    where = f"（{location_span(total.location, zh)}）" if total.location else ""
    if zh:
        return f"来源：《{title(report)}》{TABLE_NAMES_ZH[measure.table]}{where}。"
    return f"Source: {TABLE_NAMES_EN[measure.table]} of 《{title(report)}》{where}."
