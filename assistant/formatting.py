"""Readable plain-text views: a report for the terminal, and lists cut to a readable length."""

from __future__ import annotations

from collections.abc import Sequence

from index.model import Report, Table
from index.parser import TABLE_NAMES

from .validation import Finding


def listing(shown: Sequence[str], total: int, sep: str, zh: bool) -> str:
    """The items shown and how many of ``total`` are not: a province holds thousands of bodies
    and reports, and an answer (or a prompt) that lists them all is unreadable."""
    text = sep.join(shown)
    rest = total - len(shown)
    if rest > 0:
        text += f"{sep}……（另有 {rest} 项）" if zh else f"{sep}… ({rest} more)"
    return text


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(table: Table) -> str:
    columns: list[str] = []
    for cells in table.rows.values():
        columns += [c for c in cells if c not in columns]
    header = ["", *columns]
    body = [[row, *("" if (v := table.value(row, c)) is None else str(v) for c in columns)] for row in table.rows]
    widths = [max(_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line)).rstrip() for line in [header, *body]]
    return "\n".join(lines)


def format_report(report: Report) -> str:
    lines = [
        f"机关 agency: {report.agency or '（未识别）'}",
        f"年度 year:   {report.year or '（未识别）'}",
        f"格式 layout: {report.layout}",
        f"来源 source: {report.source}",
        "",
        "章节 sections:",
    ]
    for section in report.sections:
        if section.id:
            lines.append(f"  {section.id}. {section.heading}  ({len(section.text)} 字)")
    for name, label in TABLE_NAMES.items():
        table = getattr(report, name)
        lines += ["", f"{label} {name}:"]
        lines += ["  （无 not found）"] if table is None else ["  " + line for line in format_table(table).splitlines()]
    if report.notes:
        lines += ["", "解析说明 notes:"] + [f"  - {note}" for note in report.notes]
    return "\n".join(lines)


def format_findings(report: Report, findings: list[Finding]) -> str:
    """A table of findings: rule, severity, cell, expected, found, where, message."""
    head = f"{report.agency or '（未识别机关）'}{f' {report.year} 年' if report.year else '（未识别年度）'}报告：{len(findings)} 条发现"
    if not findings:
        return head + "，未发现问题 (no findings)."
    header = ["规则 rule", "级别", "单元格 cell", "应为", "实为", "位置", "说明"]
    rows = [
        [f.rule, "错误" if f.severity == "error" else "提示", f.cell or "", _text(f.expected), _text(f.found), f.location or "", f.message]
        for f in findings
    ]
    widths = [max(_width(line[i]) for line in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  ".join(_pad(cell, widths[i]) if i < len(widths) else cell for i, cell in enumerate(line)) for line in [header, *rows]]
    return "\n".join([head, "", *lines])


def _text(value: object) -> str:
    return "" if value is None else str(value)
