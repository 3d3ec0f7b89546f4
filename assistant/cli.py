"""The ``disclosure`` command line. Errors become one readable sentence here, nowhere deeper."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from pathlib import Path

from index.errors import DisclosureError, UnreadableFile

from .errors import readable
from .lazy import lazy
from .terminal import ChineseGroup

# Imported on first use (`--help` loads click and nothing else; a table question never loads
# the readers of PDF and Word, Chroma, the embedding model or the word index).
table_layout, to_html, to_markdown = (lazy("index.render", n) for n in ("table_layout", "to_html", "to_markdown"))
TABLE_NAMES, parse_document, parse_file = (lazy("index.parser", n) for n in ("TABLE_NAMES", "parse_document", "parse_file"))
read_pasted = lazy("index.readers", "read_pasted")
format_findings, format_report = lazy("assistant.formatting", "format_findings"), lazy("assistant.formatting", "format_report")
Answerer = lazy("assistant.ask.answerer", "Answerer")
export_docx = lazy("assistant.docx_export", "export_docx")
draft_section1_requests, draft_section6 = (lazy("assistant.drafting", n) for n in ("draft_section1_requests", "draft_section6"))
checked_tables, figures_of, parse_figures = (lazy("assistant.figures", n) for n in ("checked_tables", "figures_of", "parse_figures"))
KnowledgeBase, expand = lazy("assistant.knowledge", "KnowledgeBase"), lazy("assistant.knowledge", "expand")
make_chat_model = lazy("assistant.models", "make_chat_model")
load_settings = lazy("assistant.settings", "load_settings")
run_validators = lazy("assistant.validation", "validate")
previous_year_problem = lazy("assistant.validation", "previous_year_problem")
storage_error, check_output, write_atomically = (lazy("assistant.storage", n) for n in ("storage_error", "check_output", "write_atomically"))

EXIT_BAD_INPUT = 2
logging.getLogger("disclosure").addHandler(logging.NullHandler())  # no log file yet: nothing on stderr (logging's last resort)
SLOW_ANSWER = 1.5  # seconds after which a question answered in its own process says it is working


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's errors into one sentence on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DisclosureError as error:
            _log_to_home()
            logging.getLogger("disclosure.guard").warning("%s: %s", command.__name__, error)
            click.echo(f"错误：{readable(error)}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Exception as error:  # a store failing under a running command (OSError, SQLAlchemyError, …)
            if not _store_failure_kind(error):
                raise
            failure = storage_error(error, load_settings())
            if failure is None:
                raise
            logging.getLogger("disclosure").exception("%s: %s", command.__name__, failure)
            click.echo(f"错误：{readable(failure)}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def _log_to_home() -> None:
    """A refusal before the data home was opened (a question too long, an empty file) still goes
    to the log file in the data home; a home that cannot be written has none, silently."""
    try:
        from .storage import setup_logging

        setup_logging(load_settings().home)
    except Exception:  # noqa: BLE001 - logging never turns a refusal into a traceback
        pass


def _store_failure_kind(error: Exception) -> bool:
    """What a store raises when it fails (SQLAlchemy is only looked at when a command loaded it)."""
    if isinstance(error, (OSError, RuntimeError, ValueError)):
        return True
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(error, sqlalchemy_exc.SQLAlchemyError)


@click.group(cls=ChineseGroup, help="政府信息公开工作年度报告助手：解析、校验报告，回答有出处的问题，起草章节和表格。")
def main() -> None:
    pass


@main.command(help="解析报告文件（.txt .md .html .docx .pdf），显示其章节和表格。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出解析结果（使用标准单元格编号，见 docs/format.md）。")
@_friendly
def parse(file: str, as_json: bool) -> None:
    report = parse_file(file)
    if as_json:
        click.echo(json.dumps(report.summary(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
    from index.model import FIRST_STANDARD_YEAR

    missing = report.missing_tables()
    if missing and not (report.narrative_only and report.year is not None and report.year < FIRST_STANDARD_YEAR):  # free-form before 2019: no tables to miss
        names = "、".join(TABLE_NAMES[name] for name in missing)
        click.echo(
            f"错误：{file} 缺少{names}，可能是不完整的报告；以上是已读到的内容，请补全文件后再试。",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)


@main.command(help="校验报告或粘贴的表格（FILE 为报告文件，或用 - 从标准输入读取）。")
@click.argument("file", type=str)
@click.option("--previous", type=click.Path(dir_okay=False, path_type=str), help="同一机关上一年度的报告，用于跨年校验。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出校验发现。")
@_friendly
def validate(file: str, previous: str | None, as_json: bool) -> None:
    from index.limits import MAX_PASTE_CHARS

    # standard input read up to one character past the paste limit: read_pasted refuses the rest unread
    report = parse_document(read_pasted(sys.stdin.read(MAX_PASTE_CHARS + 1), "标准输入")) if file == "-" else parse_file(file)
    previous_report = parse_file(previous) if previous else None
    refused = previous_year_problem(report, previous_report) if previous_report else None  # not the body's year before
    findings = run_validators(report, previous_report)
    if as_json:
        payload = {
            "report": {"agency": report.agency, "year": report.year},
            "findings": [f.model_dump() for f in findings],
        }
        if previous_report:
            payload["previous"] = {"agency": previous_report.agency, "year": previous_report.year, "used": refused is None, "reason": refused}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(format_findings(report, findings, refused))
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


def _knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.open(load_settings())


_OPENED: dict[str, KnowledgeBase] = {}


def _shared_knowledge_base() -> KnowledgeBase:
    """The knowledge base of these settings, opened once per process (the warm question service
    answers every question from the one it opened)."""
    settings = load_settings()
    key = settings.model_dump_json()
    if key not in _OPENED:
        _OPENED[key] = KnowledgeBase.open(settings)
    return _OPENED[key]


def _ensure_samples(kb: KnowledgeBase) -> None:
    from .progress import ensure_samples

    ensure_samples(kb)


@main.command(help="把报告文件或文件夹导入知识库。")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--vectors", type=click.Choice(["now", "later"]), default="now", show_default=True,
              help="later：先存入表格和正文（立即可查数字），语义向量稍后补建（再次运行 ingest 或启动应用时补齐）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导入摘要。")
@_friendly
def ingest(paths: tuple[str, ...], vectors: str, as_json: bool) -> None:
    kb = _knowledge_base()
    from .progress import Progress

    ignored: list[tuple[str, str]] = []
    files = expand(paths, ignored)
    from .locking import WAITING

    with Progress("正在导入报告", len(files)) as bar:
        result = kb.ingest(files, progress=lambda path: bar.advance(path.name), on_wait=lambda: click.echo(f"\n{WAITING}", err=True),
                           vectors_later=vectors == "later", begin=lambda path: bar.begin(path.name))
    result.ignored[:0] = ignored
    _vectors_after_ingest(kb, vectors == "later")
    for _path, error in result.failed:
        click.echo(f"跳过：{readable(error)}", err=True)
    for notice in result.notices():
        click.echo(f"跳过：{notice}", err=True)
    for warning in result.warnings():
        click.echo(f"注意：{warning}", err=True)
    for path, old in result.superseded:
        click.echo(f"已替换旧版本：{Path(path).name} 替换了同一机关同一年度的 {Path(old).name}", err=True)
    if as_json:
        click.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"新增 {len(result.added)}，未变 {len(result.unchanged)}，替换 {len(result.replaced)}，跳过 {len(result.failed)}；"
                   f"文本块 {result.chunks}，新嵌入 {result.embedded}。" + (f"已替换旧版本 {len(result.superseded)} 份。" if result.superseded else "")
                   + (f"重复文件 {len(result.duplicates)} 份。" if result.duplicates else ""))
    if result.failed and not (result.added or result.unchanged or result.replaced or result.duplicates or result.set_aside):
        sys.exit(EXIT_BAD_INPUT)


def _vectors_after_ingest(kb: KnowledgeBase, later: bool) -> None:
    """Vectors waiting from an earlier ``--vectors later`` run are stored now (unless later again)."""
    from .progress import Progress

    waiting = len(kb.facts.vectors_waiting())
    if waiting and later:
        click.echo(f"表格和正文已可查询；{waiting} 份报告尚未建立语义索引（按意思检索暂时找不到它们），"
                   "再次运行 disclosure ingest（不带 --vectors later）或启动应用即可补齐。", err=True)
    elif waiting:
        with Progress("正在补建语义索引", waiting) as bar:
            kb.embed_waiting(progress=lambda done, _total: bar.advance(f"{done}/{waiting}"))


@main.command(help="列出知识库中的报告；知识库为空时先导入自带的样例报告。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@_friendly
def reports(as_json: bool) -> None:
    kb = _knowledge_base()
    _ensure_samples(kb)
    rows = kb.reports()
    waiting = {r.id for r in kb.not_searchable()}  # ingested with --vectors later, vectors not stored yet
    if as_json:
        click.echo(json.dumps([
            {"id": r.id, "agency": r.agency, "region": r.region, "year": r.year, "layout": r.layout, "source": r.source,
             "narrative_only": r.narrative_only, "findings": r.findings, "errors": r.errors, "chunks": r.chunks,
             "searchable_by_meaning": r.id not in waiting} for r in rows
        ], ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r.agency or '（未识别机关）'}\t{r.year or '（未识别年度）'}\t{r.layout_label}\t发现 {r.findings}（错误 {r.errors}）\t{r.source}"
                   + ("\t尚未建立语义索引" if r.id in waiting else ""))


@main.command(help="别名：给已收录的机关起个简称或昵称，提问时可用（如 alias 简称 机关全称）；不带参数则列出全部别名。")
@click.argument("nickname", required=False)
@click.argument("body", required=False)
@click.option("--remove", "remove", metavar="别名", help="删除这个别名。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@_friendly
def alias(nickname: str | None, body: str | None, remove: str | None, as_json: bool) -> None:
    from .ask.aliases import add_alias, list_aliases, remove_alias

    facts = _shared_knowledge_base().facts  # the store the warm service's questions read: its own write is seen at once
    if remove:
        gone = remove_alias(facts, remove)
        if as_json:
            click.echo(json.dumps({"removed": remove, "found": gone}, ensure_ascii=False))
        else:
            click.echo(f"已删除别名“{remove}”。" if gone else f"没有别名“{remove}”，未作改动。")
        sys.exit(0 if gone else EXIT_BAD_INPUT)
    if nickname and not body:
        click.echo("错误：请同时给出别名和机关名称，例如：disclosure alias 简称 机关全称", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if nickname and body:
        key = add_alias(facts, nickname, body)
        if as_json:
            click.echo(json.dumps({"alias": nickname.strip(), "agency_key": key}, ensure_ascii=False))
        else:
            click.echo(f"已添加别名：“{nickname.strip()}”即“{key}”。")
        return
    rows = list_aliases(facts)
    if as_json:
        click.echo(json.dumps([{"alias": a, "agency_key": k} for a, k in rows], ensure_ascii=False, indent=2))
    elif rows:
        for a, k in rows:
            click.echo(f"{a}\t{k}")
    else:
        click.echo("还没有别名。用 disclosure alias 别名 机关名称 添加。")


@main.command(help="提问：数字来自表格并注明出处，叙述来自原文（中文或英文提问均可）。")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出回答、数字出处、原文段落和说明。")
@_friendly
def ask(question: str, as_json: bool) -> None:
    from index.limits import check_question

    from . import warm_service

    check_question(question)  # before the data home is opened or the samples ingested
    reply = warm_service.call(["ask", question, *(["--json"] if as_json else [])])  # answered by the warm service
    if reply is not None:
        sys.stdout.write(reply["stdout"])
        sys.stderr.write(reply["stderr"])
        if reply["code"]:
            sys.exit(reply["code"])
        return
    kb = _shared_knowledge_base()
    _ensure_samples(kb)
    from .progress import after

    with after(SLOW_ANSWER, "正在查找答案（第一次提问要载入检索索引和语义模型，需要几秒）…"):  # never silent for long
        result = Answerer(kb, make_chat_model(kb.settings)).ask(question)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.text)
        for note in result.notes:
            click.echo(f"  注：{note}")
    from .progress import importing_note

    importing = importing_note(kb.settings.home) if kb.settings is not None else None
    if importing:  # a served app is still importing the samples: the answer covers what is in
        click.echo(f"  注：{importing}", err=True)
    sys.stdout.flush()
    warm_service.start()  # the next question is answered by a process that has everything loaded


def _read_input(source: str) -> str:
    from index.limits import MAX_PASTE_CHARS, check_file_size, check_paste

    if source == "-":
        text = sys.stdin.read(MAX_PASTE_CHARS + 1)
        check_paste(text, "标准输入")
        return text
    check_file_size(source)  # missing, a folder, /dev/zero or a FIFO: one sentence, nothing read
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"无法读取 {source}：{exc}；请提供 UTF-8 文本文件。 (Cannot read {source}.)") from None


@main.command(help="起草：第五部分（据笔记）、第一部分（二）与第六部分（据数字）、标准表格二至四（据数字）、整份年度报告。")
@click.option("--section", type=click.Choice(["1", "5", "6"]), help="5 据 --notes 起草；1（一（二））或 6 据已收录报告或 --figures 起草。")
@click.option("--tables", "want_tables", is_flag=True, help="据 --figures 或已收录报告生成表二、三、四。")
@click.option("--notes", "notes_source", help="第五部分的要点笔记文件，或用 - 从标准输入读取。")
@click.option("--figures", "figures_source", help="表格数字：按表格排布的 .xlsx、JSON，或每行“table3.granted.natural_person = 3”（编号见 docs/format.md；- 为标准输入）。")
@click.option("--agency", help="机关名称（其已收录的报告提供数字、文风和建议措施）。")
@click.option("--year", type=int, help="报告年度。")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True, help="表格格式。")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=str), help="同时按公文格式写出 Word 文档（.docx）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("--report", "want_report", is_flag=True, help="起草 --year 年度的整份报告：一至六部分及表格，并校验（含跨年核对）。")
@click.option("--fees", type=float, help="本年收取的信息处理费（元，写入第六部分）。")
@click.option("--other", "other_items", multiple=True, help="第六部分的其他事项（可重复）。")
@click.option("--form", type=click.Choice(["paragraph", "sections"]), help="第五部分的写法：paragraph（一段式）或 sections（分（一）（二））；默认沿用该机关上一年报告。")
@_friendly
def draft(section: str | None, want_tables: bool, notes_source: str | None, figures_source: str | None, agency: str | None,
          year: int | None, fmt: str, docx_path: str | None, as_json: bool, want_report: bool = False, fees: float | None = None,
          other_items: tuple[str, ...] = (), form: str | None = None) -> None:
    if not section and not want_tables and not want_report:
        raise click.UsageError("请给出 --section 1|5|6、--tables 或 --report。")
    if docx_path:
        check_output(docx_path)  # a missing folder is said before the drafting, not after
    if figures_source and figures_source != "-":
        _figures(figures_source)  # a bad or hostile figures file is refused before the samples load
    settings = load_settings()
    kb = KnowledgeBase.open(settings)
    _ensure_samples(kb)
    if want_report:
        _draft_report(kb, settings, agency, year, figures_source, notes_source, fees, list(other_items), form, docx_path, as_json)
        return
    payload: dict[str, object] = {}
    texts: list[str] = []
    tables_report = None
    findings: list = []
    if section == "5":
        if not notes_source:
            raise click.UsageError("--section 5 需要 --notes 笔记文件（或用 - 从标准输入读取）。")
        from .draft.from_kb import draft_section5_from_kb

        result = draft_section5_from_kb(kb, _read_input(notes_source), agency, year, make_chat_model(settings), form)
        payload |= {"section": 5, "text": result.text, "deterministic": result.deterministic,
                    "problems": [p.problem for p in result.notes.points],
                    "measures": [{"text": m.text, "suggested": m.suggested, "placeholder": m.placeholder, "source": m.source} for m in result.measures], "form": result.form,
                    "flags": result.flags, "examples": result.examples, "rewrites": [r.as_dict() for r in result.notes.rewrites], "colloquial": result.colloquial,
                    "clauses": [{"side": c.side, "text": c.text} for c in result.notes.clauses],
                    "dropped": [d.as_dict() for d in result.notes.dropped]}
        texts.append("五、存在的主要问题及改进情况\n" + result.text)
    if section in ("1", "6") or want_tables:
        if figures_source:
            figures = _figures(figures_source)
        elif agency:
            figures = figures_of(kb.facts, kb.report_for(agency, year))
        else:
            raise click.UsageError("请给出 --figures 数字文件，或已收录报告的 --agency（及 --year）。")
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
        from .draft.from_kb import docx_title

        suggested = [m["text"] for m in payload.get("measures", []) if m["suggested"]]  # type: ignore[union-attr, index]
        document = export_docx(docx_title(agency, year), texts, tables_report if want_tables else None, highlights=suggested, author=agency)
        write_atomically(docx_path, lambda part: part.write_bytes(document))
        payload["docx"] = docx_path
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for text in texts:
            click.echo(text.split("\n", 1)[1])
        for flag in payload.get("flags", []) or []:
            click.echo(f"  注：{flag}", err=True)
        if section == "5":
            for measure in payload["measures"]:  # type: ignore[union-attr]
                if measure["suggested"]:
                    click.echo(f"  建议措施：{measure['text']}" + (f"（参考 {measure['source']}）" if measure["source"] else ""), err=True)
        for name, table in (payload.get("tables") or {}).items():  # type: ignore[union-attr]
            click.echo(f"\n{name}:\n{table}")
        if findings:
            click.echo("\n表格未通过校验：", err=True)
            click.echo(format_findings(tables_report, findings), err=True)  # type: ignore[arg-type]
        if docx_path:
            click.echo(f"已写入：{docx_path}", err=True)
    if findings and want_tables:
        sys.exit(1)


def _figures(source: str) -> dict:
    from .draft.workbook import read_figures_file

    return read_figures_file(source) or parse_figures(_read_input(source))


def _draft_report(kb: KnowledgeBase, settings: object, agency: str | None, year: int | None, figures_source: str | None, notes_source: str | None,
                  fees: float | None, other_items: list[str], form: str | None, docx_path: str | None, as_json: bool) -> None:
    """``draft --report``: the whole report, its findings, and the .docx."""
    from .draft.from_kb import real_embeddings
    from .draft.report import draft_report

    if not agency or not year:
        raise click.UsageError("--report 需要 --agency 和 --year。")
    figures = _figures(figures_source) if figures_source else None
    notes = _read_input(notes_source) if notes_source else None
    result = draft_report(kb, agency, year, figures, notes, fees_collected=fees, other_items=other_items, form=form,  # type: ignore[arg-type]
                          model=make_chat_model(settings), embeddings=real_embeddings(settings))  # type: ignore[arg-type]
    if docx_path:
        document = result.docx()
        write_atomically(docx_path, lambda part: part.write_bytes(document))
    if as_json:
        from .draft.register import colloquial

        click.echo(json.dumps({
            "title": result.report.title, "preface": result.preface, "sections": [{"id": s.id, "heading": s.heading, "text": s.text} for s in result.report.sections],
            "tables": {t.name: t.values() for t in result.report.tables()}, "findings": [f.model_dump() for f in result.findings],
            "checked_against": result.previous_year, "structure_from": result.structure_from, "flags": result.flags,
            "measures": [{"text": m.text, "suggested": m.suggested, "placeholder": m.placeholder, "source": m.source} for m in (result.section5.measures if result.section5 else [])],
            "rewrites": [r.as_dict() for r in result.rewrites],
            "colloquial": colloquial("\n".join([result.preface] + [s.text for s in result.report.sections])),
            "docx": docx_path,
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(result.report.title)
        click.echo("\n" + result.preface)
        tables = {2: result.report.table2, 3: result.report.table3, 4: result.report.table4}
        for section, text in zip(result.report.sections, result.texts(), strict=True):
            table = tables.get(section.id)
            click.echo("\n" + (text + "\n" + to_markdown(table_layout(table, result.report.layout)) if table is not None else text))
        from .draft.report import SIGN_DATE

        click.echo(f"\n{result.report.agency}\n{SIGN_DATE}")  # the issuing body and the date, as the .docx ends
        for flag in result.flags:
            click.echo(f"  注：{flag}", err=True)
        for suggestion in result.suggestions():
            click.echo(f"  建议措施（请核实）：{suggestion}", err=True)
        computed = any("系据上年度报告推算" in flag for flag in result.flags)  # then 现行有效 agrees with last year by construction: not a check
        against = (f"，并与 {result.previous_year} 年报告核对了上年结转" + ("（现行有效件数系据其推算，请核实，见上）" if computed else "和现行有效件数")
                   if result.previous_year else "（知识库中没有上一年度报告，未做跨年核对）")
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


@main.command(help="启动网页应用；知识库为空时先导入自带的样例报告。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址（0.0.0.0 为对外服务，须加 --auth）。")
@click.option("--port", default=7860, show_default=True, type=int, help="监听的端口。")
@click.option("--auth", is_flag=True, help="要求登录（用户来自 DISCLOSURE_AUTH_USERS 或 DISCLOSURE_AUTH_FILE）。")
@click.option("--allow-delete", is_flag=True, help="不登录时也允许在网页中删除报告（仅限本机 127.0.0.1）。")
@_friendly
def serve(host: str, port: int, auth: bool, allow_delete: bool) -> None:
    from .progress import say

    say("正在启动政府信息公开年报助手…")
    from ui.app import serve as start  # Gradio loads only for the app
    from ui.security import is_loopback

    if not auth and not is_loopback(host):
        click.echo(f"警告：正在 {host} 上无登录地对外提供服务，任何能访问此地址的人都能提问、校验、起草和导入报告（删除已关闭）；共享部署请加 --auth。", err=True)
        if allow_delete:
            click.echo("注意：--allow-delete 只在本机（127.0.0.1）启动时生效；对外服务不登录时不能删除报告。", err=True)
    start(host, port, auth=auth, allow_delete=allow_delete)


# ------------------------------------------------------------------ the evaluator's workbench

@main.command(help="批量校验：一个文件夹（或一批文件）的报告逐份校验，问题写入 Excel 工作簿。")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--previous-dir", type=click.Path(exists=True, file_okay=False, path_type=str),
              help="上一年度报告所在文件夹（跨年校验；批次本身和知识库中的上一年度报告也会用到）。")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=str), help="写入发现的问题的工作簿 (.xlsx)。")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=str), help="同时写入“发现的问题”表的 CSV。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出校验摘要。")
@_friendly
def check(paths: tuple[str, ...], previous_dir: str | None, xlsx_path: str | None, csv_path: str | None, as_json: bool) -> None:
    from .progress import Progress
    from .workbench.check import check_batch, open_facts

    if not xlsx_path and not csv_path:
        raise click.UsageError("请用 --xlsx（或 --csv）指定写入结果的文件。")
    for output in (xlsx_path, csv_path):
        if output:
            check_output(output)  # before the batch is read
    settings = load_settings()
    facts = open_facts(settings.resolved_database_url(), None if settings.database_url else settings.home / "facts.sqlite3")
    files = expand(paths)
    with Progress("正在校验报告", len(files)) as bar:
        result = check_batch(paths, previous_dir=previous_dir, facts=facts, xlsx=xlsx_path, csv=csv_path,
                             progress=lambda path: bar.advance(Path(path).name))
    for file, reason in result.unreadable:
        click.echo(f"无法读取：{file}：{readable(reason)}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"读取 {result.reports} 份报告，{result.reports_with_errors} 份有错误；错误 {result.errors} 个，提示 {result.warnings} 条；"
                   f"无法读取 {len(result.unreadable)} 个文件；已写入 {'、'.join(p for p in (xlsx_path, csv_path) if p)}。")
    if not result.reports and result.unreadable:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(1 if result.errors or result.unreadable else 0)


@main.command(help="对标：同类机关（区县人民政府、市级部门……）同一年度各项指标的分位数、每个机关的数值、百分位与排名、远离同类者，"
                   "并列出突变、文本重复与风险清单。")
@click.option("--year", type=int, help="只看这一年度的报告（默认：全部年度）。")
@click.option("--kind", help="只看这一类机关，如 区县人民政府、市人民政府、市级部门、区县部门。")
@click.option("--region", help="只看这个地区（如某某市）的机关。")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=str), help="写入工作簿（风险清单、对标、同类分位、突变、文本重复）。")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=str), help="写入一页的《对标与风险清单》(.docx)。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部结果（使用标准单元格编号）。")
@_friendly
def benchmark(year: int | None, kind: str | None, region: str | None, xlsx_path: str | None, docx_path: str | None, as_json: bool) -> None:
    from .workbench.supervise_cli import run_benchmark

    run_benchmark(_knowledge_base(), year, kind, region, xlsx_path, docx_path, as_json)


@main.command(help="文本重复：每个机关第一、五、六部分与其上一年度报告相同或近乎相同的句子占比，并引出最相近的句子。")
@click.option("--year", type=int, help="只看这一年度的报告（与其上一年度比）。")
@click.option("--all", "show_all", is_flag=True, help="列出每个比较过的部分（默认只列出被标记的）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@_friendly
def similar(year: int | None, show_all: bool, as_json: bool) -> None:
    from .workbench.supervise_cli import run_similar

    run_similar(_knowledge_base(), year, show_all, as_json)


@main.command(help="导出：知识库中每份报告表二至表四的每个单元格（及正文中的数字）写入 Excel 工作簿。")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=str), help="写入的工作簿 (.xlsx)。")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=str), help="同时把“单元格”表写成 CSV。")
@click.option("--agency", "agencies", multiple=True, help="只导出这个机关（可重复；任何写法均可）。")
@click.option("--year", "years", multiple=True, type=int, help="只导出这一年度（可重复）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导出摘要。")
@_friendly
def export(xlsx_path: str | None, csv_path: str | None, agencies: tuple[str, ...], years: tuple[int, ...], as_json: bool) -> None:
    from .workbench.export import export_facts, select_reports

    if not xlsx_path and not csv_path:
        raise click.UsageError("请用 --xlsx（或 --csv）指定写入的文件。")
    for output in (xlsx_path, csv_path):
        if output:
            check_output(output)
    kb = _knowledge_base()
    kb.ensure_samples()
    total = len(select_reports(kb, agencies, years))
    with click.progressbar(length=total, label="正在导出", file=sys.stderr, show_pos=True) as bar:
        result = export_facts(kb, xlsx_path, csv_path, agencies, years, progress=lambda _r: bar.update(1))
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        prose = f"，正文数字 {result.figures} 个" if result.figures is not None else ""
        click.echo(f"导出 {result.reports} 份报告的 {result.cells} 个单元格{prose}；已写入 {'、'.join(result.files)}。")
