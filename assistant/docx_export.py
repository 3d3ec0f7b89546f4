"""Word export in the official document style of GB/T 9704: title in 小标宋 (二号), body in
仿宋_GB2312 三号, level-1 headings 黑体, level-2 楷体_GB2312, fixed 28-point line spacing,
standard margins; East Asian fonts set on every run, tables as real Word tables."""

from __future__ import annotations

import copy
import math
import re
import threading
from functools import cache
from io import BytesIO

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.shared import Mm, Pt

from index.model import Report, Table
from index.render import Layout, add_docx_table, table_layout

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_TABLE = Pt(10.5)  # 五号
# The text block is 156 mm wide (A4 less the 28 and 26 mm margins); labels get the room.
COLUMN_WIDTHS_MM = {"table2": [42, 38, 38, 38], "table3": [9, 19, 51, 11, 11, 11, 11, 11, 11, 11], "table4": [10.4] * 15}
CELL_MARGIN = Mm(1)  # left and right in every cell (Word's 1.9 mm leaves table 四's labels one character a line)
TEXT_WIDTH_MM = 156  # A4 less the 28 and 26 mm margins
NUMBER_MAX_MM = 14  # table 三's number columns at most (five digits); its label column keeps 30 mm
# The rows that head every column, repeated at the top of every page the table runs onto. Table 二 has
# none: each of its 第二十条 blocks brings its own two heading rows, which head that block only.
HEADER_ROWS = {"table2": 0, "table3": 3, "table4": 3}
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
# The tool's own content, marked in the text itself and highlighted: a suggested measure (to the end
# of its clause), anything from last year's report (to the end of its paragraph), what is still to
# be filled in (a bare 【待补】 with the tool's sentence after it, to the end of its clause; a 【待补：…】 that says
# what is missing, itself only: "2025年【待补：请核实报告年度】，…" and "“【待补：名称】农讯”…" go on in the clerk's
# words), English still to be translated.
MARKS = re.compile(r"【建议】[^；。\n]*|【待核实：[^】]*】|【待核实】[^\n]*|【待补】[^。；\n]*|【待补：[^】]*】|【待译：[^】]*】")
# The legend after the text: what yellow means, and what each mark the text holds means (only those it holds).
LEGEND = ("注：文中黄色底纹部分为起草工具添加、须由起草人核实的内容——", "。核实后请删除标记和底纹。")
LEGEND_MARKS = {"【建议】": "【建议】为笔记未写明措施的问题所建议的措施", "【待核实】": "【待核实】为据上年度报告整理的内容",
                "【待核实：": "【待核实：…】为须核实之处（括号内说明原因）",
                "【待补": "【待补】为须据实补充的内容", "【待译": "【待译】为须改写成中文的英文"}
PAGE_FONT = "宋体"
SIZE_4 = Pt(14)  # 四号: page numbers


def _font(run: object, name: str, size: Pt, bold: bool = False) -> None:
    run.font.name = name  # type: ignore[attr-defined]
    run.font.size = size  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _runs(paragraph: object, text: str, font: str, size: Pt, highlights: list[str], marks: bool = True) -> None:
    """The text as runs; the tool's own content (its marks in the text, and any ``highlights``) in yellow."""
    marked = {h for h in highlights if h and h in text} | (set(MARKS.findall(text)) if marks else set())
    ordered = sorted(marked, key=len, reverse=True)
    pattern = re.compile("(" + "|".join(map(re.escape, ordered)) + ")") if ordered else None
    for piece in pattern.split(text) if pattern else [text]:
        if not piece:
            continue
        run = paragraph.add_run(piece)  # type: ignore[attr-defined]
        _font(run, font, size)
        if piece in marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _paragraph(document: object, text: str, font: str, size: Pt, *, center: bool = False, indent: bool = True,
               highlights: list[str] | None = None, marks: bool = True) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = font == HEADING1_FONT  # a heading stays on the page of what it heads (a table too)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # both edges straight, as a 公文's text block
    _runs(paragraph, text, font, size, highlights or [], marks)


_TEMPLATE_LOCK = threading.Lock()


def new_document() -> object:
    """An empty A4 document in the official style: a copy of one made once (opening Word's
    default template took half the time of an export)."""
    with _TEMPLATE_LOCK:
        return copy.deepcopy(_template())


@cache
def _template() -> object:
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)  # Word's default 10 pt after every paragraph, table cells too
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")  # digits and Latin words break as words ("2025" never split)
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)  # Chinese line breaking (no 。 or ） at a line's start)
    _page_numbers(document, section)
    return document


def _page_numbers(document: object, section: object) -> None:
    """Page numbers as GB/T 9704 writes them: "— 1 —" in 宋体 四号 below the text block, on the
    outside edge one character in — odd pages on the right, even pages on the left."""
    document.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    section.footer_distance = Mm(24)  # type: ignore[attr-defined]  # the number's line 7 mm below the text block
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):  # type: ignore[attr-defined]
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _font(paragraph.add_run("— "), PAGE_FONT, SIZE_4)
        run = paragraph.add_run()
        _font(run, PAGE_FONT, SIZE_4)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == "1":
                element = OxmlElement("w:t")
                element.text = text
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._element.append(element)
        _font(paragraph.add_run(" —"), PAGE_FONT, SIZE_4)


TITLE_LINE = 20  # characters of 二号 on one line of the 156 mm text block


def add_title(document: object, text: str, first_line: str | None = None) -> None:
    """The title in 小标宋 二号, centred, one line's space before the text (no empty paragraph). A
    title longer than a line breaks after ``first_line`` (the body's name) when that is a line's
    length, so no line ends mid-word ("…政府信息公开 / 工作年度报告")."""
    _paragraph(document, "", TITLE_FONT, SIZE_2, center=True, indent=False)
    paragraph = document.paragraphs[-1]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(28)
    paragraph.paragraph_format.line_spacing = Pt(36)
    lines = [text]
    if first_line and text.startswith(first_line) and _width(text) > TITLE_LINE and _width(first_line) <= TITLE_LINE:
        lines = [first_line, text[len(first_line):]]
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, TITLE_FONT, SIZE_2)
        if index < len(lines) - 1:
            run.add_break()


def _width(text: str) -> float:
    """A line's width in characters of 二号: digits and Latin letters count half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def add_text(document: object, text: str, highlights: list[str] | None = None) -> None:
    """Paragraphs of a drafted section; headings by their ordinals (一、 / （一））; the
    ``highlights`` (suggested measures) marked in yellow."""
    highlights = highlights or []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if _LEVEL1.match(line) and len(line) <= 40:
            _paragraph(document, line, HEADING1_FONT, SIZE_3)
        elif _LEVEL2.match(line):
            heading, _, rest = line.partition("。")
            paragraph_text = heading + ("。" if rest or line.endswith("。") else "")
            paragraph = document.add_paragraph()  # type: ignore[attr-defined]
            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule, fmt.line_spacing, fmt.first_line_indent = WD_LINE_SPACING.EXACTLY, Pt(28), Pt(32)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _font(paragraph.add_run(paragraph_text), HEADING2_FONT, SIZE_3)
            if rest:
                _runs(paragraph, rest, BODY_FONT, SIZE_3, highlights)
        else:
            _paragraph(document, line, BODY_FONT, SIZE_3, highlights=highlights)


def add_signature(document: object, body: str, date: str) -> None:
    """The issuing body and the date under the text (GB/T 9704: no seal, the date 右空四字, the body above it), after
    a line's space above it (no empty paragraph); a date not yet known stays a highlighted 【待补】."""
    for line in (body, date):
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing, fmt.right_indent = WD_LINE_SPACING.EXACTLY, Pt(28), Pt(64)  # four characters of 三号
        fmt.space_before = Pt(28) if line == body else Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _runs(paragraph, line, BODY_FONT, SIZE_3, [])


TABLE_HEADINGS = {"table2": "二、主动公开政府信息情况", "table3": "三、收到和处理政府信息公开申请情况", "table4": "四、政府信息公开行政复议、行政诉讼情况"}


def add_tables(document: object, report: Report) -> None:
    for table in report.tables():
        add_table(document, table, report.layout)


# A table of up to this many rows fits on a page set solid in 五号 and is kept whole: all three
# standard tables (table 三 has 28 rows in the 2021 layout) start on a new page rather than leave their
# header and a row or two at a page's foot.
WHOLE_ROWS = 30
GROUP_ROWS = 12  # a label spanning up to this many rows is kept on one page with its rows (表三's （三）不予公开 …)
TABLE_LINE = Pt(14)  # 五号 set solid, as Word sets 仿宋_GB2312 single-spaced, whatever face draws it


def kept_with_next(rows: Layout, header_rows: int) -> list[bool]:
    """For each row of a table, whether it stays on the page of the next: a table short enough is
    kept whole; a longer one keeps its header rows with its first row and each label spanning rows
    with the rows it labels, and breaks only between such groups."""
    if len(rows) <= WHOLE_ROWS:
        return [number < len(rows) - 1 for number in range(len(rows))]
    keep = [number < header_rows for number in range(len(rows))]
    covered: set[tuple[int, int]] = set()
    for number, row in enumerate(rows):
        column = 0
        for span in row:
            while (number, column) in covered:
                column += 1
            covered |= {(number + down, column + across) for down in range(span.rows) for across in range(span.cols)}
            if 1 < span.rows <= GROUP_ROWS:
                for inside in range(number, number + span.rows - 1):
                    keep[inside] = True
            column += span.cols
    return keep


def column_widths(table: Table) -> list[float]:
    """The columns in mm, within the text block: table 三's seven number columns as wide as its
    longest number needs (11 mm holds four digits of 五号), its label column the rest."""
    widths = list(COLUMN_WIDTHS_MM[table.name])
    if table.name == "table3":
        digits = max((len(f"{value:g}") for _, cell in table.cells() if (value := cell.value) is not None), default=1)
        number = min(max(widths[3], math.ceil(digits * 1.9 + 2 * CELL_MARGIN.mm + 1)), NUMBER_MAX_MM)
        widths[3:] = [number] * 7
        widths[2] = TEXT_WIDTH_MM - sum(widths) + widths[2]
    return widths


def _cell_margins(word_table: object) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(CELL_MARGIN.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = word_table._tbl.tblPr  # type: ignore[attr-defined]
    later = next((child for child in properties if child.tag in (qn("w:tblLook"), qn("w:tblCaption"), qn("w:tblDescription"))), None)
    if later is not None:
        later.addprevious(margins)  # the schema's order: tblCellMar before tblLook
    else:
        properties.append(margins)


def add_table(document: object, table: Table, layout: str) -> None:
    """A table under its section heading: real merged cells, rows never split, the header rows (the
    rows that head every column, and only those) repeated on every page, kept on one page where it
    fits (else its groups are), 五号 set solid."""
    _paragraph(document, TABLE_HEADINGS[table.name], HEADING1_FONT, SIZE_3)
    rows = table_layout(table, layout)
    add_docx_table(document, rows)
    keep = kept_with_next(rows, HEADER_ROWS[table.name])
    word_table = document.tables[-1]  # type: ignore[attr-defined]
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    word_table.autofit = False
    widths = column_widths(table)
    _cell_margins(word_table)
    for index, column in enumerate(word_table._tbl.tblGrid.gridCol_lst):  # LibreOffice reads the grid
        column.w = Mm(widths[min(index, len(widths) - 1)])
    for number, row in enumerate(word_table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        if number < HEADER_ROWS[table.name]:
            properties.append(OxmlElement("w:tblHeader"))
        column = 0
        for tc in row._tr.tc_lst:  # each cell as wide as the columns it spans (row.cells walks the whole grid per row)
            tc.width = Mm(sum(widths[min(i, len(widths) - 1)] for i in range(column, column + tc.grid_span)))
            tc.get_or_add_tcPr().vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # a number level with its label of two lines
            column += tc.grid_span
        for element in row._tr.iter(qn("w:p")):  # this row's own cells (a merged cell's first row holds its text)
            paragraph = Paragraph(element, row)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, TABLE_LINE
            if keep[number]:
                fmt.keep_with_next = True
            for run in paragraph.runs:
                _font(run, BODY_FONT, SIZE_TABLE)


def export_docx(title: str | None, sections: list[str], tables: Report | None = None, highlights: list[str] | None = None,
                author: str | None = None) -> bytes:
    """A .docx of drafted text (and tables) in the official style; the tool's own content (its
    marks in the text, and any ``highlights``) highlighted, with the legend at the end."""
    document = new_document()
    if title:
        add_title(document, title, author)
    for text in sections:
        add_text(document, text, highlights)
    if tables is not None:
        add_tables(document, tables)
    return save(document, author, marked=any(MARKS.search(text) for text in sections))


def legend(texts: list[str]) -> str:
    """The legend for a text: what yellow means and the marks it holds (all of them when it holds none by name)."""
    text = "\n".join(texts)
    held = [words for mark, words in LEGEND_MARKS.items() if mark in text] or list(LEGEND_MARKS.values())
    return LEGEND[0] + "，".join(held) + LEGEND[1]


def save(document: object, author: str | None = None, marked: bool = False) -> bytes:
    """The file: the legend when the tool's content is marked in it, the body as its author; the
    same input gives the same bytes, whenever and wherever it is made (the command line's and the
    page's .docx are byte for byte equal) — the zip entries' times, which python-docx sets to now,
    are fixed."""
    import zipfile

    if marked:
        _paragraph(document, legend([p.text for p in document.paragraphs]), BODY_FONT, SIZE_3, marks=False)  # type: ignore[attr-defined]
        document.paragraphs[-1].paragraph_format.space_before = Pt(28)  # type: ignore[attr-defined]  # a line apart: no part of 六
    properties = document.core_properties  # type: ignore[attr-defined]
    properties.author = properties.last_modified_by = author or ""
    properties.comments = ""
    buffer = BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    fixed = BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(entry), zipfile.ZIP_DEFLATED)
    return fixed.getvalue()
