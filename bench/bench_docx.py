"""Time the Word export of the whole 洪泽区 2025 report (figures and notes in bench/data/draft_review/).

    PYTHONPATH=CHECKOUT python bench/bench_docx.py [--runs N] [--home DIR]

Drafts the report once (fake embeddings; the samples are ingested into DIR on first use), then
builds its .docx N times and prints the mean milliseconds and the file's size. Run it with
PYTHONPATH set to each checkout to compare them on the same machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "draft_review"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--home", type=Path, default=Path("/tmp/docx-speed-home"))
    options = parser.parse_args()
    from assistant.draft.report import draft_report
    from assistant.figures import parse_figures
    from assistant.knowledge import KnowledgeBase, sample_paths
    from assistant.settings import load_settings

    kb = KnowledgeBase.open(load_settings(home=options.home, embedding_backend="fake"))
    if not kb.facts.reports_of(kb.facts.agency_keys("洪泽区")):
        kb.ingest(sample_paths())
    figures = parse_figures((DATA / "hongze-2025-figures.txt").read_text(encoding="utf-8"))
    draft = draft_report(kb, "洪泽区", 2025, figures, (DATA / "hongze-2025-notes.txt").read_text(encoding="utf-8"))
    data = draft.docx()
    started = time.perf_counter()
    for _ in range(options.runs):
        data = draft.docx()
    print(f"{(time.perf_counter() - started) / options.runs * 1000:.0f} ms per .docx, {len(data)} bytes")


if __name__ == "__main__":
    main()
