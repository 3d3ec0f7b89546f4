"""What jumped: for every body with reports in consecutive years, every metric's change from the
previous year, flagged by rule (supervision.toml [jumps]: ×5 up, ×0.2 down, something to zero, a
rate moving by many points, a long-stable figure such as 现行有效规范性文件 that moved).

>>> [j.reason() for j in jumps(kb.facts, year=2024)]       # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from index.facts import FactStore

from .kinds import supervision
from .metrics import resolve_metric
from .peers import Body, fmt, metric_keys, population, values_by_report

RULES = {"up": "增至 5 倍以上", "down": "降至两成以下", "to_zero": "由有到无", "points": "比例大幅变动", "stable": "长期不变后变动"}


@dataclass(frozen=True)
class Jump:
    body: Body  # the later report
    previous_year: int
    metric: str
    label: str
    unit: str
    before: float
    after: float
    rule: str  # a key of RULES

    def reason(self) -> str:
        return f"{self.label}由 {self.previous_year} 年的 {fmt(self.before)}{self.unit} 变为 {fmt(self.after)}{self.unit}（{RULES[self.rule]}）"

    def as_json(self) -> dict:
        return {"agency": self.body.agency, "agency_key": self.body.key, "year": self.body.year, "previous_year": self.previous_year,
                "metric": self.metric, "before": self.before, "after": self.after, "rule": self.rule}


def _rule(before: float, after: float, percent: bool, denominators: tuple[float | None, float | None]) -> str | None:
    rules = supervision()["jumps"]
    if percent:
        if all(d is not None and d >= rules["rate_min_denominator"] for d in denominators) and abs(after - before) >= rules["rate_points"]:
            return "points"
        return None
    if before >= rules["to_zero_from"] and after == 0:
        return "to_zero"
    if max(before, after) >= rules["min_count"] and before > 0 and after >= 0:
        if after >= rules["up"] * before:
            return "up"
        if after <= rules["down"] * before:
            return "down"
    return None


def jumps(facts: FactStore, year: int | None = None, kind: str | None = None, region: str | None = None,
          metrics: Iterable[str] | None = None, bodies: list[Body] | None = None) -> list[Jump]:
    """Every flagged change (``year``: only changes into that year)."""
    rules = supervision()["jumps"]
    everyone = bodies if bodies is not None else population(facts, None, kind, region)
    series: dict[str, list[Body]] = defaultdict(list)
    for body in everyone:
        series[body.key].append(body)
    found: list[Jump] = []
    for key in metrics or metric_keys():
        spec = resolve_metric(key)
        values = values_by_report(facts, spec)
        denominators = values_by_report(facts, resolve_metric(spec.denominator[0])) if spec.percent and len(spec.denominator) == 1 else {}
        stable = key in rules["stable_measures"]
        for reports in series.values():
            reports.sort(key=lambda b: b.year)
            for n in range(1, len(reports)):
                later, earlier = reports[n], reports[n - 1]
                if later.year != earlier.year + 1 or (year and later.year != year):
                    continue
                before, after = values.get(earlier.report_id), values.get(later.report_id)
                if before is None or after is None:
                    continue
                rule = _rule(before, after, spec.percent, (denominators.get(earlier.report_id), denominators.get(later.report_id))) \
                    if spec.percent and denominators or not spec.percent else None
                if rule is None and stable and after != before and n >= rules["stable_years"]:
                    run = reports[n - rules["stable_years"]: n]
                    if all(b.year == later.year - rules["stable_years"] + i for i, b in enumerate(run)) \
                            and len({values.get(b.report_id) for b in run}) == 1:
                        rule = "stable"
                if rule is not None:
                    found.append(Jump(later, earlier.year, key, spec.label, spec.unit, float(before), float(after), rule))
    return sorted(found, key=lambda j: (j.body.key, j.body.year, j.metric))
