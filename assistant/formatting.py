"""Readable plain-text views: a report for the terminal, and lists cut to a readable length."""

from __future__ import annotations

from collections.abc import Sequence

from index.model import Report, Table
from index.parser import TABLE_NAMES

from .validation import Finding
from .validation.labels import cell_label, finding_text, location_label, rule_name


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
        f"格式 layout: {'叙述式报告（无标准表格） narrative-only' if report.narrative_only else report.layout}",
        f"来源 source: {report.source}",
        "",
        "章节 sections:",
    ]
    for section in report.sections:
        if section.id:
            lines.append(f"  {section.id}. {section.heading}  ({len(section.text)} 字)")
    if report.narrative_only:
        from index.prose import extract_figures

        lines += ["", "正文中的数字 figures in the text:"]
        lines += [f"  {f.label}：{f.value}{'余' if f.approximate else ''} {f.unit}（{f.citation()}）" for f in extract_figures(report)] or ["  （无 none）"]
    for name, label in TABLE_NAMES.items() if not report.narrative_only else ():
        table = getattr(report, name)
        lines += ["", f"{label} {name}:"]
        lines += ["  （无 not found）"] if table is None else ["  " + line for line in format_table(table).splitlines()]
    if report.notes:
        lines += ["", "解析说明 notes:"] + [f"  - {note}" for note in report.notes]
    return "\n".join(lines)


def format_findings(report: Report, findings: list[Finding], note: str | None = None) -> str:
    """The findings as a person reads them, errors first: where (the cell's row and column
    labels), what it should be and what it is, the rule's Chinese name, then the explanation;
    a culprit cell lists the totals it breaks. ``note`` is one sentence placed under the head
    (why the previous year was not used). No ids, no rule codes: those are in ``--json``."""
    errors = sum(1 for f in findings if f.severity == "error")
    who = " ".join(str(part) for part in (report.agency, report.year) if part)
    head = f"{who} 年报告：" if who else "所校验的表格："
    head += f"{errors} 个错误，{len(findings) - errors} 条提示" if findings else "未发现问题"
    lines = [head] + ([note] if note else [])
    for kind, label in (("error", "错误"), ("warning", "提示")):
        chosen = [f for f in findings if f.severity == kind]
        if chosen:
            lines += ["", f"{label}："]
        for number, finding in enumerate(chosen, 1):
            where = location_label(finding.location)
            first = finding_text(finding) if finding.cell else rule_name(finding.rule)
            lines.append(f"{number:>3}. {first}" + (f"  〔{where}〕" if where else ""))
            message = finding.message
            if finding.consequences and message.startswith(cell_label(finding.cell)):
                message = message.split("：", 1)[-1]  # the cell, expected and found are on the line above
            lines.append(f"     {message}")
            lines += [f"     → 因此不成立：{rule_name(c.rule)}，{cell_label(c.cell)} 为 {_text(c.found)}，按其余各格应为 {_text(c.expected)}"
                      for c in finding.consequences]
    return "\n".join(lines)


def _text(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return "" if value is None else str(value)
