"""A grid row split into what matters to the table parsers: label texts and number cells."""

from __future__ import annotations

from dataclasses import dataclass

from ..blocks import GridRow
from ..limits import MAX_CELL_VALUE
from ..model import Cell, Location
from ..vocabulary import is_page_number, is_placeholder, parse_number, split_remark


@dataclass
class RowRecord:
    texts: list[tuple[int, str]]  # (column index, label text)
    numbers: list[tuple[int, Cell]]  # (column index, cell)
    width: int
    location: Location

    @property
    def label(self) -> str:
        return " ".join(text for _, text in self.texts)


def to_records(rows: list[GridRow]) -> list[RowRecord]:
    """Split every row; a cell repeated by a horizontal merge is kept once."""
    records = []
    for row in rows:
        texts: list[tuple[int, str]] = []
        numbers: list[tuple[int, Cell]] = []
        previous: str | None = None
        for index, raw in enumerate(row.cells):
            text = (raw or "").strip()
            if not text or is_page_number(text):
                previous = None
                continue
            value = parse_number(text)
            location = _cell_location(row, index)
            remark = split_remark(text) if value is None else None
            if remark is not None:  # "30（其中修订12件）": the number, the remark kept beside it
                value = remark[0]
                plausible = abs(value) < MAX_CELL_VALUE
                numbers.append((index, Cell(value=value if plausible else None, raw=text, location=location, remark=remark[1])))
            elif value is not None:
                # a number no count or amount can be (13+ digits, a 400-digit cell) is kept as text
                # only: the CELLS rule reports it, arithmetic and sums never see it
                plausible = abs(value) < MAX_CELL_VALUE
                numbers.append((index, Cell(value=value if plausible else None, raw=text, location=location)))
            elif is_placeholder(text):
                numbers.append((index, Cell(value=0, raw=text, location=location, placeholder=True)))
            elif text != previous:
                texts.append((index, text))
            previous = text if value is None else None
        if texts or numbers:
            records.append(RowRecord(texts, numbers, len(row.cells), row.location))
    return records


def _cell_location(row: GridRow, index: int) -> Location:
    if row.cell_locations is not None and index < len(row.cell_locations):
        return row.cell_locations[index] or row.location
    return row.location
