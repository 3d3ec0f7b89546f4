"""The seam to figures stated in prose (index.prose, KnowledgeBase.figures) and to sentence-level
narrative answers (assistant.ask.narrative), built on a parallel branch. Until they are present
every function here answers "nothing", and the executor falls back to the table layer.
Delete the fallbacks once both are merged."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from ..questions import _contains

if TYPE_CHECKING:
    from ..answering import Answer
    from .executor import Executor
    from .plan import Plan


@cache
def prose_measures() -> list[Any]:
    try:
        from index.prose import measures

        return list(measures())
    except Exception:  # noqa: BLE001 - not merged yet, or its vocabulary missing: no prose measures
        return []


def _field(m: Any, name: str, default: Any = None) -> Any:
    return m.get(name, default) if isinstance(m, dict) else getattr(m, name, default)


def find_prose_measure(text: str) -> tuple[str, str, str] | None:
    """(key, label, unit) of the prose measure whose words the question uses (longest word wins)."""
    best: tuple[int, str, str, str] | None = None
    for m in prose_measures():
        for word in [_field(m, "label", "")] + list(_field(m, "words", []) or []) + list(_field(m, "english", []) or []):
            if word and _contains(text, str(word).lower()) and (best is None or len(word) > best[0]):
                best = (len(word), _field(m, "key"), _field(m, "label", ""), _field(m, "unit", "") or "")
    return (best[1], best[2], best[3]) if best else None


def prose_measure_for(label: str, words: tuple[str, ...]) -> str | None:
    """The prose measure that states the same thing as a table measure (for blank cells)."""
    for m in prose_measures():
        mine = {str(w) for w in [_field(m, "label", "")] + list(_field(m, "words", []) or [])}
        if label in mine or any(w in mine for w in words if len(w) >= 2):
            return _field(m, "key")
    return None


def figures_of(kb: Any, agency_key: str | None, year: int | None, measure: str) -> list[Any]:
    figures = getattr(kb, "figures", None)
    if figures is None:
        return []
    try:
        return list(figures(agency_key=agency_key, year=year, measure=measure))
    except Exception:  # noqa: BLE001 - a store without the prose table yet: no figures
        return []


def extract_points(ex: Executor, plan: Plan) -> Answer | None:
    """Sentence-level narrative answer (points, each cited), or None without the narrative module."""
    try:
        from assistant.ask.narrative import extract_points as points_of  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - not merged yet: the table layer's narrative answer stands
        return None
    from ..answering import Answer, _section_of, expand_topic

    zh = plan.language == "zh"
    key = plan.bodies[0] if len(plan.bodies) == 1 else None
    year = plan.years[0] if plan.years else None
    topic = expand_topic(plan.topic or plan.question)
    passages = [p for p in ex.kb.retriever.search(topic, k=8, agency_key=key, year=year, section=_section_of(topic)) if p.kind == "text"]
    points = points_of(plan.question, passages, limit=5)
    if not points:
        return None
    lines = [f"{i + 1}. {'“' + p.text + '”' if p.quoted else p.text}——{p.citation}" for i, p in enumerate(points)]
    head = "报告中的相关内容：" if zh else "From the reports (in Chinese):"
    return Answer(head + "\n" + "\n".join(lines), "narrative", passages=passages[:5])
