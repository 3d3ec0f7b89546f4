"""Validators over the samples and over single broken cells (first rules of issue 4)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.validate import validate
from index.model import Cell, Report, Table
from index.tables.table3 import COLUMNS
from tests.conftest import SAMPLE_NAMES, parsed, sample_path
from tests.index.test_properties import consistent_table3

CLEAN = [n for n in SAMPLE_NAMES if n != "hongze-district-2023"]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_samples_have_no_errors(name: str) -> None:
    assert [f for f in validate(parsed(name)) if f.severity == "error"] == []


def test_hongze_2023_prints_zero_totals_in_table_4() -> None:
    errors = [(f.rule, f.cell, f.expected, f.found, f.location) for f in validate(parsed("hongze-district-2023"))]
    assert errors == [
        ("T4-SUM", "table4.review.total", 11, 0, "page 4"),
        ("T4-SUM", "table4.litigation_after_review.total", 5, 0, "page 4"),
    ]


def test_cross_year_rules_across_the_hongze_pdfs() -> None:
    current, previous = parsed("hongze-district-2024"), parsed("hongze-district-2023")
    assert validate(current, previous) == []  # 0 carried over = 0 carried forward; 5 + 3 − 0 = 8 in force
    previous.table3.rows["carried_forward"]["natural_person"].value = 2
    previous.table2.rows["normative_documents"]["in_force"].value = 6
    found = {(f.rule, f.cell, f.expected, f.found) for f in validate(current, previous)}
    assert ("YEAR-CARRY", "table3.carried_over.natural_person", 2, 0) in found
    assert ("YEAR-IN-FORCE", "table2.normative_documents.in_force", 9, 8) in found


@pytest.mark.parametrize(
    ("cell", "rules"),
    [
        (("table3", "granted", "natural_person"), {"T3-ROW", "T3-OUTCOMES"}),
        (("table3", "new_requests", "total"), {"T3-ROW", "T3-BALANCE"}),
        (("table3", "carried_forward", "other_org"), {"T3-ROW", "T3-BALANCE"}),
        (("table4", "litigation_direct", "other"), {"T4-SUM"}),
    ],
)
def test_one_wrong_cell_breaks_its_rules(cell: tuple[str, str, str], rules: set[str]) -> None:
    report = parsed("litong-district-2024")
    table, row, column = cell
    getattr(report, table).rows[row][column].value += 1
    assert {f.rule for f in validate(report) if f.severity == "error"} == rules


def test_negative_count_is_a_cells_error() -> None:
    report = parsed("litong-district-2024")
    report.table4.rows["review"]["pending"].value = -1
    report.table4.rows["review"]["total"].value = 8
    assert [(f.rule, f.cell) for f in validate(report)] == [("CELLS", "table4.review.pending")]


def test_cli_validate_exit_codes_and_json() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(sample_path("litong-district-2024")), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["report"] == {"agency": "利通区", "year": 2024}
    bad = runner.invoke(main, ["validate", str(sample_path("hongze-district-2023")), "--json"])
    assert bad.exit_code == 1
    assert json.loads(bad.stdout)["findings"][0] == {
        "rule": "T4-SUM", "severity": "error", "cell": "table4.review.total", "expected": 11, "found": 0,
        "message": "表四“review”的总计应为维持、纠正、其他、尚未审结之和 11 (T4-SUM)", "location": "page 4",
    }


def test_cli_validates_a_pasted_table_from_stdin() -> None:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table3 = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    broken = table3.replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")
    result = CliRunner().invoke(main, ["validate", "-", "--json"], input=broken)
    assert result.exit_code == 1
    cells = [(f["rule"], f["cell"], f["expected"], f["found"]) for f in json.loads(result.stdout)["findings"]]
    assert cells == [("T3-ROW", "table3.granted.total", 13, 12), ("T3-OUTCOMES", "table3.total.natural_person", 39, 38)]


@settings(max_examples=100, deadline=None)
@given(consistent_table3(), st.data())
def test_consistent_table3_has_no_error_and_any_changed_cell_has_one(values: dict[str, list[int]], data: st.DataObject) -> None:
    report = Report(table3=Table(name="table3", rows={r: {c: Cell(value=v) for c, v in zip(COLUMNS, vs)} for r, vs in values.items()}))
    assert [f for f in validate(report) if f.severity == "error"] == []
    row = data.draw(st.sampled_from(sorted(values)))
    column = data.draw(st.sampled_from(COLUMNS))
    report.table3.rows[row][column].value += data.draw(st.integers(min_value=1, max_value=5))
    assert any(f.severity == "error" for f in validate(report))
