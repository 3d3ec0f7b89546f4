"""Plain text and markdown: paragraphs a line each, tables as tab, pipe or space-aligned rows."""

from __future__ import annotations

import re

from ..blocks import Block, Document, GridRow
from ..model import Location
from ..vocabulary import is_number

_SEPARATOR_CELL = re.compile(r":?-{2,}:?")  # one cell of a markdown "|---|:--:|" line
# One token of a numeric tail, matched alone (no quantifier around it: linear on any line).
_NUMBER_TOKEN = re.compile(r"[+-]?\d+(?:\.\d+)?|/")


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
    tail = _numeric_tail(stripped)
    if tail is not None and len(tail[1]) >= 2:
        label, numbers = tail
        if label and label[-1].isdigit():  # "2024 年 1 月 1 日 …" is prose, not a row
            return None
        return ([label] if label else []) + numbers
    return None


def _numeric_tail(line: str) -> tuple[str, list[str]] | None:
    """(label, numbers) when the line ends in whitespace-separated numbers (or "/"), else None.

    Walks the tokens from the end: linear in the line, whatever it holds (a regular expression
    with the numbers' run as a repeated group backtracked quadratically on long lines)."""
    tokens = line.split()
    count = 0
    while count < len(tokens) and _NUMBER_TOKEN.fullmatch(tokens[-1 - count]):
        count += 1
    if count == 0:
        return None
    numbers = tokens[len(tokens) - count :]
    if count == len(tokens):
        return "", numbers
    # the label is the line up to the first number of the tail (the same text, spacing kept)
    end = len(line)
    for token in reversed(numbers):
        end = line.rindex(token, 0, end)
    return line[:end].strip(), numbers


def _is_pipe_separator(line: str) -> bool:
    """A markdown table's "|---|:--:|" line (cells checked one by one: linear in the line)."""
    inner = line[1:] if line.startswith("|") else line
    inner = inner[:-1] if inner.endswith("|") else inner
    return all(_SEPARATOR_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a markdown heading ("## 一、总体情况 ##"), else None; linear in the line."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6:
        level = min(level, 6)
        if level == 0:
            return None
    rest = line[level:].strip()
    title = rest.rstrip("#").rstrip() or rest
    return (level, title) if title else None


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
        if _is_pipe_separator(line.strip()):
            continue
        cells = split_row(line)
        if cells is not None and any(cells):
            if table is None:
                table = Block("table", "", location)
                blocks.append(table)
            table.rows.append(GridRow(cells, location))
            continue
        table = None
        heading = _heading(line.strip())
        if heading:
            blocks.append(Block("heading", heading[1], location, level=heading[0]))
        else:
            blocks.append(Block("paragraph", line.strip().replace("**", ""), location))
    for block in blocks:
        if block.kind == "table":
            block.text = "\n".join("\t".join(c or "" for c in row.cells) for row in block.rows)
    return Document(blocks, source, list(notes or []))
