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
    # table 2 is four small tables under their own labels (nothing to repeat); tables 3 and 4: three label rows
    assert headers == [0, 3, 3]
