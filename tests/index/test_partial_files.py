"""Bodies and years of partial files: from the file name when the text has no title, and never a
sentence taken for a body's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from index.agencies import from_file_name, plausible_body
from index.parser import parse_document
from index.readers import read_bytes
from tests.conftest import sample_path

LITONG = sample_path("litong-district-2024").read_text(encoding="utf-8")
SECTION_FIVE = LITONG[LITONG.index("五、存在的主要问题及改进情况"):]  # no title, no preface, no year in the first lines


def parse(text: str, name: str):  # noqa: ANN201
    return parse_document(read_bytes(text.encode("utf-8"), name))


@pytest.mark.parametrize(("name", "agency", "year"), [
    ("淳安县人民政府办公室2024年政府信息公开工作年度报告.txt", "淳安县人民政府办公室", 2024),
    ("2023年度_红寺堡区科学技术局政府信息公开工作年度报告.txt", "红寺堡区科学技术局", 2023),
    ("淳安县统计局 2022年度报告.txt", "淳安县统计局", 2022),
    ("（第五部分）淳安县教育局2024年政府信息公开年报.txt", "淳安县教育局", 2024),
])
def test_a_part_without_a_title_takes_body_and_year_from_its_file_name(name: str, agency: str, year: int) -> None:
    report = parse(SECTION_FIVE, name)
    assert (report.agency, report.year) == (agency, year)
    assert not any("agency not found" in n or "year not found" in n for n in report.notes)


def test_a_file_name_without_a_body_leaves_it_unknown() -> None:
    report = parse(SECTION_FIVE, "partial.txt")
    assert report.agency is None and report.year == 2024  # the year from the text ("2024年，我区…")
    assert "未能从标题或正文识别报告机关 (agency not found)" in report.notes
    assert parse(SECTION_FIVE, "hongqi-district-2023.txt").year == 2024  # a bare number is weaker than the text


def test_a_title_in_the_text_still_wins_over_the_file_name() -> None:
    report = parse(LITONG, "淳安县人民政府办公室2023年政府信息公开工作年度报告.txt")
    assert (report.agency, report.year) == ("利通区", 2024)


def test_a_sentence_is_never_a_body() -> None:
    text = "根据上级要求，现将本单位2024年政府信息公开工作年度报告如下\n" + SECTION_FIVE
    report = parse(text, "report.txt")
    assert report.agency is None and report.year == 2024
    report = parse(text, "淳安县人民政府办公室2024年政府信息公开工作年度报告.txt")
    assert report.agency == "淳安县人民政府办公室"
    preface = "我局认真贯彻落实各项要求，扎实推进2024年政府信息公开工作年度报告编制工作。\n" + SECTION_FIVE
    assert parse(preface, "x.txt").agency is None


@pytest.mark.parametrize(("text", "name"), [
    ("淳安县人民政府办公室", "淳安县人民政府办公室"),
    ("利通区", "利通区"),
    ("平潭综合实验区", "平潭综合实验区"),
    ("根据要求，现发布利通区", "利通区"),
    ("本报告由淮安市洪泽区人民政府办公室根据", None),
    ("现将本单位工作情况报告如下", None),
    ("在全区", None),
    ("全区", None),
    ("2024年以来我局认真贯彻落实各项工作要求全面推进政务公开", None),
    ("这是一个非常非常长的句子它虽然以局字结尾但是长度远远超过了一个机关名称应有的长度的局", None),
    ("", None),
])
def test_plausible_body(text: str, name: str | None) -> None:
    assert plausible_body(text) == name


def test_file_names() -> None:
    assert from_file_name("/tmp/x/淳安县人民政府办公室2024年政府信息公开工作年度报告.txt") == ("淳安县人民政府办公室", 2024, True)
    assert from_file_name("hongqi-district-2024.txt") == (None, 2024, False)
    assert from_file_name("关于印发2024年工作要点的通知.docx") == (None, 2024, True)
    assert from_file_name("partial.txt") == (None, None, False)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("局区县人民政府办公室根据现将我在全，。、 2024年度报告政务公开信息_-.txt")), max_size=200))
def test_any_name_is_short_and_ends_like_a_body(text: str) -> None:
    for found in (plausible_body(text), from_file_name(text)[0]):
        assert found is None or (2 <= len(found) <= 30 and not any(c in found for c in "，。、 "))


def test_ingested_partial_file_is_filed_under_its_body(tmp_path: Path) -> None:
    path = tmp_path / "淳安县人民政府办公室2024年政府信息公开工作年度报告.txt"
    path.write_text(SECTION_FIVE, encoding="utf-8")
    kb = KnowledgeBase.open(load_settings())
    kb.ingest([path])
    (report,) = kb.reports()
    assert (report.agency, report.agency_key, report.year) == ("淳安县人民政府办公室", "淳安县", 2024)
    assert kb.report_for("淳安县人民政府办公室", 2024).id == report.id


@pytest.mark.parametrize(("text", "name"), [
    ("河山区12", "河山区12"),  # numbered, as the benchmark corpus names its bodies
    ("全区2", None),
    ("北京市第一中学", "北京市第一中学"),
    ("工作有序进行", None),
])
def test_plausible_body_edges(text: str, name: str | None) -> None:
    assert plausible_body(text) == name
