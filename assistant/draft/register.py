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
_QUOTED = re.compile(r"“[^“”]{1,40}”|《[^《》]{1,40}》|「[^「」]{1,40}」")  # a name or a quotation: the clerk's exact words


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
    prev: str | None = None


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/register.toml").read_text(encoding="utf-8"))


def _pattern(source: str) -> re.Pattern[str]:
    """A rule's pattern; {surname} stands for one of the gazetteer's common surnames (小李, 王姐)."""
    return re.compile(source.replace("{surname}", "[" + "".join(_data()["words"]["surnames"]) + "]"))


@cache
def _rules() -> list[_Rule]:
    return [_Rule(_pattern(r["from"]), r["to"], r.get("next"), frozenset(r["roles"]) if "roles" in r else None, r.get("prev"))
            for r in _data()["rule"]]


def _prev_is(kind: str, text: str, start: int) -> bool:
    """Whether the word before ``start`` is a verb (调走|以后) — jieba's tag of the last word before it."""
    words = [sp for sp in _around(text, start, start) if sp[1] <= start]
    return bool(words) and words[-1][1] == start and words[-1][3] in _data()["tags"][kind]


def self_reference_words() -> tuple[str, ...]:
    """The words a clerk uses for the body itself (我们, 咱们, 我局 …): section 五 says 本单位/我局
    in their place; the register leaves them for it and the detector lists them."""
    return tuple(_data()["words"]["self_reference"])


@cache
def _detector() -> list[tuple[str, re.Pattern[str]]]:
    return [(c["word"], _pattern(c["pattern"])) for c in _data()["colloquial"]]


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
    if kind == "predicate":  # the rest of the clause says something (主要是人手紧), not only names (主要是企业)
        clause = re.split(f"[{_PUNCT}]", rest, maxsplit=1)[0][:30]
        return any(flag in _data()["tags"]["predicate"] or word.startswith(tuple(_data()["tags"]["predicate_words"])) for word, flag in _head(clause))
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


@lru_cache(maxsize=4096)
def _cuts(text: str) -> tuple[frozenset[int], tuple[tuple[int, int, str, str], ...]]:
    """Where jieba cuts a text into words, and its words as (start, end, word, tag)."""
    spans, at = [], 0
    for word, flag in _tokens(text):
        spans.append((at, at + len(word), word, flag))
        at += len(word)
    return frozenset(s for s, *_ in spans) | {at}, tuple(spans)


_WINDOW = 10  # characters of context each side: jieba cuts a word from what is near it


def _around(text: str, start: int, end: int) -> tuple[tuple[int, int, str, str], ...]:
    """jieba's words near text[start:end], at their offsets in ``text``: a window, not the whole text,
    so a long clause costs linear time however many rules match in it."""
    left = max(0, start - _WINDOW)
    return tuple((b + left, f + left, w, t) for b, f, w, t in _cuts(text[left:end + _WINDOW])[1])


def _phrase(word: str, flag: str) -> bool:
    """A jieba "word" that is a phrase of words (没人管, 一图读懂): a rule may rewrite inside it."""
    return flag in _data()["guard"]["phrase_tags"]


def _part_is_word(part: str, head: bool, following: str = "") -> bool:
    """Whether what a match leaves of a jieba word is a word of its own: the head of 还没 (an adverb),
    the tail of 没写/太小/好几篇 (a content word, not a particle or a complement such as 着/么/去,
    nor a one-character noun: 跟班)."""
    guard = _data()["guard"]
    if not head and following and (len(_head(part + following)) == 1 or (part + following).startswith(tuple(_data()["words"]["verbs"]))):
        return True  # 没上|墙: jieba glued 上 to 没, but 上墙 is the word
    if not head and part in guard["complements"]:
        return False
    flag = _head(part)[0][1]
    if head:
        return flag in guard["heads_ok"] or part in guard["head_words"]
    return not flag.startswith(tuple(guard["tails_not"])) and not (len(part) == 1 and flag in guard["bound_tags"])


def _fits(text: str, start: int, end: int, new: str) -> bool:
    """Whether replacing text[start:end] by ``new`` rewrites whole words only: a match that cuts
    into a jieba word must leave words of their own (查 inside 协查/经查, 学 inside 入学, 要 inside
    要么, 跟 inside 跟着 are no words: the rule keeps off); a single character bound to the
    single-character noun after it (跟岗) stays."""
    spans = _around(text, start, end)
    for index, (begin, finish, word, flag) in enumerate(spans):
        if _phrase(word, flag):
            continue
        following = spans[index + 1][2] if index + 1 < len(spans) else ""
        if begin < start < finish and not _part_is_word(word[: start - begin], head=True):
            return False
        taken = word[max(begin, start) - begin: end - begin]
        glued = _head(word[end - begin:])[0][1] in _data()["guard"]["glued_tags"] if begin < end < finish else False
        if begin < end < finish and not glued and not (taken in _data()["guard"]["prefix_words"] and _part_is_word(word[end - begin:], head=False, following=following)):
            return False  # 没|写, 太|小: a function word before a word; not 要|求 (要求 is one word)
    if end - start == 1 and new:
        after = [i for i, sp in enumerate(spans) if sp[0] == end]
        if after:
            _, _, word, flag = spans[after[0]]
            then = spans[after[0] + 1][3] if after[0] + 1 < len(spans) else ""
            if len(word) == 1 and flag in _data()["guard"]["bound_tags"] and then not in _data()["tags"]["noun"]:
                return False  # 跟岗1个月: one character bound to the next
    return True


def whole_words(text: str, start: int, end: int, new: str = "") -> bool:
    """Whether text[start:end] may be replaced by ``new`` without cutting into a word (the reading's
    own drops — a leading 要 of a measure — can ask the same question: 要么 is one word)."""
    return _fits(text, start, end, new)


def _changed(match: re.Match[str], to: str) -> tuple[int, int, str]:
    """The span a rewrite really changes ("报告里" → "报告中" changes 里 only) and its new text."""
    old, start, end = match.group(0), match.start(), match.end()
    head = len(next((p for p in (old[:i] for i in range(min(len(old), len(to)), 0, -1)) if to.startswith(p)), ""))
    tail = 0
    while tail < min(len(old), len(to)) - head and old[len(old) - 1 - tail] == to[len(to) - 1 - tail]:
        tail += 1
    return start + head, end - tail, to[head:len(to) - tail]


def _apply(rule: _Rule, text: str) -> str:
    out, last = [], 0
    for match in rule.pattern.finditer(text):
        if rule.next is not None and (match.end() == match.start() or not _next_is(rule.next, text[match.end():])):
            continue
        if rule.prev is not None and not _prev_is(rule.prev, text, match.start()):
            continue
        to = match.expand(rule.to)
        start, end, new = _changed(match, to)
        if match.group(0) == to or not (_fits(text, match.start(), match.end(), to) or (end > start and _fits(text, start, end, new))):
            continue
        out += [text[last:match.start()], to]
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
        joins_digits = joins_digits or (previous.endswith(tuple(_data()["guard"]["aspect_keep_after"])) and len(previous) > 1 and not following)  # 强多了
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
    text = _requoted(before, text)
    return text, ([Rewrite(before, text)] if text != before else [])


def _requoted(before: str, after: str) -> str:
    """What stands in quotation marks or 《》 is a name or a quotation (“一码查补贴”, 《出租车管理办法》): it comes
    back as written, whatever the rules did inside it (the quotes themselves are never rewritten away)."""
    said = _QUOTED.findall(before)
    if not said:
        return after
    spans = iter(said)
    restored = _QUOTED.sub(lambda m: next(spans, m.group(0)), after)
    return restored if len(_QUOTED.findall(after)) == len(said) else after


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
