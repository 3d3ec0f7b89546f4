"""Old Office files with pip alone: the .doc/.wps readers on PyPI compared, and the default path timed.

For each candidate that is importable (msdoc2docx = module doc2docx, the default; wps2md and
legacy-doc need ``pip install wps2md legacy-doc`` to be compared) and each file — the two sample
.doc files in tests/data/formats and damaged copies of one (cut in half, cut at 4 KB, bytes
flipped, an empty compound file) — it prints whether the file was read, seconds, peak memory of
a fresh process, and what came out (tables for a converter, characters for a text extractor).
Then the project's own path (read_bytes → parse) on .doc and .xls, seconds per file.

    python bench/bench_old_office.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"

_ONE = r"""
import sys, time, resource, json
tool, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
try:
    if tool == "msdoc2docx":
        import tempfile, docx
        from doc2docx import convert
        out = tempfile.mktemp(suffix=".docx")
        convert(path, out)
        document = docx.Document(out)
        what = f"{len(document.tables)} tables, {sum(len(t.rows) for t in document.tables)} rows"
    elif tool == "wps2md":
        from wps2md import parse, to_markdown
        text = to_markdown(parse(path).paragraphs)
        what = f"{len(text)} chars (tables as Markdown pipes: {text.count('|')})"
    else:
        from legacy_doc import extract_text
        what = f"{len(extract_text(open(path, 'rb').read()).text)} chars (text only)"
    ok = bool(what) and not what.startswith("0 ")
except ModuleNotFoundError as exc:
    print(json.dumps({"missing": str(exc)})); sys.exit()
except Exception as exc:
    ok, what = False, f"{type(exc).__name__}: {str(exc)[:70]}"
print(json.dumps({"ok": ok, "seconds": round(time.perf_counter() - start, 2),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "what": what}))
"""


def damaged(folder: Path) -> list[Path]:
    data = (FORMATS / "litong-district-2024.doc").read_bytes()
    flipped = bytearray(data)
    for index in range(600, len(flipped), 97):
        flipped[index] ^= 0x5A
    files = {"half.doc": data[: len(data) // 2], "4k.doc": data[:4096], "flipped.doc": bytes(flipped),
             "zeros.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096}
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return [folder / name for name in files]


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        paths = sorted(FORMATS.glob("*.doc")) + damaged(Path(work))
        for tool in ("msdoc2docx", "wps2md", "legacy-doc"):
            for path in paths:
                done = subprocess.run([sys.executable, "-c", _ONE, tool, str(path)], capture_output=True, text=True, timeout=120)
                row = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {"ok": False, "what": done.stderr[-80:]}
                if "missing" in row:
                    print(f"{tool:11s} not installed ({row['missing']})")
                    break
                print(f"{tool:11s} {path.name:32s} {'read' if row['ok'] else 'REFUSED':8s} {row['seconds']:5.2f} s {row['peak_mb']:4d} MB  {row['what']}")
    from index.parser import parse_document
    from index.readers import read_bytes

    for path in sorted(FORMATS.glob("*.doc")) + sorted(FORMATS.glob("*.xls")):
        data = path.read_bytes()
        start = time.perf_counter()
        report = parse_document(read_bytes(data, path.name))
        print(f"project path  {path.name:32s} {time.perf_counter() - start:5.2f} s  {report.agency} {report.year}, "
              f"{sum(len(t.cells()) for t in report.tables())} cells")


if __name__ == "__main__":
    main()
