"""Old Office and WPS files (.doc, .wps, .et, .xls) with pip packages alone; LibreOffice only as a fallback.

A Word 97 / WPS word-processor file (.doc, .wps: the same binary format) becomes a .docx by
msdoc2docx (module ``doc2docx``, pure Python, MIT), run in a child process under a time and
memory limit, and the .docx reader reads it like any other. A spreadsheet (.xls, .et) is read
by xlrd into one grid. When the pure path fails (an exotic or damaged file) and LibreOffice is
installed, LibreOffice converts it with a private, temporary profile under a time limit; its
output is size-checked before it is read. Without LibreOffice, the pure path's failure is the
answer: one sentence saying what is wrong and what to do.

Why msdoc2docx (bench/bench_old_office.py measures them): of the three pure .doc readers on PyPI
it alone keeps tables as tables (wps2md writes Markdown pipes, legacy-doc plain text), it
refuses every damaged file with a typed error (wps2md returned empty text for a corrupted one),
and it converts a report in about a second in 40 MB.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import UnreadableFile, UnsupportedFormat

WORD_SUFFIXES = {".doc", ".wps", ".dot", ".wpt"}
SHEET_SUFFIXES = {".et", ".xls", ".ett"}
TIMEOUT_SECONDS = 120
PURE_TIMEOUT_SECONDS = 60  # msdoc2docx converts a report in ~1 s; a minute is a file built to hang it
PURE_MEMORY_BYTES = 2 * 1024**3  # the converter's address space (it needs ~40 MB for a report)
MAX_OUTPUT_BYTES = 100 * 1024 * 1024
MAX_SHEET_CELLS = 200_000  # an .xls of a report's tables has a few hundred

# The converter runs isolated (-I: the user's folder and PYTHONPATH are not on its path); its
# stream limits stop a compound file that claims more than the input could hold.
_PURE_DOC = """
import sys
from doc2docx import convert
from doc2docx.cfb import CompoundFileLimits
from doc2docx.errors import Doc2DocxError
limit = int(sys.argv[3])
try:
    convert(sys.argv[1], sys.argv[2], limits=CompoundFileLimits(max_input_bytes=limit, max_stream_bytes=limit))
except Doc2DocxError as exc:
    print(type(exc).__name__, exc, file=sys.stderr)
    sys.exit(3)
"""


class PureConversionFailed(Exception):
    """The pip-only path could not read the file (the reason in English, for the note)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes, name: str) -> tuple[bytes, str]:
    """A .doc/.wps file as .docx bytes and a note saying how it was converted: msdoc2docx,
    else LibreOffice when installed; UnreadableFile when neither reads it."""
    try:
        return _pure_doc(data, name), f"{name} 已转换为 .docx 后读取（msdoc2docx） ({name} was converted by msdoc2docx)"
    except PureConversionFailed as failed:
        if soffice() is None:
            raise UnreadableFile(
                f"{name} 无法读取：文件可能已损坏、加了密码或不是 Word/WPS 文件；请用 Word 或 WPS 打开后另存为 .docx 或 PDF 再试。"
                f" ({name} could not be read as a .doc/.wps file: {failed})"
            ) from None
        converted, _ = _libreoffice(data, name, Path(name).suffix.lower() or ".doc", "docx")
        return converted, f"{name} 已用 LibreOffice 转换为 .docx 后读取 ({name} was converted by LibreOffice; msdoc2docx: {failed})"


def _pure_doc(data: bytes, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="disclosure-doc-") as work:
        source, target = Path(work) / "input.doc", Path(work) / "output.docx"
        source.write_bytes(data)
        limit = str(max(len(data), 1) * 2)
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", _PURE_DOC, str(source), str(target), limit],
                capture_output=True, timeout=PURE_TIMEOUT_SECONDS, preexec_fn=_limit_memory, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise PureConversionFailed(f"timed out after {PURE_TIMEOUT_SECONDS} s") from None
        if done.returncode != 0 or not target.exists():
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1][:200] if lines else f"exit status {done.returncode}"
            if "ModuleNotFoundError" in reason:
                reason = "msdoc2docx is not installed (pip install msdoc2docx)"
            raise PureConversionFailed(reason)
        if target.stat().st_size > MAX_OUTPUT_BYTES:
            raise PureConversionFailed("the converted file is too large")
        return target.read_bytes()


def _limit_memory() -> None:  # runs in the child before the converter starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PURE_MEMORY_BYTES, PURE_MEMORY_BYTES))


def sheet_rows(data: bytes, name: str) -> list[list[list[str]]]:
    """Each sheet of an .xls/.et file as rows of cell texts (numbers as written: 95, 12.5),
    by xlrd; LibreOffice's HTML when xlrd cannot read it and LibreOffice exists."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, formatting_info=False)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, AssertionError, IndexError… on damaged files
        raise PureConversionFailed(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    sheets: list[list[list[str]]] = []
    cells = 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            cells += sheet.nrows * sheet.ncols
            if cells > MAX_SHEET_CELLS:
                raise UnreadableFile(
                    f"{name} 的表格有超过 {MAX_SHEET_CELLS} 个单元格，不像一份年度报告的表格；请检查文件。 ({name} has too many cells.)"
                )
            sheets.append([[_cell_text(sheet.cell(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)])
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets


def _cell_text(cell: object) -> str:
    value = cell.value  # type: ignore[attr-defined]
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value).strip()


def sheet_to_html(data: bytes, name: str, suffix: str) -> tuple[bytes, str]:
    """LibreOffice's HTML of a spreadsheet xlrd could not read; UnsupportedFormat without LibreOffice."""
    if soffice() is None:
        raise UnsupportedFormat(
            f"{name} 无法读取（不是 Excel 97–2003 或 WPS 表格格式，或已损坏）；请在 Excel/WPS 中另存为 .xlsx 或 PDF 后再试。"
            f" ({name} could not be read as an .xls/.et spreadsheet.)"
        )
    return _libreoffice(data, name, suffix, "html")


def _libreoffice(data: bytes, name: str, suffix: str, target: str) -> tuple[bytes, str]:
    program = soffice()
    assert program is not None
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
                f"{name} 无法转换（文件可能已损坏，或不是 {suffix} 文件）；请用 Word 或 WPS 另存为 .docx 或 PDF 后再试。"
                f" ({name} could not be converted.)"
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
