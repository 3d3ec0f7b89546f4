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

from index.model import Location, Report, Section

from .findings import Finding

_SENTENCE_END = "。；;！？"


@cache
def _vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/narrative.toml").read_text(encoding="utf-8"))


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


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
        return [m for p in patterns for m in _compiled(p).finditer(self.text)]


def _texts(report: Report, ids: tuple[int, ...] = (1, 5, 6)) -> list[_Text]:
    return [_Text.of(s) for s in report.sections if s.id in ids]


def _warning(cell: str | None, expected: object, found: object, message: str, text: _Text, match: re.Match[str]) -> Finding:
    return Finding(rule="NARRATIVE-vs-TABLE", severity="warning", cell=cell, expected=expected, found=found,
                   message=f"{message}：“{text.sentence(match)}” (NARRATIVE-vs-TABLE)", location=text.location(match.start()),
                   cells=[cell] if cell else [])


def check_request_counts(report: Report) -> list[Finding]:
    """"收到申请N件" against new_requests (or new + carried over)."""
    table = report.table3
    if table is None or table.value("new_requests", "total") is None:
        return []
    new = table.value("new_requests", "total")
    both = new + (table.value("carried_over", "total") or 0)
    findings = []
    for text in _texts(report, (1,)):
        stated = [(int(m.group("n")), m) for m in text.find(_vocab()["requests"])]
        stated += [(0, m) for m in text.find(_vocab()["requests_none"])]
        for n, match in stated:
            if n not in (new, both):
                extra = f"（加上年结转共 {both} 件）" if both != new else ""
                findings.append(_warning("table3.new_requests.total", new, n,
                                         f"正文称收到申请 {n} 件，表三本年新收为 {new} 件{extra}", text, match))
    return findings


def check_cases(report: Report) -> list[Finding]:
    """"未发生…行政诉讼", "行政复议 0 件", "均维持" against table 4."""
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
            n = int(match.group("n"))
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
    return findings


def check_all_answered(report: Report) -> list[Finding]:
    """"均已办结/按期答复" against carried_forward and against section 5 admitting delays."""
    findings = []
    carried = report.table3.value("carried_forward", "total") if report.table3 else None
    section5 = report.section(5)
    delay = None
    if section5 is not None:
        text5 = _Text.of(section5)
        delay = next(iter(text5.find([re.escape(w) for w in _vocab()["delays"]])), None)
    for text in _texts(report, (1,)):
        for match in text.find(_vocab()["all_answered"]):
            if carried:
                findings.append(_warning("table3.carried_forward.total", 0, carried,
                                         f"正文称均已办结，表三结转下年度继续办理为 {carried} 件", text, match))
            sentence = text.sentence(match)
            if delay is not None and any(word in sentence for word in _vocab()["on_time_words"]):
                findings.append(_warning(None, None, None,
                                         f"第一部分称均按期办结，第五部分却承认“{text5.sentence(delay)}”；第一部分原文", text, match))
    return findings


def check_document_counts(report: Report) -> list[Finding]:
    """Narrative counts of 行政规范性文件 and 规章 against table 2."""
    if report.table2 is None:
        return []
    findings = []
    for entry in _vocab()["documents"]:
        actual = report.cell(entry["cell"])
        if actual is None or actual.value is None:
            continue
        for text in _texts(report, (1, 6)):
            for match in text.find(entry["patterns"]):
                n = int(match.group("n"))
                if n != actual.value:
                    findings.append(_warning(entry["cell"], actual.value, n,
                                             f"正文所述件数 {n} 与表二 {entry['cell']}（{actual.value}）不一致", text, match))
    return findings


def check_breakdowns(report: Report) -> list[Finding]:
    """"共N条，其中a条、b条…" whose parts do not add up to N."""
    vocab = _vocab()["breakdown"]
    findings = []
    for text in _texts(report):
        for match in _compiled(vocab["whole"]).finditer(text.text):
            parts = [int(m.group("n")) for m in _compiled(vocab["part"]).finditer(match.group("parts"))]
            total = int(match.group("total"))
            if len(parts) >= 2 and sum(parts) != total:
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
                        message="第六部分未说明信息处理费收取情况（国办函〔2020〕109号） (FEES)", location=str(section.location) if section.location else None)]
    unpaid = report.table3.value("other.unpaid_fee", "total") if report.table3 else None
    none = next(iter(text.find(vocab["none_collected"])), None)
    if none is not None and unpaid:
        return [Finding(rule="FEES", severity="warning", cell="table3.other.unpaid_fee.total", expected=0, found=unpaid,
                        message=f"第六部分称未收取信息处理费，表三却有 {unpaid} 件因逾期未缴费不再处理（发过收费通知）：“{text.sentence(none)}” (FEES)",
                        location=text.location(none.start()))]
    return []


NARRATIVE_RULES = (check_request_counts, check_cases, check_all_answered, check_document_counts, check_breakdowns, check_fees)
