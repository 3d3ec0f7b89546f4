"""Figures in prose in the knowledge base: written with the report's cells, read back exactly,
removed with the report, and refilled (at the next ingest) in a store written before they were kept."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, update

from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
from index.facts import SCHEMA, figures, store_version
from index.prose import ProseFigure
from tests.assistant.test_knowledge import kb, settings  # noqa: F401 - fixtures (SQLite; PostgreSQL in CI)
from tests.conftest import sample_path

EXPECTED = Path(__file__).parent.parent / "data" / "prose"


def expected(name: str) -> list[tuple]:
    return [(r["measure"], r["value"], r["unit"], r["sentence"], r["section"], r["location"])
            for r in json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))]


def stored(found: list[ProseFigure]) -> list[tuple]:
    return [(f.measure, f.value, f.unit, f.sentence, f.section, f.location) for f in found]


def test_figures_round_trip_through_the_store(kb: KnowledgeBase) -> None:  # noqa: F811
    kb.ingest([sample_path("litong-district-2024"), sample_path("hongze-district-2024"), sample_path("hongze-district-2023")])
    assert stored(kb.figures("利通区", 2024)) == expected("litong-district-2024")
    assert stored(kb.figures("淮安市洪泽区人民政府", 2024)) == expected("hongze-district-2024")  # any spelling of the body
    (fees,) = kb.figures("洪泽区", 2023, "processing_fees")
    assert (fees.agency, fees.year, fees.value, fees.unit, fees.location) == ("洪泽区人民政府", 2023, 0, "元", "第 5 页第 4 行")
    assert fees.report_id == next(r.id for r in kb.reports() if r.year == 2023)
    assert [(f.agency, f.year, f.value) for f in kb.figures(measure="requests_received")] == [
        ("利通区", 2024, 38), ("洪泽区人民政府", 2023, 21), ("淮安市洪泽区人民政府", 2024, 17)]
    assert kb.figures(measure="no_such_measure") == [] and kb.figures("利通区", 2023) == []


def test_figures_go_with_their_report(kb: KnowledgeBase) -> None:  # noqa: F811
    kb.ingest([sample_path("litong-district-2024"), sample_path("wuzhong-approval-bureau-2023")])
    litong = next(r for r in kb.reports() if r.agency == "利通区")
    kb.remove(litong.id)
    assert kb.figures("利通区") == [] and {f.agency for f in kb.figures()} == {"吴忠市审批服务管理局"}
    with kb.facts.engine.connect() as db:
        assert db.execute(figures.select().where(figures.c.report_id == litong.id)).first() is None


def test_a_pending_report_shows_no_figures(kb: KnowledgeBase) -> None:  # noqa: F811
    kb.ingest([sample_path("litong-district-2024")])
    (report,) = kb.reports()
    kb.facts.mark_pending(report.id)
    assert kb.figures() == []


def test_an_older_store_gets_its_figures_at_the_next_ingest(kb: KnowledgeBase, settings: Settings) -> None:  # noqa: F811
    kb.ingest([sample_path("litong-district-2024"), sample_path("hongqi-district-2024")])
    with kb.facts.engine.begin() as db:  # as a store written before figures were kept
        db.execute(delete(figures))
        db.execute(delete(store_version).where(store_version.c.id == 2))
    assert kb.facts.schema() == 1 and kb.figures() == []
    reopened = KnowledgeBase.open(settings)
    assert reopened.figures() == []  # opening stays fast; the next ingest refills
    reopened.ingest([sample_path("wuzhong-approval-bureau-2023")])
    assert stored(reopened.figures("利通区")) == expected("litong-district-2024")
    assert stored(reopened.figures("红旗区")) == expected("hongqi-district-2024")
    assert reopened.facts.schema() == SCHEMA and reopened.upgrade() == []  # once


def test_an_older_store_whose_file_is_gone_keeps_its_cells(kb: KnowledgeBase, settings: Settings, tmp_path: Path) -> None:  # noqa: F811
    copy = tmp_path / "litong.txt"
    copy.write_bytes(sample_path("litong-district-2024").read_bytes())
    kb.ingest([copy])
    with kb.facts.engine.begin() as db:
        db.execute(delete(figures))
        db.execute(update(store_version).where(store_version.c.id == 2).values(value=1))
    copy.unlink()
    reopened = KnowledgeBase.open(settings)
    assert reopened.upgrade() == []
    (report,) = reopened.reports()
    assert reopened.figures() == [] and reopened.facts.cells(report.id)
    assert reopened.facts.schema() == SCHEMA
