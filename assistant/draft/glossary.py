"""English in a clerk's notes → the genre's Chinese, through a glossary (assistant/vocab/glossary.toml).

Patterns whose rendering depends on their surroundings go first ("last updated 3个月 ago" →
"最近一次更新在3个月前"); then every plain term at once, the longest first, case-insensitive, on
ASCII word boundaries ("response rate" before "rate"; "e.g." is one token). Formats, programs, label
letters and version tags (PDF, Excel, A角, v2) are kept as written. A word the glossary
lacks stays visible as 【待译：…】 and is named to the clerk — never deleted, since a dropped
"lack of" or "not" reverses what the clerk meant."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files

_LATIN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ \t]+[A-Za-z][A-Za-z'’\-]*)*")
_UNTRANSLATED = re.compile(r"【待译：[^】]*】|" + _LATIN.pattern)
_LEFT, _RIGHT = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"  # ASCII word edges: Chinese next to a term is an edge
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])\s+(?=[\u4e00-\u9fff\d])|(?<=[\u4e00-\u9fff])\s+|(?<!\s)\s+(?=[\u4e00-\u9fff])")
_EDGE = re.compile(r"\\b")
_STICKER = re.compile(r"\[[A-Za-z]{2,12}(?: [A-Za-z]{2,12})?\]")  # a WeChat sticker code ([OK], [Facepalm]): no English to translate


def _term_pattern(term: str) -> str:
    """A glossary term as a pattern: a space or hyphen matches either or nothing, the last word may be plural."""
    words = re.split(r"[\s\-]+", term.strip())
    last = words[-1]
    if last[-1:].isalpha():
        if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            words[-1] = re.escape(last[:-1]) + "(?:y|ies)"
        else:
            words[-1] = re.escape(last) + "(?:e?s)?"
    else:
        words[-1] = re.escape(last)
    body = r"[\s\-]*".join(w if w is words[-1] else re.escape(w) for w in words)
    return _LEFT + body + (_RIGHT if term[-1:].isalnum() else "")


@cache
def _glossary() -> tuple[list[tuple[re.Pattern[str], str]], re.Pattern[str], dict[str, str]]:
    data = tomllib.loads(files("assistant").joinpath("vocab/glossary.toml").read_text(encoding="utf-8"))
    patterns = [(re.compile("(?i)" + _EDGE.sub(lambda _: "(?:" + _LEFT + "(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])" + _RIGHT + ")", p["from"])), p["to"])
                for p in data["pattern"]]
    english = {en: zh for zh, ens in data["terms"].items() for en in ens}
    ordered = sorted(english, key=lambda en: (-len(en), en))
    terms = re.compile("(?i)" + "|".join(f"(?P<t{i}>{_term_pattern(en)})" for i, en in enumerate(ordered)))
    return patterns, terms, {f"t{i}": english[en] for i, en in enumerate(ordered)}


@cache
def _kept() -> frozenset[str]:
    data = tomllib.loads(files("assistant").joinpath("vocab/glossary.toml").read_text(encoding="utf-8"))
    return frozenset(word.lower() for word in data.get("keep", ()))


@cache
def _placeholders() -> frozenset[str]:
    data = tomllib.loads(files("assistant").joinpath("vocab/glossary.toml").read_text(encoding="utf-8"))
    return frozenset(word.lower() for word in data.get("placeholders", ()))


_COUNTED = "个件条次家名人项篇期批份天周月年岁%％"  # a placeholder before one of these stands for a number (x个栏目)


def _placeholder(word: str, before: str, after: str) -> str | None:
    """The gap a placeholder stands for (xx农讯 → a name, x个 → a number, NA → a gap), or None;
    a lone x after a figure (3 x 4) is a times sign, ×."""
    if word.lower() not in _placeholders():
        return None
    if word.lower() == "x" and before[-1:].isdigit():
        return "×"
    if after[:1] and after[:1] in _COUNTED:
        return "【待补：数量】"
    return "【待补：名称】" if "\u4e00" <= after[:1] <= "\u9fff" else "【待补】"


def _keeps(word: str, after: str) -> bool:
    """Latin a Chinese text keeps as written: a named format or program (PDF, Excel, OCR), a single
    capital letter of a label (A角, B类) or a version tag (v2, V1.0)."""
    return word.lower() in _kept() or (len(word) == 1 and (word.isupper() or after[:1].isdigit()))


def kept_as_written(word: str) -> bool:
    """Whether a Latin word is one a Chinese text keeps (PDF, Excel …): not English left untranslated."""
    return word.lower() in _kept()


def terms() -> dict[str, str]:
    """Every plain English term of the glossary → its Chinese (lower case keys)."""
    data = tomllib.loads(files("assistant").joinpath("vocab/glossary.toml").read_text(encoding="utf-8"))
    return {en.lower(): zh for zh, ens in data["terms"].items() for en in ens}


def translate(text: str, flags: list[str]) -> str:
    """English fragments → Chinese through the glossary; a word the glossary lacks stays
    visible as 【待译：…】 (never deleted) and is named to the clerk in ``flags``."""
    text = _STICKER.sub(lambda m: m.group(0) if m.group(0)[1:-1].lower() in _kept() else "", text)
    if not _LATIN.search(text):
        return text
    patterns, plain, chinese = _glossary()
    for pattern, to in patterns:
        text = pattern.sub(to, text)
    text = plain.sub(lambda m: chinese[m.lastgroup or ""], text)

    def keep(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.startswith("【") or _keeps(word, match.string[match.end():]):
            return word
        gap = _placeholder(word, match.string[:match.start()].rstrip(), match.string[match.end():].lstrip())
        if gap == "×":
            return gap
        if gap is not None:
            flags.append(f"笔记中的“{word}”是占位符，草稿中标为{gap}，请填写。")
            return gap
        flags.append(f"笔记中的英文“{word}”词表中没有对应的中文说法，草稿中保留为【待译：{word}】，请改为中文。")
        return f"【待译：{word}】"

    return _CJK_SPACE.sub("", _UNTRANSLATED.sub(keep, text))
