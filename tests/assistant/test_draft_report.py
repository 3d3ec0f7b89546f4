"""The whole report of year Y for each sample body, from its indexed figures and a note set:
six sections, the tables, every number checked (cross-year against last year's report where the
knowledge base holds it), the Word file with repeated table headers and unsplit rows, figures
from an .xlsx laid out like the tables, and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.cli import main
from assistant import docx_export
from assistant.docx_export import export_docx
from assistant.draft.report import draft_report, section_text
from assistant.draft.sections import section1_parts
from assistant.draft.workbook import WorkbookError, figures_from_xlsx, xlsx_template
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings
from assistant.validation import validate
from tests.conftest import parsed

NOTES = Path(__file__).parents[1] / "data" / "notes"
# each sample body and the year of its newest indexed report
BODIES = [("利通区", 2024), ("红旗区", 2024), ("吴忠市审批服务管理局", 2023), ("红寺堡区审批服务管理局", 2024), ("红寺堡区科学技术局", 2024), ("洪泽区", 2024)]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    knowledge = KnowledgeBase.open(load_settings(home=tmp_path_factory.mktemp("kb"), embedding_backend="fake"))
    knowledge.ingest(sample_paths())
    return knowledge


@pytest.mark.parametrize(("agency", "year"), BODIES)
def test_a_whole_report_for_each_sample_body_validates_clean(kb: KnowledgeBase, agency: str, year: int) -> None:
    notes = (NOTES / "18-county-long-mixed.txt").read_text(encoding="utf-8")
    draft = draft_report(kb, agency, year, notes=notes, fees_collected=0, other_items=["本年度无其他需要报告的事项"])
    report = draft.report
    assert [s.id for s in report.sections] == [1, 2, 3, 4, 5, 6] and all(s.heading for s in report.sections)
    assert report.title == f"{report.agency}{year}年政府信息公开工作年度报告"
    original = parsed(next(n for n, a in [("litong-district-2024", "利通区"), ("hongqi-district-2024", "红旗区"), ("wuzhong-approval-bureau-2023", "吴忠市审批服务管理局"),
                                         ("hongsibu-approval-bureau-2024", "红寺堡区审批服务管理局"), ("hongsibu-science-bureau-2024", "红寺堡区科学技术局"),
                                         ("hongze-district-2024", "洪泽区")] if a == agency))
    # no error, and no warning but those the body's own published figures draw (cross-year ones included)
    assert draft.errors == []
    own = {(f.rule, f.cell) for f in validate(original) if f.severity == "warning"}
    assert [(f.rule, f.cell, f.message) for f in draft.findings if (f.rule, f.cell) not in own] == []
    assert report.table3.value("new_requests", "total") == original.table3.value("new_requests", "total")
    one = report.section(1).text
    assert f"共收到政府信息公开申请{original.table3.value('new_requests', 'total')}件" in one
    assert "全流程管理" not in one  # no process claim in 一(二): how requests are handled is the clerk's to say
    parts = section1_parts(section_text(kb, kb.report_for(agency, year if agency != "洪泽区" else 2023).id, 1))
    assert [line.split("。")[0][3:] for line in one.splitlines()[1:]] == parts  # the parts of the body's last report
    six = report.section(6).text
    assert "国办函〔2020〕109号" in six and "本年度无其他需要报告的事项" in six
    five = report.section(5).text
    assert "20个工作日" in five and draft.suggestions() and all(s in five for s in draft.suggestions())
    assert draft.previous_year == (2023 if agency == "洪泽区" else None)


def test_cross_year_the_carry_and_the_documents_in_force(kb: KnowledgeBase) -> None:
    last = {k: c.value for k, c in kb.facts.cells(kb.report_for("洪泽区", 2024).id).items()}
    figures = {"table3.granted.natural_person": 4, "table2.normative_documents.issued": 2, "table2.normative_documents.repealed": 1}
    draft = draft_report(kb, "洪泽区", 2025, figures)
    assert draft.previous_year == 2024 and draft.errors == []
    assert draft.report.table3.value("carried_over", "total") == last["table3.carried_forward.total"]  # 上年结转 = 去年结转下年度
    assert draft.report.table2.value("normative_documents", "in_force") == last["table2.normative_documents.in_force"] + 1
    assert draft.structure_from == "淮安市洪泽区人民政府 2024"
    in_force = int(last["table2.normative_documents.in_force"] + 1)  # computed, not given: marked for the clerk, with its arithmetic
    assert f"现行有效行政规范性文件{in_force}件【待核实】" in draft.report.section(1).text
    assert any(f"{int(last['table2.normative_documents.in_force'])}＋2－1＝{in_force}" in f for f in draft.flags)
    given = draft_report(kb, "洪泽区", 2025, figures | {"table2.normative_documents.in_force": in_force})
    assert "【待核实】" not in given.report.section(1).text.split("（二）")[0]  # a figure the clerk gave is not marked
    wrong = draft_report(kb, "洪泽区", 2025, figures | {"table3.carried_over.natural_person": 7})
    carry = [(f.cell, f.expected, f.found) for f in wrong.errors if f.rule == "YEAR-CARRY"]
    assert ("table3.carried_over.natural_person", last["table3.carried_forward.natural_person"], 7) in carry
    drift = draft_report(kb, "洪泽区", 2025, figures | {"table2.normative_documents.in_force": 99})
    assert [f.rule for f in drift.findings if f.cell == "table2.normative_documents.in_force"] == ["YEAR-IN-FORCE"]


def test_a_year_without_figures_says_what_to_give(kb: KnowledgeBase) -> None:
    from index.errors import NotIndexed

    with pytest.raises(NotIndexed, match="--figures"):
        draft_report(kb, "利通区", 2025)


def test_the_word_file_keeps_table_headers_and_rows_whole_and_marks_suggestions(kb: KnowledgeBase) -> None:
    notes = (NOTES / "05-county-problems-only.txt").read_text(encoding="utf-8")
    draft = draft_report(kb, "红旗区", 2024, notes=notes)
    document = docx.Document(BytesIO(draft.docx()))
    assert document.paragraphs[0].text == "红旗区人民政府\n2024年政府信息公开工作年度报告"  # broken after the body's name
    headings = [p.text for p in document.paragraphs if p.runs and p.runs[0].font.name == "黑体"]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                        "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert len(document.tables) == 3
    for table, header_rows in zip(document.tables, (0, 3, 3), strict=True):
        rows = table._tbl.tr_lst
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True] * header_rows + [False] * (len(rows) - header_rows)
    marked = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert [m for m in marked if m.startswith("【建议】")] == draft.suggestions() and len(draft.suggestions()) == 4
    assert all(m.startswith(("【建议】", "【待核实】", "【待补")) for m in marked)  # nothing but the tool's own content
    assert document.paragraphs[-1].text.startswith("注：文中黄色底纹部分")  # the legend says what yellow means


def test_a_government_is_reached_through_its_office(kb: KnowledgeBase) -> None:
    draft = draft_report(kb, "洪泽区", 2025, {"table3.granted.natural_person": 4})
    assert "请与淮安市洪泽区人民政府办公室联系" in draft.preface


def test_a_sentence_its_own_tables_contradict_is_marked_on_the_page(kb: KnowledgeBase) -> None:
    """The notes say 复议纠正2件 and a lawsuit still open; table 四 (the figures) says 1 corrected and none open:
    the page marks each sentence 【待核实：…】 (highlighted, with its legend), not only the hints."""
    figures = {"table3.granted.natural_person": 4, "table4.review.corrected": 1, "table4.review.upheld": 1, "table4.litigation_direct.upheld": 1}
    notes = "依申请公开被复议纠正2件，答复未说明检索过程\n另有被起诉1件，目前尚未判决\n下一步制定答复写作指引"
    draft = draft_report(kb, "洪泽区", 2025, figures, notes)
    text = draft.report.section(5).text
    assert "答复未说明检索过程【待核实：正文称复议纠正2件，表四为1件】；" in text
    assert "【待核实：正文称起诉尚未审结1件，表四为0件】" in text
    assert sum("已在正文中标出【待核实】" in f for f in draft.flags) == 2
    document = docx.Document(BytesIO(draft.docx()))
    marked = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert "【待核实：正文称复议纠正2件，表四为1件】" in marked
    assert "【待核实：…】为须核实之处（括号内说明原因）" in document.paragraphs[-1].text


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("libreoffice") is None or shutil.which("pdftoppm") is None, reason="libreoffice / poppler not installed")
def test_the_whole_report_renders_to_pages(kb: KnowledgeBase, tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(draft_report(kb, "洪泽区", 2024, notes=(NOTES / "07-county-long-headings.txt").read_text(encoding="utf-8")).docx())
    subprocess.run([shutil.which("libreoffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],  # type: ignore[list-item]
                   check=True, capture_output=True, timeout=240, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4 and all(p.stat().st_size > 1000 for p in pages)


@pytest.mark.parametrize("name", ["hongze-district-2023", "litong-district-2024"])
def test_figures_from_an_xlsx_laid_out_like_the_tables(name: str) -> None:
    report = parsed(name)
    figures = figures_from_xlsx(xlsx_template(report))
    assert figures == {cell_id: cell.value for table in report.tables() for cell_id, cell in table.cells() if cell.value is not None}


def test_a_workbook_that_is_not_one(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="无法读取"):
        figures_from_xlsx(b"not a zip", "x.xlsx")
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["随便写的", 1])
    buffer = BytesIO()
    book.save(buffer)
    with pytest.raises(WorkbookError, match="没有找到表二"):
        figures_from_xlsx(buffer.getvalue(), "x.xlsx")


def test_cli_draft_report_from_an_xlsx(tmp_path: Path) -> None:
    book = tmp_path / "figures.xlsx"
    book.write_bytes(xlsx_template(parsed("hongze-district-2024")))
    notes = tmp_path / "notes.txt"
    notes.write_text((NOTES / "01-county-terse-bullets.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "report.docx"
    runner = CliRunner()
    result = runner.invoke(main, ["draft", "--report", "--agency", "洪泽区", "--year", "2024", "--figures", str(book), "--notes", str(notes),
                                  "--fees", "0", "--other", "无", "--docx", str(out), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [s["id"] for s in payload["sections"]] == [1, 2, 3, 4, 5, 6] and payload["checked_against"] == 2023
    assert [f for f in payload["findings"] if f["severity"] == "error"] == [] and out.exists()
    assert [m["suggested"] for m in payload["measures"]] == [False, False, False, True]
    plain = runner.invoke(main, ["draft", "--report", "--agency", "洪泽区", "--year", "2024", "--notes", str(notes)])
    assert plain.exit_code == 0 and "并与 2023 年报告核对了上年结转和现行有效件数" in plain.stderr and "建议措施（请核实）" in plain.stderr
    assert "校验发现" not in plain.stderr


REVIEW = Path(__file__).parents[2] / "bench" / "data" / "draft_review"  # the whole report the blind review reads (bench/draft_review.py)


def _hongze_2025(kb: KnowledgeBase, **kwargs: object) -> object:
    from assistant.figures import parse_figures

    figures = parse_figures((REVIEW / "hongze-2025-figures.txt").read_text(encoding="utf-8"))
    return draft_report(kb, "洪泽区", 2025, figures, (REVIEW / "hongze-2025-notes.txt").read_text(encoding="utf-8"), **kwargs)  # type: ignore[arg-type]


def test_the_whole_report_a_reviewer_signs(kb: KnowledgeBase) -> None:
    """洪泽区 2025 from figures and notes, asserted on the .docx: the preface, 上年度改进情况 marked,
    no unsupported claim, one self-reference, page numbers "— 1 —", the body as author, header rows repeated."""
    draft = _hongze_2025(kb)
    assert draft.errors == [] and draft.previous_year == 2024  # type: ignore[attr-defined]
    document = docx.Document(BytesIO(draft.docx()))  # type: ignore[attr-defined]
    texts = [p.text for p in document.paragraphs]
    assert all(t.strip() for t in texts)  # no empty paragraph: space comes from the paragraphs' own spacing
    name = "淮安市洪泽区人民政府"
    assert texts[0] == f"{name}\n2025年政府信息公开工作年度报告"  # two lines, broken after the body's name, not mid-word
    title = document.paragraphs[0]
    assert {(r.font.name, r.font.size.pt) for r in title.runs} == {("方正小标宋简体", 22)} and title.paragraph_format.space_after.pt == 28
    preface = texts[1]
    assert preface.startswith(f"本报告由{name}根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）") and "编制" in preface
    assert "统计期限自2025年1月1日起至2025年12月31日止" in preface
    assert texts[-3:-1] == [name, "【待补：成文日期】"] and texts[-1].startswith("注：文中黄色底纹部分")  # signed and dated (GB/T 9704), then the legend
    signature = document.paragraphs[-3].paragraph_format
    assert document.paragraphs[-3].alignment == WD_ALIGN_PARAGRAPH.RIGHT and signature.right_indent.pt == 64 and signature.space_before.pt == 28
    body = texts[2:-3]
    whole = "\n".join(body)
    assert "《中华人民共和国政府信息公开条例》" not in whole and whole.count("《条例》") >= 1  # named once in full, then for short
    assert not re.search(r"[\u4e00-\u9fff，（] ?\d+ [件元]|[\u4e00-\u9fff] \d", whole)  # "申请86件", not "申请 86 件"
    assert "共收到政府信息公开申请86件（其中自然人82件，法人或其他组织4件）" in whole
    assert not any(name in t or "洪泽区" in t for t in body)  # one self-reference after the preface: 我区
    assert sum(t.count("我区") for t in body) >= 5
    five = body[body.index("五、存在的主要问题及改进情况") + 1:body.index("六、其他需要报告的事项")]
    assert five[0].startswith("针对上年度报告提出的答复超期问题") and "【待补：上年度报告还提出了以下改进措施，请写明各项的落实情况" in five[0]
    assert "扎实推进依申请公开工作" in five[0]  # the measures of 洪泽区 2024's section 五, for the clerk to confirm
    marked = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert any(m.startswith("【待补：上年度报告还提出了") for m in marked) and draft.suggestions()  # type: ignore[attr-defined]
    assert [m for m in marked if m.startswith("【建议】")] == draft.suggestions()  # type: ignore[attr-defined]
    one = body[body.index("一、总体情况") + 1:body.index("二、主动公开政府信息情况")]
    assert [t[:3] for t in one[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert all("【待补" in t for t in one[3:])  # 一（三）–（五）: nothing in the notes, so marked, no boilerplate claim
    six = body[body.index("六、其他需要报告的事项") + 1:]
    assert "【待补" in six[0] and "未收取" not in " ".join(body)  # no --fees: not claimed
    for claim in ("严格落实", "持续加大", "扎实做好", "切实保障", "取得了显著"):
        assert claim not in " ".join(body), claim
    assert texts[-1].startswith("注：文中黄色底纹部分")  # the legend, a line apart, naming the marks the text holds and no other
    assert all(m in texts[-1] for m in ("【建议】", "【待核实】", "【待补】")) and "【待译】" not in texts[-1]
    assert document.paragraphs[-1].paragraph_format.space_before == Pt(28)
    for paragraph in document.paragraphs[1:-3] + document.paragraphs[-1:]:  # the text block: 三号, lines exactly 28 pt, indented two characters, both edges straight (the signature aside)
        assert paragraph.paragraph_format.line_spacing == Pt(28) and paragraph.paragraph_format.first_line_indent == Pt(32)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and {r.font.size for r in paragraph.runs} == {Pt(16)}
        assert {r.font.name for r in paragraph.runs} <= {"仿宋_GB2312", "黑体", "楷体_GB2312"}
    assert document.core_properties.author == name
    section = document.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    assert document.settings.odd_and_even_pages_header_footer  # GB/T 9704: odd pages' numbers on the right, even pages' on the left
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert "PAGE" in footer._element.xml and paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == (WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT)
        assert getattr(paragraph.paragraph_format, f"{side}_indent").pt == 14  # one character in from the edge
        assert {(r.font.name, r.font.size.pt) for r in paragraph.runs} == {("宋体", 14)}
    for table, header_rows in zip(document.tables, (0, 3, 3), strict=True):
        rows = table._tbl.tr_lst
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)  # no row splits across pages
        # only the rows heading every column repeat: table 二's 第二十条 rows head one block each
        assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True] * header_rows + [False] * (len(rows) - header_rows)
    paid = _hongze_2025(kb, fees_collected=0)
    assert "全年未收取信息处理费" in paid.report.section(6).text  # type: ignore[attr-defined]


def _pdf(document: bytes, source: Path) -> tuple[Path, list[str]]:
    """The .docx rendered by LibreOffice (the official fonts drawn in Noto CJK faces of their kind), and its pages' text."""
    source.write_bytes(document)
    subprocess.run([shutil.which("libreoffice"), "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],  # type: ignore[list-item]
                   check=True, capture_output=True, timeout=240,
                   env={"HOME": str(source.parent), "PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(REVIEW / "fonts.conf")})
    pdf = source.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60).stdout
    return pdf, [page for page in text.split("\f") if page.strip()]


def _table_three_pages(flat: list[str], whole: bool) -> None:
    """Table 三 on the rendered pages (their text, whitespace removed): its heading with its header and
    first row, the header on every page it runs onto, each group on the page of its label."""

    def page_of(words: str) -> int:
        return next(i for i, page in enumerate(flat) if words in page)

    three = page_of("三、收到和处理政府信息公开申请情况")
    assert page_of("申请人情况") == page_of("一、本年新收") == three  # never a heading and header alone at a page's foot
    end = page_of("四、结转下年度继续办理")
    assert (end == three) if whole else (end > three)
    assert all(flat[i].count("申请人情况") == 1 for i in range(three, end + 1))  # the header on every page of table 三
    for label, last in (("（三）不", "8.属于行政查询"), ("（四）无", "3.补正后"), ("（五）不", "5.要求行政机关"), ("（六）其", "3.其他")):
        assert page_of(label) == page_of(last), label  # a group stays on the page of its label


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("libreoffice") is None or shutil.which("pdftoppm") is None, reason="libreoffice / poppler not installed")
def test_the_whole_report_pages_show_their_numbers_and_marks(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages a reviewer reads: numbers "— n —" on the outside edge, table 二 whole on one page under
    its heading (no 第二十条 row repeated over another block), table 三 whole on one page (moved whole
    to the next page when reached low on one; taller than a page, its header repeated on each page it
    runs onto and none of its groups parted from its label), the marks and the legend."""
    from PIL import Image

    pdf, pages = _pdf(_hongze_2025(kb).docx(), tmp_path / "hongze-2025.docx")  # type: ignore[attr-defined]
    text = "\f".join(pages)
    flat = [re.sub(r"\s", "", page) for page in pages]
    assert re.search(r"—\s*1\s*—", pages[0]) and "本报告由" in pages[0]  # GB/T 9704 page numbers ("— 1 —"; pdftotext drops the spaces)
    assert all(re.search(rf"—\s*{i}\s*—", page) for i, page in enumerate(pages, 1))
    assert "【待核实】" in text and "【建议】" in text and "注：文中黄色底纹部分" in text

    def page_of(words: str) -> int:
        return next(i for i, page in enumerate(flat) if words in page)

    assert "".join(flat).count("第二十条第（一）项") == 1  # no block's heading repeated over another block
    assert page_of("二、主动公开政府信息情况") == page_of("第二十条第（一）项") == page_of("行政事业性收费")  # table 二 whole under its heading
    _table_three_pages(flat, whole=True)  # 五号 set solid in columns sized to its numbers: one page
    assert page_of("四、政府信息公开行政复议") == page_of("复议后起诉")  # table 四 with its heading
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(pages) and all(p.stat().st_size > 1000 for p in images)
    text_first = ("某某区人民政府2024年政府信息公开工作年度报告", ["一、总体情况\n" + "本年度正文。" * 60], parsed("litong-district-2024"))
    _, low = _pdf(export_docx(*text_first, author="某某区人民政府"), tmp_path / "low.docx")
    _table_three_pages([re.sub(r"\s", "", page) for page in low], whole=True)  # reached low on a page: moved whole to the next
    monkeypatch.setattr(docx_export, "WHOLE_ROWS", 20)  # a table taller than a page, as table 三 stands for here
    _, tall = _pdf(export_docx(*text_first, author="某某区人民政府"), tmp_path / "tall.docx")
    _table_three_pages([re.sub(r"\s", "", page) for page in tall], whole=False)  # it runs onto the next page, between groups
    for number, image in enumerate(images, 1):  # the number's ink at the foot: right half on odd pages, left half on even ones
        gray = Image.open(image).convert("L")
        width, height = gray.size
        foot = gray.crop((0, int(height * 0.88), width, height))
        xs = [x for x in range(width) for y in range(foot.height) if foot.getpixel((x, y)) < 128]
        assert xs, number
        middle = sum(xs) / len(xs)
        assert (middle > width * 0.6) if number % 2 else (middle < width * 0.4), (number, middle, width)


def test_notes_for_a_part_of_section_one_are_written_in_the_genre_register(kb: KnowledgeBase) -> None:
    """A notes line labelled with a part of 一 ("政府信息管理：…") is that part's text, in the register
    of the genre (the same lexicon as 五), every rewrite in ``rewrites``; nothing else is claimed there."""
    from assistant.figures import parse_figures

    figures = parse_figures((REVIEW / "hongze-2025-figures.txt").read_text(encoding="utf-8"))
    notes = "政府信息管理：今年开展2次保密审查，没发现问题\n平台建设：网站改版上线了，政务新媒体只有3个\n存在问题\n1. 政策解读还是以文字为主\n下一步\n1. 每份政策文件同步配发图解"
    draft = draft_report(kb, "洪泽区", 2025, figures, notes)
    one = draft.report.section(1).text.splitlines()
    assert one[3] == "（三）政府信息管理情况。本年度开展2次保密审查，未发现问题。"
    assert one[4] == "（四）政府信息公开平台建设情况。网站改版上线，政务新媒体仅3个。"
    assert one[5].startswith("（五）政府信息公开监督保障情况。【待补")
    rewrites = [(r.before, r.after) for r in draft.rewrites]
    assert ("今年开展2次保密审查，没发现问题", "本年度开展2次保密审查，未发现问题") in rewrites
    assert ("政策解读还是以文字为主", "政策解读仍以文字为主") in rewrites  # 五's rewrites too


def test_a_body_nobody_indexed_gets_the_genre_by_rule(kb: KnowledgeBase) -> None:
    """A body with no report in the knowledge base: 一's parts under the format's headings (…情况),
    its self-reference from its kind (局 → 我局), the title broken after its name, numbers unspaced."""
    figures = {"table2.normative_documents.issued": 1, "table3.new_requests.natural_person": 5, "table3.granted.natural_person": 3,
               "table3.unable.not_held.natural_person": 2}
    draft = draft_report(kb, "某某县交通运输局", 2025, figures)
    one = draft.report.section(1).text.splitlines()
    assert [line.split("。")[0] for line in one[1:]] == ["（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
                                                       "（五）政府信息公开监督保障情况"]
    assert one[0].startswith("2025年，我局按照《条例》") and "共收到政府信息公开申请5件（其中自然人5件" in one[2]
    document = docx.Document(BytesIO(draft.docx()))
    assert document.paragraphs[0].text == "某某县交通运输局\n2025年政府信息公开工作年度报告"
    assert all(p.text.strip() for p in document.paragraphs)


def test_a_gap_that_says_what_is_missing_is_highlighted_alone() -> None:
    """A 【待补：…】 that names what is missing is yellow by itself: the clerk's words after it stay plain; a bare
    【待补】 leads the tool's own sentence, yellow to the end of its clause."""
    text = ("2025年【待补：请核实报告年度】，我局政府信息公开工作存在以下不足：一是公众号“【待补：名称】农讯”一年仅发布17篇。\n"
            "【待补】知识库中未收录我局上年度报告，上年度问题改进情况请据实补充。")
    document = docx.Document(BytesIO(export_docx(None, [text])))
    marked = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked == ["【待补：请核实报告年度】", "【待补：名称】", "【待补】知识库中未收录我局上年度报告，上年度问题改进情况请据实补充"]
