"""Narrative answers as points, from real passages of the samples (fake embedding; BM25 carries
the retrieval): sentence-level, each cited, quoted only where contiguous, no boilerplate or
repeats, problems read from section 五."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ask.narrative import Point, extract_points, format_points
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings
from index.retrieval import Passage
from tests.conftest import parsed


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    home = tmp_path_factory.mktemp("points")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISCLOSURE_HOME", str(home))
        patch.setenv("DISCLOSURE_EMBEDDING_BACKEND", "fake")
        knowledge = KnowledgeBase.open(load_settings())
        knowledge.ingest(sample_paths())
    return knowledge


def section_text(name: str, section: int) -> str:
    found = parsed(name).section(section)
    assert found is not None
    return "".join(p.text for p in found.paragraphs)


def test_problems_are_the_sentences_of_section_five(kb: KnowledgeBase) -> None:
    question = "利通区存在哪些问题？"
    points = extract_points(question, kb.retriever.search(question, k=5, agency_key="利通区", year=2024))
    assert [p.text for p in points] == [
        "2024年，我区政务公开工作虽然取得了一定的进展，但也存在不足，主要表现在：一是政策解读发布质量、政策咨询答复效果仍需进一步提升加强；",
        "二是重点领域信息更新不及时、质量不高等问题还比较明显；",
        "三是依申请公开办理水平有待进一步提升；",
        "四是对部分乡镇、部门更换的政务公开工作人员培训指导力度不够，工作衔接不顺畅情况依旧存在。",
    ]
    assert all(p.quoted and p.section == "五" and (p.agency, p.year) == ("利通区", 2024) for p in points)
    assert points[0].citation == "利通区 2024 年报告 · 五、存在的主要问题及改进情况 · 第1段"


def test_a_problems_question_leaves_the_measures_out(kb: KnowledgeBase) -> None:
    question = "红旗区政务公开有哪些不足"
    points = extract_points(question, kb.retriever.search(question, k=5, agency_key="红旗区", year=2024))
    assert [p.text for p in points] == [
        "存在问题：政务公开工作协调机制有待进一步完善，政策解读形式不够丰富、解读质量不够高，政府网站运维管理水平仍有待提升等。"]


def test_a_measures_question_gets_the_measures(kb: KnowledgeBase) -> None:
    question = "红寺堡区科学技术局下一步有什么改进措施"
    points = extract_points(question, kb.retriever.search(question, k=5, agency_key="红寺堡区科学技术局", section=5))
    assert [p.text[:6] for p in points] == ["改进情况：一", "二是加强队伍", "三是不断加强"]
    # the passage breaks "落实工\n作目标" across lines: the point joins it
    assert "落实工作目标" in points[0].text


def test_every_point_is_the_reports_own_words(kb: KnowledgeBase) -> None:
    names = {"利通区": "litong-district-2024", "红旗区人民政府": "hongqi-district-2024", "淮安市洪泽区人民政府": "hongze-district-2024",
             "洪泽区人民政府": "hongze-district-2023", "吴忠市审批服务管理局": "wuzhong-approval-bureau-2023",
             "红寺堡区审批服务管理局": "hongsibu-approval-bureau-2024", "红寺堡区科学技术局": "hongsibu-science-bureau-2024"}
    for question in ("政府开放日活动是怎么开展的", "政策解读", "依申请公开办理情况如何", "What problems did 洪泽区 report?", "信息处理费"):
        points = extract_points(question, kb.retriever.search(question, k=8))
        assert points, question
        for point in points:
            source = section_text(names[point.agency], "一二三四五六".index(point.section) + 1)
            assert all(segment in source for segment in point.segments()), (question, point.text)
            assert point.quoted == (len(point.segments()) == 1 and "……" not in point.text)
        texts = [p.text for p in points]
        assert len(texts) == len(set(texts))


def test_the_open_day_question(kb: KnowledgeBase) -> None:
    question = "利通区如何开展政府开放日活动？"
    points = extract_points(question, kb.retriever.search(question, k=5, agency_key="利通区"))
    assert points[-1].text == "2024 年全年共开展“政府开放日”活动 30 场次。"
    # what was done is quoted in whole sentences, never cut to its clauses (issue 23)
    assert points[0].text.startswith("扎实开展“政府开放日”活动") and "……" not in points[0].text.removesuffix("……")
    assert {p.section for p in points} == {"六"}


def test_english_problems_question_reads_section_five(kb: KnowledgeBase) -> None:
    question = "What problems did 洪泽区 report?"
    points = extract_points(question, kb.retriever.search(question, k=5, agency_key="洪泽区", section=5))
    assert points and {p.section for p in points} == {"五"} and {p.year for p in points} == {2023, 2024}


def test_repeats_and_boilerplate_are_dropped(kb: KnowledgeBase) -> None:
    question = "利通区存在哪些问题？"
    passages = kb.retriever.search(question, k=5, agency_key="利通区", year=2024)
    assert extract_points(question, passages + passages) == extract_points(question, passages)
    frame = Passage("x", "r", "利通区", 2024, None, 6, "六、其他需要报告的事项", 3, 0, 80,
                    "本报告电子版可在利通区人民政府门户网站查阅或下载。如有疑问或意见建议，请直接与利通区人民政府办公室联系。", "text", 1.0)
    assert extract_points("利通区人民政府门户网站", [frame]) == []


def test_long_sentences_keep_the_clauses_that_answer() -> None:
    text = ("2024 年，全区政府信息公开工作虽取得一定成绩，但对照上级要求和群众期盼，仍存在一些不足，主要是：个别部门对复杂申请件的研判能力不足，"
            "答复文书规范性有待提升，疑难问题协调处理机制尚需完善，政策解读的形式还不够丰富，政务新媒体运维管理还需加强等。")
    passage = Passage("c", "r", "淮安市洪泽区人民政府", 2024, None, 5, "五、存在的主要问题及改进情况", 0, 0, len(text), text, "text", 1.0)
    (point,) = extract_points("政策解读有什么不足", [passage])
    assert point.text == "……仍存在一些不足，……个别部门对复杂申请件的研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，政策解读的形式还不够丰富，政务新媒体运维管理还需加强等。"
    assert not point.quoted
    assert format_points([point]) == (
        "1. ……“仍存在一些不足，”……“个别部门对复杂申请件的研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，"
        "政策解读的形式还不够丰富，政务新媒体运维管理还需加强等。”（淮安市洪泽区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第1段）")


def test_format_points() -> None:
    point = Point("政策解读形式不够丰富。", True, "红旗区人民政府", 2024, "五", "第2段", "红旗区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段")
    assert format_points([point]) == "1. “政策解读形式不够丰富。”（红旗区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段）"
    assert format_points([point], zh=False) == "1. “政策解读形式不够丰富。” (source: 红旗区人民政府 2024 年报告 · 五、存在的主要问题及改进情况 · 第2段)"
    assert format_points([]) == "没有在已收录的报告中找到相关内容。"
    assert extract_points("任何问题", []) == []


_TEXT = st.lists(st.sampled_from(["存在问题", "政策解读", "不够丰富", "一是", "加强", "。", "；", "，", "\n", "2024 年", "有待提升", "……", "“", "”", " "]),
                 max_size=80).map("".join)


@settings(max_examples=100, deadline=None)
@given(_TEXT, st.sampled_from(["存在哪些问题", "政策解读怎么做", "下一步改进措施", "what problems"]), st.integers(1, 6))
def test_any_passage_gives_points_of_its_own_words(text: str, question: str, section: int) -> None:
    passage = Passage("c", "r", "某区", 2024, None, section, "", 0, 0, len(text), text, "text", 1.0)
    points = extract_points(question, [passage], limit=3)
    assert len(points) <= 3
    flat = text.replace("\n", "")
    for point in points:
        assert all(segment in flat for segment in point.segments()) and point.citation.startswith("某区 2024 年报告")
