"""Hostile conditions of ingest (issue 16): concurrent runs, new versions of a report, bad files
in a batch, values that cannot be counts, inputs PostgreSQL rejects. Each on both backends when
CI provides the servers; each asserts the outcome and that the two stores agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
from tests.assistant.test_knowledge import kb, settings, state  # noqa: F401 - fixtures
from tests.conftest import sample_path


def consistent(kb: KnowledgeBase) -> dict:
    counts, reports, vectors, chunk_ids = state(kb)
    assert kb.facts.pending_ids() == []
    assert vectors == counts["chunks"] == len(chunk_ids) and kb.vectors.report_ids() == set(reports)
    return counts


def bodies(folder: Path, names: range) -> Path:
    """Reports of distinct bodies (the 红旗区 sample, renamed), one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    text = sample_path("hongqi-district-2024").read_text(encoding="utf-8")
    for i in names:
        (folder / f"body-{i}.txt").write_text(text.replace("红旗区人民政府", f"第{i}区人民政府").replace("14000 余条", f"{14000 + i} 余条"),
                                              encoding="utf-8")
    return folder


def cli_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "DISCLOSURE_HOME": str(settings.home), "DISCLOSURE_EMBEDDING_BACKEND": "fake",
           "PYTHONPATH": str(Path(__file__).parents[2])}
    if settings.database_url:
        env |= {"DISCLOSURE_DATABASE_URL": settings.database_url, "DISCLOSURE_CHROMA": settings.chroma or ""}
    return env


@pytest.mark.slow
def test_two_concurrent_ingests_of_different_folders_lose_nothing(settings: Settings, tmp_path: Path) -> None:  # noqa: F811
    """The second run starts while the first has reports pending (it used to delete them as
    'half-finished': "新增 30", 16 listed, 266 orphan chunks). Now it waits its turn; a re-run
    afterwards finds nothing to add and both stores agree."""
    first, second = bodies(tmp_path / "a", range(0, 100)), bodies(tmp_path / "b", range(100, 120))
    env = cli_env(settings)
    command = [sys.executable, "-m", "assistant", "ingest", "--json"]
    one = subprocess.Popen([*command, str(first)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kb = KnowledgeBase.open(settings)
    deadline = time.monotonic() + 120
    while not kb.facts.pending_ids() and one.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # until the first run has written reports as pending
    two = subprocess.Popen([*command, str(second)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_one, err_one = one.communicate(timeout=300)
    out_two, err_two = two.communicate(timeout=300)
    assert one.returncode == 0 and two.returncode == 0, err_one + err_two
    assert json.loads(out_one)["added"] == 100 and json.loads(out_two)["added"] == 20
    rerun = subprocess.run([*command, str(first), str(second)], env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert (summary["added"], summary["unchanged"], summary["repaired"]) == (0, 120, 0)
    assert consistent(KnowledgeBase.open(settings))["reports"] == 120


def test_writers_in_threads_of_one_process_take_turns(kb: KnowledgeBase, tmp_path: Path) -> None:  # noqa: F811
    """The app's two uploads at once: one waits (and is told so), none undoes the other."""
    folders = [bodies(tmp_path / "a", range(0, 6)), bodies(tmp_path / "b", range(6, 12))]
    waited: list[bool] = []
    results = []
    inside = threading.Event()

    def slow_progress(_path: Path) -> None:
        inside.set()
        time.sleep(0.05)

    def run(folder: Path, progress: object) -> None:
        results.append(kb.ingest([folder], progress=progress, on_wait=lambda: waited.append(True)))

    first = threading.Thread(target=run, args=(folders[0], slow_progress))
    first.start()
    assert inside.wait(60)
    second = threading.Thread(target=run, args=(folders[1], None))
    second.start()
    first.join(120)
    second.join(120)
    assert waited == [True] and sorted(len(r.added) for r in results) == [6, 6] and all(not r.repaired for r in results)
    assert consistent(kb)["reports"] == 12
