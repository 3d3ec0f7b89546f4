"""What an answer is: its text, the numbers it states with the cell each came from (Fact), the
passages it quotes, notes, and the plans it answers. Answers are made in assistant.ask.

>>> Answerer(kb).ask("how many requests did 利通区 deny in 2024").text   # doctest: +SKIP
'7 withheld (不予公开): 6 to protect third-party rights, 1 internal affairs; also …'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.retrieval import Passage


@dataclass
class Fact:
    """A number the answer states, with the cell it came from."""

    report: str
    report_id: str
    agency: str | None
    year: int | None
    cell: str
    value: int | float | None
    location: str = ""
    derived: bool = False  # a sum of cells (e.g. table3.withheld.total), not a printed cell
    row: dict[str, int | float | None] = field(default_factory=dict)  # the table row the cell sits in

    def as_json(self) -> dict[str, Any]:
        return {"report": self.report, "agency": self.agency, "year": self.year, "cell": self.cell, "value": self.value,
                "location": self.location, "derived": self.derived}


@dataclass
class Answer:
    text: str
    kind: str  # value, compare, rank, total, errors, reports, narrative, unknown
    facts: list[Fact] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plans: list[Any] = field(default_factory=list)  # the plans it answers (assistant.ask.plan.Plan)

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "kind": self.kind,
            "plans": [p.as_json() for p in self.plans],
            "facts": [f.as_json() for f in self.facts],
            "passages": [{"report": p.title or p.agency, "report_id": p.report_id, "agency": p.agency, "year": p.year,
                          "section": p.section, "heading": p.heading, "paragraph": p.paragraph, "start": p.start, "end": p.end,
                          "text": p.text} for p in self.passages],
            "notes": self.notes,
        }
