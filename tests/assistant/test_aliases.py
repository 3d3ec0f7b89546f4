"""Nicknames a user gives a body (`disclosure alias`): stored in the data home, used by `ask` at once,
listed and removed, in Chinese (and in --json for programs)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from assistant.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_an_alias_added_by_the_cli_is_used_by_ask_then_listed_and_removed() -> None:
    code, out, _ = run("ask", "小红2024年不予公开多少件？")  # not a name yet (the samples are ingested first)
    assert "红旗区人民政府 2024 年不予公开 0 件" not in out

    code, out, _ = run("alias", "小红", "红旗区人民政府")
    assert code == 0 and out.strip() == "已添加别名：“小红”即“红旗区”。"

    code, out, _ = run("ask", "小红2024年不予公开多少件？")
    assert code == 0 and "红旗区人民政府 2024 年不予公开 0 件" in out, out
    code, out, _ = run("ask", "--json", "小红和利通区2024年不予公开分别多少件")
    facts = json.loads(out)["facts"]
    assert {(f["agency"], f["value"]) for f in facts if f["cell"] == "table3.withheld.total"} >= {("红旗区人民政府", 0), ("利通区", 7)}

    code, out, _ = run("alias")
    assert code == 0 and out.splitlines() == ["小红\t红旗区"]
    code, out, _ = run("alias", "--json")
    assert json.loads(out) == [{"alias": "小红", "agency_key": "红旗区"}]

    code, out, _ = run("alias", "--remove", "小红")
    assert code == 0 and out.strip() == "已删除别名“小红”。"
    code, out, _ = run("alias")
    assert out.strip().startswith("还没有别名")
    code, out, _ = run("ask", "小红2024年不予公开多少件？")
    assert "红旗区人民政府 2024 年不予公开" not in out


def test_an_alias_of_a_body_not_indexed_or_taken_is_refused_in_one_chinese_sentence() -> None:
    run("reports")  # the samples
    code, _, err = run("alias", "小李", "不存在的某某局")
    assert code == 2 and err.startswith("错误：知识库中没有“不存在的某某局”的报告") and "Traceback" not in err
    code, _, err = run("alias", "利通区", "红旗区人民政府")  # another body's own name
    assert code == 2 and "已是“利通区”的名称" in err
    code, _, err = run("alias", "2024", "红旗区人民政府")
    assert code == 2 and "别名须为" in err
    code, out, _ = run("alias", "--remove", "没有这个")
    assert code == 2 and "没有别名“没有这个”" in out
