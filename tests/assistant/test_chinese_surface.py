"""What a person reads is Chinese: places, figures, cell and rule names, error sentences."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main
from assistant.errors import readable
from assistant.presenting import cell_label, figure, rule_names
from index.model import describe_locations
from index.vocabulary import vocabulary

DOCS = Path(__file__).parents[2] / "docs" / "format.md"


def test_places_read_as_lines_and_pages() -> None:
    assert describe_locations("line 51, line 52, line 58", zh=True) == "第 51–58 行"
    assert describe_locations("line 51, line 52, line 58") == "lines 51–58"
    assert describe_locations("page 4, line 7", zh=True) == "第 4 页第 7 行"
    assert describe_locations("page 3, page 4", zh=True) == "第 3–4 页"
    assert describe_locations("line 40", zh=True) == "第 40 行"


def test_figures_drop_the_point_zero_and_fees_carry_their_unit() -> None:
    assert figure(1759.0, "table2.fees.amount") == "1759 万元"
    assert figure(12.5, "table2.fees.amount") == "12.5 万元"
    assert figure(7.0) == "7" and figure(0) == "0" and figure(None) == ""


def test_every_canonical_cell_has_a_chinese_name() -> None:
    vocab = vocabulary()
    ids = [f"table3.{r}.{c}" for r in vocab.table3_row_ids() for c in vocab.table3_column_ids()]
    groups, columns = vocab.table4_ids()
    ids += [f"table4.{g}.{c}" for g in groups for c in columns]
    ids += [f"table2.{r}.{c}" for layout in ("2021", "2019") for r, cs in vocab.table2_layout(layout).items() for c in cs]
    ids += ["table3.withheld.total", "table3.withheld.prohibited_by_law"]
    named = {cell: cell_label(cell) for cell in ids}
    assert {cell: name for cell, name in named.items() if re.search(r"[A-Za-z_]", name)} == {}
    assert named["table3.withheld.third_party_rights.total"] == "表三 · 不予公开 · 保护第三方合法权益 · 总计"


def test_rule_names_are_those_of_docs_format() -> None:
    documented = dict(re.findall(r"^\| ([A-Z][A-Za-z0-9-]+) \| ([^|]+?) \|", DOCS.read_text(encoding="utf-8"), re.M))
    assert documented == rule_names() and len(documented) >= 12


def test_messages_lose_their_english_half() -> None:
    assert readable("x.txt 是空文件，没有可读的内容；请检查是否选错了文件。 (x.txt is empty.)") == "x.txt 是空文件，没有可读的内容；请检查是否选错了文件。"
    assert readable("知识库中没有利通区2019年的报告。") == "知识库中没有利通区2019年的报告。"
    raw = "坏.pdf 不是有效的 PDF 文件（可能已损坏或不完整）；请重新下载或导出后再试。 (坏.pdf is not a valid PDF: No /Root object! - Is this really a PDF?)"
    assert readable(raw) == "坏.pdf 不是有效的 PDF 文件（可能已损坏或不完整）；请重新下载或导出后再试。"  # no raw library error


def test_the_command_line_speaks_chinese(tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(empty)])
    assert result.exit_code == 2 and result.output.startswith("错误：") and not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", result.output)
    answer = CliRunner().invoke(main, ["ask", "利通区2024年不予公开多少件？"]).output.splitlines()[-1]
    assert "（第 51–58 行）" in answer and "line" not in answer
    fees = CliRunner().invoke(main, ["ask", "利通区2024年行政事业性收费金额是多少"]).output
    assert "1759 万元" in fees and "1759.0" not in fees
