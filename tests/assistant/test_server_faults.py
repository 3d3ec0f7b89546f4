"""The real servers going away in the middle of an ingest: a Chroma server process killed with
SIGKILL, PostgreSQL stopped in immediate mode (a crash: no checkpoint, recovery on restart).
The ingest stops with one clear sentence, what was committed stays, and once the server is back
a re-run completes with every report in both stores and no duplicate chunk."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.knowledge import KnowledgeBase, sample_paths
from assistant.settings import Settings, load_settings
from index.errors import StoreUnavailable
from index.facts import FactStore, metadata
from index.vectors import VectorStoreUnavailable

CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
SERVER_DB = os.environ.get("DISCLOSURE_TEST_DATABASE_URL")
PG_CLUSTER = os.environ.get("DISCLOSURE_TEST_PG_CLUSTER")  # "<version> main": the CI lets this test stop and start it


class ChromaServer:
    """A `chroma run` of our own on a free loopback port, to kill and bring back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert CHROMA is not None
        self.process = subprocess.Popen([CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the Chroma server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if CHROMA is None:
        pytest.skip("the chroma command (chromadb) is not installed")
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.kill()


def pg_ctl(action: str) -> None:
    assert PG_CLUSTER is not None
    subprocess.run(["pg_ctlcluster", *PG_CLUSTER.split(), action, *(["-m", "immediate"] if action == "stop" else [])],
                   check=True, capture_output=True, timeout=120)


def after_reports(count: int, action: Callable[[], None]) -> Callable[[Path], None]:
    """A progress callback that takes the server away once ``count`` reports are stored."""
    done: list[Path] = []

    def progress(path: Path) -> None:
        done.append(path)
        if len(done) == count:
            action()
    return progress


def assert_consistent(settings: Settings, committed: set[str]) -> None:
    """All seven samples in both stores, each chunk once, and the reports committed before the
    failure among them, unchanged."""
    kb = KnowledgeBase.open(settings)
    reports = {r.id for r in kb.reports()}
    chunk_ids = [cid for rid in reports for cid in kb.facts.chunk_ids(rid)]
    assert len(reports) == 7 and committed <= reports and kb.facts.pending_ids() == []
    assert kb.vectors.count() == kb.facts.counts()["chunks"] == len(set(chunk_ids)) == len(chunk_ids)
    assert kb.vectors.report_ids() == reports


@pytest.mark.parametrize("after", [1, 4])
def test_the_chroma_server_killed_mid_ingest(chroma_server: ChromaServer, after: int) -> None:
    settings = load_settings(chroma=f"127.0.0.1:{chroma_server.port}")
    kb = KnowledgeBase.open(settings)
    kb.group_chunks = 1  # a group per report, so reports are committed before the kill
    with pytest.raises(VectorStoreUnavailable, match="向量库（Chroma）无法访问.*已完成导入的报告不受影响"):
        kb.ingest(sample_paths(), progress=after_reports(after, chroma_server.kill))
    committed = {r.id for r in kb.reports()}
    assert len(committed) == after  # nothing committed was lost

    chroma_server.start()  # the server comes back, from the same directory
    result = KnowledgeBase.open(settings).ingest(sample_paths())
    assert len(result.repaired) == 1 and len(result.added) == 7 - after
    assert_consistent(settings, committed)


@pytest.mark.skipif(not (SERVER_DB and PG_CLUSTER), reason="needs the CI's PostgreSQL (DISCLOSURE_TEST_DATABASE_URL, DISCLOSURE_TEST_PG_CLUSTER)")
@pytest.mark.parametrize("after", [1, 4])
def test_postgresql_stopped_mid_ingest(after: int) -> None:
    assert SERVER_DB is not None
    settings = load_settings(database_url=SERVER_DB)  # vectors in the test's own local directory
    metadata.drop_all(FactStore(SERVER_DB).engine)
    kb = KnowledgeBase.open(settings)
    kb.group_chunks = 1
    try:
        with pytest.raises(StoreUnavailable, match="事实库（数据库）无法访问.*已完成导入的报告不受影响"):
            kb.ingest(sample_paths(), progress=after_reports(after, lambda: pg_ctl("stop")))
    finally:
        pg_ctl("start")
    committed = {r.id for r in KnowledgeBase.open(settings).reports()}
    assert len(committed) == after

    result = KnowledgeBase.open(settings).ingest(sample_paths())
    assert len(result.added) == 7 - after
    assert_consistent(settings, committed)
