"""Exact, cited answers. Numbers come from the facts store by lookup or SQL, never from a model;
narrative answers quote the retrieved passages they rest on.

>>> answer("how many requests did 利通区 deny in 2024", kb).text   # doctest: +SKIP
'7 withheld (不予公开): 6 to protect third-party rights, 1 internal affairs; also …'
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from index.agencies import body_names
from index.facts import CellFact, ReportRow
from index.limits import check_question
from index.model import describe_locations
from index.retrieval import Passage, tokenize
from index.vocabulary import vocabulary

from .chat import model_query, phrase
from .formatting import listing
from .knowledge import KnowledgeBase
from .questions import HOW_MANY, Measure, Query, english_names_index, measures, understand, vocab
from .validation.labels import finding_text

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel

RANKING_SHOWN = 10  # bodies listed in a ranking or a total; the rest are counted
TABLE_NAMES_ZH = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_NAMES_EN = {"table2": "table 2", "table3": "table 3", "table4": "table 4"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Fact:
    """A number the answer states, with the cell it came from."""

    report: str
    report_id: str
    agency: str | None
    year: int | None
    cell: str
    value: int | float | None
    location: str = ""
    derived: bool = False  # a sum of cells (e.g. table3.withheld.total), not a printed cell
    row: dict[str, int | float | None] = field(default_factory=dict)  # the table row the cell sits in

    def as_json(self) -> dict[str, Any]:
        return {"report": self.report, "agency": self.agency, "year": self.year, "cell": self.cell, "value": self.value,
                "location": self.location, "derived": self.derived}


@dataclass
class Answer:
    text: str
    kind: str  # value, compare, rank, total, errors, reports, narrative, unknown
    facts: list[Fact] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    query: Query | None = None
    plans: list[Any] = field(default_factory=list)  # the plans it answers (assistant.ask.plan.Plan)

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "kind": self.kind,
            "plans": [p.as_json() for p in self.plans],
            "facts": [f.as_json() for f in self.facts],
            "passages": [{"report": p.title or p.agency, "report_id": p.report_id, "agency": p.agency, "year": p.year,
                          "section": p.section, "heading": p.heading, "paragraph": p.paragraph, "start": p.start, "end": p.end,
                          "text": p.text} for p in self.passages],
            "notes": self.notes,
        }


def _title(report: ReportRow) -> str:
    return report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _row_label(row: str, zh: bool) -> str:
    if zh:
        if row in ("review", "litigation_direct", "litigation_after_review"):
            return vocabulary().raw["table4"]["group_labels"][row]
        return re.sub(r"^(?:[一二三四]、|（[一二三四五六七]）|\d\.)", "", vocabulary().label("table3", "rows", row)) if row != "other" else "其他处理"
    return vocab()["row_english"].get(row, row)


def _fmt(value: int | float | None) -> str:
    if value is None:
        return "（空）"
    return f"{value:g}" if isinstance(value, float) else str(value)


class TableAnswerer:
    """Answers questions against a knowledge base; keeps the previous query for follow-ups.

    With a chat model, the model may read a question the rules could not and word the
    answer; numbers still come only from the facts (see assistant.chat).
    """

    def __init__(self, kb: KnowledgeBase, chat_model: BaseChatModel | None = None) -> None:
        self.kb = kb
        self.chat_model = chat_model
        self.previous: Query | None = None

    def ask(self, question: str, agency: str | None = None, year: int | None = None) -> Answer:
        *_, result = self.ask_stream(question, agency, year)  # the last event is the Answer
        assert isinstance(result, Answer)
        return result

    def ask_stream(self, question: str, agency: str | None = None, year: int | None = None) -> Iterator[str | Answer]:
        """Yield the answer text as it grows (when a model words it), then the Answer.

        ``agency`` and ``year`` are filters chosen beside the question (the UI's pickers):
        they apply when the question itself names no body or year.
        """
        check_question(question)  # a 40 KB question took 16 s to understand
        query = understand(question, self.kb.facts, self.previous)
        if agency and not query.agency_keys and query.intent in ("value", "narrative", "compare"):
            query = replace(query, agency_keys=tuple(self.kb.facts.agency_keys(agency)) or query.agency_keys, unknown_agency=None)
        if year and not query.years and query.intent in ("value", "narrative", "rank", "total"):
            query = replace(query, years=(year,))
        if self.chat_model is not None and query.measure is None and query.intent == "narrative" and _asks_number(question):
            query = model_query(question, query, self.kb.facts, self.chat_model) or query
        result = self.answer(query)
        if result.kind != "unknown":
            self.previous = query
        if self.chat_model is not None and result.kind != "unknown":
            yield from phrase(question, result, query.language, self.chat_model)
        yield result

    # ------------------------------------------------------------------ dispatch

    def answer(self, query: Query) -> Answer:
        zh = query.language == "zh"
        if query.unknown_agency and not query.agency_keys:
            return self._unknown_body(query)
        handler = {
            "value": self._value, "compare": self._compare, "rank": self._rank, "total": self._total,
            "errors": self._errors, "reports": self._reports, "narrative": self._narrative,
        }[query.intent]
        result = handler(query)
        result.query = query
        if not zh:
            result.text = result.text.replace("（", " (").replace("）", ")")
        return result

    # ------------------------------------------------------------------ lookups

    def _report_for(self, key: str, year: int | None) -> tuple[ReportRow | None, list[ReportRow]]:
        reports = sorted(self.kb.facts.reports_of([key]), key=lambda r: r.year or 0)
        if year is None:
            return (reports[-1] if reports else None), reports
        return next((r for r in reports if r.year == year), None), reports

    def _measure_facts(self, report: ReportRow, measure: Measure, column: str | None) -> tuple[Fact, list[Fact], dict[str, CellFact]]:
        cells = self.kb.facts.cells(report.id)
        column = column or measure.column
        parts: list[Fact] = []
        for row in measure.rows:
            cell_id = f"{measure.table}.{row}.{column}"
            if cell_id in cells:
                c = cells[cell_id]
                prefix = f"{measure.table}.{row}."
                whole_row = {k[len(prefix):]: v.value for k, v in cells.items() if k.startswith(prefix) and "." not in k[len(prefix):]}
                parts.append(Fact(_title(report), report.id, report.agency, report.year, cell_id, c.value, c.location, row=whole_row))
        values = [p.value for p in parts if p.value is not None]
        total_value: int | float | None = sum(values) if values else None
        if len(parts) == 1:
            total = parts[0]
        else:
            group = measure.rows[0].split(".")[0] if measure.table == "table3" else measure.id
            total = Fact(_title(report), report.id, report.agency, report.year, f"{measure.table}.{group}.{column}", total_value,
                         ", ".join(dict.fromkeys(p.location for p in parts if p.location)), derived=True)
        return total, parts, cells

    def _table_notes(self, report: ReportRow, measure: Measure, facts: list[Fact], zh: bool) -> list[str]:
        """What the report itself gets wrong around these numbers (its own findings)."""
        notes = []
        cells = {f.cell for f in facts}
        for finding in self.kb.facts.findings_for(report.id):
            touches = finding["cell"] and (finding["cell"] in cells or finding["cell"].startswith(measure.table + "."))
            if finding["severity"] == "error" and touches:
                notes.append(("注意：该报告" if zh else "Note: the report's own table breaks a rule: ") + finding["message"])
            elif finding["rule"] == "NARRATIVE-vs-TABLE" and finding["cell"] in cells:
                notes.append(("正文与表格不一致：" if zh else "The text and the table disagree: ") + finding["message"])
        return notes

    # ------------------------------------------------------------------ intents

    def _value(self, query: Query) -> Answer:
        zh = query.language == "zh"
        measure = query.measure
        assert measure is not None
        if not query.agency_keys:
            return self._total(query)
        lines: list[str] = []
        facts: list[Fact] = []
        notes: list[str] = []
        for key in query.agency_keys:
            report, reports = self._report_for(key, query.years[0] if query.years else None)
            if report is None:
                years = "、".join(str(r.year) for r in reports)
                lines.append(f"未收录{key} {query.years[0]} 年的报告；已收录年度：{years}。" if zh
                             else f"No {query.years[0]} report of {key} is indexed; indexed years: {years}.")
                continue
            total, parts, cells = self._measure_facts(report, measure, query.column)
            facts += [total] + ([p for p in parts if p is not total])
            sentence = self._value_sentence(report, measure, total, parts, query, zh)
            context = self._context(report, measure, cells, zh)
            if context:
                sentence += context[0]
                facts += context[1]
            elif not zh:
                sentence += "."
            lines.append(sentence)
            if not query.years and len(reports) > 1:
                notes.append(f"未指明年度，已按最新的 {report.year} 年报告回答。" if zh else f"No year given: answered from the newest report ({report.year}).")
            notes += self._table_notes(report, measure, [total, *parts], zh)
            lines.append(self._citation(report, measure, total, zh))
        return Answer(" ".join(lines), "value", facts, notes=notes)

    def _value_sentence(self, report: ReportRow, measure: Measure, total: Fact, parts: list[Fact], query: Query, zh: bool) -> str:
        nonzero = [p for p in parts if p.value] if len(parts) > 1 else []
        unit = measure.unit
        who = ""
        if query.column and query.column != "total":
            who = vocabulary().label("table3", "columns", query.column)
        if zh:
            head = f"{report.agency} {report.year} 年{who and who + '的'}{measure.label} {_fmt(total.value)} {unit}"
            if nonzero:
                head += "：" + "，".join(f"{_row_label(p.cell.split('.', 1)[1].rsplit('.', 1)[0], True)} {_fmt(p.value)} {unit}" for p in nonzero)
            return head + "。"
        head = f"{_fmt(total.value)} {measure.english}"
        if who:
            head += f" from {vocab()['applicants'][query.column][-1] if query.column else ''}"
        if nonzero:
            head += ": " + ", ".join(f"{_fmt(p.value)} {_row_label(p.cell.split('.', 1)[1].rsplit('.', 1)[0], False)}" for p in nonzero)
        return f"{report.agency} {report.year}: {head}"

    def _context(self, report: ReportRow, measure: Measure, cells: dict[str, CellFact], zh: bool) -> tuple[str, list[Fact]] | None:
        """What people often mean too: for "denied", the not-held and not-processed counts."""
        bits: list[str] = []
        facts: list[Fact] = []
        for other_id in measure.context:
            other = measures()[other_id]
            for row in other.rows:
                cell_id = f"table3.{row}.total"
                cell = cells.get(cell_id)
                if cell and cell.value:
                    facts.append(Fact(_title(report), report.id, report.agency, report.year, cell_id, cell.value, cell.location))
                    if zh:
                        bits.append(f"{other.label}（{_row_label(row, True)}）{_fmt(cell.value)} 件")
                    else:
                        bits.append(f"{_fmt(cell.value)} {_row_label(row, False)} ({other.label})")
        if not bits:
            return None
        if zh:
            return "另有" + "，".join(bits) + "。", facts
        return "; also " + (", ".join(bits[:-1]) + " and " + bits[-1] if len(bits) > 1 else bits[0]) + ".", facts

    def _citation(self, report: ReportRow, measure: Measure, total: Fact, zh: bool) -> str:
        where = f"（{location_span(total.location, zh)}）" if total.location else ""
        if zh:
            return f"来源：《{_title(report)}》{TABLE_NAMES_ZH[measure.table]}{where}。"
        return f"Source: {TABLE_NAMES_EN[measure.table]} of 《{_title(report)}》{where}."

    def _compare(self, query: Query) -> Answer:
        zh = query.language == "zh"
        measure = query.measure
        assert measure is not None
        pairs: list[tuple[str, int | None]] = []
        if len(query.agency_keys) > 1:
            pairs = [(k, query.years[0] if query.years else None) for k in query.agency_keys]
        elif query.agency_keys:
            pairs = [(query.agency_keys[0], y) for y in sorted(query.years)]
        facts: list[Fact] = []
        found: list[tuple[ReportRow, Fact]] = []
        missing: list[str] = []
        for key, year in pairs:
            report, _ = self._report_for(key, year)
            if report is None:
                missing.append(f"{key} {year}")
                continue
            total, parts, _cells = self._measure_facts(report, measure, query.column)
            facts.append(total)
            found.append((report, total))
        if len(found) < 2:
            indexed = "、".join(f"{r.agency} {r.year}" for r in self.kb.facts.reports_of(list(query.agency_keys)))
            text = (f"无法比较：未收录 {'、'.join(missing)} 的报告（已收录：{indexed}）。" if zh
                    else f"Cannot compare: no report for {', '.join(missing)} is indexed (indexed: {indexed}).")
            return Answer(text, "compare", facts)
        (r1, f1), (r2, f2) = found[0], found[1]
        diff = (f2.value or 0) - (f1.value or 0)
        if zh:
            trend = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
            text = (f"{measure.label}：{r1.agency} {r1.year} 年 {_fmt(f1.value)} {measure.unit}，{r2.agency} {r2.year} 年 {_fmt(f2.value)} {measure.unit}，"
                    f"{trend}{'' if diff == 0 else f' {_fmt(abs(diff))} {measure.unit}'}。"
                    f"来源：《{_title(r1)}》与《{_title(r2)}》{TABLE_NAMES_ZH[measure.table]}。")
        else:
            trend = "up" if diff > 0 else "down" if diff < 0 else "unchanged"
            text = (f"{measure.english}: {r1.agency} {r1.year}: {_fmt(f1.value)}; {r2.agency} {r2.year}: {_fmt(f2.value)} "
                    f"({trend}{'' if diff == 0 else f' by {_fmt(abs(diff))}'}). Source: {TABLE_NAMES_EN[measure.table]} of both reports.")
        return Answer(text, "compare", facts)

    def _sums(self, query: Query) -> list[tuple[ReportRow, int | float | None]]:
        measure = query.measure
        assert measure is not None
        year = query.years[0] if query.years else None
        rows = self.kb.facts.sums(measure.table, list(measure.rows), query.column or measure.column, year=year, region=query.region)
        if year is None:  # one report per body: the newest
            newest: dict[str, tuple[ReportRow, int | float | None]] = {}
            for report, value in rows:
                key = report.agency_key or report.id
                if key not in newest or (report.year or 0) > (newest[key][0].year or 0):
                    newest[key] = (report, value)
            rows = list(newest.values())
        return rows

    def _rank(self, query: Query) -> Answer:
        zh = query.language == "zh"
        measure = query.measure
        assert measure is not None
        rows = [(r, v) for r, v in self._sums(query) if v is not None]
        least = any(w in query.question.lower() for w in vocab()["intents"]["rank_least"])
        rows.sort(key=lambda x: (x[1] if least else -x[1], x[0].agency or ""))  # type: ignore[operator]
        if not rows:
            return Answer("没有可比较的数据。" if zh else "No data to compare.", "rank")
        shown = rows[:RANKING_SHOWN]  # at province scale the ranking is long: the top of it is the answer
        facts = [self._sum_fact(r, measure, v, query) for r, v in shown]
        top_value = rows[0][1]
        leaders = [r for r, v in rows if v == top_value][:RANKING_SHOWN]
        scope = f"{query.years[0]} 年" if query.years else "各机关最新年度"
        if zh:
            head = f"{'、'.join(f'{r.agency}（{r.year}）' for r in leaders)}的{measure.label}{'最少' if least else '最多'}，为 {_fmt(top_value)} {measure.unit}。"
            ranking = listing([f"{i + 1}. {r.agency} {r.year} 年 {_fmt(v)}" for i, (r, v) in enumerate(shown)], len(rows), "；", zh)
            text = f"{head}按{scope}排序：{ranking}。来源：各报告{TABLE_NAMES_ZH[measure.table]}。"
        else:
            head = f"{', '.join(f'{r.agency} ({r.year})' for r in leaders)} had the {'fewest' if least else 'most'} {measure.english}: {_fmt(top_value)}."
            ranking = listing([f"{i + 1}. {r.agency} {r.year}: {_fmt(v)}" for i, (r, v) in enumerate(shown)], len(rows), "; ", zh)
            text = f"{head} Ranking: {ranking}. Source: {TABLE_NAMES_EN[measure.table]} of each report."
        return Answer(text, "rank", facts)

    def _sum_fact(self, report: ReportRow, measure: Measure, value: int | float | None, query: Query) -> Fact:
        column = query.column or measure.column
        cell = f"{measure.table}.{measure.rows[0]}.{column}" if len(measure.rows) == 1 else f"{measure.table}.{measure.id}.{column}"
        return Fact(_title(report), report.id, report.agency, report.year, cell, value, derived=len(measure.rows) > 1)

    def _total(self, query: Query) -> Answer:
        zh = query.language == "zh"
        measure = query.measure
        assert measure is not None
        rows = [(r, v) for r, v in self._sums(query) if v is not None]
        facts = [self._sum_fact(r, measure, v, query) for r, v in rows[:RANKING_SHOWN]]
        total = sum(v for _, v in rows)  # type: ignore[misc]
        scope_zh = (query.region or "全部已收录机关") + (f" {query.years[0]} 年" if query.years else "（各取最新年度）")
        scope_en = (query.region or "all indexed bodies") + (f" in {query.years[0]}" if query.years else " (newest report of each)")
        parts = listing([f"{r.agency} {r.year} 年 {_fmt(v)}" for r, v in rows[:RANKING_SHOWN]], len(rows), "；", zh)
        if zh:
            text = f"{scope_zh}{measure.label}合计 {_fmt(total)} {measure.unit}（{len(rows)} 份报告：{parts}）。来源：各报告{TABLE_NAMES_ZH[measure.table]}。"
        else:
            text = f"{measure.english} for {scope_en}: {_fmt(total)} in total over {len(rows)} reports ({parts}). Source: {TABLE_NAMES_EN[measure.table]} of each report."
        return Answer(text, "total", facts)

    def _errors(self, query: Query) -> Answer:
        zh = query.language == "zh"
        bad = [r for r in self.kb.reports() if r.errors]
        if not bad:
            return Answer("已收录的报告都没有错误级问题。" if zh else "No indexed report has an error-level finding.", "errors")
        lines = []
        facts = []
        for report in bad[:RANKING_SHOWN]:
            errors = [f for f in self.kb.facts.findings_for(report.id) if f["severity"] == "error"]
            lines.append(f"《{_title(report)}》：" + "；".join(finding_text(f) for f in errors))
            facts += [Fact(_title(report), report.id, report.agency, report.year, f["cell"], _as_number(f["found"]), f["location"] or "") for f in errors]
        head = f"{len(bad)} 份报告的表格有错误：" if zh else f"{len(bad)} report(s) have table errors: "
        return Answer(head + listing(lines, len(bad), " ", zh), "errors", facts)

    def _reports(self, query: Query) -> Answer:
        zh = query.language == "zh"
        rows = self.kb.reports()
        named = listing([f"{r.agency} {r.year}" for r in rows[:RANKING_SHOWN]], len(rows), "；", zh)
        return Answer((f"已收录 {len(rows)} 份报告：{named}。" if zh else f"{len(rows)} reports are indexed: {named}."), "reports")

    def _unknown_body(self, query: Query) -> Answer:
        zh = query.language == "zh"
        names = sorted(set(body_names(self.kb.reports()).values()))  # one name per body across years
        bodies = listing(names[:RANKING_SHOWN], len(names), "、", zh)
        text = (f"知识库中没有“{query.unknown_agency}”的报告（该机关未收录）。已收录的机关：{bodies}。" if zh
                else f"No report of “{query.unknown_agency}” is indexed ({query.unknown_agency} is not in the knowledge base). Indexed bodies: {bodies}.")
        return Answer(text, "unknown", query=query)

    def _narrative(self, query: Query) -> Answer:
        zh = query.language == "zh"
        key = query.agency_keys[0] if len(query.agency_keys) == 1 else None
        year = query.years[0] if query.years else None
        if key and year and self._report_for(key, year)[0] is None:
            years = "、".join(str(r.year) for r in self.kb.facts.reports_of([key]))
            return Answer(f"未收录{key} {year} 年的报告；已收录年度：{years}。" if zh else f"No {year} report of {key} is indexed; indexed years: {years}.", "unknown")
        topic = expand_topic(query.topic or query.question)
        section = _section_of(topic)
        passages = [p for p in self.kb.retriever.search(topic, k=5, agency_key=key, year=year, section=section) if p.kind == "text"]
        names = {n for k in query.agency_keys for n in tokenize(k)} | _name_tokens(frozenset(r.agency or "" for r in self.kb.reports()))
        terms = {t for t in tokenize(topic) if len(t) > 1 and _CJK.search(t)} - names
        overlap = [sum(len(t) for t in terms & set(tokenize(p.text))) for p in passages]
        if section is not None and key is not None:
            relevant = passages  # "what problems did X report" is answered by X's section 五 as a whole
        else:
            relevant = [p for p, weight in zip(passages, overlap) if weight and weight >= max(overlap) / 2]
        if not relevant:
            text = "没有在已收录的报告中找到相关内容。" if zh else "Nothing relevant was found in the indexed reports."
            return Answer(text, "narrative")
        best = relevant[:3]
        wants_number = _asks_number(query.question)
        quotes = [f"“{_best_sentences(p.text, terms, prefer_numbers=wants_number)}”——{p.citation()}" for p in best]
        head = "以下内容摘自报告原文：" if zh else "From the reports (quoted, in Chinese):"
        text = head + " " + " ".join(quotes)
        notes = []
        if wants_number:
            notes.append("数字引自报告正文，不是表格中的数据。" if zh else "The figures are quoted from the report's text, not from its tables.")
        return Answer(text, "narrative", passages=best, notes=notes)


def warm(kb: KnowledgeBase) -> None:
    """Build what questions need over the whole corpus (word index, body names) ahead of the first
    question: at province scale that takes about a minute, which a served app spends at start."""
    kb.retriever.warm()
    english_names_index(kb.facts)
    from .ask.bodies import warm_names

    warm_names(kb.facts)
    _name_tokens(frozenset(r.agency or "" for r in kb.reports()))
    # What is built now lives as long as the app: keep it out of the garbage collector's full
    # passes, which otherwise pause a question for ~200 ms at 10,000 reports.
    gc.collect()
    gc.freeze()


@lru_cache(maxsize=4)
def _name_tokens(agencies: frozenset[str]) -> frozenset[str]:
    """Words of the indexed bodies' names (not topic words); computed once per catalogue."""
    return frozenset(n for agency in agencies for n in tokenize(agency))


def expand_topic(text: str) -> str:
    """Add the Chinese words an English question means (the reports are in Chinese)."""
    lowered = text.lower()
    extra = [zh for word, words in vocab()["glossary"].items() if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for zh in words]
    return text + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


def _section_of(topic: str) -> int | None:
    lowered = topic.lower()
    for section, words in vocab()["section_words"].items():
        if any(word.lower() in lowered for word in words):
            return int(section)
    return None


def _best_sentences(text: str, terms: set[str], limit: int = 2, chars: int = 160, prefer_numbers: bool = False) -> str:
    """The sentences of a passage that share most (and longest) words with the question."""
    sentences = [s.strip() for s in re.split(r"(?<=[。；！？])", text) if s.strip()]
    weight = [sum(len(t) for t in terms & set(tokenize(s))) + (8 if prefer_numbers and re.search(r"\d", s) else 0) for s in sentences]
    keep = sorted(sorted(range(len(sentences)), key=lambda i: -weight[i])[:limit])
    quote = "".join(sentences[i] for i in keep if weight[i] or i == keep[0])
    return quote if len(quote) <= chars else quote[: chars - 1] + "…"


def location_span(locations: str, zh: bool = False) -> str:
    """"line 51, line 52, …, line 58" → "lines 51–58" (``zh``: "第 51–58 行")."""
    return describe_locations(locations, zh)


def _as_number(text: str | None) -> int | float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _asks_number(question: str) -> bool:
    lowered = question.lower()
    return any(word in lowered for word in HOW_MANY)


# The ask path proper (plans, understanding, executor) lives in assistant.ask; ``Answerer`` and
# ``answer`` stay importable from here for the CLI, the UI and the tests.
from .ask.answerer import Answerer, answer  # noqa: E402,F401,F811
