"""Table 2 (主动公开政府信息情况): rows by label, columns from the header above each block.

The table comes in blocks (第二十条第（一）项, （五）, （六）, （八）, and （九） in 2019), each
with its own header row; a number belongs to the column its header names, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..blocks import GridRow
from ..model import Cell, Layout, Location, Table
from ..vocabulary import matcher, normalize_label, vocabulary
from .rows import to_records


@dataclass
class Table2Result:
    table: Table
    layout: Layout | None  # what the column labels say, when they say it
    notes: list[str]


def detect_layout(rows: list[GridRow]) -> Layout | None:
    text = normalize_label("".join(cell or "" for row in rows for cell in row.cells))
    for layout, markers in vocabulary().table2_layout_markers().items():
        if any(normalize_label(marker) in text for marker in markers):
            return layout  # type: ignore[return-value]
    return None


def parse_table2(rows: list[GridRow], layout: Layout = "2021", location: Location | None = None) -> Table2Result:
    row_terms = matcher("table2", "rows")
    column_terms = matcher("table2", "columns")
    defaults = vocabulary().table2_layout(layout)
    table = Table(name="table2", location=location)
    notes: list[str] = []
    header: list[str] = []
    positions: dict[int, str] = {}  # column index → column id, from the header row
    for record in to_records(rows):
        columns = [(index, text, column_terms.match(text)) for index, text in record.texts]
        found_columns = [(index, text, m) for index, text, m in columns if m is not None]
        if found_columns and not record.numbers:
            header = [m.id for _, _, m in found_columns]
            positions = {index: m.id for index, _, m in found_columns}
            for _, text, m in found_columns:
                table.labels.setdefault(m.id, text)
            continue
        row = next((m for _, text in record.texts if (m := row_terms.match(text))), None)
        if row is None:
            if record.numbers:
                notes.append(f"表二中 {record.location} 处的数字没有可识别的行名，已忽略 (table 2: unlabelled numbers at {record.location})")
            continue
        label = next(text for _, text in record.texts if row_terms.match(text) == row)
        table.labels[row.id] = label
        expected = defaults.get(row.id, [])
        columns_here = header if header and set(header) <= set(_all_columns()) and _fits(header, expected) else expected
        if row.id in table.rows:
            notes.append(f"表二的“{label}”行出现两次，保留第一次 (table 2 row {row.id} appears twice)")
            continue
        cells = {column: Cell(value=None, raw=None, location=record.location) for column in expected}
        values = [cell for _, cell in record.numbers]
        if len(values) > len(columns_here):
            notes.append(f"表二“{label}”行的数字多于列数，多出的已忽略 (table 2 row {row.id} has extra numbers)")
        if columns_here is header and len(values) < len(header) and all(i in positions for i, _ in record.numbers):
            cells.update({positions[i]: cell for i, cell in record.numbers})  # blanks keep their place
        else:
            cells.update(zip(columns_here, values))
        table.rows[row.id] = cells
    return Table2Result(table, detect_layout(rows), notes)


def _fits(header: list[str], expected: list[str]) -> bool:
    """A header belongs to a row when it names that row's columns (the blocks differ)."""
    return not expected or bool(set(header) & set(expected))


def _all_columns() -> list[str]:
    return [term.id for term in matcher("table2", "columns").terms]
