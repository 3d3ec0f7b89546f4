"""Where a body stands among its peers (the same kind of body in the same year): per metric, the
peers' P25/P50/P75, each body's value, percentile and rank, and the values far outside the
range (Tukey's fences, thresholds in supervision.toml).

Metrics are the measures of assistant/vocab/questions.toml (a row group of cells, 申请量) and the
derived rates of assistant/vocab/metrics.toml, evaluated from the facts store alone (SQL adds the
cells up), so a province is compared before any vector is stored.

>>> result = benchmark(kb.facts, year=2024)                # doctest: +SKIP
>>> [s for s in result.standings if s.outlier]             # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.facts import FactStore

from ..ask.measures import measures
from .kinds import body_kind, supervision
from .metrics import Metric, _operand_cells, derived_metrics, resolve_metric


@dataclass(frozen=True)
class Body:
    """One report in scope: the body, its kind and year, and what the risk list needs."""

    report_id: str
    agency: str
    key: str
    region: str | None
    year: int
    kind: str
    errors: int
    missing: tuple[str, ...]  # standard tables without a cell
    source: str


def population(facts: FactStore, years: Iterable[int] | None = None, kind: str | None = None,
               region: str | None = None) -> list[Body]:
    """Every complete report with a body and a year (one per body and year), in scope."""
    wanted = set(years) if years else None
    present = facts.tables_present()
    names: dict[str, str] = {}
    rows = sorted((r for r in facts.complete_reports() if r.agency_key and r.year), key=lambda r: (r.agency_key, r.year))
    for row in rows:
        names[row.agency_key] = row.agency or row.agency_key  # the newest spelling names the body
    found: dict[tuple[str, int], Body] = {}
    for row in rows:
        the_kind = body_kind(names[row.agency_key])
        if (wanted and row.year not in wanted) or (kind and the_kind != kind) or (region and row.region != region):
            continue
        missing = tuple(t for t in ("table2", "table3", "table4") if t not in present.get(row.id, set()))
        found.setdefault((row.agency_key, row.year), Body(row.id, names[row.agency_key], row.agency_key, row.region, row.year,  # type: ignore[arg-type]
                                                          the_kind, row.errors, missing, row.source or ""))
    return list(found.values())


def metric_keys() -> list[str]:
    """Every metric compared: the derived rates, then the measures."""
    return [*derived_metrics(), *measures()]


def values_by_report(facts: FactStore, spec: Metric, year: int | None = None) -> dict[str, float | None]:
    """The metric in every complete report (a ratio over 0 is None), by report id."""
    sides = []
    for operand in (*spec.numerator, *spec.denominator):
        table, rows, column = _operand_cells(operand.lstrip("-"))
        sides.append({row.id: value for row, value in facts.sums(table, rows, column, year)})
    found: dict[str, float | None] = {}
    cut = len(spec.numerator)
    for report_id in set().union(*sides) if sides else ():
        num = _add(sides[:cut], spec.numerator, report_id)
        if not spec.ratio:
            found[report_id] = num
            continue
        den = _add(sides[cut:], spec.denominator, report_id)
        found[report_id] = (100 * num / den if spec.percent else num / den) if num is not None and den else None
    return found


def _add(sides: list[dict[str, float | None]], operands: tuple[str, ...], report_id: str) -> float | None:
    total = None
    for side, operand in zip(sides, operands):
        value = side.get(report_id)
        if value is not None:
            total = (total or 0) + (-value if operand.startswith("-") else value)
    return total


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """P25, P50, P75 (linear interpolation between the sorted values, as spreadsheets do)."""
    ordered = sorted(values)

    def at(q: float) -> float:
        pos = q * (len(ordered) - 1)
        low = int(pos)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)

    return at(0.25), at(0.5), at(0.75)


@dataclass(frozen=True)
class PeerGroup:
    kind: str
    year: int
    metric: str
    label: str
    unit: str
    peers: int
    p25: float
    p50: float
    p75: float
    low_fence: float | None  # None: too few peers to call anything an outlier
    high_fence: float | None


@dataclass(frozen=True)
class Standing:
    body: Body
    metric: str
    label: str
    unit: str
    value: float
    percentile: float  # share of peers below (ties count half), 0–100
    rank: int  # 1 = the highest value among peers
    group: PeerGroup
    outlier: str | None  # "high", "low" or None

    def reason(self) -> str:
        side = "高于" if self.outlier == "high" else "低于"
        fence = self.group.high_fence if self.outlier == "high" else self.group.low_fence
        return (f"{self.label}为 {fmt(self.value)}{self.unit}，远{side}同类（{self.group.kind}，{self.group.peers} 个）"
                f"P25–P75 {fmt(self.group.p25)}–{fmt(self.group.p75)}（界限 {fmt(fence or 0)}）")


@dataclass
class Benchmark:
    groups: list[PeerGroup] = field(default_factory=list)
    standings: list[Standing] = field(default_factory=list)

    def outliers(self) -> list[Standing]:
        return [s for s in self.standings if s.outlier]

    def as_json(self) -> dict:
        return {
            "groups": [{"kind": g.kind, "year": g.year, "metric": g.metric, "peers": g.peers, "p25": g.p25, "p50": g.p50, "p75": g.p75,
                        "low_fence": g.low_fence, "high_fence": g.high_fence} for g in self.groups],
            "standings": [{"agency": s.body.agency, "agency_key": s.body.key, "kind": s.body.kind, "year": s.body.year, "metric": s.metric,
                           "value": s.value, "percentile": round(s.percentile, 1), "rank": s.rank, "peers": s.group.peers,
                           "outlier": s.outlier} for s in self.standings],
        }


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def benchmark(facts: FactStore, year: int | None = None, kind: str | None = None, region: str | None = None,
              metrics: Iterable[str] | None = None, bodies: list[Body] | None = None) -> Benchmark:
    """Every body's standing among its peers, per metric, for a year (or every year)."""
    rules = supervision()["peers"]
    bodies = bodies if bodies is not None else population(facts, [year] if year else None, kind, region)
    by_id = {b.report_id: b for b in bodies}
    result = Benchmark()
    for key in metrics or metric_keys():
        spec = resolve_metric(key)
        values = values_by_report(facts, spec, year)
        groups: dict[tuple[str, int], list[tuple[Body, float]]] = defaultdict(list)
        for report_id, value in values.items():
            body = by_id.get(report_id)
            if body is not None and value is not None:
                groups[(body.kind, body.year)].append((body, float(value)))
        for (the_kind, the_year), members in sorted(groups.items()):
            numbers = [v for _, v in members]
            p25, p50, p75 = quartiles(numbers)
            spread = max(p75 - p25, rules["min_spread"], rules["min_spread_of_median"] * abs(p50))
            enough = len(members) >= rules["min_peers"]
            low = p25 - rules["fence"] * spread if enough else None
            high = p75 + rules["fence"] * spread if enough else None
            group = PeerGroup(the_kind, the_year, key, spec.label, spec.unit, len(members), p25, p50, p75, low, high)
            result.groups.append(group)
            ordered = sorted(numbers)
            for body, value in members:
                below = _count_below(ordered, value)
                equal = _count_below(ordered, value, inclusive=True) - below
                outlier = "high" if high is not None and value > high else "low" if low is not None and value < low else None
                result.standings.append(Standing(body, key, spec.label, group.unit, value, 100 * (below + equal / 2) / len(ordered),
                                                 len(ordered) - below - equal + 1, group, outlier))
    return result


def _count_below(ordered: list[float], value: float, inclusive: bool = False) -> int:
    from bisect import bisect_left, bisect_right

    return (bisect_right if inclusive else bisect_left)(ordered, value)
