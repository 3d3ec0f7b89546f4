"""Load: N concurrent simulated users (ask / validate / draft mixed) against the app on
loopback for a bounded time. Reports requests, failures and latency percentiles.

    python bench/bench_load.py [--users 20] [--seconds 60] [--url http://127.0.0.1:7860/]

Without --url it starts the app itself on a free loopback port (fake embeddings unless
DISCLOSURE_EMBEDDING_BACKEND says otherwise; a temporary data home).
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
    serve("127.0.0.1", port, block=False)
    return f"http://127.0.0.1:{port}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url")
    args = parser.parse_args()
    url = args.url or _start_app()
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("Load tests only target loopback addresses.")
    from gradio_client import Client

    pasted = _pasted_table()
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def user(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(url, verbose=False)
        while time.monotonic() < deadline:
            job = rng.choice(["ask", "ask", "validate", "draft"])
            start = time.perf_counter()
            try:
                if job == "ask":
                    client.predict(rng.choice(QUESTIONS), [], "", "", api_name="/ask")
                elif job == "validate":
                    client.predict(pasted, None, None, api_name="/validate")
                else:
                    client.predict("五、存在的主要问题及改进情况", NOTES, "", None, "", api_name="/draft")
                ok = True
            except Exception:  # noqa: BLE001 - any failure counts
                ok = False
            with lock:
                results.append((job, time.perf_counter() - start, ok))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report: dict[str, object] = {"users": args.users, "seconds": args.seconds, "requests": len(results),
                                 "failed": sum(1 for _, _, ok in results if not ok)}
    for job in ("ask", "validate", "draft", "all"):
        times = sorted(t for j, t, ok in results if job in (j, "all") and ok)
        if len(times) >= 2:
            report[job] = {"n": len(times), "p50_ms": round(1000 * statistics.median(times)), "p95_ms": round(1000 * statistics.quantiles(times, n=20)[-1])}
    print(json.dumps(report, indent=2))
    os._exit(0)  # the in-process app's threads


if __name__ == "__main__":
    main()
