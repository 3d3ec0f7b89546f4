"""Every cell of tables 2, 3 and 4 of the seven sample reports, against golden files written
by reading the sources (the PDF pages rendered and looked at), not by dumping a parse."""

from __future__ import annotations

import pytest

from index.vocabulary import vocabulary
from tests.conftest import SAMPLE_NAMES, golden, parsed

T3_COLUMNS = vocabulary().table3_column_ids()
T4_GROUPS, T4_COLUMNS = vocabulary().table4_ids()


def _expected_table2(spec: dict) -> dict:
    layout = vocabulary().table2_layout("2021")
    return {row: dict(zip(layout[row], values)) for row, values in spec.items()}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_identity(name: str) -> None:
    report, expected = parsed(name), golden(name)
    assert (report.agency, report.year, report.layout) == (expected["agency"], expected["year"], expected["layout"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_table2_every_cell(name: str) -> None:
    assert parsed(name).table2.values() == _expected_table2(golden(name)["table2"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_table3_every_cell(name: str) -> None:
    expected = {row: dict(zip(T3_COLUMNS, values)) for row, values in golden(name)["table3"].items()}
    table = parsed(name).table3
    assert list(table.rows) == list(expected)  # canonical order, nothing extra
    assert table.values() == expected


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_table4_every_cell(name: str) -> None:
    expected = {group: dict(zip(T4_COLUMNS, values)) for group, values in golden(name)["table4"].items()}
    assert parsed(name).table4.values() == expected


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_cell_knows_its_source(name: str) -> None:
    report = parsed(name)
    for table in report.tables():
        for cell_id, cell in table.cells():
            assert cell.raw is not None and cell.location is not None, cell_id
            assert str(cell.value) == cell.raw or float(cell.raw) == cell.value, cell_id
            if report.source.endswith(".pdf"):
                assert cell.location.page in (2, 3, 4), cell_id
            else:
                assert cell.location.line and cell.location.line > 20, cell_id


def test_cell_locations_point_at_the_source_line() -> None:
    report = parsed("litong-district-2024")
    assert report.table3.cell("granted", "total").location.line == 49
    assert report.table4.cell("review", "total").location.line == 78
    assert parsed("hongze-district-2024").table3.cell("unable.needs_creation", "total").location.page == 4


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("litong-district-2024", [0, 1, 2, 3, 4, 5, 6]),
        ("hongqi-district-2024", [1, 2, 3, 4, 5, 6]),
        ("hongze-district-2023", [0, 1, 2, 3, 4, 5, 6]),
        ("wuzhong-approval-bureau-2023", [0, 1, 2, 3, 4, 5, 6]),
    ],
)
def test_sections_found(name: str, expected: list[int]) -> None:
    assert [s.id for s in parsed(name).sections] == expected


def test_section_text_is_kept_whole() -> None:
    report = parsed("hongze-district-2024")
    section5 = report.section(5).text
    assert section5.startswith("2024 年，全区政府信息公开工作虽取得一定成绩")
    assert "不定期更新编制适用性广" in section5  # joined across the PDF page break
    assert report.section(1).heading == "一、总体情况"


def test_nonstandard_label_is_kept_for_the_validators() -> None:
    assert parsed("litong-district-2024").table2.labels["repealed"] == "本年度止件数"
    assert parsed("hongze-district-2023").table3.labels["withheld.prohibited_by_law"] == "2.其他法律行政止公开"
