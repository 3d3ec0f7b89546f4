"""A body's kind, read from its official name by rule (assistant/workbench/supervision.toml):
a government of its level (区县人民政府, 市人民政府) or a department of its level (市级部门).
Peers are bodies of the same kind in the same year.

>>> body_kind("某某市某某区人民政府"), body_kind("某某市市场监督管理局"), body_kind("某某县科学技术局")
('区县人民政府', '市级部门', '区县部门')
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

LEVEL_ORDER = {"省": 0, "市": 1, "区县": 2}


@cache
def supervision() -> dict[str, Any]:
    """The thresholds and words of the supervisor's view (one data file)."""
    return tomllib.loads(files("assistant").joinpath("workbench/supervision.toml").read_text(encoding="utf-8"))


def _place(name: str) -> tuple[str | None, int]:
    """The level of the run of place words a name starts with, and where the rest begins."""
    data = supervision()["kinds"]
    level, at = None, 0
    while True:
        best: tuple[int, int, str] | None = None  # (start, end, level)
        for entry in data["levels"]:
            word = entry["word"]
            start = at + 1  # a place has at least one character of its own before its word
            while True:
                i = name.find(word, start, at + data["max_place_chars"] + len(word))
                if i < 0:
                    break
                after = name[i + len(word): i + len(word) + 1]
                if not after or after not in entry["not_before"]:
                    if best is None or i < best[0]:
                        best = (i, i + len(word), entry["level"])
                    break
                start = i + 1
        if best is None or (level is not None and LEVEL_ORDER[best[2]] < LEVEL_ORDER[level]):
            return level, at
        level, at = best[2], best[1]
        for entry in data["levels"]:  # a place word right after another is the same place's (红旗 + 区)
            after = name[at + len(entry["word"]): at + len(entry["word"]) + 1]
            if name.startswith(entry["word"], at) and LEVEL_ORDER[entry["level"]] >= LEVEL_ORDER[level] \
                    and (not after or after not in entry["not_before"]):
                level, at = entry["level"], at + len(entry["word"])
                break


def body_kind(name: str | None) -> str:
    """The kind of body a name is (data-driven; "其他部门" when no level is read)."""
    data = supervision()["kinds"]
    bare = re.sub(r"\s+", "", name or "")
    stripped = next((bare[: -len(e)] for e in data["government_endings"] if bare.endswith(e) and len(bare) > len(e)), bare)
    level, rest = _place(stripped)
    if level is None:
        return data["no_level_department"]
    if rest >= len(stripped):  # nothing after the place: the place's government
        return data["government_kind"][level]
    return data["department_kind"][level]


def kinds() -> list[str]:
    data = supervision()["kinds"]
    return [*data["government_kind"].values(), *data["department_kind"].values(), data["no_level_department"]]
