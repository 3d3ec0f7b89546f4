"""How a question is written: normalised (full width to half, lower case, Chinese numerals and two-digit
years as four digits), its language, and matching of lexicon words and patterns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


from .measures import vocab
from .wordsets import word_set


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4}|[〇零一二三四五六七八九]{2})(?=年)")


_SHORT_YEAR = re.compile(r"(?<![\d.])(\d{2})(?=\s*(?:两|两个|三)?年(?!度?报告|轻)|\s*(?:[、和与,，/-]|比|跟|较|对比)\s*\d{2}\s*(?:两|两个)?年)")


_CJK = re.compile(r"[\u4e00-\u9fff]")


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def language_of(text: str) -> str:
    """English when the question is worded in English, even around Chinese names ("Which received more
    requests in 2024: <name> or <name>?"): four English words or more, twice as many as Chinese runs."""
    words = len(re.findall(r"[A-Za-z]{2,}", text))
    if words >= 4 and words >= 2 * len(_CJK_RUN.findall(text)) and re.match(r"\W*[A-Za-z]", text):
        return "en"
    return "zh" if len(_CJK.findall(text)) >= len(re.findall(r"[A-Za-z]", text)) / 3 else "en"


def chinese_number(word: str) -> int:
    import cn2an

    return int(cn2an.cn2an(word.replace("两", "二"), "smart"))


def normalize(question: str) -> str:
    """Full-width to half-width, lower case, Chinese-numeral and two-digit years to four digits."""
    text = unicodedata.normalize("NFKC", question).lower()
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text)
    return _SHORT_YEAR.sub(lambda m: f"20{m.group(1)}", text)


def has_any(text: str, words: Sequence[str]) -> str | None:
    """The longest of the words the text contains (the first listed among equals), in one pass."""
    best = None
    for order in word_set(tuple(words)).hits(text):
        word = words[order]
        if best is None or len(word) > len(best):
            best = word
    return best


def matches_any(text: str, patterns: list[str]) -> bool:
    return any(re.search(p, text) for p in patterns)


def asks_number(text: str) -> bool:
    return any(w in text for w in ("多少", "几", "数量", "how many", "how much", "number of"))


def vocab_narrative(text: str) -> bool:
    return bool(has_any(text, vocab()["intents"]["narrative"]))
