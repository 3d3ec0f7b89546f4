"""The 统计 tab's view: a metric across bodies (a bar per body, one year) and across years (a line
per body), the table beneath and its download. Built here so the UI only places it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import NotIndexed

from .metrics import chart_for

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class StatsView:
    title: str
    bar: pd.DataFrame  # 机关, 数值: the newest year asked for
    bar_title: str
    line: pd.DataFrame  # 年度 (text), 数值, 机关: bodies with figures for two years or more
    table: pd.DataFrame  # 机关, 年度, <metric label>, 依据
    label: str


def body_keys(kb: Any, bodies: list[str] | tuple[str, ...]) -> list[str]:
    """Agency keys of bodies picked or typed by name (any spelling)."""
    keys: list[str] = []
    for body in bodies:
        found = kb.facts.agency_keys(body.strip()) if body and body.strip() else []
        if body and body.strip() and not found:
            raise NotIndexed(f"知识库中没有“{body}”的报告；请从列表中选择机关，或先导入它的报告。 (No reports of {body}.)")
        keys += found
    return list(dict.fromkeys(keys))


def stats_view(kb: Any, metric_key: str, bodies: list[str] | tuple[str, ...] = (), region: str | None = None,
               years: list[int] | tuple[int, ...] = ()) -> StatsView:
    frame, title = chart_for(kb, metric_key=metric_key, agency_keys=body_keys(kb, bodies) or None, region=region or None,
                             years=[int(y) for y in years] or None)
    label = frame.attrs["label"] + (f"（{frame.attrs['unit']}）" if frame.attrs.get("unit") else "")
    known = frame.dropna(subset=["数值"])
    # the bars compare bodies in one year: the year most of them reported (the newest of equals)
    counts = known.groupby("年度")["机关"].nunique()
    newest = int(max(counts.index, key=lambda y: (counts[y], y))) if len(counts) else None
    bar = known[known["年度"] == newest][["机关", "数值"]].reset_index(drop=True)
    # a line needs two years: bodies with one year of figures are in the bars and the table
    years_of = known.groupby("机关")["年度"].nunique()
    several = known[known["机关"].isin(years_of[years_of >= 2].index)]
    line = several.assign(年度=several["年度"].astype(str))[["年度", "数值", "机关"]].reset_index(drop=True)
    table = frame.rename(columns={"数值": label})
    bar_title = f"{newest}年各机关{label}" if newest else "（没有数据）"
    return StatsView(title, bar, bar_title, line, table, label)


def _file_name(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", title)[:80] or "统计"


def write_table(view: StatsView, folder: Path) -> tuple[Path, Path]:
    """The table as a workbook and a CSV (UTF-8 with BOM, so Excel reads the Chinese)."""
    from .sheets import Sheets

    folder.mkdir(parents=True, exist_ok=True)
    xlsx, csv = folder / f"{_file_name(view.title)}.xlsx", folder / f"{_file_name(view.title)}.csv"
    with Sheets(xlsx, csv, csv_sheet="统计") as sheets:
        sheets.sheet("统计", list(view.table.columns), widths=[24, 7, 16, 60])
        for row in view.table.itertuples(index=False):
            sheets.add("统计", [None if isinstance(v, float) and v != v else v for v in row])  # NaN: blank
    return xlsx, csv
