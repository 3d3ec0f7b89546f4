"""Hybrid retrieval: BM25 over jieba tokens fused with vector search by reciprocal rank.

BM25 finds exact domain words (不予公开, 政府开放日); vectors find paraphrases. The fused
list is better than either alone (bench/bench_retrieval.py measures it).
"""

from __future__ import annotations

import logging
import math
import re
import sys
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from .facts import FactStore
from .vectors import VectorStore

Mode = Literal["hybrid", "bm25", "vector"]
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_STOP = set("的 了 和 与 及 或 在 是 为 对 等 中 把 被 将 从 也 有 个 我 我们 区 年 如何 怎么 什么 哪些 吗 呢 情况 工作 进行 开展".split())
RRF_K = 60
_COLUMNS = ("id", "report_id", "agency", "agency_key", "year", "title", "section", "heading", "paragraph", "start", "end", "text", "kind")
CANDIDATES = 30


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its citation."""

    chunk_id: str
    report_id: str
    agency: str | None
    year: int | None
    title: str | None
    section: int
    heading: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    score: float

    def citation(self) -> str:
        where = "表格" if self.kind == "table" else f"第{self.paragraph + 1}段"
        return f"{self.agency or ''} {self.year or ''} 年报告 · {self.heading or f'第{self.section}部分'} · {where}"


@cache
def _tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for line in files("index").joinpath("vocab/terms.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            tokenizer.add_word(line.strip(), freq=200000)
    return tokenizer


def tokenize(text: str) -> list[str]:
    """jieba words (domain terms kept whole), lower-cased, without punctuation and stop words."""
    return [w.lower() for w in _tokenizer().lcut_for_search(text) if _WORD.search(w) and w not in _STOP]


class BM25:
    """Okapi BM25 over a fixed list of token sequences.

    Postings are two integer arrays per term, not a tuple per (term, document): at 10,000
    reports that is tens of millions of objects fewer, which keeps memory and the garbage
    collector's pauses small. A document given twice (the same object) is counted once."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.lengths = array("i", (len(d) for d in documents))
        self.average = sum(self.lengths) / len(documents) if documents else 0.0
        self.postings: dict[str, tuple[array[int], array[int]]] = {}
        counted: dict[int, list[tuple[str, int]]] = {}
        for index, document in enumerate(documents):
            items = counted.get(id(document))
            if items is None:
                items = counted[id(document)] = list(Counter(document).items())
            for term, count in items:
                entry = self.postings.get(term)
                if entry is None:
                    entry = self.postings[term] = (array("i"), array("i"))
                entry[0].append(index)
                entry[1].append(count)
        total = len(documents)
        self.idf = {t: math.log(1 + (total - len(p[0]) + 0.5) / (len(p[0]) + 0.5)) for t, p in self.postings.items()}

    def scores(self, query: list[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for index, count in zip(*self.postings[term]):
                norm = count + self.k1 * (1 - self.b + self.b * self.lengths[index] / (self.average or 1))
                scores[index] += idf * count * (self.k1 + 1) / norm
        return scores


class HybridRetriever:
    """Search the knowledge base's chunks by words and by meaning.

    >>> retriever = HybridRetriever(facts, vectors)          # doctest: +SKIP
    >>> retriever.search("利通区如何做政策解读", agency_key="利通区")[0].citation()  # doctest: +SKIP
    """

    def __init__(self, facts: FactStore, vectors: VectorStore | None) -> None:
        self.facts = facts
        self.vectors = vectors
        self._version: Any = None
        self._columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}  # one list per field, not a dict per chunk
        self._by_id: dict[str, int] = {}
        self._bm25: BM25 | None = None
        self._tokens: dict[tuple[str, str], tuple[str, ...]] = {}  # by (heading, text hash): texts repeat across reports
        self._lock = threading.Lock()  # one rebuild at a time, however many sessions ask

    def warm(self) -> None:
        """Build the word index and load the vector index now (a served app does it at start,
        not on the first question)."""
        self._refresh()
        if self.vectors is not None:
            self.vectors.search("政府信息公开", 1, None)

    def _refresh(self) -> None:
        """Rebuild the word index when reports were added or removed; only new texts are tokenized."""
        with self._lock:
            version = self.facts.version()
            if version == self._version:
                return
            rows = self.facts.chunk_rows()
            known, self._tokens = self._tokens, {}
            texts: dict[str, str] = {}  # a text repeated across reports is held once
            for row in rows:
                key = (row["heading"] or "", row["text_hash"])
                if key not in self._tokens:
                    self._tokens[key] = known.get(key) or tuple(map(sys.intern, tokenize(f"{key[0]} {row['text']}")))
                row["text"] = texts.setdefault(row["text_hash"], row["text"])
            self._bm25 = BM25([self._tokens[(row["heading"] or "", row["text_hash"])] for row in rows])
            self._columns = {name: [row[name] for row in rows] for name in _COLUMNS}
            self._by_id = {chunk_id: i for i, chunk_id in enumerate(self._columns["id"])}
            self._version = version

    def search(self, query: str, k: int = 5, agency_key: str | None = None, year: int | None = None,
               section: int | None = None, mode: Mode = "hybrid") -> list[Passage]:
        self._refresh()
        allowed = self._filter(agency_key, year, section)
        ranked: list[list[int]] = []
        if mode in ("hybrid", "bm25") and self._bm25 is not None:
            scores = self._bm25.scores(tokenize(query))
            ranked.append([i for i, _ in sorted(((i, s) for i, s in scores.items() if i in allowed), key=lambda x: -x[1])][:CANDIDATES])
        if mode in ("hybrid", "vector") and self.vectors is not None:
            where = _where(agency_key, year, section)
            hits = self.vectors.search(query, CANDIDATES, where)
            ranked.append([self._by_id[cid] for cid, _ in hits if cid in self._by_id and self._by_id[cid] in allowed])
        fused: dict[int, float] = defaultdict(float)
        for ranking in ranked:
            for rank, index in enumerate(ranking):
                fused[index] += 1 / (RRF_K + rank + 1)
        best = sorted(fused.items(), key=lambda x: -x[1])[:k]
        return [self._passage(index, score) for index, score in best]

    def _filter(self, agency_key: str | None, year: int | None, section: int | None) -> set[int]:
        columns = self._columns
        return {
            i for i, (key, year_, section_) in enumerate(zip(columns["agency_key"], columns["year"], columns["section"]))
            if (agency_key is None or key == agency_key) and (year is None or year_ == year) and (section is None or section_ == section)
        }

    def _passage(self, index: int, score: float) -> Passage:
        value = {name: values[index] for name, values in self._columns.items()}
        return Passage(value["id"], value["report_id"], value["agency"], value["year"], value["title"], value["section"],
                       value["heading"] or "", value["paragraph"], value["start"], value["end"], value["text"], value["kind"], score)


def _where(agency_key: str | None, year: int | None, section: int | None) -> dict[str, Any] | None:
    clauses = [{k: v} for k, v in (("agency_key", agency_key), ("year", year), ("section", section)) if v is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
