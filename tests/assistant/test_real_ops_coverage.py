"""The user-worded operations set over the eight real reports (tests/data/questions_real_ops.json,
asked by tests/assistant/test_real_questions.py) covers what the issue asks of it: two or more
bodies, spans of years (argmax, ratio, difference, range sums, per year), refusals, English,
narrative and several bodies over several years."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

CASES = json.loads((Path(__file__).parents[1] / "data" / "questions_real_ops.json").read_text(encoding="utf-8"))


def test_the_operations_set_covers_what_users_write() -> None:
    counts = Counter(c["category"] for c in CASES)
    assert counts["bodies"] >= 25 and counts["years"] >= 30 and counts["refuse"] >= 10
    assert counts["narrative"] >= 3 and counts["measures"] >= 3 and counts["table"] >= 2
    english = [c for c in CASES if sum(ch.isascii() and ch.isalpha() for ch in c["q"]) > len(c["q"]) // 3]
    assert len(english) >= 8
    assert all(c["expect"] for c in CASES)  # every case checks something exact
