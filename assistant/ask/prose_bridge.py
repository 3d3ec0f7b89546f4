"""The seam to figures stated in prose (index.prose, KnowledgeBase.figures) and to sentence-level
narrative answers (assistant.ask.narrative)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.prose import Measure, find_measures, measures, measures_for_cell

from .narrative import extract_points as points_of
from .narrative import format_points

if TYPE_CHECKING:
    from ..answering import Answer
    from .executor import Executor
    from .plan import Plan


def prose_measures() -> list[Measure]:
    return measures()


def find_prose_measure(text: str) -> tuple[str, str, str] | None:
    """(key, label, unit) of the prose measure the question names (index.prose.find_measures)."""
    found = find_measures(text)
    return (found[0].key, found[0].label, found[0].unit) if found else None


def prose_measure_for(label: str, words: tuple[str, ...], cells: tuple[str, ...] = ()) -> str | None:
    """The prose measure that states the same thing as a table measure (for blank cells): the one
    whose ``cells`` (index/vocab/prose.toml) name the measure's cell, else one sharing its words."""
    for cell in cells:
        if found := measures_for_cell(cell):
            return found[0].key
    for m in measures():
        mine = {m.label, *m.words}
        if label in mine or any(w in mine for w in words if len(w) >= 2):
            return m.key
    return None


def figures_of(kb: Any, agency_key: str | None, year: int | None, measure: str) -> list[Any]:
    return list(kb.figures(agency_key=agency_key, year=year, measure=measure))


def extract_points(ex: Executor, plan: Plan) -> Answer | None:
    """Sentence-level narrative answer (points, each quoted and cited), or None when none answers."""
    from ..answering import Answer
    from .passages import expand_topic, section_of

    zh = plan.language == "zh"
    key = plan.bodies[0] if len(plan.bodies) == 1 else None
    year = plan.years[0] if len(plan.years) == 1 else None  # several years ("两年走势"): passages of each
    topic = expand_topic(plan.topic or plan.question)
    passages = [p for p in ex.kb.retriever.search(topic, k=8, agency_key=key, year=year, section=section_of(topic)) if p.kind == "text"]
    points = points_of(plan.question, passages, limit=5)
    if not points:
        return None
    head = "报告中的相关内容：" if zh else "From the reports (quoted in Chinese):"
    return Answer(head + "\n" + format_points(points, zh), "narrative", passages=passages[:5])
