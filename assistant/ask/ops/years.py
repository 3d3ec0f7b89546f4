"""One body over its years: the change between two years (signed in words), the series of a span
(each year listed), and the year of the largest or smallest value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...answering import Answer
from ..labels import capital, citation, column_measure, fmt, location_en, metric_label, part_label, where_zh
from ..plan import Plan, metrics_vocab
from .across import op_sum
from .registry import operation

if TYPE_CHECKING:
    from ..executor import Executor


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
            delta = f"{'增加' if diff > 0 else '减少' if diff < 0 else '持平'}{'' if diff == 0 else f' {fmt(abs(diff))} {metric.unit}'}"
            pct = f"（{fmt(diff)} ÷ {fmt(v0)} = {'+' if diff > 0 else ''}{diff / v0 * 100:.1f}%）" if v0 else "（上年为 0，无法计算增长率）"
        name = r1.agency
        if zh:
            lines.append(f"{name}{label}：{r0.year} 年 {ex.show(metric, v0, zh)}，{r1.year} 年 {ex.show(metric, v1, zh)}，{delta}{pct}。")
        else:
            english = metric.derived.english if metric.derived else column_measure(metric).english
            trend = "up" if diff > 0 else "down" if diff < 0 else "unchanged"
            percent = metric.kind == "derived" and metric.derived is not None and metric.derived.percent
            by = "" if diff == 0 else (f" by {abs(diff) * 100:.1f} points" if percent else
                                       f" by {fmt(abs(diff))}" + (f", {'+' if diff > 0 else ''}{diff / v0 * 100:.1f}%" if v0 else ""))
            said = f"{trend}{by}"
            if not percent and diff:  # signed in words: "64 fewer", "137 more"
                said += f"; {fmt(abs(diff))} {'more' if diff > 0 else 'fewer'} in {r1.year} than in {r0.year}"
            lines.append(f"{name} {english}: {r0.year}: {ex.show(metric, v0, zh)}; {r1.year}: {ex.show(metric, v1, zh)} ({said}).")
        flows = metrics_vocab().get("change_explained", {}).get(metric.measure.id if metric.measure and not metric.column else "")
        if flows:  # a stock's change beside the year's flows (in force 5 → 8; issued 3 − repealed 0)
            net, flow_facts, _, bits = ex._side(r1, tuple(flows), zh)
            facts += flow_facts
            lines.append((f"其中 {r1.year} 年" if zh else f"Flows in {r1.year}: ") + " ".join(bits) + f" = {fmt(net)}" + ("。" if zh else "."))
        detail = [(r, [x for x in f if not x.derived and x.value]) for r, f in ((r0, f0), (r1, f1))]
        if metric.kind == "cells" and all(len([x for x in f if not x.derived]) > 1 for f in (f0, f1)):
            lines.append("；".join(f"{r.year} 年：" + ("、".join(f"{part_label(x.cell, zh)} {fmt(x.value)}" for x in d) or "无") for r, d in detail) + "。")
        lines.append(citation(r0, f0, zh) + citation(r1, f1, zh))
    return Answer(" ".join(lines), "compare", facts, notes=notes)


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
                    lines.append(f"{ra.year}–{rb.year} 年{'增加' if diff > 0 else '减少'} {fmt(abs(diff))}{pct}。" if zh
                                 else f"{'Up' if diff > 0 else 'Down'} by {fmt(abs(diff))} from {ra.year} to {rb.year}.")
        if len(points) == 1:
            lines.append(f"只收录了 {points[0][0].year} 年一份报告。" if zh else f"Only the {points[0][0].year} report is indexed.")
    if metric.kind == "prose":
        lines.append("来源：各年度报告正文（" + "；".join(f"{f.year} 年{where_zh(f.location)}" for f in facts) + "）。" if zh
                     else "Source: the text of each year's report (" + "; ".join(f"{f.year}: {location_en(f.location)}" for f in facts) + ").")
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


@operation("table")
def op_table(ex: Executor, plan: Plan) -> Answer:
    """Several bodies over several years: a table, one row per body and one column per year (a year a
    body has no report of is marked "—"), every value cited."""
    zh = plan.language == "zh"
    metric = plan.metric
    assert metric is not None
    label = metric_label(metric, zh)
    reports = {key: {r.year: r for r in ex.report_for(key, None)[1]} for key in plan.bodies}
    years = sorted(set(plan.years) or {y for rows in reports.values() for y in rows if y})
    facts, notes, rows = [], [], []
    for key in plan.bodies:
        cells = []
        for year in years:
            report = reports[key].get(year)
            if report is None:
                cells.append("—")
                continue
            value, found, more, _ = ex.metric_value(report, metric, zh)
            facts += found
            notes += [n for n in more if n not in notes]
            cells.append(ex.show(metric, value, zh))
        name = next((r.agency for r in reports[key].values() if r.agency), key)
        rows.append(" ｜ ".join([name, *cells]))
    head = " ｜ ".join(["机关" if zh else "Body", *(f"{y} 年" if zh else str(y) for y in years)])
    missing = any("—" in row for row in rows)
    lines = [f"{label}（按机关和年度）：" if zh else f"{capital(label)} by body and year:", head, *rows]
    if missing:
        lines.append("“—”表示未收录该年度的报告。" if zh else "“—”: no report of that year is indexed.")
    lines.append("来源：各年度报告表格。" if zh else "Source: the tables of each year's report.")
    return Answer("\n".join(lines), "table", facts, notes=notes)
