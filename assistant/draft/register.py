"""The clerk's words in the register of the genre, by rule: a lexicon of plain rewrites
(今年 → 本年度, 太 → 过于 …) and of words whose rewrite depends on the word after them
(没有 + a verb → 未, 没有 + a noun → 缺少; 只有 + a number → 仅 …), read with jieba's
part-of-speech tags; aspect particles (了) dropped. The lexicon is data
(assistant/vocab/notes.toml, [[register_words]] and [[register_by_next]]); every rewrite is
returned so that --json can show it (before → after)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .notes import lexicon

_VERBAL = ("v", "d", "a", "p", "c", "ad", "vd", "ug", "b")  # tags of what follows 没有/还是 as a predicate
_NUMERAL = ("m",)


@dataclass(frozen=True)
class Rewrite:
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"before": self.before, "after": self.after}


@cache
def _plain() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r["from"]), r["to"]) for r in lexicon()["register_words"]]


@cache
def _by_next() -> dict[str, dict[str, Any]]:
    return {r["word"]: r for r in lexicon()["register_by_next"]}


def _tokens(text: str) -> list[tuple[str, str]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return [(t.word, t.flag) for t in jieba.posseg.lcut(text)]


def has_verb(text: str, nominal: re.Pattern[str] | None = None) -> bool:
    """Whether a clause has a verb of its own (jieba's tags; a work noun like 解读 at the end is no verb)."""
    tokens = _tokens(text)
    if nominal is not None and tokens and nominal.search(tokens[-1][0]):
        tokens = tokens[:-1]
    return any(flag == "v" for _, flag in tokens)


def rewrite_register(text: str) -> tuple[str, list[Rewrite]]:
    """A clause in the register of the genre, and what was rewritten."""
    before = text
    for pattern, to in _plain():
        text = pattern.sub(to, text)
    by_next = _by_next()
    if any(word in text for word in by_next) or "了" in text:
        tokens = _tokens(text)
        out: list[str] = []
        for index, (word, flag) in enumerate(tokens):
            following = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
            rule = by_next.get(word)
            previous = tokens[index - 1][0] if index else ""
            if word == "了" and flag in ("ul", "y") and (len(previous) >= 2 or not following[0] or following[0] in "，,。；;"):
                continue  # "培训了2次" → "培训2次", "晚了" at the end; "换了3个" keeps it (one-character verb)
            if rule is None:
                out.append(word)
            elif following[1] in _NUMERAL or following[0][:1].isdigit():
                out.append(rule.get("number", rule["other"]))
            elif following[1] == "vn" and "verbal_noun" in rule:
                out.append(rule["verbal_noun"])
            elif following[1].startswith(_VERBAL) and following[1] not in ("vn",):
                out.append(rule["verb"])
            else:
                out.append(rule["other"])
        text = "".join(out)
    text = text.strip("，, ")
    return text, ([Rewrite(before, text)] if text != before else [])
