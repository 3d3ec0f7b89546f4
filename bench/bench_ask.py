"""Answer latency, warm, in process, with the real embedding model, per kind of answer: table
and derived answers (targets p50 ≤ 50 ms), narrative answers (p50 ≤ 300 ms), over the question
sets tests/data/questions.json and tests/data/questions_users.json.

    python bench/bench_ask.py [--rounds N] [--home DIR]   (--home: reuse an ingested sample store)
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.ask.answerer import Answerer
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings

DATA = Path(__file__).parents[1] / "tests" / "data"
QUESTIONS = [DATA / "questions.json", DATA / "questions_users.json"]
GROUPS = {"narrative": "narrative", "prose": "narrative", "derived": "derived", "rank": "cross_report", "total": "cross_report",
          "errors": "cross_report", "compare": "cross_report", "list": "cross_report", "reports": "cross_report", "extreme": "cross_report", "table": "cross_report",
          "multi": "multi_part"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    kb = KnowledgeBase.open(load_settings(home=args.home or Path(tempfile.mkdtemp(prefix="disclosure-ask-")), embedding_backend="e5"))
    kb.ingest(sample_paths())
    cases = [c for path in QUESTIONS for c in json.loads(path.read_text(encoding="utf-8")) if "history" not in c]
    for case in cases:  # warm: model, BM25 and pinyin loaded, every filter seen once
        Answerer(kb).ask(case["q"])
    timings: dict[str, list[float]] = {"table": [], "derived": [], "narrative": [], "cross_report": [], "multi_part": [], "other": []}
    for _ in range(args.rounds):
        for case in cases:
            start = time.perf_counter()
            result = Answerer(kb).ask(case["q"])
            elapsed = time.perf_counter() - start
            group = GROUPS.get(result.kind, "table" if result.kind == "value" else "other")
            timings[group].append(elapsed)
    report = {
        name: {"n": len(values), "p50_ms": round(1000 * statistics.median(values), 1),
               "p95_ms": round(1000 * statistics.quantiles(values, n=20)[-1], 1)}
        for name, values in timings.items() if values
    }
    report["targets"] = {"table_p50_ms": 50, "derived_p50_ms": 50, "narrative_p50_ms": 300}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
