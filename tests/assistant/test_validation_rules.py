"""The rules a careful reader applies, one at a time: narrative numbers bound to their own measure,
claims by meaning, rules that know their years, softer checks, fuzzy section headings and the
Chinese labels every surface uses."""

from __future__ import annotations

import pytest

from assistant.ask.answerer import Answerer
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.validation import validate
from assistant.validation.labels import cell_label, finding_line, location_label, rule_applies, rule_name
from index.blocks import Block
from index.model import Location, Paragraph, Report, Section
from index.sections import section_of_heading
from tests.assistant.test_real_reports import ids_and_codes
from tests.conftest import parsed


def _with_section(report: Report, section_id: int, text: str) -> Report:
    sections = [s for s in report.sections if s.id != section_id]
    sections.append(Section(id=section_id, heading="", paragraphs=[Paragraph(text=text)]))
    report.sections = sorted(sections, key=lambda s: s.id)
    return report


def narrative(report: Report) -> set[tuple]:
    return {(f.cell, f.expected, f.found) for f in validate(report) if f.rule == "NARRATIVE-vs-TABLE"}


# ------------------------------------------------------------------ numbers bound to their measure

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # table 2 set to: normative documents 5 issued, 0 repealed, 8 in force
        ("集中公开现行有效行政规范性文件8件，动态更新本年度制发的规范性文件5件。", set()),
        ("集中公开现行有效行政规范性文件9件，动态更新本年度制发的规范性文件5件。", {("table2.normative_documents.in_force", 8, 9)}),
        ("集中公开现行有效行政规范性文件8件，动态更新本年度制发的规范性文件6件。", {("table2.normative_documents.issued", 5, 6)}),
        ("全年印发行政规范性文件 5 件，废止 0 件，现行有效 8 件行政规范性文件。", set()),
        ("本年度制发行政规范性文件5件，现行有效行政规范性文件共7件。", {("table2.normative_documents.in_force", 8, 7)}),
        ("本年度清理废止行政规范性文件3件。", {("table2.normative_documents.repealed", 0, 3)}),
        ("政策、规范性文件类信息68条。", set()),  # 条 of information, not documents
    ],
)
def test_document_counts_against_the_measure_nearest_the_number(text: str, expected: set) -> None:
    report = parsed("hongqi-district-2024")
    for column, value in {"issued": 5, "repealed": 0, "in_force": 8}.items():
        report.table2.rows["normative_documents"][column].value = value
    assert narrative(_with_section(report, 1, text)) == expected


# ------------------------------------------------------------------ claims by meaning

def _carrying(report: Report, n: int) -> Report:
    """One more request of the year still open at its end: the sums hold."""
    for row in ("carried_forward", "new_requests"):
        report.table3.rows[row]["natural_person"].value += n
        report.table3.rows[row]["total"].value += n
    return report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共收到申请21件，均已办结。", {("table3.carried_forward.total", 0, 1)}),
        ("共收到申请21件，全部办结，办结率100%。", {("table3.carried_forward.total", 0, 1)}),
        ("共收到申请21件，均在法定期限内予以答复。", set()),  # answered in time says nothing of requests still open
        ("共收到申请21件，均已办结（另有 1 件结转下年度办理）。", set()),  # the sentence states its own carry-forward
        ("共收到申请21件，办结20件，1件结转下年度继续办理。", set()),
        ("共收到申请21件，办结19件，结转至2025年2件。", {("table3.carried_forward.total", 1, 2)}),
    ],
)
def test_claims_by_meaning(text: str, expected: set) -> None:
    report = _with_section(_carrying(parsed("hongqi-district-2024"), 1), 1, text)
    assert narrative(report) == expected


def test_in_time_claim_against_admitted_delays_and_case_counts() -> None:
    report = _with_section(parsed("wuzhong-approval-bureau-2023"), 1, "收到申请 2 件，均在法定期限内予以答复。")
    (finding,) = [f for f in validate(report) if f.rule == "NARRATIVE-vs-TABLE"]
    assert "延期答复" in finding.message and "均在法定期限内予以答复" in finding.message
    report = _with_section(parsed("hongqi-district-2024"), 1, "因政府信息公开引起的行政复议案件11件、行政诉讼案件2起。")
    assert narrative(report) == {("table4.litigation_direct.total", 5, 2)}  # 11 reviews right; 2 + 3 lawsuits in the table
    report = _with_section(parsed("hongqi-district-2024"), 1, "全年办理行政复议11起，行政诉讼5起。")
    assert narrative(report) == set()


SECTION5_COUNTS = [  # what section 5 says of the year, the cell it is checked against, the table's value
    ("本年度依申请公开被复议纠正{n}件，主要是答复未说明检索过程。", "table4.review.corrected", lambda r: r.table4.value("review", "corrected")),
    ("随着依申请公开数量上升，全年共收到申请{n}件，复杂申请较多。", "table3.new_requests.total", lambda r: r.table3.value("new_requests", "total")),
    ("另有被起诉{n}件，目前尚未判决。", "table4.litigation_direct.pending",
     lambda r: sum(r.table4.value(g, "pending") or 0 for g in ("litigation_direct", "litigation_after_review"))),
]


@pytest.mark.parametrize(("said", "cell", "value"), SECTION5_COUNTS, ids=[c for _, c, _ in SECTION5_COUNTS])
def test_a_count_section5_states_against_its_table(said: str, cell: str, value: object) -> None:
    """"被复议纠正2件", "收到申请186件", "被起诉1件，目前尚未判决" in section 5 are checked against tables 三 and 四."""
    n = value(parsed("hongqi-district-2024"))  # type: ignore[operator]
    assert narrative(_with_section(parsed("hongqi-district-2024"), 5, said.format(n=n))) == set()
    assert narrative(_with_section(parsed("hongqi-district-2024"), 5, said.format(n=n + 1))) == {(cell, n, n + 1)}


def test_breakdown_with_a_bracketed_breakdown_of_one_part() -> None:
    good = "今年共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、债券发行4条。"
    assert narrative(_with_section(parsed("hongqi-district-2024"), 1, good)) == set()
    bad = good.replace("债券发行4条", "债券发行5条")
    assert narrative(_with_section(parsed("hongqi-district-2024"), 1, bad)) == {(None, 380, 381)}


# ------------------------------------------------------------------ rules know their years

def test_rules_carry_their_years_and_layouts_as_data() -> None:
    assert not rule_applies("FEES", 2019, "2019") and rule_applies("FEES", 2020, "2019") and rule_applies("FEES", None, None)
    assert rule_applies("T3-ROW", 2019, "2019") and rule_applies("T3-ROW", 2025, "2021")
    assert rule_applies("LAYOUT", 2021, "2019") and not rule_applies("LAYOUT", 2020, "2019") and not rule_applies("LAYOUT", 2021, "2021")
    report = _with_section(parsed("hongqi-district-2024"), 6, "本年度无其他需要报告的事项。")
    assert [f.rule for f in validate(report)] == ["FEES"]
    report.year = 2019
    assert validate(report) == []


# ------------------------------------------------------------------ softer checks

def test_lawsuits_after_review_outnumbering_reviews_is_a_warning() -> None:
    report = parsed("hongqi-district-2024")
    report.table4.rows["litigation_after_review"]["upheld"].value = 10  # + 2 pending
    report.table4.rows["litigation_after_review"]["total"].value = 12  # 11 reviews
    (finding,) = validate(report)
    assert (finding.rule, finding.severity, finding.found, finding.expected) == ("T4-AFTER-REVIEW", "warning", 12, "≤11")
    assert finding.message.startswith("表四 · 行政诉讼 · 复议后起诉 · 总计为 12 件，多于行政复议总计 11 件")


@pytest.mark.parametrize(
    ("agency", "cell", "value", "warned"),
    [
        ("利通区", ("table2", "penalty", "decisions"), 6_000_000, True),  # county limit 5,000,000
        ("淮安市人民政府", ("table2", "penalty", "decisions"), 6_000_000, False),  # a city: 淮安 reports 3,985,758
        ("利通区", ("table2", "fees", "amount"), 24_252_311.08, True),  # 元 typed into a 万元 column
        ("利通区", ("table2", "fees", "amount"), 24_252.31, False),
        ("红寺堡区科学技术局", ("table4", "review", "upheld"), 9_000, True),
    ],
)
def test_numbers_too_large_for_the_bodys_level(agency: str, cell: tuple[str, str, str], value: float, warned: bool) -> None:
    report = parsed("litong-district-2024")
    report.agency = agency
    table, row, column = cell
    getattr(report, table).rows[row][column].value = value
    found = [f for f in validate(report) if f.rule == "MAGNITUDE"]
    assert bool(found) == warned
    if warned:
        assert found[0].cell == ".".join(cell) and found[0].severity == "warning" and "大得不合常理" in found[0].message


def test_negative_numbers_are_errors_in_chinese() -> None:
    report = parsed("litong-district-2024")
    report.table2.rows["licensing"]["decisions"].value = -3
    report.table2.rows["licensing"]["decisions"].raw = "-3"
    (finding,) = [f for f in validate(report) if f.rule == "CELLS"]
    assert finding.severity == "error" and finding.message == "表二 · 行政许可 · 本年处理决定数量 填为“-3”，不是合法的件数（非负整数）"


# ------------------------------------------------------------------ headings with stray characters

@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("四、政府信息公开行政法复议、行政诉讼情况", 4),  # a stray 法 (平潭 2022)
        ("四、政府信息公开行政复议、行政讼情况", 4),  # a missing character
        ("五、存在的主要问题及改进情", 5),
        ("三、政府信息公开行政法复议、行政诉讼情况", None),  # a near miss: its ordinal must agree with the words
        ("四、结转下年度继续办理", None),  # a table row, not a heading
    ],
)
def test_section_headings_tolerate_stray_or_missing_characters(text: str, section: int | None) -> None:
    assert section_of_heading(Block(kind="paragraph", text=text, location=Location(line=1))) == section


# ------------------------------------------------------------------ Chinese labels

@pytest.mark.parametrize(
    ("cell", "label"),
    [
        ("table3.withheld.third_party_rights.total", "表三 · 不予公开 · 保护第三方合法权益 · 总计"),
        ("table3.granted.natural_person", "表三 · 予以公开 · 自然人"),
        ("table3.total.legal_service_org", "表三 · 办理结果总计 · 法律服务机构"),
        ("table3.other.total", "表三 · 其他处理 · 总计"),
        ("table3.withheld.total", "表三 · 不予公开 · 总计"),
        ("table4.litigation_after_review.total", "表四 · 行政诉讼 · 复议后起诉 · 总计"),
        ("table2.normative_documents.in_force", "表二 · 行政规范性文件 · 现行有效件数"),
        ("table2.repealed", "表二 · 本年废止件数（列名）"),
        ("section6", "第六部分"),
        ("table9.x.y", "table9.x.y"),
    ],
)
def test_cell_labels(cell: str, label: str) -> None:
    assert cell_label(cell) == label


def test_rule_names_and_finding_lines() -> None:
    names = [rule_name(code) for code in ("T3-ROW", "T3-OUTCOMES", "T3-BALANCE", "T4-SUM", "CULPRIT", "YEAR-CARRY")]
    assert names == ["行合计", "办理结果合计", "勾稽关系", "表四合计", "出错单元格", "跨年结转"]
    assert finding_line("CULPRIT", "table3.granted.natural_person", 12, 13) == "出错单元格：表三 · 予以公开 · 自然人 应为 12，实为 13"
    assert finding_line("T4-SUM", "table4.review.total", "11", "0") == "表四合计：表四 · 行政复议 · 总计 为 0，按其余各格应为 11"
    assert location_label("page 1, line 20") == "第 1 页第 20 行"


def test_which_reports_have_errors_is_answered_in_chinese() -> None:
    kb = KnowledgeBase.open(load_settings())
    kb.ensure_samples()
    answer = Answerer(kb).ask("哪些报告有错误？")
    assert "表四合计：表四 · 行政复议 · 总计 为 0，按其余各格应为 11" in answer.text
    assert ids_and_codes(answer.text) == []
