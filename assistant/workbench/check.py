"""Batch check: a folder (or a province) of reports validated at once, every finding one row of
a workbook in Chinese, a summary sheet, the files that could not be read with their reason.

Each report is parsed, validated and written out before the next is read; only a report's
tables are kept (for the cross-year rules), so memory stays flat at thousands of reports.
The previous year's report of the same body comes from, in this order: the batch itself,
``previous_dir``, the knowledge base's facts store.

>>> result = check_batch(["reports/"], xlsx="findings.xlsx")     # doctest: +SKIP
>>> result.errors, result.unreadable                              # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.agencies import agency_key
from index.errors import DisclosureError
from index.facts import FactStore, ReportRow
from index.model import Cell, Location, Report, Table
from index.parser import parse_file

from ..knowledge import expand
from ..validation import Finding, validate
from .risk import RISK_HEADERS, RISK_WIDTHS, ScratchStore, risk_rows, supervise
from assistant.validation.labels import cell_label, location_label, rule_name

FINDING_HEADERS = ["机关", "年度", "文件", "规则", "单元格", "应为", "实为", "位置", "说明", "严重程度"]
FINDING_WIDTHS = [24, 7, 28, 16, 40, 14, 14, 16, 80, 9]
REPORT_HEADERS = ["文件", "机关", "年度", "表格格式", "错误", "提示", "跨年比对的上一年度报告"]
UNREADABLE_HEADERS = ["文件", "原因"]
SEVERITY = {"error": "错误", "warning": "提示"}
UNREADABLE_RULE = "无法读取"

_CELL_ID = re.compile(r"(?:表[二三四]\s*)?(?<![A-Za-z0-9_])(?:table[234](?:\.[A-Za-z_]+)*|section\d)(?![A-Za-z0-9_])")
_QUOTED_ID = re.compile(r"(?<=[“（(])([a-z]+(?:_[a-z]+)*)(?=[”）)])")

Key = tuple[str, int]  # (agency key, year)


def reader_text(message: str, rule: str | None = None) -> str:
    """A finding's message as a person reads it: no rule code, cells by their Chinese names."""
    if rule:  # the rule has its own column: no "(T3-ROW)" or "（行合计）" at the end
        message = message.replace(f" ({rule})", "").replace(f"({rule})", "").removesuffix(f"（{rule_name(rule)}）")
    message = _CELL_ID.sub(lambda m: cell_label(re.sub(r"^表[二三四]\s*", "", m.group())), message)
    return _QUOTED_ID.sub(lambda m: _column_name(m.group()), message)


def _column_name(column: str) -> str:
    """A bare column id quoted in a message (“in_force”) by its label; other words unchanged."""
    for table in ("table3", "table2", "table4"):
        label = cell_label(f"{table}.{column}")
        if label.endswith("（列名）"):
            return label.split(" · ", 1)[1].removesuffix("（列名）")
    return column


def _number(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def finding_row(agency: str | None, year: int | None, file: str, finding: Finding | dict) -> list[object]:
    """One row of the findings sheet (a Finding, or a stored finding's dict)."""
    get = finding.get if isinstance(finding, dict) else lambda key: getattr(finding, key, None)
    rule = get("rule") or ""
    return [
        agency or "（未识别机关）", year, file, rule_name(rule), cell_label(get("cell")), _number(get("expected")),
        _number(get("found")), location_label(get("location")), reader_text(get("message") or "", rule),
        SEVERITY.get(get("severity") or "", get("severity")),
    ]


def _tables_only(report: Report) -> Report:
    """What the cross-year rules read (tables 2 and 3, year, layout): the text is let go."""
    return Report(agency=report.agency, year=report.year, layout=report.layout, source=report.source,
                  table2=report.table2, table3=report.table3)


def cross_year_findings(report: Report, previous: Report) -> list[Finding]:
    """The findings that only the previous year's report brings (whatever rules ``validate`` runs)."""
    alone = {f.model_dump_json() for f in validate(report)}
    return [f for f in validate(report, previous) if f.model_dump_json() not in alone]


def report_from_facts(facts: FactStore, row: ReportRow) -> Report:
    """An indexed report's tables rebuilt from the facts store (for the cross-year rules)."""
    tables: dict[str, Table] = {}
    for cell_id, fact in facts.cells(row.id).items():
        name, rest = cell_id.split(".", 1)
        row_id, column = rest.rsplit(".", 1)
        table = tables.setdefault(name, Table(name=name))  # type: ignore[arg-type]
        location = Location(page=fact.page, line=fact.line) if fact.page or fact.line else None
        table.rows.setdefault(row_id, {})[column] = Cell(value=fact.value, raw=fact.raw, location=location)
    return Report(agency=row.agency, year=row.year, layout=row.layout, source=row.source,  # type: ignore[arg-type]
                  table2=tables.get("table2"), table3=tables.get("table3"), table4=tables.get("table4"))


@dataclass
class _Seen:
    """A checked report: what its rows need, and its tables packed for the cross-year rules
    (compressed JSON: a few KB a report, where the model objects took over 100 KB)."""

    file: str
    agency: str | None
    year: int | None
    layout: str
    packed: bytes
    errors: int = 0
    warnings: int = 0
    previous: str = ""  # where its previous year's report came from

    @classmethod
    def of(cls, file: str, report: Report) -> _Seen:
        packed = zlib.compress(_tables_only(report).model_dump_json(exclude_defaults=True).encode())
        return cls(file, report.agency, report.year, report.layout, packed)

    @property
    def report(self) -> Report:
        return Report.model_validate_json(zlib.decompress(self.packed))


@dataclass
class BatchResult:
    """What a batch check found: counts for the summary, and the unreadable files with their reasons."""

    reports: int = 0
    errors: int = 0
    warnings: int = 0
    reports_with_errors: int = 0
    reports_with_warnings: int = 0
    cross_year: int = 0  # reports checked against their body's previous year
    by_rule: Counter = field(default_factory=Counter)  # (rule code, severity) -> findings
    reports_by_rule: Counter = field(default_factory=Counter)  # rule code -> reports
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    rows: int = 0

    def summary_rows(self) -> list[list[object]]:
        rows: list[list[object]] = [
            ["读取的报告", self.reports], ["无法读取的文件", len(self.unreadable)],
            ["有错误的报告", self.reports_with_errors], ["只有提示的报告", self.reports_with_warnings],
            ["与上一年度报告比对的报告", self.cross_year], ["错误", self.errors], ["提示", self.warnings], [],
            ["按规则", "错误", "提示", "涉及报告"],
        ]
        for rule in sorted({r for r, _ in self.by_rule}, key=lambda r: -(self.by_rule[(r, "error")] + self.by_rule[(r, "warning")])):
            rows.append([rule_name(rule), self.by_rule[(rule, "error")], self.by_rule[(rule, "warning")], self.reports_by_rule[rule]])
        return rows

    def as_json(self) -> dict:
        return {
            "reports": self.reports, "errors": self.errors, "warnings": self.warnings,
            "reports_with_errors": self.reports_with_errors, "cross_year": self.cross_year,
            "by_rule": {f"{rule}:{severity}": n for (rule, severity), n in sorted(self.by_rule.items())},
            "unreadable": [{"file": f, "error": e} for f, e in self.unreadable],
        }


class _Batch:
    def __init__(self, sheets: object, facts: FactStore | None, previous: dict[Key, _Seen], result: BatchResult) -> None:
        self.sheets = sheets
        self.facts = facts
        self.previous_dir = previous
        self.result = result
        self.seen: dict[Key, _Seen] = {}
        self.waiting: dict[Key, Key] = {}  # (body, year − 1) → (body, year): reports waiting for their previous year

    def emit(self, seen: _Seen, findings: list[Finding]) -> None:
        rules = set()
        for finding in findings:
            self.sheets.add("发现的问题", finding_row(seen.agency, seen.year, seen.file, finding))  # type: ignore[attr-defined]
            self.result.rows += 1
            self.result.by_rule[(finding.rule, finding.severity)] += 1
            rules.add(finding.rule)
            if finding.severity == "error":
                seen.errors += 1
            else:
                seen.warnings += 1
        for rule in rules:
            self.result.reports_by_rule[rule] += 1

    def cross_year(self, seen: _Seen, previous: Report, source: str) -> None:
        seen.previous = source
        self.result.cross_year += 1
        self.emit(seen, cross_year_findings(seen.report, previous))

    def add(self, file: str, report: Report) -> list[Finding]:
        """Check a report (and pair it with its years before and after); returns its own findings."""
        findings = validate(report)
        seen = _Seen.of(file, report)
        self.result.reports += 1
        self.emit(seen, findings)
        if not report.agency or not report.year:
            self._count(seen)
            return findings
        key = (agency_key(report.agency), report.year)
        if key in self.seen:  # the same body and year twice: checked, not paired again
            self._count(seen)
            return findings
        self.seen[key] = seen
        before = (key[0], key[1] - 1)
        if before in self.seen:
            self.cross_year(seen, self.seen[before].report, self.seen[before].file)
        else:
            self.waiting[before] = key
        after = self.waiting.pop(key, None)
        if after is not None and after in self.seen:
            self.cross_year(self.seen[after], seen.report, file)
        return findings

    def finish(self) -> None:
        """Reports whose previous year was not in the batch: --previous-dir, then the knowledge base."""
        for before, key in list(self.waiting.items()):
            seen = self.seen[key]
            if before in self.previous_dir:
                packed = self.previous_dir[before]
                self.cross_year(seen, packed.report, packed.file)
            elif self.facts is not None:
                row = next((r for r in self.facts.reports_of([before[0]]) if r.year == before[1]), None)
                if row is not None:
                    self.cross_year(seen, report_from_facts(self.facts, row), f"知识库：{row.source or row.agency}")
        for seen in self.seen.values():
            self._count(seen)

    def _count(self, seen: _Seen) -> None:
        self.result.errors += seen.errors
        self.result.warnings += seen.warnings
        if seen.errors:
            self.result.reports_with_errors += 1
        elif seen.warnings:
            self.result.reports_with_warnings += 1
        self.sheets.add("报告", [seen.file, seen.agency or "（未识别机关）", seen.year, seen.layout,  # type: ignore[attr-defined]
                                 seen.errors, seen.warnings, seen.previous])


def _read(path: Path, result: BatchResult) -> Report | None:
    try:
        return parse_file(path)
    except DisclosureError as error:
        result.unreadable.append((str(path), str(error)))
    except OSError as error:
        result.unreadable.append((str(path), f"无法读取 {path}：{error.strerror}。"))
    return None


def _display(path: Path, roots: list[Path]) -> str:
    """A file as the reviewer knows it: relative to the folder given, else as given."""
    for root in roots:
        for candidate in (path, path.absolute(), path.resolve()):
            try:
                return str(candidate.relative_to(root))
            except ValueError:
                continue
    return str(path)


def check_batch(paths: Iterable[str | Path], *, previous_dir: str | Path | None = None, facts: FactStore | None = None,
                xlsx: str | Path | None = None, csv: str | Path | None = None,
                progress: Callable[[Path], None] | None = None, display: Callable[[Path], str] | None = None) -> BatchResult:
    """Validate every report under ``paths`` and write the findings workbook (and CSV); ``display``
    names a file in the sheets (default: relative to the folder given, else as given)."""
    from .sheets import Sheets  # openpyxl loads only for a batch

    paths = [Path(p) for p in paths]
    files = expand(paths)
    roots = [p for p in paths if p.is_dir()]
    loose = [p.resolve().parent for p in paths if not p.is_dir()]
    if loose:  # files named one by one: shown relative to the folder they share
        roots.append(Path(os.path.commonpath(loose)))
    result = BatchResult()
    display = display or (lambda path: _display(path, roots))
    previous: dict[Key, _Seen] = {}
    if previous_dir is not None:
        for path in expand([previous_dir]):
            report = _read(path, result)
            if report is not None and report.agency and report.year:
                previous.setdefault((agency_key(report.agency), report.year), _Seen.of(display(path), report))
    with Sheets(xlsx, csv, csv_sheet="发现的问题") as sheets:
        sheets.sheet("汇总", ["项目", "数量", "", ""], widths=[28, 10, 10, 10])
        if xlsx:
            sheets.sheet("风险清单", RISK_HEADERS, widths=RISK_WIDTHS, wrap=[10])
        sheets.sheet("发现的问题", FINDING_HEADERS, widths=FINDING_WIDTHS, wrap=[8])
        sheets.sheet("报告", REPORT_HEADERS, widths=[36, 24, 7, 9, 7, 7, 36])
        sheets.sheet("无法读取", UNREADABLE_HEADERS, widths=[40, 100], wrap=[1])
        batch = _Batch(sheets, facts, previous, result)
        scratch = ScratchStore() if xlsx else None  # the batch's own facts, for the risk list
        try:
            for path in files:
                report = _read(path, result)
                if report is not None:
                    findings = batch.add(display(path), report)
                    if scratch is not None:
                        scratch.add(path, report, findings)
                if progress is not None:
                    progress(path)
            batch.finish()
            if scratch is not None:
                for row in risk_rows(supervise(scratch.facts).risks):
                    sheets.add("风险清单", row)
        finally:
            if scratch is not None:
                scratch.close()
        result.unreadable = [(display(Path(file)), reason) for file, reason in result.unreadable]
        for file, reason in result.unreadable:
            sheets.add("无法读取", [file, reason])
            sheets.add("发现的问题", ["", None, file, UNREADABLE_RULE, "", None, None, "", reason, SEVERITY["error"]])
        for row in result.summary_rows():
            sheets.add("汇总", row)
    return result


def open_facts(database_url: str, sqlite_path: Path | None) -> FactStore | None:
    """The knowledge base's facts store when one exists (a batch check never creates one)."""
    if sqlite_path is not None and not sqlite_path.exists():
        return None
    facts = FactStore(database_url)
    try:
        facts.create_schema()
        return facts if facts.complete_reports() else None
    except Exception:  # noqa: BLE001 - an unreachable database only means no previous years from it
        return None
