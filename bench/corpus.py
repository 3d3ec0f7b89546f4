"""Generated corpora for the benchmarks: the sample reports varied into other bodies, regions,
years, table figures and narrative counts, each report internally consistent.

Table figures: every non-zero leaf cell of tables 3 and 4 is varied (zeros stay zero, so "未发生
诉讼" and "均已办结" sentences stay true), the totals and new requests are recomputed from the
leaves by the same code that builds drafted tables, and section 一(二) is redrafted from the new
table, so the validators find in a generated report no more than in the sample it came from.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from assistant.drafting import draft_section1_requests
from assistant.figures import build_tables
from assistant.knowledge import sample_paths
from assistant.validation.arithmetic import T3_APPLICANTS, T4_PARTS
from index.model import Number, Paragraph, Report
from index.parser import parse_file
from index.render import report_markdown
from index.vocabulary import vocabulary

_NAMES = "东西南北中安平宁和兴华丰泰康永长新青云阳山河湖江海林"
# Narrative counts (not tied to a table) are scaled by one factor per report, so "共 N 条，其中…"
# breakdowns still add up; 件 counts only in a clause that counts 条 (items of information), since
# elsewhere 件 counts requests and documents that the tables hold.
_CLAUSE = re.compile(r"[^。；\n]+")
_COUNTS = re.compile(r"(?<=[^\d\t|])(\d{1,5})(?= ?(?:条|次|场|期|份))")
_ITEM_COUNTS = re.compile(r"(?<=[^\d\t|])(\d{1,5})(?= ?(?:条|次|场|期|份|件))")


def _scale_counts(text: str, factor: int) -> str:
    def clause(match: re.Match[str]) -> str:
        counts = _ITEM_COUNTS if "条" in match.group() else _COUNTS
        return counts.sub(lambda m: str(int(m.group(1)) * factor), match.group())
    return _CLAUSE.sub(clause, text)
_COMPUTED = {"total", "new_requests"}  # recomputed from the leaves


def _leaves(report: Report) -> dict[str, Number]:
    """The cells a clerk types in: table 3's applicant columns of every row but the computed
    ones, table 4's parts."""
    figures: dict[str, Number] = {}
    if report.table3 is not None:
        for row in vocabulary().table3_row_ids():
            for column in T3_APPLICANTS:
                value = report.table3.value(row, column)
                if value is not None and row not in _COMPUTED:
                    figures[f"table3.{row}.{column}"] = value
    if report.table4 is not None:
        for group in vocabulary().table4_ids()[0]:
            for part in T4_PARTS:
                value = report.table4.value(group, part)
                if value is not None:
                    figures[f"table4.{group}.{part}"] = value
    return figures


def vary(report: Report, rng: random.Random) -> Report:
    """The report with other, consistent figures in tables 3 and 4 and a redrafted 一(二)."""
    figures = {
        cell: value if not value or cell.startswith("table3.carried_over") else int(value) + rng.randint(0, max(3, int(value)))
        for cell, value in _leaves(report).items()
    }
    tables = build_tables(figures, report.layout, report.agency, report.year)
    varied = report.model_copy(deep=True, update={
        "table3": tables.table3 if report.table3 is not None else None,
        "table4": tables.table4 if report.table4 is not None else None,
    })
    section = varied.section(1)
    if section is not None and varied.table3 is not None and report.table3 is not None:
        old, new = report.table3.value("new_requests", "total"), varied.table3.value("new_requests", "total")
        received = re.compile(rf"(收到[^。；]*?)(?<!\d){old}(?= ?件)")
        for n, paragraph in enumerate(section.paragraphs):
            text = draft_section1_requests(varied) if paragraph.text.startswith("（二）依申请公开") else received.sub(rf"\g<1>{new}", paragraph.text)
            section.paragraphs[n] = Paragraph(text=text)
    return varied


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` varied reports written to ``out`` as Markdown (the same files for the same seed)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    samples = [parse_file(p) for p in sample_paths() if p.suffix == ".txt"]
    paths = []
    for i in range(count):
        report = samples[i % len(samples)]
        place = "".join(rng.choice(_NAMES) for _ in range(2)) + rng.choice("区县") + f"{i}"
        year = rng.choice([2021, 2022, 2023, 2024, 2025])
        body = report_markdown(vary(report, rng)).replace(report.agency or "", place).replace(str(report.year), str(year))
        body = _scale_counts(body, rng.randint(1, 4))
        target = out / f"gen-{i:05d}.md"
        target.write_text(body, encoding="utf-8")
        paths.append(target)
    return paths
