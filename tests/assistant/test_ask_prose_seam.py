"""The seam to figures stated in prose (index.prose, KnowledgeBase.figures): questions about them
become "prose" plans answered with the number and its sentence; changes and trends work on them
like on cells; a blank table cell falls back to the prose statement of the same measure (the
measure's ``cells`` in index/vocab/prose.toml) and says so. Real samples, real prose store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.ask.answerer import Answerer
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from tests.conftest import sample_path


@pytest.fixture
def kb() -> KnowledgeBase:
    knowledge = KnowledgeBase.open(load_settings())
    knowledge.ingest([sample_path("hongze-district-2023"), sample_path("hongze-district-2024")])
    return knowledge


def test_a_prose_figure_is_answered_with_its_sentence(kb: KnowledgeBase) -> None:
    result = Answerer(kb).ask("洪泽24年主动公开了多少条信息")
    assert result.kind == "prose"
    assert "2428" in result.text and "主动发布各类政府信息 2428 条" in result.text and "第 16 行" in result.text
    assert ("prose.proactive_items", 2428) in {(f.cell, f.value) for f in result.facts}


def test_a_change_of_a_prose_figure_shows_its_arithmetic(kb: KnowledgeBase) -> None:
    result = Answerer(kb).ask("洪泽区主动公开信息条数增长率是多少")
    assert all(n in result.text for n in ("1136", "2428", "1292", "113.7%")), result.text


def test_a_blank_cell_falls_back_to_the_prose_and_says_so(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    real = kb.facts.cells

    def blank(report_id: str) -> dict:
        cells = real(report_id)
        cells["table3.new_requests.total"] = replace(cells["table3.new_requests.total"], value=None, raw="")
        return cells

    monkeypatch.setattr(kb.facts, "cells", blank)
    result = Answerer(kb).ask("洪泽区2024年新收了多少申请")
    assert "17" in result.text and "表格中该格为空" in result.text and "受理政府信息公开申请 17 件" in result.text, result.text
