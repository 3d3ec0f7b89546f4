"""Workbooks that stream: openpyxl in write-only mode (each row goes to disk as it is added,
so memory stays flat at thousands of reports), an optional CSV of one sheet beside it, and
both written under a temporary name and moved into place only when complete."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _plain(value: Any) -> Any:
    """Numbers stay numbers (a spreadsheet can add them up); everything else is text."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)


def _formula_like(value: Any) -> bool:
    """Report text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1+2", "@SUM(…)")."""
    return isinstance(value, str) and len(value) > 1 and value[0] in "=+-@" and not _is_number(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class Sheets:
    """Named sheets of one workbook, rows added in any order; ``csv_sheet`` is mirrored to ``csv_path``.

    >>> with Sheets("out.xlsx") as book:                              # doctest: +SKIP
    ...     book.sheet("发现", ["机关", "年度"], widths=[30, 8])
    ...     book.add("发现", ["青山区", 2024])
    """

    def __init__(self, xlsx_path: str | Path | None, csv_path: str | Path | None = None, csv_sheet: str | None = None) -> None:
        self.xlsx_path = Path(xlsx_path) if xlsx_path else None
        self.csv_path = Path(csv_path) if csv_path else None
        self.csv_sheet = csv_sheet
        self.book = Workbook(write_only=True) if self.xlsx_path else None
        self._sheets: dict[str, Any] = {}
        self._wrap: dict[str, set[int]] = {}
        self._csv_file: TextIO | None = None
        self._csv: Any = None
        self.rows: dict[str, int] = {}

    def __enter__(self) -> Sheets:
        from assistant.storage import check_output

        for path in (self.xlsx_path, self.csv_path):
            if path is not None:
                check_output(path)  # a missing folder is one sentence before any work
        if self.csv_path:
            self._csv_tmp = self.csv_path.with_name(f".{self.csv_path.stem}.part{self.csv_path.suffix}")
            self._csv_file = self._csv_tmp.open("w", encoding="utf-8-sig", newline="")  # -sig: Excel reads it as UTF-8
            self._csv = csv.writer(self._csv_file)
        return self

    def sheet(self, name: str, headers: Sequence[str], widths: Sequence[float] = (), wrap: Iterable[int] = ()) -> None:
        """Declare a sheet (in the order sheets appear) with its header row."""
        self.rows[name] = 0
        self._wrap[name] = set(wrap)
        if self.book is not None:
            ws = self.book.create_sheet(name[:31])
            ws.freeze_panes = "A2"
            for i, width in enumerate(widths, start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            cells = []
            for header in headers:
                cell = WriteOnlyCell(ws, value=header)
                cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
                cells.append(cell)
            ws.append(cells)
            self._sheets[name] = ws
        if name == self.csv_sheet and self._csv is not None:
            self._csv.writerow(headers)

    def add(self, name: str, row: Sequence[Any]) -> None:
        values = [_plain(v) for v in row]
        self.rows[name] += 1
        if self.book is not None:
            ws = self._sheets[name]
            wrap = self._wrap[name]
            if wrap or any(map(_formula_like, values)):
                cells = []
                for i, value in enumerate(values):
                    cell = WriteOnlyCell(ws, value=value)
                    if _formula_like(value):
                        cell.data_type = "s"  # text, never a formula
                    if i in wrap:
                        cell.alignment = _WRAP
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append(values)
        if name == self.csv_sheet and self._csv is not None:
            # a spreadsheet opening the CSV would run "=…" as a formula: a leading ' keeps it text
            self._csv.writerow(["" if v is None else f"'{v}" if _formula_like(v) else v for v in values])

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self._csv_file is not None:
            self._csv_file.close()
            if kind is None:
                os.replace(self._csv_tmp, self.csv_path)  # type: ignore[arg-type]
            else:
                self._csv_tmp.unlink(missing_ok=True)
        if self.book is not None and kind is None:
            from assistant.storage import quiet_finalisers, write_atomically

            assert self.xlsx_path is not None
            try:
                write_atomically(self.xlsx_path, self.book.save)
            except BaseException:
                with quiet_finalisers():
                    self.book, self._sheets = None, {}  # the half-written sheets go now, quietly
                raise
