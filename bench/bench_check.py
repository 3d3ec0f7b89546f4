"""Batch check at scale: reports per minute and peak memory of ``check_batch`` over generated
reports (bench/corpus.py), the findings workbook and CSV streamed to disk.

    python bench/bench_check.py [--reports 1000] [--workdir DIR]

Each size runs in a fresh process, so its peak resident memory is its own; the smaller size
shows whether memory grows with the number of reports (it should not: rows go to disk and only
each report's tables are kept for the cross-year rules).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_one(folder: Path, count: int, out: Path) -> dict:
    """Check the first ``count`` generated reports (in this process) and measure."""
    from assistant.workbench.check import check_batch
    from index.parser import parse_file

    files = sorted(folder.glob("*.md"))[:count]
    parse_file(files[0])  # imports and vocabularies loaded before the clock starts
    before = _rss_mib()
    start = time.perf_counter()
    result = check_batch(files, xlsx=out / f"findings-{count}.xlsx", csv=out / f"findings-{count}.csv")
    seconds = time.perf_counter() - start
    return {
        "reports": result.reports, "findings_rows": result.rows, "unreadable": len(result.unreadable),
        "seconds": round(seconds, 1), "reports_per_minute": round(60 * result.reports / seconds),
        "rss_before_mib": round(before), "peak_rss_mib": round(_rss_mib()),
        "peak_growth_mib": round(_rss_mib() - before),
        "xlsx_mib": round((out / f"findings-{count}.xlsx").stat().st_size / 2**20, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=None, help="Keep the generated reports here (reused when present).")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # internal: one size in this process
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-check-"))
    corpus = work / "corpus"
    if args.one is not None:
        print(json.dumps(run_one(corpus, args.one, work)))
        return
    have = len(list(corpus.glob("*.md"))) if corpus.exists() else 0
    if have < args.reports:
        from bench.corpus import generate

        start = time.perf_counter()
        generate(corpus, args.reports)
        print(f"generated {args.reports} reports in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    sizes = sorted({max(1, args.reports // 5), args.reports})
    results = {}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    for size in sizes:
        done = subprocess.run([sys.executable, __file__, "--workdir", str(work), "--one", str(size)],
                              capture_output=True, text=True, env=env, check=True)
        results[size] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps({
        "sizes": results,
        "cpu": f"{os.cpu_count()} cores, shared with other work while measured",
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
