"""Section-aware chunks for retrieval: never across a section, split at Chinese sentence ends,
each with its report, section, paragraph and character offsets; one readable chunk per table."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .model import Report, Table
from .vocabulary import vocabulary

_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”」』）)]*|[^。！？；!?;]+$")
TABLE_TITLES = {"table2": "表二 主动公开政府信息情况", "table3": "表三 收到和处理政府信息公开申请情况", "table4": "表四 政府信息公开行政复议、行政诉讼情况"}


@dataclass(frozen=True)
class Chunk:
    id: str
    report_id: str
    section: int
    heading: str
    paragraph: int  # index of the paragraph in its section where the chunk starts (-1 for a table)
    start: int  # character offsets in the section's text (paragraphs joined by "\n")
    end: int
    text: str
    kind: str = "text"  # "text" or "table"

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _chunk_id(report_id: str, section: int, start: int, text: str) -> str:
    return hashlib.sha256(f"{report_id}\x1f{section}\x1f{start}\x1f{text}".encode()).hexdigest()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, ending at 。！？； (and closing quotes)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def chunk_report(report: Report, report_id: str, size: int = 320) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in report.sections:
        offset = 0
        pieces: list[tuple[int, int, int]] = []  # (paragraph, start, end) of sentences in section coordinates
        for index, paragraph in enumerate(section.paragraphs):
            for start, end in sentences(paragraph.text):
                pieces.append((index, offset + start, offset + end))
            offset += len(paragraph.text) + 1
        text = section.text
        current: list[tuple[int, int, int]] = []
        for piece in pieces + [None]:  # type: ignore[list-item]
            if current and (piece is None or piece[2] - current[0][1] > size):
                start, end = current[0][1], current[-1][2]
                body = text[start:end].strip()
                if body:
                    chunks.append(Chunk(_chunk_id(report_id, section.id, start, body), report_id, section.id,
                                        section.heading, current[0][0], start, end, body))
                current = []
            if piece is not None:
                current.append(piece)
    for table in report.tables():
        body = table_text(table)
        section = {"table2": 2, "table3": 3, "table4": 4}[table.name]
        heading = next((s.heading for s in report.sections if s.id == section), TABLE_TITLES[table.name])
        chunks.append(Chunk(_chunk_id(report_id, section, -1, body), report_id, section, heading, -1, 0, 0, body, "table"))
    return chunks


def table_text(table: Table) -> str:
    """A table as one readable sentence per row, so a narrative question can find it."""
    vocab = vocabulary()
    lines = [TABLE_TITLES[table.name] + "："]
    for row, cells in table.rows.items():
        if table.name == "table3":
            label = vocab.label("table3", "rows", row) if row != "other" else "（六）其他处理"
            parts = [f"{vocab.label('table3', 'columns', c)}{_n(cell.value)}" for c, cell in cells.items() if c != "total" and cell.value]
            total = cells.get("total")
            lines.append(f"{label}：总计{_n(total.value if total else None)}" + (f"（{'，'.join(parts)}）" if parts else "") + "；")
        elif table.name == "table4":
            label = vocab.raw["table4"]["group_labels"][row]
            names = vocab.raw["table4"]["column_labels"]
            lines.append(f"{label}：" + "，".join(f"{names[c]}{_n(cell.value)}" for c, cell in cells.items()) + "；")
        else:
            label = vocab.label("table2", "rows", row)
            lines.append(f"{label}：" + "，".join(f"{vocab.label('table2', 'columns', c)}{_n(cell.value)}" for c, cell in cells.items()) + "；")
    return "".join(lines)


def _n(value: object) -> str:
    return "（空）" if value is None else str(value)
