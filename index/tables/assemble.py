"""Which grid is which table, and joining a table's pieces (page breaks, lines the reader
could not place inside the grid)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..blocks import Block, GridRow
from ..model import Location, TableName
from ..readers.text import split_row
from ..sections import section_of_heading
from ..vocabulary import is_number, is_placeholder, vocabulary

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

    Short lines right before a grid (a pasted table's headers) and between or after its
    pieces (wrapped labels, "行政许可 5963") are taken into the table. Returns the tables
    and the indexes of the paragraph blocks taken into one.
    """
    tables: dict[TableName, TableRows] = {}
    absorbed: set[int] = set()
    current: TableRows | None = None
    pending: list[int] = []  # stray-looking paragraphs since the last grid (or since prose)
    for index, block in enumerate(blocks):
        if block.kind == "table" and index and (joined := _split_row(block, blocks[index - 1])) is not None:
            absorbed.add(index - 1)  # a converter's one-row table under its label line or heading: one row again
            if pending and pending[-1] == index - 1:
                pending.pop()
            block = Block("table", "\t".join(c or "" for c in joined.cells), block.location, rows=[joined])
        if block.kind == "table":
            leading = " ".join(blocks[i].text for i in pending) if current is None else ""
            name = classify(Block("table", f"{leading} {block.text}", block.location)) or (current.name if current else None)
            if name is None:
                pending = []
                continue
            if current is None or name != current.name:
                current = tables.get(name) or tables.setdefault(name, TableRows(name, location=block.location))
                if not leading:
                    pending = []
            _absorb(current, blocks, pending, absorbed)  # headers before it, or lines between two pieces
            current.rows.extend(block.rows)
            continue
        if index + 1 < len(blocks) and blocks[index + 1].kind == "table" and _split_row(blocks[index + 1], block) is not None:
            continue  # the label of a converter's one-row table (a heading, maybe): the table goes on
        if _stray_row(block):
            pending.append(index)
            continue
        if current is not None and any(_ends_in_number(blocks[i].text) for i in pending):
            _absorb(current, blocks, pending, absorbed)  # e.g. the last row lost its ruling line
        current = None
        pending = []
    if current is not None and any(_ends_in_number(blocks[i].text) for i in pending):
        _absorb(current, blocks, pending, absorbed)
    return tables, absorbed


def _generic_header(row: GridRow) -> bool:
    """A header row of a converter's made-up column names ("数据1 … 数据6")."""
    names = tuple(n.lower() for n in vocabulary().raw["split_tables"]["generic_columns"])
    texts = [unicodedata.normalize("NFKC", c).strip().lower() for c in row.cells if c and c.strip()]
    return bool(texts) and all(t.rstrip("0123456789 ").strip() in names for t in texts)


def _split_row(block: Block, above: Block) -> GridRow | None:
    """A small table of one row of numbers (under made-up column names or none) right below a short
    label line: that row, the label as its first cell. None for any other table."""
    rows = [row for row in block.rows if not _generic_header(row)]
    if len(rows) != 1 or above.kind == "table" or len(above.text.strip()) > _MAX_STRAY_CHARS or _ends_in_number(above.text):
        return None
    if section_of_heading(above) is not None:
        return None
    cells = rows[0].cells
    if not any(is_number(c) for c in cells) or any(c and c.strip() and not (is_number(c) or is_placeholder(c)) for c in cells):
        return None
    return GridRow([above.text.strip(), *cells], rows[0].location)


def _ends_in_number(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 2 and is_number(tokens[-1])


def _absorb(table: TableRows, blocks: list[Block], pending: list[int], absorbed: set[int]) -> None:
    for index in pending:
        block = blocks[index]
        cells = split_row(block.text)
        if cells is None and _ends_in_number(block.text):  # "行政许可 5963": one number is a row too
            label, number = block.text.rsplit(maxsplit=1)
            cells = [label, number]
        table.rows.append(GridRow(cells or [block.text], block.location))
        absorbed.add(index)
    pending.clear()
