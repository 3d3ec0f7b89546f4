"""A province without waiting for embeddings (issue 28): N generated reports (bench/province.py,
built from the real ones) ingested with ``--vectors later`` and the default e5 model configured,
timed until every report's figures answer; then the supervisor's view (benchmark, jumps,
copying, risk list) over all of them, with time and peak memory.

    cd REPO && DISCLOSURE_HOME=/tmp/bench-province PYTHONPATH=$PWD nice python bench/bench_province.py \
        --reports 10000 --out /tmp/bench-province-reports [--shared ../shared/reports]

Target (2 cores): every report's figures queryable within 15 minutes of the ingest starting.
Prints one JSON object (also written to --json).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from province import generate_province, source_reports


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True, help="folder for the generated reports (kept: a rerun reuses them)")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared" / "reports")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.pop("DISCLOSURE_EMBEDDING_BACKEND", None)  # the default model (e5) configured

    from assistant.knowledge import KnowledgeBase
    from assistant.settings import load_settings
    from assistant.workbench.copying import copying
    from assistant.workbench.jumps import jumps
    from assistant.workbench.peers import benchmark, population
    from assistant.workbench.risk import rank

    figures: dict[str, object] = {"reports": args.reports, "load_start": os.getloadavg()}
    years = (2021, 2022, 2023, 2024, 2025)
    if not (args.out / "planted.json").exists():
        start = time.perf_counter()
        generate_province(args.out, source_reports(args.shared), count=args.reports, years=years)
        figures["generate_s"] = round(time.perf_counter() - start, 1)
    settings = load_settings()
    figures["embedding_backend"] = settings.embedding_backend
    kb = KnowledgeBase.open(settings)
    start = time.perf_counter()
    result = kb.ingest([args.out], vectors_later=True)
    figures["ingest_facts_s"] = round(time.perf_counter() - start, 1)
    figures["added"], figures["failed"] = len(result.added), len(result.failed)
    figures["queryable_reports"] = len(kb.facts.complete_reports())
    figures["not_searchable_by_meaning"] = len(kb.not_searchable())
    figures["rss_after_ingest_mb"] = round(rss_mb())
    timings = {}
    start = time.perf_counter()
    bodies = population(kb.facts)
    timings["population_s"] = time.perf_counter() - start
    start = time.perf_counter()
    bench = benchmark(kb.facts, years[-1], bodies=[b for b in bodies if b.year == years[-1]])
    timings["benchmark_last_year_s"] = time.perf_counter() - start
    start = time.perf_counter()
    found = jumps(kb.facts, bodies=bodies)
    timings["jumps_all_years_s"] = time.perf_counter() - start
    start = time.perf_counter()
    copies = copying(kb.facts, bodies=bodies)
    timings["copying_all_years_s"] = time.perf_counter() - start
    start = time.perf_counter()
    risks = rank([b for b in bodies if b.year == years[-1]], bench, [j for j in found if j.body.year == years[-1]],
                 [c for c in copies if c.body.year == years[-1]])
    timings["risk_s"] = time.perf_counter() - start
    figures.update({k: round(v, 1) for k, v in timings.items()})
    planted = json.loads((args.out / "planted.json").read_text(encoding="utf-8"))
    flagged = {(c.body.agency, c.body.year, c.section) for c in copies if c.flagged}
    wanted = {(p["agency"], p["year"], p["section"]) for p in planted["copies"]}
    figures.update({
        "standings": len(bench.standings), "outliers": len(bench.outliers()), "jumps": len(found), "sections_compared": len(copies),
        "copied_flagged": len(flagged), "planted_copies": len(wanted), "planted_copies_missed": len(wanted - flagged),
        "unplanted_copies_flagged": len(flagged - wanted), "risk_rows": len(risks),
        "peak_rss_mb": round(rss_mb()), "load_end": os.getloadavg(),
    })
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
