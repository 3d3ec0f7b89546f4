"""The 统计 tab's 对标与风险 sub-tab: peers' percentiles with a body highlighted, the risk list,
and the workbook and one-page .docx to download. Event wiring only; the view is built in
assistant/workbench (risk.supervise, strip.strip_svg)."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from index.errors import DisclosureError

RISK_SHOWN = 50
STRIP_METRICS = ["new_requests", "disclosure_rate", "withheld_share", "unable_share", "correction_rate", "loss_rate",
                 "normative_in_force", "licensing", "penalty"]


def supervision_view(services: Any, year: Any, kind: str | None, region: str | None, body: str | None,
                     progress: gr.Progress = gr.Progress()) -> tuple[str, str, list[list[Any]], list[str]]:  # noqa: B008
    """Summary, the percentile strip (SVG), the first risk rows, and the downloads."""
    from assistant.workbench.risk import risk_rows, supervise
    from assistant.workbench.strip import strip_svg
    from assistant.workbench.supervision_book import write_supervision
    from assistant.workbench.supervision_docx import write_docx

    from .app import _friendly, _md_text

    progress(0.1, desc="正在比对同类机关")
    try:
        the_year = int(year) if year else None
        view = supervise(services.kb.facts, the_year, kind or None, region or None)
        keys = services.kb.facts.agency_keys(body.strip()) if body and body.strip() else []
        if body and body.strip() and not keys:
            raise gr.Error(f"知识库中没有“{body}”的报告；请从列表中选择机关。", title="错误")
    except DisclosureError as error:
        raise _friendly(error) from None
    if not view.bodies:
        raise gr.Error("所选年度、类别和地区中没有报告。", title="错误")
    progress(0.7, desc="正在写入工作簿")
    folder = Path(tempfile.mkdtemp(prefix="supervision-"))
    title = f"{region or ''}{the_year or ''}{'年' if the_year else ''}对标与风险清单"
    xlsx, docx = folder / f"{title}.xlsx", folder / f"{title}.docx"
    write_supervision(view, xlsx)
    write_docx(view, docx, region or None, the_year)
    flagged = sum(c.flagged for c in view.copies)
    summary = (f"**{len(view.bodies)} 份报告**：远离同类 {len(view.benchmark.outliers())} 处，突变 {len(view.jumps)} 处，"
               f"文本大量重复的部分 {flagged} 个。" + (f"（下表只显示前 {RISK_SHOWN} 名，全部见工作簿）" if len(view.risks) > RISK_SHOWN else ""))
    highlighted = next((b for b in view.bodies if keys and b.key in keys), None)
    if highlighted is not None:
        risk = next(r for r in view.risks if r.body is highlighted)
        summary += f"\n\n**{_md_text(highlighted.agency)}**（{highlighted.kind}，{highlighted.year}年）风险分 {risk.score:g}：{_md_text(risk.reasons())}"
    strip = strip_svg(view.benchmark, STRIP_METRICS, highlighted.key if highlighted else None)
    return summary, strip, risk_rows(view.risks[:RISK_SHOWN]), [str(xlsx), str(docx)]


def supervision_tab(services: Any, bodies: list[str], years: list[int]) -> tuple[gr.Dropdown, gr.Dropdown, gr.Dropdown]:
    """The sub-tab, placed inside the 统计 tab by build_app; returns its year, region and body
    pickers, which the page's one library refresh keeps current (ui.app.library_views)."""
    from assistant.workbench.kinds import kinds
    from assistant.workbench.risk import RISK_HEADERS

    with gr.Tabs(), gr.Tab("对标与风险清单", id="supervision"):
        with gr.Row():
            year = gr.Dropdown(choices=[""] + years, value=years[0] if years else "", label="年度", scale=1, elem_id="supervision-year")
            kind = gr.Dropdown(choices=[""] + kinds(), value="", label="机关类别（可选）", scale=1, elem_id="supervision-kind")
            region = gr.Dropdown(choices=[""] + services.regions(), value="", label="地区（可选）", scale=1, elem_id="supervision-region")
            body = gr.Dropdown(choices=[""] + bodies, value="", allow_custom_value=True, label="突出显示的机关（可选）", scale=2,
                               elem_id="supervision-body")
        run = gr.Button("对标", variant="primary", elem_id="supervision-button")
        summary = gr.Markdown(elem_id="supervision-summary")
        strip = gr.HTML(elem_id="supervision-strip", label="各指标在同类中的百分位")
        risks = gr.Dataframe(headers=RISK_HEADERS, label="风险清单", wrap=True, elem_id="supervision-risks",
                             column_widths=["5%", "14%", "9%", "5%", "6%", "5%", "5%", "6%", "5%", "6%", "34%"])
        files = gr.File(label="下载（工作簿、一页纸 .docx）", file_count="multiple", elem_id="supervision-files")
        run.click(partial(supervision_view, services), [year, kind, region, body], [summary, strip, risks, files], api_name="supervision")
    return year, region, body
