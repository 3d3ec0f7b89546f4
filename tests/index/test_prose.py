"""Figures stated in report text: exact figures of every sample (tests/data/prose/*.json, read off
the texts by hand), the lexicon, Chinese numerals, and linear time on hostile text."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.model import Location, Paragraph, Report, Section
from index.prose import ProseFigure, extract_figures, figures_in, location_text, measures, sentence_spans
from tests.conftest import SAMPLE_NAMES, parsed

EXPECTED = Path(__file__).parent.parent / "data" / "prose"


def rows(figures: list[ProseFigure]) -> list[dict]:
    return [{"measure": f.measure, "value": f.value, "unit": f.unit, "approximate": f.approximate, "phrase": f.phrase,
             "section": f.section, "location": f.location, "sentence": f.sentence} for f in figures]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_figure_of_every_sample(name: str) -> None:
    report = parsed(name)
    found = extract_figures(report, "rid")
    assert rows(found) == json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    assert all((f.agency, f.year, f.report_id) == (report.agency, report.year, "rid") for f in found)
    # every figure's sentence is the report's own text, and states the number
    text = "".join(p.text for s in report.sections for p in s.paragraphs)
    for figure in found:
        assert figure.sentence.replace("……", "") in text or all(part in text for part in figure.sentence.split("……") if part)
        assert str(figure.value // 10000 if figure.approximate and figure.value >= 10000 else figure.value) in figure.sentence


def test_the_figures_the_issue_names() -> None:
    litong = {(f.measure, f.value) for f in extract_figures(parsed("litong-district-2024"))}
    assert {("proactive_items", 24017), ("policy_interpretations", 28), ("open_days", 30), ("requests_received", 38),
            ("training_sessions", 1), ("trainees", 60), ("new_media_posts", 13343), ("notice_board_items", 2264)} <= litong
    hongsibu = {(f.measure, f.value) for f in extract_figures(parsed("hongsibu-approval-bureau-2024"))}
    assert ("proactive_items", 56) in hongsibu
    wuzhong = {(f.measure, f.value) for f in extract_figures(parsed("wuzhong-approval-bureau-2023"))}
    assert {("cppcc_proposals", 2), ("deputy_suggestions", 1), ("new_media_posts", 314)} <= wuzhong
    hongze = extract_figures(parsed("hongze-district-2024"))
    requests = next(f for f in hongze if f.measure == "requests_received")
    assert (requests.value, requests.section, requests.location) == (17, "一", "第 1 页第 20 行")
    assert requests.citation() == "淮安市洪泽区人民政府 2024 年报告 · 第一部分 · 第 1 页第 20 行"


def test_the_lexicon() -> None:
    found = measures()
    assert len(found) >= 25 and len({m.key for m in found}) == len(found)
    for m in found:
        assert m.label and m.words and m.english and m.unit in m.units
        assert all("\u4e00" <= w[0] <= "\u9fff" for w in m.words)
    assert measures() is not measures() and measures()[0] is measures()[0]  # cached definitions, a fresh list


@pytest.mark.parametrize(("sentence", "expected"), [
    ("开展政策解读二十八次。", [("policy_interpretations", 28, "次")]),
    ("开展政务公开专题培训班一期六十人。", [("training_sessions", 1, "期"), ("trainees", 60, "人")]),
    ("召开新闻发布会十二场。", [("press_conferences", 12, "场")]),
    ("全年印发宣传材料1.5万份。", [("publicity_materials", 15000, "份")]),
    ("办理政协提案 28 件、人大代表建议 31 件。", [("cppcc_proposals", 28, "件"), ("deputy_suggestions", 31, "件")]),
    ("培训 120 人次。", [("trainees", 120, "人次")]),
    ("发布政策解读 82 篇，全年共受理政府信息公开申请 17 件。", [("policy_interpretations", 82, "篇"), ("requests_received", 17, "件")]),
    ("对全区现存的33个政务新媒体加强监管。", [("new_media_accounts", 33, "个")]),
    ("注销2个无人维护的政务新媒体。", [("new_media_closed", 2, "个")]),
    ("坚持“三个一”工作机制，第一时间回复申请。", []),  # a slogan and an ordinal, not figures
    ("在2024年四个季度政务新媒体检查中。", []),
    ("2024 年 1 月 1 日至 12 月 31 日，电话：0953-2666586。", []),
])
def test_sentences(sentence: str, expected: list[tuple[str, int, str]]) -> None:
    assert [(m.key, n.value, n.unit) for m, _phrase, n, _at in figures_in(sentence)] == expected


def test_a_sentence_cut_across_lines_is_one_sentence_with_its_line_range() -> None:
    section = Section(id=1, heading="一、总体情况", paragraphs=[
        Paragraph(text="2024 年，全区共受理答复", location=Location(line=13)),
        Paragraph(text="自然人、法人或其他组织申请政府信息公开件共 38 件。", location=Location(line=15)),
    ])
    (figure,) = extract_figures(Report(agency="利通区", year=2024, sections=[section]))
    assert (figure.value, figure.location, figure.section) == (38, "第 13–15 行", "一")
    assert figure.sentence == "2024 年，全区共受理答复自然人、法人或其他组织申请政府信息公开件共 38 件。"


def test_locations() -> None:
    assert location_text(Location(page=3), Location(page=3)) == "第 3 页"
    assert location_text(Location(page=1, line=16), None) == "第 1 页第 16 行"
    assert location_text(Location(page=1, line=16), Location(page=2, line=3)) == "第 1–2 页"
    assert location_text(Location(line=12), Location(line=12)) == "第 12 行"


def test_a_long_sentence_is_cited_around_its_figure() -> None:
    long = "，".join(["加强政务公开标准化规范化建设"] * 30) + "，主动公开政府信息 56 条，" + "，".join(["持续深化重点领域信息公开"] * 30) + "。"
    (figure,) = extract_figures(Report(sections=[Section(id=1, heading="一", paragraphs=[Paragraph(text=long)])]))
    assert figure.value == 56 and figure.sentence.startswith("……") and figure.sentence.endswith("……")
    assert "主动公开政府信息 56 条" in figure.sentence and len(figure.sentence) <= 250


_ALPHABET = st.sampled_from(list("主动公开政府信息受理申请解读培训新闻发布会条件次场篇个人万余多一二十百0123456789 ，、。；…“”（）\n"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=400).map("".join))
def test_any_text_gives_well_formed_figures(text: str) -> None:
    report = Report(sections=[Section(id=1, heading="一", paragraphs=[Paragraph(text=text)])])
    for figure in extract_figures(report):
        assert isinstance(figure.value, int | float) and figure.value >= 0
        assert figure.unit in next(m for m in measures() if m.key == figure.measure).units
    assert all(text[a:b].strip() for a, b in sentence_spans(text))


@pytest.mark.parametrize("unit", [
    "1" * 2000 + "条",  # one long number
    "主动公开" * 500 + "1条",  # many phrase starts before one number
    "1条" * 1000,  # many numbers in one clause
    "受理…申请" * 400 + "5件",
    "二十" * 1000 + "件",
])
def test_hostile_text_takes_linear_time(unit: str) -> None:
    def seconds(copies: int) -> float:
        text = (unit + "，") * copies
        report = Report(sections=[Section(id=1, heading="一", paragraphs=[Paragraph(text=text)])])
        start = time.process_time()  # CPU time: a loaded shared machine does not make it look quadratic
        extract_figures(report)
        return time.process_time() - start

    small, large = seconds(4), seconds(16)
    assert large < 1.5 and large < max(small, 0.002) * 12  # 4× the text, not 16× the time


def test_cells_a_figure_can_stand_in_for() -> None:
    from index.prose import measures_for_cell

    assert [m.key for m in measures_for_cell("table4.review.total")] == ["reconsiderations"]
    assert [m.key for m in measures_for_cell("table3.new_requests.total")] == ["requests_received"]
    assert [m.key for m in measures_for_cell("table3.granted.total")] == ["requests_granted"]
    assert [m.key for m in measures_for_cell("table2.procurement.items")] == ["procurement_items"]
    assert measures_for_cell("table3.new_requests.natural_person") == []
    from index.vocabulary import vocabulary

    v = vocabulary()
    canonical = {f"table3.{row}.total" for row in v.table3_row_ids()} | {f"table4.{group}.total" for group in v.table4_ids()[0]}
    for layout in ("2021", "2019"):
        canonical |= {f"table2.{row}.{column}" for row, columns in v.table2_layout(layout).items() for column in columns}
    for m in measures():
        for cell in m.cells:  # every cell named is a real canonical cell (of either layout)
            assert cell in canonical, cell


@pytest.mark.parametrize(("question", "key"), [
    ("主动公开信息多少条？", "proactive_items"),
    ("办理政协提案多少件？", "cppcc_proposals"),
    ("开展政策解读多少次", "policy_interpretations"),
    ("受理了多少件申请", "requests_received"),
    ("召开新闻发布会几场", "press_conferences"),
    ("培训了多少人次", "trainees"),
    ("培训班办了几期", "training_sessions"),
    ("政务新媒体有几个", "new_media_accounts"),
    ("政务新媒体发布了多少条信息", "new_media_posts"),
    ("公开栏公开了多少条", "notice_board_items"),
    ("红寺堡审批局公众号发了多少条", "wechat_posts"),
    ("利通区2024年开展了多少场政府开放日活动", "open_days"),
    ("How many press conferences did 淮安 hold?", "press_conferences"),
    ("how many people were trained", "trainees"),
])
def test_find_measures(question: str, key: str) -> None:
    from index.prose import find_measures

    assert find_measures(question)[0].key == key


def test_a_question_without_a_measure() -> None:
    from index.prose import find_measures

    assert find_measures("利通区的电话是多少") == []
