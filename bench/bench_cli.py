"""Start-up: how long the command line takes in a new process, as a person meets it.

    python bench/bench_cli.py [--runs 5] [--embedding e5|fake] [--home DIR]

Times (median of --runs new processes, wall clock): a bare interpreter (``python -c "import
json"``), ``disclosure --help``, a table question, a narrative question, ``validate`` of a
sample report; once each: the first use from an empty data home (the samples are ingested)
and ``serve`` until its port accepts a connection. Each is also given as a multiple of the
bare interpreter start measured in the same run.

Questions are answered by the warm question service (assistant/warm_service.py) once the first
one has started it; the bench waits for it, then times the questions. The same questions each in
a process of their own (``DISCLOSURE_SERVICE_IDLE=0``) are given as ``*_cold``.

Targets: ``--help`` and a table question ≤ 10× the bare start; a narrative question ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = "利通区2024年不予公开多少件？"
NARRATIVE = "利通区如何做政策解读？"
SAMPLE = ROOT / "index" / "samples" / "litong-district-2024.txt"


def _env(home: Path, embedding: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_")}
    return env | {"DISCLOSURE_HOME": str(home), "DISCLOSURE_EMBEDDING_BACKEND": embedding, "HF_HUB_OFFLINE": "1",
                  "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))}


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each measured command, by name


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(args: list[str], env: dict[str, str], name: str = "") -> float:
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    CPU.setdefault(name, []).append(_cpu() - cpu)
    if done.returncode not in (0, 1):  # validate exits 1 when a report has errors
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds


def _median(args: list[str], env: dict[str, str], runs: int, name: str) -> float:
    _once(args, env)  # the files are in the page cache from here on, as on a machine in use
    return statistics.median(_once(args, env, name) for _ in range(runs))


def _serve_until_open(env: dict[str, str]) -> float:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while server.poll() is None and time.perf_counter() - start < 600:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit("serve did not open its port")
    finally:
        server.terminate()
        server.wait(30)


def _wait_for_service(home: Path) -> float:
    """Seconds until the warm question service the first question started accepts questions."""
    sys.path.insert(0, str(ROOT))
    from assistant.warm_service import socket_path

    path, start = socket_path(home), time.perf_counter()
    while time.perf_counter() - start < 300:
        with socket.socket(socket.AF_UNIX) as client:
            if path.exists() and client.connect_ex(str(path)) == 0:
                return time.perf_counter() - start
        time.sleep(0.1)
    raise SystemExit("the warm question service did not start (see logs/warm-service.log in the data home)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--embedding", default="e5", help="embedding backend for first use and narrative questions")
    parser.add_argument("--home", type=Path, help="data home (default: a new temporary one)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="disclosure-cli-"))
    env = _env(home, args.embedding)
    cli = [sys.executable, "-m", "assistant"]
    bare = _median([sys.executable, "-c", "import json"], env, args.runs, "bare")
    seconds = {"first_use_ask": _once([*cli, "ask", TABLE], env, "first_use_ask")}  # an empty home: the samples are ingested first
    seconds["service_ready_after_first_use"] = _wait_for_service(home)
    commands = {"help": ["--help"], "ask_table": ["ask", TABLE], "ask_narrative": ["ask", NARRATIVE], "validate": ["validate", str(SAMPLE)]}
    for name, command in commands.items():
        seconds[name] = _median([*cli, *command], env, args.runs, name)
    cold = env | {"DISCLOSURE_SERVICE_IDLE": "0"}
    for name in ("ask_table", "ask_narrative"):
        seconds[f"{name}_cold"] = _median([*cli, *commands[name]], cold, args.runs, f"{name}_cold")
    seconds["serve_port_open"] = _serve_until_open(env)
    # On a shared machine wall time swings with the load; CPU time (user + system) does not, so
    # both are given, each against the bare interpreter measured the same way.
    cpu = {name: statistics.median(values) for name, values in CPU.items() if name}
    report = {
        "runs": args.runs, "embedding": args.embedding, "load_average": round(os.getloadavg()[0], 1),
        "bare_interpreter_s": round(bare, 3), "bare_interpreter_cpu_s": round(cpu["bare"], 3),
        "seconds": {name: round(value, 3) for name, value in seconds.items()},
        "times_bare": {name: round(value / bare, 1) for name, value in seconds.items()},
        "cpu_seconds": {name: round(value, 3) for name, value in cpu.items() if name != "bare"},
        "cpu_times_bare": {name: round(value / cpu["bare"], 1) for name, value in cpu.items() if name != "bare"},
        "targets": {"help": "10×", "ask_table": "10×", "ask_narrative": "1 s"},
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    _end_service(home)


def _end_service(home: Path) -> None:
    """The warm service the bench started ends with it (its pid is in the socket's lock file)."""
    import signal

    from assistant.warm_service import socket_path

    try:
        os.kill(int(Path(f"{socket_path(home)}.lock").read_text()), signal.SIGTERM)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
