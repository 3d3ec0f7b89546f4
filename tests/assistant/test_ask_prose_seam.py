"""The seam to figures stated in prose (index.prose, built on a parallel branch): questions about
them become "prose" plans answered with the number and its sentence; changes and trends work on
them like on cells; a blank table cell falls back to the prose statement of the same measure and
says so. The prose store is faked here; its own tests live with it."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from assistant.answering import Answerer
from assistant.ask import prose_bridge
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from tests.conftest import sample_path

MEASURES = [
    {"key": "proactive_items", "label": "主动公开信息", "words": ["主动公开", "公开信息"], "english": ["proactively published"], "unit": "条"},
    {"key": "granted_prose", "label": "予以公开", "words": ["予以公开"], "english": [], "unit": "件"},
]


def figure(agency: str, year: int, measure: str, value: int, sentence: str) -> SimpleNamespace:
    return SimpleNamespace(agency=agency, year=year, report_id="r", measure=measure, phrase=sentence[:6], value=value, unit="条",
                           sentence=sentence, section="一、总体情况 ", location="line 12")


@pytest.fixture
def kb(monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    knowledge = KnowledgeBase.open(load_settings())
    knowledge.ingest([sample_path("hongze-district-2023"), sample_path("hongze-district-2024")])
    figures = [figure("洪泽区人民政府", 2023, "proactive_items", 1136, "2023 年，我区在政府网站平台主动公开政府信息 1136 条。"),
               figure("淮安市洪泽区人民政府", 2024, "proactive_items", 2428, "主动发布各类政府信息 2428 条。"),
               figure("淮安市洪泽区人民政府", 2024, "granted_prose", 50, "予以公开 50 件。")]

    def lookup(agency_key: str | None = None, year: int | None = None, measure: str | None = None) -> list[SimpleNamespace]:
        return [f for f in figures if (agency_key is None or agency_key == "洪泽区") and (year is None or f.year == year)
                and (measure is None or f.measure == measure)]

    monkeypatch.setattr(prose_bridge, "prose_measures", lambda: MEASURES)
    monkeypatch.setattr(knowledge, "figures", lookup, raising=False)
    return knowledge


def test_a_prose_figure_is_answered_with_its_sentence(kb: KnowledgeBase) -> None:
    result = Answerer(kb).ask("洪泽24年主动公开了多少条信息")
    assert result.kind == "prose"
    assert "2428" in result.text and "主动发布各类政府信息 2428 条" in result.text and "第 12 行" in result.text
    assert ("prose.proactive_items", 2428) in {(f.cell, f.value) for f in result.facts}


def test_a_change_of_a_prose_figure_shows_its_arithmetic(kb: KnowledgeBase) -> None:
    result = Answerer(kb).ask("洪泽区主动公开信息条数增长率是多少")
    assert all(n in result.text for n in ("1136", "2428", "1292", "113.7%")), result.text


def test_a_blank_cell_falls_back_to_the_prose_and_says_so(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    real = kb.facts.cells

    def blank(report_id: str) -> dict:
        cells = real(report_id)
        cells["table3.granted.total"] = replace(cells["table3.granted.total"], value=None, raw="")
        return cells

    monkeypatch.setattr(kb.facts, "cells", blank)
    result = Answerer(kb).ask("洪泽区2024年予以公开多少件")
    assert "50" in result.text and "表格中该格为空" in result.text and "予以公开 50 件" in result.text
