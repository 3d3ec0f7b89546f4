"""One metric across bodies and years: the numbers behind the 统计 tab's charts and chat questions
such as "画出各区县2024年的申请量".

A metric is a canonical cell id (``table3.new_requests.total``), a measure of
assistant/vocab/questions.toml (``withheld``, ``reviews:corrected``) or a derived metric: a formula
over measures in assistant/vocab/metrics.toml (issue 13's file, when present) or this package's
metrics.toml. Values come from the facts store (SQL adds the cells up); nothing is estimated.

>>> metric_values(kb, "table3.new_requests.total", years=[2024])       # doctest: +SKIP
[MetricValue(agency='青山区人民政府', year=2024, value=20, cells=['table3.new_requests.total']), …]
>>> frame, title = chart_for(kb, "画出各区县2024年的申请量")            # doctest: +SKIP
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple

from index.agencies import body_names
from index.errors import InputError
from index.facts import FactStore, ReportRow

from ..ask.measures import find_column, find_measure, measures
from ..ask.named import find_agencies
from ..validation.repair import TABLE4_PARTS, table4_total
from assistant.validation.labels import cell_label, column_label

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["机关", "年度", "数值", "依据"]  # the chart frame's columns


class UnknownMetric(InputError):
    """A metric name that is neither a cell, a measure nor a derived metric."""


class MetricValue(NamedTuple):
    agency: str
    year: int | None
    value: int | float | None
    cells: list[str]  # canonical ids of the cells the value was computed from


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    numerator: tuple[str, ...]  # operands: a cell id, or "measure[:column]"
    denominator: tuple[str, ...] = ()
    percent: bool = False
    unit: str = "件"
    words: tuple[str, ...] = ()

    @property
    def ratio(self) -> bool:
        return bool(self.denominator)


@cache
def _formulas() -> dict[str, Any]:
    """The metric formulas the question planner uses (one file for both)."""
    return tomllib.loads(files("assistant").joinpath("vocab/metrics.toml").read_text(encoding="utf-8"))


@cache
def _charts() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("workbench/charts.toml").read_text(encoding="utf-8"))


@cache
def derived_metrics() -> dict[str, Metric]:
    found = {}
    for m in _formulas().get("metrics", []):
        percent = m.get("percent", True) and bool(m.get("denominator"))
        found[m["id"]] = Metric(m["id"], m["label"], tuple(m["numerator"]), tuple(m.get("denominator", ())), percent,
                                "%" if percent else "件", tuple(w.lower() for w in m.get("words", ())))
    return found


def _operand_cells(operand: str) -> tuple[str, list[str], str]:
    """(table, rows, column) an operand adds up."""
    if operand.startswith("table"):
        table, rest = operand.split(".", 1)
        row, column = rest.rsplit(".", 1)
        return table, [row], column
    name, _, column = operand.partition(":")
    measure = measures()[name]
    return measure.table, list(measure.rows), column or measure.column


def resolve_metric(key: str) -> Metric:
    """The metric a key names: a derived metric, a measure (``withheld``, ``reviews:corrected``) or a cell id."""
    derived = derived_metrics()
    if key in derived:
        return derived[key]
    if re.fullmatch(r"table[234]\.[a-z_.]+\.[a-z_]+", key):
        label = cell_label(key)
        if label != key:
            unit = "万元" if key.endswith(".amount") else "件"
            return Metric(key, label.replace(" · ", "·"), (key,), unit=unit)
    name, _, column = key.partition(":")
    if name in measures():
        measure = measures()[name]
        label = measure.label + (f"（{column_label(measure.table, column)}）" if column and column != measure.column else "")
        return Metric(key, label, (key,), unit=measure.unit)
    raise UnknownMetric(f"没有名为“{key}”的指标；可选的指标见统计页的下拉列表（如申请量、纠错率、不予公开占比）。 (Unknown metric {key}.)")


def metric_choices() -> list[tuple[str, str]]:
    """(Chinese name, key) of every metric: derived ones, the measures, then every table cell."""
    from index.vocabulary import vocabulary

    from ..validation.arithmetic import T3_COLUMNS

    choices = [(m.label, m.key) for m in derived_metrics().values()]
    choices += [(m.label, m.id) for m in measures().values()]
    vocab = vocabulary()
    cells = [f"table3.{r}.{c}" for r in vocab.table3_row_ids() for c in T3_COLUMNS]
    groups, columns = vocab.table4_ids()
    cells += [f"table4.{g}.{c}" for g in groups for c in columns]
    cells += list(dict.fromkeys(f"table2.{r}.{c}" for layout in ("2021", "2019") for r, cs in vocab.table2_layout(layout).items() for c in cs))
    seen = {label for label, _ in choices}
    for cell in cells:
        label = resolve_metric(cell).label
        if label not in seen:
            seen.add(label)
            choices.append((label, cell))
    return choices


def _facts(kb: Any) -> FactStore:
    return kb.facts if hasattr(kb, "facts") else kb


def _names(facts: FactStore) -> dict[str, str]:
    """One name per body (its newest report's spelling), so a body is one line across years."""
    return body_names(facts.complete_reports())


def metric_values(kb: Any, metric: str, agency_keys: Iterable[str] | None = None, years: Iterable[int] | None = None,
                  region: str | None = None) -> list[MetricValue]:
    """The metric in every complete report in scope, (agency, year, value, cells used), by body then year.

    A ratio whose denominator is 0 (or whose cells are all missing) has value None.
    """
    return [value for value, _ in _evaluate(_facts(kb), resolve_metric(metric), agency_keys, years, region)]


def operand_label(operand: str) -> str:
    """"reviews:corrected" → 行政复议（结果纠正）; a cell id → its Chinese name."""
    if operand.startswith("table"):
        return cell_label(operand)
    name, _, column = operand.partition(":")
    measure = measures()[name]
    return measure.label + (f"（{column_label(measure.table, column)}）" if column and column != measure.column else "")


Side = dict[str, tuple[int | float | None, list[str]]]  # report id → (value, cells)


def _evaluate(facts: FactStore, spec: Metric, agency_keys: Iterable[str] | None, years: Iterable[int] | None,
              region: str | None) -> list[tuple[MetricValue, str]]:
    """Each report's value and its arithmetic in words (SQL adds each operand's cells up)."""
    keys = list(agency_keys) if agency_keys else None
    wanted_years = set(years) if years else None
    sides: list[Side] = []
    reports: dict[str, ReportRow] = {}
    repaired: dict[str, list[str]] = {}  # report id → what was read from the parts (misprinted totals)
    for operand in (*spec.numerator, *spec.denominator):
        table, rows, column = _operand_cells(operand.lstrip("-"))
        side: Side = {}
        for row, value in _sums(facts, table, rows, column, keys, region, repaired):
            if wanted_years is None or row.year in wanted_years:
                side[row.id] = (value, [f"{table}.{r}.{column}" for r in rows])
                reports[row.id] = row
        sides.append(side)
    names = _names(facts)
    result = []
    seen: set[tuple[str | None, int | None]] = set()
    cut = len(spec.numerator)
    for report in sorted(reports.values(), key=lambda r: (r.agency_key or "", r.year or 0)):
        if (report.agency_key, report.year) in seen:  # the same report stored twice (two files): once
            continue
        seen.add((report.agency_key, report.year))
        num, num_cells, num_shown = _add(sides[:cut], spec.numerator, report.id)
        value, cells, shown = num, num_cells, num_shown
        if spec.ratio:
            den, den_cells, den_shown = _add(sides[cut:], spec.denominator, report.id)
            cells = num_cells + den_cells
            value = (100 * num / den if spec.percent else num / den) if num is not None and den else None
            shown = f"{num_shown} ÷ {den_shown}" if den else f"{num_shown} ÷ {den_shown}（分母为 0，无法计算）"
        elif len(spec.numerator) == 1 and not spec.numerator[0].startswith("table"):
            shown = " + ".join(cell_label(c) for c in cells) if len(cells) <= 2 else f"{operand_label(spec.numerator[0])}（{len(cells)} 项之和）"
        elif len(spec.numerator) == 1:
            shown = cell_label(spec.numerator[0])
        if repaired.get(report.id):
            shown += "；" + "；".join(dict.fromkeys(repaired[report.id]))
        result.append((MetricValue(names.get(report.agency_key or "", report.agency or ""), report.year, value, cells), shown))
    return result


def _sums(facts: FactStore, table: str, rows: list[str], column: str, keys: list[str] | None, region: str | None,
          repaired: dict[str, list[str]]) -> list[tuple[ReportRow, int | float | None]]:
    """``facts.sums``, with a table-4 total that disagrees with its parts read as their sum
    (assistant/validation/repair.py, as 问答 does) and named in ``repaired``."""
    if table != "table4" or column != "total":
        return facts.sums(table, rows, column, None, keys, region)
    totals: dict[str, list] = {}
    for row_id in rows:
        printed_rows = facts.sums(table, [row_id], "total", None, keys, region)
        printed = {r.id: v for r, v in printed_rows}
        parts = [{r.id: v for r, v in facts.sums(table, [row_id], part, None, keys, region)} for part in TABLE4_PARTS]
        for report, _ in printed_rows:
            value, misprinted = table4_total(printed.get(report.id), [p.get(report.id) for p in parts])
            if misprinted:
                repaired.setdefault(report.id, []).append(
                    f"{cell_label(f'table4.{row_id}.total')}印为 {_fmt(printed[report.id]) if printed.get(report.id) is not None else '空'}，"
                    f"与各项之和 {_fmt(value)} 不符（印刷错误），按各项之和计")  # type: ignore[arg-type]
            entry = totals.setdefault(report.id, [report, None])
            if value is not None:
                entry[1] = (entry[1] or 0) + value
    return [(report, value) for report, value in totals.values()]


def _add(sides: list[Side], operands: tuple[str, ...], report_id: str) -> tuple[int | float | None, list[str], str]:
    """The operands added up ("-measure" is subtracted), the cells used, and the sum in words."""
    total: int | float | None = None
    cells: list[str] = []
    shown = ""
    for side, operand in zip(sides, operands):
        value, used = side.get(report_id, (None, []))
        minus = operand.startswith("-")
        bit = f"{operand_label(operand.lstrip('-'))} {'—' if value is None else _fmt(value)}"
        shown += (" − " if minus else " + " if shown else "") + bit
        if value is not None:
            total = (total or 0) + (-value if minus else value)
            cells += used
    return total, cells, f"（{shown}）" if len(operands) > 1 else shown


def _fmt(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ------------------------------------------------------------------ charts


@dataclass(frozen=True)
class ChartRequest:
    metric: str
    agency_keys: tuple[str, ...] = ()
    region: str | None = None
    years: tuple[int, ...] = ()
    scope: str = ""  # the scope word as asked ("各区县")


def _longest(text: str, words: Iterable[str]) -> str | None:
    found = [w for w in words if w and w.lower() in text]
    return max(found, key=len) if found else None


def is_chart_question(question: str) -> bool:
    return _longest(question.lower(), _charts()["chart_words"]) is not None


def read_chart_question(question: str, facts: FactStore) -> ChartRequest:
    """Metric, bodies (or a scope word / region) and years of a chart question."""
    text = question.strip().lower()
    best: tuple[int, str] | None = None
    for spec in derived_metrics().values():
        word = _longest(text, spec.words)
        if word and (best is None or len(word) > best[0]):
            best = (len(word), spec.key)
    measure = find_measure(text)
    if measure is not None:
        word = max((w for w in (*measure.words, *measure.weak) if w in text), key=len, default="")
        if best is None or len(word) > best[0]:
            column = find_column(text) if measure.table == "table3" else None
            best = (len(word), measure.id + (f":{column}" if column else ""))
    if best is None:
        raise UnknownMetric(f"没有认出要统计的指标：“{question}”；请说明指标，例如申请量、纠错率、不予公开占比。 (No metric in the question.)")
    keys, _unknown = find_agencies(text, facts)
    regions = sorted({r.region for r in facts.complete_reports() if r.region}, key=len, reverse=True)
    region = next((r for r in regions if r.lower() in text), None)
    scope = _longest(text, _charts()["scopes"]) or ""
    if scope and not keys:
        suffixes = tuple(_charts()["scopes"][scope])
        keys = sorted({r.agency_key for r in facts.complete_reports()
                       if r.agency_key and (not region or r.region == region) and (not suffixes or r.agency_key.endswith(suffixes))})
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    span = re.search(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:到|至|-|—|~|to)\s*((?:19|20)\d{2})", text)
    if span:
        years = list(range(int(span.group(1)), int(span.group(2)) + 1))
    return ChartRequest(best[1], tuple(keys), region if not keys else None, tuple(dict.fromkeys(years)), scope)


def chart_for(kb: Any, question: str | None = None, *, metric_key: str | None = None, agency_keys: Iterable[str] | None = None,
              region: str | None = None, years: Iterable[int] | None = None) -> tuple[pd.DataFrame, str]:
    """Chart data for a question ("画出各区县2024年的申请量") or for explicit choices: a DataFrame with
    columns 机关, 年度, 数值, 依据 (one row per report) and a Chinese title. ``frame.attrs`` says
    which chart fits: ``kind`` "bar" (one year, bodies side by side) or "line" (across years),
    and the metric's ``label`` and ``unit``."""
    import pandas as pd

    facts = _facts(kb)
    scope = ""
    if question:
        request = read_chart_question(question, facts)
        metric_key = metric_key or request.metric
        agency_keys = agency_keys or request.agency_keys or None
        region = region or request.region
        years = years or request.years or None
        scope = request.scope
    if not metric_key:
        raise UnknownMetric("请选择要统计的指标。 (Choose a metric.)")
    spec = resolve_metric(metric_key)
    evaluated = _evaluate(facts, spec, agency_keys, years, region)
    values = [v for v, _ in evaluated]
    rows = [[v.agency, v.year, None if v.value is None else round(v.value, 2) if spec.percent else v.value, shown]
            for v, shown in evaluated]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    shown_years = sorted({v.year for v in values if v.year})
    kind = "bar" if len(shown_years) <= 1 else "line"
    frame.attrs.update(kind=kind, label=spec.label, unit=spec.unit, metric=spec.key)
    when = (f"{shown_years[0]}年" if len(shown_years) == 1 else f"{shown_years[0]}—{shown_years[-1]}年") if shown_years else ""
    who = scope or (region or "") or ("各机关" if not agency_keys else "")
    if agency_keys and not scope:
        names = list(dict.fromkeys(v.agency for v in values))
        who = "、".join(names[:3]) + (f"等 {len(names)} 个机关" if len(names) > 3 else "")
    title = f"{who}{when}{spec.label}" + (f"（{spec.unit}）" if spec.unit else "")
    return frame, title
