"""A chat model reads the clerk's notes first (assistant/draft/model_reading.py): its reading, checked
against the notes, laid out for the rules; every failure falls back on the rules with one line."""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models import FakeListChatModel

from assistant.draft.model_reading import Problem, Reading, ReadingRejected, check, layout, parse
from assistant.draft.section5 import draft_section5

NOTES = """周五前交，先随手记几句
便民服务中心的公开专区一年才37人次来查，位置太偏在三楼角落里，打算搬到一楼大厅
村务公开栏抽了18个村，有6个还贴着去年的，不对是5个还贴着去年的
保密审查只有一级审核
另外想每季度在网站发一次工作动态
去年说的空白栏目已经清完了，清了9个
就这些"""

READING = {
    "problems": [
        {"problem": "便民服务中心的公开专区一年才37人次来查", "facts": [], "cause": "位置太偏在三楼角落里", "measures": ["打算搬到一楼大厅"]},
        {"problem": "村务公开栏抽了18个村", "facts": ["是5个还贴着去年的"], "cause": "", "measures": []},
        {"problem": "保密审查只有一级审核", "facts": [], "cause": "", "measures": []},
    ],
    "other_measures": ["每季度在网站发一次工作动态"],
    "last_year": ["去年说的空白栏目已经清完了，清了9个"],
    "not_for_report": [{"text": "周五前交，先随手记几句", "why": "写给自己的备注"}, {"text": "有6个还贴着去年的", "why": "已更正的旧数字"},
                       {"text": "就这些", "why": "闲话"}],
}


def model_saying(reading: object) -> FakeListChatModel:
    said = reading if isinstance(reading, str) else "```json\n" + json.dumps(reading, ensure_ascii=False) + "\n```"
    return FakeListChatModel(responses=[said])


def test_the_rules_alone_misread_these_notes() -> None:
    """What the reading is for: on these notes the rules draft the clerk's deadline as a problem."""
    assert "周五前" in draft_section5(NOTES, "某某县", 2025).text


def test_the_models_reading_is_laid_out_and_read_by_the_rules() -> None:
    result = draft_section5(NOTES, "某某县", 2025, reader=model_saying(READING))
    text = result.text
    assert [p.problem for p in result.notes.points] == ["便民服务中心的公开专区一年才37人次来查，主要原因是位置过于偏在三楼角落中",
                                                         "村务公开栏抽了18个村，是5个仍张贴上年度的", "保密审查仅一级审核"]
    assert "周五" not in text and "就这些" not in text and "6个" not in text
    assert text.index("搬到一楼大厅") < text.index("【建议】") < text.index("每季度在政府网站发布一次工作动态")  # its own measure last
    assert "上年度报告提出的空白栏目已经清完，清了9个" in text  # last year's item is follow-up, not a problem
    assert {d.text: d.reason for d in result.notes.dropped} == {
        "周五前交，先随手记几句": "模型判断不写入报告：写给自己的备注", "有6个还贴着去年的": "模型判断不写入报告：已更正的旧数字",
        "就这些": "模型判断不写入报告：闲话"}  # the layout's own headings are not listed as the clerk's
    assert not any("模型" in flag for flag in result.flags)


def test_the_layout_is_the_one_the_rules_read() -> None:
    reading = Reading([Problem("栏目更新慢", ["全年仅更新12次"], "人手不足", ["每周更新"]), Problem("解读形式单一", [], "主要是没有美编", [])],
                      ["开展业务培训"], ["上年度提出的问题已整改"])
    assert layout(reading) == (
        "一、存在的问题及措施\n"
        "1. 栏目更新慢，全年仅更新12次，主要原因是人手不足 —— 每周更新\n"
        "2. 解读形式单一，主要是没有美编\n"
        "二、改进措施（不对应上述问题）\n1. （新举措，不对应问题）开展业务培训\n"
        "三、上年度问题整改情况\n1. 上年度提出的问题已整改")


@pytest.mark.parametrize(("reading", "why"), [
    ({**READING, "problems": [{**READING["problems"][0], "problem": "便民服务中心的公开专区利用率较低"}, *READING["problems"][1:]]},
     "模型的整理中有笔记里没有的话：“便民服务中心的公开专区利用率较低”；模型漏掉了笔记中的数字：37"),
    ({**READING, "last_year": []}, "模型漏掉了笔记中的数字：9"),
    ({**READING, "problems": []}, "模型没有读出任何问题；模型漏掉了笔记中的数字：37、18、5"),
    ("好的，我来整理一下这些笔记。", "模型没有给出可读的整理结果"),
    ('{"problems": "栏目更新慢"}', "模型的整理格式不对"),
    ({**READING, "other_measures": ["很长" * 300]}, "模型的整理中有一项过长（措施）"),
])
def test_a_reading_that_cannot_stand_falls_back_with_one_line(reading: object, why: str) -> None:
    rules = draft_section5(NOTES, "某某县", 2025)
    result = draft_section5(NOTES, "某某县", 2025, reader=model_saying(reading))
    assert result.text == rules.text
    assert [f for f in result.flags if f.startswith("模型")] == [f"模型整理笔记未采用（{why}），以下按规则逐条读取笔记。"]


def test_an_endpoint_failure_falls_back() -> None:
    class Down(FakeListChatModel):
        def invoke(self, *args: object, **kwargs: object) -> object:
            raise ConnectionError("refused")

    result = draft_section5(NOTES, "某某县", 2025, reader=Down(responses=["x"]))
    assert result.text == draft_section5(NOTES, "某某县", 2025).text
    assert "模型整理笔记失败（ConnectionError），以下按规则逐条读取笔记。" in result.flags


def test_widths_quotes_and_spaces_do_not_make_a_piece_foreign() -> None:
    notes = "网站“政策解读”栏目 更新慢，全年12条"
    reading = Reading([Problem('网站"政策解读"栏目更新慢', ["全年１２条"])])
    assert check(reading, notes) == []


def test_parse_bounds_what_it_reads() -> None:
    with pytest.raises(ReadingRejected):
        parse('{"problems": [' + ", ".join(['{"problem": "栏目更新慢"}'] * 400) + "]}")
    assert parse('前言 {"problems": [{"problem": " 栏目更新慢。"}]} 后记').problems == [Problem("栏目更新慢")]


def test_the_reader_comes_from_the_settings() -> None:
    from types import SimpleNamespace

    from assistant.draft.from_kb import notes_reader

    model = object()
    assert notes_reader(SimpleNamespace(llm_reads_notes=True), model) is model
    assert notes_reader(SimpleNamespace(llm_reads_notes=False), model) is None
    assert notes_reader(SimpleNamespace(llm_reads_notes=True), None) is None


def test_the_models_measure_stands_where_the_rules_find_it_too_bare() -> None:
    notes = "办事指南有6项和实际要的材料对不上，年底前弄完"
    reading = {"problems": [{"problem": "办事指南有6项和实际要的材料对不上", "facts": [], "cause": "", "measures": ["年底前弄完"]}]}
    assert "【建议】" in draft_section5(notes, "某某局", 2025).text  # the rules alone drop it and suggest one
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    assert [m.text for m in result.measures] == ["办事指南年底前完成"]
    assert "【建议】" not in result.text and not result.notes.dropped


def test_a_promise_not_kept_is_written_once_as_this_years_problem() -> None:
    promise = "去年说要年底前把8个部门的目录都调完，只调了5个"
    reading = Reading([Problem(promise, [], "", ["剩下3个明年一季度调完"])], [], [promise, "去年说的栏目空白已经清完了"])
    assert layout(reading) == ("一、存在的问题及措施\n1. " + promise + " —— 剩下3个明年一季度调完\n"
                               "三、上年度问题整改情况\n1. 去年说的栏目空白已经清完了")


def test_list_numbers_are_no_figures_the_model_must_keep() -> None:
    notes = "1、栏目更新慢，全年12次\n2. 解读少\n（3）培训只有1次\n4.5%的申请超期"
    reading = Reading([Problem("栏目更新慢", ["全年12次"]), Problem("解读少"), Problem("培训只有1次")])
    assert check(reading, notes) == ["模型漏掉了笔记中的数字：4.5"]  # "4.5%" opens a line but is a figure
