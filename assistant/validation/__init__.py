"""Validators: pure functions over the report model that return findings; never a model call.

``validate(report, previous)`` runs every rule of docs/format.md; each rule is a
function ``check_*(report) -> list[Finding]`` (cross-year ones also take the previous report).
"""

from __future__ import annotations

from collections.abc import Callable

from index.model import Report

from .arithmetic import check_arithmetic
from .cross_year import check_year_carry, check_year_in_force
from .findings import Finding
from .narrative import NARRATIVE_RULES
from .structure import check_cells, check_labels, check_plausibility, check_shape

RULES: tuple[Callable[[Report], list[Finding]], ...] = (
    check_arithmetic, check_cells, check_shape, check_labels, check_plausibility, *NARRATIVE_RULES,
)
CROSS_YEAR_RULES: tuple[Callable[[Report, Report], list[Finding]], ...] = (check_year_carry, check_year_in_force)


def validate(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for a report (and against its body's previous year, when given), errors first."""
    findings = [f for rule in RULES for f in rule(report)]
    if previous is not None:
        findings += [f for rule in CROSS_YEAR_RULES for f in rule(report, previous)]
    return sorted(findings, key=lambda f: f.severity != "error")


__all__ = ["Finding", "validate"]
