"""Table 4 (行政复议、行政诉讼): fifteen numbers, three groups of five."""

from __future__ import annotations

from dataclasses import dataclass

from ..blocks import GridRow
from ..model import Cell, Location, Table
from ..vocabulary import vocabulary
from .rows import to_records


@dataclass
class Table4Result:
    table: Table
    notes: list[str]


def parse_table4(rows: list[GridRow], location: Location | None = None) -> Table4Result:
    groups, columns = vocabulary().table4_ids()
    slots = [(group, column) for group in groups for column in columns]
    records = to_records(rows)
    data = [record for record in records if record.numbers]
    header_width = max((record.width for record in records if not record.numbers), default=0)
    numbers = [cell for record in data for _, cell in record.numbers]
    notes: list[str] = []
    if len(data) == 1 and len(numbers) < len(slots) and data[0].width == header_width == len(slots):
        # A rectangular grid with blank cells: the position says which column.
        by_slot = {slots[index]: cell for index, cell in data[0].numbers if index < len(slots)}
        notes.append(f"表四有 {len(slots) - len(numbers)} 个空白单元格 (table 4 has blank cells)")
    else:
        if len(numbers) != len(slots):
            notes.append(f"表四应有 {len(slots)} 个数字，实际读到 {len(numbers)} 个 (table 4: expected 15 numbers, found {len(numbers)})")
        by_slot = dict(zip(slots, numbers))
    table = Table(name="table4", location=location)
    missing_location = data[0].location if data else location
    for group in groups:
        table.rows[group] = {
            column: by_slot.get((group, column), Cell(value=None, raw=None, location=missing_location))
            for column in columns
        }
    return Table4Result(table, notes)
