"""Formats publishers use: pipe rows as people type them, and saved CMS pages holding
Word-generated HTML (GB2312, mso styles, &nbsp;, spans inside numbers, colspan value cells,
the report inside the site's layout table)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.parser import parse_document
from index.readers import read_bytes, read_document, read_pasted
from index.readers.text import split_pipe_row
from tests.conftest import parsed

CMS = Path(__file__).parent.parent / "data" / "cms" / "hongze-district-2024-word.htm"


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("一、本年新收政府信息公开申请数量 | 95 | 0 | 0 | 0 | 0 | 0 | 95", ["一、本年新收政府信息公开申请数量", "95", "0", "0", "0", "0", "0", "95"]),
        ("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        ("行政许可｜9487", ["行政许可", "9487"]),  # full-width bar, two cells with a number
        ("规章 |  | 0 | 3", ["规章", "", "0", "3"]),  # a blank cell keeps its place
        ("网址 | 电话", None),  # two words and a bar: prose
        ("没有竖线的一句话。", None),
        ("---|---|---", None),
    ],
)
def test_pipe_rows(line: str, cells: list[str] | None) -> None:
    assert split_pipe_row(line) == cells


def test_pipe_rows_are_linear() -> None:
    line = "a |" * 200_000
    start = time.perf_counter()
    assert len(split_pipe_row(line)) == 200_001
    assert time.perf_counter() - start < 1.0


def test_pasted_pipe_table_without_separator() -> None:
    document = read_pasted("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 0 | 8\n正文。\n")
    assert [b.kind for b in document.blocks] == ["table", "paragraph"]
    assert document.blocks[0].rows[2].cells == ["行政规范性文件", "3", "0", "8"]


def test_word_html_cms_page_parses_to_the_same_cells() -> None:
    data = CMS.read_bytes()
    # the fixture keeps what makes such pages hard (regenerate with tests/data/cms/make_word_html.py)
    for marker in (b"charset=gb2312", b"mso-", b"&nbsp;", b"<o:p>", b"supportMisalignedColumns", b"colspan=2", b"class=\"layout\""):
        assert marker in data, marker
    assert b"&nbsp;<span lang=EN-US>9</span><span lang=EN-US style='mso-bidi-font-size:10.5pt'>487</span>&nbsp;" in data
    report = parse_document(read_document(CMS))
    original = parsed("hongze-district-2024")
    assert (report.agency, report.year) == (original.agency, original.year)
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table
    assert [s.id for s in report.sections if s.id] == [1, 2, 3, 4, 5, 6]
    assert report.section(5).text == original.section(5).text
    assert not any("GB18030" in note for note in report.notes)  # declared, not guessed
    assert report.notes == [], report.notes


def test_declared_gb2312_is_trusted() -> None:
    """Quotes, dashes and circled numbers are not CJK: without the declaration this page
    would look like binary; with it, it decodes."""
    body = "<p>一、总体情况</p><p>" + "“三安全一稳定”——①②③…" * 20 + "</p>"
    page = f'<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head><body>{body}</body></html>'
    document = read_bytes(page.encode("gbk"), "page.htm")
    assert document.blocks[1].text.startswith("“三安全一稳定”——①②③…")
    assert document.notes == []


def test_colspan_value_cell_is_one_number() -> None:
    document = read_pasted(
        "<table><tr><td>信息内容</td><td colspan=2>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td colspan=2>&nbsp;9<span>4</span>87&nbsp;</td></tr></table>"
    )
    (table,) = [b for b in document.blocks if b.kind == "table"]
    assert [row.cells for row in table.rows] == [["信息内容", "本年处理决定数量", "本年处理决定数量"], ["行政许可", "9487", None]]


def test_tables_nested_in_a_layout_table() -> None:
    document = read_pasted(
        "<table class=layout><tr><td>导航</td></tr><tr><td><p>一、总体情况</p>"
        "<table><tr><td>规章</td><td>0</td></tr></table><p>正文。</p></td></tr></table>"
    )
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("paragraph", "导航"), ("paragraph", "一、总体情况"), ("table", "规章\t0"), ("paragraph", "正文。"),
    ]
