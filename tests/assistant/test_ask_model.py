"""A chat model only fills the plan (schema-validated, invented ids refused, no invented years),
an endpoint that fails leaves the deterministic answer and one line, and the number guard checks
each number beside its own label, Chinese numerals included. LangChain fake models throughout."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import FakeListChatModel

from assistant.ask.answerer import Answerer
from assistant.ask.modelplan import RefusedPlan, validate_plan
from assistant.ask.phrasing import MODEL_UNAVAILABLE, arabic, mislabelled_numbers
from assistant.ask.understanding import plan_question
from assistant.knowledge import KnowledgeBase
from assistant.models import make_chat_model
from assistant.settings import load_settings
from tests.conftest import sample_path

UNREADABLE = "利通区有多少件被打回来了？"  # no word of the lexicon: the rules leave it to the model


@pytest.fixture
def kb() -> KnowledgeBase:
    knowledge = KnowledgeBase.open(load_settings())
    knowledge.ingest([sample_path("litong-district-2024"), sample_path("hongqi-district-2024")])
    return knowledge


class DownModel(FakeListChatModel):
    """An endpoint that refuses connections."""

    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("connection refused")

    def _stream(self, *args: Any, **kwargs: Any) -> Any:
        raise TimeoutError("timed out")
        yield  # pragma: no cover


def test_the_model_fills_the_plan(kb: KnowledgeBase) -> None:
    model = FakeListChatModel(responses=['{"operation": "value", "metric": "withheld", "bodies": ["利通区"], "years": []}',
                                         "利通区 2024 年不予公开 7 件。"])
    result = Answerer(kb, model).ask(UNREADABLE)
    assert ("table3.withheld.total", 7) in {(f.cell, f.value) for f in result.facts}
    assert result.text == "利通区 2024 年不予公开 7 件。"


def test_a_derived_metric_from_the_model_shows_its_arithmetic(kb: KnowledgeBase) -> None:
    model = FakeListChatModel(responses=['{"operation": "value", "metric": "correction_rate", "bodies": ["红旗区"]}', ""])
    result = Answerer(kb, model).ask("红旗区被上头打回来的比例咋算？")
    assert "7 ÷ 11 = 63.6%" in result.text


@pytest.mark.parametrize("reply", [
    '{"operation": "value", "metric": "table9.bogus", "bodies": ["利通区"]}',
    '{"operation": "value", "metric": "withheld", "bodies": ["火星区人民政府"]}',
    '{"operation": "drop_tables", "metric": "withheld"}',
    'not json at all',
])
def test_an_invented_id_is_refused(kb: KnowledgeBase, reply: str) -> None:
    result = Answerer(kb, FakeListChatModel(responses=[reply, "随便说说 99 件。"])).ask(UNREADABLE)
    assert result.facts == [] and "99" not in result.text


def test_validation_refuses_unknown_ids_directly(kb: KnowledgeBase) -> None:
    base = plan_question(UNREADABLE, kb.facts)[0]
    with pytest.raises(RefusedPlan):
        validate_plan({"operation": "value", "metric": "reviews:made_up"}, base, kb.facts)
    assert validate_plan({"operation": "value", "metric": "reviews:corrected"}, base, kb.facts).metric.column == "corrected"


def test_no_year_is_taken_from_the_model(kb: KnowledgeBase) -> None:
    base = plan_question(UNREADABLE, kb.facts)[0]
    plan = validate_plan({"operation": "value", "metric": "withheld", "bodies": ["利通区"], "years": [2019]}, base, kb.facts)
    assert 2019 not in plan.years
    stated = plan_question("利通区2024年有多少件被打回来了？", kb.facts)[0]
    assert validate_plan({"operation": "value", "metric": "withheld", "years": [2024]}, stated, kb.facts).years == (2024,)


def test_an_endpoint_that_fails_leaves_the_deterministic_answer_and_one_line(kb: KnowledgeBase) -> None:
    result = Answerer(kb, DownModel(responses=["unused"])).ask("利通区2024年不予公开多少件")
    assert result.text.startswith("利通区 2024 年不予公开 7 件")
    assert result.notes.count(MODEL_UNAVAILABLE["zh"]) == 1
    planned = Answerer(kb, DownModel(responses=["unused"])).ask(UNREADABLE)  # planning by the model fails too
    assert MODEL_UNAVAILABLE["zh"] in planned.notes and "Traceback" not in planned.text


def test_a_number_beside_the_wrong_label_is_rejected(kb: KnowledgeBase) -> None:
    # 14 is a real cell (not held), but not the 不予公开 count
    model = FakeListChatModel(responses=["利通区 2024 年不予公开 14 件，无法提供 7 件。"])
    result = Answerer(kb, model).ask("利通区2024年不予公开多少件")
    assert result.text.startswith("利通区 2024 年不予公开 7 件")
    assert any("不予公开 14" in n for n in result.notes)
    good = FakeListChatModel(responses=["利通区 2024 年不予公开 7 件，另有 14 件因本机关不掌握而无法提供。"])
    assert Answerer(kb, good).ask("利通区2024年不予公开多少件").text.startswith("利通区 2024 年不予公开 7 件，另有")


def test_chinese_numerals_are_checked_too(kb: KnowledgeBase) -> None:
    assert arabic("不予公开八件，九十九件") == "不予公开8件，99件"
    wrong = FakeListChatModel(responses=["利通区二〇二四年不予公开八件。"])
    result = Answerer(kb, wrong).ask("利通区2024年不予公开多少件")
    assert result.text.startswith("利通区 2024 年不予公开 7 件") and any("8" in n for n in result.notes)
    right = FakeListChatModel(responses=["利通区不予公开七件。"])
    assert Answerer(kb, right).ask("利通区2024年不予公开多少件").text == "利通区不予公开七件。"


def test_mislabelled_numbers_directly(kb: KnowledgeBase) -> None:
    answer = Answerer(kb).ask("利通区2024年不予公开多少件")
    assert mislabelled_numbers("不予公开 7 件", answer) == []
    assert mislabelled_numbers("不予公开 14 件", answer) == ["不予公开 14"]


def test_a_keyless_local_server_needs_no_placeholder_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    made: dict[str, Any] = {}
    fake = types.ModuleType("langchain_openai")
    fake.ChatOpenAI = lambda **kwargs: made.update(kwargs) or FakeListChatModel(responses=["x"])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "langchain_openai", fake)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = make_chat_model(load_settings(llm_backend="openai", llm_base_url="http://127.0.0.1:8080/v1", llm_model="local"))
    assert model is not None and made["base_url"] == "http://127.0.0.1:8080/v1" and made["api_key"]
    with pytest.raises(Exception, match="OPENAI_API_KEY"):  # the hosted default still needs a key
        make_chat_model(load_settings(llm_backend="openai"))
