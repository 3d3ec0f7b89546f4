""".doc/.wps/.xls/.et files with pip packages alone (msdoc2docx, xlrd), LibreOffice only as a
fallback: a folder of the same report in every format gives identical cells, with LibreOffice
hidden; damaged files are refused in one sentence.

tests/data/formats/ holds the sample reports saved once by LibreOffice as Word 97 (.doc) and
their tables as Excel 97 (.xls) — what a clerk's office does with "另存为"; WPS Office's .wps and
.et are the same binary formats under other names, so the tests read the same bytes under those.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.errors import UnreadableFile, UnsupportedFormat
from index.parser import parse_document
from index.readers import convert, read_bytes, read_document
from index.render import report_docx, report_html, report_markdown
from tests.conftest import parsed, sample_path
from tests.index.test_roundtrip import pipe_rows

FORMATS = Path(__file__).parent.parent / "data" / "formats"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096  # the magic of .doc/.wps/.et, no content
needs_libreoffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a clerk's laptop: no soffice on PATH, and a call to it would fail the test."""
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    monkeypatch.setenv("PATH", "/nonexistent")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice was called")

    monkeypatch.setattr(convert, "_libreoffice", refuse)


def _same_cells(report, original) -> None:  # noqa: ANN001
    assert (report.agency, report.year) == (original.agency, original.year)
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table


def _versions(name: str) -> dict[str, bytes]:
    """The same report as each format a publisher uses."""
    original = parsed(name)
    versions = {
        ".doc": (FORMATS / f"{name}.doc").read_bytes(),
        ".wps": (FORMATS / f"{name}.doc").read_bytes(),
        ".docx": report_docx(original),
        ".html": report_html(original).encode("utf-8"),
        ".txt": pipe_rows(report_markdown(original), outer=False).encode("utf-8"),
    }
    if sample_path(name).suffix == ".pdf":
        versions[".pdf"] = sample_path(name).read_bytes()
    return versions


@pytest.mark.parametrize("name", ["hongze-district-2024", "litong-district-2024"])
def test_every_format_gives_identical_cells_without_libreoffice(name: str, no_libreoffice: None) -> None:
    original = parsed(name)
    versions = _versions(name)
    assert versions[".doc"].startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
    reports = {suffix: parse_document(read_bytes(data, f"年报{suffix}")) for suffix, data in versions.items()}
    for suffix, report in reports.items():
        _same_cells(report, original)
        assert [s.id for s in report.sections if s.id] == [s.id for s in original.sections if s.id], suffix
        assert report.source == f"年报{suffix}"  # cells cite the original file, not the converted one
    for suffix in (".doc", ".wps"):
        assert any("msdoc2docx" in note for note in reports[suffix].notes)
        assert reports[suffix].section(5).text == original.section(5).text


@pytest.mark.slow
def test_the_scanned_version_gives_the_same_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.readers import ocr

    if not ocr.ocr_available() or shutil.which("pdftoppm") is None:
        pytest.skip("needs the ocr extra and pdftoppm")
    from tests.index.test_ocr import rasterize

    name = "hongze-district-2024"
    data = rasterize(sample_path(name), tmp_path)  # pdftoppm makes the scan; reading it needs no LibreOffice
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    _same_cells(parse_document(read_bytes(data, "扫描件.pdf")), parsed(name))


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_spreadsheet_tables_without_libreoffice(suffix: str, no_libreoffice: None) -> None:
    """A report's tables kept as .xls (or WPS's .et) are read by xlrd like a web page's tables."""
    data = (FORMATS / "hongze-district-2024-tables.xls").read_bytes()
    report = parse_document(read_bytes(data, f"tables{suffix}"))
    original = parsed("hongze-district-2024")
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table
    assert any("xlrd" in note for note in report.notes)


def _damaged() -> dict[str, bytes]:
    data = (FORMATS / "litong-district-2024.doc").read_bytes()
    flipped = bytearray(data)
    for index in range(600, len(flipped), 97):
        flipped[index] ^= 0x5A
    return {"half": data[: len(data) // 2], "4 KB": data[:4096], "flipped": bytes(flipped), "zeros": OLE2}


@pytest.mark.parametrize("kind", ["half", "4 KB", "flipped", "zeros"])
def test_damaged_doc_is_one_sentence_without_libreoffice(kind: str, no_libreoffice: None) -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_bytes(_damaged()[kind], "坏文件.doc")
    message = str(raised.value)
    assert "坏文件.doc" in message and ".docx" in message and "\n" not in message
    assert "LibreOffice" not in message.split(" (")[0]  # nothing to install: the file is the problem


def test_damaged_spreadsheet_without_libreoffice(no_libreoffice: None) -> None:
    with pytest.raises(UnsupportedFormat) as raised:
        read_bytes(OLE2, "table.et")
    assert "table.et" in str(raised.value) and ".xlsx" in str(raised.value)


def test_pure_converter_is_time_limited(monkeypatch: pytest.MonkeyPatch, no_libreoffice: None) -> None:
    monkeypatch.setattr(convert, "_PURE_DOC", "import time; time.sleep(30)")
    monkeypatch.setattr(convert, "PURE_TIMEOUT_SECONDS", 1)
    with pytest.raises(UnreadableFile, match="timed out"):
        read_bytes((FORMATS / "litong-district-2024.doc").read_bytes(), "slow.doc")


@pytest.mark.libreoffice
@needs_libreoffice
def test_libreoffice_is_the_fallback_when_the_pure_path_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(data: bytes, name: str) -> bytes:
        raise convert.PureConversionFailed("an exotic file")

    monkeypatch.setattr(convert, "_pure_doc", fails)
    report = parse_document(read_bytes((FORMATS / "litong-district-2024.doc").read_bytes(), "old.wps"))
    _same_cells(report, parsed("litong-district-2024"))
    assert any("LibreOffice" in note and "an exotic file" in note for note in report.notes)


def test_presentations_are_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="演示文稿"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "slides.ppt")


def test_a_truncated_doc_is_refused_in_one_sentence() -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_bytes(OLE2[:100], "broken.doc")
    message = str(raised.value)
    assert "broken.doc" in message and "不是完整的" in message and ".docx" in message and "\n" not in message


def test_conversion_time_limit_ends_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A LibreOffice fallback that hangs is stopped (the whole process group) and reported."""
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    hang.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(hang))
    monkeypatch.setattr(convert, "TIMEOUT_SECONDS", 1)
    with pytest.raises(UnreadableFile, match="超时"):
        read_bytes(OLE2, "slow.doc")


def test_a_file_path_reads_the_same(no_libreoffice: None, tmp_path: Path) -> None:
    path = tmp_path / "利通区年报.wps"
    path.write_bytes((FORMATS / "litong-district-2024.doc").read_bytes())
    report = parse_document(read_document(path))
    assert report.source == path.name


@pytest.mark.parametrize(("suffix", "make"), [
    (".doc", lambda report: report_docx(report)),  # a .docx saved under the old name
    (".doc", lambda report: report_html(report).encode("utf-8")),  # Word's "web page" saved as .doc
    (".xls", lambda report: report_html(report).encode("utf-8")),  # a site's table export
])
def test_newer_files_under_old_names_are_read_by_what_they_are(suffix: str, make, no_libreoffice: None) -> None:  # noqa: ANN001
    original = parsed("litong-district-2024")
    _same_cells(parse_document(read_bytes(make(original), f"年报{suffix}")), original)
