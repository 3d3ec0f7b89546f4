"""Jobs of the served app in worker processes (assistant.offload): the same results as in the
app's process, errors as the same sentences, a dead worker replaced, orphaned workers gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from assistant.checkview import check_view
from assistant.docx_export import export_docx
from assistant.offload import Offload, WorkerStopped
from index.errors import InputError
from tests.conftest import sample_path


@pytest.fixture(scope="module")
def offload() -> Offload:
    pool = Offload(1)
    pool.warm()
    yield pool
    pool.close()


def broken_table3() -> str:
    text = sample_path("litong-district-2024").read_text(encoding="utf-8")
    table = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    return table.replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")


def test_a_job_runs_in_another_process_with_the_same_result(offload: Offload) -> None:
    assert offload.run(os.getpid) != os.getpid()
    here = check_view(broken_table3(), None, None)
    there = offload.run(check_view, broken_table3(), None, None)
    assert there == here and "1 个错误" in there[0] and there[1][0][:5] == ["出错单元格", "错误", "表三 · 予以公开 · 自然人", "12", "13"]
    uploaded = offload.run(check_view, "", str(sample_path("hongze-district-2024")), None)
    assert uploaded == check_view("", str(sample_path("hongze-district-2024")), None)


def test_a_docx_built_in_a_worker_is_the_same_file(offload: Offload) -> None:
    args = ("利通区2024年政府信息公开工作年度报告", ["五、存在的主要问题及改进情况\n一是政策解读形式单一。"], None)
    assert offload.run(export_docx, *args) == export_docx(*args)


def test_errors_cross_as_the_same_sentence(offload: Offload) -> None:
    with pytest.raises(InputError, match="请粘贴表格或报告全文"):
        offload.run(check_view, "", None, None)


def test_a_worker_that_dies_is_replaced_and_the_job_refused(offload: Offload) -> None:
    with pytest.raises(WorkerStopped, match="工作进程两次意外退出"):
        offload.run(os._exit, 3)  # the job kills its worker, and the next one
    first = offload.run(os.getpid)  # a new worker takes the next job
    assert first != os.getpid() and offload.run(os.getpid) == first


def test_without_workers_jobs_run_here() -> None:
    assert Offload(0).run(os.getpid) == os.getpid()


def test_workers_leave_with_the_app() -> None:
    """An app killed without closing its pool (SIGKILL, os._exit) leaves no worker behind."""
    script = ("import os; from assistant.offload import Offload; o = Offload(1); o.warm(); "
              "print(o.run(os.getpid), flush=True); os._exit(0)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    worker = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=True).stdout)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.2)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = open(f"/proc/{pid}/stat").read() if os.path.exists(f"/proc/{pid}/stat") else ""
    return " Z " not in stat  # a zombie has exited


def test_a_job_past_the_time_limit_is_stopped_and_others_go_on() -> None:
    """Issue 25, failure 4: two pathological pastes held another user's validation 33 s. A job
    past the limit is stopped (its worker killed), its user told in one sentence; a job that
    shared the pool is run again in a fresh worker and answers."""
    import threading

    from assistant.offload import JobTimedOut

    pool = Offload(1, time_limit=2.0)
    pool.warm()
    try:
        started = time.monotonic()
        other: list[object] = []
        neighbour = threading.Thread(target=lambda: other.append(pool.run(time.sleep, 0.5)))
        with pytest.raises(JobTimedOut, match="超过 2 秒仍未完成，已停止"):
            threading.Timer(0.2, neighbour.start).start()
            pool.run(time.sleep, 30)
        assert time.monotonic() - started < 10
        neighbour.join(30)
        assert other == [None]  # the neighbour's job finished (again, in a new worker)
        assert pool.run(os.getpid) != os.getpid()  # the pool works on
    finally:
        pool.close()
