"""The guards on a model's polish: rewording is its job (the clauses' words may change, the things they
name and their numbers may not), suggestions keep their mark, and the prompt asks for exactly that."""

from __future__ import annotations

from langchain_core.language_models import FakeListChatModel

from assistant.draft.section5 import draft_section5

NOTES = "1. 政府网站依申请公开栏目老是没人管，全年只更新了5次\n2. 有2件申请答复晚了\n措施：1. 安排专人每周看一遍栏目 2. 建个台账到期前提醒"


def test_a_polish_that_rewords_the_clerks_words_is_used() -> None:
    base = draft_section5(NOTES, "某某局")
    polished = ("本年度，我局政府信息公开工作取得了一定成效，但仍存在一些不足，主要表现在：一是政府网站依申请公开栏目管理缺位，"
                "全年仅更新5次；二是有2件依申请公开申请未按期答复。下一步，我局将从以下方面加以改进：一是安排专人每周巡查一次栏目；"
                "二是建立申请办理台账，实行到期前提醒。")
    result = draft_section5(NOTES, "某某局", model=FakeListChatModel(responses=[polished]))
    assert result.deterministic == base.text
    assert result.text == polished and not [f for f in result.flags if f.startswith("模型")]


def test_a_polish_that_drops_a_number_or_a_measure_falls_back() -> None:
    base = draft_section5(NOTES, "某某局")
    no_number = ("本年度，我局政府信息公开工作仍存在一些不足，主要表现在：一是政府网站依申请公开栏目管理缺位，更新较少；"
                 "二是有2件依申请公开申请未按期答复。下一步，我局将从以下方面加以改进：一是安排专人每周巡查一次栏目；二是建立申请办理台账，实行到期前提醒。")
    result = draft_section5(NOTES, "某某局", model=FakeListChatModel(responses=[no_number]))
    assert result.text == base.text and any("漏掉了数字：5" in f for f in result.flags)
    no_measure = ("本年度，我局政府信息公开工作仍存在一些不足，主要表现在：一是政府网站依申请公开栏目管理缺位，全年仅更新5次；"
                  "二是有2件依申请公开申请未按期答复。下一步，我局将从以下方面加以改进：一是安排专人每周巡查一次栏目；二是加强督促检查。")
    result = draft_section5(NOTES, "某某局", model=FakeListChatModel(responses=[no_measure]))
    assert result.text == base.text and any("漏掉了措施" in f and "台账" in f for f in result.flags)


def test_the_prompt_asks_for_the_suggestions_with_their_mark() -> None:
    seen: list[str] = []

    class Recording(FakeListChatModel):
        def invoke(self, prompt: object, *args: object, **kwargs: object) -> object:  # type: ignore[override]
            seen.append(str(prompt))
            return super().invoke(prompt, *args, **kwargs)

    base = draft_section5("政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读", "某某局")
    suggestion = next(m.text for m in base.measures if m.suggested)
    assert suggestion.startswith("【建议】")
    draft_section5("政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读", "某某局", model=Recording(responses=["x"]))
    assert "连同【建议】标记一字不改地照抄" in seen[0]
    assert seen[0].count(suggestion) == 2 and "【建议】【建议】" not in seen[0]  # in the draft and in the list, marked once


def test_last_years_promise_named_in_the_follow_up_and_in_its_problem_is_no_repeat() -> None:
    from assistant.draft.notes import Notes, Point
    from assistant.draft.section5 import check_section5

    draft = ("关于上年度问题的改进情况，上年度报告提出“年内完成办事指南全面梳理”，本年度尚未全部完成。\n"
             "2025年，我区仍存在以下不足：一是办事指南要素不全，上年度报告提出“年内完成办事指南全面梳理”，实际仅完成约60%；"
             "二是公报出刊不及时。下一步，我区将从以下方面加以改进：一是3月底前完成梳理；二是实行编辑责任制。")
    notes = Notes([Point("办事指南要素不全"), Point("公报出刊不及时")], numbers={"60%", "3"})
    assert check_section5(draft, notes).repeated == []
    twice = draft.replace("二是公报出刊不及时", "二是公报出刊不及时，实际仅完成约60%")
    assert check_section5(twice, notes).repeated == ["实际仅完成约60%"]
