"""The report model: what a parsed annual report is, cell by cell, with where each came from.

Canonical ids follow docs/format.md: a cell is named ``table3.granted.total``.
A cell the report does not have is absent (``value`` None); a cell written as "/" or
"—" is kept with ``placeholder=True`` so a validator can say so, never turned into a silent 0.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Number = int | float
Layout = Literal["2021", "2019"]
TableName = Literal["table2", "table3", "table4"]
# The note a narrative-only report carries (the library and the store tell such reports by it).
FIRST_STANDARD_YEAR = 2019  # the first year reported in the standard tables (国办公开办函〔2019〕60号)
NARRATIVE_NOTE = "本报告没有标准表格（2019 年以前的自由格式报告或报告节选），按叙述式报告收录：数字取自正文，不做表格校验"


class Location(BaseModel):
    """Where a block, row or cell sits in its source file (1-based)."""

    model_config = ConfigDict(frozen=True)

    page: int | None = None
    line: int | None = None
    # Read by OCR from a page image: the text box (x0, top, x1, bottom, in PDF points) and
    # the recognizer's confidence (0–1).
    scanned: bool = False
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None

    def __str__(self) -> str:
        if self.scanned and self.page is not None:
            return f"扫描件第 {self.page} 页"
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown"


_PLACE = re.compile(r"\b(page|line) (\d+)")
_UNIT_ZH = {"page": "页", "line": "行"}


def describe_locations(locations: str, zh: bool = False) -> str:
    """Locations as "page 4, line 51" strings (``str(Location)``), for a reader.

    "line 51, line 52, …, line 58" → "lines 51–58", or with ``zh`` "第 51–58 行";
    "page 4, line 7" → "page 4, line 7", or "第 4 页第 7 行"."""
    for unit in ("line", "page"):
        numbers = sorted({int(n) for n in re.findall(rf"\b{unit} (\d+)", locations)})
        if len(numbers) > 1:
            return f"第 {numbers[0]}–{numbers[-1]} {_UNIT_ZH[unit]}" if zh else f"{unit}s {numbers[0]}–{numbers[-1]}"
    if not zh:
        return locations
    text = _PLACE.sub(lambda m: f"第 {m[2]} {_UNIT_ZH[m[1]]}", locations)
    return re.sub(r"(?<=[页行]), (?=第)", "", text).replace("unknown", "位置不明")


class Cell(BaseModel):
    """One number of a table, the text it was read from and where."""

    value: Number | None
    raw: str | None = None
    location: Location | None = None
    placeholder: bool = Field(
        default=False, description='the source wrote "/", "—" or similar where a number belongs'
    )
    remark: str | None = Field(default=None, description='what the cell adds in brackets: "30（其中修订12件）" → "其中修订12件"')


class Table(BaseModel):
    """A standard table as canonical rows of canonical columns.

    ``labels`` keeps the row and column labels as printed (keyed by canonical id), so
    non-standard wording can be reported.
    """

    name: TableName
    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    location: Location | None = None

    def cell(self, row: str, column: str) -> Cell | None:
        return self.rows.get(row, {}).get(column)

    def value(self, row: str, column: str) -> Number | None:
        cell = self.cell(row, column)
        return None if cell is None else cell.value

    def values(self) -> dict[str, dict[str, Number | None]]:
        """Plain numbers, rows and columns in their canonical order."""
        return {row: {col: cell.value for col, cell in cols.items()} for row, cols in self.rows.items()}

    def cells(self) -> list[tuple[str, Cell]]:
        """Every cell with its id, e.g. ``("table3.granted.total", Cell(...))``."""
        return [
            (f"{self.name}.{row}.{col}", cell)
            for row, cols in self.rows.items()
            for col, cell in cols.items()
        ]


class Paragraph(BaseModel):
    text: str
    location: Location | None = None


class Section(BaseModel):
    """One of the six numbered sections (id 0 holds a preface before section 一)."""

    id: int
    heading: str
    paragraphs: list[Paragraph] = Field(default_factory=list)
    location: Location | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class Report(BaseModel):
    """A parsed 政府信息公开工作年度报告."""

    agency: str | None = None
    year: int | None = None
    layout: Layout = "2021"
    title: str | None = None
    source: str | None = None
    sections: list[Section] = Field(default_factory=list)
    table2: Table | None = None
    table3: Table | None = None
    table4: Table | None = None
    notes: list[str] = Field(default_factory=list)
    narrative_only: bool = Field(
        default=False,
        description="no standard table at all (a free-form report from before 2019, or an excerpt): its figures are in prose",
    )

    def section(self, id_: int) -> Section | None:
        return next((s for s in self.sections if s.id == id_), None)

    def tables(self) -> list[Table]:
        return [t for t in (self.table2, self.table3, self.table4) if t is not None]

    def missing_tables(self) -> list[TableName]:
        """Standard tables the file did not contain (a truncated or partial report)."""
        return [name for name in ("table2", "table3", "table4") if getattr(self, name) is None]

    def summary(self) -> dict:
        """The report as plain JSON-ready data: canonical ids, numbers as numbers."""
        return {
            "agency": self.agency,
            "year": self.year,
            "layout": self.layout,
            "narrative_only": self.narrative_only,
            "sections": [
                {"id": s.id, "heading": s.heading, "chars": len(s.text)} for s in self.sections if s.id
            ],
            **{name: (table.values() if (table := getattr(self, name)) else None) for name in ("table2", "table3", "table4")},
            "notes": list(self.notes),
        }

    def cell(self, cell_id: str) -> Cell | None:
        """Look a cell up by its canonical id, e.g. ``table3.withheld.state_secret.total``."""
        table_name, rest = cell_id.split(".", 1)
        row, column = rest.rsplit(".", 1)
        table = getattr(self, table_name, None)
        return None if table is None else table.cell(row, column)
