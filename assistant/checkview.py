"""One report checked for the 校验 page: read, validated and shown (a summary, the findings'
rows, the tables with the broken cells marked). Needs nothing but its inputs, so the served app
runs it in a worker process (``assistant.offload``)."""

from __future__ import annotations

from index.errors import InputError
from index.parser import parse_document, parse_file
from index.readers import read_pasted

from .presenting import escape_markdown, findings_rows, tables_html
from .validation import previous_year_problem, validate


def check_view(pasted: str | None, upload: str | None, previous: str | None) -> tuple[str, list[list[str]], str]:
    """(summary markdown, findings rows, tables HTML) of an uploaded file, else of pasted text."""
    if upload:
        report = parse_file(upload)
    elif pasted and pasted.strip():
        report = parse_document(read_pasted(pasted))
    else:
        raise InputError("请粘贴表格或报告全文，或上传报告文件。")
    previous_report = parse_file(previous) if previous else None
    findings = validate(report, previous_report)
    errors = sum(1 for f in findings if f.severity == "error")
    who = escape_markdown(" ".join(str(part) for part in (report.agency, report.year) if part) or "所校验的表格")
    summary = f"**{who}**：{errors} 个错误，{len(findings) - errors} 条提示。" if findings else f"**{who}**：未发现问题。"
    refused = previous_year_problem(report, previous_report) if previous_report else None
    if refused:  # only the same body's year before is compared: say so, give no cross-year hints
        summary += f"\n\n> 注意：{refused}"
    return summary, findings_rows(findings), tables_html(report, findings)
