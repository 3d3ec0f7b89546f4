"""Validating one parsed report (target ≤ 20 ms for a text report).

    python bench/bench_validate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from importlib.resources import files
from pathlib import Path

from assistant.validation import validate
from index.parser import parse_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    samples = Path(str(files("index").joinpath("samples")))
    reports = [parse_file(path) for path in sorted(samples.glob("*.txt"))]
    timings = []
    for _ in range(args.repeat):
        for report in reports:
            start = time.perf_counter()
            validate(report)
            timings.append(time.perf_counter() - start)
    print(json.dumps({
        "validate_ms_p50": round(1000 * statistics.median(timings), 3),
        "validate_ms_p95": round(1000 * statistics.quantiles(timings, n=20)[-1], 3),
        "target_ms": 20,
    }, indent=2))


if __name__ == "__main__":
    main()
