"""What the reports say: narrative answers (points first, passages otherwise) and figures stated
in the prose."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...answering import Answer, Fact
from ..labels import fmt, location_en, prose_english, prose_label_en
from ..plan import Plan
from ..prose_bridge import extract_points, figures_of
from ..passages import passages_answer
from .registry import operation

if TYPE_CHECKING:
    from ..executor import Executor



@operation("narrative")
def op_narrative(ex: Executor, plan: Plan) -> Answer:
    points = extract_points(ex, plan)
    if points is not None:
        return points
    return passages_answer(ex.kb, plan)


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
            lines.append(f"{fig.agency} {fig.year} 年{fig.phrase} {fmt(fig.value)} {fig.unit}：“{fig.sentence}”（{'第' + fig.section + '部分' if fig.section else ''}{fig.location}，报告正文）。" if zh
                         else f"{fig.agency} {fig.year}: {prose_english(fig)} {fmt(fig.value)}: “{fig.sentence}” ({location_en(fig.location)}, report text).")
    if not lines:
        result = op_narrative(ex, replace(plan, operation="narrative"))
        names = "、".join(dict.fromkeys(r.agency or "" for key in plan.bodies for r in ex.report_for(key, None)[1][-1:]))
        years = "、".join(str(y) for y in plan.years)
        scope = f"{names}{f' {years} 年' if years else ''}" if zh else f"{names}{f' {years}' if years else ''}"
        result.text = (f"{scope}报告正文没有写明“{plan.metric.label}”的数字。" if zh
                       else f"The text of the {scope} report states no figure for {prose_label_en(plan.metric)}. ") + result.text
        return result
    return Answer(" ".join(lines), "prose", facts, notes=["数字引自报告正文，不是表格中的数据。" if zh else "Figures quoted from the report's text, not its tables."])
