"""Over many reports: sums (of bodies, of a span of years, of a region), rankings one year at a
time, and lists of the reports whose value meets a condition."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from index.facts import ReportRow

from ...answering import Answer, Fact
from ...formatting import listing
from .. import labels
from ..labels import TABLE_NAMES_ZH, capital, column_measure, fmt, metric_label, part_label, pct, reports_en
from ..plan import Plan
from .library import all_errors
from .registry import operation

if TYPE_CHECKING:
    from ..executor import Executor


def _scope_years(plan: Plan, reports: list[ReportRow]) -> dict[int | None, list[ReportRow]]:
    """Reports grouped one year at a time (a ranking never mixes years unless asked)."""
    by_year: dict[int | None, list[ReportRow]] = defaultdict(list)
    for r in reports:
        by_year[r.year].append(r)
    return dict(sorted(by_year.items(), key=lambda kv: -(kv[0] or 0)))


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
    details = [ex.detail(r, metric, zh) for r, *_ in rows[:labels.RANKING_SHOWN]]
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
        shown = f"{fmt(num)} ÷ {fmt(den)} = {pct(value) if value is not None else '（分母为 0）'}"
        text = (f"{scope_zh}合并计算的{metric.label}为 {ex.show(metric, value, zh)}（{shown}，{len(rows)} 份报告）。" if zh
                else capital(f"{d.english} for {scope_en}, taken together: {ex.show(metric, value, zh)} ({shown}, {reports_en(len(rows))})."))
        return Answer(text, "total", facts, notes=notes)
    total = sum(v for _, v, _, _ in rows if v is not None)
    one_body = len({r.agency_key for r, *_ in rows}) == 1 and len(rows) > 1  # a span of one body's years: the years alone
    parts = listing([(f"{'' if one_body else r.agency + ' '}{r.year} 年 {fmt(v)}" if zh else f"{'' if one_body else r.agency + ' '}{r.year}: {fmt(v)}")
                     for r, v, _, _ in rows[:labels.RANKING_SHOWN]],
                    len(rows), "；" if zh else "; ", zh)
    label = metric_label(metric, zh)
    english = column_measure(metric).english if metric.measure else metric.label
    tables = "、".join(sorted({TABLE_NAMES_ZH.get(f.cell.split('.')[0], '') for f in facts})) or "表格"
    if zh:
        summed = label if label.endswith(("合计", "总计")) else f"{label}合计"  # never "合计合计"
        text = f"{scope_zh}{summed} {fmt(total)} {metric.unit}（{len(rows)} 份报告：{parts}）。来源：各报告{tables}。"
    else:
        text = capital(f"{english} for {scope_en}: {fmt(total)} in total over {reports_en(len(rows))} ({parts}). Source: the tables of each report.")
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
    shown_n = plan.limit or labels.RANKING_SHOWN
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
            head = f"{'、'.join(f'{r.agency}（{r.year}）' for r in leaders[:labels.RANKING_SHOWN])}的{label}{most}，为 {ex.show(metric, top, zh)}。"
            ranking = listing([f"{i + 1}. {r.agency} {r.year} 年 {ex.show(metric, v, zh)}" + (f"（{shown_of[r.id].split(' = ', 1)[-1].rsplit(' = ', 1)[0]}）" if r.id in shown_of else "")
                               for i, (r, v, _) in enumerate(shown)], len(rows), "；", zh)
            extra = f"（另有 {skipped} 份报告无法计算）" if skipped and metric.kind == "derived" else ""
            pieces.append(f"{head}按{year} 年排序：{ranking}{extra}。")
        else:
            english = metric.derived.english if metric.derived else column_measure(metric).english
            head = f"{', '.join(f'{r.agency} ({r.year})' for r in leaders[:labels.RANKING_SHOWN])} had the {('lowest' if plan.ascending else 'highest') if metric.kind == 'derived' else ('fewest' if plan.ascending else 'most')} {english}: {ex.show(metric, top, zh)}."
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
        return all_errors(ex, zh)
    reports = ex.reports_in_scope(plan)
    rows = [(r, v, f) for r, v, f, _ in ex.values(plan, reports)]
    hits = [(r, v, ex.detail(r, metric, zh)[0] if i < labels.RANKING_SHOWN else f)
            for i, (r, v, f) in enumerate([x for x in rows if _matches(x[1], plan)])]
    label = metric_label(metric, zh)
    condition = _condition(plan, zh)
    facts = [x for _, _, f in hits[:labels.RANKING_SHOWN] for x in f]
    scope = f"{plan.years[0]} 年" if len(plan.years) == 1 else ""
    def parts(f: list[Fact]) -> str:
        own = [x for x in f if not x.derived and x.value]
        return "：" + "，".join(f"{part_label(x.cell, zh)} {fmt(x.value)}" for x in own) if len([x for x in f if not x.derived]) > 1 and own and metric.kind == "cells" else ""

    def arithmetic(r: ReportRow) -> str:  # a rate with its cells: "100.0%：9 ÷ 9"
        if metric.kind != "derived" or not (metric.derived and metric.derived.denominator):
            return ""
        shown = ex.detail(r, metric, zh)[2]
        return ("：" if zh else ", ") + shown.rsplit(" = ", 1)[0].split(" = ")[-1] if shown else ""

    named = listing([f"{r.agency}（{r.year} 年，{ex.show(metric, v, zh)}{parts(f)}{arithmetic(r)}）" if zh
                     else f"{r.agency} ({r.year}: {ex.show(metric, v, zh)}{arithmetic(r)})"
                     for r, v, f in hits[:labels.RANKING_SHOWN]], len(hits), "；" if zh else "; ", zh)
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
    return (zh_word if zh else en_word) + fmt(int(f.value) if float(f.value).is_integer() else f.value) + ("%" if percent else "")
