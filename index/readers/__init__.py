"""Readers: a file (or pasted text) in, a Document of blocks out, whatever the format."""

from __future__ import annotations

from pathlib import Path

from ..blocks import Block, Document, GridRow
from ..errors import TooLarge, UnreadableFile, UnsupportedFormat
from ..limits import MAX_FILE_BYTES, MAX_TEXT_BYTES, check_bytes, check_docx, check_file_size, check_paste
from ..model import Location
from .convert import SHEET_SUFFIXES, WORD_SUFFIXES, PureConversionFailed, doc_to_docx, sheet_rows, sheet_to_html
from .decoding import decode_markup, decode_text
from ..vocabulary import is_number
from .text import read_text

# The PDF, Word and HTML readers (pdfplumber, python-docx, BeautifulSoup) load when a file of
# their format is read: a table question or `--help` never pays for them.

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MIN_OLE2_BYTES = 1536  # header, one allocation sector and one directory sector
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
_OLD_OFFICE = {".doc", ".wps", ".et", ".xls", ".ppt", ".dps"}
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps", ".et", ".xls")


def read_document(path: str | Path) -> Document:
    """Read any supported report file: .txt, .md, .html, .docx, .pdf (scanned ones by OCR),
    and .doc/.wps/.et/.xls (pure-Python converters; LibreOffice only as a fallback)."""
    path = Path(path)
    try:
        check_file_size(path)  # stat first: a 3 GB file, a folder, /dev/zero or a FIFO refused before a byte is read
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件 {path}；请检查路径。 (No such file: {path}.)") from None
    except OSError as exc:
        raise UnreadableFile(f"无法读取 {path}：{exc.strerror}。 (Cannot read {path}.)") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> Document:
    """Read a file's content; the name's suffix and the content's magic bytes decide the format."""
    suffix = Path(name).suffix.lower()
    check_bytes(len(data), name)
    if not data.strip():
        raise UnreadableFile(f"{name} 是空文件，没有可读的内容；请检查是否选错了文件。 ({name} is empty.)")
    if data.startswith(_OLE2) or (suffix in _OLD_OFFICE and not _disguised(data)):
        return _read_old_office(data, name, suffix)
    if suffix in _IMAGES:
        raise UnsupportedFormat(
            f"{name} 是图片，不含文字；请先进行文字识别（OCR）或提供报告的文字版。 ({name} is an image: run OCR first.)"
        )
    if data.startswith(b"%PDF") or suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        check_docx(data, name)  # sizes, ratios, counts and XML without entities, before python-docx
        from .docx import read_docx

        return read_docx(data, name)
    if len(data) > MAX_TEXT_BYTES:
        raise TooLarge(
            f"{name} 有 {len(data) // 1024 // 1024} MB 文本，远超一份年度报告的篇幅；请只提供报告本身。 ({name} is too much text for one report.)"
        )
    markup = suffix in (".html", ".htm") or _looks_like_html(data[:2000].decode("latin-1"))
    text, notes = decode_markup(data, name) if markup else decode_text(data, name)
    if suffix in (".html", ".htm") or _looks_like_html(text):
        return _read_markup(text, name, notes)
    return read_text(text, name, notes)


def _disguised(data: bytes) -> bool:
    """A newer file under an old name: a .docx saved as .doc, a web page saved as .doc or .xls (sites
    and Word's "save as web page" do both); it is read by what it is."""
    return data.startswith(b"PK\x03\x04") or _looks_like_html(data[:2000].decode("latin-1"))


def _read_old_office(data: bytes, name: str, suffix: str) -> Document:
    """.doc/.wps converted to .docx (msdoc2docx; LibreOffice as a fallback), .et/.xls tables read by xlrd."""
    if suffix not in WORD_SUFFIXES | SHEET_SUFFIXES and suffix in _OLD_OFFICE:
        raise UnsupportedFormat(
            f"{name} 是演示文稿（{suffix}），不是报告文档；请提供报告的 .docx、PDF 或网页版本。"
            f" ({name} is a presentation, not a report.)"
        )
    if suffix not in WORD_SUFFIXES | SHEET_SUFFIXES:
        suffix = ".doc"  # an OLE2 file under another name: Word's is by far the most common
    if data.startswith(_OLE2) and len(data) < _MIN_OLE2_BYTES:
        raise UnreadableFile(
            f"{name} 不是完整的 {suffix} 文件（只有 {len(data)} 字节，可能已损坏或未下载完）；请重新下载，或用 Word/WPS 另存为 .docx 或 PDF 后再试。"
            f" ({name} is a truncated {suffix} file.)"
        )
    from .docx import read_docx

    if suffix in WORD_SUFFIXES:
        converted, note = doc_to_docx(data, name)
        check_docx(converted, name)  # what the converter made of it is held to the same limits
        document = read_docx(converted, name)
        document.notes.insert(0, note)
        return document
    try:
        sheets = sheet_rows(data, name)
    except PureConversionFailed as failed:
        from .html import read_html

        converted, converted_name = sheet_to_html(data, name, suffix)
        check_bytes(len(converted), name)
        text, notes = decode_text(converted, converted_name)
        note = f"{name} 已用 LibreOffice 转换后读取 ({name} was converted by LibreOffice; xlrd: {failed})"
        return _sheet_blocks(read_html(text, name, [note, *notes]))
    blocks = [
        Block("table", "\n".join("\t".join(r) for r in rows), Location(line=1),
              rows=[GridRow(list(r), Location(line=n)) for n, r in enumerate(rows, start=1)])
        for rows in sheets if rows
    ]
    return _sheet_blocks(Document(blocks, name, [f"{name} 已作为表格读取（xlrd） ({name} was read by xlrd)"]))


def _sheet_blocks(document: Document) -> Document:
    """A spreadsheet is one grid; its rows with a single text (titles, headings, prose
    typed into column A) are paragraphs, the runs of rows between them tables."""
    blocks: list[Block] = []
    for block in document.blocks:
        if block.kind != "table":
            blocks.append(block)
            continue
        run: list[GridRow] = []
        for row in block.rows + [None]:
            texts = {cell.strip() for cell in (row.cells if row else []) if cell and cell.strip()}
            if row is not None and len(texts) > 1:
                run.append(row)
                continue
            if run:
                blocks.append(Block("table", "\n".join("\t".join(c or "" for c in r.cells) for r in run), run[0].location, rows=run))
                run = []
            if texts:
                blocks.append(Block("paragraph", texts.pop(), row.location))
    return Document(blocks, document.source, document.notes)


def read_pasted(text: str, name: str = "粘贴的文本") -> Document:
    """Read text a person pasted: HTML when it looks like HTML, else text rows."""
    check_paste(text, name)
    if not text.strip():
        raise UnreadableFile(f"{name}为空，没有可校验的内容；请粘贴表格或报告全文。 ({name} is empty.)")
    if _looks_like_html(text):
        return _read_markup(text, name)
    return read_text(text, name)


def _read_markup(text: str, name: str, notes: list[str] | None = None) -> Document:
    """Markup read as HTML, unless its text rows hold more numbers than its <table>s: the
    decision is the structure's, not the first "<table" in the head (a one-cell table before a
    tab-separated report hid its tables from validation). Both readers are linear."""
    from .html import read_html

    page = read_html(text, name, notes)
    rows = read_text(text, name, notes)
    return rows if _numbers_in_tables(rows) > _numbers_in_tables(page) else page


def _numbers_in_tables(document: Document) -> int:
    return sum(1 for block in document.blocks if block.kind == "table" for row in block.rows for cell in row.cells if cell and is_number(cell))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<table", "<body", "<div", "<p>", "<meta")) or "<table" in head


__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_BYTES", "SUPPORTED_SUFFIXES", "read_bytes", "read_document", "read_pasted"]
