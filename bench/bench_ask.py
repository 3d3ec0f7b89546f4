"""Answer latency, warm, with the real embedding model: table answers (target p50 ≤ 50 ms) and
narrative answers (target p50 ≤ 300 ms), over the question set of tests/data/questions.json.

    python bench/bench_ask.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.answering import Answerer
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings

QUESTIONS = Path(__file__).parents[1] / "tests" / "data" / "questions.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    kb = KnowledgeBase.open(load_settings(home=Path(tempfile.mkdtemp(prefix="disclosure-ask-")), embedding_backend="e5"))
    kb.ingest(sample_paths())
    cases = [c for c in json.loads(QUESTIONS.read_text(encoding="utf-8")) if "history" not in c]
    for case in cases:  # warm: model, BM25 and pinyin loaded, every filter seen once
        Answerer(kb).ask(case["q"])
    timings: dict[str, list[float]] = {"table": [], "narrative": [], "cross_report": []}
    for _ in range(args.rounds):
        for case in cases:
            start = time.perf_counter()
            result = Answerer(kb).ask(case["q"])
            elapsed = time.perf_counter() - start
            group = "narrative" if result.kind == "narrative" else "cross_report" if result.kind in ("rank", "total", "errors", "compare") else "table"
            timings[group].append(elapsed)
    report = {
        name: {"n": len(values), "p50_ms": round(1000 * statistics.median(values), 1),
               "p95_ms": round(1000 * statistics.quantiles(values, n=20)[-1], 1)}
        for name, values in timings.items() if values
    }
    report["targets"] = {"table_p50_ms": 50, "narrative_p50_ms": 300}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
