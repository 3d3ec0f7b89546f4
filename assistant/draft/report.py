"""The whole report of year Y — the clerk's real job: 一 in the parts of the body's last
report with this year's figures, 二–四 from the figures, 五 from the notes, 六 with fees and
other items; every number checked by the validators, cross-year against last year's report in
the knowledge base (上年结转 = 去年结转下年度; 现行有效 carried forward)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from index.errors import NotIndexed
from index.facts import ReportRow, chunks
from index.model import Number, Paragraph, Report, Section

from ..docx_export import MARKS, add_signature, add_table, add_text, add_title, new_document, save
from ..figures import build_tables, figures_of
from ..presenting import figure
from ..validation import Finding, validate
from ..validation.arithmetic import T3_COLUMNS

from .register import rewrite_register
from .section5 import TO_CONFIRM, Form, LastYear, Section5Draft, draft_section5, we
from .sections import IN_FORCE_ROWS, draft_section1, draft_section6, report_vocab, section1_parts


SIGN_DATE = "【待补：成文日期】"  # under the issuing body at the end of the report


@dataclass
class ReportDraft:
    report: Report  # the drafted report: six sections and the three tables
    findings: list[Finding]  # what the validators say of it (cross-year included when last year is indexed)
    previous_year: int | None  # the year it was checked against
    structure_from: str | None  # the report whose parts section 一 follows
    section5: Section5Draft | None = None
    flags: list[str] = field(default_factory=list)
    preface: str = ""  # 本报告由…编制…统计期限…, before 一
    part_rewrites: list[Any] = field(default_factory=list)  # register rewrites of the notes' lines for section 一's parts

    @property
    def rewrites(self) -> list[Any]:
        """Every register rewrite of the clerk's words in the report (一's parts, then 五), before → after."""
        return self.part_rewrites + (self.section5.notes.rewrites if self.section5 else [])

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def texts(self) -> list[str]:
        """Each section as "heading\\ntext" (the tables' sections as their heading only)."""
        return [f"{s.heading}\n{s.text}" if s.paragraphs else s.heading for s in self.report.sections]

    def suggestions(self) -> list[str]:
        return [m.text for m in self.section5.measures if m.suggested] if self.section5 else []

    def docx(self) -> bytes:
        """The report in the official style: each table in its section, the tool's content highlighted."""
        return report_docx(self.report, self.suggestions(), self.preface)


def report_docx(report: Report, suggestions: list[str], preface: str = "") -> bytes:
    """A whole report as a .docx (a pure job: the app runs it in a worker process): the body as
    its author, the tool's marks highlighted with the legend at the end."""
    document = new_document()
    add_title(document, report.title or "", report.agency)
    if preface:
        add_text(document, preface, suggestions)
    tables = {2: report.table2, 3: report.table3, 4: report.table4}
    texts = [preface]
    for section in report.sections:
        table = tables.get(section.id)
        if table is not None:
            add_table(document, table, report.layout)
        else:
            add_text(document, f"{section.heading}\n{section.text}", suggestions)
            texts.append(section.text)
    if report.agency:
        add_signature(document, report.agency, SIGN_DATE)
        texts.append(SIGN_DATE)
    return save(document, report.agency, marked=any(MARKS.search(t) for t in texts))


_LABELLED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])?\s*([^：:\n]{2,14})[：:]\s*(.+?)\s*$")


def part_notes(notes: str | None, parts: list[str], rewrites: list[Any] | None = None) -> tuple[dict[str, str], str | None]:
    """Lines of the notes labelled with a part of 一 that the figures do not give ("政府信息管理：……"):
    that part's text in the register of the genre (its rewrites added to ``rewrites``), taken out
    of the notes for 五."""
    if not notes:
        return {}, notes
    kinds = {p["heading"]: p for p in report_vocab()["part"]}
    found: dict[str, str] = {}
    kept = []
    rewrites = rewrites if rewrites is not None else []
    for line in notes.splitlines():
        match = _LABELLED.match(line)
        heading = next((h for h in parts if match and (match.group(1) in h or h in match.group(1))), None)
        part = next((p for p in kinds.values() if heading and any(k in heading for k in p["keywords"])), None)
        if match and heading and (part is None or part["kind"] == "text"):
            clauses = [rewrite_register(clause) for clause in re.split(r"(?<=[。；;！!])", match.group(2)) if clause.strip()]
            rewrites += [r for _, changed in clauses for r in changed]
            found[heading] = "".join(text for text, _ in clauses).rstrip("。；;") + "。"
        else:
            kept.append(line)
    return found, "\n".join(kept)


def section_text(kb: Any, report_id: str, section: int) -> str:
    """A section of an indexed report, put back together from its chunks."""
    with kb.facts.engine.connect() as db:
        rows = db.execute(select(chunks.c.start, chunks.c.text).where(chunks.c.report_id == report_id, chunks.c.section == section,
                                                                      chunks.c.kind == "text").order_by(chunks.c.start)).all()
    text = ""
    for start, piece in rows:
        text = text[:start] + piece if start <= len(text) else text + "\n" + piece
    return text


def last_section5(kb: Any, agency: str | None, year: int | None) -> str | None:
    """Section 五 of the body's last indexed report before ``year`` (its form is kept, its measures
    are last year's promises); None when the body has none indexed."""
    if not agency:
        return None
    rows = [r for r in kb.facts.reports_of(kb.facts.agency_keys(agency)) if not year or (r.year or 0) < year]
    return section_text(kb, max(rows, key=lambda r: r.year or 0).id, 5) if rows else None


_SHORT_NAME = re.compile(r"(《[^》]{2,40}》)（[^）]*?以下简称(《[^》]{1,10}》)）")


def abbreviated(text: str, preface: str) -> str:
    """A title the preface names for short ("《…条例》（…以下简称《条例》）") by its short name after it."""
    for full, short in _SHORT_NAME.findall(preface):
        text = text.replace(full, short)
    return text


def _in_2021_rows(figures: dict[str, Number], flags: list[str]) -> dict[str, Number]:
    """A single （六）其他处理 row (the 2019 form) put under its sub-item 3. 其他, said to the clerk."""
    single = {k: v for k, v in figures.items() if k.startswith("table3.other.") and k.count(".") == 2}
    if not single:
        return figures
    figures = {k: v for k, v in figures.items() if k not in single}
    figures |= {k.replace("table3.other.", "table3.other.other."): v for k, v in single.items()}
    if any(single.values()):
        flags.append("表三“（六）其他处理”只有合计数，已按 2021 年格式填入“3. 其他”，请核实是否应分列到前两个子项。")
    return figures


def _carry(figures: dict[str, Number], previous: dict[str, Number], computed: dict[str, str] | None = None) -> dict[str, Number]:
    """上年结转 from last year's 结转下年度, 现行有效 from last year's plus issued less repealed (when not given; each
    so computed goes into ``computed`` with its arithmetic, for the clerk to confirm)."""
    figures = dict(figures)
    for column in T3_COLUMNS:
        before = previous.get(f"table3.carried_forward.{column}")
        if f"table3.carried_over.{column}" not in figures and before is not None:
            figures[f"table3.carried_over.{column}"] = before
    for row in ("regulations", "normative_documents"):
        before = previous.get(f"table2.{row}.in_force")
        if f"table2.{row}.in_force" not in figures and before is not None:
            issued, repealed = figures.get(f"table2.{row}.issued", 0), figures.get(f"table2.{row}.repealed", 0)
            figures[f"table2.{row}.in_force"] = before + issued - repealed
            if computed is not None:
                computed[row] = f"{figure(before)}＋{figure(issued)}－{figure(repealed)}＝{figure(figures[f'table2.{row}.in_force'])}"
    return figures


def mark_contradictions(report: Report, findings: list[Any]) -> list[str]:
    """Each sentence of the text its own tables contradict (NARRATIVE-vs-TABLE) marked in the text itself —
    "【待核实：正文称复议纠正2件，表四为1件】" before the sentence ends — so the page shows it, not only the hints."""
    told = []
    for finding in findings:
        said = re.match(r"(.*?)：“(.*)”$", finding.message, re.S) if finding.rule == "NARRATIVE-vs-TABLE" else None
        if said is None:
            continue
        head, sentence = re.sub(r"\s+", "", said.group(1)), said.group(2)
        body = sentence.rstrip("。；;！!？?")
        for paragraph in (p for section in report.sections for p in section.paragraphs if sentence in p.text):
            paragraph.text = paragraph.text.replace(sentence, body + f"{TO_CONFIRM[:-1]}：{head}】" + sentence[len(body):], 1)
            told.append(f"正文与表格不一致（{head}），已在正文中标出【待核实】，请核实后修改正文或表格。")
            break
    return told


def draft_report(kb: Any, agency: str, year: int, figures: dict[str, Number] | None = None, notes: str | None = None, *,
                 fees_collected: float | None = None, other_items: list[str] | None = None, form: Form | None = None,
                 model: Any = None, embeddings: Any = None) -> ReportDraft:
    """All six sections of ``agency``'s report for ``year`` (figures typed in, else the indexed report of that year)."""
    rows: list[ReportRow] = sorted(kb.facts.reports_of(kb.facts.agency_keys(agency)), key=lambda r: r.year or 0)
    name = rows[-1].agency if rows and rows[-1].agency else agency
    this_year = next((r for r in rows if r.year == year), None)
    previous = next((r for r in rows if r.year == year - 1), None)
    earlier = [r for r in rows if (r.year or 0) < year]
    template = earlier[-1] if earlier else this_year
    if figures is None:
        if this_year is None:
            indexed = "、".join(str(r.year) for r in rows) or "无"
            raise NotIndexed(f"知识库中没有{agency}{year}年的数字（已收录年度：{indexed}）；请用 --figures 提供本年度表格数字（.xlsx 或文本）。")
        figures = figures_of(kb.facts, this_year)
    previous_figures = {k: c.value for k, c in kb.facts.cells(previous.id).items() if c.value is not None} if previous else {}
    flags: list[str] = []
    layout = this_year.layout if this_year is not None else ("2021" if year >= 2021 else "2019")
    computed: dict[str, str] = {}
    figures = _carry(_in_2021_rows(figures, flags) if layout == "2021" else figures, previous_figures, computed)
    tables = build_tables(figures, layout, name, year)
    vocab = report_vocab()
    headings = vocab["headings"]
    last1 = section_text(kb, template.id, 1) if template else None
    last5 = section_text(kb, template.id, 5) if template else None
    section5 = None
    self_name = we(name)  # one self-reference throughout (the preface names the body)
    part_rewrites: list[Any] = []
    from_notes, notes = part_notes(notes, section1_parts(last1), part_rewrites)
    last_year = LastYear(section_text(kb, previous.id, 5) if previous else None, previous.year if previous else None)
    if notes and notes.strip():
        from .from_kb import notes_reader

        section5 = draft_section5(notes, name, year, kb.retriever, model, form=form, embeddings=embeddings, last_section5=last5, last_year=last_year,
                                  reader=notes_reader(kb.settings, model))
        text5 = section5.text
    else:
        text5 = "【待补：请根据本年度工作笔记填写存在的主要问题及改进情况（可用 --notes 提供笔记）】"
    words = report_vocab()
    contact = name + "办公室" if name.endswith("人民政府") else name  # a government answers through its office
    preface = words["preface"].format(agency=name, contact=contact, year=year, format=words["format_2021" if layout == "2021" else "format_2019"],
                                      decree=words["decree" if year >= 2019 else "decree_before_2019"])
    texts = {1: draft_section1(tables, self_name, year, last1, from_notes),
             5: text5, 6: draft_section6(tables, self_name, year, fees_collected, other_items)}
    for row, arithmetic in computed.items():  # 现行有效 not given: computed from last year's report, marked for the clerk
        said = f"现行有效{IN_FORCE_ROWS[row]}{arithmetic.rsplit('＝', 1)[1]}件"
        if said in texts[1]:
            texts[1] = texts[1].replace(said, said + TO_CONFIRM, 1)
            flags.append(f"{said}系据上年度报告推算（上年现行有效＋本年制发－本年废止：{arithmetic}），请核实。")
    texts = {number: abbreviated(text, preface) for number, text in texts.items()}
    report = tables.model_copy()
    report.title = vocab["title"].format(agency=name, year=year)
    report.sections = [
        Section(id=i, heading=headings[i - 1], paragraphs=[Paragraph(text=line) for line in texts.get(i, "").splitlines() if line.strip()])
        for i in range(1, 7)
    ]
    previous_report = build_tables(previous_figures, previous.layout, previous.agency, previous.year) if previous else None
    findings = [f for f in validate(report, previous_report) if f.rule != "SHAPE"]
    flags += mark_contradictions(report, findings)
    structure = f"{template.agency} {template.year}" if template else None
    return ReportDraft(report, findings, previous.year if previous else None, structure, section5, flags + (section5.flags if section5 else []), preface,
                       part_rewrites)
