"""One executor runs plans against the facts store: it looks cells up (once per report), computes
metrics by their formulas, and hands each plan to the operation it names (assistant.ask.ops, one small
function per operation); numbers come from cells (or prose figures), never from a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.facts import CellFact, ReportRow
from index.vocabulary import split_remark, vocabulary

from ..answering import Answer, Fact
from .bodies import _catalog, place_of, regions_by_place
from .labels import TABLE4_PARTS, OUTCOME_LABELS, as_number, column_measure, fmt, operand_label, pct, title
from .measures import Measure, measures
from .plan import Metric, Plan
from .prose_bridge import figures_of
from ..validation.repair import table4_total

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase


class Executor:
    """Runs plans: looks cells up (once per report), computes metrics, and hands each plan to its operation."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._cells: dict[str, dict[str, CellFact]] = {}
        self._findings: dict[str, list[dict]] = {}
        self.extra_facts: list[Fact] = []  # cells a corrected total rests on (cited too)

    def run(self, plan: Plan) -> Answer:
        self.extra_facts = []
        from .ops import OPERATIONS  # the families register their operations when imported

        result = OPERATIONS[plan.operation](self, plan)
        result.facts += [f for f in self.extra_facts if f not in result.facts]
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
        """A body's report of the year (its newest without one), and all its reports by year."""
        reports = sorted(self.kb.facts.reports_of([key]), key=lambda r: r.year or 0)
        if year is None:
            return (reports[-1] if reports else None), reports
        return next((r for r in reports if r.year == year), None), reports

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
            facts.append(Fact(title(report), report.id, report.agency, report.year, cell_id, value, cells[cell_id].location))
            if value is not None:
                total = (total or 0) + value
        if len(facts) > 1:
            group = measure.rows[0].split(".")[0] if measure.table == "table3" else measure.id
            where = ", ".join(dict.fromkeys(f.location for f in facts if f.location))
            facts.insert(0, Fact(title(report), report.id, report.agency, report.year, f"{measure.table}.{group}.{column}", total, where, derived=True))
        return total, facts, notes

    def corrected_value(self, report: ReportRow, cell_id: str, cells: dict[str, CellFact], notes: list[str]) -> int | float | None:
        """A printed total that disagrees with its parts is replaced by the parts' sum (and named)."""
        value = cells[cell_id].value
        table_name, _, rest = cell_id.partition(".")
        row, _, column = rest.rpartition(".")
        if table_name == "table4" and column == "total":
            parts = [cells.get(f"table4.{row}.{c}") for c in TABLE4_PARTS]
            summed, misprinted = table4_total(value, [p.value if p is not None else None for p in parts])
            if misprinted:  # assistant/validation/repair.py decides, for 统计 as well
                self.extra_facts += [Fact(title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", p.value, p.location)
                                     for c, p in zip(TABLE4_PARTS, parts)]  # type: ignore[union-attr]
                label = vocabulary().raw["table4"]["group_labels"].get(row, row)
                each = "、".join(f"{OUTCOME_LABELS[c]} {fmt(p.value)}" for c, p in zip(TABLE4_PARTS, parts))  # type: ignore[union-attr]
                notes.append(f"《{title(report)}》表四{label}“总计”印为 {fmt(value)}，与各项之和 {fmt(summed)} 不符（{each}；印刷错误），按各项之和计。")
                return summed
        if value is None:
            return None
        for finding in self.findings(report):
            if finding["cell"] == cell_id and finding["severity"] == "error" and finding["expected"] not in (None, ""):
                expected = as_number(finding["expected"])
                if expected is not None and expected != value and finding["rule"] in ("T3-ROW", "T3-OUTCOMES"):
                    notes.append(f"《{title(report)}》{cell_id} 印为 {fmt(value)}，与各项之和 {fmt(expected)} 不符（印刷错误），按各项之和计。")
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
                return num, num_facts, notes, " + ".join(num_bits).replace("+ −", "−") + f" = {fmt(num)}"
            if num is None or not den:
                return None, num_facts + den_facts, notes, f"{' + '.join(num_bits)} ÷ {' + '.join(den_bits)}" + ("（分母为 0，无法计算）" if zh else " (zero denominator)")
            value = num / den
            left, right = ("（", "）") if zh else ("(", ")")
            shown = f"{(left + ' + '.join(num_bits) + right).replace('+ −', '−') if len(num_bits) > 1 else num_bits[0]} ÷ " \
                    f"{left + ' + '.join(den_bits) + right if len(den_bits) > 1 else den_bits[0]} = {fmt(num)} ÷ {fmt(den)} = {pct(value) if d.percent else self.show(metric, value, zh) if d.times else f'{value:.2f}'}"
            return value, num_facts + den_facts, notes, shown
        if metric.kind == "prose" and metric.prose:
            found = figures_of(self.kb, report.agency_key, report.year, metric.prose)
            if not found:
                return None, [], [], ""
            fig = found[0]
            return fig.value, [Fact(title(report), report.id, report.agency, report.year, f"prose.{fig.measure}", fig.value,
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
            bits.append(f"{'− ' if sign < 0 else ''}{operand_label(op.lstrip('-'), zh)} {fmt(value)}")
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
            return pct(value)
        if metric.kind == "derived" and metric.derived and metric.derived.times:
            shown = f"{value:.1f}" if abs(value) >= 1 else f"{value:.2f}"  # 15.9 倍, 0.06 倍
            return f"{shown} 倍" if zh else f"{shown} times"
        return f"{fmt(value)} {metric.unit}" if zh and metric.unit else fmt(value)

    def measure_facts(self, report: ReportRow, measure: Measure, column: str | None) -> tuple[Fact, list[Fact], dict[str, CellFact]]:
        cells = self.kb.facts.cells(report.id)
        column = column or measure.column
        parts: list[Fact] = []
        for row in measure.rows:
            cell_id = f"{measure.table}.{row}.{column}"
            if cell_id in cells:
                c = cells[cell_id]
                prefix = f"{measure.table}.{row}."
                whole_row = {k[len(prefix):]: v.value for k, v in cells.items() if k.startswith(prefix) and "." not in k[len(prefix):]}
                parts.append(Fact(title(report), report.id, report.agency, report.year, cell_id, c.value, c.location, row=whole_row))
        values = [p.value for p in parts if p.value is not None]
        total_value: int | float | None = sum(values) if values else None
        if len(parts) == 1:
            total = parts[0]
        else:
            group = measure.rows[0].split(".")[0] if measure.table == "table3" else measure.id
            total = Fact(title(report), report.id, report.agency, report.year, f"{measure.table}.{group}.{column}", total_value,
                         ", ".join(dict.fromkeys(p.location for p in parts if p.location)), derived=True)
        return total, parts, cells

    def table_notes(self, report: ReportRow, measure: Measure, facts: list[Fact], zh: bool) -> list[str]:
        """What the report itself gets wrong around these numbers (its own findings)."""
        notes = []
        cells = {f.cell for f in facts}
        stored = self.kb.facts.cells(report.id)
        for cell in sorted(cells & set(stored)):  # "30（其中修订12件）": read as 30, the remark shown
            raw = stored[cell].raw or ""
            if split_remark(raw) is not None:
                notes.append(f"表中该格注明：“{raw}”，按 {fmt(stored[cell].value)} 计。" if zh else f"The cell reads “{raw}”: counted as {fmt(stored[cell].value)}.")
        for finding in self.findings(report):
            touches = finding["cell"] and (finding["cell"] in cells or finding["cell"].startswith(measure.table + "."))
            if finding["severity"] == "error" and touches:
                notes.append(("注意：该报告" if zh else "Note: the report's own table breaks a rule: ") + finding["message"])
            elif finding["rule"] == "NARRATIVE-vs-TABLE" and finding["cell"] in cells:
                notes.append(("正文与表格不一致：" if zh else "The text and the table disagree: ") + finding["message"])
        return notes
