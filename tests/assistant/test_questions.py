"""The question set (tests/data/questions.json, written from the samples and the 洪泽区 PDFs):
every answer exact, without an LLM, with the real default embedding model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answering import Answer
from assistant.ask.answerer import Answerer
from assistant.ask.words import language_of
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings

QUESTIONS = json.loads((Path(__file__).parents[1] / "data" / "questions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    home = tmp_path_factory.mktemp("kb")
    knowledge = KnowledgeBase.open(load_settings(home=home, embedding_backend="e5"))
    knowledge.ingest(sample_paths())
    return knowledge


def ask(kb: KnowledgeBase, case: dict) -> Answer:
    answerer = Answerer(kb)
    for earlier in case.get("history", []):
        answerer.ask(earlier)
    return answerer.ask(case["q"])


def test_the_set_is_big_and_varied() -> None:
    assert len(QUESTIONS) >= 80
    kinds = {c["kind"] for c in QUESTIONS}
    assert {"value", "compare", "rank", "total", "errors", "narrative", "unknown"} <= kinds
    assert sum(1 for c in QUESTIONS if c["q"].isascii()) >= len(QUESTIONS) // 4


_CANONICAL = re.compile(r"table[234]\.[a-z_]")
_ENGLISH_PLACES = re.compile(r"\b(?:lines?|pages?)\b", re.IGNORECASE)


def assert_reads_chinese(case: dict, result: Answer) -> None:
    """A Chinese question's answer cites cells by their labels and places in Chinese: no canonical
    cell ids (those stay in --json and the facts) and no "line"/"page"."""
    if language_of(case["q"]) == "zh":  # the language the assistant answers in
        assert not _CANONICAL.search(result.text), result.text
        assert not _ENGLISH_PLACES.search(result.text), result.text


@pytest.mark.parametrize("case", QUESTIONS, ids=[c["q"][:40] for c in QUESTIONS])
def test_question(kb: KnowledgeBase, case: dict) -> None:
    result = ask(kb, case)
    assert_reads_chinese(case, result)
    assert result.kind == case["kind"], result.text
    for expected in case.get("facts", []):
        assert any(
            (f.agency, f.year, f.cell, f.value) == (expected["agency"], expected["year"], expected["cell"], expected["value"])
            for f in result.facts
        ), (expected, [(f.agency, f.year, f.cell, f.value) for f in result.facts])
    text = result.text + " ".join(result.notes)
    for words in case.get("contains", []):
        assert words in text, (words, text)
    if "passage" in case:
        want = case["passage"]
        assert any(p.agency == want["agency"] and any(w in p.text for w in want["contains"]) for p in result.passages), [
            (p.agency, p.text[:60]) for p in result.passages
        ]


def test_headline_question_in_both_languages(kb: KnowledgeBase) -> None:
    english = ask(kb, {"q": "how many requests did 利通区 deny in 2024"})
    assert "7 withheld (不予公开): 6 to protect third-party rights, 1 internal affairs; also 14 not held (无法提供) and 1 duplicate (不予处理)" in english.text
    assert "table 3 of 《利通区 2024 年政府信息公开工作年度报告》" in english.text
    chinese = ask(kb, {"q": "利通区2024年拒绝了多少申请"})
    assert chinese.text.startswith("利通区 2024 年不予公开 7 件：保护第三方合法权益 6 件，属于三类内部事务信息 1 件。另有无法提供（本机关不掌握相关政府信息）14 件，不予处理（重复申请）1 件。")
    facts = {f.cell: f.value for f in chinese.facts}
    assert facts["table3.withheld.total"] == 7 and facts["table3.withheld.third_party_rights.total"] == 6
    assert facts["table3.unable.not_held.total"] == 14 and facts["table3.not_processed.duplicate.total"] == 1


def test_long_listings_are_cut(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """At province scale "which reports", "which have errors" and "not indexed" answers name the
    first few and count the rest, rather than thousands of bodies."""
    import assistant.ask.labels as labels

    monkeypatch.setattr(labels, "RANKING_SHOWN", 2)
    assert "另有 5 项" in Answerer(kb).ask("收录了哪些报告").text
    assert "另有 4 项" in Answerer(kb).ask("北京市朝阳区2024年收到多少申请").text  # 6 bodies (洪泽区 under two names is one)
    ranking = Answerer(kb).ask("2024年哪个机关收到的申请最多").text
    assert "1. " in ranking and "2. " in ranking and "3. " not in ranking and "……（另有" in ranking
