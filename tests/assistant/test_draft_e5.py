"""With the real default embedding model (e5): a clause the cue lexicon leaves open is told
problem or measure by its similarity to labelled clauses of real sections 五."""

from __future__ import annotations

import pytest

from assistant.draft.notes import ClauseJudge, cue_kind, read_notes
from assistant.models import make_embeddings
from assistant.settings import load_settings

# clauses whose cues are weak or silent ("发布", "公开" are verbs of measures and nouns of problems)
OPEN = {
    "信息发布存在错漏": "problem",
    "个别单位把公开工作当作应付检查": "problem",
    "群众对公开内容知晓度一般": "problem",
    "公开工作各自为战": "problem",
    "公开栏内容由专人每月核对": "measure",
    "把政务公开纳入干部教育课程": "measure",
}


@pytest.fixture(scope="module")
def embeddings() -> object:
    return make_embeddings(load_settings(embedding_backend="e5"))


def test_e5_tells_what_the_cues_leave_open(embeddings: object) -> None:
    judge = ClauseJudge(embeddings)  # type: ignore[arg-type]
    assert all(not cue_kind(clause)[1] or cue_kind(clause)[0] != kind for clause, kind in OPEN.items() if kind == "problem")
    assert {clause: judge.kind(clause) for clause in OPEN} == OPEN


def test_notes_read_with_e5(embeddings: object) -> None:
    text = "信息发布存在错漏\n群众对公开栏内容知晓度一般\n公开栏内容由专人每月核对"
    notes = read_notes(text, embeddings)  # type: ignore[arg-type]
    assert [p.problem for p in notes.points] == ["信息发布存在错漏", "群众对公开栏内容知晓度一般"]
    assert notes.points[1].measure is not None and notes.points[1].measure.text == "公开栏内容由专人每月核对"
    without = read_notes(text)  # the fake embedding is never asked: the clause model's rules decide, and agree here
    assert [p.problem for p in without.points] == [p.problem for p in notes.points]


def test_the_fake_embedding_is_never_asked() -> None:
    assert ClauseJudge(make_embeddings(load_settings(embedding_backend="fake"))).kind("信息发布存在错漏") is None
