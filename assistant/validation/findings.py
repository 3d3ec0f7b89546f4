"""What a validator returns: findings, never exceptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from index.model import Cell, Number

Severity = Literal["error", "warning"]


class Finding(BaseModel):
    """One broken rule: which cell, what was expected, what the report says, and where.

    ``cells`` names every cell of the broken equation (a sum names its parts too);
    ``explained_by`` is set when one cell, corrected, would mend every error of its table.
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


def where(cell: Cell | None) -> str | None:
    return str(cell.location) if cell is not None and cell.location is not None else None
