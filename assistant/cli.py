"""The ``disclosure`` command line. Errors become one readable sentence here, nowhere deeper."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from index.errors import DisclosureError
from index.parser import TABLE_NAMES, parse_document, parse_file
from index.readers import read_pasted

from .formatting import format_findings, format_report
from .answering import Answerer
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


@main.command(help="启动网页应用 (start the web app).")
def serve() -> None:
    click.echo("网页应用尚未完成 (the web app is not built yet).")
