"""Word tables repeat their header rows on every page and never split a row across pages."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from assistant.docx_export import export_docx
from tests.conftest import parsed


def test_header_rows_repeat_and_rows_stay_whole() -> None:
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
    # table 2: its first block's label and column header repeat (a reviewer asked for it); tables 3 and 4: three label rows
    assert headers == [2, 3, 3]


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
