"""Bodies a question names in full: the stored names of each indexed report's body (its aliases in
the facts store) and their English/pinyin spellings; a body-like name that is not indexed.
Short names, typos and places are resolved in assistant.ask.bodies."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

from index.agencies import agency_key
from index.facts import FactStore

from .measures import contains, vocab

_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")
_KINDS = ("审批服务管理局", "科学技术局", "人民政府", "政府", "区", "县", "市", "旗", "局", "委", "办")


@cache
def _english_names(key: str) -> list[tuple[str, list[str]]]:
    """(place in pinyin, words for its kind) for an agency key: 青山区 → ("qingshan", ["district"])."""
    from .bodies import spellings

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
    for alias, key in facts.all_aliases():  # longest first, so 某某区审批服务管理局 beats 某某区
        at = rest.find(alias.lower()) if alias else -1
        if at >= 0:
            positions.setdefault(key, at)
            rest = rest.replace(alias.lower(), " " * len(alias))
    found = sorted(positions, key=lambda key: positions[key])  # in the order the question names them
    if not found:
        index = english_names_index(facts)
        english = [
            key for word in set(_LATIN_WORD.findall(text)) for key, kinds in index.get(word, [])
            if not kinds or any(contains(text, k) for k in kinds)
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

