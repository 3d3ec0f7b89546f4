"""With an LLM configured: the model reads the clerk's notes — which pieces are this year's problems
(with their facts, cause and measures), measures of their own, last year's items (done or not), and what
is not for the report — copying every piece word for word. The reading is checked (one JSON object
within bounds; every piece found in the notes; every number of the notes kept or set aside) and becomes
the draft's notes as given (``to_notes``): the model's sides and pairing stand, only the register and the
glossary touch a piece; suggestions and the hard check stay the rules'. Any failure falls back on the
rules' reading of the notes themselves, with one line saying why."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..prompts import load_prompt
from .notes import _CJK, Notes

MAX_OUTPUT = 30_000  # characters of model output read at all
MAX_PIECES = 300
MAX_PIECE = 400  # characters of one piece
MAX_WHY = 20

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LIST_NUMBER = re.compile(r"^[ \t]*[(（]?\d{1,2}(?:[、)）]|\.(?!\d))", re.MULTILINE)
_TRIM = " \t\r\n，,。；;、：:"
_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")  # ①–⑳, ❶–➓, ㉑–㊿: list marks (NFKC would make ③12345 one number)


@dataclass
class Problem:
    problem: str
    facts: list[str] = field(default_factory=list)
    cause: str = ""
    measures: list[str] = field(default_factory=list)
    no_measure: str = ""  # the notes' words saying no measure is to be written for it


@dataclass
class Followup:
    """One of last year's items as the notes say it, and whether the model reads it as done."""

    text: str
    done: bool | None = None  # None: the model did not say


@dataclass
class Reading:
    problems: list[Problem]
    other_measures: list[str] = field(default_factory=list)
    last_year: list[Followup] = field(default_factory=list)
    not_for_report: list[tuple[str, str]] = field(default_factory=list)  # (piece, why)

    def pieces(self) -> list[str]:
        kept = [p.problem for p in self.problems] + [x for p in self.problems for x in (*p.facts, p.cause, *p.measures, p.no_measure)]
        return [x for x in kept + self.other_measures + [f.text for f in self.last_year] if x]


class ReadingRejected(ValueError):
    """The model's reading is not used; the message says why, in Chinese, for the clerk."""


def _squash(text: str) -> str:
    """For finding a piece in the notes: width, quotes and spaces do not count."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text.translate(str.maketrans("“”‘’「」", "\"\"''\"\"")))


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ReadingRejected(f"模型的整理格式不对（{what}不是文字）")
    value = " ".join(value.split()).strip(_TRIM)
    if len(value) > MAX_PIECE:
        raise ReadingRejected(f"模型的整理中有一项过长（{what}）")
    return value


def _texts(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReadingRejected(f"模型的整理格式不对（{what}不是列表）")
    return [t for t in (_text(v, what) for v in value) if t]


def parse(output: str) -> Reading:
    """The reading in the model's output (one JSON object, perhaps fenced); ReadingRejected if none."""
    output = output[:MAX_OUTPUT]
    start, end = output.find("{"), output.rfind("}")
    if start < 0 or end <= start:
        raise ReadingRejected("模型没有给出可读的整理结果")
    try:
        data = json.loads(output[start:end + 1])
    except json.JSONDecodeError as error:
        raise ReadingRejected("模型没有给出可读的整理结果") from error
    if not isinstance(data, dict) or not isinstance(data.get("problems", []), list):
        raise ReadingRejected("模型的整理格式不对")
    problems = []
    for item in data.get("problems", []):
        if not isinstance(item, dict):
            raise ReadingRejected("模型的整理格式不对（问题不是对象）")
        problem = _text(item.get("problem", ""), "问题")
        if problem:
            problems.append(Problem(problem, _texts(item.get("facts"), "事实"), _text(item.get("cause") or "", "原因"), _texts(item.get("measures"), "措施"),
                                    _text(item.get("no_measure") or "", "不写措施的说明")))
    dropped = []
    for item in data.get("not_for_report") or []:
        if not isinstance(item, dict):
            raise ReadingRejected("模型的整理格式不对（不写入的内容不是对象）")
        text = _text(item.get("text", ""), "不写入的内容")
        if text:
            dropped.append((text, _text(item.get("why") or "", "理由")[:MAX_WHY] or "不写入报告"))
    last_year = []
    if not isinstance(data.get("last_year") or [], list):
        raise ReadingRejected("模型的整理格式不对（上年度情况不是列表）")
    for item in data.get("last_year") or []:
        said = item if isinstance(item, dict) else {"text": item}
        done = said.get("done")
        text = _text(said.get("text", ""), "上年度情况")
        if text:
            last_year.append(Followup(text, done if isinstance(done, bool) else None))
    reading = Reading(problems, _texts(data.get("other_measures"), "措施"), last_year, dropped)
    if len(reading.pieces()) + len(dropped) > MAX_PIECES:
        raise ReadingRejected("模型的整理条目过多")
    return reading


def check(reading: Reading, notes: str) -> list[str]:
    """Why the reading cannot stand (empty when it can): no problem, a piece not in the notes, a number lost."""
    reasons = []
    if not reading.problems:
        reasons.append("模型没有读出任何问题")
    source = _squash(notes)
    foreign = [p for p in reading.pieces() + [t for t, _ in reading.not_for_report] if _squash(p) not in source]
    if foreign:
        reasons.append(f"模型的整理中有笔记里没有的话：“{foreign[0][:30]}”")
    stated = [_squash(x) for p in reading.problems for x in (p.problem, *p.facts, p.cause) if x]
    both = [m for m in [x for p in reading.problems for x in p.measures] + reading.other_measures
            if len(_squash(m)) >= 4 and any(_squash(m) in s for s in stated)]
    if both:  # "栏目更新慢" as the problem and as its measure: the draft would promise the shortcoming
        reasons.append(f"模型把同一句话既列为问题又列为措施：“{both[0][:30]}”")
    said = _squash("".join(reading.pieces() + [t for t, _ in reading.not_for_report]))
    counted = _LIST_NUMBER.sub("", unicodedata.normalize("NFKC", _CIRCLED.sub(" ", notes)))  # "3、基层所…", "③12345…": a list number is no figure of the notes
    lost = [n for n in dict.fromkeys(_NUMBER.findall(counted)) if n not in said]
    if lost:
        reasons.append("模型漏掉了笔记中的数字：" + "、".join(lost[:5]))
    return reasons


def _clean(piece: str) -> str:
    """A piece of the notes as a clause of the draft starts: discourse words and lead words gone, the genre's
    terms for colloquial ones (搞 → 开展 …), one clause joined to the next by "，"."""
    from .clauses import split_outside, strip_discourse
    from .notes import lexicon, normalize_terms

    leads = sorted(lexicon()["inline"]["lead_words"], key=len, reverse=True)
    clauses = []
    for clause in split_outside(piece, "，,。；;！!？?"):
        clause = normalize_terms(strip_discourse(clause.strip(_TRIM)))
        lead = next((w for w in leads if clause.startswith(w) and len(clause) > len(w) + 1), "")
        clause = clause[len(lead):].strip(_TRIM)
        if clause:
            clauses.append(clause)
    return "，".join(clauses)


def _written(piece: str, role: str, flags: list[str], rewrites: list[Any]) -> str:
    """A piece in the register of the genre, on its side (role: PROBLEM, FACT, CAUSE, MEASURE, FOLLOWUP):
    English through the glossary, the clerk's words through the register lexicon, a problem in the genre's
    wording, a cause led by "主要原因是"."""
    from .glossary import translate
    from .notes import _as_written, _register, in_register, lexicon

    text = _clean(translate(piece, flags))
    if role == "CAUSE":  # "主要是没有美编", "原因嘛，…": the link is the draft's own ("主要原因是")
        said = re.match(lexicon()["clauses"]["cause"], text)
        text = text[said.end():].lstrip(_TRIM) if said else text
    text, changed = _register(_as_written(text, role), role)
    rewrites += changed
    if role == "PROBLEM":
        text = in_register(text)
    return "主要原因是" + text if role == "CAUSE" and text else text


def to_notes(reading: Reading, notes: str) -> Notes:
    """The model's reading as the draft's notes, as given: its problems with their facts and cause, its
    measures on the problem it put them with, its measures of their own last, last year's items said in the
    follow-up paragraph — a promise it says is not kept and lists again among this year's problems named
    there once, as carried on. Only the register and the glossary touch a piece; what it set aside is
    listed with its reason. The body, self-reference and year still come from the notes themselves."""
    from .glossary import translate
    from .notes import _NUMBER, Clause, Dropped, Measure, Notes, Point, lexicon, named_body, report_year, self_reference, topic_of
    from .section5 import _words  # a clause's two-character word pairs

    flags: list[str] = []
    rewrites: list[Any] = []
    points = []
    for p in reading.problems:
        problem = _written(p.problem, "PROBLEM", flags, rewrites)
        said = [problem] + [_written(f, "FACT", flags, rewrites) for f in p.facts] + [_written(p.cause, "CAUSE", flags, rewrites)]
        measures = [m for m in (_written(m, "MEASURE", flags, rewrites) for m in p.measures) if len(_CJK.findall(m)) >= 2]
        topic = topic_of(problem)
        # a problem's measures are one numbered item, as its problem is ("核对指南，补齐要素；明年起每季度复核" → 一是…)
        points.append(Point("，".join(dict.fromkeys(s for s in said if s)), Measure("，".join(measures)) if measures else None,
                            topic["id"] if topic else None, facts=[s for s in said[1:-1] if s], no_measure=None if measures else p.no_measure or None))
    extra = [Measure(m) for m in (_written(m, "MEASURE", flags, rewrites) for m in reading.other_measures) if len(_CJK.findall(m)) >= 2]
    result = Notes(points, extra)
    named: set[int] = set()  # the problems already named as last year's promise carried on
    for item in reading.last_year:
        text = _written(item.text, "FOLLOWUP", flags, rewrites)
        again = [i for i, p in enumerate(reading.problems) if len(_words(item.text) & _words(p.problem + "".join(p.facts))) >= 3 or _squash(p.problem) in _squash(item.text)]
        if item.done is False and again:  # not kept, and among this year's problems: named once in the follow-up, as carried on
            if again[0] not in named:  # its name and how far it got, given as two items: one promise
                result.followup_open.append(text)
            named.add(again[0])
        elif text:
            result.followup += text.split("，")
            result.followup_items.append(text.split("，"))
    result.flags, result.rewrites = flags, rewrites
    result.dropped = [Dropped(piece, f"模型判断不写入报告：{why}") for piece, why in reading.not_for_report]
    elsewhere = re.compile(lexicon()["clauses"]["elsewhere"])  # "放总体情况里说就行": the clerk wants it in another part
    flags += [f"笔记中“{piece}”说明应写在报告的其他部分，未写入第五部分，请放到相应部分。" for piece, why in reading.not_for_report
              if elsewhere.search(piece) or elsewhere.search(why)]
    plain = translate(notes, [])
    result.self_name, result.body_named, result.year = self_reference(plain), named_body(plain), report_year(notes)
    result.clauses = [Clause("problem", p.problem) for p in points] + [Clause("followup", f) for f in result.followup]
    result.clauses += [Clause("measure", m.text) for m in [*(p.measure for p in points if p.measure), *extra]]
    result.numbers = {n for c in result.clauses for n in _NUMBER.findall(c.text)}
    return result


def read_by_model(model: Any, notes: str) -> tuple[Reading | None, str | None]:
    """(the checked reading, None) or (None, the one line saying why the rules read the notes instead)."""
    fallback = "，以下按规则逐条读取笔记。"
    try:
        output = str(model.invoke(load_prompt("read_notes.zh").format(notes=notes)).content)
    except Exception as error:  # noqa: BLE001 - any failure of the endpoint falls back
        return None, f"模型整理笔记失败（{type(error).__name__}）" + fallback
    try:
        reading = parse(output)
    except ReadingRejected as why:
        return None, f"模型整理笔记未采用（{why}）" + fallback
    reasons = check(reading, notes)
    if reasons:
        return None, "模型整理笔记未采用（" + "；".join(reasons) + "）" + fallback
    return reading, None
