"""The place rules of a question (another kind of area, a bare unknown name, a capitalised English
place: assistant/ask/places.py) over a catalogue of invented bodies, per question, warm.

    python bench/bench_places.py [--bodies N]
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import dataclass

from assistant.ask.places import other_kind_of_area, unknown_bare_name, unknown_english_place
from assistant.ask.words import normalize

QUESTIONS = ["白鹭洲2024年收到多少申请", "请问云川的行政复议多少件", "2024年收到多少申请", "只看2024年的呢", "云岭区2024年收到多少申请"]


@dataclass(frozen=True)
class _Row:
    agency_key: str
    region: str | None


class _Facts:
    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows

    def complete_reports(self) -> list[_Row]:
        return self.rows

    def all_aliases(self) -> list[tuple[str, str]]:
        return []

    def version(self) -> int:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=2000)
    args = parser.parse_args()
    chars = "安川云青白岭溪沙丹霞河山湖江城林泉宁平阳东西南北中新昌兴华"
    stems = ("".join(p) for p in itertools.permutations(chars, 3))
    facts = _Facts([_Row(stem + kind, None) for stem, kind in zip(stems, itertools.cycle("市县区"))][: args.bodies])
    questions = [normalize(q) for q in QUESTIONS]
    start = time.perf_counter()
    unknown_bare_name(questions[0], facts)  # type: ignore[arg-type]
    other_kind_of_area(questions[0], facts)  # type: ignore[arg-type]
    print(f"首次（建名称索引）：{time.perf_counter() - start:.2f} 秒")
    start = time.perf_counter()
    rounds = 40
    for _ in range(rounds):
        for q in questions:
            unknown_bare_name(q, facts)  # type: ignore[arg-type]
            other_kind_of_area(q, facts)  # type: ignore[arg-type]
            unknown_english_place("Xiamen's 2024 requests", facts)  # type: ignore[arg-type]
    print(f"每个问题：{(time.perf_counter() - start) / (rounds * len(questions)) * 1000:.2f} 毫秒（{len(facts.rows)} 个机关）")


if __name__ == "__main__":
    main()
