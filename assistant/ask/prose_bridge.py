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


def find_prose_measure(text: str, prose_only: bool = False) -> tuple[str, str, str] | None:
    """(key, label, unit) of the prose measure the question names (index.prose.find_measures);
    with ``prose_only``, only a measure that stands in for no table cell (a figure only prose states)."""
    found = [m for m in find_measures(text) if not (prose_only and m.cells)]
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


def blank_cell_note(report: Any, figure: Any, value: str, where: str, zh: bool) -> str:
    """Why a table measure is answered from a sentence: the cell is blank, or the report has no
    standard tables at all (a narrative-only report); the sentence quoted."""
    if zh:
        why = "本报告没有标准表格（叙述式报告）" if report.narrative_only else "表格中该格为空"
        return f"{why}；报告正文写明：“{figure.sentence}”（{where}），按正文取 {value}。"
    why = "The report has no standard tables" if report.narrative_only else "The table cell is blank"
    return f"{why}; the text says “{figure.sentence}” ({figure.location})."


def prose_citation(report: Any, figure: Any, where: str, zh: bool) -> str:
    """The source of a figure read from the text of a report without tables: its part and line."""
    from .labels import title as _title

    part = f"第{figure.section}部分" if figure.section else ""
    if zh:
        return f"来源：《{_title(report)}》正文（{part}{where}）。"
    return f"Source: the text of 《{_title(report)}》 ({figure.location})."


def figures_of(kb: Any, agency_key: str | None, year: int | None, measure: str) -> list[Any]:
    """The figures of a measure, those named by the vocabulary's words before those matched by meaning."""
    return sorted(kb.figures(agency_key=agency_key, year=year, measure=measure), key=lambda f: f.by_similarity)


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
