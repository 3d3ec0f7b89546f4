"""Question understanding without a model: which body, which year(s), which measure, what kind
of question. The words are data (assistant/vocab/questions.toml); this module matches them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from collections import defaultdict
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Literal

from index.agencies import agency_key
from index.facts import FactStore

Intent = Literal["value", "compare", "rank", "total", "errors", "reports", "narrative"]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")
HOW_MANY = ("多少", "几", "数量", "数目", "how many", "how much", "number of", "count")
_KINDS = ("审批服务管理局", "科学技术局", "人民政府", "政府", "区", "县", "市", "旗", "局", "委", "办")


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    english: str
    table: str
    rows: tuple[str, ...]
    column: str
    words: tuple[str, ...]
    weak: tuple[str, ...]
    context: tuple[str, ...]
    unit: str
    unless: tuple[str, ...] = ()  # words that mean something else is asked ("依申请…收费" is 信息处理费)


@dataclass(frozen=True)
class Query:
    """What a question asks, in canonical terms."""

    question: str
    language: Literal["zh", "en"]
    intent: Intent
    agency_keys: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    measure: Measure | None = None
    column: str | None = None  # a table-3 applicant column, when the question names one
    unknown_agency: str | None = None  # a body named in the question that is not indexed
    region: str | None = None  # a city or province named instead of a body ("吴忠市合计")
    topic: str = ""  # what a narrative question is about (a follow-up keeps the earlier topic)


@cache
def vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/questions.toml").read_text(encoding="utf-8"))


@cache
def measures() -> dict[str, Measure]:
    found = {}
    for m in vocab()["measures"]:
        column = m.get("column", "total")
        found[m["id"]] = Measure(m["id"], m["label"], m["english"], m["table"], tuple(m["rows"]), column,
                                 tuple(w.lower() for w in m["words"]), tuple(w.lower() for w in m.get("weak", ())),
                                 tuple(m.get("context", ())), m.get("unit", "件"),
                                 tuple(w.lower() for w in m.get("unless", ())))
    return found


def _contains(text: str, word: str) -> bool:
    """Chinese words by substring; English words on word boundaries."""
    if _CJK.search(word):
        return word in text
    return word in text and _word_pattern(word).search(text) is not None


@lru_cache(maxsize=8192)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")


def find_measure(text: str) -> Measure | None:
    """The measure named by the longest matching word (weak words only when nothing else fits)."""
    best: tuple[int, Measure] | None = None
    for measure in measures().values():
        if measure.unless and any(w in text for w in measure.unless):
            continue
        for word in measure.words:
            if _contains(text, word) and (best is None or len(word) > best[0]):
                best = (len(word), measure)
    if best is None:
        for measure in measures().values():
            for word in measure.weak:
                if _contains(text, word) and (best is None or len(word) > best[0]):
                    best = (len(word), measure)
    return best[1] if best else None


def find_column(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for column, words in vocab()["applicants"].items():
        for word in words:
            if _contains(text, word.lower()) and (best is None or len(word) > best[0]):
                best = (len(word), column)
    return best[1] if best else None


def _has(text: str, group: str) -> bool:
    return any(_contains(text, w.lower()) for w in vocab()["intents"][group])


@cache
def _english_names(key: str) -> list[tuple[str, list[str]]]:
    """(place in pinyin, words for its kind) for an agency key: 利通区 → ("litong", ["district"])."""
    from .ask.bodies import spellings

    kind = next((k for k in _KINDS if key.endswith(k) and len(key) > len(k)), "")
    place = key[: len(key) - len(kind)] if kind else key
    return [(s, vocab()["english_kinds"].get(kind, []) if kind not in ("区", "县", "市") else []) for s in spellings(place)]


@lru_cache(maxsize=4)
def _english_index(keys: frozenset[str]) -> dict[str, list[tuple[str, list[str]]]]:
    """Place spelling → (agency key, words for its kind) over every indexed body: one dictionary
    lookup per word of the question instead of a pattern per body (10,000 bodies at province scale)."""
    index: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for key in sorted(keys):
        for place, kinds in _english_names(key):
            if place:
                index[place].append((key, kinds))
    return index


def english_names_index(facts: FactStore) -> dict[str, list[tuple[str, list[str]]]]:
    """The English/pinyin names of every indexed body (cached until the catalogue changes)."""
    return _english_index(frozenset(k for _, k in facts.all_aliases()))


_ENGLISH_BODY = re.compile(r"\b((?:[a-z][a-z'-]*\s+){1,5}(?:commission|committee|department|ministry|council|administration|agency|bureau|office|government))\b")
_ENGLISH_BODY_OF = re.compile(r"\b((?:ministry|department|bureau|office|commission|committee|administration) of (?:the )?[a-z]+(?: (?!and\b|in\b|for\b)[a-z]+)?)\b")
_NOT_NAME = {"the", "a", "an", "did", "does", "do", "of", "by", "at", "for", "in", "from", "to", "how", "many", "much", "requests", "request",
             "what", "which", "was", "is", "were", "are", "has", "have", "had", "get", "got", "receive", "received", "this", "that", "its"}


def find_agencies(text: str, facts: FactStore) -> tuple[list[str], str | None]:
    """Indexed bodies the question names, and a body-like name that is not indexed."""
    positions: dict[str, int] = {}
    rest = text
    for alias, key in facts.all_aliases():  # longest first, so 红寺堡区审批服务管理局 beats 红寺堡区
        at = rest.find(alias.lower()) if alias else -1
        if at >= 0:
            positions.setdefault(key, at)
            rest = rest.replace(alias.lower(), " " * len(alias))
    found = sorted(positions, key=lambda key: positions[key])  # in the order the question names them
    if not found:
        index = english_names_index(facts)
        english = [
            key for word in set(_LATIN_WORD.findall(text)) for key, kinds in index.get(word, [])
            if not kinds or any(_contains(text, k) for k in kinds)
        ]
        governments = [k for k in english if k.endswith(("区", "县", "市"))]
        found = sorted(set(governments or english))
    unknown = None
    if not found:
        for phrase in vocab()["not_names"]:  # 政府信息公开 is not a body called …政府
            rest = rest.replace(phrase, " " * len(phrase))
        match = re.search(r"([\u4e00-\u9fff]{2,10}(?:人民政府|政府|委员会|办公室|区|县|局|委|厅|旗))", rest) or re.search(r"([\u4e00-\u9fff]{2,6}市)", rest)
        if match and agency_key(match.group(1)) not in {"本区", "我区", "全区", "该区", "全市", "本市"}:
            unknown = match.group(1)
        elif english := _ENGLISH_BODY_OF.search(rest):  # "the Ministry of Finance"
            unknown = english.group(1)
        elif english := _ENGLISH_BODY.search(rest):  # "the Shanghai Municipal Education Commission"
            words = english.group(1).split()
            while any(w in _NOT_NAME for w in words):  # a name is the words after the last function word:
                words = words[next(i for i in range(len(words) - 1, -1, -1) if words[i] in _NOT_NAME) + 1:]  # "court corrected the agency" names none
            unknown = " ".join(words) if len(words) >= 2 else None
    return found, unknown


def understand(question: str, facts: FactStore, previous: Query | None = None) -> Query:
    """Parse a question; a follow-up ("and in 2023?", "那红旗区呢？") reuses what it leaves out."""
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
    return Query(question, language, intent, tuple(agencies), tuple(dict.fromkeys(years)), measure, column, unknown, region, topic)


def _newest_year(facts: FactStore, agencies: list[str]) -> int | None:
    rows = facts.reports_of(agencies) if agencies else facts.complete_reports()
    years = [r.year for r in rows if r.year]
    return max(years) if years else None


def with_measure(query: Query, measure_id: str) -> Query:
    """The query with a measure chosen elsewhere (a model's structured reading), validated."""
    if measure_id not in measures():
        raise KeyError(measure_id)
    intent: Intent = query.intent if query.intent in ("compare", "rank", "total") else "value"
    return replace(query, measure=measures()[measure_id], intent=intent)
