"""Sections 一 and 六 from figures: 一 in the parts of the body's last report (主动公开 from
table 2, 依申请公开 with the process sentences and table 3's figures, the rest in the genre's
wording, no number), 六 with the fee statement (国办函〔2020〕109号), the amount collected
and any other items the clerk gives."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from index.model import Report


@cache
def report_vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/report.toml").read_text(encoding="utf-8"))


def _v(report: Report, table: str, row: str, column: str = "total") -> int | float:
    t = getattr(report, table)
    value = t.value(row, column) if t is not None else None
    return value or 0


_WITHHELD = ("state_secret", "prohibited_by_law", "three_safeties_one_stability", "third_party_rights", "internal_affairs",
             "process_information", "enforcement_case_file", "administrative_query")


def requests_figures(report: Report, agency: str, year: int | None) -> str:
    """The figures sentences of 一(二) from table 3 (and table 4 for reviews and lawsuits)."""
    new, carried = _v(report, "table3", "new_requests"), _v(report, "table3", "carried_over")
    people = _v(report, "table3", "new_requests", "natural_person")
    outcomes = [
        ("予以公开", _v(report, "table3", "granted")),
        ("部分公开", _v(report, "table3", "partially_granted")),
        ("不予公开", sum(_v(report, "table3", f"withheld.{r}") for r in _WITHHELD)),
        ("无法提供", sum(_v(report, "table3", f"unable.{r}") for r in ("not_held", "needs_creation", "unclear_after_correction"))),
        ("不予处理", sum(_v(report, "table3", f"not_processed.{r}") for r in ("petition_complaint", "duplicate", "publication", "excessive", "confirm_or_reissue"))),
        ("其他处理", sum(_v(report, "table3", r) for r in ("other.no_correction", "other.unpaid_fee", "other.other", "other"))),
    ]
    handled = _v(report, "table3", "total")
    forward = _v(report, "table3", "carried_forward")
    when = f"{year}年，" if year else "本年度，"
    text = f"{when}{agency}共收到政府信息公开申请{new}件"
    if new:
        text += f"（其中自然人{people}件，法人或其他组织{new - people}件）"
    text += f"，上年结转{carried}件。" if carried else "。"
    parts = "，".join(f"{label}{n}件" for label, n in outcomes if n)
    if handled and forward == 0 and (new or carried):  # all closed: said once, with how they ended
        text += f"所有申请均已办结，其中{parts}。"
    elif handled:
        text += f"全年办理完毕{handled}件，其中{parts}。"
    text += f"结转下年度继续办理{forward}件。" if forward else "所有申请均已办结。" if not handled and (new or carried) else ""
    reviews = _v(report, "table4", "review")
    lawsuits = _v(report, "table4", "litigation_direct") + _v(report, "table4", "litigation_after_review")
    if report.table4 is not None:
        if reviews == 0 and lawsuits == 0:
            text += "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
        else:
            text += f"因政府信息公开引发行政复议{reviews}件、行政诉讼{lawsuits}件。"
    return text


def draft_section1_requests(report: Report, agency: str | None = None, year: int | None = None) -> str:
    """一(二) 依申请公开情况: the process sentences real reports have, then table 3's figures."""
    agency = agency or report.agency or "本单位"
    year = year or report.year
    process = _part("依申请")["text"].format(agency=agency)
    return f"（二）依申请公开情况。{process}{requests_figures(report, agency, year)}"


IN_FORCE_ROWS = {"regulations": "规章", "normative_documents": "行政规范性文件"}  # table 二's rows said in 一(一)


def proactive_figures(report: Report, agency: str, year: int | None) -> str:
    """主动公开 from table 2: rules and normative documents issued, repealed and in force."""
    when = f"{year}年，" if year else "本年度，"
    parts = []
    for row, name in IN_FORCE_ROWS.items():
        issued, repealed, in_force = (_v(report, "table2", row, c) for c in ("issued", "repealed", "in_force"))
        if issued or repealed or in_force:
            in_force_words = f"，现行有效{name}{in_force}件" if in_force else ""  # none in force after issuing some: not said
            parts.append(f"制发{name}{issued}件，废止{repealed}件{in_force_words}")
    if not parts:
        return ""
    return when + agency + "；".join(parts) + "。"


def _part(keyword: str) -> dict[str, Any]:
    return next(p for p in report_vocab()["part"] if keyword in p["keywords"])


def section1_parts(last_section1: str | None) -> list[str]:
    """The headings of section 一's parts in the body's last report (else the usual five)."""
    found = re.findall(r"(?m)^\s*[（(][一二三四五六七八九十]+[)）]\s*([^。：:\n（(]{2,24}?)\s*(?:[。：:]|$)", last_section1 or "")
    return [h.strip() for h in found] or list(report_vocab()["default_parts"])


def draft_section1(report: Report, agency: str | None = None, year: int | None = None, last_section1: str | None = None,
                   from_notes: dict[str, str] | None = None) -> str:
    """Section 一 in the parts of the body's last report, with this year's figures; a part the
    figures do not give is the clerk's notes for it (``from_notes``, by heading) or marked 【待补】."""
    vocab = report_vocab()
    agency = agency or report.agency or "本单位"
    year = year or report.year
    ordinals = "一二三四五六七八九十"
    lines = [vocab["section1_lead"].format(year=year or "本", agency=agency)]
    for index, heading in enumerate(section1_parts(last_section1)[:10]):
        part = next((p for p in vocab["part"] if any(k in heading for k in p["keywords"])), None)
        label = f"（{ordinals[index]}）{heading}。"
        noted = next((text for key, text in (from_notes or {}).items() if key in heading or heading in key), None)
        if noted and (part is None or part["kind"] == "text"):
            lines.append(label + noted)
        elif part is None or part["kind"] == "text":
            lines.append(label + vocab["part_to_fill"].format(heading=re.sub(r"(?:工作)?情况$", "", heading)))
        elif part["kind"] == "proactive":
            lines.append(label + part["text"].format(agency=agency) + proactive_figures(report, agency, year) + part.get("to_fill", ""))
        elif part["kind"] == "requests":
            lines.append(label + part["text"].format(agency=agency) + requests_figures(report, agency, year))
    return "\n".join(lines)


def draft_section6(report: Report, agency: str | None = None, year: int | None = None, fees_collected: float | None = None,
                   other_items: list[str] | None = None) -> str:
    """六: the fee statement consistent with table 3 and ``fees_collected`` — with neither saying
    anything (no amount given, no unpaid fee notice), 【待补】, never "未收取" — the year's tasks
    and other items."""
    words = report_vocab()["section6"]
    agency = agency or report.agency or "本单位"
    year = year or report.year
    when = f"{year}年，" if year else "本年度，"
    unpaid = _v(report, "table3", "other.unpaid_fee")
    amount = f"{fees_collected:g}" if fees_collected is not None else words["amount_unknown"]
    if unpaid:
        text = words["fees_unpaid"].format(when=when, agency=agency, unpaid=unpaid, amount=amount)
    elif fees_collected:
        text = words["fees_amount"].format(when=when, agency=agency, amount=f"{fees_collected:g}")
    elif fees_collected is None:  # nothing says no fee was collected: not claimed
        text = words["fees_unknown"]
    else:
        text = words["fees_none"].format(when=when, agency=agency)
    text += "\n" + words["tasks"].format(year=year or "本", agency=agency)
    items = [item.strip().rstrip("。") for item in other_items or [] if item.strip()]
    if items:
        text += "\n" + words["other_heading"] + "；".join(items) + "。"
    return text
