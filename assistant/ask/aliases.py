"""Nicknames a user gives a body ("青屿" for a 综合实验区): stored in the facts store of the data home,
read by every question at once (they join the aliases derived from the reports' names).

>>> add_alias(facts, "青屿", "青屿综合实验区")  # doctest: +SKIP
'青屿综合实验区'
"""

from __future__ import annotations

import re
import unicodedata

from index.errors import InputError, NotIndexed
from index.facts import FactStore

MAX_ALIAS = 20  # characters: a nickname, not a sentence


def clean_alias(alias: str) -> str:
    """The nickname as questions are matched: NFKC, lower case, no spaces around it."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", alias)).strip().lower()


def body_key(name: str, facts: FactStore) -> str:
    """The indexed body a name means (its official name, a stored alias or a short name that fits one body)."""
    from .bodies import resolve_bodies

    cleaned = clean_alias(name)
    keys = facts.agency_keys(name.strip()) or facts.agency_keys(cleaned)
    indexed = {r.agency_key for r in facts.complete_reports()}
    keys = [k for k in keys if k in indexed]
    if not keys and cleaned:
        keys, _ = resolve_bodies(cleaned, facts, [])
    if len(keys) != 1:
        known = "、".join(sorted({r.agency or r.agency_key or "" for r in facts.complete_reports()})[:8]) or "（无）"
        raise NotIndexed(f"知识库中没有“{name.strip()}”的报告，无法为它设别名。已收录的机关：{known}。")
    return keys[0]


def add_alias(facts: FactStore, alias: str, body: str) -> str:
    """Store ``alias`` as a nickname of the indexed body ``body`` names; returns that body's key."""
    nickname = clean_alias(alias)
    if not nickname or len(nickname) > MAX_ALIAS or re.search(r"\d", nickname) or re.search(r"[，,。？?！!；;：:“”\"]", nickname):
        raise InputError(f"别名“{alias.strip()}”不可用：别名须为 1–{MAX_ALIAS} 个字、不含数字和标点。")
    key = body_key(body, facts)
    taken = [k for a, k in facts.all_aliases() if a.lower() == nickname and k != key]
    if taken and (nickname, taken[0]) not in facts.user_aliases():
        raise InputError(f"“{alias.strip()}”已是“{taken[0]}”的名称，不能再作其他机关的别名。")
    facts.set_user_alias(nickname, key)
    return key


def remove_alias(facts: FactStore, alias: str) -> bool:
    """Forget a nickname; False when no such nickname was stored."""
    return facts.remove_user_alias(clean_alias(alias))


def list_aliases(facts: FactStore) -> list[tuple[str, str]]:
    """(nickname, body key) of every nickname a user added."""
    return facts.user_aliases()
