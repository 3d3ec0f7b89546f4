"""Old Office and WPS files (.doc, .wps, .et, .xls) through LibreOffice, headless.

Word-processor files become .docx and spreadsheets become HTML, which the other readers
read. LibreOffice runs with a private, temporary profile (a user's open LibreOffice or a
parallel conversion never interferes), in a temporary folder, under a time limit; its
output is size-checked before it is read. Without LibreOffice the file is refused with a
sentence naming the Debian package to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import UnreadableFile, UnsupportedFormat

WORD_SUFFIXES = {".doc", ".wps", ".dot", ".wpt"}
SHEET_SUFFIXES = {".et", ".xls", ".ett"}
TIMEOUT_SECONDS = 120
MAX_OUTPUT_BYTES = 100 * 1024 * 1024


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_office(data: bytes, name: str, suffix: str) -> tuple[bytes, str]:
    """Convert an old Office/WPS file; returns the converted bytes and their file name
    (``report.doc`` → ``report.docx``, ``table.et`` → ``table.html``)."""
    program = soffice()
    sheet = suffix in SHEET_SUFFIXES
    if program is None:
        package = "libreoffice-calc-nogui" if sheet else "libreoffice-writer-nogui"
        raise UnsupportedFormat(
            f"{name} 是旧版 Office/WPS 格式（{suffix}），读取它需要 LibreOffice；请安装 {package}"
            f"（Debian/Ubuntu：sudo apt-get install {package}），或在 Word/WPS 中另存为 .docx 或 PDF 后再试。"
            f" ({name} is a {suffix} file: install {package} or save it as .docx or PDF.)"
        )
    target = "html" if sheet else "docx"
    with tempfile.TemporaryDirectory(prefix="disclosure-convert-") as work:
        folder = Path(work)
        source = folder / f"input{suffix}"  # never the user's file name on a command line
        source.write_bytes(data)
        out = folder / "out"
        command = [
            program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(source),
        ]
        _run(command, name)
        produced = sorted(out.glob(f"input.{target}")) if out.exists() else []
        if not produced:
            raise UnreadableFile(
                f"{name} 无法用 LibreOffice 转换（文件可能已损坏，或不是 {suffix} 文件）；请用 Word 或 WPS 另存为 .docx 或 PDF 后再试。"
                f" ({name} could not be converted by LibreOffice.)"
            )
        size = produced[0].stat().st_size
        if size > MAX_OUTPUT_BYTES:
            raise UnreadableFile(
                f"{name} 转换后有 {size // 1024 // 1024} MB，不像一份年度报告；请检查文件。 ({name} converts to too much data.)"
            )
        return produced[0].read_bytes(), f"{Path(name).stem}.{target}"


def _run(command: list[str], name: str) -> None:
    """Run LibreOffice in its own process group so a time-out ends all of it."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               start_new_session=True, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise UnreadableFile(
            f"{name} 转换超时（超过 {TIMEOUT_SECONDS} 秒）；请用 Word 或 WPS 另存为 .docx 或 PDF 后再试。"
            f" ({name}: LibreOffice conversion timed out.)"
        ) from None
