"""The clerk's words in the register of the genre, by rule.

A lexicon of colloquial constructions and their rewrites (assistant/vocab/register.toml): plain
ones (今年 → 本年度, 到现在 → 截至目前 …) and ones whose rewrite depends on the word after them,
read with jieba's part-of-speech tags (没 + a verb → 未, 没 + a noun → 无; 好多 + a noun → 较多;
老是 + a predicate → 经常 …). A rule rewrites only when its condition holds; otherwise the
clerk's word is kept (a wrong swap costs more than a plain word). A role narrows what may change:
要 at the start of a measure is dropped, a promise reported (说要 → 提出要) keeps it. Aspect 了
is dropped. Every rewrite is returned (before → after) for --json; ``colloquial`` lists the
colloquial words a finished draft still holds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

ROLES = ("problem", "measure", "fact", "followup")
_PUNCT = "，,。；;：:、！!？?（）()"
_MARKED = re.compile(r"【[^】]{0,40}】")  # the tool's own marks are not the clerk's words


@dataclass(frozen=True)
class Rewrite:
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"before": self.before, "after": self.after}


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    to: str
    next: str | None
    roles: frozenset[str] | None


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/register.toml").read_text(encoding="utf-8"))


@cache
def _rules() -> list[_Rule]:
    return [_Rule(re.compile(r["from"]), r["to"], r.get("next"), frozenset(r["roles"]) if "roles" in r else None) for r in _data()["rule"]]


@cache
def _detector() -> list[tuple[str, re.Pattern[str]]]:
    return [(c["word"], re.compile(c["pattern"])) for c in _data()["colloquial"]]


def _tokens(text: str) -> list[tuple[str, str]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return [(t.word, t.flag) for t in jieba.posseg.lcut(text)]


@lru_cache(maxsize=4096)
def _head(prefix: str) -> tuple[tuple[str, str], ...]:
    """The first words of what follows a match (jieba's tags), cached: the same few characters recur."""
    return tuple(_tokens(prefix))


def _next_is(kind: str, rest: str) -> bool:
    """Whether the first word of ``rest`` is of ``kind`` (verb / noun / number / any)."""
    if not rest or rest[0] in _PUNCT or rest[0].isspace():
        return False
    if kind == "any":
        return True
    if kind == "number" and (rest[0].isdigit() or rest[0] in "一二两三四五六七八九十几半"):
        return True
    tokens = _head(rest[:10])
    (word, flag), after = tokens[0], (tokens[1][0] if len(tokens) > 1 else "")
    tags, words = _data()["tags"], _data()["words"]
    headed = flag.startswith("v") and any(after.startswith(h) for h in words["heads"])  # 投诉渠道: a noun
    if kind == "verb":
        return not headed and (flag in tags["verb"] or any(rest.startswith(v) for v in words["verbs"]))
    if kind == "noun":
        return headed or (flag in tags["noun"] and not any(rest.startswith(v) for v in words["verbs"]))
    return flag in tags.get(kind, ())


def _apply(rule: _Rule, text: str) -> str:
    if rule.next is None:
        return rule.pattern.sub(rule.to, text)
    out, last = [], 0
    for match in rule.pattern.finditer(text):
        if match.end() == match.start() or not _next_is(rule.next, text[match.end():]):
            continue
        out += [text[last:match.start()], match.expand(rule.to)]
        last = match.end()
    return "".join(out) + text[last:] if out else text


def _drop_aspect(text: str) -> str:
    """Aspect 了 after a two-character verb or at the clause's end ("培训了2次" → "培训2次");
    "换了3个" keeps it (a one-character verb reads wrong without it)."""
    if "了" not in text:
        return text
    tokens = _tokens(text)
    out: list[str] = []
    for index, (word, flag) in enumerate(tokens):
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        previous = tokens[index - 1][0] if index else ""
        joins_digits = previous[-1:].isdigit() and following[:1].isdigit()  # "2了3" keeps 了: two numbers stay two
        if word == "了" and flag in ("ul", "y") and not joins_digits and (len(previous) >= 2 or not following or following in _PUNCT):
            continue
        out.append(word)
    return "".join(out)


def rewrite_register(text: str, role: str | None = None) -> tuple[str, list[Rewrite]]:
    """A clause in the register of the genre, and what was rewritten. ``role``: "problem",
    "measure", "fact", "followup" or None (not known)."""
    before = text
    key = role if role in ROLES else "none"
    for rule in _rules():
        if rule.roles is None or key in rule.roles:
            text = _apply(rule, text)
    text = _drop_aspect(text).strip("，, ")
    return text, ([Rewrite(before, text)] if text != before else [])


def colloquial(text: str) -> list[str]:
    """The colloquial words a text still holds (the detector's list), in order, the tool's marks aside."""
    plain = _MARKED.sub("", text)
    return [word for word, pattern in _detector() for _ in pattern.finditer(plain)]


def has_verb(text: str, nominal: re.Pattern[str] | None = None) -> bool:
    """Whether a clause has a verb of its own (jieba's tags; a work noun like 解读 at the end is no verb)."""
    tokens = _tokens(text)
    if nominal is not None and tokens and nominal.search(tokens[-1][0]):
        tokens = tokens[:-1]
    return any(flag == "v" for _, flag in tokens)
