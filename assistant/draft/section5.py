"""Section 五 in the genre: problems in the official register, then the measures numbered like
the problems they answer, in one of the two forms real reports use —

- "paragraph": "……主要表现在：一是……；二是……。下一步，我局将从以下方面加以改进：一是……"
- "sections":  "（一）存在的主要问题。……一是……\\n（二）改进情况。……一是……"

A problem the notes give no measure for gets a suggestion from the library of measure
phrasings (assistant/vocab/measures.toml), marked as one. Never a verb glued onto a problem,
never the same clause twice, no number that is not in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from ..errors import DraftRefused
from .notes import _NUMBER, MEASURE_ITEMS, Measure, Notes, _compiled, is_glued, lexicon, starts_with_measure_verb, topic_of, topics

Form = Literal["paragraph", "sections"]
FORMS: tuple[Form, ...] = ("paragraph", "sections")
_CLAUSE = re.compile(r"[，。；：]")


SUGGESTED = "【建议】"  # before a measure the tool suggests (the notes give none for its problem)
TO_CONFIRM = "【待核实】"  # before anything drawn from last year's report
YEAR_TO_CHECK = "【待核实：笔记写的是{year}年度报告的情况，请确认与本报告年度一致】"  # the notes name another year's report than the one asked for
NO_PROBLEMS = "【待补：笔记未写明本年度存在的问题，请补充】"
TO_WRITE = "【待补：请填写针对“{problem}”的措施】"  # a problem the notes leave unanswered and the library cannot


def we(agency: str | None, said: str | None = None) -> str:
    """How the body names itself (我局 / 我委 / 我区 / 我县 …): as the notes say it when they do (``said``),
    else by rule from the kind of body its name ends with (人民政府, 政府 and their 办公室/办 name the
    place); 本机关 when the name tells nothing."""
    if said:
        return said
    if not agency:
        return "本机关"
    government = re.search(r"(?:人民)?政府(?:办公室|办公厅|办)?$", agency)
    name = agency[:government.start()] if government else agency
    for suffix, word in (("局", "我局"), ("委员会", "我委"), ("委", "我委"), ("办", "我办"), ("办事处", "我办"), ("区", "我区"), ("县", "我县"), ("市", "我市"),
                         ("旗", "我旗"), ("镇", "我镇"), ("乡", "我乡"), ("街道", "我街道"), ("厅", "我厅"), ("中心", "我中心")):
        if name.endswith(suffix):
            return word
    return "本机关"


def as_measure(text: str, topic_id: str | None = None) -> str:
    """A measure reads as an action: it keeps its own verb, a noun phrase of work gets 开展
    ("图解和视频解读" → "开展图解和视频解读"), a sentence with its own subject stays, anything
    else gets the verb its topic takes ("视频号运营" → "加强视频号运营")."""
    cues = lexicon()["cues"]
    if starts_with_measure_verb(text):
        return text
    from .register import has_verb

    if has_verb(text.split("，")[0], _compiled()["kaizhan"]):  # it has its verb: never a second one glued on
        return text
    if re.match(r"^(每月|每周|每季度|每半年|每年|定期)", text) and not any(v in text for v in cues["verbs_anywhere"]):
        return re.sub(r"^(每月|每周|每季度|每半年|每年|定期)", r"\1开展", text)
    head = text.split("，")[0]
    if _compiled()["kaizhan"].search(head) and not any(v in head[:-2] for v in cues["verbs_anywhere"]):
        return "开展" + text
    if any(v in head for v in cues["verbs_anywhere"]):
        return text
    if _NUMBER.search(head) or re.search(r"每|前|后|以内|之内|季度|年度|半年|月底|年底|年内", head):  # a time or a count: a sentence, not a bare noun phrase
        return text
    topic = next((t for t in topics() if t["id"] == topic_id), None) or topic_of(text)
    verb = topic["verb"] if topic else "加强"
    candidate = verb + text
    return text if is_glued(candidate) else candidate


def with_subject(measure: str, problem: str) -> str:
    """A measure too short to say what it acts on borrows its problem's subject
    ("每月更新" answering "公开栏更新不及时" → "公开栏每月更新")."""
    cues = lexicon()["cues"]
    lead = re.match(cues["needs_subject"], measure)  # "压缩到10个工作日以内", "确保每周更新": a target without what it is of
    target = lead is not None and not lead.group(1) and re.match(r"压缩|缩短|提高|提升|降低|控制", measure) is not None  # "压缩到…": of what the problem says is short
    if not problem or (not target and (topic_of(measure) is not None or (len(measure) > 5 and not lead))):
        return measure
    words = [*cues["problem"]] if target else [*cues["verbs_anywhere"], *cues["problem"], "有", "存在", "的"]
    end = min((i for i in (problem.find(w) for w in words) if i > 0), default=0)
    if not target:  # the leading nouns say what the problem is about ("乡镇公开栏内容陈旧" → "乡镇公开栏内容")
        from .notes import _problem_cue
        from .register import _tokens

        nouns = ""
        for word, flag in _tokens(problem.split("，")[0]):
            if flag[:1] in ("v", "a", "d", "p", "c", "u", "m", "q", "r", "t", "f") or word in ("上年度", "本年度", "全年") or _problem_cue(word):
                break
            nouns += word
        first = problem.split("，")[0]
        named = max((first.find(k) + len(k) for t in topics() for k in t["keywords"] if k in first and first.find(k) + len(k) <= 10), default=0)
        end = max(len(nouns), named) if 1 < max(len(nouns), named) <= 10 else end  # "政务新媒体两个账号": what the topic words name
    subject = re.sub(r"上年度|本年度|今年|去年|全年", "", problem[:end])  # the subject, not its time
    end = len(subject)
    if not 1 < end <= 10 or any(subject.count(o) != subject.count(c) for o, c in ("“”", "（）", "《》", "()")):  # never cut inside a quote
        return measure
    if not 1 < end <= 10:
        return measure
    problem = subject
    if re.match(r"^(每月|每周|每季度|每半年|每年|定期)\w{1,2}$", measure):  # "每月检查" → "每月检查政府网站栏目"
        return measure + problem[:end]
    if lead and lead.group(1):  # "确保每周更新" → "确保栏目每周更新"
        return lead.group(1) + problem[:end] + measure[len(lead.group(1)):]
    return problem[:end] + measure


_GENERIC_PAIRS = {"政务", "公开", "信息", "政府", "工作", "不够", "不足", "存在", "问题", "部分", "开展", "加强", "提升", "及时", "不及", "进一", "一步"}


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def suggest(notes: Notes) -> None:
    """For each problem the notes answer with none: a library measure of the problem's own topic,
    marked suggested, or else a placeholder asking the clerk for the measure (never a filler).
    The topic is read from the problem's first clause, what it is about ("办事指南要素不全，部分
    事项缺少办理时限" is about 办事指南, not about 依申请 deadlines)."""
    used: set[str] = set()
    for point in notes.points:
        if point.measure is not None and not _NO_MEASURE.match(point.measure.text):
            continue
        if point.no_measure:  # "人员的事领导说明年再议，先不写措施": the clerk's call, said to them
            notes.flags.append(f"笔记说“{_short(point.no_measure, 30)}”，草稿未为“{_short(point.problem)}”补充措施，请确认。")
            continue
        if point.measure is None and _NO_PROBLEM.search(point.problem) and not _BUT.search(point.problem):
            continue  # "其他的无明显问题": the clerk says there is no problem; it asks for no measure
        if point.measure is not None:  # "（暂无，编制问题）": the clerk says there is none; it is no clause of the draft
            said = point.measure.text
            notes.clauses = [c for c in notes.clauses if not (c.side == "measure" and c.text.strip() and c.text in said)]
            notes.flags.append(f"笔记对“{_short(point.problem)}”写明暂无措施（{said.strip('（()） ')}），草稿中已补充措施并标明，请确认。")
        subject = point.problem.split("，")[0]
        choice = _fitting(subject, used)
        if choice is not None:
            used.add(choice["text"])
            point.measure = Measure(SUGGESTED + choice["text"], suggested=True, source=choice["source"])
        else:
            point.measure = Measure(TO_WRITE.format(problem=point.problem if len(point.problem) <= 24 else _short(subject)), placeholder=True)


# A "problem" that says there is none ("其他的无明显问题", "问题也不算多", "别的都还好") or that last year's promise is
# kept ("上年度报告提出的…，本年度5月已完成"): no measure is asked for it.
_NO_PROBLEM = re.compile(r"^(?:上年度|去年|上年)[^，。；]{0,30}(?:报告|年报)[^。；]{0,40}(?:已完成|已落实|已兑现|已建立|已上线|已建成)|无明显问题|没(?:啥|什么)(?:大)?问题|问题(?:也|倒)?不(?:算|太)?多|无特别需要说明|无需赘述|(?:别的|其他的?|其它的?)(?:都|倒|也)?(?:还)?(?:好|行|可以|正常)")
_BUT = re.compile(r"但|不过|只是|然而|仍有|还有|存在")
# A measure slot the clerk filled with "none" ("（暂无，编制问题）", "暂无", "待定", "没想好"): the problem has no measure.
_NO_MEASURE = re.compile(r"^[（(\s]*(?:暂无|暂时没有|暂时无|没有|无|待定|待议|暂缺|没想好|还没想好|想不出|没办法|没法)(?:措施|办法|对策)?"
                         r"\s*(?:[，,、：:；;]\s*[^，,。；;（()）]{0,12})?[）)。\s]*$")


def _fitting(subject: str, used: set[str]) -> dict[str, str] | None:
    """The library sentence for what the problem is about. Topics are read without the terms that
    name another thing (办事指南 is no 公开指南). When the problem names several topics, the one
    named last is what it is about — the head of the phrase ("政务新媒体留言回复不及时" is about
    留言, not 新媒体; "依申请公开答复文书不规范" about 答复文书). A topic named by one of its own
    keywords fits; one named only by a weak keyword (申请, 业务 …) fits when its sentence also
    shares a specific word with the problem; otherwise the clerk is asked."""
    best: tuple[int, int, dict[str, Any], bool] | None = None
    for topic in topics():
        own = subject
        for term in topic.get("not_when", []):
            own = own.replace(term, "\0" * len(term))  # keep the positions
        weak = set(topic.get("weak", []))
        cues = topic.get("cues", topic["keywords"])
        hits = [(own.rfind(k) + len(k), len(k), k in weak) for k in cues if k in own]
        if not hits:
            continue
        end, length, is_weak = max(hits, key=lambda h: (h[0], h[1], not h[2]))
        if best is None or (end, length) > (best[0], best[1]):
            cue = own[end - length:end]
            best = (end, length, topic, is_weak, _modifier(own[:end - length], cues) if cue.endswith(_kinds_of()) else "")
    if best is None:
        return None
    said = _pairs(subject) - _GENERIC_PAIRS
    if best[3]:  # a weak keyword is no shared word of its own ("申请人反馈" and a 依申请 sentence share only 申请)
        said -= {p for k in best[2].get("weak", []) for p in _pairs(k)}
    other = _pairs(best[4]) - _GENERIC_PAIRS  # the main noun is another thing ("统计公报" is no 政府公报): only a sentence naming it fits
    options = sorted(best[2]["suggestions"], key=lambda s: -len(_pairs(s["text"]) & said))  # the closest wording first
    return next((s for s in options if s["text"] not in used and (not best[3] or _pairs(s["text"]) & said)
                 and (not other or _pairs(s["text"]) & other)), None)


# Words before a topic's noun that leave it the same thing (部分栏目, 政府信息公开指南, 局网站).
_SAME_KIND = ("部分", "个别", "有的", "有些", "一些", "少数", "多数", "大部分", "相关", "有关", "主要", "重点", "现有", "专题",
              "门户", "政府", "政务", "信息", "公开", "全区", "全市", "全县", "本局", "我局", "本级", "各级", "各", "本", "局", "区",
              "市", "县", "原", "新", "的", "本年度", "上年度", "年度", "今年", "去年", "全年", "年内", "近年来", "目前", "当前")
_FUNCTION = set("不未没较偏被与和及、，或后前中内仅只均都已尚等在对从把将为是有无很太过了着")


@cache
def _kinds_of() -> tuple[str, ...]:
    import tomllib
    from importlib.resources import files

    return tuple(tomllib.loads(files("assistant").joinpath("vocab/measures.toml").read_text(encoding="utf-8")).get("kinds_of", ()))


@cache
def _all_cues() -> frozenset[str]:
    return frozenset(k for t in topics() for k in t.get("cues", t["keywords"]))


def _modifier(before: str, cues: list[str]) -> str:
    """The content word right before the cue that makes the problem's main noun another thing than
    the topic's ("部分统计公报" → 统计, "征地信息公开栏目" → 征地, "招生信息公开栏" → 招生), or "" when the
    noun is the topic's own: nothing or only words of the same kind before it (部分栏目, 政府信息公开指南),
    another cue of the topic in the phrase (政府网站部分栏目, 村务公开栏), or a function word between
    (文件不同步: the cue is a predicate there, not a noun with a modifier)."""
    run = re.split(r"[^\u4e00-\u9fff]", before)[-1]
    if not run or run[-1] in _FUNCTION or any(c in run for c in cues) or any(k in run for k in _all_cues()):
        return ""  # another topic's noun before the cue: the head decides (政务新媒体留言 is about 留言)
    stripped = True
    while run and stripped:
        stripped = False
        for word in sorted(_SAME_KIND, key=len, reverse=True):
            if run.endswith(word):
                run, stripped = run[:-len(word)], True
                break
    if not run or run[-1] in _FUNCTION:
        return ""
    word = re.split("[" + "".join(sorted(_FUNCTION)) + "]", run)[-1]
    return word if len(word) >= 2 else ""


def _short(problem: str, limit: int = 16) -> str:
    return problem if len(problem) <= limit else problem[:limit] + "…"


def detect_form(section5_text: str | None) -> Form:
    """The form a body's own last section 五 was written in (paragraph when unknown)."""
    if not section5_text:
        return "paragraph"
    if re.search(r"(?m)^\s*[（(]一[)）]", section5_text) and re.search(r"(?m)^\s*[（(]二[)）]", section5_text):
        return "sections"
    if re.search(r"(?m)^\s*(?:存在(?:的主要)?问题|主要问题)[：:。]", section5_text) and re.search(r"(?m)^\s*(?:改进(?:情况|措施)|整改措施)[：:。]", section5_text):
        return "sections"
    return "paragraph"


def _unique(text: str, seen: set[str]) -> str:
    """The clauses of a text not written before (a clause is never said twice)."""
    kept = []
    for clause in text.split("，"):
        key = clause.strip()
        if key and key not in seen:
            seen.add(key)
            kept.append(key)
    return "，".join(kept)


@dataclass
class Composed:
    text: str
    measures: list[Measure] = field(default_factory=list)  # in the order written, as worded in the text


@dataclass
class LastYear:
    """The body's previous report as the index holds it: its section 五 (None: not indexed)."""

    section5: str | None
    year: int | None = None


def last_year_measures(section5: str) -> list[str]:
    """The measures a section 五 promised: its numbered items after 下一步 / （二） / a measures heading,
    each cut to its first sentence, list marks and 下一步 removed."""
    starts = [m.start() for m in re.finditer(r"(?m)一是|[（(]1[)）]|^\s*1[、.．]", section5)
              if re.search(r"将|下一步|措施|改进|打算|计划|抓好|整改|重点", section5[max(0, m.start() - 40):m.start()])]
    items = re.split(r"(?m)[二三四五六七八九十]是|[（(]\d[)）]|^\s*\d[、.．]", section5[starts[-1]:])[0:] if starts else []
    items = [re.sub(r"^(?:一是|[（(]1[)）]|1[、.．])", "", i) for i in items]
    if not items:
        match = re.search(r"(?:改进措施|整改措施|改进情况|下一步工作|工作打算)[：:。]?\s*\n?(.*)", section5, re.S)
        items = re.split(r"\n+|[；;]", match.group(1)) if match else []
    kept = []
    for item in items:
        item = re.sub(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[一二三四五六七八九十]+是)\s*", "", item.strip())
        item = re.split(r"[。；;]", item.replace("\n", ""))[0].replace("下一步", "").strip("，,：: ")
        pieces = re.split(r"[，,]", item)
        if len(pieces) > 1 and re.match(lexicon()["style"]["followup_lead_in"], pieces[0]):
            pieces = pieces[1:]  # "严格按照《条例》有关规定，进一步强化…": the measure is what follows
        item = pieces[0]
        for piece in pieces[1:]:  # whole clauses, up to about forty characters
            if len(item) + len(piece) + 1 > 40:
                break
            item += "，" + piece
        if len(_CJK.findall(item)) >= 4 and "（二）" not in item:
            kept.append(item)
    return kept[:6]


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _why_not_kept(problem: str) -> str:
    """How far last year's promise got, as the notes say it ("因预算未落实，未能完成" → "本年度未能完成",
    "由于承建公司变更，到年底仅完成一半" → "本年度仅完成一半"); "" when the notes give no reason (the draft says 尚未全部完成)."""
    clauses = problem.split("，")[1:]
    if not clauses or not any(re.match(r"(?:因为?|由于|受)", c) for c in clauses):
        return ""
    last = re.sub(r"^(?:到|至|截至)?(?:年底|年末|目前|现在)", "", clauses[-1])
    return "本年度" + last if re.search(r"未能|仅|只|尚未|没|未完成", last) else ""  # the reason stays with the problem, said once


def _promise(problem: str) -> str:
    """What last year's report promised, from the problem that says it was not kept
    ("上年度报告提出要“年内完成目录梳理”，结果仅…" → "“年内完成目录梳理”")."""
    first = problem.split("，")[0]
    quoted = re.search(r"“[^”]+”", first)
    promised = re.search(r"(?:上年度|上一年度)(?:报告)?(?:中|里)?(?:也)?(?:提出|承诺|说|写)(?:了)?(?:要|的)?(“[^”]+”)", problem)
    if quoted is None and promised:  # "…仅我一个人兼职，上年度报告也写了要“配齐配强”": what was promised is quoted later
        return promised.group(1)
    if quoted:
        return quoted.group(0)
    lead = re.search(r"(?:上年度|上一年度)(?:报告)?(?:中|里)?(?:也)?(?:提出|承诺|说)(?:要|的)?", first)
    if lead is None:  # "政策问答库仅做了一半" (under a follow-up heading): what it names before what became of it
        subject = re.split(r"仅|只|尚未|还没|没有|没|未|仍|结果|[（(]", first)[0].strip("，、 ")
        return f"“{subject}”" if len(_CJK.findall(subject)) >= 3 else "有关事项"
    rest, before = first[lead.end():].strip("，、 "), re.sub(r"[（(][^）)]*[）)]", "", first[:lead.start()]).strip("，、 ")
    rest = re.split(r"尚未|还没|没有|未完成|未能|仍|结果", rest)[0].rstrip("的，、 ")  # what was promised, not what became of it
    if re.match(r"^[\u4e00-\u9fff]{1,2}的[\u4e00-\u9fff]{4}", rest):
        rest = rest[rest.index("的") + 1:]  # "建的政策文件库" → "政策文件库"
    if len(_CJK.findall(rest)) < 4 and before:  # "政务公开专区上年度报告提出要建的": what was to be built is said before
        return f"“{before}”"
    return f"“{rest}”" if rest else "有关事项"


def _names_problem(clause: str) -> bool:
    """A short clause that only names a shortcoming ("征地信息公开不全"): no number, no deed, no plan."""
    from .clauses import features

    f = features(clause)
    return f["deficiency"] and not (f["number"] or f["kept"] or f["plan"] or f["lastyear"]) and len(clause) <= 20


def followup_paragraph(notes: Notes, agency: str | None, last_year: LastYear | None) -> str | None:
    """上年度问题改进情况: from the notes when they say it (unmarked: the clerk wrote it); else from
    the measures of last year's section 五 in the index, marked 【待核实】; else said absent."""
    style = lexicon()["style"]
    said = ""
    if notes.followup:
        first, *rest = notes.followup
        lead = _compiled()["followup_lead"]
        # "上年度承诺的公开专区已经建成投用" says what became of it in one clause: it is said as written
        led = bool(lead.search(first)) and not re.search(lexicon()["clauses"]["kept"], lead.sub("", first))
        body = "，".join([lead.sub("", first) if led else first, *rest])
        template = style["followup_notes"] if led else style["followup_notes_plain"]
        said = template.format(we=we(agency, notes.self_name), text=body)
        if not led and rest and _names_problem(first):  # "征地信息公开不全，本年度已全部挂网": the problem named, then what was done
            said = style["followup_problem"].format(problem=first, text="，".join(rest))
        items = notes.followup_items
        if len(items) > 1 and sum(len(i) for i in items) == len(notes.followup) and all(len(i) > 1 and _names_problem(i[0]) for i in items):
            said = style["followup_items"].format(items="；".join(style["followup_item"].format(problem=i[0], text="，".join(i[1:])) for i in items))  # one per item
    for promise, how_far in notes.followup_carried:  # "办事指南要修订——改了一半" and again among this year's problems: how far it got, said here
        template = style["followup_carried_also" if said else "followup_carried"] if how_far else style["followup_open_also" if said else "followup_open"]
        said += template.format(items=f"“{promise}”", status=re.sub(r"^(?:本年度|今年)[，,]?", "", how_far))
    if notes.followup_open:  # last year's promise not kept: it is among this year's problems, and said so here
        names = "、".join(_promise(p) for p in notes.followup_open)
        said += style["followup_open_also" if said else "followup_open"].format(items=names)
        if len(notes.followup_open) == 1 and _why_not_kept(notes.followup_open[0]):  # "因预算未落实，未能完成": said as written
            said = said.replace("本年度尚未全部完成", _why_not_kept(notes.followup_open[0]), 1)
    if last_year is None:
        return said or None
    measures = last_year_measures(last_year.section5 or "")
    if not measures:
        return said or style["followup_absent"].format(we=we(agency, notes.self_name))
    indexed = style["followup_index_also" if said else "followup_index"].format(we=we(agency, notes.self_name), items="；".join(measures))
    return said + indexed if said else TO_CONFIRM + indexed  # beside what the notes say, last year's other measures are for the clerk to fill in


def _opening(notes: Notes, agency: str | None, year: int | None, has_followup: bool) -> str:
    """An opening chosen by what the notes hold (genre openings are data, [[opening]] in notes.toml)."""
    import zlib

    facts = bool(notes.facts) or any(_NUMBER.search(p.problem) for p in notes.points)
    holds = {"any": True, "followup": has_followup, "facts": facts, "problems_only": all(p.measure is None or p.measure.suggested for p in notes.points),
             "many": len(notes.points) >= 4, "few": len(notes.points) <= 2}
    options = [o for o in lexicon()["opening"] if all(holds.get(c, False) for c in o["when"])]
    best = max(len(o["when"]) for o in options)
    options = [o for o in options if len(o["when"]) == best]
    chosen = options[zlib.crc32("".join(p.problem for p in notes.points).encode()) % len(options)]
    when = f"{year}年，" if year else "本年度，"
    return chosen["text"].format(when=when, we=we(agency, notes.self_name))


_NEXT_YEAR = re.compile(r"(?<=([\u4e00-\u9fff\d]))?下一年度")
# a deadline in January–September: the report is drafted from November to February, so it can only be the coming
# year's; October–December may be the report year's own (notes written in its autumn) and stay as written
_MONTH_DUE = re.compile(r"(?<![年\d])(?<!每)([1-9]月)(?=底|末|前|份|中旬|上旬|下旬|内)")


def _dated(measure: str, year: int) -> str:
    """A measure's relative dates as the year the clerk means (the year after the report's): 下一年度 → 于2026年,
    "3月底前" → "2026年3月底前" (not "12月底前": see _MONTH_DUE)."""
    measure = _NEXT_YEAR.sub(lambda x: ("于" if x.group(1) and x.group(1) not in "于在到至从自" else "") + f"{year}年", measure)
    return _MONTH_DUE.sub(lambda x: f"{year}年{x.group(1)}", measure)


def compose(notes: Notes, agency: str | None = None, year: int | None = None, form: Form = "paragraph",
            last_year: LastYear | None = None) -> Composed:
    """The deterministic section 五: last year's follow-up (when known), the problems with their
    facts, then the measures numbered like the problems they answer."""
    style = lexicon()["style"]
    ordinals = style["ordinals"]
    seen: set[str] = set()
    problems = []
    for point in notes.points:
        problem = _unique(point.problem, seen)
        if problem:
            problems.append(problem)
    written: list[Measure] = []
    entries = [(p.measure, p.topic, p.problem) for p in notes.points if p.measure is not None] + [(m, None, "") for m in notes.extra_measures]
    for measure, topic, problem in entries:
        own = not (measure.suggested or measure.placeholder)
        for part in (measure.text.split(MEASURE_ITEMS) if own else [measure.text]):  # separate list items: numbered one by one
            text = _unique(as_measure(with_subject(part, problem), topic) if own else part, seen)
            if text:
                written.append(Measure(text, measure.suggested, measure.source, measure.placeholder))
    numbered_problems = "；".join(f"{ordinals[min(i, len(ordinals) - 1)]}{p}" for i, p in enumerate(problems))
    if not problems:  # the notes state no problem of this year: never an empty list after "主要表现在："
        numbered_problems = NO_PROBLEMS
    if year:  # "下一年度一季度", "3月底前" in the report of 2025 are of 2026: a report is read after its year, a relative date misleads
        written = [Measure(_dated(m.text, year + 1) if not m.suggested else m.text, m.suggested, m.source, m.placeholder) for m in written]
    numbered_measures = "；".join(f"{ordinals[min(i, len(ordinals) - 1)]}{m.text}" for i, m in enumerate(written))
    followup = followup_paragraph(notes, agency, last_year)
    facts = style["facts"].format(facts="，".join(notes.facts)) if notes.facts else ""
    if form == "sections":
        when = f"{year}年，" if year else ""
        text = style["section_problems"] + facts + style["section_problems_lead"].format(when=when, we=we(agency, notes.self_name)) + numbered_problems + "。"
        if written:
            text += "\n" + style["section_measures"] + style["section_measures_lead"].format(we=we(agency, notes.self_name)) + numbered_measures + "。"
    else:
        text = facts + _opening(notes, agency, year, bool(notes.followup)) + numbered_problems + "。"  # an unconfirmed list says nothing was done
        if written:
            text += style["improvements"].format(we=we(agency, notes.self_name)) + numbered_measures + "。"
    if followup:
        text = followup + "\n" + text
    return Composed(text, written)


# ------------------------------------------------------------------ checks of a draft

@dataclass
class DraftCheck:
    """What is wrong with a draft, if anything."""

    unsupported_numbers: list[str]
    missing_problems: list[str]
    numbered: bool
    missing_measures: list[str] = field(default_factory=list)
    glued: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # clauses (or numbers) of the notes missing from their side, or said twice

    @property
    def ok(self) -> bool:
        return self.numbered and not (self.unsupported_numbers or self.missing_problems or self.missing_measures or self.glued or self.repeated
                                      or self.english or self.lost)

    def reasons(self) -> list[str]:
        """One Chinese phrase per fault."""
        faults = [("出现笔记中没有的数字：", self.unsupported_numbers, "、"), ("漏掉了问题：", self.missing_problems, "；"),
                  ("漏掉了措施：", self.missing_measures, "；"), ("措施把动词套在问题上：", self.glued, "；"),
                  ("同一句话重复出现：", self.repeated, "；"), ("留有英文：", self.english, "、"), ("笔记内容缺失或放错位置：", self.lost, "；")]
        reasons = [label + joiner.join(items) for label, items, joiner in faults if items]
        return reasons + ([] if self.numbered else ["缺少“一是……二是……”的编号结构"])


def _timeless(text: str) -> str:
    """A clause as the checks read it: "下一年度" is written as the year itself in the draft (compose)."""
    return text.replace("下一年度", "")


def _covered(item: str, draft: str) -> bool:
    """Most of an item's two-character words are in the draft."""
    item = _timeless(item)
    words = {item[i:i + 2] for i in range(len(item) - 1) if re.match(r"[\u4e00-\u9fff]{2}", item[i:i + 2])}
    return not words or len({w for w in words if w in draft}) >= 0.6 * len(words)


def measures_in(draft: str) -> list[str]:
    """The numbered measures of a drafted section (after 下一步 / （二）)."""
    start = max(draft.find("下一步"), draft.find("（二）"))
    if start < 0:
        return []
    return [m.strip("。；") for m in re.split(r"[一二三四五六七八九十]+是", draft[start:])[1:]]


def _repeated(text: str) -> set[str]:
    clauses = [c.strip() for c in _CLAUSE.split(text) if len(c.strip()) > 4]
    return {c for c in clauses if clauses.count(c) > 1}


def check_section5(draft: str, notes: Notes, allowed: set[str] = frozenset()) -> DraftCheck:  # type: ignore[assignment]
    """Numbered, every problem and measure of the notes covered, no number from nowhere, no verb
    glued to a problem, no clause said twice, no English."""
    years = {str(notes.year), str(notes.year + 1)} if notes.year else set()  # the year the notes name, and the one after (下一年度)
    numbers = [n for n in _NUMBER.findall(draft) if n not in notes.numbers and n not in allowed and n not in years]
    missing = [p.problem for p in notes.points if not _covered(p.problem, draft)]
    missing_measures = [p.measure.text for p in notes.points if p.measure and not p.measure.suggested and not _covered(p.measure.text, draft)]
    parts = regions(draft)  # the follow-up may name last year's promise that a problem states again: a repeat is within one part
    repeated = sorted({c for part in (parts["followup"], draft[len(parts["followup"]):]) for c in _repeated(part)})
    glued = [m for m in measures_in(draft) if is_glued(m)]
    from .glossary import kept_as_written

    english = [w for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"【待译：[^】]*】", "", draft)) if not kept_as_written(w)]
    numbered = ("一是" in draft and "二是" in draft) if len(notes.points) > 1 else ("一是" in draft or len(notes.points) <= 1)
    return DraftCheck(numbers, missing, numbered, missing_measures, glued, repeated, english, lost_clauses(draft, notes))


_SIDE_NAMES = {"problem": "问题", "fact": "问题所附事实", "measure": "措施", "followup": "上年度改进情况"}


_PLACEHOLDER = re.compile(r"【待补：请填写针对“[^”]*”的措施】")


def regions(draft: str) -> dict[str, str]:
    """The draft cut into its sides: the follow-up paragraph (first line, when it is one), the
    problems (facts with them) and the measures (after 下一步 / （二））."""
    lines = draft.split("\n")
    followup = ""
    if len(lines) > 1 and re.match(r"^(?:【待核实】|【待补】)?(?:针对上年度|关于上年度|知识库中未收录)", lines[0]):
        followup, draft = lines[0], "\n".join(lines[1:])
    cut = max(draft.find("下一步"), draft.find("（二）"))
    problems, measures = (draft[:cut], draft[cut:]) if cut >= 0 else (draft, "")
    measures = _PLACEHOLDER.sub("", measures)  # a placeholder names its problem: that is no clause said twice
    return {"followup": followup, "problem": problems, "fact": problems, "measure": measures}


def _words(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if re.match(r"[\u4e00-\u9fff]{2}", text[i:i + 2])}


def lost_clauses(draft: str, notes: Notes) -> list[str]:
    """The hard check before output: every number of the notes (list numbers aside) is in the
    draft, and every clause read from the notes is on its side — its numbers there, most of its
    word pairs there — and not written again on the other side. Each failure names the clause."""
    parts = regions(draft)
    lost = [f"数字 {n}" for n in sorted(notes.numbers) if n not in draft]
    for clause in notes.clauses:
        text = _timeless(re.sub(r"^(?:【建议】)", "", clause.text))
        region = parts[clause.side]
        words = _words(text)
        numbers_there = all(n in region for n in _NUMBER.findall(text))
        words_there = not words or len({w for w in words if w in region}) >= 0.6 * len(words)
        other = parts["measure"] if clause.side in ("problem", "fact") else parts["problem"] if clause.side == "measure" else ""
        twice = len(text) > 6 and text in other
        if not (numbers_there and words_there) or twice:
            lost.append(f"{_SIDE_NAMES[clause.side]}“{text}”")
    return lost



# ------------------------------------------------------------------ the whole job

@dataclass
class Section5Draft:
    text: str  # the draft to show (the model's when it passed every guard, else the deterministic one)
    deterministic: str
    notes: Notes
    form: Form = "paragraph"
    measures: list[Measure] = field(default_factory=list)  # as written, in order (suggestions marked)
    model_text: str | None = None
    check: DraftCheck | None = None
    examples: list[str] = field(default_factory=list)  # citations of the style examples a model saw
    flags: list[str] = field(default_factory=list)
    colloquial: list[str] = field(default_factory=list)  # colloquial words the finished draft still holds (the detector's list)


def _colloquial_check(result: Section5Draft) -> Section5Draft:
    """The colloquial-word detector on the finished draft: what is left is listed (and named to the clerk)."""
    from .register import colloquial

    result.colloquial = colloquial(result.text)
    if result.colloquial:
        result.flags.append("草稿中仍有口语化用词：" + "、".join(dict.fromkeys(result.colloquial)) + "，请改为公文用语。")
    return result


def _read_by_model(reader: object, text: str) -> tuple[Notes | None, str | None]:
    """The notes as the model read them (its sides and pairing as given), or None and the line saying why
    the rules read them instead."""
    from .model_reading import read_by_model, to_notes

    reading, why = read_by_model(reader, text)
    return (to_notes(reading, text), None) if reading is not None else (None, why)


@dataclass
class _Drafted:
    notes: Notes
    composed: Composed
    check: DraftCheck
    allowed: set[str]
    flags: list[str]


def _drafted(notes: Notes, agency: str | None, year: int | None, form: Form, last_year: LastYear | None, facts_numbers: set[str]) -> _Drafted:
    """Suggest what the notes leave unanswered, compose, and check (the hard check's result is in ``check.lost``)."""
    suggest(notes)
    ours = we(agency) if agency else "本机关"
    other_body = notes.body_named if notes.body_named and ours != "本机关" and notes.body_named != ours else None
    if other_body:  # "县教育局 年报…" drafted for 某某区: the body asked for speaks, the clerk checks the notes are its own
        notes.self_name = None
    mismatch = year is not None and notes.year is not None and notes.year != year
    composed = compose(notes, agency, year or notes.year, form, last_year)
    if mismatch:  # the notes name another year's report: the clerk confirms the year
        composed.text = composed.text.replace(f"{year}年", f"{year}年{YEAR_TO_CHECK.format(year=notes.year)}", 1)
    allowed = set(facts_numbers) | {str(y) for y in (year, notes.year) if y} | {str(y + 1) for y in (year or notes.year,) if y}  # the year after (下一年度)
    if last_year is not None and last_year.section5:
        allowed |= set(_NUMBER.findall(last_year.section5))
    flags = []
    if mismatch:
        flags.append(f"笔记所指的报告年度是{notes.year}年，与所填的{year}年不一致，请核实笔记是否本年度的（草稿中已标【待核实】）。")
    if other_body:
        flags.append(f"笔记自称“{notes.body_named}”，与所填单位“{agency}”（{ours}）不是同一类机关，请核实笔记是否本单位的；草稿按所填单位称“{ours}”。")
    return _Drafted(notes, composed, check_section5(composed.text, notes, allowed), allowed, flags)


def draft_section5(text: str, agency: str | None = None, year: int | None = None, retriever: object | None = None,
                   model: object | None = None, facts_numbers: set[str] = frozenset(), *,  # type: ignore[assignment]
                   form: Form | None = None, embeddings: object | None = None, last_section5: str | None = None,
                   last_year: LastYear | None = None, reader: object | None = None) -> Section5Draft:
    """Notes → section 五: read (with ``reader``, a chat model reads them, behind checks; else, or when
    its reading fails a check, the rules), suggest what the notes leave unanswered, compose in the body's
    form, and (with ``model``) polish behind guards."""
    from .notes import read_notes

    chosen: Form = form or detect_form(last_section5)
    read, reading_flag = _read_by_model(reader, text) if reader is not None else (None, None)
    drafted = _drafted(read, agency, year, chosen, last_year, set(facts_numbers)) if read is not None else None
    if drafted is not None and drafted.check.lost:
        reading_flag = "模型整理的笔记未通过逐句核对（" + "；".join(drafted.check.lost[:2]) + "），以下按规则逐条读取笔记。"
        drafted = None
    if drafted is None:
        drafted = _drafted(read_notes(text, embeddings), agency, year, chosen, last_year, set(facts_numbers))  # type: ignore[arg-type]
        if drafted.check.lost:
            raise DraftRefused("草稿未通过逐句核对，已拒绝输出：" + "；".join(drafted.check.lost[:3]) + "。请把这句笔记写得更明确（如分成问题和措施两行）后重试。")
    notes = drafted.notes
    composed, check, allowed = drafted.composed, drafted.check, drafted.allowed
    result = Section5Draft(composed.text, composed.text, notes, chosen, composed.measures, check=check, flags=list(notes.flags))
    if reading_flag:
        result.flags.append(reading_flag)
    result.flags += drafted.flags
    if model is None:
        return _colloquial_check(result)
    from .polish import polish

    passages = retriever.search("存在的主要问题 改进措施 下一步", k=3, section=5) if retriever is not None else []  # type: ignore[attr-defined]
    result.examples = [p.citation() for p in passages]
    polished, result.model_text, why = polish(model, composed.text, notes, composed.measures, chosen, agency, [p.text for p in passages], allowed)  # type: ignore[arg-type]
    if polished is not None:
        result.text, result.check = polished, check_section5(polished, notes, allowed)
    else:
        result.flags.append(why or "")
    return _colloquial_check(result)
