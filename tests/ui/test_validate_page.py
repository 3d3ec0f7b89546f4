"""The 校验 tab as a person sees it: one cell of a pasted table 3 changed, that cell red with its
expected value, its totals amber, everything in Chinese (the real page in Chromium: tests/ui/test_app.py)."""

from __future__ import annotations

import re

import pytest

gr = pytest.importorskip("gradio")

from tests.assistant.test_real_reports import ids_and_codes  # noqa: E402
from tests.conftest import sample_path  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from ui.app import Services, check  # noqa: E402

SERVICES = Services(load_settings())  # nothing opens until a job needs it; checks run in this process


def one_cell_changed() -> str:
    """利通区 2024's table 3 with 不予公开 · 保护第三方合法权益 · 自然人 typed as 8 instead of 6."""
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    line = next(line for line in table.splitlines() if "保护第三方合法权益" in line)
    assert line.endswith("6\t0\t0\t0\t0\t0\t6")
    return table.replace(line, line[: -len("6\t0\t0\t0\t0\t0\t6")] + "8\t0\t0\t0\t0\t0\t6")


def test_handler_names_the_changed_cell_first_in_chinese() -> None:
    summary, rows, html = check(SERVICES, one_cell_changed(), None, None)
    assert summary == "**所校验的表格**：1 个错误，2 条提示。"  # the two: tables 2 and 4 were not in the paste (issue 25)
    assert [row[2] for row in rows[1:]] == ["表二", "表四"] and all("该表未校验" in row[6] for row in rows[1:])
    assert rows[0][:5] == ["出错单元格", "错误", "表三 · 不予公开 · 保护第三方合法权益 · 自然人", "6", "8"]
    assert rows[0][6].startswith("表三 · 不予公开 · 保护第三方合法权益 · 自然人 应为 6，实为 8：这一格使行合计、办理结果合计不成立")
    assert ids_and_codes(str(rows)) == []
    broken = re.findall(r'<td[^>]*class="broken"[^>]*data-cell="([^"]+)"[^>]*>([^<]*)<br><small class="expected">([^<]*)</small>', html)
    assert broken == [("table3.withheld.third_party_rights.natural_person", "8", "应为 6")]
    suspects = set(re.findall(r'class="suspect"[^>]*data-cell="([^"]+)"', html))
    assert suspects == {"table3.withheld.third_party_rights.total", "table3.total.natural_person"}


def test_previous_year_upload_of_another_body_is_refused_in_one_sentence() -> None:
    summary, rows, _ = check(SERVICES, "", str(sample_path("hongze-district-2024")), str(sample_path("litong-district-2024")))
    assert summary.endswith("> 注意：所给的上一年度报告是利通区的，本报告是淮安市洪泽区人民政府的，不是同一机关，未做跨年校验。")
    assert not [r for r in rows if r[0] in ("跨年结转", "现行有效跨年衔接")]
    summary, _, _ = check(SERVICES, "", str(sample_path("hongze-district-2023")), str(sample_path("hongze-district-2024")))
    assert "所给的是 2024 年度报告，本报告的上一年度应为 2022 年度，未做跨年校验。" in summary
    summary, _, _ = check(SERVICES, "", str(sample_path("hongze-district-2024")), str(sample_path("hongze-district-2023")))
    assert "未做跨年校验" not in summary
