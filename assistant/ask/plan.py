"""The query plan: one typed structure every supported question becomes, whether the rules
(assistant.ask.understanding) or a chat model (assistant.ask.modelplan) filled it in.

A plan names canonical things only — body keys, years, a metric over cell ids, an operation
registered in assistant.ask.executor — and the executor alone turns it into numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from .measures import Measure, measures
from .reading import Reading

Operation = Literal[
    "value", "breakdown", "sum", "difference", "ratio", "change", "rank", "filter", "trend", "compare",
    "reports", "errors", "clarify", "not_recorded", "unknown_body", "narrative", "prose", "extreme", "table",
]
OPERATIONS: tuple[str, ...] = Operation.__args__  # type: ignore[attr-defined]
TABLE4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class Derived:
    """A metric computed from cells by a formula in assistant/vocab/metrics.toml."""

    id: str
    label: str
    english: str
    words: tuple[str, ...]
    numerator: tuple[str, ...]  # operands "measure" or "measure:column", added up
    denominator: tuple[str, ...]
    percent: bool = True
    group: str | None = None  # a table-4 group measure the question may swap in ("诉讼纠错率")
    context: tuple[str, ...] = ()  # operands cited beside the result (办结率: 结转下年度)
    requires: tuple[str, ...] = ()  # words one of which must be in the question too
    unless: tuple[str, ...] = ()  # words that mean another metric is asked
    times: bool = False  # a ratio of two measures, said as "15.9 倍"


@dataclass(frozen=True)
class Metric:
    """What is measured: cells of one table (a measure, maybe in another column), a derived
    formula, or a figure stated in the reports' prose."""

    kind: Literal["cells", "derived", "prose"]
    measure: Measure | None = None
    column: str | None = None  # table-3 applicant column or table-4 outcome column
    derived: Derived | None = None
    prose: str | None = None  # measure key of index/vocab/prose.toml
    label: str = ""
    unit: str = "件"

    @property
    def id(self) -> str:
        if self.kind == "derived" and self.derived:
            return self.derived.id
        if self.kind == "prose":
            return f"prose.{self.prose}"
        assert self.measure is not None
        return self.measure.id + (f":{self.column}" if self.column else "")


@dataclass(frozen=True)
class Filter:
    """A condition on a metric for list questions: ``==0``, ``>N``, ``<N``, ``>0`` or has errors."""

    op: Literal["==", ">", "<", ">=", "<=", "errors"]
    value: float = 0


@dataclass(frozen=True)
class Plan:
    question: str
    language: Literal["zh", "en"]
    operation: str
    bodies: tuple[str, ...] = ()
    region: str | None = None
    years: tuple[int, ...] = ()
    year_words: str = ""  # "今年", "去年" … when the year was relative (the answer says so)
    year_range: bool = False  # "2023到2024年", "历年": every indexed year in range
    metric: Metric | None = None
    filters: tuple[Filter, ...] = ()
    limit: int | None = None  # top/bottom N
    ascending: bool = False
    per_year: bool = True  # rankings and sums one year at a time unless asked otherwise
    candidates: tuple[str, ...] = ()  # clarify: the bodies a name could mean
    unknown_body: str | None = None
    not_recorded: str | None = None  # key of [not_recorded] in the lexicon
    understood: tuple[str, ...] = ()  # how a phrase was read ("按‘行政诉讼’理解")
    topic: str = ""
    reading: Reading | None = None  # the rules' first, broad reading (a follow-up starts from it)
    source: Literal["rules", "model"] = "rules"
    notes: tuple[str, ...] = ()  # what the answer must say about how the plan was made
    chat_bodies: tuple[str, ...] = ()  # bodies the chat named before this question, oldest first ("两家加起来")

    def as_json(self) -> dict[str, Any]:
        """The plan in canonical ids (for --json and the API)."""
        return {"operation": self.operation, "metric": self.metric.id if self.metric else None, "bodies": list(self.bodies),
                "region": self.region, "years": list(self.years), "filters": [[f.op, f.value] for f in self.filters],
                "limit": self.limit, "ascending": self.ascending, "candidates": list(self.candidates),
                "not_recorded": self.not_recorded, "source": self.source}

    def with_(self, **changes: Any) -> Plan:
        return replace(self, **changes)


@cache
def metrics_vocab() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/metrics.toml").read_text(encoding="utf-8"))


@cache
def lexicon() -> dict[str, Any]:
    return tomllib.loads(files("assistant").joinpath("vocab/lexicon.toml").read_text(encoding="utf-8"))


@cache
def derived_metrics() -> dict[str, Derived]:
    found = {}
    for m in metrics_vocab()["metrics"]:
        found[m["id"]] = Derived(m["id"], m["label"], m["english"], tuple(w.lower() for w in m["words"]),
                                 tuple(m["numerator"]), tuple(m["denominator"]), m.get("percent", True), m.get("group"),
                                 tuple(m.get("context", ())), tuple(w.lower() for w in m.get("requires", ())),
                                 tuple(w.lower() for w in m.get("unless", ())))
    return found


def cell_metric(measure_id: str, column: str | None = None) -> Metric:
    measure = measures()[measure_id]
    return Metric("cells", measure=measure, column=column, label=measure.label, unit=measure.unit)


def derived_metric(metric_id: str, group: str | None = None) -> Metric:
    d = derived_metrics()[metric_id]
    if group and d.group and group != d.group:
        d = _swap_group(d, d.group, group)
    return Metric("derived", derived=d, label=d.label, unit="%" if d.percent else "件")


def _swap_group(d: Derived, old: str, new: str) -> Derived:
    """The same formula over another table-4 group (行政复议纠错率 → 行政诉讼纠错率)."""
    swap = lambda ops: tuple(op.replace(old, new, 1) if op.split(":")[0] == old else op for op in ops)  # noqa: E731
    english = d.english.removeprefix(measures()[old].english.split(" (")[0] + " ")
    return replace(d, id=d.id.replace(old, new) if d.id.startswith("share.") else d.id, numerator=swap(d.numerator),
                   denominator=swap(d.denominator), label=measures()[new].label + d.label.removeprefix(measures()[old].label),
                   english=f"{measures()[new].english.split(' (')[0]} {english}", group=new)


def table4_group(metric: Metric) -> str | None:
    """The table-4 group a derived metric is computed over (reviews for 纠错率), if it has one."""
    if metric.derived is None:
        return None
    groups = {op.lstrip("-").split(":")[0] for op in metric.derived.numerator + metric.derived.denominator}
    if len(groups) == 1 and measures()[next(iter(groups))].table == "table4" and next(iter(groups)) != "corrected":
        return next(iter(groups))
    return None


def regroup(metric: Metric, group: str) -> Metric:
    """A derived metric of one table-4 group computed over another ("复议纠错率和诉讼纠错率")."""
    old = table4_group(metric)
    if metric.derived is None or old is None or old == group:
        return metric
    d = _swap_group(metric.derived, old, group)
    return replace(metric, derived=d, label=d.label)


def valid_metric_ids() -> set[str]:
    """Every id a model may put in a plan's metric field."""
    ids = set(measures()) | set(derived_metrics())
    ids |= {f"{m}:{c}" for m, meas in measures().items() if meas.table == "table4" for c in TABLE4_COLUMNS}
    ids |= {f"{m}:{c}" for m, meas in measures().items() if meas.table == "table3"
            for c in lexicon()["applicant_columns"]}
    return ids


def metric_from_id(metric_id: str) -> Metric:
    """The metric a canonical id names (KeyError for an id that names nothing)."""
    if metric_id in derived_metrics():
        return derived_metric(metric_id)
    if metric_id.startswith("prose."):
        return Metric("prose", prose=metric_id[6:], label=metric_id[6:])
    name, _, column = metric_id.partition(":")
    if name not in measures() or (column and metric_id not in valid_metric_ids()):
        raise KeyError(metric_id)
    return cell_metric(name, column or None)


__all__ = ["Derived", "Filter", "Metric", "OPERATIONS", "Plan", "cell_metric", "derived_metric", "derived_metrics",
           "lexicon", "metric_from_id", "metrics_vocab", "regroup", "table4_group", "valid_metric_ids"]
