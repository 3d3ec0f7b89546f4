"""Time reading clerks' notes as they grow: one note set of tests/data/notes repeated to 100, 500 and 1,000 lines.

    PYTHONPATH=CHECKOUT python bench/bench_notes.py [--set NAME] [--e5]

Prints seconds per read for each size; reading must grow in proportion to the lines (a quadratic step shows as
the time per line growing with the size). Run it with PYTHONPATH set to each checkout to compare them.
--e5 reads with the bundled e5 model as the CLI and the app do (its judges embed the clauses they are asked about).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

NOTES = Path(__file__).resolve().parents[1] / "tests" / "data" / "notes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="own5-02-letters-crossorder-label-aside.txt")
    parser.add_argument("--e5", action="store_true", help="read with the bundled e5 model")
    options = parser.parse_args()
    from assistant.draft.notes import read_notes

    embeddings = None
    if options.e5:
        from index.embedding import E5Embeddings

        embeddings = E5Embeddings()
    base = (NOTES / options.set).read_text(encoding="utf-8").strip()
    read_notes(base, embeddings)  # vocabularies, jieba and the model loaded once
    per_copy = len(base.splitlines())
    for lines in (100, 500, 1000):
        text = "\n".join([base] * max(1, lines // per_copy))
        started = time.perf_counter()
        read_notes(text, embeddings)
        took = time.perf_counter() - started
        print(f"{len(text.splitlines()):5d} lines  {took:6.2f} s  {took / len(text.splitlines()) * 1000:5.1f} ms per line")


if __name__ == "__main__":
    main()
