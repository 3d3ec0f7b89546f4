"""Readers: encodings never mis-decoded silently, HTML and DOCX merges expanded, bad files
refused with one clear sentence."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from index.errors import NotAReport, ScannedPdf, TooLarge, UnreadableFile, UnsupportedFormat
from index.parser import parse_document
from index.readers import read_bytes, read_document, read_pasted
from tests.conftest import sample_path

LITONG = sample_path("litong-district-2024").read_text(encoding="utf-8")


def blank_pdf() -> bytes:
    """A valid one-page PDF with no text layer, like a scanned report."""
    return pdf_bytes([
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ])


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of these numbered objects (1 0 obj …), with its cross-reference table."""
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (LITONG.encode("utf-8"), False),
        (b"\xef\xbb\xbf" + LITONG.encode("utf-8"), False),
        (LITONG.encode("utf-16"), False),
        (LITONG.encode("gb18030"), True),
        (LITONG.replace("“", "").replace("”", "").encode("gbk"), True),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "gb18030", "gbk"],
)
def test_encodings_decode_to_the_same_report(data: bytes, note: bool) -> None:
    document = read_bytes(data, "litong.txt")
    report = parse_document(document)
    assert report.agency == "利通区"
    assert report.table3.value("withheld.third_party_rights", "total") == 6
    assert any("GB18030" in n for n in report.notes) is note


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("empty.txt", b"  \n", UnreadableFile, "空文件"),
        ("binary.txt", bytes(range(256)) * 4, UnreadableFile, "二进制"),
        ("random.txt", bytes([0x81, 0x30, 0xFF, 0xFE, 0x85]) * 50, UnreadableFile, "编码"),
        ("scan.png", b"\x89PNG\r\n", UnsupportedFormat, "OCR"),
        ("scan.pdf", blank_pdf(), ScannedPdf, "OCR"),
        ("broken.pdf", b"%PDF-1.4\nnot really", UnreadableFile, "PDF"),
    ],
)
def test_bad_files_are_refused_with_one_sentence(name: str, data: bytes, error: type, words: str) -> None:
    with pytest.raises(error) as raised:
        read_bytes(data, name)
    message = str(raised.value)
    assert words in message and name in message and "\n" not in message


def test_zip_renamed_to_docx() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UnreadableFile, match="DOCX"):
        read_bytes(buffer.getvalue(), "report.docx")


def test_missing_file() -> None:
    with pytest.raises(UnreadableFile, match="找不到文件"):
        read_document("/nonexistent/report.txt")


def test_text_that_is_not_a_report() -> None:
    document = read_bytes("今天天气很好。\n我们去公园散步。\n".encode(), "diary.txt")
    with pytest.raises(NotAReport, match="不是政府信息公开工作年度报告"):
        parse_document(document)


def test_html_rowspan_colspan_expand_into_a_grid() -> None:
    document = read_pasted(
        "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    (table,) = [b for b in document.blocks if b.kind == "table"]
    assert [row.cells for row in table.rows] == [["A", "B", "B"], ["A", "1", "2"]]


def test_deeply_nested_html_does_not_overflow() -> None:
    html = "<div>" * 900 + "<p>一、总体情况</p>" + "</div>" * 900
    document = read_pasted("<html><body>" + html + "</body></html>")
    assert [b.text for b in document.blocks] == ["一、总体情况"]


def test_html_nested_past_the_limit_is_one_sentence_not_read_in_part() -> None:
    """libxml2 drops what lies below 2,048 levels: such a page is refused, never read in part."""
    html = "<div>" * 5000 + "<p>一、总体情况</p>" + "</div>" * 5000
    with pytest.raises(TooLarge, match="嵌套超过 1000 层"):
        read_pasted("<html><body>" + html + "</body></html>")


def test_markdown_pipe_tables_and_headings() -> None:
    document = read_pasted("# 标题\n\n| a | 1 | 2 |\n|---|---|---|\n| b | 3 | 4 |\n正文。\n")
    assert [b.kind for b in document.blocks] == ["heading", "table", "paragraph"]
    assert document.blocks[1].rows[1].cells == ["b", "3", "4"]


def test_pdf_blocks_carry_pages_and_drop_page_numbers() -> None:
    document = read_document(sample_path("hongze-district-2023"))
    assert not any(b.text.strip() in {"- 1 -", "- 3 -"} for b in document.blocks)
    tables = [b for b in document.blocks if b.kind == "table"]
    assert [t.location.page for t in tables] == [2, 3, 3, 4, 4]  # prose boxes are not tables
    assert document.blocks[0].location.page == 1
