"""Reports without standard tables — a free-form report written before the 2019 format, a page
cut from a 2020 report — are ingested as narrative-only: flagged in the library (CLI and the
报告库 tab), asked through their prose figures with the sentence cited, and left out of table
validation with one sentence saying why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.validation import validate
from index.errors import NotAReport
from index.parser import parse_document, parse_file
from index.prose import extract_figures
from index.readers import read_bytes

NARRATIVE = Path(__file__).parent.parent / "data" / "narrative"
FREE_FORM = NARRATIVE / "青溪县人民政府2016年政府信息公开工作年度报告.txt"
EXCERPT = NARRATIVE / "青溪县2020年报告第2页.txt"


def test_a_free_form_2016_report_is_a_narrative_only_report() -> None:
    report = parse_file(FREE_FORM)
    assert (report.agency, report.year, report.narrative_only) == ("青溪县人民政府", 2016, True)
    assert report.tables() == []
    assert [s.id for s in report.sections if s.id] == [1, 2, 3, 4, 5]  # 概述, 依申请公开… found by meaning
    assert any("叙述式报告" in note for note in report.notes)
    assert not any("table2 not found" in note for note in report.notes)  # one note, not three
    figures = {(f.measure, f.value) for f in extract_figures(report)}
    assert {("requests_received", 57), ("requests_answered", 55), ("requests_granted", 41), ("requests_withheld", 3),
            ("requests_carried_over", 2), ("reconsiderations", 2), ("lawsuits", 1), ("licensing_decisions", 3215),
            ("penalty_decisions", 412), ("proactive_items", 4562)} <= figures


def test_a_page_of_a_2020_report_is_read_not_refused() -> None:
    report = parse_file(EXCERPT)
    assert (report.agency, report.year, report.narrative_only) == ("青溪县", 2020, True)
    assert {("requests_received", 39), ("requests_carried_over", 2)} <= {(f.measure, f.value) for f in extract_figures(report)}
    # a 2020 report should have its tables: parse shows what the page has, then says it is incomplete
    result = CliRunner().invoke(main, ["parse", str(EXCERPT)])
    assert result.exit_code == 2 and "全县共收到政府信息公开申请39件" not in result.output and "39 件" in result.output
    assert "不完整" in result.output


def test_text_that_is_no_report_is_still_refused() -> None:
    for text in ("今天天气很好，我们一起去公园散步。\n", "2020年，全县共完成植树造林3000亩，新建公园12个。\n"):
        with pytest.raises(NotAReport):
            parse_document(read_bytes(text.encode("utf-8"), "notes.txt"))


def test_reports_with_tables_are_not_narrative_only() -> None:
    from tests.conftest import parsed

    assert not parsed("litong-district-2024").narrative_only


def test_table_validation_is_skipped_with_a_sentence_why() -> None:
    findings = validate(parse_file(FREE_FORM))
    assert [(f.rule, f.severity) for f in findings] == [("NARRATIVE-ONLY", "warning")]
    assert "没有标准表格" in findings[0].message and "2019 年以前" in findings[0].message and "跳过" in findings[0].message
    result = CliRunner().invoke(main, ["validate", str(EXCERPT)])
    assert result.exit_code == 0 and "没有标准表格（报告节选" in result.output


def test_cli_parse_lists_the_prose_figures_and_succeeds() -> None:
    result = CliRunner().invoke(main, ["parse", str(FREE_FORM)])
    assert result.exit_code == 0, result.output
    assert "叙述式报告（无标准表格）" in result.output
    assert "受理（收到）政府信息公开申请：57 件（青溪县人民政府 2016 年报告 · 第三部分 · 第 14 行）" in result.output
    assert json.loads(CliRunner().invoke(main, ["parse", "--json", str(FREE_FORM)]).output)["narrative_only"] is True


@pytest.fixture
def kb() -> KnowledgeBase:
    kb = KnowledgeBase.open(load_settings())
    result = kb.ingest([FREE_FORM, EXCERPT])
    assert len(result.added) == 2 and not result.failed
    return kb


def test_listed_as_narrative_only(kb: KnowledgeBase) -> None:
    rows = {r.year: r for r in kb.reports()}
    assert rows[2016].narrative_only and rows[2020].narrative_only
    assert rows[2016].layout_label == "叙述式（无标准表格）"
    listing = CliRunner().invoke(main, ["reports"]).output
    assert "青溪县人民政府\t2016\t叙述式（无标准表格）\t发现 1（错误 0）" in listing
    payload = json.loads(CliRunner().invoke(main, ["reports", "--json"]).output)
    assert {r["year"]: r["narrative_only"] for r in payload if r["year"] in (2016, 2020)} == {2016: True, 2020: True}


def test_library_tab_shows_the_flag(kb: KnowledgeBase) -> None:
    from ui.app import Services, library_rows

    services = Services(load_settings())
    services._kb = kb
    rows = [row for row in library_rows(services, "青溪县") if row[1] == 2016]
    assert rows and rows[0][2] == "叙述式（无标准表格）"


@pytest.mark.parametrize(("question", "value", "sentence"), [
    ("青溪县2016年受理了多少政府信息公开申请？", "57", "全县共受理政府信息公开申请57件"),
    ("青溪县2016年行政复议多少件？", "2", "行政复议案件2件"),
    ("青溪县2016年行政许可多少件？", "3215", "全年作出行政许可3215件"),
    ("青溪县2016年不予公开多少件？", "3", "不予公开3件"),
    ("青溪县2016年主动公开了多少条政府信息？", "4562", "主动公开政府信息4562条"),
    ("青溪县2020年收到多少申请？", "39", "全县共收到政府信息公开申请39件"),
])
def test_prose_figures_are_answered_with_the_sentence(kb: KnowledgeBase, question: str, value: str, sentence: str) -> None:
    from assistant.ask.answerer import Answerer

    answer = Answerer(kb, None).ask(question)
    assert f" {value} " in answer.text and sentence in answer.text, answer.text
    assert "表格中该格为空" not in answer.text  # the report has no tables: it says so instead
