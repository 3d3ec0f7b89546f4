"""Every report in ../shared/reports (the seven samples and the eight published reports in real/)
validated as a careful reader would: each finding it must produce, nothing else (so no false
error and no misreading), the cross-year rules over consecutive years of one body, and no
canonical id or rule code in what a person reads.

The expectations were written by reading each report, not by running the validator:
- 平潭 2020: table 3's printed 总计 (20 / 21) disagrees with its outcome rows (26 / 27) — while
  本年新收 + 上年结转 = 总计 + 结转 holds, so the rows are the likelier culprit;
- 平潭 2019 and 2020: "共公布政府信息2599条(其中…)" and "2602条(其中…)" whose parts add up to
  2533 and 2603;
- 平潭 2023: "现行有效行政规范性文件393件" while table 2 says 470 in force (77 issued is right);
- 平潭 2022: "四、…行政法复议…" is section 四 (its table 4 was found) and "现行有效…698件" is
  the in-force figure, which table 2 agrees with;
- 淮安 2024: "均在法定期限内予以答复" is a claim of answering in time, and the sentence states
  its own 103 requests carried forward;
- FEES applies from the 2020 reports on (平潭 2019 is not asked about 信息处理费).

The folder is found next to the repository (CI clones the repo beside a copy of shared/) or next
to the worktree folder that holds it; the tests skip, saying so, only when it is absent.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.formatting import format_findings
from assistant.presenting import findings_rows
from assistant.validation import Finding, previous_year_problem, validate
from assistant.validation.labels import _rules
from index.model import Report
from index.parser import parse_file

REPO = Path(__file__).resolve().parents[2]
_CANDIDATES = [REPO / ".." / "shared" / "reports", REPO / ".." / ".." / "shared" / "reports"]
REPORTS = next((p.resolve() for p in _CANDIDATES if (p / "real").is_dir()), None)
needs_reports = pytest.mark.skipif(REPORTS is None, reason="../shared/reports (the real reports) is not next to the repository")

# (rule, severity, cell, expected, found) of every finding each report must give — and nothing else.
EXPECTED: dict[str, set[tuple]] = {
    "hongqi-district-2024.txt": set(),
    "hongsibu-approval-bureau-2024.txt": {
        ("LABELS", "warning", "table2.repealed", "本年废止件数", "本年度止件数"),
    },
    "hongsibu-science-bureau-2024.txt": set(),
    "litong-district-2024.txt": {
        ("LABELS", "warning", "table2.repealed", "本年废止件数", "本年度止件数"),
        ("PLAUSIBILITY", "warning", "table2.regulations.in_force", 0, 1),  # a district reporting a 规章
        ("NARRATIVE-vs-TABLE", "warning", "table4.litigation_direct.total", 0, 6),  # "未发生…行政诉讼" vs 3 + 3
        ("NARRATIVE-vs-TABLE", "warning", "table2.normative_documents.issued", 7, 6),  # "公开行政规范性文件 6 件" vs 7 issued
    },
    "wuzhong-approval-bureau-2023.txt": {
        ("NARRATIVE-vs-TABLE", "warning", None, None, None),  # "均已依法按期办结" vs section 5's "延期答复"
    },
    "pdf/hongze-district-2023.pdf": {
        ("T4-SUM", "error", "table4.review.total", 11, 0),  # 10 upheld + 1 corrected printed as total 0
        ("T4-SUM", "error", "table4.litigation_after_review.total", 5, 0),
        ("LABELS", "warning", "table3.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        ("LABELS", "warning", "table3.other", "（六）其他处理 1–3 项", "（六）其他处理"),
    },
    "pdf/hongze-district-2024.pdf": {
        ("LABELS", "warning", "table3.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        ("LABELS", "warning", "table3.other", "（六）其他处理 1–3 项", "（六）其他处理"),
        ("T4-AFTER-REVIEW", "warning", "table4.litigation_after_review.total", "≤2", 3),  # 3 sued after review, 2 reviews
        ("NARRATIVE-vs-TABLE", "warning", "table3.new_requests.total", 95, 17),  # "区政府办…受理…申请 17 件" vs 95
    },
    "real/huaian-city-2024.pdf": set(),
    "real/pingtan-2019.html": {
        ("NARRATIVE-vs-TABLE", "warning", None, 2599, 2533),  # 2599 条 "其中" eleven parts adding up to 2533
    },
    "real/pingtan-2020.html": {
        ("T3-OUTCOMES", "error", "table3.total.natural_person", 26, 20),  # printed total 20, outcome rows 26
        ("T3-OUTCOMES", "error", "table3.total.total", 27, 21),
        ("PLAUSIBILITY", "warning", "table2.regulations.total_published", 0, 7),  # 7 规章 from a body that makes none
        ("NARRATIVE-vs-TABLE", "warning", None, 2602, 2603),  # 2602 条 whose parts add up to 2603
        ("FEES", "warning", "section6", None, None),  # "无其他需要报告的事项": nothing on 信息处理费
    },
    "real/pingtan-2021.html": set(),
    "real/pingtan-2022.html": set(),
    "real/pingtan-2023.html": {
        ("NARRATIVE-vs-TABLE", "warning", "table2.normative_documents.in_force", 470, 393),  # 现行有效 393 vs 470
    },
    "real/pingtan-2024.html": {
        ("T4-AFTER-REVIEW", "warning", "table4.litigation_after_review.total", "≤7", 19),  # 19 sued after review, 7 reviews
    },
    "real/pingtan-2025.html": {
        ("FEES", "warning", "table3.other.unpaid_fee.total", 0, 2),  # "无收取信息处理费" yet 2 fee notices went unpaid
    },
}
ERROR_REPORTS = {"pdf/hongze-district-2023.pdf", "real/pingtan-2020.html"}


@cache
def _parsed(name: str) -> Report:
    assert REPORTS is not None
    return parse_file(REPORTS / name)


def report(name: str) -> Report:
    return _parsed(name).model_copy(deep=True)


def summary(findings: list[Finding]) -> set[tuple]:
    return {(f.rule, f.severity, f.cell, f.expected, f.found) for f in findings}


@needs_reports
def test_every_report_is_listed() -> None:
    on_disk = {str(p.relative_to(REPORTS)) for p in REPORTS.rglob("*") if p.suffix in (".txt", ".pdf", ".html")}
    assert on_disk == set(EXPECTED) and len(on_disk) == 15


@needs_reports
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_findings_a_careful_reader_agrees_with(name: str) -> None:
    findings = validate(report(name))
    assert summary(findings) == EXPECTED[name]
    assert len(findings) == len(EXPECTED[name])  # no finding twice
    assert bool([f for f in findings if f.severity == "error"]) == (name in ERROR_REPORTS)


@needs_reports
def test_pingtan_2020_total_disagrees_with_its_rows() -> None:
    findings = [f for f in validate(report("real/pingtan-2020.html")) if f.severity == "error"]
    assert [f.explained_by for f in findings] == [None, None]  # no single cell explains both: the equations are named
    first = findings[0]
    assert first.message.startswith("表三“自然人”列：办理结果总计 20，各项办理结果之和 26，二者不符（办理结果合计）")
    assert "勾稽关系成立" in first.message and first.location == "line 30"


@needs_reports
@pytest.mark.parametrize(("name", "total", "parts"), [("real/pingtan-2019.html", 2599, 2533), ("real/pingtan-2020.html", 2602, 2603)])
def test_narrative_sums_that_do_not_add_up(name: str, total: int, parts: int) -> None:
    (finding,) = [f for f in validate(report(name)) if f.rule == "NARRATIVE-vs-TABLE" and f.expected == total]
    assert f"总数 {total} 与其中各项之和 {parts}" in finding.message and f"共公布政府信息{total}条" in finding.message


@needs_reports
def test_in_force_393_against_470_and_not_against_issued() -> None:
    findings = validate(report("real/pingtan-2023.html"))
    (finding,) = findings
    assert (finding.cell, finding.expected, finding.found, finding.location) == ("table2.normative_documents.in_force", 470, 393, "line 16")
    assert "现行有效行政规范性文件393件" in finding.message and "现行有效件数（470 件）" in finding.message
    assert not [f for f in findings if f.cell == "table2.normative_documents.issued"]  # "制发的规范性文件77件" = 77 issued


@needs_reports
def test_pingtan_2022_heading_with_a_stray_character_and_its_698() -> None:
    parsed = report("real/pingtan-2022.html")
    assert parsed.section(4).heading == "四、政府信息公开行政法复议、行政诉讼情况"
    assert not any("未找到" in note for note in parsed.notes)
    parsed.sections = [s for s in parsed.sections if s.id != 4]  # even unheaded: its table was found, so it is there
    assert not [f for f in validate(parsed) if f.rule == "SHAPE"]


@needs_reports
def test_huaian_answers_in_time_and_states_its_carry_forward() -> None:
    parsed = report("real/huaian-city-2024.pdf")
    assert parsed.table3.value("carried_forward", "total") == 103 and validate(parsed) == []
    # the same sentence with a different carry-forward is caught
    for paragraph in parsed.section(1).paragraphs:
        paragraph.text = paragraph.text.replace("另有 103 件顺延", "另有 13 件顺延")
    assert summary(validate(parsed)) == {("NARRATIVE-vs-TABLE", "warning", "table3.carried_forward.total", 103, 13)}


@needs_reports
def test_fees_rule_knows_its_years() -> None:
    silent = report("real/pingtan-2020.html")
    assert ("FEES", "warning", "section6", None, None) in summary(validate(silent))
    silent.year = 2019  # the same report a year earlier: 国办函〔2020〕109号 does not apply
    assert not [f for f in validate(silent) if f.rule == "FEES"]
    assert not [f for f in validate(report("real/pingtan-2019.html")) if f.rule == "FEES"]


# ------------------------------------------------------------------ cross-year

CROSS_YEAR = {
    # current: (previous, the cross-year findings (rule, severity, cell, expected, found))
    "pdf/hongze-district-2024.pdf": ("pdf/hongze-district-2023.pdf", set()),  # 0 → 0 carried; 5 + 3 − 0 = 8 in force
    "real/pingtan-2020.html": ("real/pingtan-2019.html", {  # 2019 layout: 对外公开总数量 89 + 77 = 166 holds; 规章 0 + 0 ≠ 7
        ("YEAR-IN-FORCE", "warning", "table2.regulations.total_published", 0, 7),
    }),
    "real/pingtan-2021.html": ("real/pingtan-2020.html", set()),  # layouts differ (2019 → 2021): only the carry is compared
    "real/pingtan-2022.html": ("real/pingtan-2021.html", set()),  # 1 carried forward → 1 carried over; 665 + 88 − 55 = 698
    "real/pingtan-2023.html": ("real/pingtan-2022.html", {
        ("YEAR-IN-FORCE", "warning", "table2.normative_documents.in_force", 643, 470),  # 698 + 77 − 132
    }),
    "real/pingtan-2024.html": ("real/pingtan-2023.html", {
        ("YEAR-IN-FORCE", "warning", "table2.normative_documents.in_force", 499, 440),  # 470 + 62 − 33
    }),
    "real/pingtan-2025.html": ("real/pingtan-2024.html", {
        ("YEAR-IN-FORCE", "warning", "table2.normative_documents.in_force", 453, 546),  # 440 + 58 − 45
    }),
}


@needs_reports
@pytest.mark.parametrize("name", sorted(CROSS_YEAR))
def test_cross_year_rules_on_consecutive_years(name: str) -> None:
    previous_name, expected = CROSS_YEAR[name]
    current, previous = report(name), report(previous_name)
    assert previous_year_problem(current, previous) is None
    assert summary(validate(current, previous)) - summary(validate(current)) == expected
    assert not [f for f in validate(current, previous) if f.rule == "YEAR-CARRY"]  # every carry matches the year before


@needs_reports
def test_year_carry_breaks_when_last_years_carry_forward_differs() -> None:
    current, previous = report("real/pingtan-2022.html"), report("real/pingtan-2021.html")
    previous.table3.rows["carried_forward"]["natural_person"].value = 2
    (carry,) = [f for f in validate(current, previous) if f.rule == "YEAR-CARRY"]
    assert (carry.cell, carry.expected, carry.found) == ("table3.carried_over.natural_person", 2, 1)
    assert carry.message == "表三 · 上年结转政府信息公开申请数量 · 自然人为 1，应等于 2021 年度报告的结转下年度继续办理 2"


@needs_reports
@pytest.mark.parametrize(
    ("name", "previous", "sentence"),
    [
        ("real/pingtan-2023.html", "real/pingtan-2024.html", "所给的是 2024 年度报告，本报告的上一年度应为 2022 年度，未做跨年校验。"),
        ("real/pingtan-2023.html", "real/pingtan-2021.html", "所给的是 2021 年度报告，本报告的上一年度应为 2022 年度，未做跨年校验。"),
        ("pdf/hongze-district-2024.pdf", "real/pingtan-2023.html",
         "所给的上一年度报告是平潭综合实验区的，本报告是淮安市洪泽区人民政府的，不是同一机关，未做跨年校验。"),
    ],
)
def test_only_the_same_bodys_previous_year_is_compared(name: str, previous: str, sentence: str) -> None:
    current, other = report(name), report(previous)
    assert previous_year_problem(current, other) == sentence
    assert summary(validate(current, other)) == summary(validate(current))  # no cross-year hints at all
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", str(REPORTS / name), "--previous", str(REPORTS / previous)])
    assert plain.stdout.splitlines()[1] == sentence and plain.stdout.count("未做跨年校验") == 1
    payload = json.loads(runner.invoke(main, ["validate", str(REPORTS / name), "--previous", str(REPORTS / previous), "--json"]).stdout)
    assert payload["previous"] == {"agency": other.agency, "year": other.year, "used": False, "reason": sentence}
    assert not [f for f in payload["findings"] if f["rule"].startswith("YEAR-")]


# ------------------------------------------------------------------ what a person reads

_CODES = sorted(_rules(), key=len, reverse=True)
_IDS = re.compile(r"\b(?:table[234]\.[a-z_.]+|section\d)\b|" + "|".join(re.escape(code) for code in _CODES))


def ids_and_codes(text: str) -> list[str]:
    """Canonical cell ids and rule codes in a text a person reads (there should be none)."""
    return _IDS.findall(text)


@needs_reports
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_plain_output_is_chinese_without_ids_or_rule_codes(name: str) -> None:
    parsed = report(name)
    findings = validate(parsed)
    result = CliRunner().invoke(main, ["validate", str(REPORTS / name)])
    assert result.exit_code == (1 if name in ERROR_REPORTS else 0)
    assert result.stdout.strip() == format_findings(parsed, findings)
    assert ids_and_codes(result.stdout) == []
    assert ids_and_codes(json.dumps(findings_rows(findings), ensure_ascii=False)) == []
    assert "line " not in result.stdout and "page " not in result.stdout  # places in Chinese too
    if findings:
        assert "〔第 " in result.stdout or all(f.location is None for f in findings)
