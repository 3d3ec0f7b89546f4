"""The 2019 trial layout's table 二 rows — 政府集中采购 (采购项目数量, 采购总金额) and 其他对外管理服务事项 —
are canonical cells, askable like any other (a published 2019 report from ../shared/reports/real)."""

from __future__ import annotations

import pytest

from assistant.ask.answerer import Answerer
from assistant.ask.labels import fmt as _fmt
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from index.parser import parse_file
from tests.assistant.test_real_reports import REPORTS, needs_reports


def test_amounts_are_written_out() -> None:
    assert (_fmt(75394432.52), _fmt(7730.28), _fmt(12.0), _fmt(3)) == ("75394432.52", "7730.28", "12", "3")


@needs_reports
def test_procurement_and_other_services_are_cells() -> None:
    report = parse_file(REPORTS / "real" / "pingtan-2019.html")
    assert report.layout == "2019"
    assert report.table2.values()["procurement"] == {"items": 135, "amount": 75394432.52}
    assert report.table2.value("other_services", "decisions") == 153


@needs_reports
@pytest.mark.parametrize(("question", "expected"), [
    ("平潭综合实验区2019年政府集中采购项目多少个？", "政府集中采购项目数量 135 个"),
    ("平潭综合实验区2019年政府集中采购总金额是多少？", "政府集中采购总金额 75394432.52 元"),
    ("平潭综合实验区2019年其他对外管理服务事项处理决定多少件？", "153"),
    ("How many centralised procurement projects did 平潭综合实验区 have in 2019?", "135"),
])
def test_asked_like_any_other_cell(question: str, expected: str) -> None:
    kb = KnowledgeBase.open(load_settings())
    kb.ingest([REPORTS / "real" / "pingtan-2019.html"])
    answer = Answerer(kb, None).ask(question)
    assert expected in answer.text, answer.text
    assert "表二" in answer.text or "Source" in answer.text, answer.text
