"""Turning the bytes of a text file into text, never guessing silently."""

from __future__ import annotations

import codecs
import re

from ..errors import UnreadableFile

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_GB_NAMES = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312"}


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    Returns the text and notes about the decoding (a GB18030 guess is always noted).
    Raises UnreadableFile for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableFile(f"{name} 是空文件，没有可读的内容；请检查是否选错了文件。 ({name} is empty.)")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), []
    if b"\x00" in data[:4096]:
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"{name} 的编码无法识别（不是 UTF-8 或 GBK/GB18030）；请另存为 UTF-8 文本后再试。"
                f" ({name} is neither UTF-8 nor GB18030 text; save it as UTF-8 and try again.)"
            ) from None
        if not _plausible_chinese(text):
            raise _binary(name)
        notes = [f"{name} 不是 UTF-8，已按 GB18030 (GBK) 解码 (decoded as GB18030)"]
    else:
        notes = []
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise _binary(name)
    return text, notes


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; real GBK text is mostly CJK where it is not ASCII."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    return sum(1 for c in non_ascii if _CJK.match(c)) / len(non_ascii) > 0.9


def _binary(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name} 是二进制文件，不是文本、HTML、DOCX 或 PDF 报告；请提供报告的文字版本。"
        f" ({name} is a binary file, not a text, HTML, DOCX or PDF report.)"
    )


def decode_markup(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode an HTML page, trusting the charset its meta tag declares when the page is not
    UTF-8 (CMS pages and Word's "save as web page" declare gb2312 or gbk). A declared
    charset is not a guess: no note, and no plausibility test (quotes and dashes are fine)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        declared = _DECLARED.search(data[:4096])
        charset = declared.group(1).decode("ascii").lower() if declared else ""
        encoding = "gb18030" if charset in _GB_NAMES else charset
        try:
            if encoding and codecs.lookup(encoding).name != "utf-8":
                text = data.decode(encoding)
                if len(_CONTROL.findall(text[:4096])) <= 8:
                    return text, []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: decode as if none were given
    return decode_text(data, name)
