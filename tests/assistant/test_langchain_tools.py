"""The knowledge base as a LangChain retriever and ask/validate as LangChain tools (fake embedding)."""

from __future__ import annotations

import json

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool

from assistant.knowledge import KnowledgeBase
from assistant.langchain_tools import KnowledgeBaseRetriever, make_tools
from assistant.settings import load_settings
from tests.conftest import sample_path


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    kb = KnowledgeBase.open(load_settings(home=tmp_path_factory.mktemp("home"), embedding_backend="fake"))
    kb.ensure_samples()
    return kb


def test_the_retriever_filters_by_body_and_year_and_keeps_chunk_ids(kb: KnowledgeBase) -> None:
    retriever = KnowledgeBaseRetriever(kb=kb, agency="利通区", year=2024, k=4)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("政策解读")
    assert len(documents) == 4 and {d.metadata["agency"] for d in documents} == {"利通区"} and {d.metadata["year"] for d in documents} == {2024}
    report_id = documents[0].metadata["report_id"]
    assert all(d.id == d.metadata["chunk_id"] for d in documents)
    assert {d.id for d in documents} <= set(kb.facts.chunk_ids(report_id))
    assert any("谁起草谁解读" in d.page_content or "政策解读" in d.page_content for d in documents)
    assert documents[0].metadata["citation"].startswith("利通区 2024 年报告")


def test_citations_survive_a_fusion_of_retrievers(kb: KnowledgeBase) -> None:
    """Words and vectors fused by reciprocal rank on the chunk id, as LangChain's ensemble does."""
    words = KnowledgeBaseRetriever(kb=kb, mode="bm25", k=5).invoke("政府开放日")
    meaning = KnowledgeBaseRetriever(kb=kb, mode="vector", k=5).invoke("政府开放日")
    fused: dict[str, float] = {}
    for ranking in (words, meaning):
        for rank, document in enumerate(ranking):
            fused[document.metadata["chunk_id"]] = fused.get(document.metadata["chunk_id"], 0) + 1 / (61 + rank)
    by_id = {d.id: d for d in [*words, *meaning]}
    best = by_id[max(fused, key=fused.get)]
    assert best.metadata["citation"] and best.metadata["report_id"] in {r.id for r in kb.reports()}


def test_an_unknown_body_gets_no_passages(kb: KnowledgeBase) -> None:
    assert KnowledgeBaseRetriever(kb=kb, agency="没有这个机关").invoke("政策解读") == []


def test_ask_and_validate_as_tools(kb: KnowledgeBase) -> None:
    ask, validate = make_tools(kb)
    assert isinstance(ask, BaseTool) and ask.name == "ask_disclosure_reports"
    answer = json.loads(ask.invoke({"question": "利通区2024年不予公开多少件？"}))
    assert answer["answer"].startswith("利通区 2024 年不予公开 7 件")
    assert answer["facts"][0]["cell"] == "table3.withheld.total" and answer["facts"][0]["value"] == 7
    text = sample_path("litong-district-2024").read_text(encoding="utf-8").replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")
    findings = json.loads(validate.invoke({"report": text}))["findings"]
    culprit = {k: findings[0][k] for k in ("rule", "cell", "expected", "found")}  # the changed cell first, its totals as consequences
    assert culprit == {"rule": "CULPRIT", "cell": "table3.granted.natural_person", "expected": 12, "found": 13}
