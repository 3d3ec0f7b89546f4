"""The domain vocabulary: canonical ids and the label variants real reports use for them.

The words live in ``index/vocab/labels.toml``; this module only loads them and matches
labels by meaning (ordinals, brackets, punctuation, spaces and "的" do not count; a garbled
PDF label still matches its closest variant).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from importlib.resources import files
from typing import Any

_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.．、](?!\d))\s*"
)
_DROP = re.compile(r"[\s\u3000、，,。.．；;：:！!？?“”\"'‘’「」『』《》〈〉<>（）()\[\]【】·•—\-_/|*#]+")
_NUMBER_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(?:万元|元|件|个|条|项|次)?$")
_PLACEHOLDER = {"/", "／", "-", "—", "–", "－", "无", "——", "\\"}
_PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")


def normalize_label(text: str) -> str:
    """Reduce a label to the characters that carry its meaning.

    >>> normalize_label("（二）部分公开(区分处理的, 只计这一情形, 不计其他情形)。")
    '部分公开区分处理只计这一情形不计其他情形'
    """
    text = unicodedata.normalize("NFKC", text)
    previous = None
    while previous != text:  # "三、(一) 予以公开" carries two ordinals
        previous = text
        text = _ORDINAL.sub("", text, count=1)
    text = _DROP.sub("", text)
    return text.replace("的", "")


MAX_INT_DIGITS = 18  # longer digit runs are read as floats, never by int()


def parse_number(text: str) -> int | float | None:
    """Read a table cell as a number: "12" → 12, "7730.28" → 7730.28, "1,759" → 1759.

    Full-width digits and a trailing unit (万元, 件 …) are accepted; anything else is None.
    """
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    match = _NUMBER_WITH_UNIT.match(text)
    if not match:
        return None
    number = match.group(1)
    if "." in number or len(number) > MAX_INT_DIGITS:
        # a run of digits no count can be is a float (inf past 308 digits): int() on thousands of
        # digits raises (int_max_str_digits) and is quadratic; the CELLS rule reports it
        return float(number)
    return int(number)


_REMARK = re.compile(r"^(?P<number>[^（(）)]{1,24}?)\s*[（(](?P<remark>[^（(）)]{1,60})[）)]\s*$")


def split_remark(text: str) -> tuple[int | float, str] | None:
    """A number with a remark in brackets: "30（其中修订12件）" → (30, "其中修订12件"),
    "41 (含自然失效20件)" → (41, "含自然失效20件"); None for anything else.

    >>> split_remark("30（其中修订12件）")
    (30, '其中修订12件')
    >>> split_remark("（一）予以公开") is None
    True
    """
    match = _REMARK.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    value = parse_number(match.group("number"))
    return None if value is None else (value, match.group("remark").strip())


def is_number(text: str | None) -> bool:
    return text is not None and parse_number(text) is not None


def is_placeholder(text: str | None) -> bool:
    """A cell written as "/" or "—": the report means "none" but did not write 0."""
    return text is not None and unicodedata.normalize("NFKC", text).strip() in _PLACEHOLDER


def is_page_number(text: str) -> bool:
    """Page numbers such as "- 3 -" that the PDF text layer leaves inside tables."""
    return bool(_PAGE_NUMBER.match(unicodedata.normalize("NFKC", text).strip()))


@dataclass(frozen=True)
class Term:
    """One canonical id with its label variants (already normalized)."""

    id: str
    labels: tuple[str, ...]
    nonstandard: tuple[str, ...] = ()

    @property
    def variants(self) -> tuple[str, ...]:
        return self.labels + self.nonstandard


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    nonstandard: bool = False


@dataclass
class Matcher:
    """Finds the canonical id a label means.

    Exact matches beat containment, containment beats fuzzy similarity; short variants
    ("其他", "总计") only match exactly, so they are not found inside longer labels.

    >>> Matcher([Term("granted", ("予以公开",))]).match("(一) 予以公开").id
    'granted'
    """

    terms: list[Term]
    threshold: float = 0.8
    _cache: dict[str, Match | None] = field(default_factory=dict, repr=False)

    def match(self, label: str) -> Match | None:
        """The id the label means, or None when nothing (or more than one id) fits well."""
        key = normalize_label(label)
        if key not in self._cache:
            self._cache[key] = self._match(key)
        return self._cache[key]

    def fragment_of(self, label: str) -> set[str]:
        """Ids whose label contains this text: a piece of a label wrapped over two lines."""
        key = normalize_label(label)
        if len(key) < 3:
            return set()
        return {t.id for t in self.terms for v in t.variants if key in v}

    def _match(self, key: str) -> Match | None:
        if not key:
            return None
        scored = sorted(
            (
                Match(term.id, _score(key, variant), variant in term.nonstandard)
                for term in self.terms
                for variant in term.variants
            ),
            key=lambda m: -m.score,
        )
        best = scored[0] if scored else None
        if best is None or best.score < self.threshold:
            return None
        rival = next((m for m in scored if m.id != best.id), None)
        if rival is not None and rival.score == best.score:
            return None
        return best


def _score(key: str, variant: str) -> float:
    if key == variant:
        return 1.0
    if len(variant) <= 2 or len(key) <= 2:
        return 0.0
    if variant in key:  # the label carries extra words: a group heading, a note
        return 0.9 + 0.09 * len(variant) / len(key)
    return SequenceMatcher(None, key, variant, autojunk=False).ratio()


@dataclass(frozen=True)
class Vocabulary:
    """Everything the parser knows about the report's words, loaded from labels.toml."""

    raw: dict[str, Any]

    @property
    def sections(self) -> list[dict[str, Any]]:
        return self.raw["sections"]

    def table_keywords(self) -> dict[str, list[str]]:
        return {name: self.raw[name]["keywords"] for name in ("table2", "table3", "table4")}

    def terms(self, table: str, kind: str) -> list[Term]:
        return [
            Term(
                id=str(entry["id"]),
                labels=tuple(normalize_label(v) for v in entry["labels"]),
                nonstandard=tuple(normalize_label(v) for v in entry.get("nonstandard", ())),
            )
            for entry in self.raw[table][kind]
        ]

    def table2_layout(self, layout: str) -> dict[str, list[str]]:
        return self.raw["table2"]["layout"][layout]

    def table2_layout_markers(self) -> dict[str, list[str]]:
        return self.raw["table2"]["layout_markers"]

    def table3_row_ids(self) -> list[str]:
        """Table 3's rows in the official order, with the 2019 layout's single ``other`` row
        where its sub-items would stand."""
        ids = [row["id"] for row in self.raw["table3"]["rows"]]
        position = ids.index("other.no_correction")
        return ids[:position] + ["other"] + ids[position:]

    def table3_column_ids(self) -> list[str]:
        return [col["id"] for col in self.raw["table3"]["columns"]]

    def table4_ids(self) -> tuple[list[str], list[str]]:
        return self.raw["table4"]["groups"], self.raw["table4"]["columns"]

    def label(self, table: str, kind: str, id_: str) -> str:
        """The label of a canonical id as the official form prints it."""
        for entry in self.raw[table][kind]:
            if entry["id"] == id_:
                return entry.get("printed", entry["labels"][0])
        raise KeyError(f"{table}.{kind}: no id {id_!r}")


@cache
def vocabulary() -> Vocabulary:
    """Load the vocabulary once, on first use."""
    text = files("index").joinpath("vocab/labels.toml").read_text(encoding="utf-8")
    return Vocabulary(tomllib.loads(text))


@cache
def matcher(table: str, kind: str) -> Matcher:
    return Matcher(vocabulary().terms(table, kind))
