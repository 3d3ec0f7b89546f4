"""Word .docx files: paragraphs and tables in document order, merged cells expanded."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..blocks import Block, Document, GridRow
from ..errors import UnreadableFile
from ..model import Location
from ..vocabulary import is_number

_HEADING_STYLE = re.compile(r"(?:heading|标题|title)\s*(\d*)", re.IGNORECASE)


def read_docx(data: bytes, source: str) -> Document:
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(
            f"{source} 不是有效的 DOCX 文件（可能是改了扩展名的其他文件）；请用 Word 或 WPS 另存为 .docx 后再试。"
            f" ({source} is not a valid .docx file: {exc})"
        ) from None
    blocks: list[Block] = []
    for number, element in enumerate(document.element.body.iterchildren(), start=1):
        location = Location(line=number)
        if element.tag.endswith("}p"):
            paragraph = DocxParagraph(element, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = _HEADING_STYLE.match(paragraph.style.name if paragraph.style is not None else "")
            if style:
                blocks.append(Block("heading", text, location, level=int(style.group(1) or 1)))
            else:
                blocks.append(Block("paragraph", text, location))
        elif element.tag.endswith("}tbl"):
            table = DocxTable(element, document)
            rows = [GridRow(_row_cells(row), location) for row in table.rows]
            text = "\n".join("\t".join(c or "" for c in row.cells) for row in rows)
            blocks.append(Block("table", text, location, rows=rows))
    return Document(blocks, source)


def _row_cells(row: object) -> list[str | None]:
    """A row's texts by grid column. python-docx repeats a horizontally merged cell in every
    column it spans: a label is repeated (as in other readers), a number is kept once and
    the columns it covers are None, so a merged value cell is not read twice."""
    cells: list[str | None] = []
    previous = None
    for cell in row.cells:  # type: ignore[attr-defined]
        text = cell.text.strip()
        covered = previous is not None and cell._tc is previous
        cells.append(None if covered and is_number(text) else text)
        previous = cell._tc
    return cells
