"""The ``disclosure`` command line. Errors become one readable sentence here, nowhere deeper."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from pathlib import Path

from index.errors import DisclosureError, UnreadableFile
from index.render import table_layout, to_html, to_markdown
from index.parser import TABLE_NAMES, parse_document, parse_file
from index.readers import read_pasted

from .formatting import format_findings, format_report
from .answering import Answerer
from .docx_export import export_docx
from .drafting import draft_section1_requests, draft_section5, draft_section6
from .figures import checked_tables, figures_of, parse_figures
from .knowledge import KnowledgeBase, expand
from .models import make_chat_model
from .settings import load_settings
from .validation import validate as run_validators

EXIT_BAD_INPUT = 2


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's errors into one sentence on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DisclosureError as error:
            click.echo(f"错误 error: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


@click.group(help="政府信息公开工作年度报告助手 — read, check and answer questions about annual disclosure reports.")
def main() -> None:
    pass


@main.command(help="解析报告文件并显示其章节和表格 (parse a report file: .txt .md .html .docx .pdf).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the parse as JSON with canonical ids.")
@_friendly
def parse(file: str, as_json: bool) -> None:
    report = parse_file(file)
    if as_json:
        click.echo(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
    missing = report.missing_tables()
    if missing:
        names = "、".join(TABLE_NAMES[name] for name in missing)
        click.echo(
            f"错误 error: {file} 缺少{names}，可能是不完整的报告；以上是已读到的内容，请补全文件后再试。"
            f" ({file} lacks {', '.join(missing)}: the report looks truncated.)",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)


@main.command(help="校验报告或粘贴的表格 (check a report or a pasted table; FILE or - for standard input).")
@click.argument("file", type=str)
@click.option("--previous", type=click.Path(dir_okay=False, path_type=str), help="The same body's report for the year before.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@_friendly
def validate(file: str, previous: str | None, as_json: bool) -> None:
    report = parse_document(read_pasted(sys.stdin.read(), "标准输入")) if file == "-" else parse_file(file)
    findings = run_validators(report, parse_file(previous) if previous else None)
    if as_json:
        payload = {
            "report": {"agency": report.agency, "year": report.year},
            "findings": [f.model_dump() for f in findings],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(format_findings(report, findings))
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


def _knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.open(load_settings())


@main.command(help="导入报告到知识库 (ingest report files or folders into the knowledge base).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@_friendly
def ingest(paths: tuple[str, ...], as_json: bool) -> None:
    kb = _knowledge_base()
    files = expand(paths)
    with click.progressbar(length=len(files), label="导入 ingest", file=sys.stderr, show_pos=True) as bar:
        result = kb.ingest(files, progress=lambda _path: bar.update(1))
    for _path, error in result.failed:
        click.echo(f"跳过 skipped: {error}", err=True)
    if as_json:
        click.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"新增 {len(result.added)}，未变 {len(result.unchanged)}，替换 {len(result.replaced)}，跳过 {len(result.failed)}；"
                   f"文本块 {result.chunks}，新嵌入 {result.embedded}。")
    if result.failed and not (result.added or result.unchanged or result.replaced):
        sys.exit(EXIT_BAD_INPUT)


@main.command(help="列出知识库中的报告 (list indexed reports; the bundled samples are ingested when it is empty).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_friendly
def reports(as_json: bool) -> None:
    kb = _knowledge_base()
    kb.ensure_samples()
    rows = kb.reports()
    if as_json:
        click.echo(json.dumps([
            {"id": r.id, "agency": r.agency, "region": r.region, "year": r.year, "layout": r.layout, "source": r.source,
             "findings": r.findings, "errors": r.errors, "chunks": r.chunks} for r in rows
        ], ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r.agency or '（未识别）'}\t{r.year or ''}\t{r.layout}\t发现 {r.findings}（错误 {r.errors}）\t{r.source}")


@main.command(help="提问：数字来自表格并注明出处，叙述来自原文 (ask a question about the indexed reports).")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, facts, passages and notes as JSON.")
@_friendly
def ask(question: str, as_json: bool) -> None:
    settings = load_settings()
    kb = KnowledgeBase.open(settings)
    kb.ensure_samples()
    result = Answerer(kb, make_chat_model(settings)).ask(question)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(result.text)
    for note in result.notes:
        click.echo(f"  注 note: {note}")


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"无法读取 {source}：{exc}；请提供 UTF-8 文本文件。 (Cannot read {source}.)") from None


@main.command(help="起草：第五部分（笔记）、第一部分(二)与第六部分（数字）、标准表格（数字） (draft sections and tables).")
@click.option("--section", type=click.Choice(["1", "5", "6"]), help="5 from --notes; 1 (一(二)) or 6 from an indexed report or --figures.")
@click.option("--tables", "want_tables", is_flag=True, help="Generate tables 二、三、四 from --figures or an indexed report.")
@click.option("--notes", "notes_source", help="Notes file for section 5, or - for standard input.")
@click.option("--figures", "figures_source", help="Figures: JSON or 'table3.granted.natural_person = 3' lines (- for stdin).")
@click.option("--agency", help="The body (its indexed reports give figures, style and suggestions).")
@click.option("--year", type=int, help="The report year.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True, help="Table format.")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=str), help="Also write a .docx in the official style.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--report", "want_report", is_flag=True, help="The whole report of --year: 一 to 六 and the tables, checked (cross-year too).")
@click.option("--fees", type=float, help="信息处理费 collected this year, in yuan (section 六).")
@click.option("--other", "other_items", multiple=True, help="Another item for section 六 (repeatable).")
@click.option("--form", type=click.Choice(["paragraph", "sections"]), help="Form of section 五 (default: as in the body's last report).")
@_friendly
def draft(section: str | None, want_tables: bool, notes_source: str | None, figures_source: str | None, agency: str | None,
          year: int | None, fmt: str, docx_path: str | None, as_json: bool, want_report: bool = False, fees: float | None = None,
          other_items: tuple[str, ...] = (), form: str | None = None) -> None:
    if not section and not want_tables and not want_report:
        raise click.UsageError("Give --section 1|5|6, --tables or --report.")
    settings = load_settings()
    kb = KnowledgeBase.open(settings)
    kb.ensure_samples()
    if want_report:
        _draft_report(kb, settings, agency, year, figures_source, notes_source, fees, list(other_items), form, docx_path, as_json)
        return
    payload: dict[str, object] = {}
    texts: list[str] = []
    tables_report = None
    findings: list = []
    if section == "5":
        if not notes_source:
            raise click.UsageError("--section 5 needs --notes FILE (or - for standard input).")
        result = draft_section5(_read_input(notes_source), agency, year, kb.retriever, make_chat_model(settings), form=form,  # type: ignore[arg-type]
                                embeddings=_real_embeddings(kb, settings), last_section5=_last_section5(kb, agency, year))
        payload |= {"section": 5, "text": result.text, "deterministic": result.deterministic,
                    "problems": [p.problem for p in result.notes.points],
                    "measures": [{"text": m.text, "suggested": m.suggested, "source": m.source} for m in result.measures], "form": result.form,
                    "flags": result.flags, "examples": result.examples}
        texts.append("五、存在的主要问题及改进情况\n" + result.text)
    if section in ("1", "6") or want_tables:
        if figures_source:
            figures = _figures(figures_source)
        elif agency:
            figures = figures_of(kb.facts, kb.report_for(agency, year))
        else:
            raise click.UsageError("Give --figures FILE, or --agency (and --year) of an indexed report.")
        tables_report, findings = checked_tables(figures, agency=agency, year=year)
        if section == "1":
            text = draft_section1_requests(tables_report, agency, year)
            payload |= {"section": 1, "text": text}
            texts.append("一、总体情况\n" + text)
        if section == "6":
            text = draft_section6(tables_report, agency, year, fees, list(other_items))
            payload |= {"section": 6, "text": text}
            texts.append("六、其他需要报告的事项\n" + text)
        if want_tables:
            render = to_html if fmt == "html" else to_markdown
            payload |= {"tables": {t.name: render(table_layout(t, tables_report.layout)) for t in tables_report.tables()},
                        "findings": [f.model_dump() for f in findings]}
    if docx_path:
        title = f"{agency or ''}{year or ''}{'年' if year else ''}政府信息公开工作年度报告" if agency or year else None
        suggested = [m["text"] for m in payload.get("measures", []) if m["suggested"]]  # type: ignore[union-attr, index]
        Path(docx_path).write_bytes(export_docx(title, texts, tables_report if want_tables else None, highlights=suggested))
        payload["docx"] = docx_path
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for text in texts:
            click.echo(text.split("\n", 1)[1])
        for flag in payload.get("flags", []) or []:
            click.echo(f"  注 flag: {flag}", err=True)
        if section == "5":
            for measure in payload["measures"]:  # type: ignore[union-attr]
                if measure["suggested"]:
                    click.echo(f"  建议 suggested: {measure['text']}" + (f"（参考 {measure['source']}）" if measure["source"] else ""), err=True)
        for name, table in (payload.get("tables") or {}).items():  # type: ignore[union-attr]
            click.echo(f"\n{name}:\n{table}")
        if findings:
            click.echo("\n表格未通过校验 (the tables break rules):", err=True)
            click.echo(format_findings(tables_report, findings), err=True)  # type: ignore[arg-type]
        if docx_path:
            click.echo(f"已写入 written: {docx_path}", err=True)
    if findings and want_tables:
        sys.exit(1)


def _figures(source: str) -> dict:
    from .draft.workbook import read_figures_file

    return read_figures_file(source) or parse_figures(_read_input(source))


def _real_embeddings(kb: KnowledgeBase, settings: object) -> object | None:
    """The embedding model for telling problems from measures (never the fake one of the tests)."""
    from .models import make_embeddings

    return None if getattr(settings, "embedding_backend", "fake") == "fake" else make_embeddings(settings)  # type: ignore[arg-type]


def _last_section5(kb: KnowledgeBase, agency: str | None, year: int | None) -> str | None:
    """Section 五 of the body's last indexed report before ``year`` (its form is kept)."""
    if not agency:
        return None
    from .draft.report import section_text

    rows = [r for r in kb.facts.reports_of(kb.facts.agency_keys(agency)) if not year or (r.year or 0) < year]
    return section_text(kb, max(rows, key=lambda r: r.year or 0).id, 5) if rows else None


def _draft_report(kb: KnowledgeBase, settings: object, agency: str | None, year: int | None, figures_source: str | None, notes_source: str | None,
                  fees: float | None, other_items: list[str], form: str | None, docx_path: str | None, as_json: bool) -> None:
    """``draft --report``: the whole report, its findings, and the .docx."""
    from .draft.report import draft_report

    if not agency or not year:
        raise click.UsageError("--report needs --agency and --year.")
    figures = _figures(figures_source) if figures_source else None
    notes = _read_input(notes_source) if notes_source else None
    result = draft_report(kb, agency, year, figures, notes, fees_collected=fees, other_items=other_items, form=form,  # type: ignore[arg-type]
                          model=make_chat_model(settings), embeddings=_real_embeddings(kb, settings))  # type: ignore[arg-type]
    if docx_path:
        Path(docx_path).write_bytes(result.docx())
    if as_json:
        click.echo(json.dumps({
            "title": result.report.title, "sections": [{"id": s.id, "heading": s.heading, "text": s.text} for s in result.report.sections],
            "tables": {t.name: t.values() for t in result.report.tables()}, "findings": [f.model_dump() for f in result.findings],
            "checked_against": result.previous_year, "structure_from": result.structure_from, "flags": result.flags,
            "measures": [{"text": m.text, "suggested": m.suggested, "source": m.source} for m in (result.section5.measures if result.section5 else [])],
            "docx": docx_path,
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(result.report.title)
        tables = {2: result.report.table2, 3: result.report.table3, 4: result.report.table4}
        for section, text in zip(result.report.sections, result.texts(), strict=True):
            table = tables.get(section.id)
            click.echo("\n" + (text + "\n" + to_markdown(table_layout(table, result.report.layout)) if table is not None else text))
        for flag in result.flags:
            click.echo(f"  注：{flag}", err=True)
        for suggestion in result.suggestions():
            click.echo(f"  建议措施（请核实）：{suggestion}", err=True)
        against = f"，并与 {result.previous_year} 年报告核对了上年结转和现行有效件数" if result.previous_year else "（知识库中没有上一年度报告，未做跨年核对）"
        if result.errors:
            click.echo(f"\n校验发现 {len(result.errors)} 处错误{against}：", err=True)
        elif result.findings:
            click.echo(f"\n校验未发现错误{against}；另有 {len(result.findings)} 条提示，请核实：", err=True)
        else:
            click.echo(f"\n校验通过{against}。", err=True)
        if result.findings:
            click.echo(format_findings(result.report, result.findings), err=True)
        if docx_path:
            click.echo(f"已写入：{docx_path}", err=True)
    if result.errors:
        sys.exit(1)


@main.command(help="启动网页应用（中文界面）；知识库为空时先导入自带的样例报告 (start the web app).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7860, show_default=True, type=int)
@_friendly
def serve(host: str, port: int) -> None:
    from ui.app import serve as start  # Gradio loads only for the app

    click.echo(f"政府信息公开年报助手：http://{host}:{port}（先打开知识库、建立检索索引，报告很多时约需一分钟；Ctrl-C 退出）", err=True)
    start(host, port)
