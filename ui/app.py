"""The Gradio app: 问答, 起草, 校验, 报告库 on one page. Event wiring only: every job is done by
``assistant`` and every view comes from ``assistant.presenting``."""


import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering import Answerer, warm
from assistant.docx_export import export_docx
from assistant.drafting import draft_section1_requests, draft_section5, draft_section6
from assistant.figures import checked_tables, figures_of, parse_figures
from assistant.knowledge import KnowledgeBase
from assistant.models import make_chat_model
from assistant.presenting import FINDING_HEADERS, answer_markdown, draft_markdown, findings_rows, tables_html
from assistant.settings import Settings, load_settings
from assistant.validation import validate
from index.errors import DisclosureError
from index.parser import parse_document, parse_file
from index.readers import read_pasted
from ui.draft_report import FORMS, WHOLE_REPORT, as_lines, build_figure_tables, draft_whole, figures_from_tables, prefill

EXAMPLES = [
    "how many requests did 利通区 deny in 2024",
    "利通区2024年不予公开多少件？",
    "哪个机关的行政复议最多？",
    "洪泽区2023年和2024年收到的申请比较",
    "利通区如何做政策解读？",
    "哪些报告有错误？",
]
LIBRARY_SHOWN = 200  # rows of the report list sent to the page
BODY_CHOICES = 300  # above this many bodies the pickers take typed names
SECTIONS = ["五、存在的主要问题及改进情况", "一（二）依申请公开情况", "六、其他需要报告的事项", "标准表格（二、三、四）", WHOLE_REPORT]


class Services:
    """The knowledge base and the chat model, opened once on first use and shared by sessions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()
        self.chat_model = None

    @property
    def kb(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
                self._kb = KnowledgeBase.open(self.settings)
                self._kb.ensure_samples()
                self.chat_model = make_chat_model(self.settings)
            return self._kb

    def bodies(self) -> list[str]:
        return sorted({r.agency or "" for r in self.kb.reports() if r.agency})

    def years(self) -> list[int]:
        return sorted({r.year for r in self.kb.reports() if r.year}, reverse=True)


def _friendly(error: DisclosureError) -> gr.Error:
    return gr.Error(str(error), print_exception=False)


# ------------------------------------------------------------------ 问答

def respond(services: Services, message: str, history: list[dict[str, Any]], answerer: Answerer | None,
            agency: str | None, year: float | None) -> Iterator[tuple[list[dict[str, Any]], Answerer, str]]:
    """Stream an answer into the chat, with its citations."""
    if not message or not message.strip():
        raise gr.Error("请输入问题。")
    answerer = answerer or Answerer(services.kb, services.chat_model)
    history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
    yield history, answerer, ""
    try:
        for event in answerer.ask_stream(message, agency or None, int(year) if year else None):
            history[-1] = {"role": "assistant", "content": event if isinstance(event, str) else answer_markdown(event)}
            yield history, answerer, ""
    except DisclosureError as error:
        raise _friendly(error) from None


def clear_chat() -> tuple[list, None, str]:
    return [], None, ""


# ------------------------------------------------------------------ 起草

def draft(services: Services, section: str, notes: str, agency: str | None, year: float | None, figures: str) -> tuple[str, str, str, list[list[str]], str | None]:
    """Returns the draft (markdown), style examples, tables HTML, table findings, and a .docx path."""
    year_value = int(year) if year else None
    texts: list[str] = []
    examples = ""
    tables_view, rows = "", []
    tables_report = None
    try:
        if section == SECTIONS[0]:
            if not notes.strip():
                raise gr.Error("请先填写要点笔记（每行一条，问题和改进措施均可）。")
            result = draft_section5(notes, agency or None, year_value, services.kb.retriever, services.chat_model)
            texts.append("五、存在的主要问题及改进情况\n" + result.text)
            shown = draft_markdown(result)
            examples = "\n".join(f"- {e}" for e in result.examples) or "（未使用模型，未引用范例）"
        else:
            if figures.strip():
                figures_map = parse_figures(figures)
            elif agency:
                report = services.kb.report_for(agency, year_value)
                figures_map = figures_of(services.kb.facts, report)
                year_value = year_value or report.year
            else:
                raise gr.Error("请选择已收录的机关和年度，或在“数字”框中填写表格数字。")
            tables_report, findings = checked_tables(figures_map, agency=agency or None, year=year_value)
            rows = findings_rows(findings)
            if section == SECTIONS[1]:
                texts.append("一、总体情况\n" + draft_section1_requests(tables_report, agency or None, year_value))
            elif section == SECTIONS[2]:
                texts.append("六、其他需要报告的事项\n" + draft_section6(tables_report, agency or None, year_value))
            else:
                tables_view = tables_html(tables_report, findings)
                if findings:
                    gr.Warning("生成的表格未通过校验，请查看下方标红的单元格。")
            shown = "\n\n".join(t.split("\n", 1)[1] for t in texts) if texts else "（见下方表格）"
        title = f"{agency or ''}{year_value or ''}{'年' if year_value else ''}政府信息公开工作年度报告" if agency or year_value else None
        path = Path(tempfile.mkdtemp(prefix="draft-")) / "政府信息公开年报草稿.docx"
        path.write_bytes(export_docx(title, texts, tables_report if section == SECTIONS[3] else None))
        return shown, examples, tables_view, rows, str(path)
    except DisclosureError as error:
        raise _friendly(error) from None


def draft_or_report(services: Services, section: str, notes: str, agency: str | None, year: float | None, figures: str,
                    table2: Any, table3: Any, table4: Any, fees: float | None, other: str, form: str) -> tuple[str, str, str, list[list[str]], str | None]:
    """The whole report, or one section with the figures of the tables (when no cell lines are given)."""
    if section == WHOLE_REPORT:
        shown, tables_view, rows, path = draft_whole(services, notes, agency, year, table2, table3, table4, fees, other, form)
        return shown, "", tables_view, rows, path
    if section != SECTIONS[0] and not (figures or "").strip():
        try:
            typed = figures_from_tables(table2, table3, table4)
        except DisclosureError as error:
            raise _friendly(error) from None
        figures = as_lines(typed) if typed else ""
    return draft(services, section, notes, agency, year, figures)


# ------------------------------------------------------------------ 校验

def check(pasted: str, upload: str | None, previous: str | None) -> tuple[str, list[list[str]], str]:
    """Findings summary, findings table, and the tables with broken cells highlighted."""
    try:
        if upload:
            report = parse_file(upload)
        elif pasted and pasted.strip():
            report = parse_document(read_pasted(pasted))
        else:
            raise gr.Error("请粘贴表格或报告全文，或上传报告文件。")
        findings = validate(report, parse_file(previous) if previous else None)
    except DisclosureError as error:
        raise _friendly(error) from None
    errors = sum(1 for f in findings if f.severity == "error")
    who = f"{report.agency or '（未识别机关）'} {report.year or ''}".strip()
    summary = f"**{who}**：{errors} 个错误，{len(findings) - errors} 条提示。" if findings else f"**{who}**：未发现问题。"
    return summary, findings_rows(findings), tables_html(report, findings)


# ------------------------------------------------------------------ 报告库

def library_rows(services: Services, query: str = "") -> list[list[Any]]:
    """The reports whose body, file or id contain ``query``; at most LIBRARY_SHOWN (a province's
    10,000 reports would make every page load carry megabytes)."""
    query = query.strip()
    rows = ([r.agency, r.year, r.layout, r.findings, r.errors, r.source, r.id[:12]] for r in services.kb.reports()
            if not query or query in f"{r.agency} {r.source} {r.id}")
    return list(islice(rows, LIBRARY_SHOWN))


def upload_reports(services: Services, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]]]:  # noqa: B008
    if not files:
        raise gr.Error("请先选择要导入的报告文件。")
    paths = [Path(f) for f in files]
    done = 0

    def tick(_path: Path) -> None:
        nonlocal done
        done += 1
        progress(done / len(paths), desc=f"已处理 {done}/{len(paths)}")

    progress(0, desc="正在解析和导入…")
    result = services.kb.ingest(paths, progress=tick)
    for path, error in result.failed:
        gr.Warning(f"{Path(path).name}：{error}")
    message = f"新增 {len(result.added)} 份，未变 {len(result.unchanged)} 份，替换 {len(result.replaced)} 份，跳过 {len(result.failed)} 份。"
    return message, library_rows(services)


def report_findings(services: Services, rows: Any, event: gr.SelectData) -> list[list[str]]:
    short_id = rows.iloc[event.index[0], -1] if hasattr(rows, "iloc") else rows[event.index[0]][-1]
    report = next((r for r in services.kb.reports() if r.id.startswith(str(short_id))), None)
    if report is None:
        return []
    return [[f["rule"], "错误" if f["severity"] == "error" else "提示", f["cell"] or "", f["expected"] or "", f["found"] or "",
             f["location"] or "", f["message"]] for f in services.kb.facts.findings_for(report.id)]


def remove_report(services: Services, short_id: str) -> tuple[str, list[list[Any]]]:
    report = next((r for r in services.kb.reports() if short_id and r.id.startswith(short_id.strip())), None)
    if report is None:
        raise gr.Error("请填写要删除报告的编号（表格最后一列）。")
    services.kb.remove(report.id)
    return f"已删除：{report.agency} {report.year}", library_rows(services)


# ------------------------------------------------------------------ the page

def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from a font CDN (the app runs offline)."""
    return gr.themes.Default(font=["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif"],
                             font_mono=["Noto Sans Mono CJK SC", "monospace"])


def build_app(services: Services) -> gr.Blocks:
    bodies = services.bodies()
    if len(bodies) > BODY_CHOICES:  # at province scale the body is typed, not picked from a list
        bodies = []
    years = services.years()
    with gr.Blocks(title="政府信息公开年报助手", analytics_enabled=False) as app:
        gr.Markdown("## 政府信息公开工作年度报告助手\n问答有出处 · 起草合规范 · 校验无遗漏")
        with gr.Tabs():
            with gr.Tab("问答", id="ask"):
                with gr.Row():
                    agency = gr.Dropdown(choices=[""] + bodies, value="", label="机关（可选，可直接输入名称）", allow_custom_value=True, scale=2)
                    year = gr.Dropdown(choices=[""] + years, value="", label="年度（可选）", scale=1)
                chatbot = gr.Chatbot(label="问答", height=460, elem_id="chatbot")
                answerer_state = gr.State(None)
                with gr.Row():
                    question = gr.Textbox(placeholder="例如：利通区2024年不予公开多少件？", show_label=False, scale=5, elem_id="question")
                    send = gr.Button("提问", variant="primary", scale=1, elem_id="ask-button")
                    clear = gr.Button("清空", scale=1)
                gr.Examples(EXAMPLES, inputs=question, label="示例问题")
                inputs = [question, chatbot, answerer_state, agency, year]
                outputs = [chatbot, answerer_state, question]
                send.click(partial(respond, services), inputs, outputs, api_name="ask")
                question.submit(partial(respond, services), inputs, outputs, api_name=False)
                clear.click(clear_chat, None, outputs)
            with gr.Tab("起草", id="draft"):
                with gr.Row():
                    section = gr.Radio(SECTIONS, value=SECTIONS[0], label="起草内容")
                with gr.Row():
                    draft_agency = gr.Dropdown(choices=[""] + bodies, value="", label="机关", allow_custom_value=True, elem_id="draft-agency")
                    draft_year = gr.Number(label="年度（可选）", value=None, precision=0, elem_id="draft-year")
                notes = gr.Textbox(lines=6, label="要点笔记（第五部分）", elem_id="notes",
                                   placeholder="政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读")
                with gr.Accordion("表二至表四的数字（按本机关上年报告的表格预填，直接修改）", open=False):
                    fill = gr.Button("按所选机关和年度预填表格", size="sm", elem_id="prefill-button")
                    fill_note = gr.Markdown()
                    table2, table3, table4 = build_figure_tables()
                    with gr.Accordion("高级：按单元格名称逐行填写（可选，优先于上面的表格）", open=False):
                        figures = gr.Textbox(lines=4, label="单元格 = 数字", placeholder="table3.granted.natural_person = 3\ntable4.review.upheld = 1")
                with gr.Row():
                    form = gr.Radio(list(FORMS), value=next(iter(FORMS)), label="第五部分的写法")
                    fees = gr.Number(label="全年收取信息处理费（元，第六部分）", value=None)
                    other = gr.Textbox(lines=2, label="第六部分的其他事项（每行一项，可选）")
                fill.click(partial(prefill, services), [draft_agency, draft_year], [table2, table3, table4, fill_note])
                make = gr.Button("起草", variant="primary", elem_id="draft-button")
                draft_view = gr.Markdown(elem_id="draft-output")
                with gr.Accordion("参考的范例", open=False):
                    examples_view = gr.Markdown()
                draft_tables = gr.HTML()
                draft_findings = gr.Dataframe(headers=FINDING_HEADERS, label="表格校验结果", wrap=True)
                docx_file = gr.File(label="下载 Word 文档", elem_id="docx-file")
                make.click(partial(draft_or_report, services), [section, notes, draft_agency, draft_year, figures, table2, table3, table4, fees, other, form],
                           [draft_view, examples_view, draft_tables, draft_findings, docx_file], api_name="draft")
            with gr.Tab("校验", id="validate"):
                pasted = gr.Textbox(lines=10, label="粘贴表格或报告全文（制表符、空格对齐、Markdown 或 HTML 均可）", elem_id="pasted")
                with gr.Row():
                    upload = gr.File(label="或上传报告文件", file_types=[".txt", ".md", ".html", ".htm", ".docx", ".pdf"], type="filepath")
                    previous = gr.File(label="上一年度报告（可选，用于跨年校验）", type="filepath")
                run = gr.Button("校验", variant="primary", elem_id="validate-button")
                summary = gr.Markdown(elem_id="validate-summary")
                findings = gr.Dataframe(headers=FINDING_HEADERS, label="发现的问题", wrap=True, elem_id="findings")
                highlighted = gr.HTML(elem_id="highlighted")
                run.click(check, [pasted, upload, previous], [summary, findings, highlighted], api_name="validate")
            with gr.Tab("报告库", id="library"):
                files = gr.File(label="上传报告（可多选：txt、md、html、docx、pdf）", file_count="multiple", type="filepath", elem_id="library-upload")
                ingest_button = gr.Button("导入", variant="primary", elem_id="ingest-button")
                status = gr.Markdown(elem_id="ingest-status")
                library_filter = gr.Textbox(label=f"查找报告（输入机关名称、文件名或编号后回车；最多显示 {LIBRARY_SHOWN} 份）", elem_id="library-filter")
                table = gr.Dataframe(headers=["机关", "年度", "格式", "发现", "错误", "来源文件", "编号"], value=library_rows(services),
                                     interactive=False, label="已收录的报告（点击一行查看校验发现）", elem_id="library-table")
                report_view = gr.Dataframe(headers=FINDING_HEADERS, label="该报告的校验发现", wrap=True)
                with gr.Row():
                    remove_id = gr.Textbox(label="要删除报告的编号", scale=3)
                    remove_button = gr.Button("删除报告", variant="stop", scale=1)
                ingest_button.click(partial(upload_reports, services), files, [status, table])
                def on_select(rows: Any, event: gr.SelectData) -> list[list[str]]:  # Gradio reads the hint
                    return report_findings(services, rows, event)

                table.select(on_select, table, report_view)
                library_filter.submit(partial(library_rows, services), library_filter, table)
                remove_button.click(partial(remove_report, services), remove_id, [status, table])
    return app


def serve(host: str = "127.0.0.1", port: int = 7860, settings: Settings | None = None, block: bool = True) -> gr.Blocks:
    """Start the app (the bundled samples are ingested when the knowledge base is empty)."""
    services = Services(settings or load_settings())
    # The word index over every chunk takes about a minute at 10,000 reports: build it before the
    # port opens, so no question (and no other user) waits behind it.
    warm(services.kb)
    app = build_app(services)
    app.queue(default_concurrency_limit=4)
    app.launch(server_name=host, server_port=port, prevent_thread_lock=not block, show_error=True, inbrowser=False, theme=theme())
    return app


if __name__ == "__main__":
    serve()
