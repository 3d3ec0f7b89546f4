"""Answers that are not a number: asking back which body, saying the format does not record
something (and what it does record), saying a body is not indexed."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index.agencies import body_names

from ...answering import Answer
from ...formatting import listing
from ..bodies import closest_bodies
from .. import labels
from ..plan import Plan, lexicon
from .registry import OPERATIONS, operation

if TYPE_CHECKING:
    from ..executor import Executor



@operation("clarify")
def op_clarify(ex: Executor, plan: Plan) -> Answer:
    zh = plan.language == "zh"
    names = []
    for key in plan.candidates:
        reports = ex.report_for(key, None)[1]
        names.append(reports[-1].agency if reports and reports[-1].agency else key)
    shown = listing(names[:labels.RANKING_SHOWN], len(names), "、", zh)
    text = (f"问题中的名称可以指 {len(names)} 个机关：{shown}。请问是哪一个？" if zh
            else f"That name matches {len(names)} bodies: {shown}. Which one do you mean?")
    return Answer(text, "clarify")


@operation("which_body")
def op_which_body(ex: Executor, plan: Plan) -> Answer:
    """"这家单位的公开率" with nothing earlier in the chat: which body is meant."""
    zh = plan.language == "zh"
    names = sorted({r.agency or r.agency_key for r in ex.kb.facts.complete_reports() if r.agency or r.agency_key})
    shown = listing(names[:labels.RANKING_SHOWN], len(names), "、" if zh else ", ", zh)
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
    result = unknown_body(ex, plan)
    close = closest_bodies(plan.unknown_body or "", ex.kb.facts)
    if close:
        result.text += (f"最接近的已收录机关：{'、'.join(close)}。" if zh else f" Closest indexed bodies: {', '.join(close)}.")
    return result


def unknown_body(ex: Executor, plan: Plan) -> Answer:
    """A body the library does not hold: said so, with the bodies it holds."""
    zh = plan.language == "zh"
    names = sorted(set(body_names(ex.kb.reports()).values()))  # one name per body across years
    bodies = listing(names[:labels.RANKING_SHOWN], len(names), "、", zh)
    text = (f"知识库中没有“{plan.unknown_body}”的报告（该机关未收录）。已收录的机关：{bodies}。" if zh
            else f"No report of “{plan.unknown_body}” is indexed ({plan.unknown_body} is not in the knowledge base). Indexed bodies: {bodies}.")
    return Answer(text, "unknown")
