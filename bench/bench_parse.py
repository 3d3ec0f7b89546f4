"""Parse throughput: text reports per second, PDF seconds per page, and OCR of a scanned report.

Targets on the 2-core machine: ≥ 50 text reports/s, ≤ 0.5 s per PDF page, ≤ 5 s per scanned
page (OCR). The scanned report is the 洪泽区 2024 PDF rendered to page images at the OCR's
resolution and put back together as an image-only PDF; it is read once (OCR is deterministic
and slow). CPU seconds are given beside wall seconds: on a shared machine wall time includes
waiting for the cores.

    python bench/bench_parse.py [--rounds N] [--no-ocr]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from io import BytesIO
from importlib.resources import files
from pathlib import Path

import pdfplumber

from index.parser import parse_file


def _time(paths: list[Path], rounds: int) -> list[float]:
    """Seconds per round over all paths (the first round warms caches and is dropped)."""
    times = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        for path in paths:
            parse_file(path)
        times.append(time.perf_counter() - start)
    return times[1:]


def scanned_pdf(path: Path, dpi: int) -> bytes:
    """The PDF's pages as images only (what a scanner makes), rendered with pypdfium2."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    buffer = BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def bench_ocr(path: Path) -> dict[str, object]:
    from index.parser import parse_document
    from index.readers import ocr, read_bytes

    data = scanned_pdf(path, ocr.DPI)
    ocr._engine()  # model load is timed separately
    pages: list[dict[str, float]] = []
    last = [os.times()]

    def progress(done: int, total: int, page: int, seconds: float) -> None:
        now = os.times()
        cpu = (now.user - last[0].user) + (now.system - last[0].system)
        last[0] = now
        pages.append({"page": page, "wall_s": round(seconds, 2), "cpu_s": round(cpu, 2)})

    start, cpu_start = time.perf_counter(), os.times()
    with ocr.ocr_progress(progress):
        report = parse_document(read_bytes(data, path.name))
    whole = time.perf_counter() - start
    cpu_end = os.times()
    cells = sum(len(t.cells()) for t in report.tables())
    return {
        "ocr_source": f"{path.name} rendered at {ocr.DPI} dpi, image-only PDF",
        "ocr_pages": pages,
        "ocr_s_per_page": round(statistics.fmean(p["wall_s"] for p in pages), 2),
        "ocr_cpu_s_per_page": round(statistics.fmean(p["cpu_s"] for p in pages), 2),
        "ocr_document_s": round(whole, 1),
        "ocr_document_cpu_s": round((cpu_end.user - cpu_start.user) + (cpu_end.system - cpu_start.system), 1),
        "ocr_cells": cells,
        "load_average_1min": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned-report benchmark")
    args = parser.parse_args()
    samples = Path(str(files("index").joinpath("samples")))
    texts = sorted(samples.glob("*.txt"))
    pdfs = sorted((samples / "pdf").glob("*.pdf"))
    pages = 0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            pages += len(document.pages)

    text_round = statistics.median(_time(texts, args.rounds))
    pdf_round = statistics.median(_time(pdfs, args.rounds))
    result = {
        "text_reports_per_s": round(len(texts) / text_round, 1),
        "text_ms_per_report": round(1000 * text_round / len(texts), 2),
        "pdf_s_per_page": round(pdf_round / pages, 3),
        "pdf_pages": pages,
        "targets": {"text_reports_per_s": ">= 50", "pdf_s_per_page": "<= 0.5", "ocr_s_per_page": "<= 5"},
    }
    from index.readers.ocr import ocr_available

    if not args.no_ocr and ocr_available():
        result.update(bench_ocr(samples / "pdf" / "hongze-district-2024.pdf"))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
