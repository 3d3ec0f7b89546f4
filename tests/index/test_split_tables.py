"""Tables a converter split into one small table per row — the row's label as a line above it, its
numbers under generic column names ("数据1…数据6") — are joined back by their row labels."""

from __future__ import annotations

import html

import pytest

from index.parser import parse_document
from index.readers import read_bytes
from index.render import table_layout, to_grid
from index.vocabulary import is_number, is_placeholder
from tests.conftest import SAMPLE_NAMES, parsed


def _cell(text: str) -> str:
    return f"<td>{html.escape(text)}</td>"


def split_html(name: str, label_inside: bool = False, tag: str = "p") -> str:
    """The report as a converter leaves it: table 三's header rows as one table, then each of its
    rows as its own table of numbers under "数据1…数据N", the row's label a paragraph above it (or,
    ``label_inside``, the small table's first cell); tables 二 and 四 whole."""
    report = parsed(name)
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>", f"<h1>{html.escape(report.title or '')}</h1>"]
    for section in report.sections:
        if section.id:
            parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        parts += [f"<p>{html.escape(p.text)}</p>" for p in section.paragraphs]
        table = getattr(report, {2: "table2", 3: "table3", 4: "table4"}.get(section.id, ""), None)
        if table is None:
            continue
        grid = to_grid(table_layout(table, report.layout))
        if table.name != "table3":
            parts.append("<table>" + "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in grid) + "</table>")
            continue
        numbered = [i for i, row in enumerate(grid) if any(is_number(c) or is_placeholder(c) for c in row)]
        first = numbered[0]
        start = min(next(j for j, c in enumerate(grid[i]) if is_number(c) or is_placeholder(c)) for i in numbered)
        parts.append("<table>" + "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in grid[:first]) + "</table>")
        for row in grid[first:]:
            label = " ".join(c for c in row[:start] if c)
            values = row[start:]
            head = "".join(_cell(f"数据{i}") for i in range(1, len(values) + 1))
            if label_inside:
                parts.append(f"<table><tr><td>项目</td>{head}</tr><tr>{_cell(label)}{''.join(_cell(v) for v in values)}</tr></table>")
            else:
                parts.append(f"<{tag}>{html.escape(label)}</{tag}><table><tr>{head}</tr><tr>{''.join(_cell(v) for v in values)}</tr></table>")
    return "\n".join(parts + ["</body></html>"])


@pytest.mark.parametrize(("label_inside", "tag"), [(False, "p"), (False, "h4"), (True, "p")])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_split_tables_are_joined_by_row_labels(name: str, label_inside: bool, tag: str) -> None:
    original = parsed(name)
    report = parse_document(read_bytes(split_html(name, label_inside, tag).encode("utf-8"), "split.html"))
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table


def test_the_labels_do_not_stay_in_the_text() -> None:
    report = parse_document(read_bytes(split_html("litong-district-2024", tag="h4").encode("utf-8"), "split.html"))
    assert "4.保护第三方合法权益" not in "".join(s.text for s in report.sections)
    assert [s.id for s in report.sections if s.id] == [s.id for s in parsed("litong-district-2024").sections if s.id]
