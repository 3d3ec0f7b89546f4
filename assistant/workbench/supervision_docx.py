"""The one-page 对标与风险清单 for a region and year, in the official style (GB/T 9704:
assistant/docx_export.py): a short summary, the bodies to visit first with their main reason,
and the peers' quartiles of the key metrics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt

from ..docx_export import BODY_FONT, HEADING1_FONT, SIZE_3, _font, _paragraph, add_title, new_document, save
from .peers import fmt
from .risk import Supervision

SHOWN = 7  # risk rows on the page
KEY_METRICS = ["new_requests", "disclosure_rate", "correction_rate"]  # the quartiles shown
REASON_CHARS = 34
SMALL = Pt(10.5)  # 五号


def _table(document: object, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, column in enumerate(table._tbl.tblGrid.gridCol_lst):  # LibreOffice reads the grid
        column.w = Mm(widths[index])
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            cell = table.rows[r].cells[c]
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            _font(paragraph.add_run(value), HEADING1_FONT if r == 0 else BODY_FONT, SMALL)


def _short(text: str) -> str:
    first = text.split("；")[0].split("，")[0]
    return first if len(first) <= REASON_CHARS else first[: REASON_CHARS - 1] + "…"


def supervision_docx(view: Supervision, region: str | None = None, year: int | None = None) -> bytes:
    document = new_document()
    years = sorted({b.year for b in view.bodies})
    when = f"{year}年度" if year else (f"{years[0]}—{years[-1]}年度" if years else "")
    add_title(document, f"{region or ''}{when}政府信息公开工作年度报告对标与风险清单")
    kinds = "、".join(f"{k} {n} 份" for k, n in Counter(b.kind for b in view.bodies).most_common())
    flagged = sum(c.flagged for c in view.copies)
    _paragraph(document, f"共比对 {len(view.bodies)} 份报告（{kinds}）。与同类机关相比远离常见范围 {len(view.benchmark.outliers())} 处，"
               f"与上一年度相比突变 {len(view.jumps)} 处，与上一年度文本大量重复的部分 {flagged} 个。风险分按错误、缺表、远离同类、突变、"
               f"文本重复加权合计，建议按下表顺序优先核查。", BODY_FONT, SIZE_3)
    _paragraph(document, "一、风险清单", HEADING1_FONT, SIZE_3)
    rows = [[str(n), r.body.agency, f"{r.score:g}", _short(r.reasons())] for n, r in enumerate(view.risks[:SHOWN], start=1)]
    _table(document, ["序号", "机关", "风险分", "主要原因"], rows, [12, 50, 16, 78])
    _paragraph(document, "二、主要指标同类分位", HEADING1_FONT, SIZE_3)
    groups = [g for key in KEY_METRICS for g in view.benchmark.groups if g.metric == key and (year is None or g.year == year)]
    groups = sorted(groups, key=lambda g: (KEY_METRICS.index(g.metric), -g.peers))[:4]
    _table(document, ["指标", "同类", "数量", "P25", "P50", "P75"],
           [[g.label.split("（")[0], g.kind, str(g.peers), fmt(g.p25), fmt(g.p50), fmt(g.p75)] for g in groups], [50, 34, 16, 18, 18, 18])
    return save(document)


def write_docx(view: Supervision, path: str | Path, region: str | None = None, year: int | None = None) -> None:
    target = Path(path)
    part = target.with_name(f".{target.stem}.part.docx")
    part.write_bytes(supervision_docx(view, region, year))
    part.replace(target)
