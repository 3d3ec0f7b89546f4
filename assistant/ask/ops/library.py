"""What the library holds: which reports are indexed (of a year or region), and which reports'
tables break a rule."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...answering import Answer, Fact
from ...formatting import listing
from ...validation.labels import finding_text
from .. import labels
from ..labels import TABLE4_PARTS, as_number, title
from ..plan import Plan
from ..years import indexed_years
from .registry import operation

if TYPE_CHECKING:
    from ..executor import Executor



@operation("reports")
def op_reports(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    if not plan.years and not plan.region:
        return list_reports(ex, zh)
    rows = ex.reports_in_scope(replace(plan, bodies=()))
    named = listing([f"{r.agency} {r.year}" for r in rows[:labels.RANKING_SHOWN]], len(rows), "；", zh)
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
            head = f"{names}报告的表格没有发现错误（各项合计均与总计一致）。" if zh else f"No table errors found in {names}."
            return Answer(head + _hints(ex, reports, zh), "errors")
        return all_errors(ex, zh)
    lines, facts = [], []
    for report in bad[:labels.RANKING_SHOWN]:
        errors = [f for f in ex.findings(report) if f["severity"] == "error"]
        cells = ex.cells(report)
        if zh:
            lines.append(f"《{title(report)}》：" + "；".join(finding_text(f) for f in errors))
        else:
            lines.append(f"《{title(report)}》: " + "; ".join(f"{f['rule']} {f['cell']} should be {f['expected']}, is {f['found']}" for f in errors))
        for f in errors:
            facts.append(Fact(title(report), report.id, report.agency, report.year, f["cell"], as_number(f["found"]), f["location"] or ""))
            table_name, _, rest = (f["cell"] or "").partition(".")
            row = rest.rpartition(".")[0]
            if f["rule"] == "T4-SUM":
                facts += [Fact(title(report), report.id, report.agency, report.year, f"table4.{row}.{c}", cells[f"table4.{row}.{c}"].value,
                               cells[f"table4.{row}.{c}"].location) for c in TABLE4_PARTS if f"table4.{row}.{c}" in cells]
    head = f"{len(bad)} 份报告的表格有错误：" if zh else f"{len(bad)} report(s) have table errors: "
    return Answer(head + listing(lines, len(bad), " ", zh), "errors", facts)


def _hints(ex: Executor, reports: list, zh: bool) -> str:
    """The report's own findings short of an error (what the validator asks to check), each in words."""
    lines = [(report, f) for report in reports[:labels.RANKING_SHOWN] for f in ex.kb.facts.findings_for(report.id) if f["severity"] != "error"]
    if not lines:
        return ""
    said = [f"{i}. 《{title(r)}》{finding_text(f)}" for i, (r, f) in enumerate(lines, 1)]
    if zh:
        return f"另有 {len(lines)} 条提示，建议核实：" + " ".join(said)
    return f" {len(lines)} note(s) worth checking: " + " ".join(said)


def all_errors(ex: Executor, zh: bool) -> Answer:
    """Every indexed report whose tables break a rule, each error said in words."""
    bad = [r for r in ex.kb.reports() if r.errors]
    if not bad:
        return Answer("已收录的报告都没有错误级问题。" if zh else "No indexed report has an error-level finding.", "errors")
    lines = []
    facts = []
    for report in bad[:labels.RANKING_SHOWN]:
        errors = [f for f in ex.kb.facts.findings_for(report.id) if f["severity"] == "error"]
        lines.append(f"《{title(report)}》：" + "；".join(finding_text(f) for f in errors))
        facts += [Fact(title(report), report.id, report.agency, report.year, f["cell"], as_number(f["found"]), f["location"] or "") for f in errors]
    head = f"{len(bad)} 份报告的表格有错误：" if zh else f"{len(bad)} report(s) have table errors: "
    return Answer(head + listing(lines, len(bad), " ", zh), "errors", facts)


def list_reports(ex: Executor, zh: bool) -> Answer:
    """Every indexed report, by body and year."""
    rows = ex.kb.reports()
    named = listing([f"{r.agency} {r.year}" for r in rows[:labels.RANKING_SHOWN]], len(rows), "；", zh)
    return Answer((f"已收录 {len(rows)} 份报告：{named}。" if zh else f"{len(rows)} reports are indexed: {named}."), "reports")
