"""Table 3 without ruling lines: the PDF's flattened text layer (labels wrapped around their
numbers, vertical group labels, page numbers) and rows whose blank cells were lost."""

from __future__ import annotations

import pdfplumber
import pytest

from index.parser import parse_document
from index.readers import read_pasted
from index.vocabulary import vocabulary
from tests.conftest import golden, parsed, sample_path

COLUMNS = vocabulary().table3_column_ids()


@pytest.mark.parametrize("name", ["hongze-district-2023", "hongze-district-2024"])
def test_flattened_pdf_text_still_gives_every_cell(name: str) -> None:
    with pdfplumber.open(sample_path(name)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    report = parse_document(read_pasted(text))
    expected = {row: dict(zip(COLUMNS, values)) for row, values in golden(name)["table3"].items()}
    assert report.table3.values() == expected


def _litong_table3_with_total_row(total_row: str) -> str:
    """Litong's table 3 as space-aligned text with its 总计 row replaced."""
    report = parsed("litong-district-2024")
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row, cells in report.table3.values().items():
        label = vocabulary().label("table3", "rows", row)
        lines.append(total_row if row == "total" else f"{label} " + " ".join(str(v) for v in cells.values()))
    return "\n".join(lines)


def test_arithmetic_chooses_between_readings_of_a_short_row() -> None:
    # Blank zeros dropped: "38 38" is natural persons and the total, not the first two columns.
    report = parse_document(read_pasted(_litong_table3_with_total_row("（七）总计 38 38")))
    total = report.table3.values()["total"]
    assert (total["natural_person"], total["commercial_enterprise"], total["total"]) == (38, None, 38)
    assert any("chose the reading whose sums balance" in note for note in report.notes)


def test_no_balancing_reading_keeps_the_literal_one_and_says_so() -> None:
    report = parse_document(read_pasted(_litong_table3_with_total_row("（七）总计 38 37")))
    total = report.table3.values()["total"]
    assert (total["natural_person"], total["commercial_enterprise"], total["total"]) == (38, 37, None)
    assert any("balances in no reading" in note for note in report.notes)
