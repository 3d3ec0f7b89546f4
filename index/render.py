"""Rendering the standard tables in the official layout, and whole reports as markdown,
HTML or DOCX.

The layout is described once, as rows of cells with row and column spans; each output
format only decides how to write spans (HTML keeps them, markdown and TSV leave the covered
slots empty as extracted text does, DOCX merges cells).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from .model import Number, Report, Table
from .vocabulary import vocabulary


@dataclass(frozen=True)
class Span:
    text: str
    rows: int = 1
    cols: int = 1


Layout = list[list[Span]]


def _number(value: Number | None) -> str:
    return "" if value is None else str(value)


def table2_layout(table: Table, layout: str = "2021") -> Layout:
    vocab = vocabulary()
    columns_of = vocab.table2_layout(layout)
    blocks_2021 = [("第二十条第（一）项", ["regulations", "normative_documents"]), ("第二十条第（五）项", ["licensing"]),
                   ("第二十条第（六）项", ["penalty", "enforcement"]), ("第二十条第（八）项", ["fees"])]
    blocks_2019 = [("第二十条第（一）项", ["regulations", "normative_documents"]),
                   ("第二十条第（五）项", ["licensing", "other_services"]),
                   ("第二十条第（六）项", ["penalty", "enforcement"]), ("第二十条第（八）项", ["fees"]),
                   ("第二十条第（九）项", ["procurement"])]
    rows: Layout = []
    for heading, row_ids in blocks_2019 if layout == "2019" else blocks_2021:
        columns = columns_of[row_ids[0]]
        rows.append([Span(heading, cols=4)])
        rows.append([Span("信息内容")] + _spread([vocab.label("table2", "columns", c) for c in columns]))
        for row_id in row_ids:
            label = vocab.label("table2", "rows", row_id)
            if layout == "2019" and row_id == "normative_documents":
                label = "规范性文件"  # the trial layout's wording
            rows.append([Span(label)] + _spread([_number(table.value(row_id, c)) for c in columns]))
    return rows


def _spread(texts: list[str], width: int = 3) -> list[Span]:
    """Fill the three value columns of table 2; a single value spans all three."""
    if len(texts) == 1:
        return [Span(texts[0], cols=width)]
    if len(texts) == 2:
        return [Span(texts[0]), Span(texts[1], cols=2)]
    return [Span(t) for t in texts]


def table3_layout(table: Table) -> Layout:
    vocab = vocabulary()
    label = lambda row_id: vocab.label("table3", "rows", row_id)  # noqa: E731
    group = lambda group_id: vocab.label("table3", "groups", group_id)  # noqa: E731
    columns = [c for c in vocab.table3_column_ids()]

    def numbers(row_id: str) -> list[Span]:
        return [Span(_number(table.value(row_id, c))) for c in columns]

    rows: Layout = [
        [Span("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rows=3, cols=3), Span("申请人情况", cols=7)],
        [Span("自然人", rows=2), Span("法人或其他组织", cols=5), Span("总计", rows=2)],
        [Span("商业企业"), Span("科研机构"), Span("社会公益组织"), Span("法律服务机构"), Span("其他")],
        [Span(label("new_requests"), cols=3)] + numbers("new_requests"),
        [Span(label("carried_over"), cols=3)] + numbers("carried_over"),
    ]
    single_other = "other" in table.rows
    groups = [
        ("withheld", [r for r in vocab.table3_row_ids() if r.startswith("withheld.")]),
        ("unable", [r for r in vocab.table3_row_ids() if r.startswith("unable.")]),
        ("not_processed", [r for r in vocab.table3_row_ids() if r.startswith("not_processed.")]),
        ("other", [] if single_other else [r for r in vocab.table3_row_ids() if r.startswith("other.")]),
    ]
    outcome_rows = 3 + sum(max(1, len(items)) for _, items in groups)
    rows.append([Span(group("outcomes"), rows=outcome_rows), Span(label("granted"), cols=2)] + numbers("granted"))
    rows.append([Span(label("partially_granted"), cols=2)] + numbers("partially_granted"))
    for group_id, items in groups:
        if not items:
            rows.append([Span(group(group_id), cols=2)] + numbers(group_id))
            continue
        for index, row_id in enumerate(items):
            head = [Span(group(group_id), rows=len(items))] if index == 0 else []
            rows.append(head + [Span(label(row_id))] + numbers(row_id))
    rows.append([Span(label("total"), cols=2)] + numbers("total"))
    rows.append([Span(label("carried_forward"), cols=3)] + numbers("carried_forward"))
    return rows


def table4_layout(table: Table) -> Layout:
    vocab = vocabulary()
    groups, columns = vocab.table4_ids()
    leaf = [vocab.raw["table4"]["column_labels"][c] for c in columns]
    return [
        [Span("行政复议", cols=5), Span("行政诉讼", cols=10)],
        [Span(text, rows=2) for text in leaf] + [Span("未经复议直接起诉", cols=5), Span("复议后起诉", cols=5)],
        [Span(text) for text in leaf * 2],
        [Span(_number(table.value(g, c))) for g in groups for c in columns],
    ]


def table_layout(table: Table, layout: str = "2021") -> Layout:
    if table.name == "table2":
        return table2_layout(table, layout)
    if table.name == "table3":
        return table3_layout(table)
    return table4_layout(table)


def to_grid(rows: Layout) -> list[list[str]]:
    """Expand spans into a rectangular grid; covered slots are empty, as extracted text has them."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in grid:
                c += 1
            for dr in range(span.rows):
                for dc in range(span.cols):
                    grid[(r + dr, c + dc)] = span.text if (dr, dc) == (0, 0) else ""
            c += span.cols
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def to_html(rows: Layout) -> str:
    body = []
    for row in rows:
        cells = "".join(
            f"<td{f' rowspan={span.rows}' if span.rows > 1 else ''}{f' colspan={span.cols}' if span.cols > 1 else ''}>{html.escape(span.text)}</td>"
            for span in row
        )
        body.append(f"<tr>{cells}</tr>")
    return "<table border=1>\n" + "\n".join(body) + "\n</table>"


def to_markdown(rows: Layout) -> str:
    grid = to_grid(rows)
    lines = ["| " + " | ".join(grid[0]) + " |", "|" + "---|" * len(grid[0])]
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(lines)


def to_tsv(rows: Layout) -> str:
    return "\n".join("\t".join(row) for row in to_grid(rows))


_TABLE_SECTIONS = {2: "table2", 3: "table3", 4: "table4"}


def _parts(report: Report) -> list[tuple[str, str | Table]]:
    """The report in order as ("title" | "heading" | "paragraph" | "table", content)."""
    parts: list[tuple[str, str | Table]] = []
    if report.title:
        parts.append(("title", report.title))
    for section in report.sections:
        if section.id:
            parts.append(("heading", section.heading))
        parts += [("paragraph", p.text) for p in section.paragraphs]
        table = getattr(report, _TABLE_SECTIONS.get(section.id, ""), None)
        if table is not None:
            parts.append(("table", table))
    return parts


def _render(report: Report, text: dict[str, Callable[[str], str]], table: Callable[[Layout], str]) -> list[str]:
    """The report's parts in one output format: a writer per text kind, one for tables."""
    return [table(table_layout(c, report.layout)) if kind == "table" else text[kind](str(c)) for kind, c in _parts(report)]  # type: ignore[arg-type]


def report_markdown(report: Report) -> str:
    parts = _render(report, {"title": lambda t: f"# {t}", "heading": lambda t: f"## {t}", "paragraph": str}, to_markdown)
    return "\n\n".join(parts) + "\n"


def report_html(report: Report) -> str:
    tags = {"title": "h1", "heading": "h2", "paragraph": "p"}
    writers = {kind: (lambda t, tag=tag: f"<{tag}>{html.escape(t)}</{tag}>") for kind, tag in tags.items()}
    body = _render(report, writers, to_html)
    return "\n".join(['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>', *body, "</body></html>"])


def report_docx(report: Report) -> bytes:
    """A plain .docx of the report with real, merged Word tables."""
    import docx  # only this renderer needs it

    document = docx.Document()
    for kind, content in _parts(report):
        if kind == "title":
            document.add_heading(str(content), level=0)
        elif kind == "heading":
            document.add_heading(str(content), level=1)
        elif kind == "paragraph":
            document.add_paragraph(str(content))
        else:
            add_docx_table(document, table_layout(content, report.layout))  # type: ignore[arg-type]
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_docx_table(document: object, rows: Layout) -> None:
    grid = to_grid(rows)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # the cells looked up once, before any merge (python-docx's table.cell() walks the whole grid on
    # every call: a second per report); a merge changes only the cells it covers, never visited again
    width, cells = len(grid[0]), table._cells
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in taken:
                c += 1
            cell = cells[r * width + c]
            if span.rows > 1 or span.cols > 1:
                cell = cell.merge(cells[(r + span.rows - 1) * width + c + span.cols - 1])
            cell.text = span.text
            taken |= {(r + dr, c + dc) for dr in range(span.rows) for dc in range(span.cols)}
            c += span.cols
