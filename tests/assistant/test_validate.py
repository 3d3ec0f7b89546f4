"""Validators: the samples as a careful reviewer reads them, every rule, pasted tables in every
format, bad input, and properties over generated reports."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.validation import Finding, validate
from assistant.validation.labels import cell_label
from index.model import Cell, Paragraph, Report, Section, Table
from index.parser import parse_document
from index.readers import read_pasted
from index.render import table_layout, to_html, to_markdown, to_tsv
from index.tables.table3 import COLUMNS
from index.vocabulary import is_number, vocabulary
from tests.conftest import SAMPLE_NAMES, parsed, sample_path
from tests.index.test_properties import _variant, consistent_table3

T4_GROUPS, T4_COLUMNS = vocabulary().table4_ids()


def summary(findings: list[Finding]) -> set[tuple[str, str, str | None]]:
    return {(f.rule, f.severity, f.cell) for f in findings}


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


# ------------------------------------------------------------------ the samples, as they are

@pytest.mark.parametrize("name", [n for n in SAMPLE_NAMES if n != "hongze-district-2023"])
def test_samples_have_no_errors(name: str) -> None:
    assert errors(validate(parsed(name))) == []


def test_litong_warnings() -> None:
    findings = validate(parsed("litong-district-2024"))
    assert summary(findings) == {
        ("NARRATIVE-vs-TABLE", "warning", "table4.litigation_direct.total"),  # "未发生…行政诉讼" vs 3 + 3
        ("NARRATIVE-vs-TABLE", "warning", "table2.normative_documents.issued"),  # "公开行政规范性文件 6 件" vs 7 issued
        ("LABELS", "warning", "table2.repealed"),  # 本年度止件数
        ("PLAUSIBILITY", "warning", "table2.regulations.in_force"),  # a district reporting a 规章
    }
    lawsuit = next(f for f in findings if f.cell == "table4.litigation_direct.total")
    assert (lawsuit.expected, lawsuit.found, lawsuit.location) == (0, 6, "line 15")
    assert "全年未发生涉及政府信息公开的行政诉讼案件" in lawsuit.message


def test_wuzhong_on_time_claim_against_admitted_delays() -> None:
    (finding,) = validate(parsed("wuzhong-approval-bureau-2023"))
    assert finding.rule == "NARRATIVE-vs-TABLE" and finding.location == "line 13"
    assert "均已依法按期办结" in finding.message and "延期答复" in finding.message


def test_hongsibu_approval_label() -> None:
    assert summary(validate(parsed("hongsibu-approval-bureau-2024"))) == {("LABELS", "warning", "table2.repealed")}


def test_hongze_2023_as_it_really_is() -> None:
    findings = validate(parsed("hongze-district-2023"))
    assert [(f.rule, f.cell, f.expected, f.found, f.location) for f in errors(findings)] == [
        ("T4-SUM", "table4.review.total", 11, 0, "page 4"),  # 10 upheld + 1 corrected printed as total 0
        ("T4-SUM", "table4.litigation_after_review.total", 5, 0, "page 4"),  # 5 upheld printed as total 0
    ]
    assert summary(findings) - summary(errors(findings)) == {
        ("LABELS", "warning", "table3.withheld.prohibited_by_law"),  # printed "其他法律行政止公开"
        ("LABELS", "warning", "table3.other"),  # （六）其他处理 without its three sub-items
    }


def test_hongze_2024_as_it_really_is() -> None:
    findings = validate(parsed("hongze-district-2024"))
    assert errors(findings) == []
    assert summary(findings) == {
        ("NARRATIVE-vs-TABLE", "warning", "table3.new_requests.total"),  # "受理…申请 17 件" vs 95 new requests
        ("LABELS", "warning", "table3.withheld.prohibited_by_law"),
        ("LABELS", "warning", "table3.other"),
        ("T4-AFTER-REVIEW", "warning", "table4.litigation_after_review.total"),  # 3 sued after review, 2 reviews
    }
    (stated,) = [f for f in findings if f.rule == "NARRATIVE-vs-TABLE"]
    assert (stated.expected, stated.found, stated.location) == (95, 17, "page 1, line 20")


def test_cross_year_rules_across_the_hongze_pdfs() -> None:
    current, previous = parsed("hongze-district-2024"), parsed("hongze-district-2023")
    assert summary(validate(current, previous)) == summary(validate(current))  # 0 = 0 carried; 5 + 3 − 0 = 8 in force
    previous.table3.rows["carried_forward"]["natural_person"].value = 2
    previous.table2.rows["normative_documents"]["in_force"].value = 6
    found = {(f.rule, f.severity, f.cell, f.expected, f.found) for f in validate(current, previous)}
    assert ("YEAR-CARRY", "error", "table3.carried_over.natural_person", 2, 0) in found
    assert ("YEAR-IN-FORCE", "warning", "table2.normative_documents.in_force", 9, 8) in found


# ------------------------------------------------------------------ each rule

@pytest.mark.parametrize(
    ("cell", "rules"),
    [
        (("table3", "granted", "natural_person"), {"T3-ROW", "T3-OUTCOMES"}),
        (("table3", "new_requests", "total"), {"T3-ROW", "T3-BALANCE"}),
        (("table3", "carried_forward", "other_org"), {"T3-ROW", "T3-BALANCE"}),
        (("table3", "total", "legal_service_org"), {"T3-ROW", "T3-OUTCOMES", "T3-BALANCE"}),
        (("table4", "litigation_direct", "other"), {"T4-SUM"}),
    ],
)
def test_one_wrong_cell_breaks_its_rules_and_is_named(cell: tuple[str, str, str], rules: set[str]) -> None:
    report = parsed("litong-district-2024")
    table, row, column = cell
    was = getattr(report, table).rows[row][column].value
    getattr(report, table).rows[row][column].value += 1
    found = errors(validate(report))
    cell_id = f"{table}.{row}.{column}"
    if table == "table3":  # two or more broken sums meet in one cell: that cell is the finding, the sums its consequences
        (culprit,) = found
        assert (culprit.rule, culprit.cell, culprit.expected, culprit.found, culprit.explained_by) == ("CULPRIT", cell_id, was, was + 1, cell_id)
        assert {c.rule for c in culprit.consequences} == rules
        assert culprit.message.startswith(f"{cell_label(cell_id)} 应为 {was}，实为 {was + 1}：这一格使")
    else:  # one broken sum: any of its cells could be wrong, so the sum is named
        assert {f.rule for f in found} == rules and all(f.explained_by is None for f in found)
    assert all(cell_id in f.cells for f in found)


def test_culprit_lists_the_totals_it_breaks() -> None:
    report = parsed("litong-district-2024")
    report.table3.rows["withheld.third_party_rights"]["total"].value = 7  # printed 6 = 6 natural persons
    (culprit,) = validate(report)[:1]
    assert (culprit.rule, culprit.cell, culprit.expected, culprit.found) == ("CULPRIT", "table3.withheld.third_party_rights.total", 6, 7)
    assert [(c.rule, c.cell, c.expected, c.found) for c in culprit.consequences] == [
        ("T3-ROW", "table3.withheld.third_party_rights.total", 6, 7),
        ("T3-OUTCOMES", "table3.total.total", 39, 38),
    ]
    assert culprit.message == (
        "表三 · 不予公开 · 保护第三方合法权益 · 总计 应为 6，实为 7：这一格使行合计、办理结果合计不成立"
        "（表三“不予公开 · 保护第三方合法权益”行：总计 7，六类申请人之和 6；表三“总计”列：办理结果总计 38，各项办理结果之和 39），"
        "改为 6 后都成立"
    )


def test_t3_error_message_and_location() -> None:
    report = parsed("litong-district-2024")
    report.table3.rows["granted"]["natural_person"].value = 13
    report.table3.rows["total"]["natural_person"].value = 39  # the column holds: only the row breaks
    row = next(f for f in validate(report) if f.rule == "T3-ROW")
    assert (row.cell, row.expected, row.found, row.location) == ("table3.granted.total", 13, 12, "line 49")
    assert row.message == "表三“予以公开”行：总计 12，六类申请人之和 13，二者不符（行合计）"


def test_misread_rows_are_not_blamed_on_the_report() -> None:
    report = parsed("wuzhong-approval-bureau-2023")
    rows = report.table3.rows  # a wrapped label gave 上年结转's numbers to 予以公开 and back
    rows["carried_over"], rows["granted"] = rows["granted"], rows["carried_over"]
    found = [f for f in validate(report) if f.rule.startswith("T3")]
    assert found and all(f.severity == "warning" for f in found)
    assert all("可能是文件读取问题" in f.message and "两行的数字互换" in f.message for f in found)


def test_cells_rule() -> None:
    report = parsed("litong-district-2024")
    report.table4.rows["review"]["pending"].value = -1
    report.table4.rows["review"]["total"].value = 8
    report.table3.rows["granted"]["natural_person"].value = 12.5
    report.table3.rows["granted"]["total"].value = 12.5
    report.table3.rows["total"]["natural_person"].value = 38.5
    report.table3.rows["total"]["total"].value = 38.5
    report.table3.rows["new_requests"]["natural_person"].value = 38.5
    report.table3.rows["new_requests"]["total"].value = 38.5
    cells = {f.cell for f in errors(validate(report)) if f.rule == "CELLS"}
    assert cells == {"table4.review.pending", "table3.granted.natural_person", "table3.granted.total",
                     "table3.total.natural_person", "table3.total.total", "table3.new_requests.natural_person",
                     "table3.new_requests.total"}


def test_shape_rule() -> None:
    report = parsed("hongqi-district-2024")
    report.sections = [s for s in report.sections if s.id != 5]
    del report.table3.rows["withheld.state_secret"]
    report.table4 = None
    found = summary(errors(validate(report)))
    assert ("SHAPE", "error", "section5") in found and ("SHAPE", "error", "table4") in found
    assert {c for _, _, c in found if c and c.startswith("table3.withheld.state_secret")} == {
        f"table3.withheld.state_secret.{c}" for c in COLUMNS
    }


def test_placeholder_cells_and_2019_layout_in_a_recent_report() -> None:
    report = parsed("hongqi-district-2024")
    report.table3.rows["unable.needs_creation"]["commercial_enterprise"] = Cell(value=0, raw="/", placeholder=True)
    report.layout = "2019"
    found = summary(validate(report))
    assert ("PLAUSIBILITY", "warning", "table3.unable.needs_creation.commercial_enterprise") in found
    assert ("LAYOUT", "warning", None) in found
    report.year = 2020  # the 2019 trial layout was still the format for 2020 reports
    assert ("LAYOUT", "warning", None) not in summary(validate(report))


def _with_section(report: Report, section_id: int, text: str) -> Report:
    sections = [s for s in report.sections if s.id != section_id]
    sections.append(Section(id=section_id, heading="", paragraphs=[Paragraph(text=text)]))
    report.sections = sorted(sections, key=lambda s: s.id)
    return report


@pytest.mark.parametrize(
    ("section", "text", "cell"),
    [
        (1, "2024年共收到政府信息公开申请21件。", "table3.new_requests.total"),
        (1, "全年未发生政府信息公开行政复议案件。", "table4.review.total"),
        (1, "因政府信息公开申请引发行政复议 3 件。", "table4.review.total"),
        (1, "行政复议案件均维持原答复。", "table4.review.corrected"),
        (1, "现行有效行政规范性文件 40 件。", "table2.normative_documents.in_force"),
        (1, "主动公开信息 100 条，其中：网站 60 条、新媒体 30 条。", None),
    ],
)
def test_narrative_claims_against_tables(section: int, text: str, cell: str | None) -> None:
    report = parsed("hongqi-district-2024")
    report.table4.rows["review"]["corrected"].value = 7  # as printed: 4 upheld, 7 corrected
    found = [f for f in validate(_with_section(report, section, text)) if f.rule == "NARRATIVE-vs-TABLE"]
    assert [(f.cell, text.rstrip("。") in f.message) for f in found] == [(cell, True)]


def test_request_count_matching_new_plus_carried_is_accepted() -> None:
    report = _with_section(parsed("wuzhong-approval-bureau-2023"), 1, "共受理政府信息公开申请 3 件。")
    assert not [f for f in validate(report) if f.rule == "NARRATIVE-vs-TABLE"]


def test_all_answered_while_carried_forward() -> None:
    report = _with_section(parsed("hongqi-district-2024"), 1, "共收到申请21件，均已办结。")
    for row in ("carried_forward", "new_requests"):  # one more request, still open: the sums hold
        report.table3.rows[row]["natural_person"].value += 1
        report.table3.rows[row]["total"].value += 1
    assert ("NARRATIVE-vs-TABLE", "warning", "table3.carried_forward.total") in summary(validate(report))


def test_fees_rule() -> None:
    silent = _with_section(parsed("hongqi-district-2024"), 6, "本年度无其他需要报告的事项。")
    assert ("FEES", "warning", "section6") in summary(validate(silent))
    billed = parsed("hongqi-district-2024")
    for row in ("other.unpaid_fee", "total", "new_requests"):  # one fee notice left unpaid: the sums hold
        billed.table3.rows[row]["natural_person"].value += 1
        billed.table3.rows[row]["total"].value += 1
    assert ("FEES", "warning", "table3.other.unpaid_fee.total") in summary(validate(billed))


# ------------------------------------------------------------------ pasted tables

def _litong_table(name: str) -> Table:
    return getattr(parsed("litong-district-2024"), name)


def _label_variant(grid_text: str, how: int) -> str:
    """Spell every label cell of a tab-separated grid another way real files do."""
    return "\n".join(
        "\t".join(cell if is_number(cell) or not cell else _variant(cell, how) for cell in line.split("\t"))
        for line in grid_text.splitlines()
    )


def _space_aligned(grid_text: str) -> str:
    return "\n".join(" ".join(cell for cell in line.split("\t") if cell) for line in grid_text.splitlines())


FORMATS = {
    "tab": lambda rows: to_tsv(rows),
    "space": lambda rows: _space_aligned(to_tsv(rows)),
    "markdown": lambda rows: to_markdown(rows),
    "html": lambda rows: to_html(rows),
    "no-ordinals": lambda rows: _label_variant(to_tsv(rows), 1),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", ["table2", "table3", "table4"])
def test_pasted_table_alone_in_every_format(name: str, fmt: str) -> None:
    table = _litong_table(name)
    report = parse_document(read_pasted(FORMATS[fmt](table_layout(table))))
    assert getattr(report, name).values() == table.values()
    assert errors(validate(report)) == []
    broken = table.model_copy(deep=True)
    first_row = next(iter(broken.rows))
    last_column = list(broken.rows[first_row])[-1]
    broken.rows[first_row][last_column].value += 1
    report = parse_document(read_pasted(FORMATS[fmt](table_layout(broken))))
    if name == "table2":  # table 2 has no sums: the change is read, nothing is broken
        assert getattr(report, name).value(first_row, last_column) == broken.value(first_row, last_column)
    else:
        assert f"{name}.{first_row}.{last_column}" in {c for f in errors(validate(report)) for c in f.cells}


def test_pasted_2019_table2() -> None:
    rows = {"regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
            "normative_documents": {"new_made": 2, "new_published": 2, "total_published": 9},
            "licensing": {"previous_items": 80, "change": -2, "decisions": 700},
            "other_services": {"previous_items": 3, "change": 0, "decisions": 4},
            "penalty": {"previous_items": 30, "change": 1, "decisions": 55},
            "enforcement": {"previous_items": 2, "change": 0, "decisions": 1},
            "fees": {"previous_items": 4, "change": 0},
            "procurement": {"items": 6, "amount": 120.5}}
    table = Table(name="table2", rows={r: {c: Cell(value=v) for c, v in cols.items()} for r, cols in rows.items()})
    report = parse_document(read_pasted(to_tsv(table_layout(table, "2019"))))
    assert report.layout == "2019" and report.table2.values() == rows
    assert errors(validate(report)) == []


# ------------------------------------------------------------------ the command line

def test_cli_validate_exit_codes_and_json() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(sample_path("litong-district-2024")), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["report"] == {"agency": "利通区", "year": 2024}
    bad = runner.invoke(main, ["validate", str(sample_path("hongze-district-2023")), "--json"])
    assert bad.exit_code == 1
    first = json.loads(bad.stdout)["findings"][0]
    assert {k: first[k] for k in ("rule", "severity", "cell", "expected", "found", "location")} == {
        "rule": "T4-SUM", "severity": "error", "cell": "table4.review.total", "expected": 11, "found": 0, "location": "page 4",
    }
    assert first["message"] == "表四“行政复议”：总计 0，结果维持、结果纠正、其他结果、尚未审结之和 11，二者不符（表四合计）"
    plain = runner.invoke(main, ["validate", str(sample_path("hongze-district-2023"))])
    assert plain.stdout.splitlines()[:4] == [
        "洪泽区人民政府 2023 年报告：2 个错误，2 条提示", "", "错误：", "  1. 表四合计：表四 · 行政复议 · 总计 为 0，按其余各格应为 11  〔第 4 页〕",
    ]


def test_cli_previous_year() -> None:
    result = CliRunner().invoke(main, ["validate", str(sample_path("hongze-district-2024")),
                                       "--previous", str(sample_path("hongze-district-2023"))])
    assert result.exit_code == 0 and "正文与表格一致：正文称 17，表三 · 本年新收政府信息公开申请数量 · 总计 为 95" in result.stdout
    assert "未做跨年校验" not in result.stdout


def test_cli_validates_a_pasted_table_from_stdin() -> None:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table3 = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    broken = table3.replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")
    result = CliRunner().invoke(main, ["validate", "-", "--json"], input=broken)
    assert result.exit_code == 1
    finding, *absent = json.loads(result.stdout)["findings"]
    # a fragment says which tables it did not check (issue 25)
    assert [(f["rule"], f["severity"], f["cell"]) for f in absent] == [("SHAPE", "warning", "table2"), ("SHAPE", "warning", "table4")]
    assert (finding["rule"], finding["cell"], finding["expected"], finding["found"], finding["explained_by"]) == (
        "CULPRIT", "table3.granted.natural_person", 12, 13, "table3.granted.natural_person")
    assert finding["consequences"] == [
        {"rule": "T3-ROW", "cell": "table3.granted.total", "expected": 13, "found": 12},
        {"rule": "T3-OUTCOMES", "cell": "table3.total.natural_person", "expected": 39, "found": 38},
    ]
    plain = CliRunner().invoke(main, ["validate", "-"], input=broken)
    assert plain.stdout.splitlines() == [
        "所校验的表格：1 个错误，2 条提示",
        "",
        "错误：",
        "  1. 出错单元格：表三 · 予以公开 · 自然人 应为 12，实为 13  〔第 8 行〕",
        "     这一格使行合计、办理结果合计不成立（表三“予以公开”行：总计 12，六类申请人之和 13；"
        "表三“自然人”列：办理结果总计 38，各项办理结果之和 39），改为 12 后都成立",
        "     → 因此不成立：行合计，表三 · 予以公开 · 总计 为 12，按其余各格应为 13",
        "     → 因此不成立：办理结果合计，表三 · 办理结果总计 · 自然人 为 38，按其余各格应为 39",
        "",
        "提示：",
        "  1. 结构完整：表二",
        "     所校验的内容中没有表二，该表未校验",
        "  2. 结构完整：表四",
        "     所校验的内容中没有表四，该表未校验",
    ]


@pytest.mark.parametrize(("stdin", "words"), [("", "空"), ("今天天气很好。\n", "不是政府信息公开工作年度报告")])
def test_cli_bad_input_is_exit_2(stdin: str, words: str) -> None:
    result = CliRunner().invoke(main, ["validate", "-"], input=stdin)
    assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [("x.pdf", b"%PDF-1.4 broken", "PDF"), ("x.txt", bytes(range(256)), "二进制"), ("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx")],
)
def test_cli_unreadable_file_is_exit_2(tmp_path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and words in result.stderr and result.stderr.count("\n") == 1


# ------------------------------------------------------------------ properties

def _report(values3: dict[str, list[int]], values4: list[int]) -> Report:
    table3 = Table(name="table3", rows={r: {c: Cell(value=v) for c, v in zip(COLUMNS, vs)} for r, vs in values3.items()})
    groups = [values4[i : i + 4] for i in range(0, 12, 4)]
    table4 = Table(name="table4", rows={g: {**{c: Cell(value=v) for c, v in zip(T4_COLUMNS, parts)}, "total": Cell(value=sum(parts))}
                                        for g, parts in zip(T4_GROUPS, groups)})
    return Report(table3=table3, table4=table4)


small_counts = st.lists(st.integers(min_value=0, max_value=30), min_size=12, max_size=12)


@settings(max_examples=80, deadline=None)
@given(consistent_table3(), small_counts, st.data())
def test_consistent_report_has_no_error_and_any_changed_cell_is_named(values3, values4, data) -> None:
    report = _report(values3, values4)
    assert errors(validate(report)) == []
    table = data.draw(st.sampled_from(["table3", "table4"]))
    rows = getattr(report, table).rows
    row = data.draw(st.sampled_from(sorted(rows)))
    column = data.draw(st.sampled_from(sorted(rows[row])))
    rows[row][column].value += data.draw(st.integers(min_value=1, max_value=5))
    cell_id = f"{table}.{row}.{column}"
    found = errors(validate(report))
    assert found and any(cell_id == f.cell or cell_id in f.cells or cell_id == f.explained_by for f in found)


@settings(max_examples=40, deadline=None)
@given(consistent_table3(), small_counts, st.integers(min_value=0, max_value=5), st.randoms(use_true_random=False))
def test_row_order_and_label_variants_change_nothing(values3, values4, how: int, rng: random.Random) -> None:
    report = _report(values3, values4)
    report.table3.rows["granted"]["total"].value += 1  # one finding to keep stable
    expected = [(f.rule, f.cell, f.expected, f.found) for f in validate(report)]
    shuffled = report.model_copy(deep=True)
    items = list(shuffled.table3.rows.items())
    rng.shuffle(items)
    shuffled.table3.rows = dict(items)
    assert sorted((f.rule, f.cell, f.expected, f.found) for f in validate(shuffled)) == sorted(expected)
    text = _label_variant(to_tsv(table_layout(report.table3)), how)
    reparsed = parse_document(read_pasted(text))
    assert sorted((f.rule, f.cell, f.expected, f.found) for f in validate(reparsed) if f.rule.startswith("T3")) == sorted(
        e for e in expected if e[0].startswith("T3")
    )
