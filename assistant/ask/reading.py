"""The first, broad reading of a question by rules: which bodies it names in full, its years, the
measure it names and the kind of question (a value, a comparison, a ranking, a total, errors,
the list of reports, or what the reports say). assistant.ask.understanding refines it into plans;
a follow-up ("and in 2023?", "那青山区呢？") reuses what it leaves out from the previous plan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index.facts import FactStore

from .measures import HOW_MANY, Measure, find_column, find_measure, vocab
from .named import find_agencies
from .words import has_any

Intent = Literal["value", "compare", "rank", "total", "errors", "reports", "narrative"]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Reading:
    """What a question asks, in canonical terms."""

    question: str
    language: Literal["zh", "en"]
    intent: Intent
    agency_keys: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    measure: Measure | None = None
    column: str | None = None  # a table-3 applicant column, when the question names one
    unknown_agency: str | None = None  # a body named in the question that is not indexed
    region: str | None = None  # a city or province named instead of a body ("某某市合计")
    topic: str = ""  # what a narrative question is about (a follow-up keeps the earlier topic)


def _has(text: str, group: str) -> bool:
    return has_any(text, vocab()["intents"][group]) is not None


def read_question(question: str, facts: FactStore, previous: Reading | None = None) -> Reading:
    """The broad reading of a question; a follow-up ("and in 2023?", "那青山区呢？") reuses what it leaves out."""
    text = question.strip().lower()
    language: Literal["zh", "en"] = "zh" if len(_CJK.findall(question)) >= len(re.findall(r"[A-Za-z]", question)) else "en"
    agencies, unknown = find_agencies(text, facts)
    region = next((r for r in sorted({r.region for r in facts.complete_reports() if r.region}, key=len, reverse=True) if r.lower() in text), None)
    if region and not agencies:
        unknown = None
    years = [int(y) for y in _YEAR.findall(text)]
    measure = find_measure(text)
    column = find_column(text) if measure is None or measure.table == "table3" else None
    wants_number = any(w in text for w in HOW_MANY)
    if _has(text, "errors") and (_has(text, "reports") or "哪些" in text or "which" in text):
        intent: Intent = "errors"
    elif _has(text, "reports") and measure is None:
        intent = "reports"
    elif measure is not None and (_has(text, "rank_most") or _has(text, "rank_least") or _has(text, "rank")) and len(agencies) != 1:
        intent = "rank"
    elif measure is not None and (_has(text, "total") or region) and len(agencies) != 1:
        intent = "total"
    elif measure is not None and (_has(text, "compare") or len(set(years)) > 1 or len(agencies) > 1):
        intent = "compare"
    elif measure is not None and (wants_number or not _has(text, "narrative")):
        intent = "value"
    else:
        intent = "narrative"

    topic = question
    follow_up = previous is not None and not unknown
    if follow_up and previous is not None:
        bare = measure is None and intent == "narrative" and not _has(text, "narrative") and len(text) < 30
        if bare and previous.intent == "narrative" and (agencies or years):
            topic = previous.topic or previous.question
        if bare and previous.intent != "narrative" and (agencies or years):
            intent, measure = previous.intent if previous.intent in ("value", "compare") else "value", previous.measure
            column = column or previous.column
        if not agencies and not region and intent in ("value", "compare", "narrative"):
            agencies = list(previous.agency_keys)
        same_body = not agencies or list(agencies) == list(previous.agency_keys)
        if not years and intent in ("value", "narrative") and len(previous.years) == 1 and same_body:
            years = list(previous.years)

    if _has(text, "last_year") or _has(text, "year_before"):
        newest = _newest_year(facts, agencies)
        if newest is not None:
            years = [newest - 1] if _has(text, "year_before") else [newest]
    if intent == "compare" and len(set(years)) < 2 and len(agencies) <= 1:
        newest = _newest_year(facts, agencies)
        base = years[0] if years else newest
        if base is not None:
            years = [base - 1, base]
    return Reading(question, language, intent, tuple(agencies), tuple(dict.fromkeys(years)), measure, column, unknown, region, topic)


def _newest_year(facts: FactStore, agencies: list[str]) -> int | None:
    rows = facts.reports_of(agencies) if agencies else facts.complete_reports()
    years = [r.year for r in rows if r.year]
    return max(years) if years else None

