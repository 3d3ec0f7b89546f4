"""The ``disclosure`` command line. Errors become one readable sentence here, nowhere deeper."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from index.errors import DisclosureError
from index.parser import TABLE_NAMES, parse_file

from .formatting import format_report

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


@main.command(help="启动网页应用 (start the web app).")
def serve() -> None:
    click.echo("网页应用尚未完成 (the web app is not built yet).")
