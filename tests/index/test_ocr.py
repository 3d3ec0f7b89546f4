"""Scanned reports: the two 洪泽区 PDFs rendered to images (pdftoppm), put back together as
image-only PDFs, read by OCR and parsed to the same cells as their text layers.

The OCR tests are slow on 2 cores (a few seconds a page); they run in the default suite.
Each scanned PDF is read once per module.
"""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from index.blocks import Document
from index.errors import ScannedPdf
from index.model import Location
from index.parser import parse_document
from index.readers import ocr, read_bytes
from index.readers.ocr import TextBox, ocr_progress, page_items
from index.vocabulary import vocabulary
from tests.conftest import golden, parsed, sample_path

NAMES = ["hongze-district-2023", "hongze-district-2024"]
T3_COLUMNS = vocabulary().table3_column_ids()
T4_GROUPS, T4_COLUMNS = vocabulary().table4_ids()

needs_ocr = pytest.mark.skipif(not ocr.ocr_available(), reason="the ocr extra (rapidocr) is not installed")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
SCANNED = [pytest.mark.slow, needs_ocr, needs_pdftoppm]  # slow on 2 cores, yet in the default run


def rasterize(pdf: Path, directory: Path, dpi: int = ocr.DPI) -> bytes:
    """pdftoppm → page images → a PDF of images only, as a scanner would make."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(directory / "page")], check=True, timeout=120)
    images = [Image.open(path) for path in sorted(directory.glob("page-*.png"))]
    buffer = BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


_scans: dict[str, tuple[bytes, list[tuple[int, int, int, float]]]] = {}


def scanned(name: str, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if name not in _scans:
        _scans[name] = (rasterize(sample_path(name), tmp_path_factory.mktemp(name)), [])
    return _scans[name][0]


_reports: dict[str, object] = {}


def ocr_report(name: str, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The scanned sample parsed once per module; OCR progress calls recorded."""
    if name not in _reports:
        data = scanned(name, tmp_path_factory)
        calls = _scans[name][1]
        with ocr_progress(lambda done, total, page, seconds: calls.append((done, total, page, seconds))):
            _reports[name] = parse_document(read_bytes(data, f"{name}-scan.pdf"))
    return _reports[name]


@pytest.mark.parametrize("name", [pytest.param(name, marks=SCANNED) for name in NAMES])
def test_scanned_pdf_parses_to_the_same_cells(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    data = scanned(name, tmp_path_factory)
    with pdfplumber.open(BytesIO(data)) as pdf:
        assert sum(len(page.chars) for page in pdf.pages) == 0  # no text layer at all
    report, text, expected = ocr_report(name, tmp_path_factory), parsed(name), golden(name)
    assert (report.agency, report.year, report.layout) == (expected["agency"], expected["year"], expected["layout"])
    layout = vocabulary().table2_layout("2021")
    assert report.table2.values() == {row: dict(zip(layout[row], v)) for row, v in expected["table2"].items()}
    assert report.table3.values() == {row: dict(zip(T3_COLUMNS, v)) for row, v in expected["table3"].items()}
    assert list(report.table3.rows) == list(text.table3.rows)
    assert report.table4.values() == {g: dict(zip(T4_COLUMNS, v)) for g, v in expected["table4"].items()}
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(text, table).values(), table
    assert [s.id for s in report.sections if s.id] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("name", [pytest.param(name, marks=SCANNED) for name in NAMES])
def test_scanned_cells_know_their_box_and_confidence(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    report = ocr_report(name, tmp_path_factory)
    assert any("文字识别（OCR）" in note and "1–5" in note for note in report.notes), report.notes
    for table in report.tables():
        for cell_id, cell in table.cells():
            location = cell.location
            assert location is not None and location.scanned, cell_id
            assert location.page in (2, 3, 4), cell_id
            assert str(location) == f"扫描件第 {location.page} 页", cell_id
            assert location.confidence is not None and 0.5 < location.confidence <= 1.0, cell_id
            x0, top, x1, bottom = location.box
            assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850, cell_id  # inside an A4 page, in points
            assert cell.raw is not None and float(cell.raw) == cell.value, cell_id
    # the number read for 行政许可 sits where the text layer has it
    text_page = parsed(name).table2.cell("licensing", "decisions").location.page
    assert report.table2.cell("licensing", "decisions").location.page == text_page
    calls = _scans[name][1]
    assert [(done, total, page) for done, total, page, _ in calls] == [(i, 5, i) for i in range(1, 6)]


@pytest.mark.slow
@needs_ocr
@needs_pdftoppm  # one page of OCR
def test_image_page_inside_a_text_pdf(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Page 2 of the 2024 report replaced by its scan: OCR reads that page, the text layer the rest."""
    import pypdfium2 as pdfium

    name = "hongze-district-2024"
    text_pdf = pdfium.PdfDocument(sample_path(name).read_bytes())
    scan_pdf = pdfium.PdfDocument(scanned(name, tmp_path_factory))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text_pdf, [0])
    mixed.import_pages(scan_pdf, [1])
    mixed.import_pages(text_pdf, [2, 3, 4])
    buffer = BytesIO()
    mixed.save(buffer)
    report = parse_document(read_bytes(buffer.getvalue(), "mixed.pdf"))
    text = parsed(name)
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(text, table).values(), table
    assert report.table2.cell("regulations", "issued").location.scanned
    assert not report.table3.cell("granted", "total").location.scanned
    assert any("第 2 页没有文字层" in note for note in report.notes)


def test_scanned_pdf_without_the_ocr_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Image.new("L", (620, 877), 255)
    buffer = BytesIO()
    page.save(buffer, format="PDF", resolution=75)
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(ScannedPdf) as raised:
        read_bytes(buffer.getvalue(), "stamped.pdf")
    message = str(raised.value)
    assert "stamped.pdf" in message and "扫描版" in message and 'pip install -e ".[ocr]"' in message and "\n" not in message


def _box(text: str, x0: float, top: float, width: float, confidence: float = 0.99) -> TextBox:
    return TextBox(text, confidence, x0, top, x0 + width, top + 12)


def test_boxes_become_a_grid_and_uncertain_cells_are_named() -> None:
    """Geometry without a model: rows by y, number columns by x, a wrapped label joined,
    a heading between two tables kept out of both, and a low-confidence cell in the notes."""
    boxes = [
        _box("二、主动公开政府信息情况", 80, 40, 200),
        _box("第二十条第（一）项", 200, 70, 110),
        _box("信息内容", 90, 100, 60), _box("本年制发件数", 250, 100, 80), _box("本年废止件数", 350, 100, 80),
        _box("现行有效件数", 450, 100, 80),
        _box("规章", 100, 130, 30), _box("0", 285, 130, 8), _box("0", 385, 130, 8), _box("0", 485, 130, 8),
        _box("行政规范", 90, 155, 55), _box("3", 285, 160, 8), _box("0", 385, 160, 8), _box("8", 485, 160, 8, 0.42),
        _box("性文件", 90, 169, 40),
        _box("三、收到和处理政府信息公开申请情况", 80, 200, 260),
    ]
    items = page_items(boxes, page=2)
    kinds = [("table" if block else "line") for block, _ in items]
    assert kinds == ["line", "line", "table", "line"]
    table = items[2][0]
    assert [row.cells for row in table.rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "3", "0", "8"],
    ]
    low = table.rows[2].cell_locations[3]
    assert low == Location(page=2, line=3, scanned=True, box=(485.0, 160.0, 493.0, 172.0), confidence=0.42)
    document = Document([_heading(items[0][1]), table], "scan.pdf")
    report = parse_document(document)
    assert report.table2.values()["normative_documents"] == {"issued": 3, "repealed": 0, "in_force": 8}
    (note,) = [n for n in report.notes if "文字识别不确定" in n]
    assert "扫描件第 2 页" in note and "“8”" in note and "0.42" in note


def _heading(row: list[TextBox]):  # noqa: ANN202
    from index.blocks import Block

    return Block("paragraph", "".join(b.text for b in row), Location(page=2, scanned=True))


def test_a_failing_recognizer_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from index.errors import UnreadableFile

    def broken(image: object, scale: float = 1.0) -> list[TextBox]:
        raise RuntimeError("onnxruntime: bad allocation")

    page = Image.new("L", (620, 877), 255)
    buffer = BytesIO()
    page.save(buffer, format="PDF", resolution=75)
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr, "recognize", broken)
    with pytest.raises(UnreadableFile, match="第 1 页文字识别（OCR）失败") as raised:
        read_bytes(buffer.getvalue(), "stamped.pdf")
    assert "\n" not in str(raised.value)
