"""PDF files: the text layer as paragraphs with page numbers, tables from the PDF's own ruling.

pdfplumber finds tables from the lines the PDF draws. Two traps of real reports are handled
here: white background rectangles behind body text (Word exports them) would make every
paragraph a one-column "table", so invisible rectangles are dropped before looking for
tables; and cells keep their line breaks, which the parser's label matching ignores.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ..blocks import Block, Document, GridRow
from ..errors import ScannedPdf, TooLarge, UnreadableFile
from ..limits import MAX_PDF_PAGES
from ..model import Location
from ..vocabulary import is_page_number

_MIN_PAGE_CHARS = 20  # fewer characters than this on a page that is an image: a scan
_WHITE = {(1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), (0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0)}


def _visible(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") == "rect" and not obj.get("stroke"):
        colour = obj.get("non_stroking_color")
        if colour in (1, 1.0) or (isinstance(colour, (tuple, list)) and tuple(colour) in _WHITE):
            return False
    return True


@dataclass
class _Line:
    """A line of the text layer with the geometry the paragraph joiner needs."""

    text: str
    location: Location
    indented: bool
    short: bool


def read_pdf(data: bytes, source: str) -> Document:
    pages: dict[int, list[Block | _Line]] = {}
    scanned: list[int] = []  # pages that are only an image: read by OCR
    chars = 0
    try:
        _check_pages(data, source)
        with pdfplumber.open(BytesIO(data), pages=range(1, MAX_PDF_PAGES + 1)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                if len(page.chars) < _MIN_PAGE_CHARS and _image_page(page):
                    scanned.append(number)
                    page.close()
                    continue
                pages[number] = _page_blocks(page, number)
                page.close()  # its layout cache: pages are read one at a time
    except (PdfminerException, PSException, ValueError, TypeError, KeyError) as exc:
        raise UnreadableFile(
            f"{source} 不是有效的 PDF 文件（可能已损坏或不完整）；请重新下载或导出后再试。 ({source} is not a valid PDF: {exc})"
        ) from None
    notes: list[str] = []
    if scanned:
        notes = _read_scanned(data, source, scanned, pages, text_pages=chars >= 20)
    if chars < 20 and not any(pages.values()):
        raise ScannedPdf(
            f"{source} 是扫描版 PDF，没有文字层，无法读取其中的数字；请先进行文字识别（OCR）或提供文字版。"
            f" ({source} has no text layer: run OCR first or provide a text version.)"
        )
    items = [item for number in sorted(pages) for item in pages[number]]
    return Document(_join_paragraphs(items), source, notes)


def _image_page(page: Any) -> bool:
    """A page that is mostly one or more images (a scan), not a blank page."""
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, float(i["x1"] - i["x0"])) * max(0.0, float(i["bottom"] - i["top"])) for i in page.images)
    return covered >= 0.3 * area


def _read_scanned(data: bytes, source: str, scanned: list[int], pages: dict[int, list[Block | _Line]], text_pages: bool) -> list[str]:
    """OCR the image-only pages into ``pages``; the notes say which pages were read so."""
    from . import ocr

    span = _page_span(scanned)
    if not ocr.ocr_available():
        message = (
            f"{source} 是扫描版 PDF（第 {span} 页只有图片，没有文字层）；读取它需要文字识别组件，请安装：{ocr.INSTALL_HINT}，"
            f"或提供文字版。 ({source} is scanned: install the OCR extra ({ocr.INSTALL_HINT}) or provide a text version.)"
        )
        if not text_pages:
            raise ScannedPdf(message)
        return [message]
    if len(scanned) > ocr.MAX_OCR_PAGES:
        raise UnreadableFile(
            f"{source} 有 {len(scanned)} 页扫描图片，超过文字识别的上限（{ocr.MAX_OCR_PAGES} 页），不像一份年度报告；请只提供报告本身。"
            f" ({source} has too many scanned pages for one report.)"
        )
    for number, boxes in ocr.ocr_pdf_pages(data, scanned, source).items():
        pages[number] = _ocr_items(boxes, number)
    return [f"第 {span} 页没有文字层，已用文字识别（OCR）读取；请核对识别出的数字 ({'page' if len(scanned) == 1 else 'pages'} {span} read by OCR)"]


def _ocr_items(boxes: list[Any], number: int) -> list[Block | _Line]:
    from . import ocr

    found = ocr.page_items(boxes, number)
    prose = [row for block, row in found if block is None]
    if not prose:
        return [block for block, _ in found if block is not None]
    height = sorted(b.height for row in prose for b in row)[len([b for row in prose for b in row]) // 2]
    left = min(row[0].x0 for row in prose)
    right = max(row[-1].x1 for row in prose)
    items: list[Block | _Line] = []
    for index, (block, row) in enumerate(found, start=1):
        if block is not None:
            items.append(block)
            continue
        text = ocr.row_text(row, height)
        indented = row[0].x0 - left > height * 0.8
        short = right - row[-1].x1 > height * 1.5
        items.append(_Line(text, ocr.row_location(row, number, index), indented, short))
    return items


def _page_span(pages: list[int]) -> str:
    return str(pages[0]) if len(pages) == 1 else ("、".join(map(str, pages)) if pages != list(range(pages[0], pages[-1] + 1)) else f"{pages[0]}–{pages[-1]}")


def _check_pages(data: bytes, source: str) -> None:
    """The page count from the PDF's page tree, before any page is laid out (a 10,000-page PDF took 2.5 GB)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(BytesIO(data)))
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > MAX_PDF_PAGES:
        raise TooLarge(
            f"{source} 有 {count} 页，远超一份年度报告（上限 {MAX_PDF_PAGES} 页）；请只提供报告本身。"
            f" ({source} has {count} pages: the limit is {MAX_PDF_PAGES}.)"
        )


def _page_blocks(page: Any, number: int) -> list[Block | _Line]:
    page = page.filter(_visible)
    items: list[tuple[float, Block | _Line]] = []
    boxes = []
    for table in page.find_tables():
        rows = table.extract()
        if not any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows):
            continue  # a box drawn around prose, not a table
        boxes.append(table.bbox)
        grid = [
            GridRow([cell.replace("\n", "") if cell else cell for cell in row], Location(page=number))
            for row in rows
            if not any(cell and is_page_number(cell) for cell in row)
        ]
        text = "\n".join("\t".join(c or "" for c in row.cells) for row in grid)
        items.append((table.bbox[1], Block("table", text, Location(page=number), rows=grid)))

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = [ln for ln in page.filter(outside).extract_text_lines() if ln["text"].strip()]
    left = min((ln["x0"] for ln in lines), default=0.0)
    right = max((ln["x1"] for ln in lines), default=0.0)
    for index, line in enumerate(lines, start=1):
        text = line["text"].strip()
        if is_page_number(text):
            continue
        size = line["chars"][0]["size"] if line["chars"] else 10.0
        indented = line["x0"] - left > size * 0.8
        short = right - line["x1"] > size * 1.5
        items.append((line["top"], _Line(text, Location(page=number, line=index), indented, short)))
    items.sort(key=lambda item: item[0])
    return [item for _, item in items]


def _join_paragraphs(items: list[Block | _Line]) -> list[Block]:
    """Join the lines of the text layer back into paragraphs.

    A line starts a new paragraph when it is indented or when the line before it stopped
    short of the right margin; otherwise it continues the paragraph, across a page break too.
    """
    joined: list[Block] = []
    open_paragraph: Block | None = None
    for item in items:
        if isinstance(item, Block):
            joined.append(item)
            open_paragraph = None
            continue
        if open_paragraph is not None and not item.indented:
            open_paragraph.text += item.text
        else:
            open_paragraph = Block("paragraph", item.text, item.location)
            joined.append(open_paragraph)
        if item.short:
            open_paragraph = None
    return joined
