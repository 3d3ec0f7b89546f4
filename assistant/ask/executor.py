"""One executor runs plans against the facts store. Each operation is one small function,
registered by name; numbers come from cells (or prose figures), never from a model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import CellFact, ReportRow
from index.vocabulary import vocabulary

from .. import answering as table
from ..answering import Answer, Fact, _fmt, _title
from ..formatting import listing
from ..questions import Measure, measures
from ..validation import labels
from ..validation.labels import finding_text
from .plan import Metric, Plan, lexicon, metrics_vocab
from .prose_bridge import extract_points, figures_of, prose_measure_for
from .bodies import _catalog, closest_bodies, place_of, regions_by_place
from .understanding import indexed_years

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase

Operation = Callable[["Executor", Plan], Answer]
OPERATIONS: dict[str, Operation] = {}
OUTCOME_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
OUTCOME_EN = {"upheld": "upheld", "corrected": "corrected", "other": "other results", "pending": "pending", "total": "total"}
TABLE4_PARTS = ("upheld", "corrected", "other", "pending")


def operation(name: str) -> Callable[[Operation], Operation]:
    def register(fn: Operation) -> Operation:
        OPERATIONS[name] = fn
        return fn
    return register


def _pct(value: float) -> str:
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
        return f"{who}{m.label}" if zh else f"{m.english} from {column.replace('_', ' ')}"
    return m.label if zh else m.english.split(" (")[0]


class Executor:
    """Runs plans; the table layer (assistant.answering.TableAnswerer) words single cells."""

    def __init__(self, kb: KnowledgeBase, tables: table.TableAnswerer) -> None:
        self.kb = kb
        self.tables = tables
        self._cells: dict[str, dict[str, CellFact]] = {}
        self._findings: dict[str, list[dict]] = {}
        self.extra_facts: list[Fact] = []  # cells a corrected total rests on (cited too)

    def run(self, plan: Plan) -> Answer:
        self.extra_facts = []
        result = OPERATIONS[plan.operation](self, plan)
        result.facts += [f for f in self.extra_facts if f not in result.facts]
        result.query = plan.legacy()
        zh = plan.language == "zh"
        if plan.notes:  # how the plan departed from the question (a year not indexed yet) leads the answer
            result.text = "".join(plan.notes) + ("" if zh else " ") + result.text
        if plan.understood and result.kind not in ("unknown", "clarify"):
            said = "、".join(f"‘{u}’" for u in plan.understood)
            result.notes.insert(0, f"按{said}理解。" if zh else f"Read as {said}.")
        if not zh:
            result.text = result.text.replace("（", " (").replace("）", ")")
        return result

    # ---------------------------------------------------------------- lookups

    def cells(self, report: ReportRow) -> dict[str, CellFact]:
        if report.id not in self._cells:
            self._cells[report.id] = self.kb.facts.cells(report.id)
        return self._cells[report.id]

    def findings(self, report: ReportRow) -> list[dict]:
        if report.id not in self._findings:
            self._findings[report.id] = self.kb.facts.findings_for(report.id) if report.findings else []
        return self._findings[report.id]

    def report_for(self, key: str, year: int | None) -> tuple[ReportRow | None, list[ReportRow]]:
        return self.tables._report_for(key, year)

    def pick_report(self, plan: Plan, key: str, year: int | None, zh: bool) -> tuple[ReportRow | None, str]:
        """The report to answer from, and a sentence when it is not the year asked (or none is)."""
        report, reports = self.report_for(key, year)
        if report is not None or not reports:
            return report, ""
        years = "、".join(str(r.year) for r in reports)
        name = key
        if plan.year_words:
            earlier = [r for r in reports if (r.year or 0) < (year or 0)] or reports
            newest = earlier[-1]
            word = plan.year_words
            lead = (f"{word}（{year}）的年报尚未收录，最近的是 {newest.year} 年：" if zh
                    else f"The {year} report ({word}) is not indexed yet; the newest is {newest.year}: ")
            return newest, lead
        return None, (f"未收录{name} {year} 年的报告；已收录年度：{years}。" if zh
                      else f"The {year} report of {name} is not indexed; indexed years: {years}.")

    def operand(self, report: ReportRow, operand: str) -> tuple[int | float | None, list[Fact], list[str]]:
        """The value of "measure[:column]" in one report, with its cells and notes on misprints."""
        name, _, column = operand.partition(":")
        measure = measures()[name]
        column = column or measure.column
        cells = self.cells(report)
        facts: list[Fact] = []
        notes: list[str] = []
        total: int | float | None = None
        for row in measure.rows:
            cell_id = f"{measure.table}.{row}.{column}"
            if cell_id not in cells:
                continue
            value = self.corrected_value(report, cell_id, cells, notes)
            facts.append(Fact(_title(report), report.id, report.agency, report.year, cell_id, value, cells[cell_id].location))
            if value is not None:
                total = (total or 0) + value
        if len(facts) > 1:
            group = measure.rows[0].split(".")[0] if measure.table == "table3" else measure.id
            where = ", ".join(dict.fromkeys(f.location for f in facts if f.location))
            facts.insert(0, Fact(_title(report), report.id, report.agency, report.year, f"{measure.table}.{group}.{column}", total, where, derived=True))
        return total, facts, notes

    def corrected_value(self, report: ReportRow, cell_id: str, cells: dict[str, CellFact], notes: list[str]) -> int | float | None:
        """A printed total that disagrees with its parts is replaced by the parts' sum (and named)."""
        value = cells[cell_id].value
        table_name, _, rest = cell_id.partition(".")
        row, _, column = rest.rpartition(".")
        if table_name == "table4" and column == "total":
            parts = [cells.get(f"table4.{row}.{c}") for c in TABLE4_PARTS]
            if all(p is not None and p.value is not None for p in parts):
                summed = sum(p.value for p in parts)  # type: ignore[union-attr,misc]
                if summed != value:
                    self.extra_facts += [Fact(_title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", p.value, p.location)
                                         for c, p in zip(TABLE4_PARTS, parts)]  # type: ignore[union-attr]
                    label = vocabulary().raw["table4"]["group_labels"].get(row, row)
                    each = "、".join(f"{OUTCOME_LABELS[c]} {_fmt(p.value)}" for c, p in zip(TABLE4_PARTS, parts))  # type: ignore[union-attr]
                    notes.append(f"《{_title(report)}》表四{label}“总计”印为 {_fmt(value)}，与各项之和 {_fmt(summed)} 不符（{each}；印刷错误），按各项之和计。")
                    return summed
        if value is None:
            return None
        for finding in self.findings(report):
            if finding["cell"] == cell_id and finding["severity"] == "error" and finding["expected"] not in (None, ""):
                expected = table._as_number(finding["expected"])
                if expected is not None and expected != value and finding["rule"] in ("T3-ROW", "T3-OUTCOMES"):
                    notes.append(f"《{_title(report)}》{cell_id} 印为 {_fmt(value)}，与各项之和 {_fmt(expected)} 不符（印刷错误），按各项之和计。")
                    return expected
        return value

    def metric_value(self, report: ReportRow, metric: Metric, zh: bool = True) -> tuple[int | float | None, list[Fact], list[str], str]:
        """(value, cells, notes, arithmetic shown) of any metric in one report."""
        if metric.kind == "derived" and metric.derived:
            d = metric.derived
            num, num_facts, notes, num_bits = self._side(report, d.numerator, zh)
            den, den_facts, den_notes, den_bits = self._side(report, d.denominator, zh)
            notes += den_notes
            for op in d.context:
                num_facts += self.operand(report, op)[1]
            if not d.denominator:
                return num, num_facts, notes, " + ".join(num_bits).replace("+ −", "−") + f" = {_fmt(num)}"
            if num is None or not den:
                return None, num_facts + den_facts, notes, f"{' + '.join(num_bits)} ÷ {' + '.join(den_bits)}" + ("（分母为 0，无法计算）" if zh else " (zero denominator)")
            value = num / den
            left, right = ("（", "）") if zh else ("(", ")")
            shown = f"{(left + ' + '.join(num_bits) + right).replace('+ −', '−') if len(num_bits) > 1 else num_bits[0]} ÷ " \
                    f"{left + ' + '.join(den_bits) + right if len(den_bits) > 1 else den_bits[0]} = {_fmt(num)} ÷ {_fmt(den)} = {_pct(value) if d.percent else self.show(metric, value, zh) if d.times else f'{value:.2f}'}"
            return value, num_facts + den_facts, notes, shown
        if metric.kind == "prose" and metric.prose:
            found = figures_of(self.kb, report.agency_key, report.year, metric.prose)
            if not found:
                return None, [], [], ""
            fig = found[0]
            return fig.value, [Fact(_title(report), report.id, report.agency, report.year, f"prose.{fig.measure}", fig.value,
                                    fig.location, derived=True)], [], ""
        assert metric.measure is not None
        measure = column_measure(metric)
        operand = measure.id + (f":{metric.column}" if metric.column else "")
        value, facts, notes = self.operand(report, operand)
        return value, facts, notes, ""

    def _side(self, report: ReportRow, operands: tuple[str, ...], zh: bool = True) -> tuple[int | float | None, list[Fact], list[str], list[str]]:
        total: int | float | None = None
        facts: list[Fact] = []
        notes: list[str] = []
        bits: list[str] = []
        for op in operands:
            sign = -1 if op.startswith("-") else 1
            value, f, n = self.operand(report, op.lstrip("-"))
            facts += f
            notes += n
            bits.append(f"{'− ' if sign < 0 else ''}{operand_label(op.lstrip('-'), zh)} {_fmt(value)}")
            if value is not None:
                total = (total or 0) + sign * value
        return total, facts, notes, bits

    def reports_in_scope(self, plan: Plan) -> list[ReportRow]:
        regions = regions_by_place(_catalog(self.kb.facts)) if plan.region else {}
        rows = [r for r in self.kb.facts.complete_reports()
                if (not plan.region or (r.region or regions.get(place_of(r.agency_key or ""))) == plan.region)
                and (not plan.bodies or r.agency_key in plan.bodies)]
        if plan.years:
            return [r for r in rows if r.year in plan.years]
        return rows

    def values(self, plan: Plan, reports: list[ReportRow]) -> list[tuple[ReportRow, int | float | None, list[Fact], list[str]]]:
        """The metric in every report, added up by SQL (one query per operand, whatever the number
        of reports); cells and notes are left empty here — ``detail`` gives them for the rows shown."""
        assert plan.metric is not None
        metric = plan.metric
        if metric.kind == "prose":
            return [(r, *self.metric_value(r, metric)[:3]) for r in reports]  # type: ignore[misc]
        if metric.kind == "derived" and metric.derived:
            d = metric.derived
            num = self._bulk_side(reports, d.numerator)
            den = self._bulk_side(reports, d.denominator) if d.denominator else {}
            out = []
            for r in reports:
                n = num.get(r.id)
                if not d.denominator:
                    out.append((r, n, [], []))
                else:
                    out.append((r, n / den[r.id] if n is not None and den.get(r.id) else None, [], []))
            return out
        measure = column_measure(metric)
        found = self.bulk_operand(reports, measure.id + (f":{metric.column}" if metric.column else ""))
        return [(r, found.get(r.id), [], []) for r in reports]

    def detail(self, report: ReportRow, metric: Metric, zh: bool = True) -> tuple[list[Fact], list[str], str]:
        """The cells, notes and arithmetic of one report's value (for the rows an answer shows)."""
        _, facts, notes, shown = self.metric_value(report, metric, zh)
        return facts, notes, shown

    def bulk_operand(self, reports: list[ReportRow], operand: str) -> dict[str, int | float | None]:
        name, _, column = operand.partition(":")
        measure = measures()[name]
        column = column or measure.column
        if measure.table == "table4" and column == "total":  # from the parts: a misprinted total does not count
            parts = [self.bulk_operand(reports, f"{name}:{c}") for c in TABLE4_PARTS]
            return {r.id: sum(p[r.id] for p in parts) for r in reports  # type: ignore[misc]
                    if all(p.get(r.id) is not None for p in parts)}
        years = {r.year for r in reports}
        rows = self.kb.facts.sums(measure.table, list(measure.rows), column, year=years.pop() if len(years) == 1 else None)
        wanted = {r.id for r in reports}
        return {r.id: v for r, v in rows if r.id in wanted}

    def _bulk_side(self, reports: list[ReportRow], operands: tuple[str, ...]) -> dict[str, int | float | None]:
        total: dict[str, int | float | None] = {}
        for op in operands:
            sign = -1 if op.startswith("-") else 1
            for rid, value in self.bulk_operand(reports, op.lstrip("-")).items():
                if value is not None:
                    total[rid] = (total.get(rid) or 0) + sign * value
        return total

    def show(self, metric: Metric, value: int | float | None, zh: bool = True) -> str:
        if value is None:
            return "（无法计算）" if zh else "(cannot be computed)"
        if metric.kind == "derived" and metric.derived and metric.derived.percent:
            return _pct(value)
        if metric.kind == "derived" and metric.derived and metric.derived.times:
            shown = f"{value:.1f}" if abs(value) >= 1 else f"{value:.2f}"  # 15.9 倍, 0.06 倍
            return f"{shown} 倍" if zh else f"{shown} times"
        return f"{_fmt(value)} {metric.unit}" if zh and metric.unit else _fmt(value)


def cell_label(cell: str, zh: bool) -> str:
    """A cell as a person reads it: table4.review.corrected → 行政复议·结果纠正 (ids stay in --json)."""
    label = _cell_label(cell, zh)
    return labels.cell_label(cell) if zh and re.search(r"[A-Za-z_]", label) else label


def _cell_label(cell: str, zh: bool) -> str:
    parts = cell.split(".")
    if len(parts) < 3:
        return cell
    name, row, column = parts[0], ".".join(parts[1:-1]), parts[-1]
    if not zh:
        return f"{table.vocab()['row_english'].get(row, row.replace('_', ' '))} ({column.replace('_', ' ')})"
    vocab = vocabulary()
    if name == "table4":
        group = vocab.raw["table4"]["group_labels"].get(row) or next((m.label for m in measures().values() if m.id == row or m.id == row + "s"), row)
        return f"{group}·{OUTCOME_LABELS.get(column, column)}"
    try:
        label = re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", vocab.label(name, "rows", row))
    except KeyError:
        label = next((m.label for m in measures().values() if m.table == name and len(m.rows) > 1 and m.rows[0].startswith(row + ".")), row)
    if name == "table3":
        return label if column == "total" else f"{label}·{vocab.label('table3', 'columns', column)}"
    try:
        return f"{label}·{vocab.label(name, 'columns', column)}"
    except KeyError:
        return label


def _prose_english(fig) -> str:  # noqa: ANN001 - an index.prose.ProseFigure
    """A prose figure's measure in English when the data file has English words for it."""
    from index.prose import measure

    known = measure(fig.measure)
    return known.english[0] if known and known.english else fig.label


def _prose_label_en(metric: Metric) -> str:
    from index.prose import measure

    known = measure(metric.prose or "")
    return known.english[0] if known and known.english else metric.label


def _reports_en(n: int) -> str:
    return f"{n} report" if n == 1 else f"{n} reports"


def _capital(text: str) -> str:
    """An English sentence starts with a capital ("correction rate for …" → "Correction rate for …")."""
    return text[:1].upper() + text[1:]


def _location_en(location: str) -> str:
    """"第 1 页第 16 行" → "page 1, line 16" (a prose figure's location, for an English answer)."""
    text = re.sub(r"第\s*([\d–]+)\s*页", r"page \1, ", location)
    text = re.sub(r"第\s*([\d–]+)\s*行", r"line \1", text)
    text = re.sub(r"第\s*([\d–]+)\s*段", r"paragraph \1", text)
    return text.strip().rstrip(",")


def where_zh(location: str) -> str:
    """"lines 51–58" → "第 51–58 行", "page 4" → "第 4 页"."""
    return table.location_span(location, True)


def _citation(report: ReportRow, facts: list[Fact], zh: bool) -> str:
    tables = sorted({f.cell.split(".")[0] for f in facts if f.cell.startswith("table")})
    where = "、".join(dict.fromkeys(f"{cell_label(f.cell, zh)} {where_zh(f.location) if zh else table.location_span(f.location)}".strip()
                                    for f in facts if not f.derived)) if facts else ""
    names = "、".join(table.TABLE_NAMES_ZH.get(t, t) for t in tables)
    if zh:
        return f"来源：《{_title(report)}》{names}（{where}）。"
    return f"Source: {', '.join(table.TABLE_NAMES_EN.get(t, t) for t in tables)} of 《{_title(report)}》 ({where})."


def _scope_years(plan: Plan, reports: list[ReportRow]) -> dict[int | None, list[ReportRow]]:
    """Reports grouped one year at a time (a ranking never mixes years unless asked)."""
    by_year: dict[int | None, list[ReportRow]] = defaultdict(list)
    for r in reports:
        by_year[r.year].append(r)
    return dict(sorted(by_year.items(), key=lambda kv: -(kv[0] or 0)))


# -------------------------------------------------------------------------------- operations

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
    query = replace(plan.legacy(), measure=measure)
    for i, key in enumerate(plan.bodies):
        year = body_year(plan, i)
        report, lead = ex.pick_report(plan, key, year, zh)
        if report is None:
            lines.append(lead)
            continue
        total, parts, cells = ex.tables._measure_facts(report, measure, query.column)
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
        if total.value is None:
            figure = _prose_fallback(ex, report, measure)
            if figure is not None:
                total = replace(total, value=figure.value, location=figure.location, derived=True)
                prose_note = (f"表格中该格为空；报告正文写明：“{figure.sentence}”（{where_zh(figure.location)}），按正文取 {_fmt(figure.value)}。" if zh
                              else f"The table cell is blank; the text says “{figure.sentence}” ({figure.location}).")
        facts += [total] + [p for p in parts if p is not total]
        sentence = lead + _with_group_total(ex, report, metric, ex.tables._value_sentence(report, measure, total, parts, query, zh), facts, misprints, zh)
        context = ex.tables._context(report, measure, cells, zh)
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
        notes += ex.tables._table_notes(report, measure, [total, *parts], zh)
        lines.append(ex.tables._citation(report, measure, total, zh))
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
            return sentence.replace(head, f"{report.year} 年{group}共 {_fmt(whole)} 件，其中{OUTCOME_LABELS[metric.column]}", 1)
        return f"{group}共 {_fmt(whole)} 件。" + sentence
    return f"{sentence} (of {_fmt(whole)} in total)"


def _outcomes(ex: Executor, report: ReportRow, measure: Measure, cells: dict[str, CellFact], facts: list[Fact], zh: bool) -> str:
    """Table 4 is read whole: how each group's cases ended (维持/纠正/其他/尚未审结)."""
    bits = []
    for row in measure.rows:
        found = [(c, cells.get(f"table4.{row}.{c}")) for c in TABLE4_PARTS]
        if any(cell is None for _, cell in found):
            continue
        for c, cell in found:
            fact = Fact(_title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", cell.value, cell.location)  # type: ignore[union-attr]
            if fact not in facts:
                facts.append(fact)
        group = vocabulary().raw["table4"]["group_labels"].get(row, row)
        if zh:
            bits.append(f"{group}" + "，".join(f"{OUTCOME_LABELS[c]} {_fmt(cell.value)} 件" for c, cell in found))  # type: ignore[union-attr]
        else:
            bits.append(f"{row.replace('_', ' ')}: " + ", ".join(f"{OUTCOME_EN[c]} {_fmt(cell.value)}" for c, cell in found))  # type: ignore[union-attr]
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
        lines.append(_citation(report, cells, zh))
    return Answer(" ".join(lines), "derived", facts, notes=notes)


@operation("ratio")
def op_ratio(ex: Executor, plan: Plan) -> Answer:
    """"2024年是2023年的几倍", "利通区是红旗区的几倍": the first value named ÷ the second, both cited."""
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    if len(plan.bodies) > 1:
        asked = [(key, plan.years[0] if plan.years else None) for key in plan.bodies[:2]]
    else:
        years = sorted(plan.years, reverse=True) if plan.year_range else plan.years  # "grow from 2023 to 2024": later ÷ earlier
        asked = [(plan.bodies[0] if plan.bodies else None, y) for y in years[:2]]
    points, facts, notes, lines = [], [], [], []
    for key, year in asked:
        report = ex.pick_report(plan, key, year, zh)[0] if key else None
        if report is None:
            return op_compare(ex, replace(plan, operation="compare"))
        value, cells, more, _ = ex.metric_value(report, metric, zh)
        facts += cells
        notes += [n for n in more if n not in notes]
        points.append((report, value))
    (ra, va), (rb, vb) = points
    label = metric_label(metric, zh)
    if va is None or not vb:
        times = "（无法计算倍数：分母为 0 或数值缺失）" if zh else " (no ratio: the second value is 0 or missing)"
    else:
        r = va / vb
        times = (f"，是后者的 {r:.2f} 倍（{_fmt(va)} ÷ {_fmt(vb)} = {r:.2f}）" if zh
                 else f"; {_fmt(va)} ÷ {_fmt(vb)} = {r:.2f} times")
    if zh:
        lines.append(f"{label}：{ra.agency} {ra.year} 年 {ex.show(metric, va, zh)}，{rb.agency} {rb.year} 年 {ex.show(metric, vb, zh)}{times}。")
    else:
        lines.append(_capital(f"{label}: {ra.agency} {ra.year}: {ex.show(metric, va, zh)}; {rb.agency} {rb.year}: {ex.show(metric, vb, zh)}{times}."))
    if len(plan.bodies) > 1 and ra.year != rb.year:
        notes.append("注意：比较的报告年度不同。" if zh else "Note: the reports compared are of different years.")
    reports = {r.id: r for r, _ in points}
    cited = [_citation(r, [f for f in facts if f.report_id == r.id], zh) for r in reports.values()]
    return Answer(" ".join(lines) + ("" if zh else " ") + "".join(cited), "compare", facts, notes=notes)


@operation("sum")
def op_sum(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    reports = ex.reports_in_scope(plan)
    if not plan.years:  # newest report of each body
        newest: dict[str, ReportRow] = {}
        for r in reports:
            k = r.agency_key or r.id
            if k not in newest or (r.year or 0) > (newest[k].year or 0):
                newest[k] = r
        reports = list(newest.values())
    rows = [(r, v, f, n) for r, v, f, n in ex.values(plan, reports) if v is not None or metric.kind == "derived"]
    details = [ex.detail(r, metric, zh) for r, *_ in rows[: table.RANKING_SHOWN]]
    notes = [n for _, ns, _ in details for n in ns]
    facts = [f for fs, _, _ in details for f in fs]
    named = ("、" if zh else ", ").join(dict.fromkeys(r.agency or "" for r in reports)) if plan.bodies else ""
    years = f" {plan.years[0]} 年" if len(plan.years) == 1 else f" {'、'.join(str(y) for y in plan.years)} 年" if plan.years else "（各取最新年度）"
    scope_zh = (named or plan.region or "全部已收录机关") + years
    scope_en = (named or plan.region or "all indexed bodies") + (f" in {', '.join(str(y) for y in plan.years)}" if plan.years else " (newest report of each)")
    if metric.kind == "derived" and metric.derived and metric.derived.denominator:
        d = metric.derived
        chosen = [r for r, *_ in rows]
        num = sum(v or 0 for v in ex._bulk_side(chosen, d.numerator).values())
        den = sum(v or 0 for v in ex._bulk_side(chosen, d.denominator).values())
        value = num / den if den else None
        shown = f"{_fmt(num)} ÷ {_fmt(den)} = {_pct(value) if value is not None else '（分母为 0）'}"
        text = (f"{scope_zh}合并计算的{metric.label}为 {ex.show(metric, value, zh)}（{shown}，{len(rows)} 份报告）。" if zh
                else _capital(f"{d.english} for {scope_en}, taken together: {ex.show(metric, value, zh)} ({shown}, {_reports_en(len(rows))})."))
        return Answer(text, "total", facts, notes=notes)
    total = sum(v for _, v, _, _ in rows if v is not None)
    one_body = len({r.agency_key for r, *_ in rows}) == 1 and len(rows) > 1  # a span of one body's years: the years alone
    parts = listing([(f"{'' if one_body else r.agency + ' '}{r.year} 年 {_fmt(v)}" if zh else f"{'' if one_body else r.agency + ' '}{r.year}: {_fmt(v)}")
                     for r, v, _, _ in rows[: table.RANKING_SHOWN]],
                    len(rows), "；" if zh else "; ", zh)
    label = metric_label(metric, zh)
    english = column_measure(metric).english if metric.measure else metric.label
    tables = "、".join(sorted({table.TABLE_NAMES_ZH.get(f.cell.split('.')[0], '') for f in facts})) or "表格"
    if zh:
        summed = label if label.endswith(("合计", "总计")) else f"{label}合计"  # never "合计合计"
        text = f"{scope_zh}{summed} {_fmt(total)} {metric.unit}（{len(rows)} 份报告：{parts}）。来源：各报告{tables}。"
    else:
        text = _capital(f"{english} for {scope_en}: {_fmt(total)} in total over {_reports_en(len(rows))} ({parts}). Source: the tables of each report.")
    return Answer(text, "total", facts, notes=notes)


@operation("rank")
def op_rank(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    groups = _scope_years(plan, ex.reports_in_scope(plan))
    if not groups:
        return Answer("没有可比较的数据。" if zh else "No data to compare.", "rank")
    label = metric_label(metric, zh)
    pieces, facts, notes = [], [], []
    shown_n = plan.limit or table.RANKING_SHOWN
    for year, reports in groups.items():
        rows = [(r, v, f) for r, v, f, _ in ex.values(plan, reports) if v is not None]
        skipped = len(reports) - len(rows)
        rows.sort(key=lambda x: (x[1] if plan.ascending else -x[1], x[0].agency or ""))  # type: ignore[operator]
        if not rows:
            continue
        top = rows[0][1]
        leaders = [r for r, v, _ in rows if v == top]
        shown = rows[:shown_n]
        details = {r.id: ex.detail(r, metric, zh) for r, _, _ in shown}
        shown_of = {rid: d[2] for rid, d in details.items()} if metric.kind == "derived" else {}
        for fs, ns, _ in details.values():
            facts += fs
            notes += [n for n in ns if n not in notes]
        most = ("最高" if not plan.ascending else "最低") if metric.kind == "derived" else ("最多" if not plan.ascending else "最少")
        if zh:
            head = f"{'、'.join(f'{r.agency}（{r.year}）' for r in leaders[: table.RANKING_SHOWN])}的{label}{most}，为 {ex.show(metric, top, zh)}。"
            ranking = listing([f"{i + 1}. {r.agency} {r.year} 年 {ex.show(metric, v, zh)}" + (f"（{shown_of[r.id].split(' = ', 1)[-1].rsplit(' = ', 1)[0]}）" if r.id in shown_of else "")
                               for i, (r, v, _) in enumerate(shown)], len(rows), "；", zh)
            extra = f"（另有 {skipped} 份报告无法计算）" if skipped and metric.kind == "derived" else ""
            pieces.append(f"{head}按{year} 年排序：{ranking}{extra}。")
        else:
            english = metric.derived.english if metric.derived else column_measure(metric).english
            head = f"{', '.join(f'{r.agency} ({r.year})' for r in leaders[: table.RANKING_SHOWN])} had the {('lowest' if plan.ascending else 'highest') if metric.kind == 'derived' else ('fewest' if plan.ascending else 'most')} {english}: {ex.show(metric, top, zh)}."
            ranking = listing([f"{i + 1}. {r.agency} {r.year}: {ex.show(metric, v, zh)}" + (f" ({shown_of[r.id].split(' = ', 1)[-1].rsplit(' = ', 1)[0]})" if r.id in shown_of else "")
                               for i, (r, v, _) in enumerate(shown)], len(rows), "; ", zh)
            pieces.append(f"{head} Ranking: {ranking}.")
    if len(groups) > 1:
        notes.append("已收录的报告分属不同年度，按年度分别排序。" if zh else "The reports cover several years: one ranking per year.")
    source = "来源：各报告表格。" if zh else "Source: the tables of each report."
    return Answer(" ".join(pieces) + source, "rank", facts, notes=notes)


def _matches(value: int | float | None, plan: Plan) -> bool:
    if value is None:
        return False
    if not plan.filters:
        return value > 0
    f = plan.filters[0]
    target = f.value / 100 if plan.metric and plan.metric.kind == "derived" and plan.metric.derived and plan.metric.derived.percent and f.value > 1 else f.value
    return {"==": value == target, ">": value > target, "<": value < target, ">=": value >= target, "<=": value <= target}.get(f.op, False)


@operation("filter")
def op_filter(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    if plan.filters and plan.filters[0].op == "errors" or metric is None:
        return table.TableAnswerer._errors(ex.tables, plan.legacy())
    reports = ex.reports_in_scope(plan)
    rows = [(r, v, f) for r, v, f, _ in ex.values(plan, reports)]
    hits = [(r, v, ex.detail(r, metric, zh)[0] if i < table.RANKING_SHOWN else f)
            for i, (r, v, f) in enumerate([x for x in rows if _matches(x[1], plan)])]
    label = metric_label(metric, zh)
    condition = _condition(plan, zh)
    facts = [x for _, _, f in hits[: table.RANKING_SHOWN] for x in f]
    scope = f"{plan.years[0]} 年" if len(plan.years) == 1 else ""
    def parts(f: list[Fact]) -> str:
        own = [x for x in f if not x.derived and x.value]
        return "：" + "，".join(f"{_part_label(x.cell, zh)} {_fmt(x.value)}" for x in own) if len([x for x in f if not x.derived]) > 1 and own and metric.kind == "cells" else ""

    def arithmetic(r: ReportRow) -> str:  # a rate with its cells: "100.0%：9 ÷ 9"
        if metric.kind != "derived" or not (metric.derived and metric.derived.denominator):
            return ""
        shown = ex.detail(r, metric, zh)[2]
        return ("：" if zh else ", ") + shown.rsplit(" = ", 1)[0].split(" = ")[-1] if shown else ""

    named = listing([f"{r.agency}（{r.year} 年，{ex.show(metric, v, zh)}{parts(f)}{arithmetic(r)}）" if zh
                     else f"{r.agency} ({r.year}: {ex.show(metric, v, zh)}{arithmetic(r)})"
                     for r, v, f in hits[: table.RANKING_SHOWN]], len(hits), "；" if zh else "; ", zh)
    if zh:
        text = (f"{scope}{label}{condition} 的报告有 {len(hits)} 份（共查 {len(rows)} 份）：{named}。" if hits
                else f"{scope}没有{label}{condition} 的报告（共查 {len(rows)} 份）。")
        text += "来源：各报告表格。"
    else:
        text = (f"{len(hits)} of {len(rows)} reports have {metric.derived.english if metric.derived else column_measure(metric).english} {condition}: {named}."
                if hits else f"No report has {label} {condition} (of {len(rows)}).")
    return Answer(text, "list", facts)


def _condition(plan: Plan, zh: bool) -> str:
    if not plan.filters:
        return "大于 0" if zh else "above 0"
    f = plan.filters[0]
    words = {"==": ("为 ", "equal to "), ">": ("超过 ", "above "), "<": ("少于 ", "below "), ">=": ("不少于 ", "at least "), "<=": ("不超过 ", "at most ")}
    zh_word, en_word = words.get(f.op, ("", ""))
    percent = plan.metric is not None and plan.metric.kind == "derived" and plan.metric.derived is not None and plan.metric.derived.percent
    return (zh_word if zh else en_word) + _fmt(int(f.value) if float(f.value).is_integer() else f.value) + ("%" if percent else "")


@operation("change")
def op_change(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    if not plan.bodies:
        return op_sum(ex, plan)
    lines, facts, notes = [], [], []
    label = metric_label(metric, zh)
    for key in plan.bodies:
        years_asked = sorted(plan.years)
        y0, y1 = (years_asked[0], years_asked[-1]) if len(years_asked) >= 2 else (None, None)
        reports = ex.report_for(key, None)[1]
        r0 = next((r for r in reports if r.year == y0), None)
        r1 = next((r for r in reports if r.year == y1), None)
        if r0 is None or r1 is None:
            years = "、".join(str(r.year) for r in reports)
            missing = "、".join(str(y) for y, r in ((y0, r0), (y1, r1)) if r is None)
            lines.append(f"无法计算变化：未收录{key} {missing} 年的报告（已收录年度：{years}）。" if zh
                         else f"Cannot compute the change: no {missing} report of {key} is indexed (indexed: {years}).")
            continue
        v0, f0, n0, _ = ex.metric_value(r0, metric)
        v1, f1, n1, _ = ex.metric_value(r1, metric)
        facts += f0 + f1
        notes += n0 + n1
        if v0 is None or v1 is None:
            lines.append("无法计算变化（数值缺失）。" if zh else "Cannot compute the change (a value is missing).")
            continue
        diff = v1 - v0
        if metric.kind == "derived" and metric.derived and metric.derived.percent:
            delta = f"{'上升' if diff > 0 else '下降' if diff < 0 else '持平'}{'' if diff == 0 else f' {abs(diff) * 100:.1f} 个百分点'}"
            pct = ""
        else:
            delta = f"{'增加' if diff > 0 else '减少' if diff < 0 else '持平'}{'' if diff == 0 else f' {_fmt(abs(diff))} {metric.unit}'}"
            pct = f"（{_fmt(diff)} ÷ {_fmt(v0)} = {'+' if diff > 0 else ''}{diff / v0 * 100:.1f}%）" if v0 else "（上年为 0，无法计算增长率）"
        name = r1.agency
        if zh:
            lines.append(f"{name}{label}：{r0.year} 年 {ex.show(metric, v0, zh)}，{r1.year} 年 {ex.show(metric, v1, zh)}，{delta}{pct}。")
        else:
            english = metric.derived.english if metric.derived else column_measure(metric).english
            trend = "up" if diff > 0 else "down" if diff < 0 else "unchanged"
            percent = metric.kind == "derived" and metric.derived is not None and metric.derived.percent
            by = "" if diff == 0 else (f" by {abs(diff) * 100:.1f} points" if percent else
                                       f" by {_fmt(abs(diff))}" + (f", {'+' if diff > 0 else ''}{diff / v0 * 100:.1f}%" if v0 else ""))
            said = f"{trend}{by}"
            if not percent and diff:  # signed in words: "64 fewer", "137 more"
                said += f"; {_fmt(abs(diff))} {'more' if diff > 0 else 'fewer'} in {r1.year} than in {r0.year}"
            lines.append(f"{name} {english}: {r0.year}: {ex.show(metric, v0, zh)}; {r1.year}: {ex.show(metric, v1, zh)} ({said}).")
        flows = metrics_vocab().get("change_explained", {}).get(metric.measure.id if metric.measure and not metric.column else "")
        if flows:  # a stock's change beside the year's flows (in force 5 → 8; issued 3 − repealed 0)
            net, flow_facts, _, bits = ex._side(r1, tuple(flows), zh)
            facts += flow_facts
            lines.append((f"其中 {r1.year} 年" if zh else f"Flows in {r1.year}: ") + " ".join(bits) + f" = {_fmt(net)}" + ("。" if zh else "."))
        detail = [(r, [x for x in f if not x.derived and x.value]) for r, f in ((r0, f0), (r1, f1))]
        if metric.kind == "cells" and all(len([x for x in f if not x.derived]) > 1 for f in (f0, f1)):
            lines.append("；".join(f"{r.year} 年：" + ("、".join(f"{_part_label(x.cell, zh)} {_fmt(x.value)}" for x in d) or "无") for r, d in detail) + "。")
        lines.append(_citation(r0, f0, zh) + _citation(r1, f1, zh))
    return Answer(" ".join(lines), "compare", facts, notes=notes)


def _part_label(cell: str, zh: bool) -> str:
    row = cell.split(".", 1)[1].rsplit(".", 1)[0]
    return table._row_label(row, zh)


@operation("trend")
def op_trend(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    lines, facts, notes = [], [], []
    label = metric_label(metric, zh)
    for key in plan.bodies:
        reports = [r for r in ex.report_for(key, None)[1] if not plan.years or r.year in plan.years]
        points = []
        shown: dict[str, str] = {}
        for r in reports:
            v, f, n, arithmetic = ex.metric_value(r, metric, zh)
            facts += f
            notes += n
            points.append((r, v))
            if metric.kind == "derived" and arithmetic:  # each year's rate with its cells ("10 ÷ 21 = 47.6%")
                shown[r.id] = ("（{}）" if zh else " ({})").format(arithmetic.rsplit(" = ", 1)[0].split(" = ")[-1])
        if not points:
            lines.append(f"未收录{key}相应年度的报告。" if zh else f"No report of {key} for those years.")
            continue
        series = ("，".join(f"{r.year} 年 {ex.show(metric, v, zh)}{shown.get(r.id, '')}" for r, v in points) if zh
                  else "; ".join(f"{r.year}: {ex.show(metric, v, zh)}{shown.get(r.id, '')}" for r, v in points))
        name = points[-1][0].agency
        lines.append(f"{name}历年{label}：{series}。" if zh else f"{name} {label} by year: {series}.")
        if len(points) >= 2 and points[0][1] is not None and points[-1][1] is not None:
            (ra, va), (rb, vb) = points[0], points[-1]
            diff = vb - va  # type: ignore[operator]
            if metric.kind == "derived" and metric.derived and metric.derived.percent:
                lines.append(f"{ra.year}–{rb.year} 年{'上升' if diff > 0 else '下降' if diff < 0 else '持平'} {abs(diff) * 100:.1f} 个百分点。" if zh
                             else f"{'Up' if diff > 0 else 'Down' if diff < 0 else 'Unchanged'} {abs(diff) * 100:.1f} points from {ra.year} to {rb.year}.")
            else:
                pct = f"（{'+' if diff > 0 else ''}{diff / va * 100:.1f}%）" if va and diff else ""
                if diff == 0:
                    lines.append(f"{ra.year}–{rb.year} 年持平。" if zh else f"Unchanged from {ra.year} to {rb.year}.")
                else:
                    lines.append(f"{ra.year}–{rb.year} 年{'增加' if diff > 0 else '减少'} {_fmt(abs(diff))}{pct}。" if zh
                                 else f"{'Up' if diff > 0 else 'Down'} by {_fmt(abs(diff))} from {ra.year} to {rb.year}.")
        if len(points) == 1:
            lines.append(f"只收录了 {points[0][0].year} 年一份报告。" if zh else f"Only the {points[0][0].year} report is indexed.")
    if metric.kind == "prose":
        lines.append("来源：各年度报告正文（" + "；".join(f"{f.year} 年{where_zh(f.location)}" for f in facts) + "）。" if zh
                     else "Source: the text of each year's report (" + "; ".join(f"{f.year}: {_location_en(f.location)}" for f in facts) + ").")
    else:
        lines.append("来源：各年度报告表格。" if zh else "Source: the tables of each year's report.")
    return Answer(" ".join(lines), "trend", facts, notes=notes)


@operation("extreme")
def op_extreme(ex: Executor, plan: Plan) -> Answer:
    """"哪一年收到的申请最多": the body's value in each indexed year (of the span asked), the year of the
    largest (or smallest, ``plan.ascending``) named, every year listed and cited."""
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    lines, facts, notes = [], [], []
    label = metric_label(metric, zh)
    percent = metric.kind == "derived" and metric.derived is not None and metric.derived.percent
    for key in plan.bodies:
        reports = [r for r in ex.report_for(key, None)[1] if not plan.years or r.year in plan.years]
        points = []
        for r in reports:
            v, f, n, _ = ex.metric_value(r, metric, zh)
            notes += [x for x in n if x not in notes]
            points.append((r, v, f))
        known = [(r, v, f) for r, v, f in points if v is not None]
        if not known:
            lines.append(f"未收录{key}可计算{label}的报告。" if zh else f"No report of {key} gives its {label}.")
            continue
        best = (min if plan.ascending else max)(v for _, v, _ in known)
        years = [r for r, v, _ in known if v == best]
        for _, _, f in known:
            facts += f
        name = known[-1][0].agency
        word = ("最低" if plan.ascending else "最高") if percent else ("最少" if plan.ascending else "最多")
        english = ("lowest" if plan.ascending else "highest") if percent else ("fewest" if plan.ascending else "most")
        when = "、".join(str(r.year) for r in years)
        series = ("，".join(f"{r.year} 年 {ex.show(metric, v, zh)}" for r, v, _ in points) if zh
                  else "; ".join(f"{r.year}: {ex.show(metric, v, zh)}" for r, v, _ in points))
        if zh:
            tie = f"（{len(years)} 个年度并列）" if len(years) > 1 else ""
            lines.append(f"{name}{label}{word}的是 {when} 年，为 {ex.show(metric, best, zh)}{tie}。各年度：{series}。")
        else:
            lines.append(f"{name} had the {english} {label} in {' and '.join(str(r.year) for r in years)}: {ex.show(metric, best, zh)}. By year: {series}.")
        if len(known) == 1:
            notes.append(f"只收录了 {known[0][0].year} 年一份报告。" if zh else f"Only the {known[0][0].year} report is indexed.")
    lines.append("来源：各年度报告表格。" if zh else "Source: the tables of each year's report.")
    return Answer(" ".join(lines), "extreme", facts, notes=notes)


def body_year(plan: Plan, index: int) -> int | None:
    """The year asked of the index-th body: "平潭2025年和淮安2024年" pairs them in order; one year is every body's."""
    if len(plan.years) == len(plan.bodies) > 1 and not plan.year_range:
        return plan.years[index]
    return plan.years[0] if plan.years else None


def _larger(metric: Metric, pairs: list[tuple[ReportRow, int | float | None, str]], zh: bool) -> str:
    """Who has the largest (and, of two, by how much): "淮安市人民政府较多，多 2901 件"."""
    known = [(r, v) for r, v, _ in pairs if v is not None]
    if len(known) < 2:
        return ""
    percent = metric.kind == "derived" and metric.derived is not None and metric.derived.percent
    top = max(v for _, v in known)
    leaders = [r for r, v in known if v == top]
    same_body = len({r.agency for r, _ in known}) < len(known)  # the years tell them apart
    names = "、".join(dict.fromkeys(f"{r.agency}" + (f"（{r.year}）" if same_body else "") for r in leaders))
    if len(leaders) == len(known):
        return "，两者相同" if zh and len(known) == 2 else "，各方相同" if zh else "; they are equal"
    word = ("较高" if percent else "较多") if len(known) == 2 else ("最高" if percent else "最多")
    english = ("is higher" if percent else "has more") if len(known) == 2 else ("is highest" if percent else "has the most")
    gap = ""
    if len(known) == 2:
        diff = abs(known[0][1] - known[1][1])  # type: ignore[operator]
        if percent:
            gap = f"，高 {diff * 100:.1f} 个百分点" if zh else f", by {diff * 100:.1f} points"
        else:
            gap = f"，多 {_fmt(diff)} {metric.unit}" if zh else f", by {_fmt(diff)}"
    return f"，{names}{word}{gap}" if zh else f"; {names} {english}{gap}"


@operation("compare")
def op_compare(ex: Executor, plan: Plan) -> Answer:
    """Each body's value side by side (a year apiece when the question pairs them), the larger named
    and, of two, the gap between them."""
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    if len(plan.bodies) <= 1 and len(plan.years) >= 2:
        return replace(op_change(ex, plan), kind="compare")
    pairs = []
    facts = []
    notes = []
    lines = []
    for i, key in enumerate(plan.bodies):
        report, lead = ex.pick_report(plan, key, body_year(plan, i), zh)
        if report is None:
            report = ex.report_for(key, None)[0]
            if report is None:
                lines.append(lead)
                continue
            notes.append(lead + (f"改用 {report.year} 年报告比较。" if zh else f" Compared with its {report.year} report."))
        v, f, n, shown = ex.metric_value(report, metric, zh)
        facts += f
        notes += n
        pairs.append((report, v, shown))
    if not pairs:
        return Answer(" ".join(lines), "compare")
    label = metric_label(metric, zh)
    body = ("；".join(f"{r.agency} {r.year} 年 {ex.show(metric, v, zh)}" + (f"（{shown}）" if shown else "") for r, v, shown in pairs) if zh
            else "; ".join(f"{r.agency} {r.year}: {ex.show(metric, v, zh)}" + (f" ({shown})" if shown else "") for r, v, shown in pairs))
    body += _larger(metric, pairs, zh)
    if len({r.year for r, _, _ in pairs}) > 1:
        notes.append("注意：比较的报告年度不同。" if zh else "Note: the reports compared are of different years.")
    text = f"{label}：{body}。来源：各报告表格。" if zh else _capital(f"{label}: {body}. Source: each report's tables.")
    return Answer(" ".join([*lines, text]), "compare", facts, notes=notes)


operation("difference")(op_compare)


@operation("reports")
def op_reports(ex: Executor, plan: Plan) -> Answer:
    if not plan.years and not plan.region:
        return table.TableAnswerer._reports(ex.tables, plan.legacy())
    zh = plan.language == "zh"
    rows = ex.reports_in_scope(replace(plan, bodies=()))
    named = listing([f"{r.agency} {r.year}" for r in rows[: table.RANKING_SHOWN]], len(rows), "；", zh)
    years = "、".join(str(y) for y in plan.years)
    scope = (plan.region or "") + (f"{years} 年" if zh and plan.years else f" {years}" if plan.years else "")
    if not rows:
        known = "、".join(str(y) for y in indexed_years(ex.kb.facts))
        return Answer(f"没有收录{scope}的报告；已收录年度：{known}。" if zh else f"No report for{scope} is indexed; indexed years: {known}.", "reports")
    return Answer(f"已收录{scope}的报告 {len(rows)} 份：{named}。" if zh else f"{len(rows)} reports are indexed for{scope}: {named}.", "reports")


@operation("errors")
def op_errors(ex: Executor, plan: Plan) -> Answer:
    """Reports whose tables break a rule (of the bodies and years asked), each error with the cell,
    the expected and the printed value, and the cells a sum rule adds up."""
    zh = plan.language == "zh"
    scoped = plan.bodies or plan.years
    reports = ex.reports_in_scope(plan) if scoped else ex.kb.facts.complete_reports()
    bad = [r for r in reports if r.errors]
    if not bad:
        if scoped:
            names = "、".join(f"{r.agency} {r.year} 年" for r in reports) or "所问报告"
            return Answer(f"{names}报告的表格没有发现错误（各项合计均与总计一致）。" if zh else f"No table errors found in {names}.", "errors")
        return table.TableAnswerer._errors(ex.tables, plan.legacy())
    lines, facts = [], []
    for report in bad[: table.RANKING_SHOWN]:
        errors = [f for f in ex.findings(report) if f["severity"] == "error"]
        cells = ex.cells(report)
        if zh:
            lines.append(f"《{_title(report)}》：" + "；".join(finding_text(f) for f in errors))
        else:
            lines.append(f"《{_title(report)}》: " + "; ".join(f"{f['rule']} {f['cell']} should be {f['expected']}, is {f['found']}" for f in errors))
        for f in errors:
            facts.append(Fact(_title(report), report.id, report.agency, report.year, f["cell"], table._as_number(f["found"]), f["location"] or ""))
            table_name, _, rest = (f["cell"] or "").partition(".")
            row = rest.rpartition(".")[0]
            if f["rule"] == "T4-SUM":
                facts += [Fact(_title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", cells[f"table4.{row}.{c}"].value,
                               cells[f"table4.{row}.{c}"].location) for c in TABLE4_PARTS if f"table4.{row}.{c}" in cells]
    head = f"{len(bad)} 份报告的表格有错误：" if zh else f"{len(bad)} report(s) have table errors: "
    return Answer(head + listing(lines, len(bad), " ", zh), "errors", facts)


@operation("narrative")
def op_narrative(ex: Executor, plan: Plan) -> Answer:
    points = extract_points(ex, plan)
    if points is not None:
        return points
    return table.TableAnswerer._narrative(ex.tables, plan.legacy())


@operation("prose")
def op_prose(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    assert plan.metric is not None and plan.metric.prose
    lines, facts = [], []
    keys = plan.bodies or (None,)
    for key in keys:
        found = figures_of(ex.kb, key, plan.years[0] if plan.years else None, plan.metric.prose)
        if not found:
            continue
        newest = max(f.year or 0 for f in found)
        for fig in [f for f in found if plan.years or (f.year or 0) == newest][:3]:
            facts.append(Fact(fig.agency or "", fig.report_id, fig.agency, fig.year, f"prose.{fig.measure}", fig.value, fig.location, derived=True))
            lines.append(f"{fig.agency} {fig.year} 年{fig.phrase} {_fmt(fig.value)} {fig.unit}：“{fig.sentence}”（{'第' + fig.section + '部分' if fig.section else ''}{fig.location}，报告正文）。" if zh
                         else f"{fig.agency} {fig.year}: {_prose_english(fig)} {_fmt(fig.value)}: “{fig.sentence}” ({_location_en(fig.location)}, report text).")
    if not lines:
        result = op_narrative(ex, replace(plan, operation="narrative"))
        names = "、".join(dict.fromkeys(r.agency or "" for key in plan.bodies for r in ex.report_for(key, None)[1][-1:]))
        years = "、".join(str(y) for y in plan.years)
        scope = f"{names}{f' {years} 年' if years else ''}" if zh else f"{names}{f' {years}' if years else ''}"
        result.text = (f"{scope}报告正文没有写明“{plan.metric.label}”的数字。" if zh
                       else f"The text of the {scope} report states no figure for {_prose_label_en(plan.metric)}. ") + result.text
        return result
    return Answer(" ".join(lines), "prose", facts, notes=["数字引自报告正文，不是表格中的数据。" if zh else "Figures quoted from the report's text, not its tables."])


@operation("clarify")
def op_clarify(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    names = []
    for key in plan.candidates:
        reports = ex.report_for(key, None)[1]
        names.append(reports[-1].agency if reports and reports[-1].agency else key)
    shown = listing(names[: table.RANKING_SHOWN], len(names), "、", zh)
    text = (f"问题中的名称可以指 {len(names)} 个机关：{shown}。请问是哪一个？" if zh
            else f"That name matches {len(names)} bodies: {shown}. Which one do you mean?")
    return Answer(text, "clarify")


@operation("which_body")
def op_which_body(ex: Executor, plan: Plan) -> Answer:
    """"这家单位的公开率" with nothing earlier in the chat: which body is meant."""
    zh = plan.language == "zh"
    names = sorted({r.agency or r.agency_key for r in ex.kb.facts.complete_reports() if r.agency or r.agency_key})
    shown = listing(names[: table.RANKING_SHOWN], len(names), "、" if zh else ", ", zh)
    text = (f"请问是哪个机关？问题没有写明，前面的对话里也没有提到。已收录的机关：{shown}。" if zh
            else f"Which body do you mean? The question does not say, and nothing earlier in the chat names one. Indexed bodies: {shown}.")
    return Answer(text, "clarify")


@operation("not_recorded")
def op_not_recorded(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    entry = next(e for e in lexicon()["not_recorded"] if e["key"] == plan.not_recorded)
    result = Answer(entry["zh"] if zh else entry["en"], "not_recorded")
    if plan.metric is not None and plan.bodies and entry.get("recorded"):  # "那11件复议都是因为什么事": what is recorded of the figure asked about
        recorded = OPERATIONS["value"](ex, replace(plan, operation="value"))
        result.text += ("已记录的是：" if zh else " What is recorded: ") + recorded.text
        result.facts += recorded.facts
    return result


@operation("unknown_body")
def op_unknown(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    result = table.TableAnswerer._unknown_body(ex.tables, plan.legacy())
    close = closest_bodies(plan.unknown_body or "", ex.kb.facts)
    if close:
        result.text += (f"最接近的已收录机关：{'、'.join(close)}。" if zh else f" Closest indexed bodies: {', '.join(close)}.")
    return result


