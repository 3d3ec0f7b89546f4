"""Export round-trips to the golden cells; chart data equals the facts store's cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.validation.arithmetic import T3_COLUMNS
from assistant.workbench.export import CELL_HEADERS, cell_names, layout_header, official_cells
from assistant.workbench.metrics import chart_for, derived_metrics, metric_choices, resolve_metric, metric_values
from assistant.workbench.stats import stats_view, write_table
from index.vocabulary import vocabulary
from tests.conftest import SAMPLE_NAMES, golden


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DISCLOSURE_HOME", str(home))
        mp.setenv("DISCLOSURE_EMBEDDING_BACKEND", "fake")
        knowledge = KnowledgeBase.open(load_settings())
        knowledge.ensure_samples()
    return knowledge


def golden_cells(name: str) -> dict[str, int | float]:
    """The hand-read cells of a sample by canonical id."""
    spec = golden(name)
    cells: dict[str, int | float] = {}
    for row, values in spec["table2"].items():
        for column, value in zip(vocabulary().table2_layout(spec.get("layout", "2021"))[row], values):
            cells[f"table2.{row}.{column}"] = value
    for row, values in spec["table3"].items():
        cells |= {f"table3.{row}.{c}": v for c, v in zip(T3_COLUMNS, values)}
    groups, columns = vocabulary().table4_ids()
    for group, values in spec["table4"].items():
        cells |= {f"table4.{group}.{c}": v for c, v in zip(columns, values)}
    return cells


def test_labels_name_each_cell_once() -> None:
    """(表, 行, 列) in Chinese is a key: the export loses nothing by showing names, not ids."""
    for cells in official_cells().values():
        names = [cell_names(c) for c in cells]
        assert len(set(names)) == len(names)
        assert len({layout_header(c) for c in cells}) == len(cells)


def test_export_round_trips_to_the_golden_cells(kb: KnowledgeBase, tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["export", "--xlsx", str(tmp_path / "facts.xlsx"), "--csv", str(tmp_path / "facts.csv")],
                             env={"DISCLOSURE_HOME": str(kb.facts.url.removeprefix("sqlite:///").rsplit("/", 1)[0])})
    assert out.exit_code == 0, out.output
    book = load_workbook(tmp_path / "facts.xlsx", read_only=True)
    rows = list(book["单元格"].values)
    assert list(rows[0]) == CELL_HEADERS
    by_report: dict[tuple[str, int], dict[tuple[str, str, str], object]] = {}
    for agency, year, table, row, column, value, raw, where, _source in rows[1:]:
        by_report.setdefault((agency, year), {})[(table, row, column)] = value
        assert raw is None or isinstance(raw, str)
    for name in SAMPLE_NAMES:
        spec = golden(name)
        exported = by_report[(spec["agency"], spec["year"])]
        expected = {cell_names(c): v for c, v in golden_cells(name).items()}
        assert {k: exported.get(k) for k in expected} == expected, name
    # one sheet per table in the official layout, one row per report
    table3 = list(book["表三"].values)
    header = list(table3[0])
    hongqi = next(r for r in table3[1:] if r[0] == "红旗区人民政府")
    assert hongqi[header.index(layout_header("table3.granted.total"))] == 10
    assert hongqi[header.index(layout_header("table3.new_requests.natural_person"))] == 16
    table4 = list(book["表四"].values)
    assert [r[1] for r in table4[1:]].count(2024) == 5 and len(table4) == 1 + len(SAMPLE_NAMES)
    assert (tmp_path / "facts.csv").read_text(encoding="utf-8-sig").splitlines()[0] == ",".join(CELL_HEADERS)
    assert "table3" not in (tmp_path / "facts.csv").read_text(encoding="utf-8-sig")


def test_export_filters_by_body_and_year(kb: KnowledgeBase, tmp_path: Path) -> None:
    from assistant.workbench.export import export_facts

    result = export_facts(kb, tmp_path / "one.xlsx", agencies=["洪泽区"], years=[2023])
    assert result.reports == 1
    rows = list(load_workbook(tmp_path / "one.xlsx", read_only=True)["单元格"].values)[1:]
    assert {(r[0], r[1]) for r in rows} == {("洪泽区人民政府", 2023)}
    out = CliRunner().invoke(main, ["export", "--xlsx", str(tmp_path / "x.xlsx"), "--agency", "没有这个区"])
    assert out.exit_code == 2 and "没有这个区" in out.output


@pytest.mark.skipif(not hasattr(KnowledgeBase, "figures"), reason="prose figures arrive with issue 13b (KnowledgeBase.figures)")
def test_export_includes_the_figures_in_prose(kb: KnowledgeBase, tmp_path: Path) -> None:
    from assistant.workbench.export import export_facts

    result = export_facts(kb, tmp_path / "prose.xlsx", agencies=["利通区"])
    rows = list(load_workbook(tmp_path / "prose.xlsx", read_only=True)["正文数字"].values)[1:]
    assert result.figures == len(rows) > 0
    assert any(r[3] == 24017 and "24017" in r[5] for r in rows)  # 主动公开政府信息 24017 条


def test_chart_data_equals_the_facts_store(kb: KnowledgeBase) -> None:
    reports = {(r.agency_key, r.year): r for r in kb.reports()}
    values = metric_values(kb, "table3.new_requests.total")
    assert len(values) == len(SAMPLE_NAMES)
    for value in values:
        report = next(r for (key, year), r in reports.items() if year == value.year and kb.facts.agency_keys(value.agency) == [key])
        assert value.value == kb.facts.cells(report.id)["table3.new_requests.total"].value
        assert value.cells == ["table3.new_requests.total"]
    # a derived metric: 纠错率 = 结果纠正 ÷ 总计 of 行政复议, in per cent
    for value in metric_values(kb, "correction_rate"):
        report = next(r for (key, year), r in reports.items() if year == value.year and kb.facts.agency_keys(value.agency) == [key])
        cells = kb.facts.cells(report.id)
        total, corrected = cells["table4.review.total"].value, cells["table4.review.corrected"].value
        parts = sum(cells[f"table4.review.{c}"].value for c in ("upheld", "corrected", "other", "pending"))
        total = parts if parts != total else total  # a misprinted total counts as its parts, as in 问答
        assert value.value == (100 * corrected / total if total else None)
    # 洪泽区 2023 printed its 行政复议 总计 as 0 beside parts that add up to 11: 1 ÷ 11, not "分母为 0"
    hongze = metric_values(kb, "correction_rate", kb.facts.agency_keys("洪泽区"), [2023])
    assert [round(v.value, 2) for v in hongze] == [9.09]
    hongqi = metric_values(kb, "withheld_share", kb.facts.agency_keys("红旗区"), [2024])
    assert [(v.agency, v.year, v.value) for v in hongqi] == [("红旗区人民政府", 2024, 0.0)]


def test_a_chart_question(kb: KnowledgeBase) -> None:
    frame, title = chart_for(kb, "画出各区县2024年的申请量")
    assert frame.attrs["kind"] == "bar" and title == "各区县2024年本年新收申请（件）"
    assert dict(zip(frame["机关"], frame["数值"])) == {"利通区": 38, "红旗区人民政府": 20, "淮安市洪泽区人民政府": 95}
    frame, title = chart_for(kb, "画出洪泽区历年的纠错率")
    assert frame.attrs["kind"] == "line" and list(frame["年度"]) == [2023, 2024] and "纠错率" in title
    assert all("÷" in shown for shown in frame["依据"])


def test_metric_names_are_chinese() -> None:
    choices = metric_choices()
    labels = [label for label, _ in choices]
    assert len(labels) == len(set(labels))
    assert {"行政复议纠错率", "不予公开占比", "本年新收申请", "办结率"} <= set(labels)
    assert all(not label.isascii() for label in labels)
    assert resolve_metric("table3.granted.total").label.startswith("表三")
    assert set(derived_metrics()) >= {"correction_rate", "withheld_share", "completion_rate"}


def test_stats_view_and_downloads(kb: KnowledgeBase, tmp_path: Path) -> None:
    view = stats_view(kb, "new_requests", ["洪泽区", "利通区"], None, [])
    assert list(view.bar["机关"]) == ["利通区", "淮安市洪泽区人民政府"] and view.bar_title.startswith("2024年")
    assert sorted(view.line["年度"].unique()) == ["2023", "2024"]
    xlsx, csv = write_table(view, tmp_path)
    rows = list(load_workbook(xlsx, read_only=True)["统计"].values)
    assert rows[0][:3] == ("机关", "年度", "本年新收申请（件）") and len(rows) == 4
    assert "本年新收申请" in csv.read_text(encoding="utf-8-sig")


def test_formulas_in_issue_13s_shape_subtract_too(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """assistant/vocab/metrics.toml (issue 13) writes "-measure" for a part to subtract."""
    import assistant.workbench.metrics as metrics

    formulas = {"metrics": [{"id": "net_normative", "label": "行政规范性文件净增", "english": "net", "group": "x",
                             "numerator": ["normative_issued", "-normative_repealed"], "denominator": [], "percent": False,
                             "words": ["净增"]}]}
    monkeypatch.setattr(metrics, "_formulas", lambda: formulas)
    metrics.derived_metrics.cache_clear()
    try:
        [value] = metric_values(kb, "net_normative", kb.facts.agency_keys("利通区"))
        cells = kb.facts.cells(next(r.id for r in kb.reports() if r.agency == "利通区"))
        assert value.value == cells["table2.normative_documents.issued"].value - cells["table2.normative_documents.repealed"].value
        frame, title = chart_for(kb, "画出利通区的净增")
        assert title == "利通区2024年行政规范性文件净增（件）" and " − 本年废止行政规范性文件 " in frame["依据"].iloc[0]
    finally:
        metrics.derived_metrics.cache_clear()
