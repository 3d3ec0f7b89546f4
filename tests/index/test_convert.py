""".doc and .wps files: converted by LibreOffice (headless, private profile, time limit)
and parsed back to the same cells; without LibreOffice, one sentence naming the package."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from index.errors import UnreadableFile, UnsupportedFormat
from index.parser import parse_document
from index.readers import convert, read_bytes, read_document
from index.render import report_docx, report_html
from tests.conftest import parsed

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096  # the magic of .doc/.wps/.et, no content
needs_libreoffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice is not installed")


def to_legacy(source: Path, target: str, directory: Path) -> Path:
    """What a clerk's office does: save a file as Word 97 (.doc) or Excel 97 (.xls)."""
    profile = (directory / "profile").as_uri()
    subprocess.run(
        [convert.soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(directory), str(source)],
        check=True, timeout=180, capture_output=True,
    )
    return directory / f"{source.stem}.{target}"


_made: dict[str, bytes] = {}


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_parse_to_the_same_cells(suffix: str, tmp_path: Path) -> None:
    original = parsed("litong-district-2024")
    if "doc" not in _made:  # converted once for both cases
        docx = tmp_path / "report.docx"
        docx.write_bytes(report_docx(original))
        _made["doc"] = to_legacy(docx, "doc", tmp_path).read_bytes()
    assert _made["doc"].startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
    # WPS Office's .wps is the same binary format under another name
    path = tmp_path / f"利通区年报{suffix}"
    path.write_bytes(_made["doc"])
    report = parse_document(read_document(path))
    assert (report.agency, report.year) == (original.agency, original.year)
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table
    assert report.section(5).text == original.section(5).text
    assert any("LibreOffice" in note for note in report.notes)
    assert report.source == path.name


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
@pytest.mark.skipif(not Path("/usr/lib/libreoffice/share/.registry/calc.xcd").exists(), reason="LibreOffice Calc is not installed")
def test_spreadsheet_tables_are_read(tmp_path: Path) -> None:
    """A table kept as .xls/.et (saved from an HTML table here) is read like a web page."""
    original = parsed("hongze-district-2024")
    html = tmp_path / "tables.html"
    html.write_text(report_html(original), encoding="utf-8")
    subprocess.run(
        [convert.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--infilter=calc_HTML_WebQuery", "--convert-to", "xls", "--outdir", str(tmp_path), str(html)],
        check=True, timeout=180, capture_output=True,
    )
    path = (tmp_path / "tables.xls").rename(tmp_path / "tables.et")
    report = parse_document(read_document(path))
    assert report.table3.values() == original.table3.values()


def test_without_libreoffice_the_sentence_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    for name, data, package in [
        ("old.doc", OLE2, "libreoffice-writer-nogui"),
        ("report.wps", b"anything", "libreoffice-writer-nogui"),
        ("table.et", b"anything", "libreoffice-calc-nogui"),
    ]:
        with pytest.raises(UnsupportedFormat) as raised:
            read_bytes(data, name)
        message = str(raised.value)
        assert name in message and package in message and ".docx" in message and "\n" not in message


def test_presentations_are_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="演示文稿"):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "slides.ppt")


def test_a_truncated_doc_is_refused_in_one_sentence() -> None:
    with pytest.raises(UnreadableFile) as raised:
        read_bytes(OLE2[:100], "broken.doc")
    message = str(raised.value)
    assert "broken.doc" in message and "不是完整的" in message and ".docx" in message and "\n" not in message


def test_conversion_time_limit_ends_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A conversion that hangs is stopped (the whole process group) and reported."""
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    hang.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(hang))
    monkeypatch.setattr(convert, "TIMEOUT_SECONDS", 1)
    with pytest.raises(UnreadableFile, match="超时"):
        read_bytes(OLE2, "slow.doc")
