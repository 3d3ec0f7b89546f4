"""Narrative answers as points: the sentences of the retrieved passages that answer a question,
each quoted exactly and cited.

Extractive and sentence-level: a point is one whole sentence (what was done is never cut to a
fragment); only a long sentence about problems keeps just its clauses that state one, with "……"
where clauses are left out (or where the passage stops mid-sentence), and quotation marks go only
around text that is contiguous in the report.
Boilerplate (contacts, the report's own frame) and repeated sentences are dropped. A question
about problems (问题/不足/困难) reads section 五, problems before measures.

The words are data: ``assistant/vocab/points.toml``.

>>> format_points([Point("政策解读形式不够丰富。", True, "青山区人民政府", 2024, "五", "第2段", "青山区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段")])
'1. “政策解读形式不够丰富。”（青山区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段）'
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from index.prose import SECTION_NUMERALS, sentence_spans
from index.retrieval import Passage, tokenize

from .wordsets import contains_any

SKIP = "……"
LONG = 110  # a sentence about problems longer than this keeps only its clauses that state one
_CLAUSE = re.compile(r"[^，,：:；;]+[，,：:；;]?")  # a list (政策解读、新媒体) stays whole inside its clause
_ENDS = tuple("。！？!?；;…”’）)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
RELATIVE = 0.4  # a sentence scoring under this share of the best one does not answer
_NORMAL = re.compile(r"[\s\W_]+")
_HEADING_ONLY = re.compile(r"^\s*(?![一二三四五六七八九十]是)(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)?[^。；，]{0,16}[。：:]?\s*$")


@dataclass(frozen=True)
class Point:
    """One point of a narrative answer: text from a report and where it stands."""

    text: str  # the report's words; "……" where text between them is left out
    quoted: bool  # True when ``text`` is one contiguous stretch of the report
    agency: str | None
    year: int | None
    section: str | None  # "五"
    location: str  # "第2段"
    citation: str  # "某区 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段"

    def segments(self) -> list[str]:
        """The contiguous stretches of report text the point is made of."""
        return [s for s in self.text.split(SKIP) if s]


@cache
def _words() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/points.toml").read_text(encoding="utf-8"))


def _has(text: str, words: list[str]) -> bool:
    return contains_any(text, tuple(words))


@lru_cache(maxsize=8192)
def _sentence_tokens(text: str) -> frozenset[str]:
    """A report sentence's words: the same sentences come back for every question on that report,
    so each is cut by jieba once (a few thousand kept, most recent first)."""
    return frozenset(tokenize(text))


def _glossary(question: str) -> str:
    """Chinese words for an English question (the reports are in Chinese)."""
    try:
        from assistant.ask.measures import vocab
        glossary = vocab().get("glossary", {})
    except Exception:  # noqa: BLE001 - the glossary only helps; a question without it still works
        return question
    lowered = question.lower()
    extra = [zh for word, words in glossary.items() if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for zh in words]
    return question + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


@dataclass
class _Sentence:
    passage: Passage
    start: int  # in the section's text
    end: int
    text: str
    paragraph: int
    score: float = 0.0
    problem: bool = False
    measure: bool = False


def _sentences(passages: list[Passage]) -> list[_Sentence]:
    """Every sentence of the text passages, once (overlapping passages share sentences)."""
    found: list[_Sentence] = []
    seen: set[tuple[str, int, int]] = set()
    for passage in passages:
        if passage.kind != "text":
            continue
        for start, end in sentence_spans(passage.text, soft_breaks=True):
            text = passage.text[start:end].replace("\n", "")
            if not text.endswith(_ENDS):
                text += SKIP  # the passage stops mid-sentence: the rest is left out
            key = (passage.report_id, passage.section, passage.start + start)
            if key in seen or not text.strip():
                continue
            seen.add(key)
            paragraph = passage.paragraph + passage.text.count("\n", 0, start)
            found.append(_Sentence(passage, passage.start + start, passage.start + end, text, paragraph))
    return found


def extract_points(question: str, passages: list[Passage], limit: int = 5) -> list[Point]:
    """The sentences of ``passages`` that answer ``question``, as cited points: the report with the
    best sentence first, each report's points in reading order."""
    words = _words()
    topic = _glossary(question)
    names = {t for p in passages for t in tokenize(p.agency or "")}
    noise = set(words["question_noise"])
    terms = {t for t in tokenize(topic) if len(t) > 1 and _CJK.search(t) and t not in noise and t not in names}
    wants_problems = _has(topic, words["problem_questions"])
    wants_measures = _has(topic, words["improvement_questions"])
    candidates = [s for s in _sentences(passages) if not _has(s.text, words["boilerplate"]) and not _HEADING_ONLY.match(s.text)]
    if wants_problems and any(s.passage.section == 5 for s in candidates):
        candidates = [s for s in candidates if s.passage.section == 5]  # problems are reported in section 五
    if not candidates:
        return []
    tokens = [_sentence_tokens(s.text) for s in candidates]
    frequency = {t: sum(1 for ts in tokens if t in ts) for t in terms}
    rank = {p.chunk_id: i for i, p in enumerate(passages)}
    for sentence, sentence_tokens in zip(candidates, tokens):
        sentence.score = sum(len(t) * math.log(1 + len(candidates) / frequency[t]) for t in terms & sentence_tokens)
        sentence.problem = _has(sentence.text, words["problem_cues"])
        sentence.measure = _has(sentence.text, words["improvement_cues"])
        if (wants_problems or wants_measures) and sentence.passage.section == 5:
            sentence.score += _section_five(sentence, wants_problems, wants_measures)
        if sentence.score:
            sentence.score += 1 / (1 + rank.get(sentence.passage.chunk_id, 0))  # the retriever's order breaks ties
    best = max(s.score for s in candidates)
    chosen = _choose([s for s in candidates if s.score > 0 and s.score >= RELATIVE * best], limit)
    cues = words["problem_cues"] if wants_problems else []
    reports = list(dict.fromkeys(s.passage.report_id for s in chosen))  # the best report first, each in reading order
    chosen.sort(key=lambda s: (reports.index(s.passage.report_id), s.passage.section, s.start))
    # what was done is quoted in whole sentences; only a long sentence about problems keeps its problem clauses
    return [_point(sentence, terms, cues, whole=not wants_problems) for sentence in chosen]


def _section_five(sentence: _Sentence, problems: bool, measures: bool) -> float:
    """What a sentence of section 五 adds for a question about problems, measures or both."""
    listing = _is_measure_list(sentence.text)
    if problems and not measures:
        return 8 if sentence.problem and not listing else -100  # the measures do not answer "what went wrong"
    if measures and not problems:
        return 8 if (sentence.measure or listing) and not sentence.problem else 0
    return 6 if sentence.problem or sentence.measure or listing else 0


def _is_measure_list(text: str) -> bool:
    """"改进措施：一是…" — a sentence that lists what will be done, not what went wrong."""
    return _has(text[:12], _words()["measure_list_heads"])


def _choose(scored: list[_Sentence], limit: int) -> list[_Sentence]:
    """The best sentences, repeated wording once; several reports share the points fairly."""
    ordered = sorted(scored, key=lambda s: -s.score)
    reports = list(dict.fromkeys(s.passage.report_id for s in ordered))
    share = max(1, math.ceil(limit / len(reports))) if reports else limit
    chosen: list[_Sentence] = []
    taken: dict[str, int] = {}
    seen: list[set[str]] = []
    for fair in (True, False):
        for sentence in ordered:
            if len(chosen) >= limit:
                break
            if sentence in chosen or (fair and taken.get(sentence.passage.report_id, 0) >= share):
                continue
            grams = _bigrams(sentence.text)
            if any(_similar(grams, other) for other in seen):
                continue
            chosen.append(sentence)
            seen.append(grams)
            taken[sentence.passage.report_id] = taken.get(sentence.passage.report_id, 0) + 1
    return chosen


def _bigrams(text: str) -> set[str]:
    plain = _NORMAL.sub("", text)
    return {plain[i:i + 2] for i in range(len(plain) - 1)} or {plain}


def _similar(a: set[str], b: set[str]) -> bool:
    return len(a & b) / max(1, min(len(a), len(b))) >= 0.8


def _point(sentence: _Sentence, terms: set[str], cues: list[str], whole: bool = False) -> Point:
    text = sentence.text if whole else _trim(sentence.text, terms, cues)
    first = sentence
    passage = first.passage
    section = SECTION_NUMERALS[passage.section - 1] if 1 <= passage.section <= len(SECTION_NUMERALS) else None
    location = f"第{first.paragraph + 1}段"
    where = passage.heading or (f"第{section}部分" if section else "")
    citation = " · ".join(p for p in (f"{passage.agency or ''} {passage.year or ''} 年报告".strip(), where, location) if p)
    while SKIP + SKIP in text:
        text = text.replace(SKIP + SKIP, SKIP)
    return Point(text, SKIP not in text, passage.agency, passage.year, section, location, citation)


def _trim(sentence: str, terms: set[str], cues: list[str]) -> str:
    """A long sentence as its clauses that carry the question's words (or, for a problems question,
    state a problem), "……" where clauses are left out."""
    if len(sentence) <= LONG:
        return sentence
    clauses = _CLAUSE.findall(sentence)
    keep = [bool(terms & set(tokenize(c))) or _has(c, cues) for c in clauses]
    if not any(keep):
        return sentence
    out: list[str] = [SKIP] if not keep[0] else []
    for clause, kept in zip(clauses, keep):
        if kept:
            out.append(clause)
        elif out and out[-1] != SKIP:
            out.append(SKIP)
    return "".join(out)


def format_points(points: list[Point], zh: bool = True) -> str:
    """Points as a numbered list: each contiguous stretch in quotation marks, its source after it."""
    if not points:
        return "没有在已收录的报告中找到相关内容。" if zh else "Nothing relevant was found in the indexed reports."
    lines = []
    for number, point in enumerate(points, 1):
        quoted = SKIP.join(f"“{segment}”" for segment in point.segments())
        if point.text.startswith(SKIP):
            quoted = SKIP + quoted
        if point.text.endswith(SKIP):
            quoted += SKIP
        lines.append(f"{number}. {quoted}（{point.citation}）" if zh else f"{number}. {quoted} (source: {point.citation})")
    return "\n".join(lines)
