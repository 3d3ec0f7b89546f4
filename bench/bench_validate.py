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
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    samples = Path(str(files("index").joinpath("samples")))
    paths = sorted(samples.glob("*.txt"))
    reports = [parse_file(path) for path in paths]
    alone, with_parse = [], []
    for _ in range(args.repeat):
        for path, report in zip(paths, reports):
            start = time.perf_counter()
            validate(report)
            alone.append(time.perf_counter() - start)
            start = time.perf_counter()
            validate(parse_file(path))
            with_parse.append(time.perf_counter() - start)

    def ms(values: list[float], q: int) -> float:
        return round(1000 * (statistics.median(values) if q == 50 else statistics.quantiles(values, n=20)[-1]), 3)

    print(json.dumps({
        "validate_ms_p50": ms(alone, 50), "validate_ms_p95": ms(alone, 95),
        "parse_and_validate_ms_p50": ms(with_parse, 50), "parse_and_validate_ms_p95": ms(with_parse, 95),
        "target_ms": 20,
    }, indent=2))


if __name__ == "__main__":
    main()
