"""What the reports say, from retrieved passages: the topic of a question (its English words through
the glossary), the section it is about, and the sentences of the passages that share most words
with it, quoted and cited. assistant.ask.narrative extracts sentence-level points first; this is
the answer when none stands out."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from index.retrieval import tokenize

from ..answering import Answer
from .measures import HOW_MANY, vocab

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase
    from .plan import Plan

_CJK = re.compile(r"[\u4e00-\u9fff]")


def passages_answer(kb: KnowledgeBase, plan: Plan) -> Answer:
    """The sentences of the best passages that share the question's words (a body's section 五 whole
    when it asks what problems it reported), each cited."""
    zh = plan.language == "zh"
    key = plan.bodies[0] if len(plan.bodies) == 1 else None
    year = plan.years[0] if plan.years else None
    if key and year and not any(r.year == year for r in kb.facts.reports_of([key])):
        years = "、".join(str(r.year) for r in kb.facts.reports_of([key]))
        return Answer(f"未收录{key} {year} 年的报告；已收录年度：{years}。" if zh else f"No {year} report of {key} is indexed; indexed years: {years}.", "unknown")
    topic = expand_topic(plan.topic or plan.question)
    section = section_of(topic)
    passages = [p for p in kb.retriever.search(topic, k=5, agency_key=key, year=year, section=section) if p.kind == "text"]
    names = {n for k in plan.bodies for n in tokenize(k)} | name_tokens(frozenset(r.agency or "" for r in kb.reports()))
    terms = {t for t in tokenize(topic) if len(t) > 1 and _CJK.search(t)} - names
    overlap = [sum(len(t) for t in terms & set(tokenize(p.text))) for p in passages]
    if section is not None and key is not None:
        relevant = passages  # "what problems did X report" is answered by X's section 五 as a whole
    else:
        relevant = [p for p, weight in zip(passages, overlap) if weight and weight >= max(overlap) / 2]
    if not relevant:
        text = "没有在已收录的报告中找到相关内容。" if zh else "Nothing relevant was found in the indexed reports."
        return Answer(text, "narrative")
    best = relevant[:3]
    wants_number = asks_number(plan.question)
    quotes = [f"“{_best_sentences(p.text, terms, prefer_numbers=wants_number)}”——{p.citation()}" for p in best]
    head = "以下内容摘自报告原文：" if zh else "From the reports (quoted, in Chinese):"
    text = head + " " + " ".join(quotes)
    notes = []
    if wants_number:
        notes.append("数字引自报告正文，不是表格中的数据。" if zh else "The figures are quoted from the report's text, not from its tables.")
    return Answer(text, "narrative", passages=best, notes=notes)


@lru_cache(maxsize=4)
def name_tokens(agencies: frozenset[str]) -> frozenset[str]:
    """Words of the indexed bodies' names (not topic words); computed once per catalogue."""
    return frozenset(n for agency in agencies for n in tokenize(agency))


def expand_topic(text: str) -> str:
    """Add the Chinese words an English question means (the reports are in Chinese)."""
    lowered = text.lower()
    extra = [zh for word, words in vocab()["glossary"].items() if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for zh in words]
    return text + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


def section_of(topic: str) -> int | None:
    lowered = topic.lower()
    for section, words in vocab()["section_words"].items():
        if any(word.lower() in lowered for word in words):
            return int(section)
    return None


def _best_sentences(text: str, terms: set[str], limit: int = 2, chars: int = 160, prefer_numbers: bool = False) -> str:
    """The sentences of a passage that share most (and longest) words with the question."""
    sentences = [s.strip() for s in re.split(r"(?<=[。；！？])", text) if s.strip()]
    weight = [sum(len(t) for t in terms & set(tokenize(s))) + (8 if prefer_numbers and re.search(r"\d", s) else 0) for s in sentences]
    keep = sorted(sorted(range(len(sentences)), key=lambda i: -weight[i])[:limit])
    quote = "".join(sentences[i] for i in keep if weight[i] or i == keep[0])
    return quote if len(quote) <= chars else quote[: chars - 1] + "…"


def asks_number(question: str) -> bool:
    lowered = question.lower()
    return any(word in lowered for word in HOW_MANY)
