"""A newcomer's first minutes: a fresh copy of the repository, a fresh virtual environment, the
README's first command, and the time until the page answers HTTP 200 and until the first answer.

    python bench/bench_newcomer.py [--command "…"] [--keep]

The first ```bash line of README.md is run as written (``python3 -m venv .venv && …pip install …
&& .venv/bin/disclosure serve``) in a copy of the committed tree (``git archive HEAD``), with an
empty data home, pip's cache off (a new machine has none) and ``serve`` given a free port. Times
(wall clock, seconds from the start): ``install`` (until the ``disclosure`` script exists),
``http_200`` (the page), ``first_answer`` (then a table question from the new environment's command
line), ``all_samples_in`` (the samples imported behind the page are all in), and the load average while it ran (the machine is shared).

Target: ``http_200`` ≤ 120 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "2024年哪个机关收到的申请最多？"
SAMPLES = 7  # the bundled sample reports


def first_command() -> str:
    block = re.search(r"```bash\n(.*?)\n", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README.md has no ```bash block"
    return block.group(1).split("#", 1)[0].strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def _first_answer(work: Path, env: dict[str, str]) -> str:
    """A table question from the new environment's command line, beside the running page."""
    done = subprocess.run([str(work / ".venv" / "bin" / "disclosure"), "ask", QUESTION], cwd=work, text=True, timeout=300,
                          env=env | {"DISCLOSURE_SERVICE_IDLE": "0"}, capture_output=True)  # no warm service outlives the trial
    return (done.stdout or done.stderr).strip()[:120]


def _reports(work: Path, env: dict[str, str]) -> int:
    """How many reports the new environment's knowledge base holds (the page imports the samples
    after the first in the background)."""
    done = subprocess.run([str(work / ".venv" / "bin" / "disclosure"), "reports", "--json"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    try:
        return len(json.loads(done.stdout))
    except ValueError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--command", help="instead of README's first command")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    command = args.command or first_command()
    work = Path(tempfile.mkdtemp(prefix="newcomer-"))
    subprocess.run(f"git -C {ROOT} archive HEAD | tar -x -C {work}", shell=True, check=True)
    port = _free_port()
    command = re.sub(r"\bserve\b", f"serve --port {port}", command)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCLOSURE_", "PYTHON", "VIRTUAL_ENV"))}
    env |= {"DISCLOSURE_HOME": str(work / "home"), "PIP_NO_CACHE_DIR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PATH": ":".join(p for p in env.get("PATH", "").split(":") if "venv" not in p)}
    loads = [os.getloadavg()[0]]
    start = time.perf_counter()
    log = (work / "newcomer.log").open("w")
    process = subprocess.Popen(["bash", "-c", command], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    times: dict[str, float] = {}
    try:
        while time.perf_counter() - start < args.timeout:
            if process.poll() is not None:
                raise SystemExit(f"the command ended ({process.returncode}); see {work / 'newcomer.log'}")
            if "install" not in times and (work / ".venv" / "bin" / "disclosure").exists():
                times["install"] = time.perf_counter() - start
            if _ok(url):
                times["http_200"] = time.perf_counter() - start
                break
            loads.append(os.getloadavg()[0])
            time.sleep(0.5)
        else:
            raise SystemExit(f"no page after {args.timeout} s; see {work / 'newcomer.log'}")
        answer = _first_answer(work, env)
        times["first_answer"] = time.perf_counter() - start
        while time.perf_counter() - start < args.timeout and _reports(work, env) < SAMPLES:
            time.sleep(2)
        times["all_samples_in"] = time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    report = {"command": command, "python": sys.version.split()[0], "cores": os.cpu_count(),
              "seconds": {k: round(v, 1) for k, v in times.items()}, "target_http_200": 120,
              "load_average": {"start": round(loads[0], 1), "max": round(max(loads), 1)}, "first_answer": answer,
              "log_tail": (work / "newcomer.log").read_text(encoding="utf-8", errors="replace").splitlines()[-8:]}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
