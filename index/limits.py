"""Every input is hostile until bounded: the limits, checked before anything is read or parsed.

An annual report is a few hundred KB of text, tens of pages, a few hundred paragraphs and
three small tables; each limit is far above that and far below what hurts a shared 2-core
server. Each check raises ``TooLarge`` (or ``UnreadableFile``) with one sentence saying what
is wrong and what to do.

>>> check_question("利通区2024年不予公开多少件？")
>>> check_question("问" * 5000)
Traceback (most recent call last):
...
index.errors.TooLarge: 问题太长（5000 字），请把问题缩短到 1000 字以内。 (The question is too long: keep it under 1000 characters.)
"""

from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree.ElementTree import ParseError

from .errors import TooLarge, UnreadableFile

MAX_FILE_BYTES = 100 * 1024 * 1024  # a scanned-and-OCRed PDF of a report is tens of MB at most
MAX_TEXT_BYTES = 20 * 1024 * 1024  # an annual report's text is a few hundred KB; beyond this it is not one
MAX_PASTE_CHARS = 1_000_000  # a whole report pasted is 20–60 thousand characters
MAX_QUESTION_CHARS = 1_000
MAX_PDF_PAGES = 500
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024  # a .docx/.xlsx, all members uncompressed
MAX_ARCHIVE_RATIO = 100  # uncompressed / compressed, for members above 1 MB (zip bombs reach millions)
MAX_ARCHIVE_MEMBERS = 5_000
MAX_DOCX_PARAGRAPHS = 10_000  # python-docx reads ~3,000 a second; a report has a few hundred
MAX_DOCX_CELLS = 100_000
MAX_DOCX_SPAN = 64  # columns one Word table cell may span
MAX_DOCX_TABLE_ROWS = 2_000
MAX_TABLE_CELLS = 200_000  # an HTML table expanded to its grid
MAX_HTML_DEPTH = 1_000  # elements nested in a page (a report's is under 50; libxml2 stops at 2,048)
MAX_CELL_VALUE = 10**12  # a count or an amount (万元) has at most 12 digits
MAX_COUNT_DIGITS = 12  # digits of a count stated in prose; a longer run is compared with nothing


def countable(column: str, value: float | None) -> bool:
    """A value that may enter sums and rankings: a non-negative whole number below 10^12 (an amount
    in 万元 may have decimals; 2019's 本年增/减 ``change`` may be negative)."""
    if value is None or not abs(value) < MAX_CELL_VALUE:
        return False
    if value < 0 and column != "change":
        return False
    return column == "amount" or float(value).is_integer()


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def check_file_size(path: str | Path) -> int:
    """Stat a file before reading it: its size, or TooLarge/UnreadableFile. Only a regular file
    is read: a device (/dev/zero), a FIFO or a socket is refused by its type (its size says
    nothing: /dev/zero is read until memory runs out)."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件 {path}；请检查路径。 (No such file: {path}.)") from None
    except OSError as exc:
        raise UnreadableFile(f"无法读取 {path}：{exc.strerror}。 (Cannot read {path}.)") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(f"{path} 是文件夹，不是文件。 ({path} is a folder.)")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(
            f"{path} 不是普通文件（是设备、管道或套接字），出于安全不予读取；请选择报告文件本身。"
            f" ({path} is not a regular file: refused.)"
        )
    check_bytes(info.st_size, path.name)
    return info.st_size


def check_bytes(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise TooLarge(
            f"{name} 太大（{_mb(size)}，上限 {_mb(MAX_FILE_BYTES)}），不像一份年度报告；请检查是否选错了文件。"
            f" ({name} is too large for a report: the limit is {_mb(MAX_FILE_BYTES)}.)"
        )


def check_paste(text: str, name: str = "粘贴的文本") -> None:
    if len(text) > MAX_PASTE_CHARS:
        raise TooLarge(
            f"{name}太长（{len(text)} 字，上限 {MAX_PASTE_CHARS} 字），远超一份年度报告的篇幅；请只粘贴报告本身或上传文件。"
            f" ({name} is too long: the limit is {MAX_PASTE_CHARS} characters.)"
        )


def check_question(question: str) -> None:
    if len(question) > MAX_QUESTION_CHARS:
        raise TooLarge(
            f"问题太长（{len(question)} 字），请把问题缩短到 {MAX_QUESTION_CHARS} 字以内。"
            f" (The question is too long: keep it under {MAX_QUESTION_CHARS} characters.)"
        )


def check_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a .docx/.xlsx (a zip) after checking its members' declared sizes and ratios
    (zipfile enforces the declared size when a member is read: a lying header fails its CRC)."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile(
            f"{name} 不是有效的压缩文档（可能已损坏或改了扩展名）；请用 Word 或 WPS 另存后再试。 ({name} is not a valid archive.)"
        ) from None
    total = sum(info.file_size for info in infos)
    bomb = any(info.file_size > 1024 * 1024 and info.file_size > MAX_ARCHIVE_RATIO * max(info.compress_size, 1) for info in infos)
    if len(infos) > MAX_ARCHIVE_MEMBERS or total > MAX_ARCHIVE_BYTES or bomb:
        archive.close()
        raise TooLarge(
            f"{name} 解压后过大或压缩比异常（{len(infos)} 个部件，共 {_mb(total)}），可能是“压缩炸弹”，出于安全不予读取；请检查文件来源，或另存为 PDF 后再试。"
            f" ({name} expands to {_mb(total)}: refused as a possible zip bomb.)"
        )
    return archive


class _Counter:
    """An XML parse target that keeps nothing but counts (elements by local name, widest span)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.widest = 0
        self.rows_in_table: list[int] = []
        self.longest_table = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        self.counts[local] = self.counts.get(local, 0) + 1
        if local == "gridSpan":
            value = next(iter(attrib.values()), "1")
            self.widest = max(self.widest, int(value) if value.isdigit() else 1)
        elif local == "tbl":
            self.rows_in_table.append(0)
        elif local == "tr" and self.rows_in_table:
            self.rows_in_table[-1] += 1
            self.longest_table = max(self.longest_table, self.rows_in_table[-1])

    def end(self, tag: str) -> None:
        if tag.endswith("}tbl") and self.rows_in_table:
            self.rows_in_table.pop()

    def data(self, _data: str) -> None:
        pass

    def close(self) -> None:
        pass


def scan_xml(xml: bytes, name: str, part: str) -> _Counter:
    """Parse XML with DTDs and entities refused (defusedxml: no "billion laughs", no external
    entities), keeping only counts; UnreadableFile when it is malformed or declares entities."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    counter = _Counter()
    parser = DefusedXMLParser(target=counter, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(xml)
        parser.close()
    except DefusedXmlException:
        raise UnreadableFile(
            f"{name} 的 {part} 含有 DTD 或实体定义（可能是“XML 炸弹”），出于安全不予读取；请用 Word 或 WPS 另存后再试。"
            f" ({name}: {part} declares entities, refused.)"
        ) from None
    except (ParseError, ValueError):
        raise UnreadableFile(
            f"{name} 的 {part} 已损坏（不是完整的 XML）；请用 Word 或 WPS 打开并另存后再试。 ({name}: {part} is malformed XML.)"
        ) from None
    return counter


def check_docx(data: bytes, name: str) -> None:
    """A .docx before python-docx sees it: sizes, every XML part parsed safely, and the body's
    paragraphs, cells, spans and table rows counted (python-docx expands spans into lists and
    follows vertical merges row by row)."""
    with check_archive(data, name) as archive:
        if "word/document.xml" not in archive.namelist():
            raise UnreadableFile(
                f"{name} 不是有效的 DOCX 文件（可能是改了扩展名的压缩包）；请用 Word 或 WPS 另存为 .docx 后再试。"
                f" ({name} is not a valid .docx file.)"
            )
        try:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if b"document.main+xml" not in types:
                raise UnreadableFile(  # python-docx cannot find the document's part: an AttributeError deep inside
                    f"{name} 已损坏（[Content_Types].xml 中没有正文部件）；请用 Word 或 WPS 打开并另存后再试。"
                    f" ({name}: [Content_Types].xml names no main document part.)"
                )
            for member in names:
                if member.endswith((".xml", ".rels")):
                    counter = scan_xml(archive.read(member), name, member)
                    if member == "word/document.xml":
                        body = counter
        except (zipfile.BadZipFile, OSError, EOFError):
            raise UnreadableFile(f"{name} 已损坏（压缩数据不完整）；请重新获取文件。 ({name} is a damaged archive.)") from None
    paragraphs, cells = body.counts.get("p", 0), body.counts.get("tc", 0)
    if (paragraphs > MAX_DOCX_PARAGRAPHS or cells > MAX_DOCX_CELLS or body.widest > MAX_DOCX_SPAN
            or body.longest_table > MAX_DOCX_TABLE_ROWS or body.counts.get("gridCol", 0) > MAX_DOCX_CELLS):
        raise TooLarge(
            f"{name} 的结构远超一份年度报告（{paragraphs} 个段落、{cells} 个表格单元格，最宽跨 {body.widest} 列，最长表 {body.longest_table} 行），"
            f"出于安全不予读取；请检查文件，或另存为 PDF 后再试。 ({name} has {paragraphs} paragraphs and {cells} cells: refused.)"
        )
