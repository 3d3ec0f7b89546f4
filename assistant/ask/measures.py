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

from .wordsets import WordSet

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
    for weak in (False, True):
        best: tuple[str, Measure] | None = None
        excluded = set() if weak else _excluded(text)  # weak words are read whatever else is named
        for order in _measure_words(weak).hits(text):
            word, measure = _measure_words(weak).entries[order]
            if measure.id not in excluded and (best is None or len(word) > len(best[0])):
                best = (word, measure)
        if best is not None:
            return best[1]
    return None


def _excluded(text: str) -> set[str]:
    """The measures whose ``unless`` words the question contains (strong words only)."""
    return {m.id for m in _with_unless() if any(w in text for w in m.unless)}


@cache
def _with_unless() -> tuple[Measure, ...]:
    return tuple(m for m in measures().values() if m.unless)


@cache
def _measure_words(weak: bool) -> WordSet[Measure]:
    """Every measure's words (or weak words), in the order of the vocabulary."""
    return WordSet([(w, m) for m in measures().values() for w in (m.weak if weak else m.words)])


def side_by_side(text: str) -> tuple[str, ...]:
    """The measures a question word reads side by side ([[side_by_side]] in questions.toml: "都办完了吗"
    → 办理结果总计 and 结转下年度), by its longest word; () when it uses none."""
    best: tuple[str, tuple[str, ...]] | None = None
    for order in _side_by_side_words().hits(text):
        word, ids = _side_by_side_words().entries[order]
        if best is None or len(word) > len(best[0]):
            best = (word, ids)
    return best[1] if best else ()


@cache
def _side_by_side_words() -> WordSet[tuple[str, ...]]:
    return WordSet([(w.lower(), tuple(entry["measures"])) for entry in vocab().get("side_by_side", []) for w in entry["words"]])


def find_column(text: str) -> str | None:
    best: tuple[str, str] | None = None
    for order in _column_words().hits(text):
        word, column = _column_words().entries[order]
        if best is None or len(word) > len(best[0]):
            best = (word, column)
    return best[1] if best else None


@cache
def _column_words() -> WordSet[str]:
    return WordSet([(word.lower(), column) for column, words in vocab()["applicants"].items() for word in words])
