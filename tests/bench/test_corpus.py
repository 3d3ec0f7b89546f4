"""The benchmarks' generated corpus: varied (bodies, years, table figures, narrative counts),
reproducible, and no less consistent than the sample each report comes from."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from assistant.knowledge import sample_paths
from assistant.validation import validate
from index.parser import parse_file

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from corpus import generate  # noqa: E402


def test_generated_reports_vary_and_stay_consistent(tmp_path: Path) -> None:
    paths = generate(tmp_path / "a", 15)
    samples = [parse_file(p) for p in sample_paths() if p.suffix == ".txt"]
    reports = [parse_file(p) for p in paths]
    for n, report in enumerate(reports):
        sample = samples[n % len(samples)]
        assert Counter(f.rule for f in validate(report)) <= Counter(f.rule for f in validate(sample)), report.agency
        assert report.agency != sample.agency and report.table3 is not None and report.table4 is not None
    received = {r.table3.value("new_requests", "total") for r in reports if r.table3 is not None}
    assert len({r.agency for r in reports}) == 15 and len({r.year for r in reports}) > 2 and len(received) > 5
    assert [p.read_bytes() for p in generate(tmp_path / "b", 15)] == [p.read_bytes() for p in paths]  # same seed, same files
