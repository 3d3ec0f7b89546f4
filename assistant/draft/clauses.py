"""A clerk's notes as units of Chinese writing: lines → sentences → clauses, each clause with
features computed by rule and a role.

- A sentence ends at 。；;！？!? and at the end of a line, never inside （）()“”《》【】 or a
  number (3/45, 2.3%, 12,345); a clause ends at ，, the same way. List markers (1. 1、 一是 （一）
  ① - •) are stripped and remembered as the clause's list item.
- Features (tables in assistant/vocab/notes.toml, [clauses]): a forward/plan marker, a
  deficiency, numbers, a reference to last year's report, a cause, meta words about the document
  itself, discourse markers; CHATTER is a clause with no content word left once discourse markers,
  generic words and light verbs are gone (jieba's part-of-speech tags tell a content word).
- The role — HEADING | CHATTER | PROBLEM | MEASURE | FACT | CAUSE | FOLLOWUP — comes from one
  table of features → role (first row that holds), then from context: a clause with no marker of
  its own continues the clause before it in its sentence, a leading fact belongs to the problem
  after it, everything after a measure in its sentence is that measure, and a block heading
  ("问题：", "改进措施：") or a "问题 —— 措施" pair sets the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

HEADING, CHATTER, PROBLEM, MEASURE, FACT, CAUSE, FOLLOWUP = "HEADING", "CHATTER", "PROBLEM", "MEASURE", "FACT", "CAUSE", "FOLLOWUP"
DROPPED = (HEADING, CHATTER)
_OPEN, _CLOSE = "（(“‘《「『【[〔", "）)”’》」』】]〕"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")


def split_outside(text: str, separators: str) -> list[str]:
    """Cut at any of the separators, never inside brackets or quotes, never between two digits
    ("12,345", "2.3"). Linear: one pass; a bracket never closed is ignored (a second pass)."""
    for protect in (True, False):
        pieces, depth, start = [], 0, 0
        for i, char in enumerate(text):
            if protect and char in _OPEN:
                depth += 1
            elif protect and char in _CLOSE and depth:
                depth -= 1
            elif char in separators and depth == 0:
                if char in ".,，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                    continue
                pieces.append(text[start:i])
                start = i + 1
        if depth == 0 or not protect:
            pieces.append(text[start:])
            return pieces
    return [text]  # pragma: no cover


@cache
def table() -> dict[str, Any]:
    from .notes import lexicon

    return lexicon()["clauses"]


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    t = table()
    return {name: re.compile(t[name]) for name in ("plan", "plan_anywhere", "plan_not", "undecided", "positive", "done", "lastyear_heading", "lastyear", "kept", "unkept", "cause", "meta", "meta_name",
                                                  "self", "time", "note", "restated", "praise", "extra_lead", "consequence", "exposure", "shortfall_rate", "status",
                                                  "meta_ref", "drafting", "message_header", "standalone", "effect", "plan_wish", "dont_write", "outdated", "withdrawn")} | {
        # never the end of a word of the clause ("联系方式都不对了" keeps its 对了)
        "discourse": re.compile("(?<![不没都也还])(?:" + "|".join(sorted(map(re.escape, t["discourse"]), key=len, reverse=True)) + ")"),
        "negated_bad": re.compile(t["negation"] + "(?:" + "|".join(sorted(map(re.escape, t["bad_events"]), key=len, reverse=True)) + ")"),
        "correction": re.compile(rf"({t['correction_value']})[，,\s]*(?:(?:{t['correction_markers']})[，,\s]*){{1,3}}[：:\s]*(?:是|为)?\s*({t['correction_value']})"
                                 rf"|不是({t['correction_value']})[，,\s]*(?:而)?是({t['correction_value']})"
                                 rf"|(?:{t['correction_later']})[^，,。；;]{{0,12}}?({t['correction_value']})[，,\s]*后来[^，,。；;\d]{{0,12}}?(?:是|为|有)({t['correction_value']})"),
        # a correction set off by dashes inside a clause ("大概有一半吧——不对，统计了是21所——招生…不完整"): the aside replaces the guess
        "aside_correction": re.compile(rf"(?:(?:{t['hedge']})(有)?[^，,。；;—\d]{{0,6}}?|{t['correction_value']}[吧吗啊]?)\s*——+\s*(?:{t['correction_markers']})"
                                       rf"[，,\s]*[^—，,。；;\d]{{0,8}}?(?:实为|实际为|实际是|应为|是|有|为)?\s*({t['correction_value']})\s*——+[ \u3000]*"),
        # … or after what it counts ("有6件缺少送达记录——后经补查，实为8件——"): the value said first becomes the corrected one
        "aside_after": re.compile(rf"({t['correction_value']})([^，,。；;—\d]{{1,12}}?)\s*——+\s*(?:{t['correction_markers']})"
                                  rf"[，,\s]*[^—，,。；;\d]{{0,8}}?(?:实为|实际为|实际是|应为|是|有|为)\s*({t['correction_value']})\s*(?:——+[ \u3000]*|$)"),
    }


def _tokens(text: str) -> list[tuple[str, str]]:
    from .register import _tokens as tokens

    return tokens(text)


def strip_discourse(text: str) -> str:
    """说实话 / 怎么说呢 / 哦对 / 这个的话 / 总的来说 … say nothing in a report: removed wherever they stand."""
    return _patterns()["discourse"].sub("", text).strip(" \t，,、：:")


def masked(text: str) -> str:
    """The clause with what it quotes blanked (“年内修订公开指南” is what was promised, not a plan of this year)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: "□" * len(m.group(0)), text)


def is_chatter(text: str) -> bool:
    """No content word left once discourse markers, generic words, light verbs, time words and
    the body's self-reference are gone, and no number: a clause that says nothing."""
    if _DIGIT.search(text) or re.search(r"[半一二两三四五六七八九十几]+(?:年|个月|周|天)(?:以前|之前|前)", text):  # "有的还是半年前的": how old, a fact
        return False
    rest = strip_discourse(text)
    rest = _patterns()["self"].sub("", _patterns()["time"].sub("", rest))
    if len(_CJK.findall(rest)) == 0:
        return True
    t = table()
    generic, light = set(t["generic"]), set(t["light"])
    from .notes import _problem_cue

    own = re.sub("|".join(sorted(map(re.escape, generic), key=len, reverse=True)), "", rest)
    from .notes import lexicon

    if _problem_cue(own) or any(v in own for v in lexicon()["cues"]["verbs_anywhere"] if v not in light):
        return False  # "公开不及时" names a shortcoming, "按月公开" an action; "也还有不少短板" only announces one
    for word, flag in _tokens(rest):
        if word in generic or word in light:
            continue
        if flag.startswith(("n", "v", "s", "eng")) or flag in ("vn", "nz", "j", "l", "i"):  # an adjective alone is a judgement, no content
            if flag in ("l", "i") and (any(word.startswith(w) or word.endswith(w) for w in light) or any(w in word for w in generic)):
                continue
            return False
    return True


def is_meta_heading(text: str) -> str | None:
    """A line about the document itself ("县教育局 年报第五部分，随便记几条", "我县政务公开 问题+改进（年报第五部分）"):
    the kinds of block it announces ("problem", "measure", "both"), or None when it says more."""
    p = _patterns()
    text = re.sub(r"(?i)(?<![a-z])v\d+(?:\.\d+)*", "", text)  # "(draft v2)": a version, no number of the report
    if not p["meta"].search(text) or re.search(r"\d", re.sub(r"\d{4}年?", "", p["meta"].sub("", text))):
        return None
    kinds = {k for k, words in (("problem", table()["problem_words"]), ("measure", table()["measure_words"])) if re.search(words, text)}
    rest = p["meta"].sub("", text)
    rest = p["meta_name"].sub("", rest)
    rest = re.sub(r"\d{4}年?度?|[（(][^（()）]{0,12}[)）]", "", rest)
    rest = p["self"].sub("", p["time"].sub("", rest))
    rest = re.sub("|".join(sorted(table()["meta_filler"], key=len, reverse=True)), "", rest)
    if (len(_CJK.findall(rest)) > 1 and not is_chatter(rest)) or re.search(r"[a-z]{2,}", rest):  # English words left say something (XX is a placeholder)  # "草稿，先随手记下": what is left says nothing
        return None
    if p["lastyear_heading"].search(text):  # "上年度整改情况": what follows is last year's follow-up, neither side
        return "followup"
    return "both" if len(kinds) == 2 else (kinds.pop() if kinds else "both")


def is_note(text: str) -> bool:
    """A clause about the notes themselves or addressed to someone ("王姐 …我先把想到的发你哈", "自己记：周五前交局办",
    "今天开会定的", "这个放第一部分，不是问题")."""
    return bool(_patterns()["note"].search(masked(text)))


def is_body_name(text: str) -> bool:
    """Only the name of a body ("白山县人民政府", "区教育局"): a heading, never a point."""
    bare = text.strip(" \t【】[]")
    bare = re.sub(r"(?<=[局委办厅府])(?:的|这边|这儿)$", "", bare)  # "应急局的，…": who is speaking, no point
    found = _patterns()["meta_name"].match(bare)
    if found is None or found.end() != len(bare):
        return False
    tokens = _tokens(bare)  # "每月巡查基层专区" acts, "政务公开专区" is a place on a page: no body
    if len(bare) <= 10 and re.search(r"(?:局|委|办|厅|政府|委员会|办公室)$", bare) and not re.search(r"[各每全]|加强|通报|报送|报给|交给|发给", bare):  # "市住建局", "县人社局": short, a body's suffix (a verb the tokenizer sees in 住建 aside)
        return True
    return not any(flag.startswith(("v", "m", "t", "d")) for _, flag in tokens) and (
        any(flag in ("ns", "nt") for _, flag in tokens) or bool(re.search(r"(?:局|委|办|政府|中心|厅|委员会|办公室|街道)$", bare)))


def is_meta_ref(text: str) -> bool:
    """A clause that refers to the report or a part of it ("年报第五块", "那个五的部分你先看看", "part 5") or to the act of
    drafting ("口述记的", "你们再润色下", "回头再改"), and states no shortcoming, plan or promise of last year: meta."""
    p = _patterns()
    seen = masked(text)
    if not (p["meta_ref"].search(seen) or p["drafting"].search(seen)):
        return False
    f = features(p["drafting"].sub("", re.sub(table()["general_shortcoming"], "", text)))  # "问题和打算那段" names no shortcoming, "口头说不清楚" none of the work
    return not (f["deficiency"] or f["plan"] or f["lastyear"] or f["cause"] or f["measure_verb"] or p["lastyear_heading"].search(seen))


def is_note_line(text: str) -> bool:
    """A line made only of remarks about the notes, headings, the body's name and chatter ("自己记：周五前交局办，余主任要看 ——
    教育局年报第五部分", "青岚县政府办 年报第五块 口述记的"): a heading, whatever it holds besides."""
    whole = re.fullmatch(r"\s*[（(]([^（()）]*)[)）]\s*", text)  # a line all in brackets ("（数字回头让信息科再核一下）"): its inside
    text = whole.group(1) if whole else re.sub(r"[（(][^（()）]*[)）]", "", text)  # an aside in brackets says nothing about the line
    pieces = [q.strip(" \t") for p in split_outside(text, "，,：:；;。！!？?")
              for q in re.split(r"——+|—|->|→|\s{2,}|(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff])", p)]
    pieces = [p for p in pieces if p]
    if pieces and all(is_body_name(p) for p in pieces):
        return True
    if _patterns()["message_header"].match(text.strip()):  # "[工作群] 王科 10:12": who wrote a message and when
        return True
    about = sum(1 for p in pieces if is_note(p) or is_meta_ref(p))
    if not about:
        return False
    # said twice that the line is about the notes ("先记一下，…，局里年报五的几条"): the rest need only state nothing of the work
    return all(is_note(p) or is_meta_heading(p) or is_chatter(p) or is_meta_ref(p) or is_body_name(p) or says_nothing(p, loose=about >= 2) for p in pieces)


def says_nothing(text: str, loose: bool = False) -> bool:
    """A piece of a line about the notes that states nothing a report could say ("明天meeting要讨论的", "我先瞎写几句哈"):
    no shortcoming, plan, action, number, cause, promise of last year, no topic of the work and no thing of it named.
    ``loose`` (the line said twice it is about the notes: "先记一下，周四例会要过的，…年报五的几条"): a plan or a noun may stand."""
    from .notes import topic_of

    f = features(text)
    content = ("deficiency", "measure_verb", "number", "cause", "lastyear", "done", "positive") + (() if loose else ("plan", "praise"))
    if any(f[k] for k in content) or topic_of(text) is not None:
        return False
    if loose:
        return True
    generic = set(table()["generic"])  # "财务公开按季度来": a thing of the work named, content
    return not any(flag.startswith(("n", "s", "j")) and flag != "nr" and word not in generic for word, flag in _tokens(strip_discourse(text)))


def corrected(text: str) -> str:
    """Self-corrections keep only the corrected value: "被纠正了2件，不对是3件" → "被纠正了3件",
    "原来我记的是3件，后来翻了登记簿是2件" → "2件", "两个多月，不对，3个月" → "3个月"."""
    def closed(m: re.Match[str], said: str) -> str:  # "…为68%——主要缺的是…": the clause after the aside is a clause of its own
        return said + ("，" if m.group(0).rstrip(" \u3000").endswith("—") and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1]) else "")

    text = _patterns()["aside_correction"].sub(lambda m: closed(m, (m.group(1) or "") + m.group(2)), text)
    text = _patterns()["aside_after"].sub(lambda m: closed(m, m.group(3) + m.group(2)), text)
    return _patterns()["correction"].sub(lambda m: next(g for g in (m.group(2), m.group(4), m.group(6)) if g), text)


def is_restated(clause: str, before: str) -> bool:
    """"反正就是3件" after "被纠正了3件": a value said again, nothing new."""
    if not _patterns()["restated"].match(strip_discourse(clause)):
        return False
    number = _DIGIT.search(clause)
    return number is not None and re.search(r"\d+(?:\.\d+)?", clause).group(0) in before  # type: ignore[union-attr]


def praised(text: str) -> str:
    """The clause with its praise and its negated bad events ("没出事", "没扣分", "零投诉") blanked: what is left may still name a shortcoming."""
    p = _patterns()
    return p["negated_bad"].sub("", p["praise"].sub("", text))


@dataclass
class Unit:
    """One clause of the notes, where it stands and what it is."""

    text: str  # as read (English translated, list marker and discourse markers gone)
    line: int
    item: int  # the list item (a numbered or bulleted line, or one 一是 … piece)
    sentence: int
    numbered: bool = False  # its item carries a list marker
    block: str | None = None  # what a heading above says ("problem" / "measure")
    pair: str | None = None  # the side of a "问题 —— 措施" pair
    marker: str | None = None  # a label on the clause ("整改：…")
    new_item: bool = False  # started with 还有 / 另外 …: a new point
    features: dict[str, bool] = field(default_factory=dict)
    role: str | None = None
    prose: bool = False  # from run-on prose (a line of sentences, or lines broken after a comma): a new topic is a new point
    raw: str = ""  # as the clerk wrote it (the features are read from it)
    reason: str = ""  # why dropped
    side: str = ""
    promise: bool = False  # part of last year's promise not kept (a problem of this year)
    extra: bool = False  # a measure of its own ("还有一条，准备明年…", a table row with no problem): listed last
    refs: list[int] = field(default_factory=list)  # the problems a group reference names ("针对2、3：…"), counted from 0


def features(text: str) -> dict[str, bool]:
    """What a clause holds, by rule (tables in notes.toml [clauses]; deficiency words are the cue lexicon)."""
    from .notes import _problem_cue, normalize_terms, starts_with_measure_verb

    p = _patterns()
    seen = masked(text)
    aside = re.sub(r"（[^（）]*）|\([^()]*\)", "", seen)  # "只有3天（规定是不少于5个工作日）": a rule quoted in brackets is no plan
    plan = (_modal(seen) or bool(p["plan_anywhere"].search(aside))) and not p["plan_not"].search(seen)
    good = praised(seen)
    from .notes import starts_with_measure_verb as opens_on_verb

    after_modal = re.sub(r"^[^，]{0,8}?(?:要|得)", "", seen, count=1)
    return {
        # a plan said only by 得/要 before no action verb ("得跟业务科室要材料")
        "modal_only": not p["plan_anywhere"].search(seen) and not opens_on_verb(after_modal) and not opens_on_verb(seen),
        "note": is_note(text),
        "status": bool(p["status"].match(strip_discourse(seen))),
        "praise": good != seen,
        "chatter": is_chatter(text),
        "undecided": bool(p["undecided"].search(seen)),
        "positive": bool(p["positive"].search(seen)),
        "done": bool(p["done"].search(seen)),
        "lastyear": bool(p["lastyear"].search(seen)),
        "kept": bool(p["kept"].search(seen)),
        "unkept": bool(p["unkept"].search(seen)),
        "plan": plan,
        "cause": bool(p["cause"].match(seen)),
        "deficiency": bool(good.strip()) and (_problem_cue(good) or _problem_cue(_registered(good)) or bool(p["exposure"].search(good)) or bool(p["outdated"].search(good))
                                              or any(float(m.group(1)) < 100 for m in p["shortfall_rate"].finditer(good))),
        "said_deficiency": bool(good.strip()) and bool(_problem_cue(good) or p["exposure"].search(good)),
        "measure_verb": starts_with_measure_verb(seen) or starts_with_measure_verb(normalize_terms(seen)),  # "建台账" → "建立工作台账"
        "number": bool(_DIGIT.search(seen)),
    }


def _modal(text: str) -> bool:
    """A plan marker at the start; 要/得 before a noun is a verb of its own ("都是要企业安全检查记录的": asking for records, no plan)."""
    found = _patterns()["plan"].search(text) or _patterns()["plan_wish"].search(text)
    if found is None:
        return False
    if found.group(0).endswith(("要", "准备")):  # "准备材料": preparing a thing, no plan
        following = _tokens(text[found.end():])
        if following and following[0][1].startswith(("n", "b")) and following[0][1] != "nz":
            return False
    return True


def _problem_cue_of(text: str) -> bool:
    from .notes import _problem_cue

    return bool(_problem_cue(praised(masked(text))))


def _registered(text: str) -> str:
    from .register import rewrite_register

    return rewrite_register(text)[0]


def role_of(feats: dict[str, bool]) -> str | None:
    """The first row of the role table whose features all hold (and whose excluded features do not)."""
    for row in table()["role"]:
        if all(feats.get(f, False) for f in row["when"]) and not any(feats.get(f, False) for f in row.get("unless", [])):
            return row["role"]
    return None


_STRONG_PLAN = re.compile(r"打算|准备|计划|争取|力争|下一步|下步|今后|明年|来年|尽快|(?<!法)拟|(?<![即])将(?![近来])|每(?:周|月|季度|半年|年)|\d{1,2}月底?前|年底前|年内|建立|制定|完善|健全")


def decide(units: list[Unit], judge: Any = None) -> None:
    """Each clause's role: its own features, then its sentence, its block, its pair side."""
    by_sentence: dict[int, list[Unit]] = {}
    for unit in units:
        by_sentence.setdefault(unit.sentence, []).append(unit)
    previous_sentence_role: str | None = None
    previous_item = -1
    for sentence in by_sentence.values():
        for unit in sentence:
            unit.features = features(unit.raw or unit.text)
            unit.role = role_of(unit.features)
            if unit.role == CHATTER:
                unit.reason = ("尚未想好的打算，不作为措施" if unit.features["undecided"] else
                               "成绩或“没有出问题”的说法，不是存在的问题" if unit.features["praise"] else "口头语或空话，无实际内容")
            elif unit.role == HEADING:
                unit.reason = "关于笔记本身的话（称呼、交稿、记录、放在哪一部分），不写入报告"
        if any(u.role == FOLLOWUP for u in sentence):  # "去年说的超期问题，今年建了台账，没再超期": the good outcome is the follow-up's
            for u in sentence:
                if u.role == CHATTER and u.features["praise"] and not u.features["undecided"]:
                    u.role, u.reason = FOLLOWUP, ""
        said_not = next((i for i, u in enumerate(sentence) if _patterns()["dont_write"].match(strip_discourse(u.raw or u.text))), None)
        if sentence and _patterns()["withdrawn"].match(strip_discourse(sentence[0].raw or sentence[0].text)):
            said_not = len(sentence)  # "这个算了，食堂的事不归公开管": the item is withdrawn, its sentence goes
        for u in sentence[:(said_not + 1) if said_not is not None else 0]:  # "统计公报按时发布，没出过差错，这些不用写": what it says not to write goes, and the remark
            u.role, u.reason = CHATTER, "笔记说不写入报告的内容"
        # praise or "no problem" ("12月省里来检查网站，我们没扣分") takes its sentence with it, unless the sentence names a shortcoming or a plan
        fine = any(u.features["praise"] and u.role == CHATTER for u in sentence) and any(u.features["positive"] for u in sentence)
        if fine:  # "依申请41件，都按时答复了，没啥问题": work that went fine; a count there is context, unless a clause says a shortcoming in its own words
            for u in sentence:
                if u.role == PROBLEM and not u.features["said_deficiency"]:
                    u.role = FACT
        if any(u.features["praise"] and u.role == CHATTER for u in sentence) and not any(u.role in (PROBLEM, MEASURE, CAUSE, FOLLOWUP) for u in sentence):
            for u in sentence:
                if u.role not in DROPPED:
                    u.role, u.reason = CHATTER, "成绩或“没有出问题”的说法，不是存在的问题"
        kept = [u for u in sentence if u.role not in DROPPED]
        if sentence[0].block == "followup":  # under "上年问题整改情况": a problem there is last year's promise not kept; the rest is its follow-up
            # kept when the sentence says it was done ("今年已挂网，算完成"), unless it also says what is left ("还剩9项没改完")
            done_said = any(u.features["kept"] or u.features["status"] for u in kept)
            open_ = any(u.features["unkept"] for u in kept) or (any(u.role == PROBLEM for u in kept) and not done_said)
            first_problem = next((i for i, u in enumerate(kept) if u.role == PROBLEM), len(kept))
            for index, u in enumerate(kept):
                if open_ and (u.role != MEASURE or index < first_problem):  # "办事指南要修订，改了一半…": what it promised, then how far it got
                    u.promise = True
                    u.role = FACT if u.role in (FOLLOWUP, MEASURE) and index else PROBLEM if u.role == MEASURE else u.role
                    u.role = FACT if u.role == FOLLOWUP else u.role
                elif not open_ and u.role in (FACT, None, PROBLEM):
                    u.role = FOLLOWUP
        # a plan never ends on a complaint: "得跟业务科室要材料，他们拖" explains the problem (a fact of it), it plans nothing
        for here, after in zip(kept, kept[1:], strict=False):
            if here.role == MEASURE and here.features["modal_only"] and not here.marker and after.role == PROBLEM and not after.features["plan"] \
                    and not _DIGIT.search(after.text) and len(_CJK.findall(after.text)) <= 6:
                here.role = FACT
        # last year's promise: kept (follow-up only) or not (a problem of this year, its last-year part a fact of it)
        if any(u.role == FOLLOWUP for u in kept):
            # the promise names last year's problem; whether it is still open is said by what follows (还没/只/仍 …)
            done_said = any(u.features["kept"] or u.features["status"] for u in kept if u.role != MEASURE)  # "已整改，清理空白栏目9个": done, whatever its words
            open_ = any(u.features["unkept"] or (u.role != FOLLOWUP and u.features["deficiency"] and not u.features["kept"] and not done_said)
                        for u in kept if u.role != MEASURE)
            for u in kept:
                if u.role == FOLLOWUP and open_:
                    u.role, u.promise = PROBLEM, True
                elif u.role != FOLLOWUP and u.role != MEASURE and not open_:
                    u.role = FOLLOWUP
                elif open_ and u.role != MEASURE:
                    u.promise = True
            if not open_ and kept[0].role == FOLLOWUP and any(u.features["kept"] for u in kept):
                for u in kept:  # "上年度报告已提出建立…机制，本年7月建立": what was done is no plan of next year
                    if u.role == MEASURE and not u.features["plan"]:
                        u.role = FOLLOWUP
        # "村务公开还是有短板。一个是…另一个是…": a shortcoming said only in general, before the points of its line, announces them
        later = [u for u in units if u.line == sentence[0].line and u.sentence > sentence[0].sentence]
        if any(u.numbered for u in later) and not sentence[0].numbered:
            for u in kept:
                if u.role == PROBLEM and not _problem_cue_of(re.sub(table()["general_shortcoming"], "", u.raw or u.text)):
                    u.role, u.reason = CHATTER, "引出下文的话（不是问题或措施）"
            kept = [u for u in kept if u.role not in DROPPED]
        side = sentence[0].marker or sentence[0].pair  # "存在问题：培训少" inside a measures line
        # in a measures block, a sentence opened by 此外/另外/还有 on a problem of its own is that problem
        opens_on_problem = bool(kept) and kept[0].new_item and any(u.role == PROBLEM for u in kept) and kept[0].role != MEASURE
        went_fine = (bool(kept) and any(u.features["positive"] for u in kept) and any(u.features["number"] for u in kept)
                     and all(u.role == FACT and not u.features["plan"] for u in kept))  # a count of work done, and how it went
        if went_fine and side != "measure":  # "依申请办了15件，全部按期办结" under a measures block: work that went fine, a fact
            continue
        if side == "measure" or (sentence[0].block == "measure" and side is None and not opens_on_problem):
            for u in kept:
                if u.role != FOLLOWUP and not u.promise:  # a promise of last year not kept stays a problem under any heading
                    u.role = MEASURE
            continue
        if side == "problem":  # the left side of "问题 —— 措施": a clause opening on a verb there ("主动公开的文件中") names where, it plans nothing
            for u in kept:
                if u.role == MEASURE and not u.features["plan"]:
                    u.role = None
        for before, u in zip(kept, kept[1:], strict=False):  # "因为涉及跨部门征求意见，对方迟迟不回": what follows a cause in its sentence goes on with it, unless it says a plan outright
            if before.role == CAUSE and u.role == MEASURE and not u.marker and not _STRONG_PLAN.search(u.raw or u.text):
                u.role = CAUSE
        after_measure = False
        for index, u in enumerate(kept):
            if after_measure and u.role != FOLLOWUP:
                u.role = MEASURE
            elif u.marker == "measure":
                u.role = MEASURE
            elif u.role is None and index > 0:
                u.role = kept[index - 1].role if kept[index - 1].role != CAUSE else PROBLEM
            after_measure = after_measure or u.role == MEASURE
        # a leading clause with no role belongs to what follows it
        first_role = next((u.role for u in kept if u.role is not None), None)
        for u in kept:
            if u.role is None:
                u.role = first_role
        if kept and all(u.role is None for u in kept):
            same_item = kept[0].item == previous_item
            default = (sentence[0].block if sentence[0].block in ("problem", "measure") else None) or side
            if default is None and same_item and previous_sentence_role:
                default = "measure" if previous_sentence_role == MEASURE else "problem"
            if default is None and judge is not None:
                default = judge.kind(kept[0].text)
            for u in kept:
                u.role = MEASURE if default == "measure" else PROBLEM
        if kept:
            previous_sentence_role = kept[-1].role
            previous_item = kept[-1].item
    if judge is not None:  # what no rule names, the learned reading may (it asks nothing without the e5 model):
        from .about_notes import remarks  # last, so the roles the rules gave the rest of a sentence stay

        for sentence in by_sentence.values():
            said = remarks([u for u in sentence if u.role not in (*DROPPED, FOLLOWUP)], judge.about_notes)  # "落实了" is the promise's
            anchored = any(u.role == PROBLEM for u in said)
            for u in said:
                u.role, u.reason = CHATTER, "看来是关于笔记本身的话（按语义判断），未写入报告，请核对"
            rest = [u for u in units if u.item == sentence[0].item and u.role not in DROPPED]
            if anchored and rest and not any(u.role == PROBLEM for u in rest) and rest[0].role == FACT:
                rest[0].role = PROBLEM  # "不知道咋写，就说说…。惠农补贴公示抽了20个村，5个不到7天就撤": the facts after the remark are the point
