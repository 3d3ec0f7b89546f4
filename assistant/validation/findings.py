"""What a validator returns: findings, never exceptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from index.model import Cell, Number

Severity = Literal["error", "warning"]


class Consequence(BaseModel):
    """A total that does not hold because of the finding's cell: the rule, the total's cell,
    the value the total would need as the table stands, and the value it has."""

    rule: str
    cell: str
    expected: Number | None = None
    found: Number | None = None


class Finding(BaseModel):
    """One broken rule: which cell, what was expected, what the report says, and where.

    ``message`` is Chinese for a person (no ids, no rule codes); ``rule`` and ``cell`` are the
    canonical codes for code, ``--json`` and the API.
    ``cells`` names every cell of the broken equation (a sum names its parts too);
    ``explained_by`` is set when one cell, corrected, would mend every error of its table: the
    finding is then that cell (rule CULPRIT) and ``consequences`` lists the totals it breaks.
    """

    rule: str
    severity: Severity
    cell: str | None = None
    expected: Number | str | None = None
    found: Number | str | None = None
    message: str
    location: str | None = None
    cells: list[str] = Field(default_factory=list)
    explained_by: str | None = None
    consequences: list[Consequence] = Field(default_factory=list)


def where(cell: Cell | None) -> str | None:
    return str(cell.location) if cell is not None and cell.location is not None else None
