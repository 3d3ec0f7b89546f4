"""Drafting: ten note sets of different shapes, sections 一(二) and 六 that pass the narrative
rules by construction, tables from figures, Word export, and a model's invented number."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from langchain_core.language_models import FakeListChatModel

from assistant.cli import main
from assistant.docx_export import BODY_FONT, export_docx
from assistant.drafting import _as_measure, check_section5, compose_section5, draft_section1_requests, draft_section5, draft_section6, parse_notes
from assistant.figures import FiguresError, build_tables, checked_tables, parse_figures
from assistant.validation import validate
from tests.conftest import SAMPLE_NAMES, parsed

ORDINALS = ["一是", "二是", "三是", "四是"]

# (notes, problems, measures written in the notes: {problem index: measure})
NOTE_SETS = [
    ("政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读",
     ["政策解读形式单一", "政务新媒体更新不够及时"], {0: "开展图解和视频解读"}),
    ("问题：\n1. 主动公开不及时\n2. 依申请办理有延期\n改进：\n- 建立公开清单\n- 按期答复",
     ["主动公开不及时", "依申请公开办理有延期"], {0: "建立公开清单", 1: "按期答复"}),
    ("一是政府网站栏目更新不及时。二是工作人员业务能力不足。下一步：一是加强网站监测；二是组织业务培训。",
     ["政府网站栏目更新不及时", "工作人员业务能力不足"], {0: "加强政府网站监测", 1: "组织业务培训"}),
    ("公开内容不够全面\n政务新媒体关注人数较少\n依申请公开答复文书不规范",
     ["公开内容不够全面", "政务新媒体关注人数较少", "依申请公开答复文书不规范"], {}),
    ("政策解读少,新媒体慢 ;培训不够…\n下一步:多搞培训,加强解读",
     ["政策解读少", "政务新媒体更新不够及时", "培训不够"], {0: "加强解读", 2: "多开展培训"}),
    ("website content outdated, staff training weak\nnext: monthly website checks; training 2 times a year",
     ["政府网站内容更新不及时", "工作人员业务培训较为薄弱"], {0: "每月政府网站检查", 1: "业务培训每年2次"}),
    ("新媒体更新慢，要加强日常运维\n政策解读质量不高，需丰富解读形式",
     ["政务新媒体更新不够及时", "政策解读质量不高"], {0: "加强日常运维", 1: "丰富政策解读形式"}),
    ("依申请公开办理超期3件；下一步建立台账，确保按期答复",
     ["依申请公开办理超期3件"], {0: "建立台账，确保按期答复"}),
    ("• 思想认识不到位\n• 协调机制不完善\n措施：• 加强学习 • 健全机制",
     ["思想认识不到位", "协调机制不完善"], {0: "加强学习", 1: "健全机制"}),
    ("problem: few followers on WeChat\nproblem: slow replies to requests\nfix: publish more original content\nfix: track every request",
     ["微信公众号关注人数较少", "依申请公开答复不够及时"], {0: "增加原创内容发布", 1: "逐件跟踪依申请公开办理进度"}),
]


@pytest.mark.parametrize(("notes", "problems", "measures"), NOTE_SETS, ids=[f"set{i + 1}" for i in range(len(NOTE_SETS))])
def test_notes_become_section_5_one_to_one(notes: str, problems: list[str], measures: dict[int, str]) -> None:
    result = draft_section5(notes)
    parsed_notes = result.notes
    assert [p.problem for p in parsed_notes.points] == problems
    assert {i: p.measure.text for i, p in enumerate(parsed_notes.points) if p.measure and not p.measure.suggested} == measures
    assert all(p.measure is not None for p in parsed_notes.points)  # missing measures are suggested
    text = result.text
    first, second = text.split("\n")
    for i, problem in enumerate(problems):  # problems in the "一是…；二是…" form
        assert f"{ORDINALS[i]}{problem}" in first
    assert second.startswith("下一步，")
    for i, measure in measures.items():  # each measure numbered like its problem
        assert f"{ORDINALS[i]}{_as_measure(measure)}" in second
    assert len(re.findall("是", "".join(re.findall(r"[一二三四五]是", second)))) == len(problems)
    numbers_in_notes = set(re.findall(r"\d+", notes))
    assert set(re.findall(r"\d+", text)) <= numbers_in_notes
    assert check_section5(text, parsed_notes).ok


def test_a_model_draft_with_an_invented_number_is_flagged() -> None:
    model = FakeListChatModel(responses=[
        "2024年，我局存在以下问题：一是政策解读形式单一；二是政务新媒体更新不够及时，全年仅更新12次。下一步，一是开展图解解读；二是加强运维。"
    ])
    result = draft_section5("政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读", "某某局", 2024, model=model)
    assert result.check is not None and result.check.unsupported_numbers == ["12"]
    assert result.text == result.deterministic and result.model_text is not None
    assert any("12" in flag for flag in result.flags)


def test_a_good_model_draft_is_used() -> None:
    good = "一是政策解读形式单一；二是政务新媒体更新不够及时。下一步，我局将：一是开展图解和视频解读；二是加强政务新媒体运维。"
    result = draft_section5("政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读", "某某局", 2024, model=FakeListChatModel(responses=[good]))
    assert result.text == good and not result.flags


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
    assert f"共收到政府信息公开申请 {new} 件" in section1
    assert ("均已办结" in section1) == (report.table3.value("carried_forward", "total") == 0 and new + report.table3.value("carried_over", "total") > 0)
    assert "国办函〔2020〕109号" in section6 and "信息处理费" in section6


def test_section_6_with_unpaid_fee_notices_does_not_claim_no_fees() -> None:
    report = parsed("hongqi-district-2024")
    report.table3.rows["other.unpaid_fee"]["natural_person"].value = 2
    report.table3.rows["other.unpaid_fee"]["total"].value = 2
    text = draft_section6(report)
    assert "2 件申请因申请人逾期未按收费通知要求缴纳费用" in text and "未收取" not in text


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
    body = next(p for p in document.paragraphs if p.text.startswith("本单位"))
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
    assert section1.exit_code == 0 and "共收到政府信息公开申请 21 件" in section1.stdout
    missing = runner.invoke(main, ["draft", "--section", "1", "--agency", "北京市朝阳区"])
    assert missing.exit_code == 2 and "没有北京市朝阳区" in missing.stderr
