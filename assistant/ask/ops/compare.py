"""Bodies (or years) side by side: each value, the larger named with the gap, and ratios (the first
value named ÷ the second)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index.facts import ReportRow

from ...answering import Answer
from ..labels import capital, citation, fmt, metric_label
from ..plan import Metric, Plan
from .years import op_change
from .registry import operation

if TYPE_CHECKING:
    from ..executor import Executor


def body_year(plan: Plan, index: int) -> int | None:
    """The year asked of the index-th body: "青溪2025年和云岭2024年" pairs them in order; one year is every body's."""
    if len(plan.years) == len(plan.bodies) > 1 and not plan.year_range:
        return plan.years[index]
    return plan.years[0] if plan.years else None


def _larger(metric: Metric, pairs: list[tuple[ReportRow, int | float | None, str]], zh: bool) -> str:
    """Who has the largest (and, of two, by how much): "云岭市人民政府较多，多 2901 件"."""
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
            gap = f"，多 {fmt(diff)} {metric.unit}" if zh else f", by {fmt(diff)}"
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
    text = f"{label}：{body}。来源：各报告表格。" if zh else capital(f"{label}: {body}. Source: each report's tables.")
    return Answer(" ".join([*lines, text]), "compare", facts, notes=notes)


operation("difference")(op_compare)


@operation("ratio")
def op_ratio(ex: Executor, plan: Plan) -> Answer:
    """"2024年是2023年的几倍", "青山区是白沙区的几倍": the first value named ÷ the second, both cited."""
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
        times = (f"，是后者的 {r:.2f} 倍（{fmt(va)} ÷ {fmt(vb)} = {r:.2f}）" if zh
                 else f"; {fmt(va)} ÷ {fmt(vb)} = {r:.2f} times")
    if zh:
        lines.append(f"{label}：{ra.agency} {ra.year} 年 {ex.show(metric, va, zh)}，{rb.agency} {rb.year} 年 {ex.show(metric, vb, zh)}{times}。")
    else:
        lines.append(capital(f"{label}: {ra.agency} {ra.year}: {ex.show(metric, va, zh)}; {rb.agency} {rb.year}: {ex.show(metric, vb, zh)}{times}."))
    if len(plan.bodies) > 1 and ra.year != rb.year:
        notes.append("注意：比较的报告年度不同。" if zh else "Note: the reports compared are of different years.")
    reports = {r.id: r for r, _ in points}
    cited = [citation(r, [f for f in facts if f.report_id == r.id], zh) for r in reports.values()]
    return Answer(" ".join(lines) + ("" if zh else " ") + "".join(cited), "compare", facts, notes=notes)
