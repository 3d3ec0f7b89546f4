"""OCR for PDF pages without a text layer: scanned reports and image-only pages.

rapidocr (ONNX models inside its wheel, CPU, nothing downloaded) finds text boxes on a page
rendered by pypdfium2. The boxes become what every reader yields: rows by their vertical
position, table grids whose number columns come from the x positions of the numbers and
their headers, and prose lines that the PDF reader joins into paragraphs. Each table cell
keeps its box, the recognizer's confidence and ``scanned=True`` in its location, so
citations say "扫描件第 N 页" and the parser can name uncertain cells.

The optional extra ``ocr`` installs rapidocr; without it a scanned PDF is refused with a
sentence that says what to install.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..blocks import Block, GridRow
from ..errors import UnreadableFile
from ..model import Location
from ..sections import section_of_heading
from ..vocabulary import is_page_number, is_placeholder, parse_number

DPI = 150  # enough for table digits (94/94 on the 洪泽区 pages); higher is slower, not better
MAX_RENDER_SIDE = 4000  # pixels: a page with an absurd media box is scaled down, not rendered huge
MAX_OCR_PAGES = 100  # an annual report has well under 30 pages
UNCERTAIN = 0.9  # cells read with less confidence than this are named in the parse notes
INSTALL_HINT = 'pip install -e ".[ocr]"'  # in the project's folder, with its venv's pip (README: why not in the first command)

# (pages done, pages to read, page number just read, seconds it took)
ProgressCallback = Callable[[int, int, int, float], None]
_progress: ContextVar[ProgressCallback | None] = ContextVar("ocr_progress", default=None)


@contextmanager
def ocr_progress(callback: ProgressCallback | None) -> Iterator[None]:
    """Report OCR progress to ``callback`` (e.g. the app's progress bar) inside this block;
    a line per page goes to stderr as well."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def ocr_available() -> bool:
    return importlib.util.find_spec("rapidocr") is not None and importlib.util.find_spec("onnxruntime") is not None


@dataclass(frozen=True)
class TextBox:
    """A recognized text line: its text, confidence and box in PDF points."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def is_number(self) -> bool:
        return parse_number(self.text) is not None or is_placeholder(self.text)


@cache
def _engine() -> Any:
    from rapidocr import RapidOCR  # heavy: only when a page needs it

    # Measured on the 洪泽区 table pages (same numbers read, half the time): pages are upright,
    # so no 180° line classifier; text is found on the page scaled to 1280 px on its long
    # side; short crops ("0") are not padded to 320 px before recognition.
    return RapidOCR(params={
        "Global.log_level": "warning",
        "Global.use_cls": False,
        "Det.limit_type": "max",
        "Det.limit_side_len": 1280,
        "Rec.rec_img_shape": [3, 48, 96],
        "Rec.rec_batch_num": 16,
    })


def recognize(image: Any, scale: float = 1.0) -> list[TextBox]:
    """Text boxes on an image (PIL or array); coordinates divided by ``scale``."""
    result = _engine()(image)
    if result.boxes is None or result.txts is None:
        return []
    boxes = []
    for points, text, score in zip(result.boxes, result.txts, result.scores):
        text = str(text).strip()
        if not text:
            continue
        xs = [float(p[0]) / scale for p in points]
        ys = [float(p[1]) / scale for p in points]
        boxes.append(TextBox(text, round(float(score), 3), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def ocr_pdf_pages(data: bytes, pages: list[int], source: str, dpi: int = DPI) -> dict[int, list[TextBox]]:
    """Render the given 1-based pages and recognize them; progress per page on stderr."""
    import pypdfium2 as pdfium  # comes with pdfplumber

    callback = _progress.get()
    found: dict[int, list[TextBox]] = {}
    document = pdfium.PdfDocument(data)
    try:
        for done, number in enumerate(pages, start=1):
            start = time.perf_counter()
            page = document[number - 1]
            width, height = page.get_size()
            scale = min(dpi / 72, MAX_RENDER_SIDE / max(width, height, 1))
            try:
                found[number] = recognize(page.render(scale=scale).to_pil(), scale)
            except Exception as exc:  # the model's runtime: any failure is one sentence for the person
                raise UnreadableFile(
                    f"{source} 第 {number} 页文字识别（OCR）失败（{type(exc).__name__}）；请提供报告的文字版。"
                    f" ({source}: OCR failed on page {number}: {exc})"
                ) from exc
            finally:
                page.close()
            seconds = time.perf_counter() - start
            print(f"文字识别（OCR）{source}：第 {number} 页（{done}/{len(pages)}），用时 {seconds:.1f} 秒",
                  file=sys.stderr, flush=True)
            if callback is not None:
                callback(done, len(pages), number, seconds)
    finally:
        document.close()
    return found


# --- boxes → rows → table grids and prose lines -------------------------------------------


def page_rows(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Group boxes into rows by their vertical middles, each row left to right.

    A box joins the row when its middle is within half a text height of the row's; a box
    much taller than a line (a vertical label, a merged cell's text) joins the row nearest
    its middle instead of starting one.
    """
    boxes = [b for b in boxes if not is_page_number(b.text)]
    if not boxes:
        return []
    height = statistics.median(b.height for b in boxes)
    tall = [b for b in boxes if b.height > 2.2 * height]
    rows: list[list[TextBox]] = []
    middles: list[float] = []
    for box in sorted((b for b in boxes if b.height <= 2.2 * height), key=lambda b: b.middle):
        if rows and box.middle - middles[-1] <= 0.5 * height:
            rows[-1].append(box)
            middles[-1] = statistics.fmean(b.middle for b in rows[-1])
        else:
            rows.append([box])
            middles.append(box.middle)
    for box in tall:
        if rows:
            nearest = min(range(len(rows)), key=lambda i: abs(middles[i] - box.middle))
            rows[nearest].append(box)
        else:
            rows.append([box])
            middles.append(box.middle)
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def _join_continuations(rows: list[list[TextBox]], height: float) -> list[list[TextBox]]:
    """A line right under a table row, each box under a label of that row, is the label's
    wrapped second line ("行政规范" / "性文件"): it joins that row."""
    joined: list[list[TextBox]] = []
    for row in rows:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and _tabular(previous, height)
            and not _tabular(row, height)
            and min(b.top for b in row) - max(b.bottom for b in previous) < 0.6 * height
            and all(any(_x_overlap(b, p) > 0 for p in previous if not p.is_number) for b in row)
        ):
            joined[-1] = sorted(previous + row, key=lambda b: b.x0)
        else:
            joined.append(row)
    return joined


def _x_overlap(a: TextBox, b: TextBox) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _tabular(row: list[TextBox], height: float) -> bool:
    """A table row: a label with numbers, or cells set apart by wide gaps."""
    if len(row) < 2:
        return False
    if any(b.is_number for b in row):
        return True
    return any(right.x0 - left.x1 > 1.5 * height for left, right in zip(row, row[1:]))


def _bridge(row: list[TextBox], width: float, page: int) -> bool:
    """A short line between table rows that stays in the table (a block's title such as
    第二十条第（六）项, a wrapped label), unless it heads a section."""
    text = "".join(b.text for b in row)
    if section_of_heading(Block("paragraph", text, Location(page=page))) is not None:
        return False
    return row[-1].x1 - row[0].x0 < 0.5 * width


def page_items(boxes: list[TextBox], page: int) -> list[tuple[Block | None, list[TextBox]]]:
    """A page's boxes as table blocks and prose rows, top to bottom.

    Returns (table block, []) for a table and (None, row) for a line of prose; the PDF
    reader turns prose rows into lines it joins into paragraphs.
    """
    rows = page_rows(boxes)
    if not rows:
        return []
    height = statistics.median(b.height for row in rows for b in row)
    width = max(b.x1 for row in rows for b in row) - min(b.x0 for row in rows for b in row)
    rows = _join_continuations(rows, height)
    tabular = [_tabular(row, height) for row in rows]
    items: list[tuple[Block | None, list[TextBox]]] = []
    index = 0
    while index < len(rows):
        if not tabular[index]:
            items.append((None, rows[index]))
            index += 1
            continue
        end = index
        probe = index + 1
        while probe < len(rows):
            if tabular[probe]:
                end = probe
                probe += 1
            elif probe - end <= 2 and _bridge(rows[probe], width, page):
                probe += 1
            else:
                break
        items.append((table_block(rows[index : end + 1], page, height), []))
        index = end + 1
    return items


def _merge_intervals(spans: list[tuple[float, float]], slack: float) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1] + slack:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _overlaps(box: TextBox, span: tuple[float, float]) -> bool:
    """The box covers at least half of the column, or the column half of the box."""
    overlap = min(box.x1, span[1]) - max(box.x0, span[0])
    return overlap > 0 and overlap >= 0.5 * min(box.x1 - box.x0, span[1] - span[0])


def table_block(rows: list[list[TextBox]], page: int, height: float) -> Block:
    """A table grid from rows of boxes.

    Number columns are the x extents of the number boxes (merged where they overlap); a
    header or number box goes to every number column it covers (a header over several
    columns is repeated, as a merged cell is in other readers), other text to label slots on
    the left in reading order. Boxes stacked in one slot of a row (a wrapped label) are
    joined top to bottom.
    """
    columns = _merge_intervals([(b.x0, b.x1) for row in rows for b in row if b.is_number], 0.2 * height)
    slots = 0
    placed: list[tuple[list[list[TextBox]], dict[int, list[TextBox]]]] = []
    for row in rows:
        labels: list[list[TextBox]] = []
        in_columns: dict[int, list[TextBox]] = {}
        for box in row:
            covered = [i for i, span in enumerate(columns) if _overlaps(box, span)]
            if covered:
                for i in covered:
                    in_columns.setdefault(i, []).append(box)
            elif labels and any(_x_overlap(box, other) > 0 for other in labels[-1]):
                labels[-1].append(box)  # stacked under the previous label: a wrapped line
            else:
                labels.append([box])
        slots = max(slots, len(labels))
        placed.append((labels, in_columns))
    grid_rows = []
    for number, (labels, in_columns) in enumerate(placed, start=1):
        stacks: list[list[TextBox] | None] = [*labels, *([None] * (slots - len(labels)))]
        stacks += [in_columns.get(i) for i in range(len(columns))]
        cells = [_cell_text(stack) if stack else None for stack in stacks]
        locations = [_location(stack, page, number) if stack else None for stack in stacks]
        row_boxes = [b for stack in stacks if stack for b in stack]
        grid_rows.append(GridRow(cells, _location(row_boxes, page, number), locations))
    text = "\n".join("\t".join(c or "" for c in row.cells) for row in grid_rows)
    return Block("table", text, _location([b for row in rows for b in row], page, None), rows=grid_rows)


def _cell_text(stack: list[TextBox]) -> str:
    return "".join(b.text for b in sorted(stack, key=lambda b: b.top))


def _location(stack: list[TextBox], page: int, line: int | None) -> Location:
    box = (
        round(min(b.x0 for b in stack), 1), round(min(b.top for b in stack), 1),
        round(max(b.x1 for b in stack), 1), round(max(b.bottom for b in stack), 1),
    )
    return Location(page=page, line=line, scanned=True, box=box, confidence=min(b.confidence for b in stack))


def row_text(row: list[TextBox], height: float) -> str:
    """A prose row's text: boxes joined, with a space where the gap between them is wide."""
    parts = [row[0].text]
    for left, right in zip(row, row[1:]):
        parts.append((" " if right.x0 - left.x1 > 0.5 * height else "") + right.text)
    return "".join(parts)


def row_location(row: list[TextBox], page: int, line: int) -> Location:
    return _location(row, page, line)
