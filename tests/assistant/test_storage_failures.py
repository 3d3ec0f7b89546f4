"""Storage failures (issue 16, attack 9): a read-only home, a damaged database or vector store,
a full disk — one sentence with what to do, never a traceback; and the log file in the home."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import OperationalError

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from assistant.storage import StorageFailure
from tests.conftest import sample_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_a_read_only_home_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, output = run("ask", "利通区2024年不予公开多少件")
    assert code == 2 and "无法写入（只读、没有权限或不存在）；请把 DISCLOSURE_HOME 设为一个可写的目录" in output


def test_a_damaged_database_is_one_sentence() -> None:
    home = load_settings().home
    home.mkdir(parents=True)
    (home / "facts.sqlite3").write_bytes(b"\x13not a database" * 1000)
    code, output = run("ask", "利通区2024年不予公开多少件")
    assert code == 2 and "事实库" in output and "已损坏；请从备份恢复，或删除该文件后重新导入报告" in output


def test_a_damaged_vector_store_is_one_sentence() -> None:
    assert run("ingest", str(sample_path("litong-district-2024")))[0] == 0
    (load_settings().home / "chroma" / "chroma.sqlite3").write_bytes(b"\x13not a database" * 1000)
    # a table question no longer opens the vector store (main's lazy vectors): the next job that does says so
    assert run("ask", "利通区2024年不予公开多少件")[0] == 0
    code, output = run("ingest", str(sample_path("hongqi-district-2024")))
    assert code == 2 and "向量库" in output and "已损坏；请删除该目录" in output


def test_a_full_disk_during_ingest_is_one_sentence_and_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase.open(load_settings())
    kb.ingest([sample_path("litong-district-2024")])

    def full(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO reports …", {}, Exception("database or disk is full"))

    monkeypatch.setattr(kb.facts, "begin_report", full)
    with pytest.raises(StorageFailure, match="磁盘空间已满.*请清理磁盘空间后重试"):
        kb.ingest([sample_path("hongqi-district-2024")])
    assert [r.agency for r in kb.reports()] == ["利通区"] and kb.facts.pending_ids() == []


def test_skipped_files_and_rejections_are_logged_in_the_home(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("今天天气很好。", encoding="utf-8")
    code, _ = run("ingest", str(sample_path("litong-district-2024")), str(bad))
    assert code == 0
    assert run("ask", "问" * 5000)[0] == 2
    log = (load_settings().home / "logs" / "disclosure.log").read_text(encoding="utf-8")
    assert "disclosure.ingest: ingest: skipped" in log and "bad.txt" in log
    assert "disclosure.guard: ask: 问题太长" in log


def test_model_latency_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.models import LatencyLog

    model = FakeListChatModel(responses=["好"], callbacks=[LatencyLog("fake")])
    with caplog.at_level("INFO", logger="disclosure.model"):
        model.invoke("你好")
    assert any("model fake answered in" in r.getMessage() for r in caplog.records)
