"""The learned reading of talk about the notes (assistant/draft/about_notes.py): which clauses of a
sentence it may drop, the fit it is trained by, the shipped model, and what it does with the real e5
model to our own wording and to every labelled note set."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.draft.about_notes import fit, model, remarks
from assistant.draft.notes import ClauseJudge, read_notes

NOTES = Path(__file__).resolve().parents[1] / "data" / "notes"


def clause(text: str) -> SimpleNamespace:
    return SimpleNamespace(text=text, raw=text)


def scorer(scores: dict[str, float]):
    asked: list[str] = []

    def score(text: str) -> float:
        asked.append(text)
        return scores[text]

    score.asked = asked  # type: ignore[attr-defined]
    return score


def test_a_sentence_goes_whole_when_every_clause_scores_the_threshold() -> None:
    sentence = [clause("甲"), clause("乙")]
    high = model().threshold
    assert remarks(sentence, scorer({"甲": high, "乙": high + 0.01})) == sentence
    assert remarks(sentence, scorer({"甲": high, "乙": high - 0.01})) == []  # neither at the edge score


def test_only_the_edges_of_a_sentence_go_alone_and_only_at_the_edge_score() -> None:
    a, b, c, d = clause("甲"), clause("乙"), clause("丙"), clause("丁")
    edge = model().edge
    assert remarks([a, b, c, d], scorer({"甲": edge, "乙": 0.1, "丙": 0.2, "丁": edge + 0.1})) == [a, d]
    assert remarks([a, b, c], scorer({"甲": 0.1, "乙": 0.99, "丙": 0.1})) == []  # the middle of a sentence is never cut out


def test_a_clause_with_a_number_is_never_scored_nor_dropped() -> None:
    a, b = clause("今天先写到这"), clause("全年办理申请60件")
    score = scorer({"今天先写到这": 0.99})
    assert remarks([a, b], score) == [a]
    assert score.asked == ["今天先写到这"]  # type: ignore[attr-defined]
    assert remarks([b], score) == []


def test_no_model_drops_nothing() -> None:
    assert remarks([clause("先这样")], lambda text: None) == []
    assert remarks([], lambda text: 0.99) == []


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_the_fit_reaches_the_penalised_optimum(seed: int) -> None:
    import numpy as np

    rng = random.Random(seed)
    vectors = [[rng.gauss(1.0 if i % 3 == 0 else -1.0, 1.0) for _ in range(4)] for i in range(40)]
    labels = [1 if i % 3 == 0 else 0 for i in range(40)]
    weights, bias = fit(vectors, labels, l2=1.0)
    x = np.asarray(vectors)
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    y = np.asarray(labels, dtype=float)
    p = 1 / (1 + np.exp(-(x @ np.asarray(weights) + bias)))
    balance = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    gradient = np.append(x.T @ ((p - y) * balance) + np.asarray(weights), ((p - y) * balance).sum())
    assert np.abs(gradient).max() < 1e-6


def test_the_shipped_model_is_for_the_bundled_e5() -> None:
    from index.embedding import E5Embeddings

    shipped = model()
    assert len(shipped.weights) == 384
    assert shipped.embedding == E5Embeddings.name
    assert 0.5 < shipped.threshold <= shipped.edge < 1


def test_the_judge_asks_no_other_model() -> None:
    from langchain_core.embeddings import DeterministicFakeEmbedding

    assert ClauseJudge(DeterministicFakeEmbedding(size=384)).about_notes("先这样") is None
    other = SimpleNamespace(name="some-other-model", embed_query=lambda text: [1.0] * 384)
    assert ClauseJudge(other).about_notes("先这样") is None  # type: ignore[arg-type]
    assert ClauseJudge(None).about_notes("先这样") is None


@pytest.fixture(scope="module")
def e5():
    from index.embedding import E5Embeddings

    return E5Embeddings()


OWN = """1. 政务公开专栏有4个子栏目一直空着
2. 依申请公开今年有3件超期答复
措施：3月底前补齐空栏目；建立到期提醒
今天就先写到这
"""


def test_a_closing_remark_no_rule_names_is_dropped_and_listed(e5) -> None:
    without = read_notes(OWN)
    assert any("今天就先写到这" in p.problem for p in without.points)  # what the rules alone make of it
    notes = read_notes(OWN, e5)
    assert [p.problem for p in notes.points] == ["政务公开专栏有4个子栏目一直空白", "依申请公开本年度有3件超期答复"]
    dropped = {d.text: d.reason for d in notes.dropped}
    assert "按语义判断" in dropped["今天就先写到这"]


def test_every_labelled_set_loses_only_talk_about_the_notes(e5) -> None:
    """With the real model, no labelled set (all read right by the rules) loses a clause to it: it only
    ever takes what no rule has met."""
    expected = json.loads((NOTES.parent / "notes_expected.json").read_text(encoding="utf-8"))
    lost = {}
    for path in sorted(NOTES.glob("*.txt")):
        if path.name not in expected:
            continue
        said = [d.text for d in read_notes(path.read_text(encoding="utf-8"), e5).dropped if "按语义判断" in d.reason]
        if said:
            lost[path.name] = said
    assert lost == {}
