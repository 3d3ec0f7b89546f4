"""Each sample rendered to markdown, HTML (real rowspan/colspan) and DOCX (merged Word cells)
parses back to the same cells."""

from __future__ import annotations

import pytest

from index.model import Cell, Paragraph, Report, Section, Table
from index.parser import parse_document
from index.readers import read_bytes
from index.render import report_docx, report_html, report_markdown
from index.vocabulary import vocabulary
from tests.conftest import SAMPLE_NAMES, parsed

def pipe_rows(markdown: str, outer: bool) -> str:
    """Markdown tables as people paste them: no separator line, with or without the outer
    pipes ("a | b | c")."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            if set(line) <= set("|-: "):
                continue  # the separator line
            if not outer:
                line = line.strip().removeprefix("| ").removesuffix(" |")
        lines.append(line)
    return "\n".join(lines) + "\n"


RENDERERS = {
    "report.md": lambda report: report_markdown(report).encode("utf-8"),
    "pipes.txt": lambda report: pipe_rows(report_markdown(report), outer=False).encode("utf-8"),
    "pipes-outer.txt": lambda report: pipe_rows(report_markdown(report), outer=True).encode("utf-8"),
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


def _table(name: str, rows: dict[str, dict[str, float | int | None]]) -> Table:
    return Table(name=name, rows={r: {c: Cell(value=v) for c, v in cols.items()} for r, cols in rows.items()})


def test_2019_trial_layout_parses() -> None:
    """The 2019 layout's table 2 has other columns and rows; blank cells stay None."""
    table2 = {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 5, "new_published": 5, "total_published": 40},
        "licensing": {"previous_items": 120, "change": -3, "decisions": 500},
        "other_services": {"previous_items": 12, "change": None, "decisions": 30},
        "penalty": {"previous_items": 40, "change": 2, "decisions": 300},
        "enforcement": {"previous_items": 5, "change": 0, "decisions": 12},
        "fees": {"previous_items": 8, "change": -1},
        "procurement": {"items": 15, "amount": 1234.5},
    }
    columns = vocabulary().table3_column_ids()
    zero = dict.fromkeys(columns, 0)
    rows3 = {r: dict(zero) for r in vocabulary().table3_row_ids() if not r.startswith("other.")}
    rows3["new_requests"] = rows3["granted"] = rows3["total"] = {**zero, "natural_person": 3, "total": 3}
    table4 = {g: {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1} for g in vocabulary().table4_ids()[0]}
    report = Report(
        agency="某县人民政府", year=2019, layout="2019", title="某县人民政府2019年政府信息公开工作年度报告",
        sections=[Section(id=i, heading=s["heading"], paragraphs=[Paragraph(text="正文。")]) for i, s in enumerate(vocabulary().sections, 1)],
        table2=_table("table2", table2), table3=_table("table3", rows3), table4=_table("table4", table4),
    )
    for filename, render in RENDERERS.items():
        again = parse_document(read_bytes(render(report), filename))
        assert again.layout == "2019", filename
        assert again.table2.values() == table2, filename
        assert again.table3.values() == report.table3.values(), filename
        assert again.table4.values() == table4, filename
