"""Word tables repeat their header rows on every page and never split a row across pages."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.docx_export import export_docx
from tests.conftest import parsed


def _kept(tr: object) -> bool:
    """Every paragraph of the row's own cells keeps with the next (w:keepNext, not switched off)."""
    flags = [p.find(qn("w:pPr") + "/" + qn("w:keepNext")) for p in tr.iter(qn("w:p"))]  # type: ignore[attr-defined]
    return all(f is not None and f.get(qn("w:val")) not in ("0", "false") for f in flags)


def _row_text(tr: object) -> str:
    return "|".join("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst)  # type: ignore[attr-defined]


def test_header_rows_repeat_and_rows_stay_whole() -> None:
    """Only the rows that head every column repeat on a new page (tables 三 and 四: three rows; table
    二 none — its 第二十条 rows head their own block only, and repeated over the next block they
    mislabel it); no row splits; each standard table fits a page and is kept whole on one."""
    document = docx.Document(io.BytesIO(export_docx("利通区2024年政府信息公开工作年度报告", [], parsed("litong-district-2024"))))
    headers = []
    for table in document.tables:
        flags = [row._tr.trPr for row in table.rows]
        assert all(p is not None and p.find(qn("w:cantSplit")) is not None for p in flags)
        headers.append(sum(1 for p in flags if p.find(qn("w:tblHeader")) is not None))
        first_data = next(i for i, p in enumerate(flags) if p.find(qn("w:tblHeader")) is None)
        assert all(p.find(qn("w:tblHeader")) is None for p in flags[first_data:])  # only leading rows repeat
        children = [child.tag for child in flags[0]]
        if qn("w:tblHeader") in children:
            assert children.index(qn("w:cantSplit")) < children.index(qn("w:tblHeader"))  # the schema's order
    assert headers == [0, 3, 3]
    two, three, four = ([_kept(tr) for tr in table._tbl.tr_lst] for table in document.tables)
    assert two == [True] * 13 + [False] and three == [True] * 27 + [False] and four == [True] * 3 + [False]  # each kept on one page


def test_a_table_taller_than_a_page_breaks_only_between_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table longer than fits a page (here table 三, with the limit lowered) keeps its header with its
    first row and each label spanning rows with its rows, and nothing else: it breaks between groups."""
    import assistant.docx_export as export

    monkeypatch.setattr(export, "WHOLE_ROWS", 20)
    document = docx.Document(io.BytesIO(export_docx("利通区2024年政府信息公开工作年度报告", [], parsed("litong-district-2024"))))
    three = [_kept(tr) for tr in document.tables[1]._tbl.tr_lst]
    rows = [_row_text(tr) for tr in document.tables[1]._tbl.tr_lst]
    at = {label: next(i for i, text in enumerate(rows) if label in text) for label in ("一、本年新收", "（三）不予公开", "8.属于行政查询事项",
                                                                                       "（四）无法提供", "（五）不予处理", "（六）其他处理", "（七）总计")}
    assert three[:3] == [True] * 3  # the header stays with the first row: never alone at a page's foot
    assert all(three[at["（三）不予公开"]:at["8.属于行政查询事项"]]) and not three[at["8.属于行政查询事项"]]  # a group and its label together
    assert all(three[at["（四）无法提供"]:at["（五）不予处理"] - 1]) and not three[at["（五）不予处理"] - 1]
    assert all(three[at["（六）其他处理"]:at["（七）总计"] - 1]) and not three[-1]
    assert sum(three) == 3 + 7 + 2 + 4 + 2  # nothing else: the table may break between groups


def test_cells_are_set_solid_within_the_margins() -> None:
    document = docx.Document(io.BytesIO(export_docx("利通区2024年政府信息公开工作年度报告", [], parsed("litong-district-2024"))))
    for table in document.tables:  # 五号 set solid in every cell, no space around a cell's paragraphs
        for element in table._tbl.iter(qn("w:p")):
            paragraph = docx.text.paragraph.Paragraph(element, None)
            assert paragraph.paragraph_format.line_spacing == docx.shared.Pt(14) and paragraph.paragraph_format.space_after == 0
            assert all(run.font.size == docx.shared.Pt(10.5) for run in paragraph.runs)
    width = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
    for table in document.tables:  # within the margins
        assert sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.gridCol_lst) * 635 <= width + 635 * 20


def test_each_export_starts_from_a_clean_copy_of_the_styled_template() -> None:
    """Documents are copies of one template made once: what one export writes never shows in
    the next, and exports made at once by many sessions equal those made one by one."""
    from concurrent.futures import ThreadPoolExecutor

    def body(data: bytes) -> list[str]:
        return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]

    first = body(export_docx("甲机关年度报告", ["五、存在的主要问题及改进情况\n甲的问题。"]))
    second = body(export_docx("乙机关年度报告", ["六、其他需要报告的事项\n乙的事项。"]))
    assert "甲的问题。" in first and not any("甲" in text for text in second)
    document = docx.Document(io.BytesIO(export_docx(None, ["一、总体情况\n正文。"])))
    assert round(document.sections[0].page_width.mm) == 210 and document.styles["Normal"].font.size == docx.shared.Pt(16)
    jobs = [(f"第{i}个机关", [f"一、总体情况\n第{i}段正文。"]) for i in range(8)]
    with ThreadPoolExecutor(4) as pool:
        together = [body(data) for data in pool.map(lambda job: export_docx(*job), jobs)]
    assert together == [body(export_docx(*job)) for job in jobs]


@given(st.lists(st.lists(st.tuples(st.integers(1, 16), st.integers(1, 3)), min_size=1, max_size=4), min_size=1, max_size=40),
       st.integers(0, 3))
@settings(max_examples=200, deadline=None)
def test_rows_kept_with_the_next_for_any_table(shape: list[list[tuple[int, int]]], header_rows: int) -> None:
    """For any table: the last row never holds to a next; a table that fits a page is kept whole; a
    longer one holds its header rows to its first row and every label spanning up to GROUP_ROWS rows
    to the rows it labels — and nothing else."""
    from assistant.docx_export import GROUP_ROWS, WHOLE_ROWS, kept_with_next
    from index.render import Span

    rows = [[Span("x", rows=min(down, len(shape) - number), cols=across) for down, across in row] for number, row in enumerate(shape)]
    keep = kept_with_next(rows, header_rows)
    assert len(keep) == len(rows) and not keep[-1]
    if len(rows) <= WHOLE_ROWS:
        assert all(keep[:-1])
        return
    spanned = {inside for number, row in enumerate(rows) for span in row if 1 < span.rows <= GROUP_ROWS
               for inside in range(number, number + span.rows - 1)}
    assert {n for n, k in enumerate(keep) if k} == set(range(min(header_rows, len(rows)))) | spanned


@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=20))
def test_table_three_columns_fill_the_text_block_and_hold_their_numbers(values: list[int]) -> None:
    """Table 三's columns add up to the 156 mm text block whatever its numbers; each number column
    holds the longest number up to five digits (1.9 mm a digit of 五号, plus the cell's margins), the
    label column keeps 30 mm."""
    from assistant.docx_export import TEXT_WIDTH_MM, column_widths
    from index.model import Cell, Table

    table = Table(name="table3", rows={f"row{i}": {"total": Cell(value=v)} for i, v in enumerate(values)})
    widths = column_widths(table)
    assert sum(widths) == TEXT_WIDTH_MM and len(widths) == 10
    digits = min(len(str(max(values))), 5)
    assert len(set(widths[3:])) == 1 and widths[3] >= digits * 1.9 + 2 and widths[2] >= 30
