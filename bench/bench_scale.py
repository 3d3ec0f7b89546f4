"""Scale: ingest N generated reports (the samples varied) and time table, cross-report and
narrative questions over all of them. Backends and embedding model from the options.

    python bench/bench_scale.py --reports 10000 [--embedding e5|fake] [--home DIR]
        [--database-url postgresql+psycopg://…] [--chroma host:port [--chroma-path DIR]]

With --home (or a server database that already holds them) the reports are ingested once and
later runs only time the questions. Disk per report: the data home for the embedded backends;
PostgreSQL's database size and the Chroma server's directory (--chroma-path) for the servers.

Targets (2 cores): cross-report p50 ≤ 200 ms (rankings of rates and lists included), table and
derived p50 ≤ 50 ms, narrative p50 ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from corpus import generate
from sqlalchemy import func, select

from assistant.ask.answerer import Answerer, warm
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings

TABLE = ["利通区2024年不予公开多少件？", "红旗区行政复议多少件", "How many requests did Hongze receive in 2024?"]
CROSS = ["2024年哪个机关的行政复议最多？", "2024年所有机关合计收到多少申请", "哪个机关的行政处罚最多",
         "2024年哪个单位的行政复议纠错率最高", "2024年哪些单位一件申请都没收到？"]
DERIVED = ["红旗区行政复议纠错率是多少？", "利通区2024年的公开率", "洪泽区行政许可同比变化"]
NARRATIVE = ["利通区如何做政策解读？", "红旗区存在哪些问题", "What problems did Hongqi district report?"]


def percentiles(kb: KnowledgeBase, questions: list[str], rounds: int = 5) -> dict[str, float]:
    for question in questions:
        Answerer(kb).ask(question)  # warm
    times = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            Answerer(kb).ask(question)
            times.append(time.perf_counter() - start)
    return {"p50_ms": round(1000 * statistics.median(times), 1), "p95_ms": round(1000 * statistics.quantiles(times, n=20)[-1], 1)}


def disk_bytes(kb: KnowledgeBase, home: Path, chroma_path: Path | None) -> int | None:
    """Bytes the stores take: the data home, or the PostgreSQL database plus the Chroma server's directory."""
    if kb.facts.url.startswith("sqlite"):
        return sum(p.stat().st_size for p in home.rglob("*") if p.is_file())
    if chroma_path is None:
        return None
    with kb.facts.engine.connect() as db:
        database = db.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
    return database + sum(p.stat().st_size for p in chroma_path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--embedding", default="e5")
    parser.add_argument("--home", type=Path, help="data home to use and keep (reused by later runs)")
    parser.add_argument("--database-url")
    parser.add_argument("--chroma")
    parser.add_argument("--chroma-path", type=Path, help="the Chroma server's --path, to measure its size")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="disclosure-scale-"))
    settings = load_settings(home=home, embedding_backend=args.embedding, database_url=args.database_url, chroma=args.chroma)
    kb = KnowledgeBase.open(settings)
    report: dict[str, object] = {
        "reports": args.reports, "embedding": args.embedding,
        "backend": "server" if args.database_url or args.chroma else "embedded",
    }
    if kb.facts.counts()["reports"] < args.reports + 7:
        kb.ingest(sample_paths())
        paths = generate(Path(tempfile.mkdtemp(prefix="disclosure-gen-")), args.reports)
        start = time.perf_counter()
        result = kb.ingest(paths)
        seconds = time.perf_counter() - start
        disk = disk_bytes(kb, home, args.chroma_path)
        report |= {
            "ingest_minutes": round(seconds / 60, 1),
            "ingest_reports_per_min": round(args.reports / seconds * 60, 1),
            "chunks": result.chunks, "texts_embedded": result.embedded,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "disk_kb_per_report": round(disk / 1024 / (args.reports + 7), 1) if disk is not None else None,
        }
    start = time.perf_counter()
    warm(kb)  # what a served app does at start: word index, body names
    report["warm_up_s"] = round(time.perf_counter() - start, 1)
    report |= {"table": percentiles(kb, TABLE), "derived": percentiles(kb, DERIVED), "cross_report": percentiles(kb, CROSS),
               "narrative": percentiles(kb, NARRATIVE)}
    print(json.dumps(report, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
