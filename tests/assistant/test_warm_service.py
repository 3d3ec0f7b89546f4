"""The warm question service: the second `disclosure ask` in a new process is answered by the
process the first one started, with the very same output; a change to the knowledge base ends
it (the next question is answered in its own process and starts a fresh service)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.warm_service import socket_path

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "利通区2024年不予公开多少件？"


def _ask(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "ask", QUESTION, *extra], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def _service_pid(home: Path, timeout: float = 120) -> int:
    path = socket_path(home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return int(Path(f"{path}.lock").read_text())
        time.sleep(0.2)
    raise AssertionError("the warm service did not start")


@pytest.mark.slow
def test_the_second_question_is_answered_by_the_warm_service_with_the_same_output(isolated_env: Path, tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(ROOT), "DISCLOSURE_SERVICE_IDLE": "60"}
    alone = _ask(env | {"DISCLOSURE_SERVICE_IDLE": "0"})  # the samples in, the answer from its own process
    assert alone.returncode == 0 and "不予公开 7 件" in alone.stdout
    assert not socket_path(isolated_env).exists()  # no service when it is off
    first = _ask(env)  # answers by itself, starts the service
    pid = _service_pid(isolated_env)
    try:
        served = _ask(env)
        assert served.stdout == alone.stdout == first.stdout
        assert _ask(env, "--json").stdout == _ask(env | {"DISCLOSURE_SERVICE_IDLE": "0"}, "--json").stdout
        # another process changes the knowledge base: the service ends, the answer is still right
        report = tmp_path / "青山区2025.txt"
        report.write_text((Path(__file__).parents[2] / "index" / "samples" / "hongqi-district-2024.txt").read_text(encoding="utf-8")
                          .replace("红旗", "青山").replace("2024", "2025"), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "assistant", "ingest", str(report)], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
        after = _ask(env)
        assert after.stdout == alone.stdout
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.2)
        assert not Path(f"/proc/{pid}").exists(), "the service that saw the old knowledge base ended"
    finally:
        for stale in (pid,):
            try:
                os.kill(stale, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            os.kill(_service_pid(isolated_env, timeout=5), signal.SIGTERM)  # the one the last question started
        except (AssertionError, ValueError, ProcessLookupError):
            pass
