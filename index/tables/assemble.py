"""Which grid is which table, and joining a table's pieces (page breaks, lines the reader
could not place inside the grid)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..blocks import Block, GridRow
from ..model import Location, TableName
from ..readers.text import split_row
from ..sections import section_of_heading
from ..vocabulary import vocabulary

_MAX_STRAY_CHARS = 60


@dataclass
class TableRows:
    name: TableName
    rows: list[GridRow] = field(default_factory=list)
    location: Location | None = None


def classify(block: Block) -> TableName | None:
    """The standard table a grid belongs to, by the words in it (None for a grid of numbers)."""
    scores = {
        name: sum(block.text.count(word) for word in words)
        for name, words in vocabulary().table_keywords().items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else None  # type: ignore[return-value]


def _stray_row(block: Block) -> bool:
    """A paragraph that is really a table line the reader could not keep in the grid:
    a wrapped label's second line, or a row below the last ruling line of a page."""
    text = block.text.strip()
    return (
        block.kind == "paragraph"
        and len(text) <= _MAX_STRAY_CHARS
        and not text.endswith(("：", ":"))
        and section_of_heading(block) is None
    )


def assemble_tables(blocks: list[Block]) -> tuple[dict[TableName, TableRows], set[int]]:
    """Group the document's grids into tables 2, 3 and 4.

    Returns the tables and the indexes of the paragraph blocks taken into a table.
    """
    tables: dict[TableName, TableRows] = {}
    absorbed: set[int] = set()
    current: TableRows | None = None
    pending: list[int] = []  # stray-looking paragraphs after the current table
    for index, block in enumerate(blocks):
        if block.kind == "table":
            name = classify(block) or (current.name if current else None)
            if name is None:
                continue
            if current is not None and name == current.name:
                _absorb(current, blocks, pending, absorbed)  # lines between two pieces
            elif name in tables:
                current = tables[name]
            else:
                current = tables[name] = TableRows(name, location=block.location)
            current.rows.extend(block.rows)
            pending = []
            continue
        if current is not None and _stray_row(block):
            pending.append(index)
            continue
        if current is not None and pending and any(split_row(blocks[i].text) for i in pending):
            _absorb(current, blocks, pending, absorbed)  # e.g. the last row lost its ruling line
        current = None
        pending = []
    if current is not None and pending and any(split_row(blocks[i].text) for i in pending):
        _absorb(current, blocks, pending, absorbed)
    return tables, absorbed


def _absorb(table: TableRows, blocks: list[Block], pending: list[int], absorbed: set[int]) -> None:
    for index in pending:
        block = blocks[index]
        table.rows.append(GridRow(split_row(block.text) or [block.text], block.location))
        absorbed.add(index)
    pending.clear()
