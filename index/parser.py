"""From a document's blocks to a Report: title, agency, year, layout, sections and tables.

>>> report = parse_file("index/samples/litong-district-2024.txt")
>>> report.table3.value("withheld.third_party_rights", "total")
6
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .agencies import from_file_name, plausible_body
from .blocks import Block, Document
from .errors import NotAReport
from .model import NARRATIVE_NOTE, Layout, Paragraph, Report, Section
from .readers import read_document
from .sections import split_sections
from .tables import assemble_tables, parse_table2, parse_table3, parse_table4
from .tables.table2 import detect_layout
from .vocabulary import vocabulary

_TITLE = re.compile(r"^(?P<agency>.*?)(?<!\s)\s*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度\s*)?政府信息公开(?:工作)?年度报告")
_ANY_TITLE = re.compile(r"[《“]?(?P<agency>[^《》“”，。、\s]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度\s*)?政府信息公开(?:工作)?年度报告")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_NOTICE_2019 = re.compile(r"〔2019〕\s*60\s*号")
_STRIP_AGENCY = re.compile(r"^[#\s*]+|[\s*]+$")
_REPORT_WORDS = ("政府信息公开", "年度报告", "依申请公开", "主动公开")

TABLE_NAMES = {"table2": "表二（主动公开政府信息情况）", "table3": "表三（收到和处理政府信息公开申请情况）", "table4": "表四（行政复议、行政诉讼情况）"}


def parse_file(path: str | Path) -> Report:
    """Read and parse a report file of any supported format."""
    return parse_document(read_document(path))


def parse_document(document: Document) -> Report:
    """Parse a document's blocks; raises NotAReport when nothing of a report is found."""
    blocks = document.blocks
    tables, absorbed = assemble_tables(blocks)
    kept = [b for i, b in enumerate(blocks) if i not in absorbed]
    parts = split_sections(kept)
    notes = list(document.notes)

    agency, year, title = _title(parts[0].blocks if parts[0].blocks else kept[:3], document)
    sections = [
        Section(
            id=part.id,
            heading=part.heading.text.strip().lstrip("#").strip() if part.heading else "",
            paragraphs=[Paragraph(text=b.text, location=b.location) for b in part.blocks if b.kind != "table"],
            location=part.heading.location if part.heading else (part.blocks[0].location if part.blocks else None),
        )
        for part in parts
        if part.heading is not None or part.blocks
    ]
    if parts[0].blocks and title:
        # The title is not part of the preface.
        sections[0].paragraphs = [p for p in sections[0].paragraphs if p.text.lstrip("#").strip() not in title]
    if sections and sections[0].id == 0 and not sections[0].paragraphs:
        sections.pop(0)

    layout = _layout(document, tables)
    report = Report(agency=agency, year=year, layout=layout, title=title, source=document.source, sections=sections)
    if "table2" in tables:
        result2 = parse_table2(tables["table2"].rows, layout, tables["table2"].location)
        report.table2, notes = result2.table, notes + result2.notes
    if "table3" in tables:
        result3 = parse_table3(tables["table3"].rows, tables["table3"].location)
        report.table3, notes = result3.table, notes + result3.notes
    if "table4" in tables:
        result4 = parse_table4(tables["table4"].rows, tables["table4"].location)
        report.table4, notes = result4.table, notes + result4.notes

    notes += uncertain_cells(report)
    found_sections = {s.id for s in sections if s.id}
    if not tables and not _reads_as_report(report, document, bool(found_sections), title):
        raise NotAReport(
            f"{document.source} 看起来不是政府信息公开工作年度报告（没有找到标准章节或表格）；请确认文件内容。"
            f" ({document.source} does not look like an annual information-disclosure report.)"
        )
    if not tables:
        report.narrative_only = True
        notes.append(NARRATIVE_NOTE + " (no standard tables: a narrative-only report, figures read from its text)")
    for name, label in TABLE_NAMES.items():
        if name not in tables and tables:
            notes.append(f"未找到{label} ({name} not found)")
    missing = [str(s["id"]) for s in vocabulary().sections if int(s["id"]) not in found_sections]
    if missing and found_sections:
        notes.append(f"未找到第 {'、'.join(missing)} 部分的标题 (sections not found: {', '.join(missing)})")
    if agency is None:
        notes.append("未能从标题或正文识别报告机关 (agency not found)")
    if year is None:
        notes.append("未能识别报告年度 (year not found)")
    report.notes = notes
    return report


def _reads_as_report(report: Report, document: Document, sections: bool, title: str | None) -> bool:
    """A text without standard tables is a report when it has the standard sections, a report's
    title, or — a free-form report or a page of one — a report's words and a figure a report states
    in prose ("全县共受理政府信息公开申请57件")."""
    if sections or (title and any(word in document.text for word in _REPORT_WORDS)):
        return True
    from .prose import extract_figures

    return report.year is not None and any(word in document.text for word in _REPORT_WORDS) and bool(extract_figures(report))


def uncertain_cells(report: Report, threshold: float = 0.9, limit: int = 20) -> list[str]:
    """A note naming the cells a reader was unsure of (OCR confidence below the threshold)."""
    found = []
    for table in report.tables():
        for row, columns in table.rows.items():
            for column, cell in columns.items():
                location = cell.location
                if location is not None and location.confidence is not None and location.confidence < threshold:
                    label = table.labels.get(row) or row
                    found.append(f"{location}{TABLE_NAMES[table.name][:2]}“{label}”行的“{cell.raw}”（置信度 {location.confidence:.2f}）")
    if not found:
        return []
    more = f"等 {len(found)} 处" if len(found) > limit else ""
    return [f"文字识别不确定的数字，请核对：{'；'.join(found[:limit])}{more} (uncertain OCR cells: {len(found)})"]


def _title(candidates: list[Block], document: Document) -> tuple[str | None, int | None, str | None]:
    """Agency, year and title from the first lines; else from the preface or the whole text."""
    lines = [b.text.strip() for b in candidates[:4] if b.kind != "table"]
    for index, line in enumerate(lines):
        match = _TITLE.match(line.lstrip("#").strip())
        if not match:
            continue
        agency = _STRIP_AGENCY.sub("", match.group("agency"))
        title = line.lstrip("#").strip()
        if not agency and index > 0 and len(lines[index - 1]) <= 40:
            agency = _STRIP_AGENCY.sub("", lines[index - 1].lstrip("#"))
            title = f"{agency}{title}"
        body = plausible_body(agency)
        if body is None:  # no name before the year, or a sentence ("根据…现将…"): the file name may have it
            body = from_file_name(document.source)[0]
        return body, int(match.group("year")), title
    text = document.text[:5000]
    match = _ANY_TITLE.search(text)
    named, dated, explicit = from_file_name(document.source)
    if match:
        return plausible_body(match.group("agency")) or named, int(match.group("year")), None
    # No title: the file name ("淳安县人民政府办公室2024年政府信息公开工作年度报告.txt") names body and year.
    if dated and explicit:
        return named, dated, None
    period = _PERIOD.search(text)
    if period:
        return named, int(period.group(1)), None
    years = Counter(int(y) for y in _YEAR.findall(text))
    return named, (years.most_common(1)[0][0] if years else dated), None


def _layout(document: Document, tables: dict) -> Layout:
    """2019 when table 2 has the trial layout's columns or the preface cites its notice."""
    if "table2" in tables:
        found = detect_layout(tables["table2"].rows)
        if found:
            return found
    return "2019" if _NOTICE_2019.search(document.text[:3000]) else "2021"
