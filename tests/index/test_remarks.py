"""Cells that carry a remark — "18（含自然失效12件）", "5963 (其中网上办理5000件)" — are read as their
number with the remark kept beside the cell, never as blank (and then 0) or as a label; the answer
shows the remark."""

from __future__ import annotations

import pytest

from index.parser import parse_document
from index.readers import read_bytes
from index.vocabulary import split_remark
from tests.conftest import parsed, sample_path


@pytest.mark.parametrize(("text", "expected"), [
    ("30（其中修订12件）", (30, "其中修订12件")),
    ("41（含自然失效20件）", (41, "含自然失效20件")),
    ("5963 (其中网上办理5000件)", (5963, "其中网上办理5000件")),
    ("７.５（万元）", (7.5, "万元")),
    ("（一）予以公开", None),
    ("行政许可（第五项）", None),
    ("30（其中（修订）12件）", None),  # nested brackets: not a remark
    ("30", None),
])
def test_split_remark(text: str, expected: tuple | None) -> None:
    assert split_remark(text) == expected


def test_remark_cells_read_as_their_numbers() -> None:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    text = text.replace("行政规范性文件\t7\t18\t31", "行政规范性文件\t7\t18（含自然失效12件）\t31").replace("行政许可\t5963", "行政许可\t5963（其中网上办理5000件）")
    report = parse_document(read_bytes(text.encode("utf-8"), "利通区2024年报告.txt"))
    original = parsed("litong-district-2024")
    for table in ("table2", "table3", "table4"):
        assert getattr(report, table).values() == getattr(original, table).values(), table
    repealed = report.table2.cell("normative_documents", "repealed")
    assert (repealed.value, repealed.remark, repealed.raw) == (18, "含自然失效12件", "18（含自然失效12件）")
    assert report.table2.cell("licensing", "decisions").remark == "其中网上办理5000件"
    assert report.table2.cell("normative_documents", "in_force").remark is None


def test_the_answer_shows_the_remark(tmp_path) -> None:  # noqa: ANN001
    from assistant.ask.answerer import Answerer
    from assistant.knowledge import KnowledgeBase
    from assistant.settings import load_settings

    text = sample_path("litong-district-2024").read_text(encoding="utf-8").replace("行政许可\t5963", "行政许可\t5963（其中网上办理5000件）")
    path = tmp_path / "利通区2024年政府信息公开工作年度报告.txt"
    path.write_text(text, encoding="utf-8")
    kb = KnowledgeBase.open(load_settings())
    kb.ingest([path])
    answer = Answerer(kb, None).ask("利通区2024年行政许可多少件？")
    assert "5963" in answer.text and any("5963（其中网上办理5000件）" in note for note in answer.notes), (answer.text, answer.notes)
