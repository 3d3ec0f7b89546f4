"""What the tables record, as questions name it: the measures of assistant/vocab/questions.toml
(rows of tables 2–4 with the words people use for them) and the applicant columns of table 3.
The words are data; this module matches them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

_CJK = re.compile(r"[\u4e00-\u9fff]")
HOW_MANY = ("多少", "几", "数量", "数目", "how many", "how much", "number of", "count")


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


def contains(text: str, word: str) -> bool:
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
            if contains(text, word) and (best is None or len(word) > best[0]):
                best = (len(word), measure)
    if best is None:
        for measure in measures().values():
            for word in measure.weak:
                if contains(text, word) and (best is None or len(word) > best[0]):
                    best = (len(word), measure)
    return best[1] if best else None


def find_column(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for column, words in vocab()["applicants"].items():
        for word in words:
            if contains(text, word.lower()) and (best is None or len(word) > best[0]):
                best = (len(word), column)
    return best[1] if best else None

