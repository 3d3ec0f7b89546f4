"""Load: N concurrent simulated users (ask / validate / draft mixed) against the app on
loopback for a bounded time. Reports requests, failures and latency percentiles.

    python bench/bench_load.py [--users 20] [--seconds 60] [--url http://127.0.0.1:7860/]
                               [--attackers 1] [--attack text|html] [--uploaders 1]

Hostile users (issue 16) are among the N: each attacker keeps pasting a pathological 20 KB text
into 校验 (lines that made the old text reader backtrack for seconds), each uploader keeps adding
a new report through the app's upload handler (in process: uploads are not a public endpoint).
``--attack html`` makes the attackers paste issue 25's pathological HTML instead: ``"<table>" +
"<tr><td>1" * 6000`` (54 KB of unclosed cells; it took 26 s to read and held others' validations 33 s).
"others" is everyone else: their p95 is what a hostile user must not spoil.

Without --url it starts the app itself on a free loopback port (fake embeddings unless
DISCLOSURE_EMBEDDING_BACKEND says otherwise; a temporary data home). The simulated browsers run
in a process of their own (as people's browsers do), uploaders in the app's process. The app's
worker processes (DISCLOSURE_WORKERS: validating pastes and uploads, building .docx files) are
reported apart in cpu_seconds.workers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import tempfile
import threading
import time
from importlib.resources import files
from pathlib import Path

QUESTIONS = ["利通区2024年不予公开多少件？", "how many requests did 利通区 deny in 2024", "哪个机关的行政复议最多？",
             "洪泽区2023年和2024年收到的申请比较", "利通区如何做政策解读？", "哪些报告有错误？"]
NOTES = "政策解读形式单一；新媒体更新慢；下一步搞图解和视频解读"


def _pasted_table() -> str:
    text = Path(str(files("index").joinpath("samples/litong-district-2024.txt"))).read_text(encoding="utf-8")
    return text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")].replace("12\t0\t0\t0\t0\t0\t12", "13\t0\t0\t0\t0\t0\t12")


def _start_app() -> str:
    os.environ.setdefault("DISCLOSURE_HOME", tempfile.mkdtemp(prefix="disclosure-load-"))
    os.environ.setdefault("DISCLOSURE_EMBEDDING_BACKEND", "fake")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from ui.app import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from ui import app as ui_app

    ui_app._served = serve("127.0.0.1", port, block=False)  # type: ignore[attr-defined]
    return f"http://127.0.0.1:{port}/"


def _pathological(size: int = 20_000) -> str:
    """20 KB of the lines that used to backtrack: a heading, a numeric tail and a pipe separator
    padded with thousands of spaces."""
    lines = ["# a" + " " * 3000 + "b", "本年新收" + " " * 3000 + "1 x", "|--" + " " * 3000 + "x", "1 " * 1500 + "x"]
    text = ""
    while len(text) < size:
        text += lines[len(text) % len(lines)] + "\n"
    return text[:size]


def _pathological_html(rows: int = 6000) -> str:
    """Issue 25's paste: a table of unclosed rows and cells (every cell held the rest of the page)."""
    return "<table>" + "<tr><td>1" * rows


def _upload_handler(url: str) -> object | None:
    """The app's upload handler with its services, when the app runs in this process."""
    from functools import partial

    from ui import app as ui_app

    blocks = getattr(ui_app, "_served", None)
    if blocks is None:
        return None
    for fn in blocks.fns.values():
        if isinstance(fn.fn, partial) and fn.fn.func is ui_app.upload_reports:
            return fn.fn
    return None


def _browsers(url: str, seeds: list[int], attackers: int, deadline: float, pasted: str,
              attack: str = "text") -> list[tuple[str, float, bool]]:
    """The people at their browsers (attackers and everyone else), one thread each, until
    ``deadline`` (time.time()): (job, seconds, ok) per request."""
    from gradio_client import Client

    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    hostile = _pathological_html() if attack == "html" else _pathological()

    def attacker() -> None:
        client = Client(url, verbose=False, ssl_verify=False, download_files=False)
        while time.time() < deadline:
            start = time.perf_counter()
            try:
                client.predict(hostile, None, None, api_name="/validate")
            except Exception:  # noqa: BLE001 - refused as not a report: the point is how long it took
                pass
            with lock:
                results.append(("attack", time.perf_counter() - start, True))

    def user(seed: int) -> None:
        rng = random.Random(seed)
        # plain http on loopback: no CA bundle loaded per request; a drafted .docx is fetched
        # when a person clicks it, not with every draft
        client = Client(url, verbose=False, ssl_verify=False, download_files=False)
        while time.time() < deadline:
            job = rng.choice(["ask", "ask", "validate", "draft"])
            start = time.perf_counter()
            try:
                if job == "ask":
                    client.predict(rng.choice(QUESTIONS), [], "", "", api_name="/ask")
                elif job == "validate":
                    client.predict(pasted, None, None, api_name="/validate")
                else:
                    client.predict(section="五、存在的主要问题及改进情况", notes=NOTES, agency="", year=None, figures="", fees=None,
                                   other="", api_name="/draft")  # the tables and the form keep the page's defaults
                ok = True
            except Exception:  # noqa: BLE001 - any failure counts
                ok = False
            with lock:
                results.append((job, time.perf_counter() - start, ok))

    threads = [threading.Thread(target=attacker if seed < attackers else user, args=() if seed < attackers else (seed,)) for seed in seeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _children_cpu() -> float:
    """CPU seconds of this process's running children (Linux /proc; 0 elsewhere)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return round(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url")
    parser.add_argument("--attackers", type=int, default=0, help="users who keep pasting a pathological text (see --attack)")
    parser.add_argument("--attack", choices=["text", "html"], default="text",
                        help="what attackers paste: text (20 KB of backtracking lines) or html (54 KB of unclosed table rows)")
    parser.add_argument("--uploaders", type=int, default=0, help="users who keep uploading reports (in-process app only)")
    parser.add_argument("--clients-in-process", action="store_true",
                        help="run the simulated browsers as threads of the app's process (their HTTP client then competes with "
                             "the app for Python's interpreter lock, which real browsers never do)")
    args = parser.parse_args()
    url = args.url or _start_app()
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("Load tests only target loopback addresses.")

    pasted = _pasted_table()
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    deadline = time.time() + args.seconds

    upload = _upload_handler(url)
    if args.uploaders and upload is None:
        raise SystemExit("--uploaders needs the app started by this script (no --url).")
    report_text = Path(str(files("index").joinpath("samples/litong-district-2024.txt"))).read_text(encoding="utf-8")
    upload_dir = Path(tempfile.mkdtemp(prefix="disclosure-uploads-"))

    def uploader(seed: int) -> None:
        """Uploads go through the app's handler in this process (they are not a public endpoint)."""
        n = 0
        while time.time() < deadline:
            n += 1
            path = upload_dir / f"upload-{seed}-{n}.txt"
            path.write_text(report_text.replace("利通区", f"第{seed}-{n}区"), encoding="utf-8")
            start = time.perf_counter()
            try:
                upload(files=[str(path)], progress=lambda *a, **k: None)  # type: ignore[misc]
                ok = True
            except Exception:  # noqa: BLE001
                ok = False
            with lock:
                results.append(("upload", time.perf_counter() - start, ok))

    seeds = [i for i in range(args.users) if not args.attackers <= i < args.attackers + args.uploaders]
    threads = [threading.Thread(target=uploader, args=(i,)) for i in range(args.attackers, args.attackers + args.uploaders)]
    for thread in threads:
        thread.start()
    if args.clients_in_process:
        browsers = _browsers(url, seeds, args.attackers, deadline, pasted, args.attack)
    else:  # the browsers are other people's machines: here another process (it shares the CPUs, not the interpreter)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            browsers = pool.submit(_browsers, url, seeds, args.attackers, deadline, pasted, args.attack).result()
    for thread in threads:
        thread.join()
    results += browsers
    import resource

    cpu = {who: round(usage.ru_utime + usage.ru_stime, 1)
           for who, usage in (("app", resource.getrusage(resource.RUSAGE_SELF)), ("browsers", resource.getrusage(resource.RUSAGE_CHILDREN)))}
    cpu["workers"] = _children_cpu()  # the app's worker processes (validation, .docx), still running
    report: dict[str, object] = {"users": args.users, "attackers": args.attackers, "attack_paste": args.attack, "uploaders": args.uploaders,
                                 "seconds": args.seconds, "clients": "in process" if args.clients_in_process else "own process",
                                 "requests": len(results), "failed": sum(1 for _, _, ok in results if not ok),
                                 "cpu_seconds": cpu, "load_average": [round(x, 2) for x in os.getloadavg()],
                                 "embedding": os.environ.get("DISCLOSURE_EMBEDDING_BACKEND", "e5")}
    others = ("ask", "validate", "draft")
    for job in (*others, "attack", "upload", "others"):
        times = sorted(t for j, t, ok in results if (j == job or (job == "others" and j in others)) and ok)
        if len(times) >= 2:
            report[job] = {"n": len(times), "p50_ms": round(1000 * statistics.median(times)), "p95_ms": round(1000 * statistics.quantiles(times, n=20)[-1])}
    print(json.dumps(report, indent=2))
    os._exit(0)  # the in-process app's threads


if __name__ == "__main__":
    main()
