"""The 统计 tab and the batch check of the 校验 tab: handlers directly, and the page in Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

gr = pytest.importorskip("gradio")

from assistant.settings import load_settings  # noqa: E402
from tests.conftest import sample_path  # noqa: E402
from tests.ui.browser import CHROMIUM, choose, served_page  # noqa: E402
from tests.ui.test_app import SCREENSHOTS  # noqa: E402
from ui.app import Services, build_app, check_many, stats, theme  # noqa: E402


@pytest.fixture
def services() -> Services:
    return Services(load_settings())


def test_stats_handler(services: Services) -> None:
    bar, line, table, files = stats(services, "withheld_share", ["洪泽区", "红旗区人民政府"], "", [])
    assert bar.value["columns"] == ["机关", "数值"] and bar.label == "2024年各机关不予公开占比（%）"
    assert sorted(bar.value["data"]) == [["淮安市洪泽区人民政府", 3.16], ["红旗区人民政府", 0.0]]
    assert line.value["data"] == [["2023", 14.29, "淮安市洪泽区人民政府"], ["2024", 3.16, "淮安市洪泽区人民政府"]]  # a line needs two years
    assert list(table.columns) == ["机关", "年度", "不予公开占比（%）", "依据"]
    assert [Path(f).suffix for f in files] == [".xlsx", ".csv"]
    _, _, table, _ = stats(services, "correction_rate", ["洪泽区"], "", ["2023"])
    # 洪泽区 2023 printed 行政复议 总计 as 0 beside parts adding up to 11: read as 11, as 问答 does, and named
    assert round(table.iloc[0, 2], 2) == 9.09 and "总计印为 0，与各项之和 11 不符（印刷错误），按各项之和计" in table["依据"].iloc[0]
    with pytest.raises(gr.Error, match="没有“不存在区”"):
        stats(services, "new_requests", ["不存在区"], "", [])


def test_batch_check_handler(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "空白.txt"
    bad.write_text("今天天气很好。", encoding="utf-8")
    hostile = tmp_path / "[点我](http:evil)<b>.txt"
    hostile.write_text("今天天气很好。", encoding="utf-8")
    files = [str(sample_path("hongze-district-2023")), str(sample_path("hongze-district-2024")), str(bad), str(hostile)]
    summary, rows, book = check_many(services, files, progress=lambda *a, **k: None)
    assert "读取 2 份报告，1 份有错误" in summary and "无法读取 空白\\.txt" in summary
    assert "\\[点我\\]\\(http:evil\\)\\<b\\>" in summary and "[点我](" not in summary  # a file name shown as text
    assert rows[0][:4] == ["洪泽区人民政府", "2023", "hongze-district-2023.pdf", "表四合计"]
    sheets = load_workbook(book, read_only=True).sheetnames
    assert sheets == ["汇总", "风险清单", "发现的问题", "报告", "无法读取"]


def drawn(page: object, selector: str) -> list[str]:
    """The words a chart drew (its SVG text: axis labels, legend)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", page.locator(selector).inner_html())  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (the .ci/run installs it)")
def test_the_stats_tab_in_headless_chromium(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with served_page(build_app(Services(load_settings())), theme()) as page:
        # 统计: the default metric (本年新收申请) over every body and year.
        page.get_by_role("tab", name="统计").click()
        page.click("#stats-button")
        page.wait_for_selector("#stats-table :text('红旗区人民政府')", timeout=60_000)
        page.wait_for_selector("#stats-bar canvas, #stats-bar svg", timeout=60_000)
        page.wait_for_selector("#stats-line canvas, #stats-line svg", timeout=60_000)
        time.sleep(1.5)  # the charts draw after their data arrives
        assert {"利通区", "红旗区人民政府", "机关"} <= set(drawn(page, "#stats-bar"))
        assert page.locator("#stats-table").get_by_text("本年新收申请（件）").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "5-stats.png"), full_page=True)

        # a derived metric for two bodies: the bars and the line redrawn, the downloads.
        choose(page, "stats-metric", "不予公开占比")
        choose(page, "stats-bodies", "淮安市洪泽区人民政府")  # one body under its newest name (洪泽区人民政府 in 2023)
        choose(page, "stats-bodies", "利通区")
        page.locator("#stats-bodies").get_by_text("利通区").first.wait_for(timeout=30_000)
        page.click("#stats-button")
        page.wait_for_selector("#stats-table :text('不予公开占比（%）')", timeout=60_000)
        page.wait_for_selector("#stats-files :text('.xlsx')", timeout=60_000)
        for _ in range(60):  # the chart is redrawn with the two bodies only
            if "红旗区人民政府" not in drawn(page, "#stats-bar") and "利通区" in drawn(page, "#stats-bar"):
                break
            time.sleep(0.5)
        assert drawn(page, "#stats-bar")[:2] == ["淮安市洪泽区人民政府", "利通区"]  # 3.16 % and 0 %, largest first
        assert "淮安市洪泽区人民政府" in drawn(page, "#stats-line") and "2023" in drawn(page, "#stats-line")
        time.sleep(1)
        page.screenshot(path=str(SCREENSHOTS / "6-stats-rate.png"), full_page=True)

        # 校验: several reports at once, the workbook to download.
        page.get_by_role("tab", name="校验").click()
        page.locator("#batch-upload input[type=file]").set_input_files(
            [str(sample_path("hongze-district-2023")), str(sample_path("hongze-district-2024")), str(sample_path("litong-district-2024"))])
        page.wait_for_selector("#batch-upload :text('litong-district-2024')", timeout=60_000)
        page.click("#batch-button")
        page.wait_for_selector("#batch-summary :text('读取 3 份报告')", timeout=120_000)
        page.screenshot(path=str(SCREENSHOTS / "7-batch-check.png"), full_page=True)
        with page.expect_download(timeout=60_000) as download_info:
            page.locator("#batch-book a").first.click()
        target = tmp_path / "findings.xlsx"
        download_info.value.save_as(target)
        assert "发现的问题" in load_workbook(target, read_only=True).sheetnames
