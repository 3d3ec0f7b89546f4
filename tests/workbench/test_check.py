"""Batch check: the fifteen shared reports into a workbook a reviewer reads (Chinese, no ids)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.validation.labels import cell_label, rule_name
from assistant.workbench.check import FINDING_HEADERS, check_batch, reader_text
from tests.conftest import sample_path

RULE_CODES = re.compile(r"T3-ROW|T3-OUTCOMES|T3-BALANCE|T4-SUM|\bCELLS\b|\bSHAPE\b|\bLABELS\b|PLAUSIBILITY|NARRATIVE-vs-TABLE|\bFEES\b|YEAR-CARRY|YEAR-IN-FORCE")
CANONICAL = re.compile(r"table[234]|section\d|\b[a-z]+_[a-z_]+\b")  # table3.…, section6, natural_person


def shared_reports() -> Path | None:
    """<repo>/../shared/reports (a worktree sits deeper: the nearest ancestor that has it)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "reports" / "real").is_dir():
            return parent / "shared" / "reports"
    return None


def fifteen() -> list[Path]:
    root = shared_reports()
    if root is None:
        pytest.skip("../shared/reports is not here")
    files = sorted(root.glob("*.txt")) + sorted(root.glob("pdf/*.pdf")) + sorted((root / "real").iterdir())
    assert len(files) == 15
    return files


def sheet(path: Path, name: str) -> list[tuple]:
    return list(load_workbook(path, read_only=True)[name].values)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    out = tmp_path_factory.mktemp("batch")
    xlsx, csv = out / "findings.xlsx", out / "findings.csv"
    result = check_batch(fifteen(), xlsx=xlsx, csv=csv)
    return xlsx, csv, result


def test_the_fifteen_reports_give_the_known_findings(batch: tuple) -> None:
    xlsx, _, result = batch
    rows = sheet(xlsx, "发现的问题")
    assert list(rows[0]) == FINDING_HEADERS
    found = {(r[0], r[1], r[3], r[4], r[5], r[6], r[9]) for r in rows[1:]}
    known = {
        # 洪泽区 2023: table 4's totals are blank where the parts add up to 11 and 5
        ("洪泽区人民政府", 2023, rule_name("T4-SUM"), cell_label("table4.review.total"), 11, 0, "错误"),
        ("洪泽区人民政府", 2023, rule_name("T4-SUM"), cell_label("table4.litigation_after_review.total"), 5, 0, "错误"),
        # 平潭 2020: table 3's (七)总计 disagrees with its rows
        ("平潭综合实验区", 2020, rule_name("T3-OUTCOMES"), cell_label("table3.total.total"), 27, 21, "错误"),
        # cross-year within the batch: 现行有效 carried forward from 2022
        ("平潭综合实验区", 2023, rule_name("YEAR-IN-FORCE"), cell_label("table2.normative_documents.in_force"), 643, 470, "提示"),
        # the real mistakes shared/reports/README.md names: a narrative 现行有效 figure against table 2,
        # and narrative sums that do not add up
        ("平潭综合实验区", 2023, rule_name("NARRATIVE-vs-TABLE"), cell_label("table2.normative_documents.in_force"), 470, 393, "提示"),
        ("平潭综合实验区", 2020, rule_name("NARRATIVE-vs-TABLE"), None, 2602, 2603, "提示"),
        ("平潭综合实验区", 2019, rule_name("NARRATIVE-vs-TABLE"), None, 2599, 2533, "提示"),
    }
    assert known <= found, known - found
    files = {r[2] for r in rows[1:]}
    assert {"pdf/hongze-district-2023.pdf", "real/pingtan-2020.html"} <= files  # relative to the folder given
    assert all(r[7] is None or re.fullmatch(r"(第 \d+ 页)?(第 \d+ 行)?", r[7]) for r in rows[1:])


def test_no_canonical_ids_or_rule_codes_where_a_person_reads(batch: tuple) -> None:
    xlsx, csv, _ = batch
    for name in ("发现的问题", "汇总", "报告"):
        for row in sheet(xlsx, name)[1:]:
            for value in row:
                if isinstance(value, str) and not value.endswith((".txt", ".pdf", ".html")):
                    assert not RULE_CODES.search(value), value
                    assert not CANONICAL.search(value), value
    text = csv.read_text(encoding="utf-8-sig")
    assert not RULE_CODES.search(text) and "table3." not in text and "table4." not in text


def test_summary_and_report_sheets(batch: tuple) -> None:
    xlsx, _, result = batch
    summary = {r[0]: r[1] for r in sheet(xlsx, "汇总") if r and r[0]}
    assert summary["读取的报告"] == 15 and summary["无法读取的文件"] == 0
    assert summary["有错误的报告"] == result.reports_with_errors >= 2
    assert summary[rule_name("T4-SUM")] == 2 and summary[rule_name("T3-OUTCOMES")] == 2
    assert summary["错误"] + summary["提示"] == len(sheet(xlsx, "发现的问题")) - 1
    reports = {r[0]: r for r in sheet(xlsx, "报告")[1:]}
    assert reports["pdf/hongze-district-2024.pdf"][6] == "pdf/hongze-district-2023.pdf"  # 洪泽区 2024 checked against 2023
    assert reports["real/pingtan-2021.html"][6] == "real/pingtan-2020.html"
    assert result.cross_year == 7  # 洪泽区 2024, 平潭 2020–2025


def _previous_year(tmp_path: Path, carried_forward: int) -> Path:
    """利通区's report as its 2023 report, with requests carried forward into 2024."""
    text = sample_path("litong-district-2024").read_text(encoding="utf-8").replace("2024", "2023")
    row = "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t"
    assert row in text
    folder = tmp_path / "2023"
    folder.mkdir()
    path = folder / "litong-2023.txt"
    path.write_text(text.replace(row, f"四、结转下年度继续办理\t\t{carried_forward}\t0\t0\t0\t0\t0\t{carried_forward}\t"), encoding="utf-8")
    return path


def test_previous_year_from_a_folder_and_from_the_knowledge_base(tmp_path: Path) -> None:
    previous = _previous_year(tmp_path, 2)
    current = sample_path("litong-district-2024")
    result = check_batch([current], previous_dir=previous.parent, xlsx=tmp_path / "a.xlsx")
    carry = [r for r in sheet(tmp_path / "a.xlsx", "发现的问题")[1:] if r[3] == rule_name("YEAR-CARRY")]
    assert [(r[4], r[5], r[6], r[9]) for r in carry] == [
        (cell_label("table3.carried_over.natural_person"), 2, 0, "错误"), (cell_label("table3.carried_over.total"), 2, 0, "错误")]
    assert "自然人" in carry[0][8] and result.cross_year == 1
    out = CliRunner().invoke(main, ["check", str(current), "--previous-dir", str(previous.parent), "--csv", str(tmp_path / "a.csv"), "--json"])
    assert out.exit_code == 1 and '"YEAR-CARRY:error": 2' in out.stdout  # codes only in --json

    kb = KnowledgeBase.open(load_settings())
    kb.ingest([previous])
    result = check_batch([current], facts=kb.facts, xlsx=tmp_path / "b.xlsx")
    assert result.by_rule[("YEAR-CARRY", "error")] == 2
    assert sheet(tmp_path / "b.xlsx", "报告")[1][6].startswith("知识库")


def test_cli_check_exit_codes_progress_and_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "notes.txt"
    bad.parent.mkdir()
    bad.write_text("今天天气很好。", encoding="utf-8")
    good = tmp_path / "in" / "hongqi.txt"
    good.write_text(sample_path("hongqi-district-2024").read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["check", str(good), "--xlsx", str(tmp_path / "ok.xlsx")])
    assert out.exit_code == 0, out.output
    assert "读取 1 份报告，0 份有错误" in out.stdout and "校验" in out.stderr  # progress on stderr

    out = runner.invoke(main, ["check", str(tmp_path / "in"), str(sample_path("hongze-district-2023")), "--xlsx", str(tmp_path / "f.xlsx"),
                               "--csv", str(tmp_path / "f.csv")])
    assert out.exit_code == 1 and "无法读取：notes.txt" in out.stderr
    unreadable = sheet(tmp_path / "f.xlsx", "无法读取")
    assert unreadable[1][0] == "notes.txt" and "不是政府信息公开工作年度报告" in unreadable[1][1]
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").startswith(",".join(FINDING_HEADERS))

    out = runner.invoke(main, ["check", str(bad), "--xlsx", str(tmp_path / "g.xlsx")])
    assert out.exit_code == 2
    out = runner.invoke(main, ["check", str(good)])
    assert out.exit_code == 2 and "--xlsx" in out.output


def test_messages_lose_rule_codes_and_ids() -> None:
    message = "正文所述件数 6 与表二 table2.normative_documents.issued（7）不一致 (NARRATIVE-vs-TABLE)"
    assert reader_text(message, "NARRATIVE-vs-TABLE") == f"正文所述件数 6 与{cell_label('table2.normative_documents.issued')}（7）不一致"
    assert reader_text("上年结转（natural_person）应等于 0 (YEAR-CARRY)", "YEAR-CARRY") == "上年结转（自然人）应等于 0"
    assert reader_text("缺少table4 (SHAPE)", "SHAPE") == "缺少表四"


def test_the_benchmark_runs_small(tmp_path: Path) -> None:
    from bench.bench_check import run_one
    from bench.corpus import generate

    generate(tmp_path / "corpus", 4)
    measured = run_one(tmp_path / "corpus", 4, tmp_path)
    assert measured["reports"] == 4 and measured["unreadable"] == 0 and measured["reports_per_minute"] > 0


def test_report_text_never_becomes_a_formula(tmp_path: Path) -> None:
    from assistant.workbench.sheets import Sheets

    with Sheets(tmp_path / "t.xlsx", tmp_path / "t.csv", csv_sheet="s") as book:
        book.sheet("s", ["原文", "值"], wrap=[0])
        book.add("s", ['=HYPERLINK("http://x","点此")', -3])
        book.add("s", ["-", "@SUM(A1)"])
    cells = list(load_workbook(tmp_path / "t.xlsx")["s"].iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in cells[0]] == [('=HYPERLINK("http://x","点此")', "s"), (-3, "n")]
    assert [(c.value, c.data_type) for c in cells[1]] == [("-", "s"), ("@SUM(A1)", "s")]
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == ['"\'=HYPERLINK(""http://x"",""点此"")",-3', "-,'@SUM(A1)"]
