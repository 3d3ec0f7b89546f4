"""Drafting: sections 一(二) and 六 that pass the narrative rules by construction, tables from
figures, Word export (the note sets of section 五 are in test_draft_notes.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.docx_export import BODY_FONT, export_docx
from assistant.drafting import compose_section5, draft_section1_requests, draft_section6, parse_notes
from assistant.figures import FiguresError, build_tables, checked_tables, parse_figures
from assistant.validation import validate
from tests.conftest import SAMPLE_NAMES, parsed

@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sections_1_and_6_from_each_sample_pass_the_narrative_rules(name: str) -> None:
    report = parsed(name)
    section1 = draft_section1_requests(report)
    section6 = draft_section6(report)
    for section in report.sections:
        if section.id == 1:
            section.paragraphs = [type(section.paragraphs[0])(text=section1)]
        if section.id == 6:
            section.paragraphs = [type(section.paragraphs[0])(text=section6)]
    findings = [f for f in validate(report) if f.rule in ("NARRATIVE-vs-TABLE", "FEES")]
    assert findings == []
    new = report.table3.value("new_requests", "total")
    assert f"共收到政府信息公开申请{new}件" in section1
    assert ("均已办结" in section1) == (report.table3.value("carried_forward", "total") == 0 and new + report.table3.value("carried_over", "total") > 0)
    assert "信息处理费" in section6 and "未收取" not in section6  # nothing given on fees: 【待补】, not claimed
    assert "国办函〔2020〕109号" in draft_section6(report, fees_collected=0) and "全年未收取信息处理费" in draft_section6(report, fees_collected=0)


def test_section_6_with_unpaid_fee_notices_does_not_claim_no_fees() -> None:
    report = parsed("hongqi-district-2024")
    report.table3.rows["other.unpaid_fee"]["natural_person"].value = 2
    report.table3.rows["other.unpaid_fee"]["total"].value = 2
    text = draft_section6(report)
    assert "2件申请因申请人逾期未按收费通知要求缴纳费用" in text and "未收取" not in text


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_tables_from_each_sample_figures_are_identical_and_checked(name: str) -> None:
    report = parsed(name)
    figures = {cell_id: cell.value for table in report.tables() for cell_id, cell in table.cells()}
    generated, findings = checked_tables(figures)
    for table in ("table2", "table3", "table4"):
        assert getattr(generated, table).values() == getattr(report, table).values()
    if name == "hongze-district-2023":  # its printed table 4 totals are wrong: shown with the finding
        assert {f.cell for f in findings} == {"table4.review.total", "table4.litigation_after_review.total"}
    else:
        assert findings == []


def test_partial_figures_get_their_totals() -> None:
    report = build_tables(parse_figures("table3.granted.natural_person = 3\ntable3.granted.commercial_enterprise = 1\n"
                                        "table3.not_processed.duplicate.natural_person = 1\ntable4.review.upheld = 2\ntable4.review.corrected = 1"))
    assert report.table3.value("granted", "total") == 4
    assert report.table3.value("total", "natural_person") == 4 and report.table3.value("total", "total") == 5
    assert report.table3.value("new_requests", "total") == 5  # from the balance
    assert report.table4.value("review", "total") == 3
    assert [f for f in validate(report) if f.severity == "error" and f.rule != "SHAPE"] == []


def test_inconsistent_figures_name_the_cell() -> None:
    _, findings = checked_tables(parse_figures('{"table4": {"review": {"upheld": 2, "total": 5}}}'))
    assert [(f.rule, f.cell, f.expected, f.found) for f in findings] == [("T4-SUM", "table4.review.total", 2, 5)]


@pytest.mark.parametrize(("text", "words"), [("", "没有提供"), ("table3.granted = x", "第 1 行"), ("{bad json", "JSON"), ("table9.x.y = 1", "无法识别")])
def test_bad_figures(text: str, words: str) -> None:
    with pytest.raises(FiguresError, match=words):
        build_tables(parse_figures(text))


def test_docx_in_official_style(tmp_path: Path) -> None:
    report = parsed("litong-district-2024")
    data = export_docx("利通区2024年政府信息公开工作年度报告", ["五、存在的主要问题及改进情况\n" + compose_section5(parse_notes("政策解读形式单一；下一步搞图解"))], report)
    path = tmp_path / "draft.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    title = document.paragraphs[0]
    assert title.text == "利通区2024年政府信息公开工作年度报告"
    east_asia = title.runs[0]._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if "一是" in p.text)  # the opening varies with the notes
    assert body.runs[0].font.name == BODY_FONT and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == 28
    heading = next(p for p in document.paragraphs if p.text.startswith("五、"))
    assert heading.runs[0].font.name == "黑体"
    assert len(document.tables) == 3 and document.tables[1].cell(3, 3).text == "38"
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("libreoffice") is None and shutil.which("soffice") is None, reason="libreoffice is not installed")
def test_docx_converts_to_pdf_with_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(export_docx("测试报告", ["一、总体情况\n正文。"], parsed("hongqi-district-2024")))
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([binary, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = tmp_path / "draft.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_cli_draft_section_5_and_tables(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "s5.docx"
    result = runner.invoke(main, ["draft", "--section", "5", "--notes", "-", "--agency", "利通区", "--year", "2024", "--docx", str(out), "--json"],
                           input="政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读\n")
    assert result.exit_code == 0, result.output
    assert out.exists() and "一是政策解读形式单一" in result.stdout
    bad = runner.invoke(main, ["draft", "--tables", "--figures", "-"], input="table4.review.upheld = 2\ntable4.review.total = 5\n")
    assert bad.exit_code == 1 and "表四合计：表四 · 行政复议 · 总计 为 5，按其余各格应为 2" in bad.stderr and "T4-SUM" not in bad.stderr
    section1 = runner.invoke(main, ["draft", "--section", "1", "--agency", "洪泽区", "--year", "2023"])
    assert section1.exit_code == 0 and "共收到政府信息公开申请21件" in section1.stdout
    missing = runner.invoke(main, ["draft", "--section", "1", "--agency", "北京市朝阳区"])
    assert missing.exit_code == 2 and "没有北京市朝阳区" in missing.stderr
