"""Example questions for the 问答 tab, written about what the knowledge base holds (never about
bodies it does not): one body's newest report, the same body over two years, every body."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from index.agencies import body_names


def example_questions(reports: Iterable[Any]) -> list[str]:
    """Six questions a person may click: a number, the same in English, a ranking, a comparison of
    two years, what a report says, and the reports with errors."""
    rows = [r for r in reports if r.agency_key and r.year]
    if not rows:
        return ["哪个机关的行政复议最多？", "哪些报告有错误？"]
    names = body_names(rows)
    years: dict[str, list[int]] = {}
    for r in rows:
        years.setdefault(r.agency_key, []).append(r.year)
    key = max(years, key=lambda k: (len(set(years[k])) > 1, max(years[k]), -len(names[k]), k))  # prefer a body with two years
    name, newest = names[key], max(years[key])
    short = key if len(key) < len(name) else name
    questions = [f"{short}{newest}年不予公开多少件？", f"how many requests did {short} deny in {newest}", "哪个机关的行政复议最多？"]
    earlier = sorted(set(years[key]))
    if len(earlier) > 1:
        questions.append(f"{short}{earlier[-2]}年和{earlier[-1]}年收到的申请比较")
    else:
        questions.append(f"{short}{newest}年行政复议纠错率多少")
    questions += [f"{short}如何做政策解读？", "哪些报告有错误？"]
    return questions
