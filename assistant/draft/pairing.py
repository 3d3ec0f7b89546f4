"""Items and pairs: the clauses of the notes, each with its role (clauses.py), made into items kept
whole — adjacent clauses of one side in one sentence, a problem carrying its facts and cause in the
clerk's order, a run-on sentence cut only where a new topic's shortcoming starts — and each measure
put on the problem it answers: the problem of its own sentence (or numbered point), else the one open
problem right before it, else (a measures block, or a measure after several open problems) the
problem its topic and words fit best, its place only breaking ties."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from typing import Any

from .notes import _CJK, MEASURE_ITEMS, Measure, Notes, Point, in_register, topic_of, topics

_GENERIC = {"政务", "公开", "信息", "工作", "政府", "加强", "发布", "进一步", "部分", "开展", "不够", "不足", "提升", "提高", "完善", "建立", "问题", "整改",
            "个工", "作日", "日内", "月底", "底前", "年底", "以内", "季度", "每月", "每周", "个月"}  # a deadline or a period names no topic


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset({text[i:i + 2] for i in range(len(text) - 1) if _CJK.match(text[i]) and _CJK.match(text[i + 1])} - _GENERIC)


@lru_cache(maxsize=65536)
def pair_score(measure: str, problem: str) -> float:
    """How well a measure answers a problem: same topic, then shared words."""
    mt, pt = topic_of(measure), topic_of(problem)
    same = 4.0 if mt is not None and pt is not None and mt["id"] == pt["id"] else 0.0
    return same + len(_bigrams(measure) & _bigrams(problem))


POSITION_BONUS = 2.0  # numbered alike: the n-th measure probably answers the n-th problem
_BRUTE_FORCE = 7


def _assign(pending: list[tuple[int, str]], points: list[Point]) -> dict[int, int]:
    """measure → problem, the assignment with the best total fit (topic and shared words; the
    same place in the list only adds a little, so topics outweigh order)."""
    free = [i for i, p in enumerate(points) if p.measure is None]
    if not pending or not free:
        return {}
    alike = len(pending) == len(free)

    def fit_of(k: int, j: int) -> float:
        raw = pair_score(pending[k][1], points[free[j]].problem)
        return raw + (POSITION_BONUS if alike and k == j else 0.0) if raw > 0 or alike else -1.0

    table = [[fit_of(k, j) for j in range(len(free))] for k in range(len(pending))]  # each pair scored once

    def fit(k: int, j: int) -> float:
        return table[k][j]

    pairs: list[tuple[int, int]]
    if min(len(pending), len(free)) <= _BRUTE_FORCE and max(len(pending), len(free)) <= _BRUTE_FORCE + 1:
        if len(pending) <= len(free):
            options = ([(k, j) for k, j in enumerate(perm)] for perm in permutations(range(len(free)), len(pending)))
        else:
            options = ([(k, j) for j, k in enumerate(perm)] for perm in permutations(range(len(pending)), len(free)))
        pairs = max(options, key=lambda option: sum(max(fit(k, j), 0.0) for k, j in option))
    else:  # many items: the best-fitting pairs first
        pairs, used_k, used_j = [], set(), set()
        for _, k, j in sorted(((fit(k, j), k, j) for k in range(len(pending)) for j in range(len(free))), reverse=True):
            if k not in used_k and j not in used_j:
                pairs.append((k, j))
                used_k.add(k)
                used_j.add(j)
    return {pending[k][0]: free[j] for k, j in pairs if fit(k, j) > 0}





@dataclass
class _Item:
    kind: str  # "problem" | "measure"
    units: list[Any]
    anchor: int | None = None  # the problem (index among problem items) written beside this measure
    loose: bool = False  # beside its problem only by the list item (not in its sentence): other points may claim its clauses

    @property
    def text(self) -> str:
        return "，".join(dict.fromkeys(u.text for u in self.units))


def items_and_pairs(units: list[Any]) -> Notes:
    """Clauses of one side adjacent in one sentence make one item, kept whole; a problem item
    carries its facts and cause in the clerk's order; then each measure answers the problem of its
    own sentence or list item, else the one problem right before it, else (a measures block, or a
    measure after several open problems) the problem its words and place fit best."""
    from .clauses import FOLLOWUP, MEASURE

    problems: list[_Item] = []
    measures: list[_Item] = []
    facts: list[str] = []
    followup: list[str] = []
    followup_items: list[tuple[int, list[str]]] = []  # last year's items, one per sentence of the notes
    open_promises: list[int] = []
    waiting: list[Any] = []  # facts said before their problem in the same list item
    extra_items: list[str] = []
    by_sentence: dict[int, list[Any]] = {}
    for unit in units:
        by_sentence.setdefault(unit.sentence, []).append(unit)
    for sentence in by_sentence.values():
        runs: list[list[Any]] = []
        for unit in sentence:
            side = "followup" if unit.role == FOLLOWUP else "measure" if unit.role == MEASURE else "problem"
            if runs and runs[-1][0].side == side and not unit.new_item and not _new_topic(runs[-1], unit):
                runs[-1].append(unit)
            else:
                unit.side = side
                runs.append([unit])
            unit.side = side
        for run in runs:
            first = run[0]
            if first.side == "followup":
                followup += [u.text for u in run]
                if followup_items and followup_items[-1][0] == first.sentence:
                    followup_items[-1][1].extend(u.text for u in run)
                else:
                    followup_items.append((first.sentence, [u.text for u in run]))
                continue
            if first.side == "measure" and first.extra:  # "还有一条，准备明年…": answers no problem, listed last
                extra_items.append("，".join(dict.fromkeys(u.text for u in run)))
                continue
            if first.side == "measure":
                last = problems[-1] if problems else None
                of_item = [p for p in problems if p.units[0].item == first.item]
                if first.numbered and not first.refs and not of_item and first.block != "measure" and measures and all(m.anchor is not None for m in measures) \
                        and all(p.units[0].numbered for p in problems) and problems and problems[-1].units[0].item != first.item:
                    extra_items.append("，".join(dict.fromkeys(u.text for u in run)))  # "④下一步将…纳入考评" after "①问题——措施" items: a measure of its own
                    continue
                anchor = len(problems) - 1 if last is not None and (last.units[-1].sentence == first.sentence or (of_item == [last] and last.units[0].numbered)) else None
                if anchor is not None and last.units[-1].sentence != first.sentence:  # "三是…。明年要…": its point, unless it is about another open one
                    said = "，".join(u.text for u in run)
                    others = [pair_score(said, p.text) for p in problems[:-1] if not any(m.anchor == problems.index(p) for m in measures)]
                    if others and max(others) > pair_score(said, last.text):
                        anchor = None
                loose = anchor is not None and last.units[-1].sentence != first.sentence and len(run) > 1
                measures.append(_Item("measure", list(run), anchor, loose))
                continue
            has_problem = any(u.role == "PROBLEM" or (u.role == "CAUSE" and u.features.get("deficiency")) for u in run) \
                or (any(u.role == "CAUSE" for u in run) and any(u.role == "FACT" and u.features.get("number") for u in run))  # "得分62分，排第9，主要是…": a cause says its facts are a problem
            last = problems[-1] if problems else None
            joins = last is not None and not first.new_item and last.units[0].item == first.item \
                and (not has_problem or first.numbered or (first.pair == "problem" and last.units[-1].line == first.line)
                     or (first.role == "CAUSE" and last.units[-1].line == first.line)) \
                and not (measures and measures[-1].units[0].sentence > last.units[-1].sentence and measures[-1].units[0].item == first.item and has_problem)
            if joins:
                last.units += run  # type: ignore[union-attr]
            elif has_problem or first.numbered or first.pair == "problem" or first.block == "problem":  # a numbered point of facts only is a point
                here = [u for u in waiting if u.item == first.item]
                facts += [u.text for u in waiting if u.item != first.item]
                waiting = []
                problems.append(_Item("problem", here + list(run)))
                if any(u.features.get("lastyear") or u.promise for u in run):
                    open_promises.append(len(problems) - 1)
            else:
                waiting += run
    facts += [u.text for u in waiting]
    carried = _merge_carried(problems, measures, open_promises)
    points = []
    for item in problems:
        text = "，".join(dict.fromkeys(in_register(u.text) if u.role == "PROBLEM" else u.text for u in item.units))
        topic = topic_of("，".join(u.text for u in item.units if u.role == "PROBLEM") or text)
        points.append(Point(text, topic=topic["id"] if topic else None, facts=[u.text for u in item.units if u.role == "FACT"]))
    answers: dict[int, list[int]] = {}
    pending: list[tuple[int, str]] = []
    since_last_measure: list[int] = []
    seen_problems = 0
    for index, item in enumerate(measures):
        created = [i for i in range(seen_problems, len(problems)) if problems[i].units[0].sentence < item.units[0].sentence]
        since_last_measure += created
        seen_problems += len(created)
        block = item.units[0].block == "measure" and item.anchor is None
        open_before = [i for i in since_last_measure if i not in answers]
        before = measures[index - 1] if index else None
        beside = next((i for i, ks in answers.items() if index - 1 in ks), None) if before is not None else None
        line_open = [i for i in range(len(problems)) if problems[i].units[0].sentence < item.units[0].sentence and i not in answers]
        named = [i for i in item.units[0].refs if 0 <= i < len(problems)]
        if named:  # "针对2、3：一是…二是…": the n-th measure of the group answers the n-th problem named
            group = [k for k in range(index) if measures[k].units[0].refs == item.units[0].refs]
            answers.setdefault(named[min(len(group), len(named) - 1)], []).append(index)
        elif beside is not None and before.units[0].line == item.units[0].line and before.units[0].item == item.units[0].item and not block \
                and item.anchor is None and len(line_open) <= 1:  # (after several open problems, "措施：A；B；C" answers them one by one)  # "措施：建立提醒清单；重要通知提前3个工作日报送": the label's line answers one point
            answers[beside].append(index)
        elif item.anchor is not None and not (item.loose and any(i not in answers and i != item.anchor for i in range(len(problems)) if problems[i].units[0].sentence < item.units[0].sentence)):
            answers.setdefault(item.anchor, []).append(index)
        elif not block and len(open_before) == 1:
            answers.setdefault(open_before[0], []).append(index)
        elif not block and not open_before and answers and pair_score(item.text, problems[max(answers)].text) > 0 and _same_topic(item.text, problems[max(answers)].text):
            answers[max(answers)].append(index)
        else:
            pending.append((index, item.text))
        since_last_measure = [i for i in since_last_measure if i not in answers]
    _split_groups(measures, points, answers)
    pending = _split_block(pending, measures, points, answers, frozenset(u.item for p in problems for u in p.units))
    for index, _ in list(pending):  # not split: a measure written in a point's list item answers that point
        anchor = measures[index].anchor
        if anchor is not None and anchor not in answers:
            answers[anchor] = [index]
            pending = [(k, t) for k, t in pending if k != index]
    for point_no in answers:
        points[point_no].measure = Measure("")
    for index, point_no in _assign(pending, points).items():
        answers.setdefault(point_no, []).append(index)
        points[point_no].measure = Measure("")
    placed = {k for ks in answers.values() for k in ks}
    unfit = [k for k, text in pending if k not in placed and not any(pair_score(text, p.problem) > 0 for p in points)]
    for k, i in zip(unfit, [i for i in range(len(points)) if i not in answers], strict=False):
        answers[i] = [k]  # a measure no problem's words fit answers, in order, a problem left unanswered
        placed.add(k)
    extra = []
    for index, text in pending:
        if index in placed:
            continue
        best = max(range(len(points)), key=lambda i: pair_score(text, points[i].problem), default=None)
        if best is not None and pair_score(text, points[best].problem) > 0:
            answers.setdefault(best, []).append(index)
        else:
            extra.append(Measure(text))
    texts = {index: text for index, text in pending} | {index: item.text for index, item in enumerate(measures)}
    for i, point in enumerate(points):
        point.measure = Measure(_joined([(measures[k].units[0].item, texts[k]) for k in sorted(answers[i])])) if i in answers else None
    notes = Notes(points, extra + [Measure(text) for text in extra_items], facts=facts)
    notes.followup = followup
    notes.followup_items = [texts for _, texts in followup_items]
    notes.followup_open = [points[i].problem for i in open_promises]
    notes.followup_carried = carried
    return notes


def _joined(said: list[tuple[int, str]]) -> str:
    """The measures of one problem: clauses of one list item joined by "，"; separate list items ("（1）…（2）…") by "；",
    each numbered on its own in the draft."""
    out = ""
    for n, (item, text) in enumerate(said):
        out += ("" if not n else "，" if item == said[n - 1][0] else MEASURE_ITEMS) + text
    return out


def _merge_carried(problems: list[_Item], measures: list[_Item], open_promises: list[int]) -> list[tuple[str, str]]:
    """Last year's promise not kept, said among last year's items ("办事指南要修订，改了一半"), and again as a problem
    of this year ("1、办事指南还是没全部更新，剩下9项"): one problem, this year's words; the promise is named in the
    follow-up paragraph only, with how far it got. Returns (promise, how far) of each promise so merged (measure anchors
    and promise indexes are moved in place)."""
    carried: list[tuple[str, str]] = []
    for i in sorted(open_promises, reverse=True):
        said = problems[i].text
        later = next((j for j in range(i + 1, len(problems)) if j not in open_promises and len(_bigrams(said) & _bigrams(problems[j].text)) >= 3), None)
        if later is None:
            continue
        said_units = list(dict.fromkeys(in_register(u.text) if u.role == "PROBLEM" else u.text for u in problems[i].units))
        carried.insert(0, (said_units[0], "，".join(said_units[1:])))
        del problems[i]
        for m in measures:
            if m.anchor is not None and m.anchor >= i:
                m.anchor = later - 1 if m.anchor == i else m.anchor - 1
        open_promises[:] = [k - (k > i) for k in open_promises if k != i]
    return carried


_TOPIC_ONLY = re.compile(r"(?:那个|这个|这块|那块|的话|方面|这事)$")  # "依申请那个，…": a topic named before its measure, no measure of its own


def _same_topic(measure: str, problem: str) -> bool:
    mine, theirs = topic_of(measure), topic_of(problem)
    return mine is None or theirs is None or mine["id"] == theirs["id"]


def _new_topic(run: list[Any], unit: Any) -> bool:
    """In run-on prose, a clause that states a shortcoming (or a measure) of another topic than the
    point so far starts a new point ("培训少，制度不健全，解读不够": three problems)."""
    if not unit.prose or unit.numbered or unit.role != "PROBLEM":  # a measure is split only by what it answers (_split_block)
        return False
    from .clauses import _patterns, table

    if _patterns()["consequence"].match(unit.raw or unit.text):  # "结果行政复议被纠正了3件": what the problem led to
        return False
    if re.match(r"^(?:其中)?(?:一|另一|另外一|还有一|1)(?:件|个|次|起|条|项|家|份)(?:是|为|则)?", unit.raw or unit.text):  # "有两件超期 一件是…一件是…": the counted ones, one by one
        return False
    if re.match(table()["elliptic"], unit.raw or unit.text):  # "大多是转载，原创的少": a subject left to the point before
        return False
    if unit.role == "PROBLEM" and not unit.features.get("deficiency"):
        return False
    if all(u.role in ("FACT", "PROBLEM") and not u.features.get("deficiency") and not u.features.get("number") and re.search(r"(?:里|中|方面|这块|那块|上面)$", u.text) for u in run):
        return False  # "政府信息公开申请的答复里，有2件超过…": a frame, the shortcoming is said in it
    mine = _topics(unit.text)
    theirs = {t for u in run for t in _topics(u.text)}
    if unit.line != run[-1].line and any(u.features.get("deficiency") for u in run):  # a list written one shortcoming a line, each ending in "，"
        return not (mine & theirs)
    return bool(mine) and bool(theirs) and not (mine & theirs)


@lru_cache(maxsize=4096)
def _topics(text: str) -> frozenset[str]:
    """Every topic a clause names a keyword of (not only the strongest); cached, since a run of
    prose asks it again for every clause before (linear, not quadratic, in a long line)."""
    out = set()
    for topic in topics():
        own = text
        for term in topic.get("not_when", []):
            own = own.replace(term, "")
        if any(k in own for k in topic["keywords"]):
            out.add(topic["id"])
    return frozenset(out)


_DEADLINE_ONLY = re.compile(r"^[^，]{0,10}?(?:前|内|底|起|为止)(?:全部|全面|基本)?(?:完成|到位|落实|办结|实现|做完|建完|搞定)?$")


def _fit(clause: str, problem: str) -> float:
    """How well a clause of a measure fits a problem; "6月底前完成" (a deadline only) fits none: it goes with the clause before it."""
    return 0.0 if _DEADLINE_ONLY.match(clause) else pair_score(clause, problem)


def _split_groups(measures: list[_Item], points: list[Point], answers: dict[int, list[int]]) -> None:
    """"第1、2条一起：统一修订目录，同步印发答复文书范本": a group that names more problems than it has measures
    gives each named problem left without one the clause of the group's measures its words fit best."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for index, item in enumerate(measures):
        if item.units[0].refs:
            groups.setdefault(tuple(item.units[0].refs), []).append(index)
    for refs, members in groups.items():
        named = [i for i in refs if 0 <= i < len(points)]
        left = [i for i in named if i not in answers]
        if not left or len(members) >= len(named):
            continue
        for i in left:
            best = max(((pair_score(u.text, points[i].problem), k, u) for k in members for u in measures[k].units
                        if len(measures[k].units) > 1), key=lambda t: t[0], default=None)
            if best is None or best[0] <= 0:
                continue
            _, k, unit = best
            measures[k].units.remove(unit)
            measures.append(_Item("measure", [unit]))
            answers.setdefault(i, []).append(len(measures) - 1)


_HELPER = re.compile(r"^(?:让|请|叫|由)[\u4e00-\u9fff]{1,8}(?:帮|协助|配合|盯|督促|负责)")


def _split_block(pending: list[tuple[int, str]], measures: list[_Item], points: list[Point], answers: dict[int, list[int]],
                 problem_items: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """"明年要再配一个兼职的，平台的事找厂家改一下" after three open problems: a measure of several clauses, each
    with its own verb, whose clauses fit distinct open problems by their words, answers them one by one."""
    from .register import has_verb

    free = [i for i in range(len(points)) if i not in answers]
    if not free:
        return pending
    out: list[tuple[int, str]] = []
    for index, text in pending:
        own = {u.item for u in measures[index].units}
        if measures[index].units[0].numbered and len(own) == 1 and not own & problem_items:
            # "1.征集期不少于30日，通过新媒体推送，结果公开反馈": a list item of its own is one measure
            # (not "二是…不够及时。明年要做好解读同步，信息更新实行日报告", inside a problem's item)
            out.append((index, text))
            continue
        clauses = [u.text for u in measures[index].units]
        fits = [max(range(len(points)), key=lambda i: (_fit(c, points[i].problem), i in free)) for c in clauses]
        helper = [bool(_HELPER.match(u.raw or u.text)) for u in measures[index].units]  # "让乡镇纪委帮着盯一下": who helps with the clause before
        if (len(clauses) > 1 and not any(helper[1:]) and len(set(fits)) == len(clauses) and all(_fit(c, points[i].problem) > 0 and not _TOPIC_ONLY.search(c) for c, i in zip(clauses, fits, strict=True))
                and any(i in free for i in fits)):
            for c, i in zip(clauses, fits, strict=True):
                answers.setdefault(i, [])
                measures.append(_Item("measure", [u for u in measures[index].units if u.text == c]))
                answers[i].append(len(measures) - 1)
            free = [i for i in free if i not in fits]
            continue
        runs: list[tuple[int, list[Any]]] = []  # "公示栏挪到村口广场，乡情介绍年底前更新，以后每年一月份更新一次": a clause that fits
        for unit, i in zip(measures[index].units, fits, strict=True):  # no other problem goes on with the one before it
            if runs and (i == runs[-1][0] or _fit(unit.text, points[i].problem) <= 0 or _HELPER.match(unit.raw or unit.text)):
                runs[-1][1].append(unit)
            else:
                runs.append((i, [unit]))
        if (1 < len(runs) < len(clauses) and len({i for i, _ in runs}) == len(runs) and any(i in free for i, _ in runs)
                and all(_fit(us[0].text, points[i].problem) > 0 and not _TOPIC_ONLY.search(us[0].text) for i, us in runs)):
            for i, us in runs:
                measures.append(_Item("measure", us))
                answers.setdefault(i, []).append(len(measures) - 1)
            free = [i for i in free if i not in {j for j, _ in runs}]
            continue
        if len(clauses) >= 3 and len(clauses) == len(free) and all(has_verb(c) and not _TOPIC_ONLY.search(c) for c in clauses):  # "建立清单，解读搞点短视频，开展开放日": one each, in order
            for c, i in zip(clauses, free, strict=True):
                measures.append(_Item("measure", [u for u in measures[index].units if u.text == c]))
                answers.setdefault(i, []).append(len(measures) - 1)
            free = []
            continue
        out.append((index, text))
    return out
