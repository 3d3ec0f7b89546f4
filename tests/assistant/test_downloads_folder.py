"""A real downloads folder (issue 25): the sample reports among byte-identical copies, a
title-only stub, a renamed copy, a partial download, Thumbs.db, a zero-byte file and a nested
folder. Every real report goes in once, each odd file is one line, exit 0; a re-run adds nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main
from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import load_settings
from tests.assistant.test_hostile_ingest import consistent
from tests.conftest import sample_path


def downloads(folder: Path) -> Path:
    folder.mkdir(parents=True)
    nested = folder / "2024年" / "收到的"
    nested.mkdir(parents=True)
    for path in sample_paths():
        target = nested if path.name.startswith("hongsibu-science") else folder
        shutil.copy(path, target / path.name)
    litong = sample_path("litong-district-2024")
    shutil.copy(litong, folder / f"{litong.stem} (1){litong.suffix}")  # two byte-identical copies
    shutil.copy(litong, nested / f"{litong.stem}(2){litong.suffix}")
    shutil.copy(sample_path("wuzhong-approval-bureau-2023"), folder / "年度报告.txt")  # a renamed copy
    title = sample_path("hongqi-district-2024").read_text(encoding="utf-8").strip().splitlines()[0]
    (folder / "stub-hongqi.txt").write_text(title + "\n", encoding="utf-8")  # a title-only stub
    pdf = next(p for p in sample_paths() if p.suffix == ".pdf")
    (folder / f"{pdf.name}.crdownload").write_bytes(pdf.read_bytes()[:5000])  # a partial download
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "新建文本文档.txt").write_bytes(b"")  # a zero-byte file
    return folder


def test_a_real_downloads_folder_ingests_every_report_once(tmp_path: Path) -> None:
    folder = downloads(tmp_path / "下载")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    kb = KnowledgeBase.open(load_settings())
    assert sorted(r.id for r in kb.reports()) == sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_paths())
    assert {r.source for r in kb.reports()} >= {"litong-district-2024.txt", "hongsibu-science-bureau-2024.txt"}
    lines = [line for line in result.stderr.splitlines() if line.strip() and "正在导入" not in line and "%" not in line]
    said = {name: [line for line in lines if name in line] for name in (
        "(1).txt", "(2).txt", "wuzhong-approval-bureau-2023.txt", "stub-hongqi.txt", ".crdownload", "Thumbs.db", "新建文本文档.txt")}
    assert all(len(found) == 1 for found in said.values()), lines  # each odd file in one line
    assert "重复文件，已跳过" in said["(1).txt"][0] and "重复文件，已跳过" in said["wuzhong-approval-bureau-2023.txt"][0]
    assert "新文件缺少表格，未替换已收录版本" in said["stub-hongqi.txt"][0]
    assert "未下载完" in said[".crdownload"][0] and "空文件" in said["新建文本文档.txt"][0]
    assert "Traceback" not in result.output
    before = consistent(kb)
    again = runner.invoke(main, ["ingest", "--json", str(folder)])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["added"], summary["replaced"], summary["repaired"]) == (0, 0, 0)
    assert consistent(KnowledgeBase.open(load_settings())) == before
