"""The Gradio app: 问答, 起草, 校验, 报告库 on one page. Event wiring only: every job is done by
``assistant`` and every view comes from ``assistant.presenting``."""


import html
import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ask.answerer import Answerer, warm
from assistant.checkview import check_view
from assistant.docx_export import export_docx
from assistant.errors import readable
from assistant.draft.from_kb import docx_title, draft_section5_from_kb, suggested_measures
from assistant.drafting import draft_section1_requests, draft_section6
from assistant.figures import checked_tables, figures_of, parse_figures
from assistant.knowledge import KnowledgeBase
from index.facts import ReportRow
from assistant.models import make_chat_model
from assistant.offload import Offload, default_workers
from assistant.ask.examples import example_questions
from assistant.progress import BackgroundImport, ensure_samples, say
from assistant.presenting import FINDING_HEADERS, FINDING_WIDTHS, answer_markdown, draft_markdown, escape_markdown, finding_row, findings_rows, tables_html
from assistant.settings import Settings, load_settings
from index.agencies import body_names
from ui.supervision_tab import supervision_tab
from index.errors import DisclosureError
from index.limits import MAX_FILE_BYTES, MAX_PASTE_CHARS, check_question
from index.readers import SUPPORTED_SUFFIXES
from index.readers.ocr import ocr_progress
from starlette.middleware import Middleware
from ui.draft_report import FORMS, WHOLE_REPORT, as_lines, build_figure_tables, draft_whole, figures_from_tables, prefill
from ui.locale import ChineseLocale
from ui.security import REMOVAL_CLOSED, PublicApiOnly, load_users, removal_allowed

CONCURRENCY = 16  # requests of one kind (ask, validate, draft …) run at once; uploads and removals one at a time
LIBRARY_SHOWN = 200  # rows of the report list sent to the page
BODY_CHOICES = 300  # above this many bodies the pickers take typed names
LIBRARY_TICK = 4.0  # seconds between looks at the store's version (a change refreshes every list on the page)
# Gradio's own footer ("通过 API 使用", "使用 Gradio 构建", settings, runs) is not for our users;
# the API stays available to programs (api_name on the events).
# Gradio's own strings in Chinese for every browser (ui/locale.py).
# Gradio 6's toasts title themselves with their English type ("Error", "Warning") whatever title
# gr.Error/gr.Warning are given: the page's style writes the Chinese word in its place.
TOAST_CSS = "".join(f".toast-title.{kind}{{font-size:0}}.toast-title.{kind}::before{{content:'{word}';font-size:var(--text-md)}}"
                    for kind, word in (("error", "错误"), ("warning", "提示"), ("info", "提示"), ("success", "完成")))
# Gradio's status tracker writes "processing | 1.2s" and "queue: 1/2 |" in English whatever the locale
# (its text is not translated): the spinner stays, the English text is not shown.
PROGRESS_CSS = ".progress-text{display:none}"
LAUNCH_SETTINGS: dict[str, Any] = {"footer_links": [], "run_history": False, "css": TOAST_CSS + PROGRESS_CSS,
                                   "app_kwargs": {"middleware": [Middleware(ChineseLocale)]}}
SECTIONS = ["五、存在的主要问题及改进情况", "一（二）依申请公开情况", "六、其他需要报告的事项", "标准表格（二、三、四）", WHOLE_REPORT]


class Services:
    """The knowledge base and the chat model, opened once on first use and shared by sessions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()
        self.chat_model = None
        self.embedding: threading.Thread | None = None
        self.offload = Offload(0)  # serve() gives the app its worker processes
        self.allow_delete = True  # serve() decides: with --auth, or on loopback with --allow-delete (ui.security.removal_allowed)
        self.importing: BackgroundImport | None = None  # the rest of the samples on a first start
        self.samples_first: int | None = None  # serve(): open with this many samples in, the rest in the background

    @property
    def kb(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
                try:
                    kb = KnowledgeBase.open(self.settings)
                except DisclosureError as error:  # a read-only home, a full disk, damaged files: one sentence
                    raise _friendly(error) from None
                # on a first start the page opens with the first (smallest) sample in, the rest follow in the background
                rest = ensure_samples(kb, "正在载入示例报告", first=self.samples_first)
                kb.share()  # uploads yield to the people asking; the word index is rebuilt beside the one in use
                self.embedding = _embed_in_background(kb)  # reports ingested with --vectors later become searchable by meaning
                self.chat_model = make_chat_model(self.settings)
                self._kb = kb
                self.importing = BackgroundImport(kb, rest)
            return self._kb

    def banner(self) -> str:
        """What the page says while reports are imported in the background (empty otherwise)."""
        return self.importing.banner() if self.importing else ""

    def bodies(self) -> list[str]:
        """One name per body (its newest report's), however its name was written in other years."""
        return sorted(set(body_names(self.kb.reports()).values()))

    def examples(self) -> list[str]:
        return example_questions(self.kb.reports())

    def years(self) -> list[int]:
        return sorted({r.year for r in self.kb.reports() if r.year}, reverse=True)

    def regions(self) -> list[str]:
        return sorted({r.region for r in self.kb.reports() if r.region})


def _embed_in_background(kb: KnowledgeBase) -> threading.Thread | None:
    """Vectors still to come (``ingest --vectors later``) are stored by a thread of their own while
    the app answers from figures and text; None when nothing waits."""
    if not kb.facts.vectors_waiting():
        return None
    thread = threading.Thread(target=kb.embed_waiting, name="embed-waiting", daemon=True)
    thread.start()
    return thread


def _error(message: str) -> gr.Error:
    """A red toast titled 错误 with the Chinese sentence (the English half stays in logs and the API)."""
    return gr.Error(html.escape(readable(message), quote=False), title="错误", print_exception=False)  # names are shown as text


def _warning(message: str) -> None:
    gr.Warning(html.escape(readable(message), quote=False), title="提示")


def _friendly(error: DisclosureError) -> gr.Error:
    logging.getLogger("disclosure.guard").warning("app: %s", error)
    return _error(str(error))


# ------------------------------------------------------------------ 问答

def respond(services: Services, message: str, history: list[dict[str, Any]], answerer: Answerer | None,
            agency: str | None, year: float | None) -> Iterator[tuple[list[dict[str, Any]], Answerer, str]]:
    """Stream an answer into the chat, with its citations."""
    if not message or not message.strip():
        raise _error("请输入问题。")
    try:
        check_question(message)  # before the knowledge base is opened (or its samples loaded) for it
    except DisclosureError as error:
        raise _friendly(error) from None
    answerer = answerer or Answerer(services.kb, services.chat_model)
    history = [*history, {"role": "user", "content": escape_markdown(message)}, {"role": "assistant", "content": "…"}]
    yield history, answerer, ""
    try:
        for event in answerer.ask_stream(message, agency or None, int(year) if year else None):
            history[-1] = {"role": "assistant", "content": escape_markdown(event) if isinstance(event, str) else answer_markdown(event)}
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
    highlights: list[str] = []
    try:
        if section == SECTIONS[0]:
            if not notes.strip():
                raise _error("请先填写要点笔记（每行一条，问题和改进措施均可）。")
            result = draft_section5_from_kb(services.kb, notes, agency or None, year_value, services.chat_model)
            texts.append("五、存在的主要问题及改进情况\n" + result.text)
            highlights = suggested_measures(result)
            shown = draft_markdown(result)
            examples = "\n".join(f"- {escape_markdown(e)}" for e in result.examples) or "（未使用模型，未引用范例）"
        else:
            if figures.strip():
                figures_map = parse_figures(figures)
            elif agency:
                report = services.kb.report_for(agency, year_value)
                figures_map = figures_of(services.kb.facts, report)
                year_value = year_value or report.year
            else:
                raise _error("请选择已收录的机关和年度，或在“数字”框中填写表格数字。")
            tables_report, findings = checked_tables(figures_map, agency=agency or None, year=year_value)
            rows = findings_rows(findings)
            if section == SECTIONS[1]:
                texts.append("一、总体情况\n" + draft_section1_requests(tables_report, agency or None, year_value))
            elif section == SECTIONS[2]:
                texts.append("六、其他需要报告的事项\n" + draft_section6(tables_report, agency or None, year_value))
            else:
                tables_view = tables_html(tables_report, findings)
                if findings:
                    _warning("生成的表格未通过校验，请查看下方标红的单元格。")
            shown = "\n\n".join(t.split("\n", 1)[1] for t in texts) if texts else "（见下方表格）"
        path = Path(tempfile.mkdtemp(prefix="draft-")) / "政府信息公开年报草稿.docx"
        # the same document as `disclosure draft … --docx` for the same input (the suggested measures highlighted)
        path.write_bytes(services.offload.run(export_docx, docx_title(agency or None, year_value), texts,
                                              tables_report if section == SECTIONS[3] else None, highlights, agency or None))
        return shown, examples, tables_view, rows, str(path)
    except DisclosureError as error:
        raise _friendly(error) from None


def optional_number(text: str | float | None, name: str) -> float | None:
    """An optional number typed in a text box ("" is none; "2025" or "1,200.5" a number)."""
    if text is None or isinstance(text, (int, float)):
        return text
    text = str(text).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise _error(f"“{name}”应填数字，现在是“{text}”。") from None


def draft_or_report(services: Services, section: str, notes: str, agency: str | None, year: str | float | None, figures: str,
                    table2: Any, table3: Any, table4: Any, fees: str | float | None, other: str, form: str) -> tuple[str, str, str, list[list[str]], str | None]:
    """The whole report, or one section with the figures of the tables (when no cell lines are given)."""
    year, fees = optional_number(year, "年度"), optional_number(fees, "信息处理费")
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

def check(services: Services, pasted: str, upload: str | None, previous: str | None,
          progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[str]], str]:  # noqa: B008
    """Findings summary, findings table, and the tables with broken cells highlighted. Done in a
    worker process when the app has them; a PDF here, where its OCR can show progress."""
    try:
        if upload and Path(upload).suffix.lower() == ".pdf":
            with ocr_progress(_ocr_tick(progress, lambda: 0, 1)):
                return check_view(pasted, upload, previous)
        return services.offload.run(check_view, pasted, upload, previous)
    except DisclosureError as error:
        raise _friendly(error) from None


# ------------------------------------------------------------------ 批量校验 and 统计 (assistant.workbench)

BATCH_SHOWN = 200  # findings rows shown on the page; the workbook has them all
STATS_DEFAULT = "new_requests"  # 本年新收申请: what a reviewer compares first


def check_many(services: Services, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]], str]:  # noqa: B008
    """Many reports at once: a summary, the first findings, and the workbook to download."""
    import csv

    from assistant.workbench.check import check_batch

    if not files:
        raise _error("请先选择要批量校验的报告文件（可多选）。")
    folder = Path(tempfile.mkdtemp(prefix="check-"))
    xlsx, table = folder / "校验结果.xlsx", folder / "校验结果.csv"
    done = 0

    def tick(_path: Path) -> None:
        nonlocal done
        done += 1
        progress(done / len(files), desc=f"已校验 {done}/{len(files)}")

    result = check_batch([Path(f) for f in files], facts=services.kb.facts, xlsx=xlsx, csv=table, progress=tick,
                          display=lambda path: path.name)
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(islice(csv.reader(handle), 1, BATCH_SHOWN + 1))
    unreadable = "".join(f"\n- 无法读取 {_md_text(Path(f).name)}：{_md_text(reason)}" for f, reason in result.unreadable)
    summary = (f"**读取 {result.reports} 份报告，{result.reports_with_errors} 份有错误**；错误 {result.errors} 个，提示 {result.warnings} 条，"
               f"与上一年度比对 {result.cross_year} 份。" + (f"（下表只显示前 {BATCH_SHOWN} 行，全部见工作簿）" if result.rows > BATCH_SHOWN else "")
               + unreadable)
    return summary, rows, str(xlsx)


def batch_headers() -> list[str]:
    from assistant.workbench.check import FINDING_HEADERS

    return FINDING_HEADERS


def stats_metric_choices() -> list[tuple[str, str]]:
    """(Chinese name, key) of every metric: derived ones, the measures, every table cell."""
    from assistant.workbench.metrics import metric_choices

    return metric_choices()


def _md_text(text: str) -> str:
    """A file's name or a reason shown as text in Markdown (no links, markup or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&])", r"\\\1", text)


def stats(services: Services, metric_key: str, bodies: list[str] | None, region: str | None,
          years: list[Any] | None) -> tuple[Any, Any, Any, list[str]]:
    """Bar chart across bodies, line chart across years, the table, and its downloads."""
    from assistant.workbench.stats import stats_view, write_table

    if not metric_key:
        raise _error("请选择要统计的指标。")
    try:
        view = stats_view(services.kb, metric_key, bodies or [], region or None, [int(y) for y in years or [] if y])
    except DisclosureError as error:
        raise _friendly(error) from None
    if view.table.empty:
        _warning("所选机关和年度中没有这个指标的数字。")
    files = write_table(view, Path(tempfile.mkdtemp(prefix="stats-")))
    # only value and label change: a changed title re-draws the chart from its old data (Gradio 6)
    bar = gr.BarPlot(value=view.bar, label=view.bar_title)
    line = gr.LinePlot(value=view.line, label=f"{view.title}（有两个以上年度数字的机关）" if not view.line.empty else
                       "历年变化：所选机关都只有一个年度的数字，画不出变化线；请选择有两个以上年度报告的机关（或不限年度）")
    return bar, line, view.table, [str(f) for f in files]


# ------------------------------------------------------------------ 报告库

LIBRARY_HEADERS = ["机关", "年度", "格式", "发现", "错误", "来源文件", "版本"]


def _library_groups(services: Services, query: str = "") -> list[list[ReportRow]]:
    """The indexed reports whose body, file or id contain ``query``, one group per body and year
    (two files of the same report are one row); at most LIBRARY_SHOWN groups (a province's
    10,000 reports would make every page load carry megabytes)."""
    query = query.strip()
    groups: dict[tuple[str, int | None], list[ReportRow]] = {}
    for r in services.kb.reports():
        if not query or query in f"{r.agency} {r.source} {r.id}":
            groups.setdefault((r.agency_key or r.agency or r.id, r.year), []).append(r)
    return list(islice(groups.values(), LIBRARY_SHOWN))


def _superseded_rows(services: Services, query: str = "") -> list[list[Any]]:
    """Old versions replaced by a newer report of the same body and year, and new files kept apart
    because they were less complete than the current version (both kept, not in answers)."""
    facts = services.kb.facts
    kept = [(r, "旧版本（已被替换）") for r in facts.superseded_reports()] + [(r, "未替换：新文件缺少表格") for r in facts.superseded_reports("set-aside")]
    return [[r.agency or "（未识别机关）", r.year or "（未识别年度）", r.layout_label, r.findings, r.errors, r.source or "", label]
            for r, label in kept if not query or query in f"{r.agency} {r.source} {r.id}"]


def alias_summary(services: Services) -> str:
    from assistant.ask.aliases import list_aliases

    rows = list_aliases(services.kb.facts)
    return ("已有别名：" + "；".join(f"{escape_markdown(a)} → {escape_markdown(k)}" for a, k in rows)) if rows else "还没有别名。"


def add_nickname(services: Services, nickname: str, body: str | None) -> tuple[str, str]:
    """Store a nickname for an indexed body (questions use it at once); the box is emptied."""
    from assistant.ask.aliases import add_alias

    if not (nickname or "").strip() or not (body or "").strip():
        raise _error("请填写别名，并选择它指的机关。")
    try:
        key = add_alias(services.kb.facts, nickname, body or "")
    except DisclosureError as error:
        raise _friendly(error) from None
    return f"已添加别名：“{escape_markdown(nickname.strip())}”即“{escape_markdown(key)}”。\n\n" + alias_summary(services), ""


def _body_name(report: ReportRow, names: dict[str, str]) -> str:
    return names.get(report.agency_key or "") or report.agency or "（未识别机关）"


def library_rows(services: Services, query: str = "") -> list[list[Any]]:
    """One row per body and year: the latest file's findings, every file of it named; then the
    old versions newer reports replaced."""
    names = body_names(services.kb.reports())  # a body renamed between years is one body
    current = [[_body_name(g[-1], names), g[-1].year or "（未识别年度）", g[-1].layout_label, g[-1].findings, g[-1].errors,
                "、".join(r.source or "" for r in g), "当前版本"] for g in _library_groups(services, query)]
    return current + _superseded_rows(services, query)[: max(0, LIBRARY_SHOWN - len(current))]


def removal_choices(services: Services, query: str = "") -> list[tuple[str, str]]:
    """Reports a person can remove, by body, year and file (the value is the report's id)."""
    return [(f"{r.agency or '（未识别机关）'} {r.year or ''} · {r.source}", r.id) for g in _library_groups(services, query) for r in g]


def library_views(services: Services) -> tuple[Any, ...]:
    """Everything on the page that lists the library, fresh: the store's version, the import
    banner, every body, year and region picker of every tab, the report table and the removal
    list, the alias list. The one handler of a library change (an upload, a removal, the background import,
    another process's ingest) and of every page load."""
    bodies = services.bodies()
    bodies = bodies if len(bodies) <= BODY_CHOICES else []
    years = services.years()
    return (services.kb.facts.version(), services.banner(), gr.update(choices=[""] + bodies), gr.update(choices=[""] + years),
            gr.update(choices=[""] + bodies), gr.update(choices=bodies), gr.update(choices=years),
            gr.update(choices=[""] + services.regions()), library_rows(services), gr.update(choices=removal_choices(services), value=None),
            gr.update(choices=bodies), alias_summary(services),
            # 统计 › 对标与风险清单: year, region, highlighted body
            gr.update(choices=[""] + years), gr.update(choices=[""] + services.regions()), gr.update(choices=[""] + bodies))


def library_tick(services: Services) -> tuple[int, str]:
    """The store's version and the banner, every few seconds: a change refreshes every view."""
    return services.kb.facts.version(), services.banner()


def upload_reports(services: Services, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, Any]:  # noqa: B008
    if not files:  # said in the status line; the report table stays as it is
        return "请先在上方选择要导入的报告文件，再点“导入”。", gr.skip()
    paths = [Path(f) for f in files]
    done = 0

    def tick(_path: Path) -> None:
        nonlocal done
        done += 1
        progress(done / len(paths), desc=f"已处理 {done}/{len(paths)}")

    progress(0, desc="正在解析和导入…")
    with ocr_progress(_ocr_tick(progress, lambda: done, len(paths))):
        result = services.kb.ingest(paths, progress=tick)
    for path, error in result.failed:
        _warning(f"{Path(path).name}：{error}")
    message = f"新增 {len(result.added)} 份，未变 {len(result.unchanged)} 份，替换 {len(result.replaced)} 份，跳过 {len(result.failed)} 份。"
    for path, old in result.superseded:
        message += f"\n\n已替换旧版本：{escape_markdown(Path(path).name)} 替换了同一机关同一年度的 {escape_markdown(Path(old).name)}。"
    for notice in result.notices():  # copies, less complete new versions
        message += f"\n\n跳过：{escape_markdown(notice)}"
    for warning in result.warnings():  # stored without any table
        message += f"\n\n注意：{escape_markdown(warning)}"
    return message, library_rows(services)


def _selected_report(services: Services, rows: Any, index: int) -> ReportRow | None:
    row = list(rows.iloc[index]) if hasattr(rows, "iloc") else rows[index]
    latest = str(row[5]).split("、")[-1]
    names = body_names(services.kb.reports())
    return next((r for r in services.kb.reports() if r.source == latest and _body_name(r, names) == row[0]), None)


def _ocr_tick(progress: gr.Progress, files_done: Callable[[], int], files: int) -> Callable[[int, int, int, float], None]:
    """Scanned pages are read by OCR, a few seconds each: show the page being read."""
    def tick(done: int, total: int, page: int, _seconds: float) -> None:
        progress((files_done() + done / total) / files, desc=f"文字识别（OCR）：第 {files_done() + 1}/{files} 份，第 {done}/{total} 页")
    return tick


def report_findings(services: Services, rows: Any, event: gr.SelectData) -> list[list[str]]:
    report = _selected_report(services, rows, event.index[0])
    if report is None:
        return []
    return findings_rows(services.kb.facts.findings_for(report.id))


def confirm_removal(services: Services, report_id: str | None) -> tuple[dict[str, Any], str]:
    """Ask before removing: show the confirmation row with the report named."""
    report = next((r for r in services.kb.reports() if report_id and r.id == report_id), None)
    if report is None:
        raise _error("请先在“要删除的报告”中选择一份报告（或点击上表中的一行）。")
    return gr.update(visible=True), f"确定要删除《{escape_markdown(report.agency or '（未识别机关）')} {report.year or ''}》（{escape_markdown(report.source or '')}）吗？删除后需重新导入才能恢复。"


def remove_report(services: Services, report_id: str | None) -> tuple[str, list[list[Any]]]:
    if not services.allow_delete:  # the page has no removal then; a crafted queue request is refused here too
        raise _error(REMOVAL_CLOSED)
    report = next((r for r in services.kb.reports() if report_id and r.id.startswith(report_id.strip())), None)
    if report is None:
        raise _error("请先选择要删除的报告。")
    services.kb.remove(report.id)
    return (f"已删除：{escape_markdown(report.agency or '（未识别机关）')} {report.year or ''}（{escape_markdown(report.source or '')}）",
            library_rows(services))


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
    examples = services.examples()
    with gr.Blocks(title="政府信息公开年报助手", analytics_enabled=False) as app:
        gr.Markdown("## 政府信息公开工作年度报告助手\n问答有出处 · 起草合规范 · 校验无遗漏")
        import_banner = gr.Markdown(services.banner(), elem_id="import-banner")
        library_version = gr.Number(services.kb.facts.version(), visible=False, elem_id="library-version")
        with gr.Tabs():
            with gr.Tab("问答", id="ask"):
                with gr.Row():
                    agency = gr.Dropdown(choices=[""] + bodies, value="", label="机关（可选，可直接输入名称）", allow_custom_value=True, scale=2,
                                         elem_id="ask-agency")
                    year = gr.Dropdown(choices=[""] + years, value="", label="年度（可选）", scale=1)
                chatbot = gr.Chatbot(label="问答", height=460, elem_id="chatbot")
                answerer_state = gr.State(None)
                with gr.Row():
                    question = gr.Textbox(placeholder=f"例如：{examples[0]}", label="问题", show_label=False, scale=5, elem_id="question")
                    send = gr.Button("提问", variant="primary", scale=1, elem_id="ask-button")
                    clear = gr.Button("清空", scale=1, elem_id="ask-clear")
                chips = gr.Dataset(components=[question], samples=[[e] for e in examples], label="示例问题", elem_id="ask-examples")
                inputs = [question, chatbot, answerer_state, agency, year]
                outputs = [chatbot, answerer_state, question]
                chips.click(lambda chosen: chosen[0], chips, question, api_visibility="private").then(  # fills the box, then asks
                    partial(respond, services), inputs, outputs, api_visibility="private")
                send.click(partial(respond, services), inputs, outputs, api_name="ask")
                question.submit(partial(respond, services), inputs, outputs, api_name=False, api_visibility="private")
                clear.click(clear_chat, None, outputs, api_visibility="private")
            with gr.Tab("起草", id="draft"):
                with gr.Row():
                    section = gr.Radio(SECTIONS, value=SECTIONS[0], label="起草内容")
                with gr.Row():
                    draft_agency = gr.Dropdown(choices=[""] + bodies, value="", label="机关", allow_custom_value=True, elem_id="draft-agency")
                    # text boxes, not gr.Number: an empty number box would show 0 (Gradio 6)
                    draft_year = gr.Textbox(label="年度（可选）", value="", placeholder="例如 2025", max_lines=1, elem_id="draft-year")
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
                    fees = gr.Textbox(label="全年收取信息处理费（元，第六部分）", value="", placeholder="不填则按表二", max_lines=1, elem_id="draft-fees")
                    other = gr.Textbox(lines=2, label="第六部分的其他事项（每行一项，可选）")
                fill.click(lambda agency, year: prefill(services, agency, optional_number(year, "年度")), [draft_agency, draft_year], [table2, table3, table4, fill_note], api_visibility="private")
                make = gr.Button("起草", variant="primary", elem_id="draft-button")
                draft_view = gr.Markdown(elem_id="draft-output")
                with gr.Accordion("参考的范例", open=False):
                    examples_view = gr.Markdown()
                draft_tables = gr.HTML()
                draft_findings = gr.Dataframe(headers=FINDING_HEADERS, column_widths=FINDING_WIDTHS, label="表格校验结果", wrap=True,
                                              visible=SECTIONS[0] != section.value, elem_id="draft-findings")
                docx_file = gr.File(label="下载 Word 文档", elem_id="docx-file")
                # section 五 has no tables: its empty 表格校验结果 is not shown
                section.change(lambda chosen: gr.update(visible=chosen != SECTIONS[0]), section, draft_findings, api_visibility="private")
                make.click(partial(draft_or_report, services), [section, notes, draft_agency, draft_year, figures, table2, table3, table4, fees, other, form],
                           [draft_view, examples_view, draft_tables, draft_findings, docx_file], api_name="draft")
            with gr.Tab("校验", id="validate"):
                pasted = gr.Textbox(lines=10, label="粘贴表格或报告全文（制表符、空格对齐、Markdown 或 HTML 均可）", elem_id="pasted",
                                    max_length=MAX_PASTE_CHARS)
                with gr.Row():
                    upload = gr.File(label="或上传报告文件", file_types=list(SUPPORTED_SUFFIXES), type="filepath")
                    previous = gr.File(label="上一年度报告（可选，用于跨年校验）", type="filepath")
                run = gr.Button("校验", variant="primary", elem_id="validate-button")
                summary = gr.Markdown(elem_id="validate-summary")
                findings = gr.Dataframe(headers=FINDING_HEADERS, column_widths=FINDING_WIDTHS, label="发现的问题", wrap=True, elem_id="findings")
                highlighted = gr.HTML(elem_id="highlighted")
                run.click(partial(check, services), [pasted, upload, previous], [summary, findings, highlighted], api_name="validate")
                gr.Markdown("#### 批量校验（多份报告，结果写入电子表格（.xlsx）；同一机关上一年度的报告在本批或报告库中时做跨年校验）")
                batch_files = gr.File(label="上传多份报告（可多选）", file_count="multiple", type="filepath", elem_id="batch-upload")
                batch_run = gr.Button("批量校验", elem_id="batch-button")
                batch_summary = gr.Markdown(elem_id="batch-summary")
                batch_rows = gr.Dataframe(headers=batch_headers(), label="发现的问题（前 200 行）", wrap=True, elem_id="batch-findings",
                                          column_widths=["11%", "5%", "11%", "8%", "17%", "8%", "8%", "7%", "20%", "5%"])
                batch_book = gr.File(label="下载校验结果工作簿", elem_id="batch-book")
                batch_run.click(partial(check_many, services), batch_files, [batch_summary, batch_rows, batch_book], api_name="check_many")
            with gr.Tab("统计", id="stats"):
                metric_choices = stats_metric_choices()
                with gr.Row():
                    stats_metric = gr.Dropdown(choices=metric_choices, value=STATS_DEFAULT, label="指标（表格中的任一单元格或计算指标）", scale=3,
                                               elem_id="stats-metric")
                    stats_region = gr.Dropdown(choices=[""] + services.regions(), value="", label="地区（可选）", scale=1, elem_id="stats-region")
                with gr.Row():
                    stats_bodies = gr.Dropdown(choices=bodies, value=[], multiselect=True, allow_custom_value=True, scale=3,
                                               label="机关（可多选；不选则为全部）", elem_id="stats-bodies")
                    stats_years = gr.Dropdown(choices=years, value=[], multiselect=True, label="年度（可多选；不选则为全部）", scale=1,
                                              elem_id="stats-years")
                stats_run = gr.Button("统计", variant="primary", elem_id="stats-button")
                with gr.Row():
                    stats_bar = gr.BarPlot(x="机关", y="数值", x_title="机关", y_title="数值", sort="-y", x_label_angle=-30,
                                           label="各机关比较（同一年度）", elem_id="stats-bar")
                    stats_line = gr.LinePlot(x="年度", y="数值", color="机关", x_title="年度", y_title="数值",
                                             label="历年变化（有两个以上年度数字的机关）", color_title="机关", elem_id="stats-line")
                stats_table = gr.Dataframe(headers=["机关", "年度", "数值", "依据"], label="数据表", wrap=True, elem_id="stats-table")
                stats_files = gr.File(label="下载数据表（.xlsx、.csv）", file_count="multiple", elem_id="stats-files")
                stats_run.click(partial(stats, services), [stats_metric, stats_bodies, stats_region, stats_years],
                                [stats_bar, stats_line, stats_table, stats_files], api_name="stats")
                bench_year, bench_region, bench_body = supervision_tab(services, bodies, years)  # 对标与风险清单 (ui/supervision_tab.py)
            with gr.Tab("报告库", id="library"):
                files = gr.File(label="上传报告（可多选：txt、md、html、docx、pdf（含扫描件）、doc、wps、et、xls；无标准表格的旧报告作为叙述式报告收录）", file_count="multiple", type="filepath", elem_id="library-upload")
                ingest_button = gr.Button("导入", variant="primary", elem_id="ingest-button")
                status = gr.Markdown(elem_id="ingest-status")
                library_filter = gr.Textbox(label=f"查找报告（输入机关名称或文件名后回车；最多显示 {LIBRARY_SHOWN} 份）", elem_id="library-filter")
                table = gr.Dataframe(headers=LIBRARY_HEADERS, value=library_rows(services),
                                     interactive=False, label="已收录的报告（每个机关每年一行；点击一行查看校验发现）", elem_id="library-table")
                report_view = gr.Dataframe(headers=FINDING_HEADERS, column_widths=FINDING_WIDTHS, label="该报告的校验发现", wrap=True)
                gr.Markdown(REMOVAL_CLOSED, visible=not services.allow_delete, elem_id="removal-closed")
                with gr.Row(visible=services.allow_delete):
                    remove_choice = gr.Dropdown(choices=removal_choices(services), value=None, label="要删除的报告（选择，或点击上表中的一行）",
                                                scale=3, elem_id="remove-choice")
                    remove_button = gr.Button("删除报告…", variant="stop", scale=1, elem_id="remove-button")
                with gr.Row(visible=False) as confirm_row:
                    confirm_text = gr.Markdown()
                    confirm_button = gr.Button("确认删除", variant="stop", scale=0, elem_id="confirm-remove")
                    cancel_button = gr.Button("取消", scale=0)
                with gr.Row():
                    nickname = gr.Textbox(label="别名（提问时可用的简称或昵称）", placeholder="例如：常用的简称", scale=1, elem_id="alias-name")
                    nickname_body = gr.Dropdown(choices=bodies, value=None, label="指哪个机关", allow_custom_value=True, scale=2,
                                                elem_id="alias-body")
                    nickname_button = gr.Button("添加别名", scale=1, elem_id="alias-button")
                nickname_status = gr.Markdown(alias_summary(services), elem_id="alias-status")
                nickname_button.click(partial(add_nickname, services), [nickname, nickname_body], [nickname_status, nickname],
                                      api_visibility="private")
                # every view of the library, refreshed together when it changes (see library_views)
                library_outputs = [library_version, import_banner, agency, year, draft_agency, stats_bodies, stats_years, stats_region,
                                   table, remove_choice, nickname_body, nickname_status, bench_year, bench_region, bench_body]
                # uploads and removals queue one at a time (the knowledge base's write lock stands behind them)
                ingest_button.click(partial(upload_reports, services), files, [status, table], api_visibility="private",
                                    concurrency_limit=1, concurrency_id="library-write").then(
                    partial(library_tick, services), None, [library_version, import_banner], api_visibility="private")
                def on_select(rows: Any, event: gr.SelectData) -> tuple[list[list[str]], dict[str, Any]]:  # Gradio reads the hint
                    report = _selected_report(services, rows, event.index[0])
                    return report_findings(services, rows, event), gr.update(value=report.id if report else None)

                table.select(on_select, table, [report_view, remove_choice], api_visibility="private")
                library_filter.submit(partial(library_rows, services), library_filter, table, api_visibility="private").then(
                    lambda query: gr.update(choices=removal_choices(services, query), value=None), library_filter, remove_choice,
                    api_visibility="private")
                if services.allow_delete:  # else no removal event exists: nothing to reach through the queue
                    remove_button.click(partial(confirm_removal, services), remove_choice, [confirm_row, confirm_text], api_visibility="private")
                    cancel_button.click(lambda: gr.update(visible=False), None, confirm_row, api_visibility="private")
                    confirm_button.click(partial(remove_report, services), remove_choice, [status, table], api_visibility="private",
                                         concurrency_limit=1, concurrency_id="library-write").then(
                        lambda: gr.update(visible=False), None, confirm_row, api_visibility="private").then(
                        partial(library_tick, services), None, [library_version, import_banner], api_visibility="private")
        library_version.change(partial(library_views, services), None, library_outputs, api_visibility="private")
        gr.Timer(LIBRARY_TICK).tick(partial(library_tick, services), None, [library_version, import_banner], api_visibility="private",
                                    show_progress="hidden")
        app.load(partial(library_views, services), None, library_outputs, api_visibility="private")  # a page opened later sees today's library
    return app


def skip_absent_optional_imports() -> None:
    """Gradio tries ``import matplotlib`` twice around every event and looks for polars on every
    table it sends; when they are not installed each try searches the whole import path again
    (about 7 % of the served app's CPU under load). An absent module is marked absent once."""
    import importlib.util

    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # Python's own "known absent" mark: import fails at once
    if importlib.util.find_spec("polars") is None:
        from gradio.components import dataframe

        if hasattr(dataframe, "_is_polars_available"):
            dataframe._is_polars_available = lambda: False  # type: ignore[attr-defined]


def serve(host: str = "127.0.0.1", port: int = 7860, settings: Settings | None = None, block: bool = True,
          auth: bool = False, allow_delete: bool = False) -> gr.Blocks:
    """Start the app (the bundled samples are ingested when the knowledge base is empty). With
    ``auth`` every page and endpoint needs a login (users from DISCLOSURE_AUTH_USERS/_FILE)."""
    settings = settings or load_settings()
    users = load_users(settings) if auth else None  # a missing user list stops here, before anything loads
    services = Services(settings)
    services.allow_delete = removal_allowed(host, auth, allow_delete)
    services.samples_first = 1  # the page opens as soon as one report is in
    say("正在打开知识库…")
    kb = services.kb
    # The word index over every chunk takes about a minute at 10,000 reports: build it before the
    # port opens, so no question (and no other user) waits behind it.
    say(f"正在建立检索索引（{len(kb.reports())} 份报告）…")
    warm(kb)
    say("正在准备网页…")
    # Gradio summarises every finished event into a pandas table for its monitoring page (off
    # here) unless told to do so less often: at its default, tens of milliseconds per request.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    skip_absent_optional_imports()
    services.offload = Offload(default_workers() if settings.workers is None else settings.workers, settings.job_seconds)
    services.offload.warm()
    app = build_app(services)
    app.services = services  # type: ignore[attr-defined]  # for tests and benchmarks in the same process
    close = app.close

    def close_with_workers(*args: Any, **kwargs: Any) -> Any:
        try:
            return close(*args, **kwargs)
        finally:
            services.offload.close()

    app.close = close_with_workers  # type: ignore[method-assign]  # the workers end with the app
    app.queue(default_concurrency_limit=CONCURRENCY)
    app.launch(server_name=host, server_port=port, prevent_thread_lock=True, show_error=True, inbrowser=False, theme=theme(),
               quiet=True, auth=users, auth_message="政府信息公开年报助手：请登录" if users else None, max_file_size=MAX_FILE_BYTES,
               **LAUNCH_SETTINGS | {"app_kwargs": {"middleware": [Middleware(PublicApiOnly), *LAUNCH_SETTINGS["app_kwargs"]["middleware"]]}})
    say(f"政府信息公开年报助手已就绪：http://{host}:{port}（按 Ctrl-C 退出）")
    if services.importing is not None:
        services.importing.start()  # the rest of the samples, now that the page is up
    logging.getLogger("disclosure.app").info("serving http://%s:%s (%d reports, %d workers)", host, port, len(kb.reports()), services.offload.workers)
    if block:
        import time

        import contextlib
        import io

        try:
            while app.is_running:
                time.sleep(0.2)
        except KeyboardInterrupt:  # Ctrl-C: one line, no traceback (Gradio's own wait and close print English)
            if services.importing is not None:
                services.importing.stop()
            with contextlib.redirect_stdout(io.StringIO()):
                app.close()
            logging.getLogger("disclosure.app").info("stopped (Ctrl-C)")
            say("已停止。")
    return app


if __name__ == "__main__":
    serve()
