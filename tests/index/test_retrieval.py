"""The word index on bm25s ranks exactly as the project's own BM25 scorer did (kept here as the
reference), with the same jieba tokens, filters and chunk ids."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings
from index.retrieval import BM25, tokenize

QUESTIONS = Path(__file__).parents[2] / "bench" / "data" / "retrieval_questions.json"


class ReferenceBM25:
    """The scorer index/retrieval.py used before bm25s: Okapi BM25, Lucene idf, (k1 + 1) tf."""

    def __init__(self, documents: list[tuple[str, ...]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / len(documents)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.postings[term].append((index, count))
        total = len(documents)
        self.idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def scores(self, query: list[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            for index, count in self.postings.get(term, []):
                norm = count + self.k1 * (1 - self.b + self.b * self.lengths[index] / self.average)
                scores[index] += self.idf[term] * count * (self.k1 + 1) / norm
        return scores


def _top(scores: dict[int, float], k: int) -> list[int]:
    return [i for i, _ in sorted(scores.items(), key=lambda x: (-round(x[1], 9), x[0]))][:k]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    kb = KnowledgeBase.open(load_settings(home=tmp_path_factory.mktemp("home"), embedding_backend="fake"))
    kb.ingest(sample_paths())
    kb.retriever.warm()
    return kb


def test_bm25s_ranks_the_samples_as_the_reference_scorer(indexed: KnowledgeBase) -> None:
    rows = indexed.facts.chunk_rows()
    documents = [tuple(tokenize(f"{row['heading'] or ''} {row['text']}")) for row in rows]
    reference, ours = ReferenceBM25(documents), BM25(documents)
    questions = [case["q"] for case in json.loads(QUESTIONS.read_text(encoding="utf-8"))]
    assert len(questions) >= 30
    for question in questions:
        query = tokenize(question)
        expected, got = reference.scores(query), ours.scores(query)
        assert set(got) == set(expected), question
        for index, score in expected.items():
            assert got[index] == pytest.approx(score, rel=1e-9), question
        assert _top(got, 10) == _top(expected, 10), question


def test_filters_and_chunk_ids_survive(indexed: KnowledgeBase) -> None:
    passages = indexed.retriever.search("政策解读", k=5, agency_key="利通区", mode="bm25")
    assert passages and {p.agency for p in passages} == {"利通区"}
    assert {p.chunk_id for p in passages} <= set(indexed.facts.chunk_ids(passages[0].report_id))
    assert indexed.retriever.search("政策解读", agency_key="利通区", year=2019, mode="bm25") == []
    assert indexed.retriever.search("政策解读", agency_key="没有这个机关", mode="bm25") == []
    fifth = indexed.retriever.search("存在的主要问题", k=5, section=5, mode="bm25")
    assert fifth and {p.section for p in fifth} == {5}


def test_a_query_without_known_words_finds_nothing(indexed: KnowledgeBase) -> None:
    assert indexed.retriever.search("量子纠缠", mode="bm25") == []
    assert BM25([]).scores(["政策"]) == {}


def _two_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[KnowledgeBase, list, Any, Any, list]:
    """A knowledge base searched once, then given a second report (a new store version), with a
    word-index build that waits for ``release``: (kb, the first results, started, release, builds)."""
    import index.retrieval as retrieval

    kb = KnowledgeBase.open(load_settings(home=tmp_path / "home", embedding_backend="fake"))
    litong = next(p for p in sample_paths() if p.name == "litong-district-2024.txt")
    kb.ingest([litong])
    before = kb.retriever.search("政策解读", k=3, mode="bm25")
    assert before and {p.agency for p in before} == {"利通区"}
    copy = tmp_path / "copy.txt"
    copy.write_text(litong.read_text(encoding="utf-8").replace("利通区", "青铜峡区"), encoding="utf-8")
    kb.ingest([copy])  # a new store version: the next search starts a rebuild

    started, release, builds = threading.Event(), threading.Event(), []
    real_build = retrieval._build

    def slow_build(*args: object) -> object:
        builds.append(1)
        started.set()
        assert release.wait(30)
        return real_build(*args)

    monkeypatch.setattr(retrieval, "_build", slow_build)
    return kb, before, started, release, builds


def test_a_search_during_a_rebuild_uses_the_old_index_without_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upload makes the word index rebuild: questions asked meanwhile are answered from the
    index as it was (swapped whole when the new one is ready), and only one thread rebuilds."""
    kb, before, started, release, builds = _two_versions(tmp_path, monkeypatch)
    rebuilt: list[list] = []
    builder = threading.Thread(target=lambda: rebuilt.append(kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25")))
    builder.start()
    assert started.wait(30)
    during: list[tuple[float, list, list]] = []

    def ask() -> None:
        start = time.perf_counter()
        old = kb.retriever.search("政策解读", k=3, mode="bm25")
        new = kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25")
        during.append((time.perf_counter() - start, old, new))

    askers = [threading.Thread(target=ask) for _ in range(3)]
    for thread in askers:
        thread.start()
    for thread in askers:
        thread.join(10)
    assert not release.is_set() and len(during) == 3, "a search waited for the rebuild"
    for seconds, old, new in during:
        assert seconds < 5
        assert [p.chunk_id for p in old] == [p.chunk_id for p in before]  # the old snapshot, whole
        assert new == []  # the new report is not in it yet
    release.set()
    builder.join(30)
    assert len(builds) == 1  # one thread rebuilt; the others did not start their own
    assert rebuilt[0] and {p.agency for p in rebuilt[0]} == {"青铜峡区"}
    assert {p.agency for p in kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25")} == {"青铜峡区"}


def test_a_served_app_rebuilds_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the app (KnowledgeBase.share) not even the question that notices the new version waits:
    it is answered from the old index while a thread of its own builds the new one."""
    kb, before, started, release, builds = _two_versions(tmp_path, monkeypatch)
    kb.share()
    start = time.perf_counter()
    assert [p.chunk_id for p in kb.retriever.search("政策解读", k=3, mode="bm25")] == [p.chunk_id for p in before]
    assert kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25") == []
    assert started.wait(30) and time.perf_counter() - start < 5 and not release.is_set()
    release.set()
    deadline = time.monotonic() + 30
    while not kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert {p.agency for p in kb.retriever.search("政策解读", k=3, agency_key="青铜峡区", mode="bm25")} == {"青铜峡区"}
    assert len(builds) == 1
    # the next upload within REBUILD_GAP waits for the gap (a stream of uploads is not rebuilt back to back)
    monkeypatch.setattr("index.retrieval.REBUILD_GAP", 1.5)
    kb.retriever._not_before = time.monotonic() + 1.5
    third = tmp_path / "third.txt"
    third.write_text((tmp_path / "copy.txt").read_text(encoding="utf-8").replace("青铜峡区", "灵武市"), encoding="utf-8")
    kb.ingest([third])
    assert kb.retriever.search("政策解读", k=3, agency_key="灵武市", mode="bm25") == [] and len(builds) == 1
    deadline = time.monotonic() + 30
    while not kb.retriever.search("政策解读", k=3, agency_key="灵武市", mode="bm25") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(builds) == 2 and kb.retriever.search("政策解读", k=3, agency_key="灵武市", mode="bm25")
