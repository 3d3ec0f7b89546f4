"""Parse throughput: text reports per second and PDF seconds per page.

Targets on the 2-core machine: ≥ 50 text reports/s, ≤ 0.5 s per PDF page.

    python bench/bench_parse.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
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
        "targets": {"text_reports_per_s": ">= 50", "pdf_s_per_page": "<= 0.5"},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
