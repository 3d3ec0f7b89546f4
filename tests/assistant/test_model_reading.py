"""A chat model reads the clerk's notes first (assistant/draft/model_reading.py): its reading, checked
against the notes, becomes the draft's notes as given (only register and glossary touch a piece);
every failure falls back on the rules with one line."""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models import FakeListChatModel

from assistant.draft.model_reading import Followup, Problem, Reading, ReadingRejected, check, parse, to_notes
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
    "last_year": [{"text": "去年说的空白栏目已经清完了，清了9个", "done": True}],
    "not_for_report": [{"text": "周五前交，先随手记几句", "why": "写给自己的备注"}, {"text": "有6个还贴着去年的", "why": "已更正的旧数字"},
                       {"text": "就这些", "why": "闲话"}],
}


def model_saying(reading: object) -> FakeListChatModel:
    said = reading if isinstance(reading, str) else "```json\n" + json.dumps(reading, ensure_ascii=False) + "\n```"
    return FakeListChatModel(responses=[said])


def test_the_rules_alone_misread_these_notes() -> None:
    """What the reading is for: on these notes the rules draft the clerk's deadline as a problem."""
    assert "周五前" in draft_section5(NOTES, "某某县", 2025).text


def test_the_models_reading_is_the_drafts_notes() -> None:
    result = draft_section5(NOTES, "某某县", 2025, reader=model_saying(READING))
    text = result.text
    assert [p.problem for p in result.notes.points] == ["便民服务中心的公开专区一年才37人次来查，主要原因是位置过于偏在三楼角落中",
                                                         "村务公开栏抽了18个村，是5个仍张贴上年度的", "保密审查仅一级审核"]
    assert "周五" not in text and "就这些" not in text and "6个" not in text
    assert text.index("搬到一楼大厅") < text.index("【建议】") < text.index("每季度在政府网站发布一次工作动态")  # its own measure last
    assert text.startswith("关于上年度问题的改进情况，上年度报告提出的空白栏目已经清完，清了9个。\n")  # last year's item is follow-up, not a problem
    assert {d.text: d.reason for d in result.notes.dropped} == {
        "周五前交，先随手记几句": "模型判断不写入报告：写给自己的备注", "有6个还贴着去年的": "模型判断不写入报告：已更正的旧数字",
        "就这些": "模型判断不写入报告：闲话"}
    assert not any("模型" in flag for flag in result.flags)


def test_the_models_sides_and_pairing_stand_as_given() -> None:
    """Facts stay with their problem, each measure with the problem the model put it with, a measure of its own
    last; only the register touches a piece (人手不够 → 人手不足, 才 → 仅)."""
    notes = "栏目更新慢，全年才更新12次，人手不够，以后每周更新\n解读形式单一，主要是没有美编\n还想开展一次业务培训\n去年提的问题都整改了"
    reading = Reading([Problem("栏目更新慢", ["全年才更新12次"], "人手不够", ["以后每周更新"]), Problem("解读形式单一", [], "主要是没有美编", [])],
                      ["开展一次业务培训"], [Followup("去年提的问题都整改了", True)])
    assert check(reading, notes) == []
    drafted = to_notes(reading, notes)
    assert [(p.problem, p.measure and p.measure.text) for p in drafted.points] == [
        ("栏目更新不够及时，全年仅更新12次，主要原因是人手不足", "每周更新"), ("政策解读形式单一，主要原因是缺少美编", None)]
    assert [m.text for m in drafted.extra_measures] == ["开展一次业务培训"]
    assert drafted.followup == ["上年度提出的问题均整改"] and drafted.numbers == {"12"}
    assert [(c.side, c.text) for c in drafted.clauses][-2:] == [("measure", "每周更新"), ("measure", "开展一次业务培训")]


def test_a_promise_kept_is_no_problem_of_this_year() -> None:
    """What the model reads as done is said in the follow-up paragraph, never drafted as a problem with a suggestion."""
    notes = "去年报告说规范性文件解读跟不上，今年好多了，基本都是同步解读的\n政务新媒体栏目更新慢，全年才发了40条，下半年起每周至少发3条"
    reading = {"problems": [{"problem": "政务新媒体栏目更新慢", "facts": ["全年才发了40条"], "cause": "", "measures": ["下半年起每周至少发3条"]}],
               "last_year": [{"text": "去年报告说规范性文件解读跟不上，今年好多了，基本都是同步解读的", "done": True}]}
    text = draft_section5(notes, "某某局", 2025, reader=model_saying(reading)).text
    followup, body = text.split("\n")
    assert followup == "关于上年度问题的改进情况，上年度报告提出规范性文件解读滞后，本年度明显改善，基本均为同步解读。"
    assert "规范性文件" not in body and "【建议】" not in body and "一是政务新媒体栏目更新不够及时，全年仅发布40条。" in body


def test_a_promise_not_kept_is_written_once_as_this_years_problem() -> None:
    promise = "去年说要年底前把8个部门的目录都调完，只调了5个"
    notes = promise + "，剩下3个明年一季度调完\n去年说的栏目空白已经清完了"
    reading = {"problems": [{"problem": promise, "facts": [], "cause": "", "measures": ["剩下3个明年一季度调完"]}],
               "last_year": [{"text": promise, "done": False}, {"text": "去年说的栏目空白已经清完了", "done": True}]}
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    followup, body = result.text.split("\n")
    assert followup == ("关于上年度问题的改进情况，上年度报告提出的栏目空白已经清完。"
                        "上年度报告提出的“年底前把8个部门的目录均调完”，本年度尚未全部完成，已列入本年度存在的问题继续整改。")
    assert body.count("8个部门") == 1 and "仅调了5个" in body and "其余3个于2026年一季度调完" in body


def test_a_reading_the_hard_check_refuses_falls_back_on_the_rules() -> None:
    notes = "栏目更新慢，每周更新，全年才更新12次"  # the model's measure holds the fact: the draft cannot say it on both sides
    reading = {"problems": [{"problem": "栏目更新慢", "facts": ["全年才更新12次"], "cause": "", "measures": ["每周更新，全年才更新12次"]}]}
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    assert result.text == draft_section5(notes, "某某局", 2025).text
    assert [f for f in result.flags if f.startswith("模型")] == [
        "模型整理的笔记未通过逐句核对（措施“每周更新，全年仅更新12次”），以下按规则逐条读取笔记。"]


def test_last_years_items_may_come_as_plain_text() -> None:
    assert parse('{"problems": [{"problem": "栏目更新慢"}], "last_year": ["去年的问题整改了"]}').last_year == [Followup("去年的问题整改了")]


@pytest.mark.parametrize(("reading", "why"), [
    ({**READING, "problems": [{**READING["problems"][0], "problem": "便民服务中心的公开专区利用率较低"}, *READING["problems"][1:]]},
     "模型的整理中有笔记里没有的话：“便民服务中心的公开专区利用率较低”；模型漏掉了笔记中的数字：37"),
    ({**READING, "last_year": []}, "模型漏掉了笔记中的数字：9"),
    ({**READING, "problems": []}, "模型没有读出任何问题；模型漏掉了笔记中的数字：37、18、5"),
    ("好的，我来整理一下这些笔记。", "模型没有给出可读的整理结果"),
    ('{"problems": "栏目更新慢"}', "模型的整理格式不对"),
    ({**READING, "other_measures": ["很长" * 300]}, "模型的整理中有一项过长（措施）"),
    ({**READING, "problems": [{**READING["problems"][2], "measures": ["保密审查只有一级审核"]}, *READING["problems"][:2]]},
     "模型把同一句话既列为问题又列为措施：“保密审查只有一级审核”"),
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


def test_list_numbers_are_no_figures_the_model_must_keep() -> None:
    notes = "1、栏目更新慢，全年12次\n2. 解读少\n（3）培训只有1次\n4.5%的申请超期"
    reading = Reading([Problem("栏目更新慢", ["全年12次"]), Problem("解读少"), Problem("培训只有1次")])
    assert check(reading, notes) == ["模型漏掉了笔记中的数字：4.5"]  # "4.5%" opens a line but is a figure


def test_circled_list_marks_are_no_figures() -> None:
    """NFKC makes "③12345…" one number; the circled mark is the list's, 12345 the figure."""
    assert check(Reading([Problem("12345转来的咨询有17件回复超时")]), "②栏目空白\n③12345转来的咨询有17件回复超时") == []


def test_last_years_promise_given_as_name_and_status_is_named_once() -> None:
    notes = "去年提的推进网站集约化，只完成了一半，23个部门迁了12个\n网站集约化没完成，还有11个部门没迁"
    reading = Reading([Problem("网站集约化没完成", ["还有11个部门没迁"])], [],
                      [Followup("推进网站集约化", False), Followup("只完成了一半，23个部门迁了12个", False)])
    assert len(to_notes(reading, notes).followup_open) == 1


def test_a_wish_for_next_year_is_written_as_the_measure() -> None:
    notes = "解读太少\n想明年每季度出一期图解"
    reading = Reading([Problem("解读太少", [], "", ["想明年每季度出一期图解"])])
    assert to_notes(reading, notes).points[0].measure.text == "拟于下一年度每季度制作发布一期图解"


def test_a_problem_the_clerk_wants_no_measure_for_gets_no_suggestion() -> None:
    notes = "办事指南要素不全\n人员只有1个兼职的，领导说明年再议，先不写措施"
    reading = {"problems": [{"problem": "办事指南要素不全", "measures": []},
                            {"problem": "人员只有1个兼职的", "measures": [], "no_measure": "领导说明年再议，先不写措施"}]}
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    assert result.text.count("【建议】") == 1 and "二是【" not in result.text.split("下一步")[1]
    assert "笔记说“领导说明年再议，先不写措施”，草稿未为“人员仅1个兼职人员”补充措施，请确认。" in result.flags


def test_next_year_is_written_as_the_year() -> None:
    notes = "培训少，全年1次，明年至少3次"
    reading = {"problems": [{"problem": "培训少", "facts": ["全年1次"], "measures": ["明年至少3次"]}]}
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    assert "2026年至少3次" in result.text and result.check is not None and result.check.ok


def test_a_problems_measures_are_one_numbered_item() -> None:
    """Three problems, five measures as the model lists them: still 一是…三是 in the measures, one per problem."""
    notes = "指南要素不全 | 9月前逐项核对，补齐要素\n保密审查流于形式 | 落实先审后发，已撤下该名单\n培训少，全年1次 | 明年每季度至少1次，新人先培训再上岗"
    reading = {"problems": [{"problem": "指南要素不全", "measures": ["9月前逐项核对", "补齐要素"]},
                            {"problem": "保密审查流于形式", "measures": ["落实先审后发", "已撤下该名单"]},
                            {"problem": "培训少", "facts": ["全年1次"], "measures": ["明年每季度至少1次", "新人先培训再上岗"]}]}
    measures = draft_section5(notes, "某某局", 2025, reader=model_saying(reading)).text.split("下一步")[1]
    assert "三是" in measures and "四是" not in measures


@pytest.mark.parametrize(("measure", "dated"), [
    ("于3月底前印发", "于2026年3月底前印发"), ("其余3个下一年度一季度调完", "其余3个于2026年一季度调完"),
    ("12月底前补齐", "12月底前补齐"),  # October–December may be the report year's own: as written
    ("每月15日前完成", "每月15日前完成"), ("3个月内完成", "3个月内完成"), ("2026年6月底前完成", "2026年6月底前完成"),
])
def test_a_measures_relative_dates_name_the_year(measure: str, dated: str) -> None:
    from assistant.draft.section5 import _dated

    assert _dated(measure, 2026) == dated


def test_no_opening_claims_work_the_notes_do_not_state() -> None:
    from assistant.draft.notes import lexicon

    assert not [o["text"] for o in lexicon()["opening"] if any(w in o["text"] for w in ("自查", "梳理", "成效", "查找差距"))]


def test_what_the_clerk_puts_in_another_part_is_named_to_them() -> None:
    notes = "栏目更新慢，全年12次\n12345咨询回得及时，放总体情况里说就行"
    reading = {"problems": [{"problem": "栏目更新慢", "facts": ["全年12次"]}],
               "not_for_report": [{"text": "12345咨询回得及时，放总体情况里说就行", "why": "放总体情况"}]}
    result = draft_section5(notes, "某某局", 2025, reader=model_saying(reading))
    assert "笔记中“12345咨询回得及时，放总体情况里说就行”说明应写在报告的其他部分，未写入第五部分，请放到相应部分。" in result.flags
