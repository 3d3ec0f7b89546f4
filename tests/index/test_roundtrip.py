"""Each sample rendered to markdown, HTML (real rowspan/colspan) and DOCX (merged Word cells)
parses back to the same cells."""

from __future__ import annotations

import pytest

from index.readers import read_bytes
from index.parser import parse_document
from index.render import report_docx, report_html, report_markdown
from tests.conftest import SAMPLE_NAMES, parsed

RENDERERS = {
    "report.md": lambda report: report_markdown(report).encode("utf-8"),
    "report.html": lambda report: report_html(report).encode("utf-8"),
    "report.docx": report_docx,
}


@pytest.mark.parametrize("filename", list(RENDERERS))
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_round_trip(name: str, filename: str) -> None:
    original = parsed(name)
    again = parse_document(read_bytes(RENDERERS[filename](original), filename))
    assert (again.agency, again.year) == (original.agency, original.year)
    for table in ("table2", "table3", "table4"):
        assert getattr(again, table).values() == getattr(original, table).values(), table
    assert [s.id for s in again.sections if s.id] == [s.id for s in original.sections if s.id]
    assert again.section(5).text == original.section(5).text
