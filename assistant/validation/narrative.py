"""NARRATIVE-vs-TABLE and FEES: what sections 1, 5 and 6 say against what the tables say.

The wording lives in assistant/vocab/narrative.toml; these functions only match it and
compare. Every finding quotes the sentence and points at its paragraph.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from index.limits import MAX_COUNT_DIGITS
from index.model import Location, Report, Section

from .findings import Finding
from .labels import cell_label

_SENTENCE_END = "。；;！？"


@cache
def _vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/narrative.toml").read_text(encoding="utf-8"))


@cache
def _count(digits: str) -> int | None:
    """A count stated in the text, or None for a run of digits no count can be (int() on
    thousands of digits raises, and is quadratic): such a number is compared with nothing."""
    return int(digits) if len(digits) <= MAX_COUNT_DIGITS else None


def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_MARK = re.compile(r"【[^】]{0,200}】")


@dataclass
class _Text:
    """A section's text with paragraph breaks removed, and where each paragraph starts."""

    section: Section
    text: str
    starts: list[tuple[int, Location | None]]

    @classmethod
    def of(cls, section: Section) -> _Text:
        text, starts = "", []
        for paragraph in section.paragraphs:
            starts.append((len(text), paragraph.location))
            text += paragraph.text
        return cls(section, text, starts)

    def location(self, offset: int) -> str | None:
        found = None
        for start, location in self.starts:
            if start > offset:
                break
            found = location
        return str(found) if found is not None else None

    def sentence(self, match: re.Match[str]) -> str:
        start = max((self.text.rfind(ch, 0, match.start()) for ch in _SENTENCE_END), default=-1) + 1
        ends = [i for ch in _SENTENCE_END if (i := self.text.find(ch, match.end())) != -1]
        return self.text[start : (min(ends) + 1 if ends else len(self.text))].strip()

    def find(self, patterns: list[str]) -> list[re.Match[str]]:
        """Matches of the patterns outside 【…】 (a drafting tool's mark quotes a sentence; it states nothing)."""
        marks = [m.span() for m in _MARK.finditer(self.text)]
        return [m for p in patterns for m in _compiled(p).finditer(self.text) if not any(a <= m.start() < b for a, b in marks)]


def _texts(report: Report, ids: tuple[int, ...] = (1, 5, 6)) -> list[_Text]:
    return [_Text.of(s) for s in report.sections if s.id in ids]


def _warning(cell: str | None, expected: object, found: object, message: str, text: _Text, match: re.Match[str]) -> Finding:
    return Finding(rule="NARRATIVE-vs-TABLE", severity="warning", cell=cell, expected=expected, found=found,
                   message=f"{message}：“{text.sentence(match)}”", location=text.location(match.start()),
                   cells=[cell] if cell else [])


def check_request_counts(report: Report) -> list[Finding]:
    """"收到申请N件" (sections 1 and 5) against new_requests (or new + carried over)."""
    table = report.table3
    if table is None or table.value("new_requests", "total") is None:
        return []
    new = table.value("new_requests", "total")
    both = new + (table.value("carried_over", "total") or 0)
    findings = []
    for text in _texts(report, (1, 5)):  # section 5 states the year's count too ("全年共收到申请186件，同比增长41%")
        stated = [(n, m) for m in text.find(_vocab()["requests"]) if (n := _count(m.group("n"))) is not None]
        stated += [(0, m) for m in text.find(_vocab()["requests_none"])]
        for n, match in stated:
            if n not in (new, both):
                extra = f"（加上年结转共 {both} 件）" if both != new else ""
                findings.append(_warning("table3.new_requests.total", new, n,
                                         f"正文称收到申请 {n} 件，表三本年新收为 {new} 件{extra}", text, match))
    return findings


def check_cases(report: Report) -> list[Finding]:
    """"未发生…行政诉讼", "行政复议 0 件", "均维持" (sections 1 and 6), "复议纠正 2 件" (sections 1, 5, 6) against table 4."""
    table = report.table4
    if table is None:
        return []
    review = table.value("review", "total") or 0
    lawsuits = (table.value("litigation_direct", "total") or 0) + (table.value("litigation_after_review", "total") or 0)
    findings = []
    for text in _texts(report, (1, 6)):
        for match in text.find(_vocab()["no_cases"]):
            what = match.group("what")
            if "复议" in what and review:
                findings.append(_warning("table4.review.total", 0, review, f"正文称未发生行政复议，表四行政复议为 {review} 件", text, match))
            if "诉讼" in what and lawsuits:
                findings.append(_warning("table4.litigation_direct.total", 0, lawsuits,
                                         f"正文称未发生行政诉讼，表四行政诉讼为 {lawsuits} 件（未经复议直接起诉与复议后起诉合计）", text, match))
        for match in text.find(_vocab()["case_counts"]):
            n = _count(match.group("n"))
            if n is None:
                continue
            is_review = "复议" in match.group("what")
            actual = review if is_review else lawsuits
            if n != actual:
                cell = "table4.review.total" if is_review else "table4.litigation_direct.total"
                findings.append(_warning(cell, actual, n, f"正文称{match.group('what')} {n} 件，表四为 {actual} 件", text, match))
        for match in text.find(_vocab()["all_upheld"]):
            groups = ["review"] if "复议" in match.group("what") else ["litigation_direct", "litigation_after_review"]
            changed = sum((table.value(g, "corrected") or 0) + (table.value(g, "other") or 0) + (table.value(g, "pending") or 0) for g in groups)
            if changed:
                findings.append(_warning(f"table4.{groups[0]}.corrected", 0, changed,
                                         f"正文称{match.group('what')}均维持，表四有 {changed} 件纠正、其他结果或尚未审结", text, match))
    for text in _texts(report):
        stated = [(m, m.group("outcome")) for m in text.find(_vocab()["case_outcomes"])] + [(m, "尚未审结") for m in text.find(_vocab()["case_pending"])]
        for match, outcome in stated:
            n, column = _count(match.group("n")), _vocab()["case_outcome_columns"][outcome]
            groups = ["review"] if "复议" in match.group("what") else ["litigation_direct", "litigation_after_review"]
            actual = sum(table.value(g, column) or 0 for g in groups)
            if n is not None and n != actual:
                findings.append(_warning(f"table4.{groups[0]}.{column}", actual, n,
                                         f"正文称{match.group('what')}{outcome} {n} 件，表四为 {actual} 件", text, match))
    return findings


def check_all_answered(report: Report) -> list[Finding]:
    """Claims of how the year's requests ended, by meaning (narrative.toml [claims]): "all closed"
    against carried_forward unless the sentence states its carry-forward; "answered in time"
    against section 5 admitting delays; a stated carry-forward against the table's."""
    claims = _vocab()["claims"]
    findings = []
    carried = report.table3.value("carried_forward", "total") if report.table3 else None
    section5 = report.section(5)
    delay, text5 = None, None
    if section5 is not None:
        text5 = _Text.of(section5)
        delay = next(iter(text5.find([re.escape(w) for w in claims["delays"]])), None)
    for text in _texts(report, (1,)):
        stated_here: dict[str, int] = {}
        for match in text.find(claims["carry_forward"]):
            n = _count(match.group("n"))
            if n is None:
                continue
            stated_here[text.sentence(match)] = n
            if carried is not None and n != carried:
                findings.append(_warning("table3.carried_forward.total", carried, n,
                                         f"正文称结转下年度 {n} 件，表三结转下年度继续办理为 {carried} 件", text, match))
        seen: set[str] = set()
        for match in text.find(claims["all_closed"]):
            sentence = text.sentence(match)
            if carried and sentence not in stated_here and sentence not in seen:
                seen.add(sentence)
                findings.append(_warning("table3.carried_forward.total", 0, carried,
                                         f"正文称申请均已办结，表三结转下年度继续办理为 {carried} 件", text, match))
        if delay is not None and text5 is not None:
            match = next(iter(text.find(claims["in_time"])), None)
            if match is not None:
                findings.append(_warning(None, None, None,
                                         f"第一部分称均按期办结或答复，第五部分却承认“{text5.sentence(delay)}”；第一部分原文", text, match))
    return findings


def _clauses(text: str, breaks: str) -> list[tuple[int, str]]:
    """The text cut at clause breaks: (start offset, clause)."""
    return [(m.start(), m.group()) for m in _compiled(f"[^{re.escape(breaks)}]+").finditer(text)]


def _nearest_measure(clause: str, start: int, end: int, measures: dict[str, list[str]]) -> str | None:
    """The measure whose word stands nearest the number at clause[start:end]."""
    best: tuple[int, str] | None = None
    for measure, words in measures.items():
        for word in words:
            for found in re.finditer(re.escape(word), clause):
                distance = start - found.end() if found.end() <= start else found.start() - end if found.start() >= end else 0
                if distance >= 0 and (best is None or distance < best[0]):
                    best = (distance, measure)
    return None if best is None else best[1]


def check_document_counts(report: Report) -> list[Finding]:
    """Narrative counts of 行政规范性文件 and 规章 against table 2, each bound to the measure
    word nearest its number in its clause (现行有效 … 393 件 → in force; 制发 77 件 → issued)."""
    table = report.table2
    if table is None:
        return []
    vocab = _vocab()["documents"]
    findings = []
    for text in _texts(report, (1, 6)):
        for offset, clause in _clauses(text.text, vocab["clause_breaks"]):
            counted: set[int] = set()
            for match in [*_compiled(vocab["after"]).finditer(clause), *_compiled(vocab["before"]).finditer(clause)]:
                if match.start("n") in counted:
                    continue
                counted.add(match.start("n"))
                row = vocab["subjects"][match.group("subject")]
                column = _nearest_measure(clause, match.start("n"), match.end("n"), vocab["measures"])
                actual = table.value(row, column) if column else None
                n = _count(match.group("n"))
                if actual is None or n is None or n == actual:
                    continue
                cell_id = f"table2.{row}.{column}"
                anchored = _compiled(re.escape(match.group(0))).search(text.text, offset)
                findings.append(_warning(cell_id, actual, n, f"正文所述 {n} 件与{cell_label(cell_id)}（{actual} 件）不一致", text,
                                         anchored or match))
    return findings


def check_breakdowns(report: Report) -> list[Finding]:
    """"共N条，其中a条、b条…" whose parts do not add up to N (a bracketed breakdown of one
    part is not added again)."""
    vocab = _vocab()["breakdown"]
    findings = []
    for text in _texts(report):
        for match in _compiled(vocab["whole"]).finditer(text.text):
            top_level = _compiled(vocab["nested"]).sub("", match.group("parts"))
            parts = [_count(m.group("n")) for m in _compiled(vocab["part"]).finditer(top_level)]
            total = _count(match.group("total"))
            if total is None or None in parts:
                continue
            if len(parts) >= 2 and sum(parts) != total:  # type: ignore[arg-type]
                findings.append(_warning(None, total, sum(parts),
                                         f"总数 {total} 与其中各项之和 {sum(parts)}（{'+'.join(map(str, parts))}）不符", text, match))
    return findings


def check_fees(report: Report) -> list[Finding]:
    """FEES: section 6 must say whether 信息处理费 was collected, consistently with table 3."""
    section = report.section(6)
    if section is None:
        return []
    text = _Text.of(section)
    vocab = _vocab()["fees"]
    if not text.find(vocab["mentioned"]):
        return [Finding(rule="FEES", severity="warning", cell="section6",
                        message="第六部分未说明信息处理费收取情况（国办函〔2020〕109号要求在年度报告中说明）",
                        location=str(section.location) if section.location else None)]
    unpaid = report.table3.value("other.unpaid_fee", "total") if report.table3 else None
    none = next(iter(text.find(vocab["none_collected"])), None)
    if none is not None and unpaid:
        return [Finding(rule="FEES", severity="warning", cell="table3.other.unpaid_fee.total", expected=0, found=unpaid,
                        message=f"第六部分称未收取信息处理费，表三有 {unpaid} 件因申请人逾期未缴费而不再处理，说明发过收费通知，"
                                f"宜一并说明收费通知情况：“{text.sentence(none)}”",
                        location=text.location(none.start()))]
    return []


NARRATIVE_RULES = (check_request_counts, check_cases, check_all_answered, check_document_counts, check_breakdowns, check_fees)
