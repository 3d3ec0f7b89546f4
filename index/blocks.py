"""What every reader yields: a document as headings, paragraphs and table grids, in order.

Readers know file formats and nothing about reports; the parser knows reports and nothing
about file formats. Blocks are plain dataclasses: the readers make thousands of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .model import Location

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass
class GridRow:
    """One row of a table grid; merged cells are already expanded (or None where a reader
    could only tell that a cell was covered by a merge)."""

    cells: list[str | None]
    location: Location
    # Where each cell sits, when a reader knows more than the row's location (OCR boxes).
    cell_locations: list[Location | None] | None = None


@dataclass
class Block:
    kind: BlockKind
    text: str
    location: Location
    rows: list[GridRow] = field(default_factory=list)
    level: int | None = None  # heading level where the source says (markdown #, <h2>, Word style)


@dataclass
class Document:
    """A file as blocks, plus what the reader noticed (e.g. the encoding it had to guess)."""

    blocks: list[Block]
    source: str
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
