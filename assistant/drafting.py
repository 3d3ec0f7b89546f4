"""Drafting — the names the app, the CLI and the tests use. The work lives in assistant/draft/:
notes.py reads a clerk's notes, section5.py writes section 五 (polish.py lets a model smooth
it behind guards), sections.py writes 一 and 六 from figures, report.py the whole report."""

from __future__ import annotations

from .draft.notes import Measure, Notes, Point, normalize_terms, read_notes, topic_of
from .draft.section5 import FORMS, DraftCheck, Section5Draft, as_measure, check_section5, compose, detect_form, draft_section5, suggest
from .draft.sections import draft_section1, draft_section1_requests, draft_section6

parse_notes = read_notes


def compose_section5(notes: Notes, agency: str | None = None, year: int | None = None, form: str = "paragraph") -> str:
    """The deterministic section 五 as text."""
    return compose(notes, agency, year, form).text  # type: ignore[arg-type]


def suggest_measures(notes: Notes, retriever: object | None = None) -> None:
    """A suggestion from the measure library for each problem without a measure."""
    suggest(notes)


__all__ = [
    "FORMS", "DraftCheck", "Measure", "Notes", "Point", "Section5Draft", "as_measure", "check_section5", "compose_section5",
    "detect_form", "draft_section1", "draft_section1_requests", "draft_section5", "draft_section6", "normalize_terms",
    "parse_notes", "read_notes", "suggest_measures", "topic_of",
]
