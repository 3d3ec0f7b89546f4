"""Questions → plans, by rules over the lexicon (assistant/vocab/*.toml), with an e5-assisted
fallback for phrases the lexicon lacks. Multi-part questions become several plans.

A first, broad reading (assistant.ask.reading) finds the bodies named in full, the measure and
the kind of question; this module adds what users actually type: rates and shares, table-4
outcomes, short names of bodies (assistant.ask.bodies), relative years and spans, lists and
filters, several bodies and measures at once, things the format does not record.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.agencies import agency_key
from index.facts import FactStore

from .bodies import _catalog, _named_plainly, _short_names, body_in_region, english_unknown_body, resolve_bodies, unindexed_inside, without_names
from .measures import find_measure, measures, vocab
from .named import find_agencies
from .plan import Filter, Metric, Plan, cell_metric, lexicon, metrics_vocab
from .prose_bridge import find_prose_measure
from .reading import Reading, read_question
from .words import language_of, normalize, has_any, asks_number, vocab_narrative
from .years import YEAR, indexed_years, find_years, context_year
from .metrics import (Embed, fix_typos, measures_in, find_derived, find_outcome, share_metric, ratio_wins, ratio_metric, applicant_metric, table3_measure, find_metric, similar_metric, prose_only_words, named_label)
from .places import other_kind_of_area, unknown_bare_name, unknown_english_place
from .operations import (find_filter, find_limit, not_recorded, choose_operation)
from .parts import (split_parts, each_measure, each_of_the_list)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _region_named_apart(text: str, region: str, bodies: list[str], facts: FactStore) -> bool:
    """Whether the region is named on its own, not only inside the name of a body the question names."""
    rest = text
    for alias, key in facts.all_aliases():  # longest first
        if key in bodies and alias:
            rest = rest.replace(alias.lower(), " ")
    return region.lower() in rest


def plan_part(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> Plan:
    """One question (or one part of one) → one plan."""
    language = language_of(question)
    text = normalize(question)
    text, fixed = fix_typos(text)
    query = read_question(text, facts, previous.reading if previous is not None else None)
    query = Reading(question, language, query.intent, query.agency_keys, query.years, query.measure, query.column,  # type: ignore[arg-type]
                  query.unknown_agency, query.region, query.topic if query.topic != text else question)
    bodies = list(query.agency_keys)
    if query.region and bodies and not _region_named_apart(text, query.region, bodies, facts):
        query = replace(query, region=None)  # "某某市人民政府和…": the city is one of the bodies named, not a scope
    if query.region and not bodies and re.search(re.escape(query.region.lower()) + r"(?:人民政府|政府)", text):
        query = Reading(query.question, query.language, query.intent, query.agency_keys, query.years, query.measure,  # type: ignore[arg-type]
                      query.column, query.region + "人民政府", None, query.topic)  # 某某市人民政府 is a body, not the city
    if query.unknown_agency and not bodies and re.search(r"(?:市|省|区|县)(?:人民政府|政府)$", query.unknown_agency or "") \
            and query.unknown_agency.lower() in text and query.region is None and not facts.agency_keys(query.unknown_agency):
        bodies, candidates = [], ()
    else:
        bodies, candidates = resolve_bodies(text, facts, bodies) if not query.region or bodies else (bodies, ())
        if previous is not None and query.agency_keys and list(query.agency_keys) == list(previous.bodies) \
                and not any(_named_plainly(text, k, facts) for k in query.agency_keys):
            own, choices = resolve_bodies(text, facts, [])  # "那某某区呢": the body named now, not the earlier one beside it
            if own or choices:
                bodies, candidates = own, choices
    if query.region and not bodies:  # "某某市审批局": a short name behind the region's name is the body, not the city
        inside = body_in_region(text, query.region, facts)
        if inside:
            bodies = inside
            intent = query.intent if query.intent != "total" or has_any(text, vocab()["intents"]["total"]) else "value"
            query = replace(query, intent=intent, agency_keys=tuple(inside), region=None, unknown_agency=None)
    if len(candidates) > 1:  # only one of them has a report for the year asked: no need to ask
        asked = [int(y) for y in YEAR.findall(text)]
        if asked:
            having = [k for k in candidates if any(r.year in asked for r in facts.reports_of([k]))]
            if len(having) == 1:
                bodies, candidates = having, ()
    unknown = query.unknown_agency if not bodies else None
    if unknown and (unknown in lexicon()["not_bodies"]["words"] or agency_key(unknown) in lexicon()["not_bodies"]["words"]):
        unknown = None
    if candidates:
        unknown = None
    inside = unindexed_inside(text, facts) or other_kind_of_area(text, facts)
    if inside:  # "某市某某区" when only 某市 is indexed, "某某县" when only 某某市 is: not indexed, never 某市's figure
        bodies, candidates, unknown = [], (), inside
        query = replace(query, region=None, agency_keys=(), unknown_agency=inside)
    carried = previous is not None and bodies == list(previous.bodies) and not any(_named_plainly(text, k, facts) for k in bodies)
    if (not bodies or carried) and not candidates and not unknown and not query.region:
        unknown = unknown_bare_name(text, facts)  # "某某2024年…" with no 某某 indexed: never every body's (nor the last turn's) figure
        bodies = [] if unknown else bodies
    guessed = [k for k in bodies if not _named_plainly(text, k, facts)  # read through a typo (青溪区 → 清溪区)
               and (previous is None or k not in previous.bodies)]
    chat = _chat_bodies(previous)
    if len(chat) >= 2 and has_any(text, lexicon()["both"]["words"]) and not find_agencies(text, facts)[0]:
        bodies, candidates, unknown = list(chat[-2:]), (), None  # "两家加起来多少": the last two bodies the chat named
    years, year_words, year_range = find_years(text, facts, bodies)
    shift = context_year(text)
    if shift and previous is not None and previous.years and not YEAR.findall(text):
        years, year_range = [y + shift for y in previous.years], False  # "第二年呢": the year after the one talked about
        query = replace(query, years=tuple(years))
    if not years and query.years and previous is not None:
        years = list(query.years)  # a follow-up keeps the earlier year
    if not years and query.intent == "compare" and query.years:
        years = list(query.years)
    named = measures_in(text)
    one_group = len(named) == 1 and measures()[named[0]].table == "table4"  # "复议中被纠正的": the review group's 纠正
    share_of_groups = all(measures()[m].table == "table4" for m in named) and has_any(text, metrics_vocab()["share"]["words"])
    if query.measure is not None and named and query.measure.id not in named and (query.measure.id != "corrected" or one_group or share_of_groups):
        query = Reading(query.question, query.language, query.intent, query.agency_keys, query.years, measures()[named[0]],  # type: ignore[arg-type]
                      query.column, query.unknown_agency, query.region, query.topic)
    metric, understood = find_metric(text, query)
    ratio = ratio_metric(text)
    if ratio is not None and ratio_wins(text, metric, ratio):
        metric = ratio
    asks_what_it_says = has_any(text, lexicon()["narrative_asks"]["words"]) and not asks_number(text) \
        and not has_any(text, metrics_vocab()["share"]["words"]) and find_derived(text)[0] is None
    if metric is not None and asks_what_it_says:
        metric, understood = None, []  # "采取了哪些措施减少行政复议": what the report says about it, not its count
    inherited = False
    own_topic = previous is not None and asks_own_topic(text, facts)  # "某某区如何做政策解读？" is not "那某某区呢"
    if previous is not None and previous.metric is not None and not named and find_derived(text)[0] is None \
            and find_measure(text) is None and not find_outcome(text) and not own_topic:
        metric, understood = previous.metric, []  # "那某某区呢？" asks the previous metric of another body
        inherited = True
        base = table3_measure(previous.metric)
        by_applicant = applicant_metric(text, base) if base else None
        if by_applicant is not None:  # "其中自然人几件？法人或其他组织几件？"
            metric, inherited = by_applicant, False
    understood = guessed + understood
    outcome = find_outcome(text)
    if previous is not None and previous.metric is not None and previous.metric.measure is not None \
            and previous.metric.measure.table == "table4" and outcome and outcome != "total" \
            and (metric is None or (metric.measure is not None and metric.measure.id == "corrected")):
        metric = cell_metric(previous.metric.measure.id, outcome)  # "结果纠正了几件？还有几件没审结？"
        if has_any(text, metrics_vocab()["share"]["words"]):
            metric = share_metric(metric) or metric  # "被纠正的比例呢": the outcome's share of the group asked about
    elif metric is None and outcome and outcome != "total" and re.search(r"复议|诉讼|官司|review|lawsuit", text) is None \
            and asks_number(text):
        metric = cell_metric("corrected", outcome)
    understood += fixed and [w for w in fixed if w not in understood]
    english_unknown = (english_unknown_body(question, facts) or (unknown_english_place(question, facts) if not bodies and not candidates else None)) \
        if language == "en" and not query.region and not unknown else None
    if english_unknown:  # "the Yinchuan municipal government": not indexed, said so (never all bodies)
        unknown, candidates, bodies = english_unknown, (), []  # "Jiashi health commission" is not 甲市审批服务管理局
    recorded = not_recorded(text.replace(english_unknown.lower(), " ") if english_unknown else text)
    filters = find_filter(text)
    if not own_topic and (metric is None and previous is not None and previous.metric is not None and (bodies or years) and len(text) < 30
                          and query.intent != "narrative" or (metric is None and previous is not None and previous.metric is not None
                                                              and (bodies or years) and len(text) < 16 and not vocab_narrative(text))):
        metric = previous.metric
        inherited = True
    if not bodies and not unknown and previous is not None and previous.bodies and not query.region and metric is not None \
            and not has_any(text, lexicon()["operations"]["all_bodies"] + vocab()["intents"]["rank"] + vocab()["intents"]["rank_most"]
                             + vocab()["intents"]["rank_least"] + lexicon()["operations"]["filter"]):
        bodies = list(previous.bodies)
    if metric is not None and metric.kind == "cells" and not named and not asks_number(text) and previous is None \
            and not find_derived(text)[0] and not has_any(text, lexicon()["operations"]["change"] + lexicon()["operations"]["trend"]) \
            and vocab_narrative(text) | bool(re.search(r"有没有|是否|how does|how do|([\u4e00-\u9fff])[不没]\1", text)):
        metric, understood = None, []  # "办申请的时候有没有延期答复": 申请 alone does not make it a question about a number
    if metric is not None and metric.kind == "cells" and metric.measure is not None and metric.measure.label not in text \
            and (has_any(text, lexicon()["prose_topics"]["words"]) or has_any(text, prose_only_words())) and not named_label(text, metric):
        metric, understood = None, []  # "办理了几件政协提案": a figure of the prose, not the table's 办理结果
    if metric is not None and metric.measure is not None and metric.measure.table == "table4" and metric.column not in (None, "total") \
            and len(bodies) != 1 and has_any(text, lexicon()["operations"]["filter"]) and has_any(text, lexicon()["filters"]["every"]):
        share = share_metric(metric)  # "哪些单位的行政复议全部维持了": that outcome's share is 100%
        if share is not None:
            metric, filters = share, (Filter("==", 100),)
    operation = choose_operation(text, query, metric, bodies, years, year_range, filters)
    if inherited and previous is not None and previous.operation in ("filter", "rank") and not bodies \
            and operation in ("sum", "value", "compare", "filter", "rank"):
        operation = previous.operation  # "只看2024年的呢", "那2023年呢": a list stays a list, a ranking a ranking
        filters = filters or previous.filters
    if metric is None and operation == "narrative" and embed is not None and asks_number(text) and not recorded:
        names = [a for a, _ in facts.all_aliases()] + list(_short_names(_catalog(facts)))
        hit = similar_metric(text, embed, names)
        if hit is not None:
            metric = hit[0]
            understood.append(metric.label)
            operation = choose_operation(text, query, metric, bodies, years, year_range, filters)
    if metric is None and operation == "narrative" and not recorded and not asks_what_it_says and (
            asks_number(text) or has_any(text, lexicon()["operations"]["change"] + lexicon()["operations"]["trend"])):
        prose = find_prose_measure(text)  # a figure the reports state in prose (index.prose)
        if prose is not None:
            metric = Metric("prose", prose=prose[0], label=prose[1], unit=prose[2])
            operation = choose_operation(text, query, metric, bodies, years, year_range, filters)
            operation = "prose" if operation in ("value", "breakdown") else operation
    if unknown and not bodies and not query.region and not candidates:
        operation = "unknown_body"  # a body not indexed is said before what the format records
        at = question.lower().find(unknown.lower())
        unknown = question[at:at + len(unknown)] if at >= 0 else unknown  # as the user typed it
    elif recorded:
        operation = "not_recorded"
    elif candidates and (operation not in ("reports", "errors")
                         or operation == "reports" and not has_any(text, vocab()["intents"]["reports"])):
        operation = "clarify"  # "which year does the approval bureau's report cover": one report, two bodies
    elif unknown and not bodies and not query.region:
        operation = "unknown_body"
    elif not bodies and not candidates and not query.region and (previous is None or not previous.bodies) \
            and operation not in ("filter", "rank", "reports", "errors") and has_any(text, lexicon()["demonstratives"]["words"]):
        operation = "which_body"  # "这家单位的公开率": no body named and none earlier in the chat to point at
    notes: list[str] = []
    if operation == "change" and len(years) < 2:
        base = years[0] if years else (indexed_years(facts, bodies)[-1:] or [None])[0]
        known = indexed_years(facts, bodies)
        if year_words and base not in known and [y for y in known if y < (base or 0)]:
            newest = max(y for y in known if y < (base or 0))  # "比去年多了还是少了" before next year's report is in
            notes.append(f"{year_words}（{base}）的年报尚未收录，按最近的 {newest} 年与上一年比较。" if language == "zh"
                         else f"The {base} report ({year_words}) is not indexed yet; comparing {newest} with the year before.")
            base = newest
        years = [base - 1, base] if base else []
    if year_words and years and operation in ("rank", "sum", "filter", "reports", "errors", "prose"):
        known = [y for y in indexed_years(facts, bodies) if y <= years[0]]
        if years[0] not in indexed_years(facts, bodies) and known:  # "今年哪个单位申请最多" before this year's reports
            notes.append(f"{year_words}（{years[0]}）的年报尚未收录，以下按最近的 {known[-1]} 年回答。" if language == "zh"
                         else f"The {years[0]} reports ({year_words}) are not indexed yet; answering for {known[-1]}.")
            years = [known[-1]]
    limit = find_limit(text) if operation == "rank" else None
    ascending = bool(has_any(text, vocab()["intents"]["rank_least"])) or bool(re.search(r"bottom|后\s*\d", text))
    if inherited and previous is not None and operation == previous.operation == "rank":
        limit, ascending = limit or previous.limit, ascending or previous.ascending
    return Plan(question, language, operation, tuple(bodies), query.region, tuple(years), year_words, year_range, metric,  # type: ignore[arg-type]
                filters if operation == "filter" else (), limit, ascending, True, candidates, unknown, recorded,
                tuple(dict.fromkeys(understood)), query.topic or question, query, notes=tuple(notes), chat_bodies=chat)


def asks_own_topic(text: str, facts: FactStore) -> bool:
    """Whether a question names what it asks about beyond bodies and years: "青山区如何做政策解读" asks
    how a report says it works (not the previous question's number); "那青山区呢", "青山区怎么样" do not."""
    if has_any(text, lexicon()["narrative_asks"]["words"]):
        return True
    rest = YEAR.sub(" ", without_names(text, facts))
    for word in sorted(lexicon()["follow_up_leads"]["words"], key=len, reverse=True):
        rest = rest.replace(word, " ")
    return vocab_narrative(text) and len(_CJK.findall(rest.strip().rstrip("呢吗？?"))) >= 4


def plan_question(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> list[Plan]:
    """Every part of a question, each as a plan; a later part inherits what it leaves out."""
    return [p for plan in _plan_parts(question, facts, previous, embed) for p in each_measure(plan)]


def _chat_bodies(previous: Plan | None) -> tuple[str, ...]:
    """The bodies named so far in the chat, oldest first, each once (its latest mention counts)."""
    if previous is None:
        return ()
    named = [*previous.chat_bodies, *previous.bodies]
    return tuple(reversed(list(dict.fromkeys(reversed(named)))))[-6:]


def _plan_parts(question: str, facts: FactStore, previous: Plan | None = None, embed: Embed | None = None) -> list[Plan]:
    plans: list[Plan] = []
    parts = split_parts(question)
    if len(parts) > 1:
        # only split where each part asks something on its own (not "某某区，2024年" fragments)
        first = plan_part(parts[0], facts, previous, embed)
        rest_ok = all(len(normalize(p)) >= 4 for p in parts[1:])
        if not rest_ok:
            return [plan_part(question, facts, previous, embed)]
        plans.append(first)
        for part in parts[1:]:
            if plans[-1].operation == "not_recorded" and find_measure(normalize(part)) is None:
                continue  # "有没有境外人士申请？有几个？": the second part asks the same unrecorded thing
            if plans[-1].operation == "unknown_body" and not plan_part(part, facts, None, embed).bodies:
                continue  # "某局有没有收到申请？收到几件": still that body, already said not indexed (never every body's sum)
            if plans[-1].operation in ("filter", "rank", "reports") and each_of_the_list(normalize(part)):
                continue  # "哪些年报里有不予处理的申请？各多少件": the list already gives each one's value
            plan = plan_part(part, facts, plans[-1], embed)
            if plan.metric is None and plan.operation == "narrative" and first.operation != "narrative":
                return [plan_part(question, facts, previous, embed)]
            if plan.metric is not None and plan.as_json() == plans[-1].as_json():
                continue  # "…in force? odd for a district": a remark that asks nothing new is not answered twice
            plans.append(plan)
        if all(p.operation == "narrative" and p.metric is None for p in plans):
            whole = plan_part(question, facts, previous, embed)  # "有专人负责吗？几个人？": one figure, asked twice
            if whole.metric is not None:
                return [whole]
        return plans
    return [plan_part(question, facts, previous, embed)]
