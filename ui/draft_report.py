"""The 起草 tab's figures as editable tables 二–四 (Chinese labels, prefilled with the body's last
report's structure) and the whole-report draft. Event wiring only: the work is in assistant.draft."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import readable
from assistant.draft.report import draft_report, report_docx
from assistant.draft.workbook import figures_from_grids, table_grids
from assistant.figures import build_tables, figures_of
from assistant.presenting import draft_markdown, escape_markdown, findings_rows, tables_html
from index.errors import DisclosureError

WHOLE_REPORT = "整份报告（第一至第六部分）"
FORMS = {"按本机关上年报告的写法": None, "分“（一）存在的主要问题 /（二）改进情况”两部分": "sections", "一段话（一是……下一步……）": "paragraph"}
TABLE_LABELS = {"table2": "表二 主动公开政府信息情况", "table3": "表三 收到和处理政府信息公开申请情况", "table4": "表四 政府信息公开行政复议、行政诉讼情况"}
# Column names over the editable tables (the tables' own header rows are inside them, as printed).
TABLE_HEADERS = {
    "table2": ["信息内容", "第二列", "第三列", "第四列"],
    "table3": ["项目", "分项", "细项", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    "table4": ["复议·维持", "复议·纠正", "复议·其他", "复议·未审结", "复议·总计", "直诉·维持", "直诉·纠正", "直诉·其他", "直诉·未审结", "直诉·总计",
               "复议后诉·维持", "复议后诉·纠正", "复议后诉·其他", "复议后诉·未审结", "复议后诉·总计"],
}
_TOTAL = re.compile(r"^table3\.(?:[\w.]+\.total|total\.\w+|new_requests\.\w+)$|^table4\.\w+\.total$")
COLUMN_WIDTHS = {"table3": ["18%", "13%", "18%"] + ["7%"] * 7}  # the number columns stay in view
CARRIED = ("table3.carried_forward.", "table2.regulations.in_force", "table2.normative_documents.in_force")


def prefill(services: Any, agency: str | None, year: float | None) -> tuple[list[list[str]], list[list[str]], list[list[str]], str]:
    """The three tables to fill in: the indexed figures of that year when the knowledge base has
    them; else the structure of the body's last report with only what carries over (上年结转 =
    its 结转下年度, 现行有效 as it was) and zeros elsewhere; else empty standard tables."""
    rows = sorted(services.kb.facts.reports_of(services.kb.facts.agency_keys(agency)), key=lambda r: r.year or 0) if agency else []
    wanted = int(year) if year else None
    same = next((r for r in rows if wanted and r.year == wanted), None)
    if same is not None:
        report = build_tables(figures_of(services.kb.facts, same), same.layout)
        note = f"已载入知识库中{same.agency} {same.year} 年报告的数字，可直接修改。"
    elif rows:
        last = rows[-1]
        cells = figures_of(services.kb.facts, last)
        carried = {k.replace("carried_forward", "carried_over"): v for k, v in cells.items() if k.startswith(CARRIED[0])}
        carried |= {k: v for k, v in cells.items() if k in CARRIED[1:]}
        report = build_tables(carried, last.layout)
        note = f"按{last.agency} {last.year} 年报告的表格结构预填：上年结转取自该年“结转下年度”，现行有效件数沿用该年数字，其余为 0，请填写本年度数字。"
    else:
        report = build_tables({})
        note = "知识库中没有该机关的报告，已给出空白标准表格，请填写本年度数字。"
    grids = table_grids(report)
    return grids["table2"], grids["table3"], grids["table4"], note


def _grid(value: Any) -> list[list[Any]]:
    if value is None:
        return []
    if hasattr(value, "values") and hasattr(value, "columns"):  # a pandas DataFrame from gr.Dataframe
        return value.astype(object).where(value.notna(), "").values.tolist()
    return [list(row) for row in value]


def figures_from_tables(table2: Any, table3: Any, table4: Any) -> dict[str, Any] | None:
    """The figures typed into the three tables (None when they are empty)."""
    grids = {name: _grid(value) for name, value in (("table2", table2), ("table3", table3), ("table4", table4))}
    if not any(any(str(c).strip() for row in grid for c in row) for grid in grids.values()):
        return None
    figures = figures_from_grids({name: grid for name, grid in grids.items() if grid})
    # a total left at the prefilled 0 is computed from its parts (a typed total is kept and checked)
    return {cell: value for cell, value in figures.items() if not (value == 0 and _TOTAL.match(cell))}


def as_lines(figures: dict[str, Any]) -> str:
    """Figures as the ``cell = value`` lines the section handlers read."""
    return "\n".join(f"{cell} = {value}" for cell, value in figures.items())


def draft_whole(services: Any, notes: str, agency: str | None, year: float | None, table2: Any, table3: Any, table4: Any,
                fees: float | None, other: str, form: str) -> tuple[str, str, list[list[str]], str]:
    """The whole report: text (suggestions marked), the tables with findings, the findings, a .docx."""
    if not agency or not year:
        raise gr.Error("起草整份报告请先选择机关并填写年度。", title="错误")
    try:
        figures = figures_from_tables(table2, table3, table4)
        result = draft_report(services.kb, agency, int(year), figures, notes or None, fees_collected=fees,
                              other_items=[line for line in (other or "").splitlines() if line.strip()], form=FORMS.get(form),
                              model=services.chat_model)
    except DisclosureError as error:
        raise gr.Error(readable(str(error)), title="错误") from None
    parts = [f"**{result.report.title}**", escape_markdown(result.preface)]
    parts += [f"> 注意：{flag}" for flag in result.flags]
    for section in result.report.sections:
        if section.id == 5 and result.section5 is not None:
            parts.append(f"**{section.heading}**\n\n" + draft_markdown(result.section5).replace("> 注意：", ">"))
        elif section.paragraphs:
            parts.append(f"**{section.heading}**\n\n" + "\n\n".join(p.text for p in section.paragraphs))
        else:
            parts.append(f"**{section.heading}**（见下方表格）")
    against = f"已与 {result.previous_year} 年报告核对上年结转和现行有效件数。" if result.previous_year else "知识库中没有上一年度报告，未做跨年核对。"
    verdict = (f"校验发现 {len(result.errors)} 处错误，见下表。" if result.errors else
               f"校验未发现错误，另有 {len(result.findings)} 条提示，见下表。" if result.findings else "校验通过。")
    parts.append(verdict + against)
    path = Path(tempfile.mkdtemp(prefix="draft-")) / f"{result.report.title}.docx"
    path.write_bytes(services.offload.run(report_docx, result.report, result.suggestions(), result.preface))
    return "\n\n".join(parts), tables_html(result.report, result.findings), findings_rows(result.findings), str(path)


def build_figure_tables() -> tuple[Any, Any, Any]:
    """Three editable tables with Chinese labels (called inside the 起草 tab)."""
    made = []
    for name in ("table2", "table3", "table4"):
        made.append(gr.Dataframe(headers=TABLE_HEADERS[name], label=TABLE_LABELS[name], interactive=True, wrap=True,
                                 elem_id=f"figures-{name}", column_count=len(TABLE_HEADERS[name]), datatype="str",
                                 column_widths=COLUMN_WIDTHS.get(name)))
    return made[0], made[1], made[2]
