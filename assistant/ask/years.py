"""Which years a question asks: explicit years, ranges (2019到2025), spans of the newest N indexed years
(近三年, 7年加起来, the last three years), relative years (去年, 前年) and years after the one talked about."""

from __future__ import annotations

import re
from datetime import date

from index.facts import FactStore

from .measures import contains
from .plan import lexicon
from .words import chinese_number, has_any


YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年)?\s*(?:到|至|-|–|—|~|to|through)\s*((?:19|20)\d{2})(?!\d)")


_RECENT = re.compile(r"(?:近|最近|过去|这|last|past)\s*([两二三四五六七八九十]|[2-9]|1\d)\s*(?:个)?\s*(?:年|years)"
                     r"|(?<![\d一二三四五六七八九十.])([两二三四五六七八九十]|[2-9]|1\d)\s*(?:个)?\s*年(?!度?报告|前|后|以)(?=[里中来间各分都的内加合一总累共])"
                     r"|(?:its|the|both|these|all)\s+(two|three|four|five|six|seven|eight|nine|ten)\s+years")


_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def today() -> date:
    """Today's date (a seam for tests)."""
    return date.today()


def indexed_years(facts: FactStore, bodies: tuple[str, ...] | list[str] = ()) -> list[int]:
    rows = facts.reports_of(list(bodies)) if bodies else facts.complete_reports()
    return sorted({r.year for r in rows if r.year})


def find_years(text: str, facts: FactStore, bodies: list[str]) -> tuple[list[int], str, bool]:
    """(years, the relative word used, whether a range of years was asked)."""
    span = _RANGE.search(text)
    if span:
        a, b = sorted((int(span.group(1)), int(span.group(2))))
        return list(range(a, b + 1)), "", True
    into = {m.start(1) for p in lexicon()["carried_into"]["patterns"] for m in re.finditer(p, text)}
    years = [int(m.group(1)) - (m.start(1) in into) for m in YEAR.finditer(text)]  # carried into N: the N−1 report
    if years:
        return list(dict.fromkeys(years)), "", False
    recent = _RECENT.search(text)
    if recent:
        word = next(g for g in recent.groups() if g)
        n = _EN_NUMBERS.get(word) or (int(word) if word.isdigit() else chinese_number(word))
        return indexed_years(facts, bodies)[-n:], "", True
    if any(re.search(p, text) for p in lexicon()["operations"]["all_reports"]):
        return indexed_years(facts, bodies), "", True  # "所有报告加起来": every year, not the newest of each
    spans = lexicon()["year_spans"]
    span_word = has_any(text, list(spans)) if bodies else None
    if span_word and any(span_word in w and contains(text, w) for w in lexicon()["relative_years"]):
        span_word = None  # "two years ago" is one year, not the body's last two
    if span_word:  # "某某区两年的行政处罚加一起": the body's newest N indexed years
        return indexed_years(facts, bodies)[-spans[span_word]:], "", True
    for phrase in lexicon()["not_years"]["words"]:  # "carried over from last year" names a row, not a year
        text = text.replace(phrase, " ")
    relative = lexicon()["relative_years"]
    words = [w for w in sorted(relative, key=len, reverse=True)
             if contains(text, w) and not (w == "本年" and re.search(r"本年(?:度|新收|制发|废止|收费|处理)", text))]
    words = [w for w in words if not any(w != o and w in o for o in words)]  # 大前年 is not also 前年
    if words:
        found = sorted({today().year + relative[w] for w in words})
        return found, "、".join(sorted(words, key=lambda w: relative[w], reverse=True)), False
    if has_any(text, lexicon()["operations"]["latest"]):
        years = indexed_years(facts, bodies)
        return years[-1:], "", False
    return [], "", False


def context_year(text: str) -> int | None:
    """Years after the one the chat is about, when a follow-up starts with them ("第二年呢？";
    "拖到下一年才办的" is not a year): [context_years] and [follow_up_leads] in the lexicon."""
    lead = text.strip()
    for word in sorted(lexicon()["follow_up_leads"]["words"], key=len, reverse=True):
        if lead.startswith(word):
            lead = lead[len(word):].lstrip()
            break
    return next((n for w, n in lexicon()["context_years"].items() if lead.startswith(w)), None)
