"""The operations a plan names, one small function each, registered by name and grouped by family:
cells (one report's value), across (sums, rankings, lists over many reports), years (changes, trends,
the year of the largest), compare (bodies side by side, differences, ratios), library (which reports,
which errors), text (what the reports say, figures in prose), refusals (ask back, not recorded, not indexed)."""

from . import across, cells, compare, library, refusals, text, years  # noqa: F401 - each registers its operations
from .registry import OPERATIONS, operation

__all__ = ["OPERATIONS", "operation"]
