"""Questions in parts: a question cut where each part asks on its own, and one plan per measure, rate,
table-4 group or applicant column it names ("行政许可和行政处罚分别是多少")."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache


from .measures import find_measure, measures, side_by_side, vocab
from .plan import Metric, Plan, cell_metric, derived_metric, lexicon, regroup, table4_group
from .words import normalize, has_any
from .years import YEAR
from .metrics import measures_in, find_derived, find_outcome, applicant_metric, table3_measure, summed_metric

_CJK = re.compile(r"[\u4e00-\u9fff]")


_PARTS = re.compile(r"(?<=[？?；;])\s*|\s*(?:另外|此外|同时|and also|also,)\s*")


def split_parts(question: str) -> list[str]:
    parts = [p.strip(" ，,。") for p in _PARTS.split(question) if p and p.strip(" ，,。？?；;")]
    return parts or [question]


_JOINERS = re.compile(r"[和与及、，,；;]|以及|还有|and")


def _each_metric(plan: Plan) -> list[Plan]:
    """"公开率和办结率", "复议纠错率和诉讼纠错率": the question cut at its joiners, one plan per rate."""
    text = normalize(plan.question)
    pieces = [p for p in _JOINERS.split(text) if p.strip()]
    if len(pieces) < 2:
        return [plan]
    metrics: list[Metric] = []
    for piece in pieces:
        derived, _ = find_derived(piece)
        if derived is None:
            continue
        measure = find_measure(piece)
        group = measure.id if measure is not None and measure.table == "table4" and derived.group else None
        metric = derived_metric(derived.id, group)
        if all(m.id != metric.id or m.label != metric.label for m in metrics):
            metrics.append(metric)
    if len(metrics) < 2:
        return [plan]
    return [replace(plan, metric=m) for m in metrics]


def _applicants_in(text: str) -> list[str]:
    """Applicant columns and groups a question names, in order, longest words first without overlaps:
    "自然人和其他组织" → natural_person, other_org; "个人多少，法人或其他组织多少" → natural_person, organisations."""
    taken = [False] * len(text)
    spans: list[tuple[int, str]] = []
    for word, column, pattern in _applicant_words():
        if word not in text:
            continue
        for hit in pattern.finditer(text):
            if not any(taken[hit.start():hit.end()]):
                taken[hit.start():hit.end()] = [True] * (hit.end() - hit.start())
                spans.append((hit.start(), column))
    return list(dict.fromkeys(c for _, c in sorted(spans)))


@cache
def _applicant_words() -> list[tuple[str, str, re.Pattern[str]]]:
    """The words of applicant columns and groups, longest first, each with its pattern (an English
    word on word boundaries)."""
    words = [(w.lower(), c) for c, ws in vocab()["applicants"].items() for w in ws]
    words += [(w.lower(), f"group:{g}") for g, data in lexicon()["applicant_groups"].items() for w in data["words"]]
    return [(word, column, re.compile(re.escape(word) if _CJK.search(word) else rf"(?<![a-z]){re.escape(word)}(?![a-z])"))
            for word, column in sorted(words, key=lambda x: -len(x[0]))]


def _each_column(plan: Plan) -> list[Plan] | None:
    """"自然人和其他组织分别多少", "其中个人多少，法人或其他组织多少": one plan per applicant column."""
    base = table3_measure(plan.metric)
    if base is None or plan.operation not in ("value", "sum", "compare", "breakdown"):
        return None
    named = _applicants_in(normalize(plan.question))
    if len(named) < 2:
        return None
    plans = []
    for column in named:
        if column.startswith("group:"):
            metric = applicant_metric(lexicon()["applicant_groups"][column[6:]]["words"][0], base)
        else:
            metric = cell_metric(base, column)
        if metric is not None:
            plans.append(replace(plan, metric=metric))
    return plans if len(plans) > 1 else None


def _each_group(plan: Plan) -> list[Plan]:
    """"复议纠错率和诉讼纠错率", "correction rate in review versus in court": a rate of one table-4
    group asked of several groups, one plan per group (each year's value unless a change is asked)."""
    assert plan.metric is not None
    text = normalize(plan.question)
    groups = [m for m in measures_in(text) if measures()[m].table == "table4" and m != "corrected"]
    if len(groups) < 2 or table4_group(plan.metric) is None:
        return [plan]
    operation = plan.operation
    if operation in ("compare", "change") and len(plan.bodies) <= 1 and len(set(YEAR.findall(text))) < 2:
        operation, years = "value", tuple(int(y) for y in YEAR.findall(text))
    else:
        years = plan.years
    return [replace(plan, metric=regroup(plan.metric, g), operation=operation, years=years) for g in groups]


def each_measure(plan: Plan) -> list[Plan]:
    """"行政许可和行政处罚分别是多少": one plan per measure named, the rest of the plan shared."""
    by_column = _each_column(plan)
    if by_column:
        return by_column
    if plan.metric is not None and plan.metric.kind == "derived" and plan.operation in ("value", "sum", "compare", "change", "trend", "rank"):
        each = _each_metric(plan) if plan.operation != "rank" else [plan]
        return each if len(each) > 1 else _each_group(plan)
    if plan.metric is None or plan.metric.kind != "cells" or plan.operation not in ("value", "sum", "compare", "change", "trend", "breakdown"):
        return [plan]
    text = normalize(plan.question)
    side = side_by_side(text)
    if side and set(measures_in(text)) <= set(side):  # "都办完了吗": concluded beside carried forward
        return [replace(plan, metric=cell_metric(m, plan.metric.column if measures()[m].table == plan.metric.measure.table else None))  # type: ignore[union-attr]
                for m in side]
    group_and_row = _group_and_row(plan, text)
    if group_and_row:
        return group_and_row
    named = measures_in(text, joined=True)
    if len(named) < 2:
        return [plan]
    outcome = find_outcome(text)
    if outcome and outcome != "total" and all(measures()[m].table == "table4" for m in named):
        if has_any(text, lexicon()["operations"]["separately"]):  # "其他结果是直接起诉还是复议后起诉"
            return [replace(plan, metric=cell_metric(m, outcome)) for m in named]
        return [replace(plan, metric=cell_metric("corrected", outcome))]  # "复议和诉讼中被纠正了几件"
    each = [cell_metric(m, plan.metric.column if measures()[m].table == plan.metric.measure.table else None) for m in named]  # type: ignore[union-attr]
    if has_any(text, vocab()["intents"]["total"]) and (not has_any(text, lexicon()["operations"]["separately"]) or len(plan.bodies) > 1):
        return [replace(plan, metric=summed_metric(each))]  # "予以公开和部分公开加起来": one sum, each part cited
    return [replace(plan, metric=m) for m in each]


def _group_and_row(plan: Plan, text: str) -> list[Plan] | None:
    """"不予处理的有多少，其中信访举报投诉类几件": a group asked before 其中 and one of its rows after it,
    each answered (the group first); None unless the row lies inside the group."""
    word = next((w for w in lexicon()["of_which"]["words"] if w in text), None)
    if word is None or plan.metric is None:
        return None
    head, _, tail = text.partition(word)
    outer, inner = measures_in(head), measures_in(tail)
    if len(outer) != 1 or len(inner) != 1 or outer == inner:
        return None
    group, row = measures()[outer[0]], measures()[inner[0]]
    if group.table != row.table or not set(row.rows) < set(group.rows):
        return None
    return [replace(plan, metric=cell_metric(m.id, plan.metric.column)) for m in (group, row)]


def each_of_the_list(part: str) -> bool:
    """A part that only asks each listed one's value ("各多少件", "分别几件", "how many each")."""
    return bool(has_any(part, lexicon()["operations"]["breakdown"] + lexicon()["list_values"]["words"])) \
        and find_measure(part) is None and not YEAR.search(part) and len(part) <= 12
