"""Questions worded by users (clerks, evaluators, journalists): colloquial, abbreviated,
English or mixed, with typos — tests/data/questions_users.json, written before the code that
answers them, each with the exact expected numbers and cells (see the README beside the set's
source). Every answer exact, without an LLM, with the real default embedding model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answering import Answer
from assistant.knowledge import KnowledgeBase
from index.agencies import agency_key
from tests.assistant.test_questions import ask, assert_reads_chinese, kb  # noqa: F401 - the same e5 knowledge base fixture and asking

QUESTIONS = json.loads((Path(__file__).parents[1] / "data" / "questions_users.json").read_text(encoding="utf-8"))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
REFUSAL_WORDS = ("未收录", "尚未收录", "不记录", "没有", "无法", "not indexed", "does not record", "not record", "no report")


def _names(text: str, agency: str) -> bool:
    return agency in text or agency_key(agency) in text


def problems(result: Answer, case: dict) -> list[str]:
    """What the answer gets wrong against the case's expectations (empty when right)."""
    expect = case.get("expect", {})
    text = result.text + " " + " ".join(result.notes)
    found = []
    numbers = {float(n) for n in _NUMBER.findall(text.replace(",", ""))}
    for n in expect.get("numbers", []):
        if not any(abs(abs(float(n)) - abs(x)) < 0.051 for x in numbers):
            found.append(f"number {n}")
    for e in expect.get("facts", []):
        if not any((f.agency, f.year, f.cell, f.value) == (e["agency"], e["year"], e["cell"], e["value"]) for f in result.facts):
            found.append(f"fact {e['cell']}={e['value']} ({e['agency']} {e['year']})")
    for words in expect.get("contains", []):
        if words not in text:
            found.append(f"contains {words!r}")
    for words in expect.get("not_contains", []):
        if words in text:
            found.append(f"not_contains {words!r}")
    for agency in expect.get("agencies", []):
        if not _names(text, agency):
            found.append(f"names {agency}")
    for agency in expect.get("exclude_agencies", []):
        if agency in text:
            found.append(f"does not name {agency}")
    if expect.get("clarify") and result.kind != "clarify":
        found.append(f"clarify (got {result.kind})")
    if expect.get("refuse") and result.kind not in ("not_recorded", "unknown") and not any(w in text for w in REFUSAL_WORDS):
        found.append("refuse")
    return found


def test_the_set_covers_the_categories() -> None:
    from collections import Counter

    counts = Counter(c["category"] for c in QUESTIONS)
    assert len(QUESTIONS) >= 150
    assert counts["rate"] >= 30 and counts["outcome"] >= 20 and counts["list"] >= 20
    assert counts["clarify"] + counts["refuse"] >= 15 and counts["prose"] >= 15 and counts["multipart"] >= 10


# Prose and narrative questions the seam (index.prose, assistant.ask.narrative) does not answer yet,
# each with why (kept visible, not special-cased):
PROSE_GAPS = {
    "红寺堡科技局部门动态公开了几件": "a prose measure named after a table word (公开) loses to the table's 予以公开",
    "利通区通过门户网站公开了几件区政府（办）公文": "two prose measures in one question (门户网站, 公文): the longer phrase wins, not the counted one",
    "红旗区依申请公开收不收费": "a yes/no question on fees answered from table 2's fee amount, not section 六",
}


# Known gaps, each a kind of question the plan cannot express yet (kept visible, not special-cased):
KNOWN_GAPS = {
    "洪泽区现行有效的规范性文件净增了几件": "a change in force should also cite issued − repealed (YEAR-IN-FORCE)",
    "哪些单位的行政复议全部维持了": "a filter comparing two cells of one row (upheld = total)",
    "红旗区那11件复议都是因为什么事被申请的": "an unrecorded topic together with the figure the question itself quotes",
}


def _marks(case: dict) -> list[pytest.MarkDecorator]:
    if case["q"] in KNOWN_GAPS:
        return [pytest.mark.xfail(reason=KNOWN_GAPS[case["q"]], strict=False)]
    if case["q"] in PROSE_GAPS:
        return [pytest.mark.xfail(reason=PROSE_GAPS[case["q"]], strict=False)]
    return []


@pytest.mark.parametrize("case", [pytest.param(c, marks=_marks(c), id=c["q"][:40]) for c in QUESTIONS])
def test_user_question(kb: KnowledgeBase, case: dict) -> None:
    result = ask(kb, case)
    assert_reads_chinese(case, result)
    assert not problems(result, case), (problems(result, case), result.kind, result.text, result.notes)
