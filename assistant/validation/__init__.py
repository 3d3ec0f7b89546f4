"""Validators: pure functions over the report model that return findings; never a model call.

``validate(report, previous)`` runs every rule of docs/format.md; each rule is a
function ``check_*(report) -> list[Finding]`` (cross-year ones also take the previous report).
"""

from __future__ import annotations

from collections.abc import Callable

from index.model import Report

from .arithmetic import check_arithmetic
from .cross_year import check_year_carry, check_year_in_force, previous_year_problem
from .findings import Consequence, Finding
from .labels import cell_label, finding_line, finding_text, location_label, rule_applies, rule_name
from .narrative import NARRATIVE_RULES
from .structure import check_after_review, check_cells, check_labels, check_magnitude, check_plausibility, check_shape, missing_tables, narrative_only

RULES: tuple[Callable[[Report], list[Finding]], ...] = (
    check_arithmetic, check_cells, check_shape, check_labels, check_plausibility, check_magnitude, check_after_review,
    *NARRATIVE_RULES,
)
CROSS_YEAR_RULES: tuple[Callable[[Report, Report], list[Finding]], ...] = (check_year_carry, check_year_in_force)


def validate(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for a report, errors first. Cross-year rules run only when ``previous`` is
    the same body's report of the year before (``previous_year_problem`` says why not otherwise);
    each rule runs only on the report years and layouts assistant/vocab/rules.toml gives it. A
    narrative-only report (no standard table) gets one finding saying why no table rule ran."""
    if report.narrative_only:  # no standard table: nothing for the table rules to check, and one sentence says so
        return [narrative_only(report)] + missing_tables(report)
    findings = [f for rule in RULES for f in rule(report)]
    if previous is not None and previous_year_problem(report, previous) is None:
        findings += [f for rule in CROSS_YEAR_RULES for f in rule(report, previous)]
    findings = [f for f in findings if rule_applies(f.rule, report.year, report.layout)]
    return sorted(findings, key=lambda f: f.severity != "error")


__all__ = [
    "Consequence", "Finding", "cell_label", "finding_line", "finding_text", "location_label", "previous_year_problem",
    "rule_name", "validate",
]
