"""The knowledge base for people building their own LangChain agent.

- ``KnowledgeBaseRetriever``: a LangChain ``BaseRetriever`` over the indexed reports — hybrid
  (BM25 over jieba words fused with vectors), filtered by body, year and section. Every
  ``Document`` carries its chunk id (``Document.id`` and ``metadata["chunk_id"]``) and its
  citation, so citations survive a fusion with other retrievers (``EnsembleRetriever(...,
  id_key="chunk_id")``).
- ``make_tools(kb)``: ``ask`` and ``validate`` as LangChain tools. An agent gets the exact
  answer — the number, the cell it came from and the line — instead of re-reading chunks.

    >>> kb = KnowledgeBase.open(load_settings())                      # doctest: +SKIP
    >>> KnowledgeBaseRetriever(kb=kb, agency="利通区", year=2024).invoke("政策解读")  # doctest: +SKIP
    >>> ask, validate = make_tools(kb)                                 # doctest: +SKIP
    >>> ask.invoke({"question": "利通区2024年不予公开多少件？"})        # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ConfigDict, Field

from index.retrieval import Passage

from .knowledge import KnowledgeBase


def passage_document(passage: Passage) -> Document:
    """A retrieved chunk as a LangChain document, with everything needed to cite it."""
    metadata = {
        "chunk_id": passage.chunk_id, "report_id": passage.report_id, "agency": passage.agency, "year": passage.year,
        "title": passage.title, "section": passage.section, "heading": passage.heading, "paragraph": passage.paragraph,
        "start": passage.start, "end": passage.end, "kind": passage.kind, "score": passage.score,
        "citation": passage.citation(),
    }
    return Document(id=passage.chunk_id, page_content=passage.text, metadata=metadata)


class KnowledgeBaseRetriever(BaseRetriever):
    """Passages of the indexed reports for a query (hybrid by default), optionally of one body
    (any spelling of its name), one year and one section (1–6)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kb: KnowledgeBase
    k: int = 5
    agency: str | None = None
    year: int | None = None
    section: int | None = None
    mode: str = Field(default="hybrid", pattern="^(hybrid|bm25|vector)$")

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        keys: list[str | None] = [None]
        if self.agency:
            keys = list(self.kb.facts.agency_keys(self.agency))
            if not keys:
                return []  # a body the knowledge base does not hold
        passages = [p for key in keys for p in self.kb.retriever.search(query, self.k, key, self.year, self.section, self.mode)]  # type: ignore[arg-type]
        passages.sort(key=lambda p: -p.score)
        return [passage_document(p) for p in passages[: self.k]]


def make_tools(kb: KnowledgeBase, chat_model: Any = None) -> list[BaseTool]:
    """``ask`` and ``validate`` as LangChain tools; each returns JSON (as ``disclosure … --json``)."""

    def ask(question: str, agency: str | None = None, year: int | None = None) -> str:
        """Answer a question about the indexed annual disclosure reports (政府信息公开工作年度报告),
        in Chinese or English. Numbers come from the reports' tables with the cell and line they
        came from; narrative questions get cited passages. Optional agency and year apply when the
        question names none."""
        from .ask.answerer import Answerer

        return json.dumps(Answerer(kb, chat_model).ask(question, agency, year).as_json(), ensure_ascii=False)

    def validate(report: str, previous: str | None = None) -> str:
        """Check an annual disclosure report (its full text, or a pasted table) for arithmetic
        and consistency errors. Returns each finding with the rule, the culprit cell, the expected
        and the found value. ``previous``: the same body's report for the year before."""
        from index.parser import parse_document
        from index.readers import read_pasted

        from .validation import validate as run_validators

        parsed = parse_document(read_pasted(report, "report"))
        before = parse_document(read_pasted(previous, "previous")) if previous else None
        findings = run_validators(parsed, before)
        return json.dumps({"report": {"agency": parsed.agency, "year": parsed.year},
                           "findings": [f.model_dump() for f in findings]}, ensure_ascii=False)

    return [StructuredTool.from_function(ask, name="ask_disclosure_reports"),
            StructuredTool.from_function(validate, name="validate_disclosure_report")]
