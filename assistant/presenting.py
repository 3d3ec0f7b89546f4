"""Views of answers, findings, drafts and tables for the web page (markdown and HTML strings).
The UI only places them; keeping them here lets them be tested without Gradio."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
import tomllib
from functools import cache
from importlib.resources import files

from index.model import Report, describe_locations
from index.render import Span, table_layout
from index.vocabulary import vocabulary

from .answering import Answer
from .ask.labels import location_span
from .drafting import Section5Draft
from .validation import Finding
from .validation.labels import cell_label, location_label, rule_name, rule_words

TABLE_LABELS = {"table2": "表二", "table3": "表三", "table4": "表四"}
_COLUMN_ORDER = {
    "table2": ["issued", "repealed", "in_force", "decisions", "amount", "new_made", "new_published", "total_published",
               "previous_items", "change", "items"],
    "table3": ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org",
               "other_org", "total"],
    "table4": ["upheld", "corrected", "other", "pending", "total"],
}


_cell_label = cell_label  # one set of Chinese labels for every surface (assistant.validation.labels)


@cache
def rule_names() -> dict[str, str]:
    """Chinese names of the validation rules by code (assistant/vocab/rules.toml)."""
    rules = tomllib.loads(files("assistant").joinpath("vocab/rules.toml").read_text(encoding="utf-8"))["rules"]
    return {code: rule["name"] for code, rule in rules.items()}


def figure(value: int | float | None, cell_id: str = "") -> str:
    """1759.0 → "1759"; a fee amount with its unit ("1759 万元")."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{text} 万元" if cell_id.endswith(".amount") and cell_id.startswith("table2.fees") else text


def _column_label(table: str, column: str) -> str:
    vocab = vocabulary()
    if table == "table4":
        return vocab.raw["table4"]["column_labels"].get(column, column)
    kind = "table3" if table == "table3" else "table2"
    try:
        return vocab.label(kind, "columns", column)
    except KeyError:
        return column


# The Markdown signs that make links, images, code, emphasis, headings, tables and formulas
# (backslash-escaped); < > & become entities. Plain punctuation ( ) : . - stays as it reads.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~^$])")


def escape_markdown(text: str) -> str:
    """Report text shown as text: Markdown's signs backslash-escaped and HTML escaped, so
    ``![b](http://host/beacon.png)`` or ``<img src=…>`` in a report shows as those characters
    and the browser fetches nothing. Linear (one character class, no repetition)."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=True)


def answer_markdown(answer: Answer) -> str:
    """The answer, then where each number and passage came from (passages expandable). Every
    piece of report text (answer, notes, titles, passages) is escaped: shown, never rendered."""
    lines = [escape_markdown(answer.text)]
    if answer.notes:
        lines += ["", *[f"> 注：{escape_markdown(note)}" for note in answer.notes]]
    if answer.facts:
        lines += ["", "**数字出处**"]
        seen = set()
        for index, fact in enumerate(answer.facts):
            key = (fact.report_id, fact.cell)
            if key in seen or fact.value is None or (fact.value == 0 and index and answer.kind == "value"):
                continue
            seen.add(key)
            where = f"，{location_span(fact.location, zh=True)}" if fact.location else ""
            kind = "（合计）" if fact.derived else ""
            lines.append(f"- {figure(fact.value, fact.cell)}：《{escape_markdown(str(fact.report))}》{_cell_label(fact.cell)}{kind}{where}")
            if fact.row and len(fact.row) > 1:
                table = fact.cell.split(".")[0]
                order = _COLUMN_ORDER.get(table, [])
                ordered = sorted(fact.row.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
                lines.append("  <br><small>该行：" + " · ".join(f"{_column_label(table, c)} {figure(v)}" for c, v in ordered) + "</small>")
    for passage in answer.passages:
        lines += ["", f"<details><summary>原文：{escape_markdown(passage.citation())}</summary>\n\n{escape_markdown(passage.text)}\n\n</details>"]
    return "\n".join(lines)


def _field(finding: Finding | dict[str, Any], key: str) -> Any:
    return finding.get(key) if isinstance(finding, dict) else getattr(finding, key, None)


def findings_rows(findings: Sequence[Finding | dict[str, Any]]) -> list[list[str]]:
    """Rows for the findings table, in Chinese (rule names, cell labels, places; no ids or rule
    codes): rule, severity, cell, expected, found, location, message. Takes findings or the
    stored findings' dicts alike."""
    rows = []
    for finding in findings:
        rule, expected, found = _field(finding, "rule"), _field(finding, "expected"), _field(finding, "found")
        words = rule_words(rule)
        rows.append([
            rule_name(rule), "错误" if _field(finding, "severity") == "error" else "提示", cell_label(_field(finding, "cell")),
            "" if expected in (None, "") else f"{words['expected_is']}{expected}", "" if found in (None, "") else f"{words['found_is']}{found}",
            location_label(_field(finding, "location")) or "全文", _field(finding, "message") or "",
        ])
    return rows


def finding_row(rule: str, severity: str, cell: str | None, expected: object, found: object, location: str | None,
                message: str) -> list[str]:
    """One stored finding as a row of the findings table (see ``findings_rows``)."""
    return findings_rows([{"rule": rule, "severity": severity, "cell": cell, "expected": expected, "found": found,
                           "location": location, "message": message}])[0]


FINDING_HEADERS = ["规则", "级别", "单元格", "应为", "实为", "位置", "说明"]
FINDING_WIDTHS = ["11%", "6%", "19%", "8%", "8%", "12%", "36%"]  # readable at 1280 px: the 说明 column widest
_BROKEN = ' class="broken" style="background:#fecaca;color:#991b1b;font-weight:bold"'
_SUSPECT = ' class="suspect" style="background:#fef3c7"'


def _marks(findings: list[Finding]) -> tuple[dict[str, str], set[str]]:
    """Cells to paint red, each with the words shown under its number, and cells to paint amber.

    A culprit cell is red with its expected value ("应为 12") and the totals it breaks amber;
    a total that disagrees with its parts, no single cell explaining it, is red with the sum
    of its parts; the parts are amber."""
    broken: dict[str, str] = {}
    suspect: set[str] = set()
    for f in findings:
        if f.severity != "error" or not f.cell:
            continue
        if f.rule == "CULPRIT":
            broken[f.cell] = f"应为 {f.expected}"
            suspect |= {c.cell for c in f.consequences}
        elif rule_words(f.rule)["sum"]:
            broken.setdefault(f.cell, f"各项之和 {f.expected}")
            suspect |= set(f.cells)
        else:
            broken.setdefault(f.cell, "" if f.expected is None else f"应为 {f.expected}")
    return broken, suspect - broken.keys()


def tables_html(report: Report, findings: list[Finding]) -> str:
    """The report's tables in the official layout: the culprit cell (or a broken total) red with
    its expected value under the number, the cells its equations touch amber."""
    broken, suspect = _marks(findings)
    parts = []
    for table in report.tables():
        layout = table_layout(table, report.layout)
        ids = _cell_ids(table.name, layout, report.layout)
        body = []
        for r, row in enumerate(layout):
            cells = []
            for c, span in enumerate(row):
                cell_id = ids.get((r, c))
                style, note = "", ""
                if cell_id in broken:
                    style = _BROKEN
                    note = f'<br><small class="expected">{html.escape(broken[cell_id])}</small>' if broken[cell_id] else ""
                elif cell_id in suspect:
                    style = _SUSPECT
                spans = f"{f' rowspan={span.rows}' if span.rows > 1 else ''}{f' colspan={span.cols}' if span.cols > 1 else ''}"
                title = f' title="{html.escape(cell_label(cell_id))}" data-cell="{cell_id}"' if cell_id else ""
                cells.append(f"<td{spans}{style}{title}>{html.escape(span.text)}{note}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(f'<h4>{TABLE_LABELS[table.name]}</h4><table class="report-table" style="border-collapse:collapse" border="1">' + "".join(body) + "</table>")
    return "\n".join(parts) or "<p>（没有识别到标准表格）</p>"


def _cell_ids(table: str, layout: list[list[Span]], report_layout: str) -> dict[tuple[int, int], str]:
    """Which canonical cell each number of the rendered layout is (by position in the layout)."""
    vocab = vocabulary()
    ids: dict[tuple[int, int], str] = {}
    if table == "table4":
        groups, columns = vocab.table4_ids()
        for c in range(15):
            ids[(3, c)] = f"table4.{groups[c // 5]}.{columns[c % 5]}"
        return ids
    if table == "table3":
        columns = vocab.table3_column_ids()
        labels = {re.sub(r"\s", "", vocab.label("table3", "rows", r)): r for r in vocab.table3_row_ids() if r != "other"}
        labels[vocab.label("table3", "groups", "other")] = "other"
        for r, row in enumerate(layout):
            label_spans = [s for s in row if s.text and not re.fullmatch(r"[\d.]*", s.text)]
            row_id = next((labels[s.text] for s in reversed(label_spans) if s.text in labels), None)
            if row_id:
                numbers = len(row) - 7
                for k, column in enumerate(columns):
                    ids[(r, numbers + k)] = f"table3.{row_id}.{column}"
        return ids
    layout_columns = vocab.table2_layout(report_layout)
    names = {vocab.label("table2", "rows", r): r for r in layout_columns} | {"行政规范性文件": "normative_documents", "规范性文件": "normative_documents"}
    for r, row in enumerate(layout):
        row_id = names.get(row[0].text)
        if row_id:
            for k, column in enumerate(layout_columns[row_id]):
                ids[(r, 1 + k)] = f"table2.{row_id}.{column}"
    return ids


def draft_markdown(result: Section5Draft) -> str:
    """The draft with suggested measures marked and any flags shown above it."""
    lines = []
    if result.flags:
        lines += [f"> 注意：{escape_markdown(flag)}" for flag in result.flags] + [""]
    text = escape_markdown(result.text)  # notes and examples are a person's and other reports' text
    suggested = [m for m in result.measures if m.suggested]
    for measure in suggested:
        marked = escape_markdown(measure.text)
        if marked:
            text = text.replace(marked, f"<mark title=\"建议措施，请核实\">{marked}</mark>")
    lines.append(text.replace("\n", "\n\n"))
    if suggested:
        lines += ["", "**建议措施**（笔记中没有写明，已按同类报告的做法补充，请核实）："]
        lines += [f"- {escape_markdown(m.text)}" + (f"（参考：{escape_markdown(m.source)}）" if m.source else "") for m in suggested]
    if result.model_text and result.text != result.model_text:
        lines += ["", "<details><summary>模型稿（未通过核对）</summary>\n\n" + escape_markdown(result.model_text) + "\n\n</details>"]
    return "\n".join(lines)
