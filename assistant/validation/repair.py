"""A misprinted total read as its parts say: one function for every surface that computes with
table 4 (the answers of 问答, the rates of 统计), so a total printed as 0 beside parts that add up
to 11 counts as 11 everywhere, and is named everywhere.

>>> table4_total(0, [4, 7, 0, 0])
(11, True)
>>> table4_total(11, [4, 7, 0, 0])
(11, False)
>>> table4_total(5, [4, None, 0, 0])     # a part missing: the printed total stands
(5, False)
"""

from __future__ import annotations

from collections.abc import Sequence

TABLE4_PARTS = ("upheld", "corrected", "other", "pending")  # the outcomes a table-4 group's 总计 adds up


def table4_total(printed: int | float | None, parts: Sequence[int | float | None]) -> tuple[int | float | None, bool]:
    """(the total to compute with, whether the printed one was a misprint): the parts' sum when
    every part is printed and the printed total disagrees with it."""
    if len(parts) == len(TABLE4_PARTS) and all(p is not None for p in parts):
        summed = sum(parts)  # type: ignore[arg-type]
        if summed != printed:
            return summed, True
    return printed, False
