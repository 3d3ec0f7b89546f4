"""One report's value per body: a cell or a group of rows (its parts named, a misprinted total
replaced by its parts' sum), a table-4 group with its outcomes, a rate with its arithmetic."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import CellFact, ReportRow
from index.vocabulary import vocabulary

from ...answering import Answer, Fact
from ..labels import OUTCOME_EN, OUTCOME_LABELS, TABLE4_PARTS, citation, column_measure, fmt, row_label, table_citation, title, where_zh
from ..measures import Measure, measures, vocab
from ..plan import Metric, Plan, lexicon
from ..prose_bridge import blank_cell_note, figures_of, prose_citation, prose_measure_for
from .registry import OPERATIONS, operation
from .across import op_sum
from .compare import body_year

if TYPE_CHECKING:
    from ..executor import Executor


@operation("value")
def op_value(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    if not plan.bodies:
        return op_sum(ex, plan)
    if metric.kind == "derived":
        return _derived_value(ex, plan)
    if metric.kind == "prose":  # a figure from the text (a part of a question that kept the first part's measure)
        return OPERATIONS["prose"](ex, plan)
    measure = column_measure(metric)
    lines: list[str] = []
    facts: list[Fact] = []
    notes: list[str] = []
    column = metric.column if measure.table == "table3" else None
    for i, key in enumerate(plan.bodies):
        year = body_year(plan, i)
        report, lead = ex.pick_report(plan, key, year, zh)
        if report is None:
            lines.append(lead)
            continue
        total, parts, cells = ex.measure_facts(report, measure, column)
        misprints: list[str] = []
        if len(parts) == 1:
            value = ex.corrected_value(report, parts[0].cell, cells, misprints)
            total = replace(parts[0], value=value)
            parts = [total]
        else:
            fixed = [replace(p, value=ex.corrected_value(report, p.cell, cells, misprints)) for p in parts]
            if misprints:
                parts = fixed
                total = replace(total, value=sum(p.value for p in parts if p.value is not None))
        prose_note = ""
        figure = None
        if total.value is None:
            figure = _prose_fallback(ex, report, measure)
            if figure is not None:
                total = replace(total, value=figure.value, location=figure.location, derived=True)
                prose_note = blank_cell_note(report, figure, fmt(figure.value), where_zh(figure.location), zh)
        facts += [total] + [p for p in parts if p is not total]
        sentence = lead + _with_group_total(ex, report, metric, value_sentence(report, measure, total, parts, column, zh), facts, misprints, zh)
        context = context_of(report, measure, cells, zh)
        if context:
            sentence += context[0]
            facts += context[1]
        elif not zh:
            sentence += "."
        if measure.table == "table4":
            sentence += _outcomes(ex, report, measure, cells, facts, zh)
        lines.append(sentence)
        if prose_note:
            lines.append(prose_note)
        notes += misprints
        if year is None and len(ex.report_for(key, None)[1]) > 1:
            notes.append(f"未指明年度，已按最新的 {report.year} 年报告回答。" if zh else f"No year given: answered from the newest report ({report.year}).")
        notes += ex.table_notes(report, measure, [total, *parts], zh)
        lines.append(prose_citation(report, figure, where_zh(figure.location), zh) if figure is not None and report.narrative_only
                     else table_citation(report, measure, total, zh))
    kind = "value"
    return Answer(" ".join(lines), kind, facts, notes=notes)


operation("breakdown")(op_value)


def _with_group_total(ex: Executor, report: ReportRow, metric: Metric, sentence: str, facts: list[Fact], notes: list[str], zh: bool) -> str:
    """A table-4 outcome is said with its group's total, both cited: "行政复议共 11 件，其中结果纠正 7 件"
    (a misprinted total is the parts' sum, and named)."""
    measure = metric.measure
    if measure is None or measure.table != "table4" or metric.column not in TABLE4_PARTS:
        return sentence
    whole, whole_facts, whole_notes = ex.operand(report, f"{measure.id}:total")
    if whole is None:
        return sentence
    facts += [f for f in whole_facts if f not in facts]
    notes += [n for n in whole_notes if n not in notes]
    labelled = column_measure(metric)
    if zh:
        group = "行政复议和行政诉讼" if len(measure.rows) == 3 else measure.label
        head = f"{report.year} 年{labelled.label}"
        if head in sentence:
            return sentence.replace(head, f"{report.year} 年{group}共 {fmt(whole)} 件，其中{OUTCOME_LABELS[metric.column]}", 1)
        return f"{group}共 {fmt(whole)} 件。" + sentence
    return f"{sentence} (of {fmt(whole)} in total)"


def _outcomes(ex: Executor, report: ReportRow, measure: Measure, cells: dict[str, CellFact], facts: list[Fact], zh: bool) -> str:
    """Table 4 is read whole: how each group's cases ended (维持/纠正/其他/尚未审结)."""
    bits = []
    for row in measure.rows:
        found = [(c, cells.get(f"table4.{row}.{c}")) for c in TABLE4_PARTS]
        if any(cell is None for _, cell in found):
            continue
        for c, cell in found:
            fact = Fact(title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", cell.value, cell.location)  # type: ignore[union-attr]
            if fact not in facts:
                facts.append(fact)
        group = vocabulary().raw["table4"]["group_labels"].get(row, row)
        if zh:
            bits.append(f"{group}" + "，".join(f"{OUTCOME_LABELS[c]} {fmt(cell.value)} 件" for c, cell in found))  # type: ignore[union-attr]
        else:
            bits.append(f"{row.replace('_', ' ')}: " + ", ".join(f"{OUTCOME_EN[c]} {fmt(cell.value)}" for c, cell in found))  # type: ignore[union-attr]
    if not bits:
        return ""
    return ("（结果：" + "；".join(bits) + "）") if zh else " (results: " + "; ".join(bits) + ")"


def _prose_fallback(ex: Executor, report: ReportRow, measure: Measure):  # noqa: ANN202
    cells = tuple(f"{measure.table}.{row}.{measure.column}" for row in (measure.id, *measure.rows))
    key = prose_measure_for(measure.label, measure.words, cells)
    if key is None:
        return None
    found = figures_of(ex.kb, report.agency_key, report.year, key)
    return found[0] if found else None


def _in_tenths(plan: Plan, metric: Metric, value: float | None) -> str:
    """A share asked in 成 ("占几成") is said in 成 too, beside the percent: "20.0%（2 成）"."""
    if value is None or metric.derived is None or not metric.derived.percent:
        return ""
    if not any(w in plan.question for w in lexicon()["tenths"]["words"]):
        return ""
    tenths = value * 10
    return f"（{round(tenths)} 成）" if abs(tenths - round(tenths)) < 1e-9 else f"（约 {tenths:.1f} 成）"


def _derived_value(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    lines, facts, notes = [], [], []
    for i, key in enumerate(plan.bodies):
        report, lead = ex.pick_report(plan, key, body_year(plan, i), zh)
        if report is None:
            lines.append(lead)
            continue
        value, cells, more, shown = ex.metric_value(report, metric, zh)
        facts += cells
        notes += more
        label = metric.label if zh else (metric.derived.english if metric.derived else metric.label)
        if zh:
            tenths = _in_tenths(plan, metric, value)
            lines.append(f"{lead}{report.agency} {report.year} 年{label}为 {ex.show(metric, value, zh)}{tenths}：{shown}。")
        else:
            lines.append(f"{lead}{report.agency} {report.year}: {label} {ex.show(metric, value, zh)}: {shown}.")
        lines.append(citation(report, cells, zh))
    return Answer(" ".join(lines), "derived", facts, notes=notes)


def value_sentence(report: ReportRow, measure: Measure, total: Fact, parts: list[Fact], column: str | None, zh: bool) -> str:
    """One body's value said whole: its parts when there are several (不予公开 7 件：保护第三方 6 件 …)."""
    nonzero = [p for p in parts if p.value] if len(parts) > 1 else []
    unit = measure.unit
    who = ""
    if column and column != "total":
        who = vocabulary().label("table3", "columns", column)
    if zh:
        head = f"{report.agency} {report.year} 年{who and who + '的'}{measure.label} {fmt(total.value)} {unit}"
        if nonzero:
            head += "：" + "，".join(f"{row_label(p.cell.split('.', 1)[1].rsplit('.', 1)[0], True)} {fmt(p.value)} {unit}" for p in nonzero)
        return head + "。"
    head = f"{fmt(total.value)} {measure.english}"
    if who:
        head += f" from {vocab()['applicants'][column][-1] if column else ''}"
    if nonzero:
        head += ": " + ", ".join(f"{fmt(p.value)} {row_label(p.cell.split('.', 1)[1].rsplit('.', 1)[0], False)}" for p in nonzero)
    return f"{report.agency} {report.year}: {head}"


def context_of(report: ReportRow, measure: Measure, cells: dict[str, CellFact], zh: bool) -> tuple[str, list[Fact]] | None:
    """What people often mean too: for "denied", the not-held and not-processed counts."""
    bits: list[str] = []
    facts: list[Fact] = []
    for other_id in measure.context:
        other = measures()[other_id]
        for row in other.rows:
            cell_id = f"table3.{row}.total"
            cell = cells.get(cell_id)
            if cell and cell.value:
                facts.append(Fact(title(report), report.id, report.agency, report.year, cell_id, cell.value, cell.location))
                if zh:
                    bits.append(f"{other.label}（{row_label(row, True)}）{fmt(cell.value)} 件")
                else:
                    bits.append(f"{fmt(cell.value)} {row_label(row, False)} ({other.label})")
    if not bits:
        return None
    if zh:
        return "另有" + "，".join(bits) + "。", facts
    return "; also " + (", ".join(bits[:-1]) + " and " + bits[-1] if len(bits) > 1 else bits[0]) + ".", facts
