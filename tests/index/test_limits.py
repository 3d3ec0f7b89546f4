"""Limits checked before reading (issue 16, attacks 4 and 10): each oversized or malicious file
is refused with one sentence (what is wrong, what to do), quickly and without the memory it asks for."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest

from index import limits
from index.errors import InputError, TooLarge, UnreadableFile
from index.readers import read_bytes, read_document, read_pasted


def one_sentence(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message and message.count("。") <= 2
    return message


def docx_bytes(paragraphs: int = 3) -> bytes:
    document = docx.Document()
    document.add_heading("一、总体情况", 1)
    for i in range(paragraphs):
        document.add_paragraph(f"第{i}段")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_member(data: bytes, member: str, content: bytes) -> bytes:
    """The .docx with one member replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info.filename))
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A valid PDF whose page tree lists the same page ``pages`` times (a few bytes a page)."""
    kids = b" ".join([b"3 0 R"] * pages)
    from tests.index.test_readers import pdf_bytes

    return pdf_bytes([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[" + kids + b"]/Count %d>>" % pages,
                      b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"])


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_a_3_gb_file_is_refused_from_its_size_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "report.pdf"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk used
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before its size was checked"))
    with pytest.raises(TooLarge, match="太大（3072 MB，上限 100 MB）") as error:
        read_document(huge)
    one_sentence(error.value)


def test_a_10000_page_pdf_is_refused_from_its_page_tree() -> None:
    data = many_pages_pdf(10_000)
    start = time.process_time()
    with pytest.raises(TooLarge, match="有 10000 页") as error:
        read_bytes(data, "pages.pdf")
    assert time.process_time() - start < 3
    one_sentence(error.value)


def test_a_docx_zip_bomb_is_refused_from_its_declared_sizes() -> None:
    bomb = with_member(docx_bytes(), "word/document.xml", b"<w:document/>" + b" " * (60 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(TooLarge, match="压缩炸弹") as error:
        read_bytes(bomb, "bomb.docx")
    one_sentence(error.value)


def test_a_docx_of_80000_paragraphs_is_refused_before_python_docx_reads_it() -> None:
    body = b"<w:p/>" * 80_000
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    data = with_member(docx_bytes(), "word/document.xml", xml)
    start = time.process_time()
    with pytest.raises(TooLarge, match="80000 个段落") as error:
        read_bytes(data, "paragraphs.docx")
    assert time.process_time() - start < 3
    one_sentence(error.value)


def test_a_docx_cell_spanning_a_million_columns_is_refused() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<w:document {w}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
           "</w:body></w:document>").encode()
    with pytest.raises(TooLarge, match="最宽跨 1000000 列"):
        read_bytes(with_member(docx_bytes(), "word/document.xml", xml), "span.docx")


@pytest.mark.parametrize(("xml", "said"), [
    (BILLION_LAUGHS, "XML 炸弹"),
    (b"<w:document><w:body><w:p>", "已损坏"),
])
def test_billion_laughs_and_malformed_document_xml_are_one_sentence(xml: bytes, said: str) -> None:
    with pytest.raises(UnreadableFile, match=said) as error:
        read_bytes(with_member(docx_bytes(), "word/document.xml", xml), "evil.docx")
    one_sentence(error.value)


def test_a_well_formed_docx_is_still_read_and_fast_at_the_paragraph_limit() -> None:
    data = docx_bytes(limits.MAX_DOCX_PARAGRAPHS - 10)
    start = time.process_time()
    document = read_bytes(data, "long.docx")
    assert time.process_time() - start < 15  # python-docx's per-paragraph style scan took minutes
    assert document.blocks[0].kind == "heading" and document.blocks[-1].text == f"第{limits.MAX_DOCX_PARAGRAPHS - 11}段"


def test_html_spans_are_clamped_to_the_tables_real_extent() -> None:
    page = "<table><tr><td rowspan=200 colspan=3>甲</td><td>1</td></tr><tr><td>2</td></tr></table>"
    table = read_bytes(page.encode(), "spans.html").blocks[0]
    assert [row.cells for row in table.rows] == [["甲", "甲", "甲", "1"], ["甲", "甲", "甲", "2"]]
    row = "<tr>" + "<td rowspan=200 colspan=200>1</td>" * 40 + "</tr>"
    bomb = ("<html><body><table>" + row * 30 + "</table></body></html>").encode()  # 41 KB; took 5.2 GB
    start = time.process_time()
    with pytest.raises(TooLarge, match="超过 200000 个单元格") as error:
        read_bytes(bomb, "spans.html")
    assert time.process_time() - start < 5
    one_sentence(error.value)


def test_a_60_mb_paste_is_refused_at_once() -> None:
    start = time.process_time()
    with pytest.raises(TooLarge, match="粘贴的文本太长") as error:
        read_pasted("一、总体情况\t1\t2\n" * 6_000_000)
    assert time.process_time() - start < 1
    one_sentence(error.value)


def test_a_40_kb_question_is_refused_at_once() -> None:
    from assistant.ask.answerer import Answerer
    from assistant.knowledge import KnowledgeBase
    from assistant.settings import load_settings

    kb = KnowledgeBase.open(load_settings())
    start = time.process_time()
    with pytest.raises(TooLarge, match="问题太长") as error:
        Answerer(kb).ask("利通区2024年不予公开多少件" * 3000)
    assert time.process_time() - start < 1
    assert isinstance(error.value, InputError)
    one_sentence(error.value)
