"""The ``disclosure parse`` command: JSON shape, readable summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main
from tests.conftest import sample_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_parse_json_has_the_documented_shape() -> None:
    code, out, _ = run("parse", str(sample_path("litong-district-2024")), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["agency", "year", "layout", "narrative_only", "sections", "table2", "table3", "table4", "notes"]
    assert data["narrative_only"] is False
    assert (data["agency"], data["year"], data["layout"]) == ("利通区", 2024, "2021")
    assert data["sections"][0] == {"id": 1, "heading": "一、总体情况", "chars": 1210}
    assert data["table2"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert data["table2"]["licensing"] == {"decisions": 5963}
    assert data["table3"]["new_requests"]["total"] == 38
    assert data["table3"]["withheld.third_party_rights"]["natural_person"] == 6
    assert data["table4"]["review"] == {"upheld": 9, "corrected": 0, "other": 0, "pending": 0, "total": 9}


def test_parse_json_keeps_decimal_fees() -> None:
    code, out, _ = run("parse", str(sample_path("hongze-district-2023")), "--json")
    assert code == 0 and json.loads(out)["table2"]["fees"] == {"amount": 7730.28}


def test_parse_summary_is_readable() -> None:
    code, out, _ = run("parse", str(sample_path("hongqi-district-2024")))
    assert code == 0
    assert "红旗区人民政府" in out and "6935" in out and "五、存在的主要问题及改进情况" in out


def test_bad_input_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    code, out, err = run("parse", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "另存为 .docx" in err and "Traceback" not in err


def test_truncated_report_yields_what_it_has(tmp_path: Path) -> None:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    path = tmp_path / "truncated.txt"
    path.write_text(text[: text.index("二、主动公开政府信息情况")], encoding="utf-8")
    code, out, err = run("parse", str(path), "--json")
    assert code == 2
    data = json.loads(out)
    assert [s["id"] for s in data["sections"]] == [1]
    assert data["table2"] is None and data["table3"] is None and data["table4"] is None
    assert "不完整" in err


def test_module_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "parse" in result.stdout
