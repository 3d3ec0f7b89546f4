"""Places a question names that no indexed body is: an indexed place's stem with another kind of
area after it (某某区 or 某某县 when only 某某市 is indexed), and a bare name the vocabulary does not
know ("某某2024年收到多少申请", "Xiamen's 2024 requests"). Both are derived from the catalogue and the
vocabulary files, never from a list of names."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib.resources import files

from index.facts import FactStore

from .bodies import _aliases, _areas_longest_first, _catalog, homophone_body, _latin_names, _latin_typo, _short_name_set, _short_names, names_vocab, plain_latin, split_area
from .named import _english_index
from .plan import lexicon
from .wordsets import named_spans
from .years import YEAR

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CLAUSE_START = set(" \t\n，,。.？?！!；;：:、")  # what a name may follow: the start of a clause (not a digit, not a quote)


def other_kind_of_area(text: str, facts: FactStore) -> str | None:
    """An indexed place's own name followed by a kind of area its name does not allow: 某某区 or 某某县
    when only 某某市 is indexed, 某某市 when only 某某综合实验区 is. A short form the rules of names.toml
    derive (某某实验区, 某某区 for a 综合实验区) is in the catalogue's names and is read as that body."""
    text = plain_latin(text)
    catalog = _catalog(facts)
    names = _short_names(catalog)
    aliases = _aliases(facts)
    taken = [False] * len(text)
    for start, end in named_spans(text, _short_name_set(catalog), aliases):
        chunk = text[start:end]
        if any(taken[start:end]) or not _CJK_RUN.fullmatch(chunk):
            continue
        taken[start:end] = [True] * (end - start)
        if split_area(chunk)[1]:
            continue  # the name carries its own kind of area (某某市, 某某实验区)
        area = next((a for a in _areas_longest_first() if text.startswith(a, end)), None)
        if area is None or any(text[start:end + len(w)] in names or text[start:end + len(w)] in aliases
                               for w in _areas_longest_first() if text.startswith(w, end)):
            continue  # no kind of area after it, or one the body's own name allows
        return chunk + area
    return None


@cache
def _vocabulary_words() -> frozenset[str]:
    """Every Chinese word of the vocabulary files (question words, measures, metrics, narrative cues):
    the runs of Chinese characters in their keys and values."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(_CJK_RUN.findall(value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in files("assistant").joinpath("vocab").iterdir():
        if path.name.endswith(".toml"):
            walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return frozenset(w for w in found if len(w) >= 2)


@cache
def _english_vocabulary() -> frozenset[str]:
    """Every English word of the vocabulary files, lower-cased."""
    found: set[str] = set()
    for path in files("assistant").joinpath("vocab").iterdir():
        if path.name.endswith(".toml"):
            found.update(w.lower().removesuffix("'s") for w in _ASCII_WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def _covered(text: str, *words: frozenset[str]) -> list[bool]:
    """Which characters of the text lie inside a known word (two to sixteen characters) of any of the sets."""
    covered = [False] * len(text)
    for start, end in named_spans(text, *words):
        covered[start:end] = [True] * (end - start)
    return covered


@cache
def _known_words() -> frozenset[str]:
    """The vocabulary's Chinese words and the question words: what a bare name is not."""
    return _vocabulary_words() | frozenset(lexicon()["question_words"]["words"])


@cache
def _leads() -> frozenset[str]:
    """What leads a question in ("请问", "那么"): follow-up leads and question words."""
    return frozenset(lexicon()["follow_up_leads"]["words"]) | frozenset(lexicon()["question_words"]["words"])


def unknown_bare_name(text: str, facts: FactStore) -> str | None:
    """A name no indexed body has, written without a kind of body or area: the Chinese characters right
    before a year, a 的 or at the head of the question before what it asks, that are neither a word of
    the vocabulary nor a name of the catalogue (nor joined to them by a particle) — "某某2024年…",
    "那某某的行政复议". None when every such span is known."""
    text = plain_latin(text)
    known = _known_words()
    particles = set(names_vocab()["not_inside"])
    covered = _covered(text, known, _short_name_set(_catalog(facts)), _aliases(facts))
    ends = [m.start() for m in YEAR.finditer(text)] + [m.start() for m in re.finditer("的", text)]
    for end in sorted(set(ends)):
        start = end
        while start > 0 and _CJK_RUN.match(text[start - 1]) and not covered[start - 1] and text[start - 1] not in particles:
            start -= 1
        span = text[start:end]
        if homophone_body(span, _catalog(facts)):  # a slip of the input method (平谭): read as that body, not unknown
            continue
        if len(span) >= 2 and (start == 0 or text[start - 1] in _CLAUSE_START or text[start - 1] in particles
                               or covered[start - 1] and _lead_only(text[:start], known)):
            return span
    return None


def _lead_only(before: str, known: frozenset[str] | set[str]) -> bool:
    """Whether what comes before a span only leads the question in ("请问", "那么"), not names a measure."""
    leads = _leads()
    return bool(before) and any(before.endswith(w) for w in leads) and all(_covered(before, leads))


@lru_cache(maxsize=4)
def _english_known(catalog: frozenset[tuple[str, str | None]]) -> frozenset[str]:
    """The English words that name no unknown place: the vocabulary's and the catalogue's names'."""
    known = set(_english_vocabulary())
    known |= {t for name in _latin_names(catalog) for t in name.split()}
    known |= set(_english_index(frozenset(k for k, _ in catalog)))
    known |= {w.lower() for w in lexicon()["english_bodies"]["not_names"]} | {w.lower() for w in lexicon()["question_words"]["english"]}
    return frozenset(known)


def unknown_english_place(question: str, facts: FactStore) -> str | None:
    """A capitalised word in an English question that is no word of the vocabulary and no indexed body's
    pinyin or English name (nor one letter away from one): "How many requests did Xiamen receive",
    "Xiamen's 2024 requests". The first word of a sentence counts only as a possessive."""
    catalog = _catalog(facts)
    known = _english_known(catalog)
    for m in re.finditer(r"(?<![A-Za-z'])([A-Z][a-z]{2,})('s|’s)?(?![A-Za-z])", question):
        word = m.group(1).lower()
        first = not question[:m.start()].strip() or question[:m.start()].rstrip()[-1] in ".?!:;\"“"
        if word in known or first and not m.group(2):
            continue
        if _latin_typo(plain_latin(question.lower()), catalog):
            return None  # "Pingtang": an indexed name misspelt, read as that body
        return m.group(1)
    return None
