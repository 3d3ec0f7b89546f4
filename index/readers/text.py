"""Plain text and markdown: paragraphs a line each, tables as tab, pipe or space-aligned rows."""

from __future__ import annotations

import re

from ..blocks import Block, Document, GridRow
from ..model import Location
from ..vocabulary import is_number

_HEADING = re.compile(r"^(#{1,6})\s*(.+?)\s*#*\s*$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMERIC_TAIL = re.compile(r"^(?P<label>.*?)(?P<numbers>(?:(?:^|\s+)(?:[+-]?\d+(?:\.\d+)?|/))+)\s*$")


def split_row(line: str) -> list[str] | None:
    """Split a line into table cells, or None when it is not a table row.

    Tab-separated and markdown pipe rows are tables by their form; a space-aligned row is
    one when it ends in at least two numbers ("一、本年新收… 21 0 0 0 0 0 21").
    """
    if "\t" in line:
        return [cell.strip() for cell in line.rstrip("\r\n").split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    pipe = split_pipe_row(stripped)
    if pipe is not None:
        return pipe
    match = _NUMERIC_TAIL.match(stripped)
    if match and len(match.group("numbers").split()) >= 2:
        label = match.group("label").strip()
        if label and label[-1].isdigit():  # "2024 年 1 月 1 日 …" is prose, not a row
            return None
        return ([label] if label else []) + match.group("numbers").split()
    return None


def split_pipe_row(line: str) -> list[str] | None:
    """"a | b | c" rows without the outer pipes (and without a separator line), as people
    type or paste them; full-width ｜ too. Three or more cells, or two when one is a number
    ("行政许可 | 9487"), so prose with a stray bar stays prose. Linear: splitting only."""
    stripped = line.strip().replace("｜", "|")
    if "|" not in stripped:
        return None
    cells = [cell.strip() for cell in stripped.split("|")]
    filled = [cell for cell in cells if cell]
    if len(filled) < 2 or all(set(cell) <= set("-:— ") for cell in filled):
        return None
    if len(cells) == 2 and not any(is_number(cell) for cell in cells):
        return None
    return cells


def read_text(text: str, source: str, notes: list[str] | None = None) -> Document:
    """Read decoded text (a .txt or .md file, or text pasted into the app)."""
    blocks: list[Block] = []
    table: Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        location = Location(line=number)
        if not line.strip():
            continue  # a blank line inside a table does not end it: the next row decides
        if _PIPE_SEPARATOR.match(line.strip()):
            continue
        cells = split_row(line)
        if cells is not None and any(cells):
            if table is None:
                table = Block("table", "", location)
                blocks.append(table)
            table.rows.append(GridRow(cells, location))
            continue
        table = None
        heading = _HEADING.match(line.strip())
        if heading:
            blocks.append(Block("heading", heading.group(2), location, level=len(heading.group(1))))
        else:
            blocks.append(Block("paragraph", line.strip().replace("**", ""), location))
    for block in blocks:
        if block.kind == "table":
            block.text = "\n".join("\t".join(c or "" for c in row.cells) for row in block.rows)
    return Document(blocks, source, list(notes or []))
