"""With an LLM configured: the model reads the clerk's notes — which pieces are this year's problems
(with their facts, cause and measures), measures of their own, last year's follow-up, and what is not
for the report — copying every piece word for word. The reading is checked (one JSON object within
bounds; every piece found in the notes; every number of the notes kept or set aside) and written out in
the one layout the rules read without doubt (``layout``); the rules then read that, so register,
glossary, suggestions and the hard check stay theirs. Any failure falls back on the rules' reading of
the notes themselves, with one line saying why."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..prompts import load_prompt

MAX_OUTPUT = 30_000  # characters of model output read at all
MAX_PIECES = 300
MAX_PIECE = 400  # characters of one piece
MAX_WHY = 20

# the layout's own lines (the rules drop them as headings; they are not the clerk's)
PROBLEMS = "一、存在的问题及措施"
OWN_MEASURES = "二、改进措施（不对应上述问题）"
LAST_YEAR = "三、上年度问题整改情况"
OWN_MARK = "（新举措，不对应问题）"  # the rules list such a measure last, answering no problem
HEADINGS = tuple(h.split("、", 1)[1] for h in (PROBLEMS, OWN_MEASURES, LAST_YEAR))

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LIST_NUMBER = re.compile(r"^[ \t]*[(（]?\d{1,2}(?:[、)）]|\.(?!\d))", re.MULTILINE)
_CAUSE_SAID = re.compile(r"^(?:主要|原因|因为|由于|是因为)")
_TRIM = " \t\r\n，,。；;、：:"


@dataclass
class Problem:
    problem: str
    facts: list[str] = field(default_factory=list)
    cause: str = ""
    measures: list[str] = field(default_factory=list)


@dataclass
class Reading:
    problems: list[Problem]
    other_measures: list[str] = field(default_factory=list)
    last_year: list[str] = field(default_factory=list)
    not_for_report: list[tuple[str, str]] = field(default_factory=list)  # (piece, why)

    def pieces(self) -> list[str]:
        kept = [p.problem for p in self.problems] + [x for p in self.problems for x in (*p.facts, p.cause, *p.measures)]
        return [x for x in kept + self.other_measures + self.last_year if x]


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
            problems.append(Problem(problem, _texts(item.get("facts"), "事实"), _text(item.get("cause") or "", "原因"), _texts(item.get("measures"), "措施")))
    dropped = []
    for item in data.get("not_for_report") or []:
        if not isinstance(item, dict):
            raise ReadingRejected("模型的整理格式不对（不写入的内容不是对象）")
        text = _text(item.get("text", ""), "不写入的内容")
        if text:
            dropped.append((text, _text(item.get("why") or "", "理由")[:MAX_WHY] or "不写入报告"))
    reading = Reading(problems, _texts(data.get("other_measures"), "措施"), _texts(data.get("last_year"), "上年度情况"), dropped)
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
    said = _squash("".join(reading.pieces() + [t for t, _ in reading.not_for_report]))
    counted = _LIST_NUMBER.sub("", unicodedata.normalize("NFKC", notes))  # "3、基层所…": a list number is no figure of the notes
    lost = [n for n in dict.fromkeys(_NUMBER.findall(counted)) if n not in said]
    if lost:
        reasons.append("模型漏掉了笔记中的数字：" + "、".join(lost[:5]))
    return reasons


def layout(reading: Reading) -> str:
    """The reading as notes in the layout the rules read without doubt: each problem with its facts and
    cause, then "——" and its measures; measures of their own under their heading; last year's items."""
    lines = [PROBLEMS]
    for number, p in enumerate(reading.problems, 1):
        cause = p.cause if not p.cause or _CAUSE_SAID.match(p.cause) else "主要原因是" + p.cause
        left = "，".join([p.problem, *p.facts, *([cause] if cause else [])])
        lines.append(f"{number}. {left}" + (" —— " + "；".join(p.measures) if p.measures else ""))
    if reading.other_measures:
        lines.append(OWN_MEASURES)
        lines += [f"{n}. {OWN_MARK}{m}" for n, m in enumerate(reading.other_measures, 1)]
    said = [_squash(p.problem + "".join(p.facts) + p.cause) for p in reading.problems]
    # a promise not kept is this year's problem, already written above (the rules name it once, with how far it got)
    last_year = [x for x in reading.last_year if not any(_squash(x) in s or _squash(p.problem) in _squash(x) for s, p in zip(said, reading.problems))]
    if last_year:
        lines.append(LAST_YEAR)
        lines += [f"{n}. {x}" for n, x in enumerate(last_year, 1)]
    return "\n".join(lines)


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
