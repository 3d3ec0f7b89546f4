"""Hybrid retrieval: BM25 over jieba tokens fused with vector search by reciprocal rank.

BM25 finds exact domain words (不予公开, 政府开放日); vectors find paraphrases. The fused
list is better than either alone (bench/bench_retrieval.py measures it).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from .facts import FactStore

if TYPE_CHECKING:
    from .vectors import VectorStore

Mode = Literal["hybrid", "bm25", "vector"]
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_STOP = set("的 了 和 与 及 或 在 是 为 对 等 中 把 被 将 从 也 有 个 我 我们 区 年 如何 怎么 什么 哪些 吗 呢 情况 工作 进行 开展".split())
RRF_K = 60
_COLUMNS = ("id", "report_id", "agency", "agency_key", "year", "title", "section", "heading", "paragraph", "start", "end", "text", "kind")
CANDIDATES = 30
# A served app rebuilds the word index in the background at most this often (or, when a build
# takes longer, with as long a rest after it): a stream of uploads does not keep a core busy.
REBUILD_GAP = 2.0


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
    """Okapi BM25 over a fixed list of token sequences, scored by ``bm25s`` (a sparse matrix of
    precomputed term scores: one vectorised sum per query instead of a Python loop per posting).

    The formula is the one this project always used (Lucene's idf, ATIRE's term frequency with
    the (k1 + 1) factor), so scores and rankings are unchanged. A document given twice (the same
    object) is counted once when its terms are mapped to ids."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        import bm25s  # scipy comes with it: loaded only when the word index is built

        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        ids: list[list[int]] = []
        mapped: dict[int, list[int]] = {}
        for document in documents:
            found = mapped.get(id(document))
            if found is None:
                found = mapped[id(document)] = [self.vocab.setdefault(term, len(self.vocab)) for term in document]
            ids.append(found)
        self.size = len(documents)
        self._index = None
        if documents and self.vocab:
            self._index = bm25s.BM25(k1=k1, b=b, method="atire", idf_method="lucene", dtype="float64")
            self._index.index((ids, self.vocab), create_empty_token=False, show_progress=False)

    def score_array(self, query: list[str]) -> Any:
        """Scores of every document (a numpy array; zero where no query term occurs)."""
        import numpy as np

        terms = [self.vocab[t] for t in dict.fromkeys(query) if t in self.vocab]
        if self._index is None or not terms:
            return np.zeros(self.size)
        return self._index.get_scores(terms)

    def scores(self, query: list[str]) -> dict[int, float]:
        """The documents that share a term with the query, with their scores."""
        array = self.score_array(query)
        return {int(i): float(array[i]) for i in array.nonzero()[0]}


@dataclass(frozen=True)
class _Snapshot:
    """The word index over every chunk of one store version: built whole beside the one in use,
    then put in place by one assignment (searches never see half of it, nor wait for it)."""

    version: Any
    columns: dict[str, list[Any]]  # one list per field, not a dict per chunk
    by_id: dict[str, int]
    bm25: BM25 | None
    codes: dict[str, tuple[dict[Any, int], Any]]  # filter fields as integer arrays
    tokens: dict[tuple[str, str], tuple[str, ...]]  # by (heading, text hash): texts repeat across reports

    @classmethod
    def empty(cls) -> _Snapshot:
        return cls(None, {name: [] for name in _COLUMNS}, {}, None, {}, {})

    def passage(self, index: int, score: float) -> Passage:
        value = {name: values[index] for name, values in self.columns.items()}
        return Passage(value["id"], value["report_id"], value["agency"], value["year"], value["title"], value["section"],
                       value["heading"] or "", value["paragraph"], value["start"], value["end"], value["text"], value["kind"], score)


def _build(version: Any, rows: list[dict[str, Any]], known: dict[tuple[str, str], tuple[str, ...]]) -> _Snapshot:
    """A snapshot of ``rows``; texts tokenized before (``known``) are not tokenized again."""
    tokens: dict[tuple[str, str], tuple[str, ...]] = {}
    texts: dict[str, str] = {}  # a text repeated across reports is held once
    for row in rows:
        key = (row["heading"] or "", row["text_hash"])
        if key not in tokens:
            tokens[key] = known.get(key) or tuple(map(sys.intern, tokenize(f"{key[0]} {row['text']}")))
        row["text"] = texts.setdefault(row["text_hash"], row["text"])
    columns = {name: [row[name] for row in rows] for name in _COLUMNS}
    return _Snapshot(version, columns, {chunk_id: i for i, chunk_id in enumerate(columns["id"])},
                     BM25([tokens[(row["heading"] or "", row["text_hash"])] for row in rows]),
                     {name: _codes(columns[name]) for name in ("agency_key", "year", "section")}, tokens)


class HybridRetriever:
    """Search the knowledge base's chunks by words and by meaning.

    >>> retriever = HybridRetriever(facts, vectors)          # doctest: +SKIP
    >>> retriever.search("利通区如何做政策解读", agency_key="利通区")[0].citation()  # doctest: +SKIP
    """

    def __init__(self, facts: FactStore, vectors: VectorStore | Callable[[], VectorStore | None] | None) -> None:
        """``vectors`` may be a function returning the store: called when vectors are first needed."""
        self.facts = facts
        self._vectors = vectors
        self._snapshot = _Snapshot.empty()  # replaced whole, never changed in place
        self._lock = threading.Lock()  # one rebuild at a time, however many sessions ask
        # A served app sets this: a new index is built by a thread of its own, so not even the
        # question that noticed the change waits for it (the first index is always waited for).
        self.background = False
        self._not_before = 0.0  # background rebuilds: not before this time.monotonic() (REBUILD_GAP)

    @property
    def vectors(self) -> VectorStore | None:
        return self._vectors() if callable(self._vectors) else self._vectors  # type: ignore[return-value]

    def warm(self) -> None:
        """Build the word index and load the vector index now (a served app does it at start,
        not on the first question)."""
        self.refresh()
        vectors = self.vectors
        if vectors is not None:
            vectors.search("政府信息公开", 1, None)

    def refresh(self) -> None:
        """Bring the word index up to date (in the background when ``background`` is set)."""
        self._refresh()

    def _refresh(self) -> _Snapshot:
        """The word index of the store as it is now, or, while another thread builds that, the one
        before it (a question asked during an upload is answered at once from the reports it saw
        before). Only the first index is waited for; only new texts are tokenized."""
        snapshot = self._snapshot
        version = self.facts.version()
        if version == snapshot.version:
            return snapshot
        background = self.background and snapshot.version is not None
        if background and time.monotonic() < self._not_before:
            return snapshot  # uploads keep coming: the index is rebuilt at most every REBUILD_GAP
        if not self._lock.acquire(blocking=snapshot.version is None):
            return snapshot  # another thread is building the new one
        if background:
            try:
                threading.Thread(target=self._rebuild_logged, args=(version,), name="word-index", daemon=True).start()
            except BaseException:
                self._lock.release()
                raise
            return snapshot
        return self._rebuild(version)

    def _rebuild(self, version: Any) -> _Snapshot:
        """Build the index of ``version`` and put it in place; called with the lock held, releases it."""
        try:
            snapshot = self._snapshot
            if snapshot.version != version:
                snapshot = self._snapshot = _build(version, self.facts.chunk_rows(), snapshot.tokens)
            return snapshot
        finally:
            self._lock.release()

    def _rebuild_logged(self, version: Any) -> None:
        start = time.monotonic()
        try:
            self._rebuild(version)
        except Exception:  # noqa: BLE001 - a background thread: the previous index stays in use, the next search tries again
            logging.getLogger("disclosure.retrieval").exception("word index rebuild failed; the previous index stays in use")
        finally:
            self._not_before = time.monotonic() + max(REBUILD_GAP, time.monotonic() - start)

    def search(self, query: str, k: int = 5, agency_key: str | None = None, year: int | None = None,
               section: int | None = None, mode: Mode = "hybrid") -> list[Passage]:
        import numpy as np

        snapshot = self._refresh()
        allowed = _filter(snapshot, agency_key, year, section)
        ranked: list[list[int]] = []
        if mode in ("hybrid", "bm25") and snapshot.bm25 is not None:
            scores = snapshot.bm25.score_array(tokenize(query))
            hits = np.flatnonzero((scores > 0) & allowed)
            order = np.lexsort((hits, -scores[hits]))[:CANDIDATES]  # best first; ties by chunk order
            ranked.append(hits[order].tolist())
        vectors = self.vectors if mode in ("hybrid", "vector") else None
        if vectors is not None:
            where = _where(agency_key, year, section)
            hits = vectors.search(query, CANDIDATES, where)
            by_id = snapshot.by_id
            ranked.append([by_id[cid] for cid, _ in hits if cid in by_id and allowed[by_id[cid]]])
        fused: dict[int, float] = defaultdict(float)
        for ranking in ranked:
            for rank, index in enumerate(ranking):
                fused[index] += 1 / (RRF_K + rank + 1)
        best = sorted(fused.items(), key=lambda x: -x[1])[:k]
        return [snapshot.passage(index, score) for index, score in best]


def _filter(snapshot: _Snapshot, agency_key: str | None, year: int | None, section: int | None) -> Any:
    """A boolean array over the chunks: those of the body, year and section asked for."""
    import numpy as np

    size = len(snapshot.columns["id"])
    allowed = np.ones(size, dtype=bool)
    for name, value in (("agency_key", agency_key), ("year", year), ("section", section)):
        if value is None:
            continue
        codes = snapshot.codes[name]
        code = codes[0].get(value)
        allowed &= codes[1] == code if code is not None else np.zeros(size, dtype=bool)
    return allowed


def _codes(values: list[Any]) -> tuple[dict[Any, int], Any]:
    """Values as small integers: the code of each distinct value and an array of codes."""
    import numpy as np

    codes: dict[Any, int] = {}
    return codes, np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype=np.int32, count=len(values))


def _where(agency_key: str | None, year: int | None, section: int | None) -> dict[str, Any] | None:
    clauses = [{k: v} for k, v in (("agency_key", agency_key), ("year", year), ("section", section)) if v is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
