"""The 13 failures of issue 25 (an attacker's and a careless operator's 92 attacks), one test
each: the one Chinese sentence a person reads, the exit code, and that both stores stay
consistent (a re-run finds nothing to add). The downloads folder is test_downloads_folder.py,
the quadratic HTML test_linear_html.py, the worker time limit test_offload.py, removal without
--auth tests/ui/test_shared_deployment.py, the repository's data home test_repo_hygiene.py."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.knowledge import KnowledgeBase
from assistant.settings import load_settings
from tests.assistant.test_hostile_ingest import consistent
from tests.conftest import sample_path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Logging error" not in result.output
    return result.exit_code, result.stdout, result.stderr


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("错误：") and "Error" not in lines[0]
    return lines[0]


def litong_text() -> str:
    return sample_path("litong-district-2024").read_text(encoding="utf-8")


def with_wrong_row_sum(text: str) -> str:
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收政府信息公开申请数量"))
    cells = row.split("\t")
    total = next(i for i in range(len(cells) - 1, -1, -1) if cells[i].strip())
    cells[total] = str(int(cells[total]) + 1)
    return text.replace(row, "\t".join(cells))


def rerun_adds_nothing(kb: KnowledgeBase, *paths: Path) -> None:
    again = kb.ingest(list(paths))
    assert (again.added, again.replaced, again.repaired) == ([], [], [])
    consistent(kb)


# 1 ------------------------------------------------------------ copies in one batch

def test_1_a_byte_identical_copy_in_one_folder_is_skipped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "下载"
    folder.mkdir()
    original = sample_path("litong-district-2024")
    shutil.copy(original, folder / original.name)
    shutil.copy(original, folder / f"{original.stem} (1){original.suffix}")
    shutil.copy(sample_path("hongqi-district-2024"), folder / "hongqi.txt")
    code, out, err = run("ingest", str(folder))
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("跳过")] == [
        f"跳过：{original.stem} (1){original.suffix}：与 {original.name} 内容完全相同，重复文件，已跳过。"]
    assert "新增 2" in out and "重复文件 1 份" in out
    kb = KnowledgeBase.open(load_settings())
    assert sorted(r.source for r in kb.reports()) == ["hongqi.txt", original.name]
    rerun_adds_nothing(kb, folder)


def test_1_a_report_left_pending_by_a_failed_run_is_repaired_by_the_next(tmp_path: Path) -> None:
    """What the DuplicateIDError used to leave behind: a pending report, blocking nothing now."""
    from index.parser import parse_file

    kb = KnowledgeBase.open(load_settings())
    path = sample_path("litong-district-2024")
    report_id = hashlib.sha256(path.read_bytes()).hexdigest()
    kb.facts.begin_report(report_id, parse_file(path), [], [], str(path))  # a run that died before its vectors
    assert kb.facts.pending_ids() == [report_id]
    result = kb.ingest([path])
    assert result.repaired == [report_id] and [Path(p).name for p in result.added] == [path.name]
    rerun_adds_nothing(kb, path)


# 2 ------------------------------------------------------------ a stub never supersedes

def stub(folder: Path, name: str = "stub.txt") -> Path:
    title = next(line for line in litong_text().splitlines() if line.strip())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(title.strip("# ") + "\n", encoding="utf-8")
    return folder / name


def test_2_a_title_only_stub_does_not_replace_the_real_report(tmp_path: Path) -> None:
    real = sample_path("litong-district-2024")
    assert run("ingest", str(real))[0] == 0
    code, out, err = run("ingest", str(stub(tmp_path)))
    assert code == 0 and "跳过：stub.txt：新文件缺少表格，未替换已收录版本（litong-district-2024.txt），已另存并标记。" in err
    kb = KnowledgeBase.open(load_settings())
    assert [r.source for r in kb.reports()] == [real.name]
    assert [r.source for r in kb.facts.superseded_reports("set-aside")] == ["stub.txt"]
    from assistant.ask.answerer import Answerer

    assert Answerer(kb).ask("利通区2024年不予公开多少件").text.startswith("利通区 2024 年不予公开 7 件")
    rerun_adds_nothing(kb, real, tmp_path / "stub.txt")


def test_2_a_stub_met_first_is_replaced_by_the_real_report(tmp_path: Path) -> None:
    kb = KnowledgeBase.open(load_settings())
    first = kb.ingest([stub(tmp_path)])
    assert first.warnings() == ["stub.txt：没有读到表二、表三、表四（可能只有标题或未下载完整），已收录，但无法回答其中的数字；请获取完整的报告后重新导入。"]
    result = kb.ingest([sample_path("litong-district-2024")])
    assert [Path(f).name for f, _ in result.superseded] == ["litong-district-2024.txt"] and result.set_aside == []
    assert [r.source for r in kb.reports()] == ["litong-district-2024.txt"]
    rerun_adds_nothing(kb, tmp_path / "stub.txt", sample_path("litong-district-2024"))


def test_2_the_library_shows_both_and_which_is_current(tmp_path: Path) -> None:
    pytest.importorskip("gradio")
    from ui.app import library_rows

    class Just:
        def __init__(self, kb: KnowledgeBase) -> None:
            self.kb = kb

    kb = KnowledgeBase.open(load_settings())
    kb.ingest([sample_path("litong-district-2024")])
    kb.ingest([stub(tmp_path)])
    rows = library_rows(Just(kb))  # type: ignore[arg-type]
    assert [(r[5], r[6]) for r in rows] == [("litong-district-2024.txt", "当前版本"), ("stub.txt", "未替换：新文件缺少表格")]


# 3 ------------------------------------------------------------ validation bypass

def test_3_a_one_cell_table_before_a_report_no_longer_hides_its_wrong_sum(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("<table><tr><td>x</td></tr></table>\n" + with_wrong_row_sum(litong_text()), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1 and "未发现问题" not in out and "本年新收政府信息公开申请数量 · 总计 应为 38，实为 39" in out
    code, out, _ = run("validate", "-", stdin=path.read_text(encoding="utf-8"))  # pasted the same way
    assert code == 1 and "应为 38，实为 39" in out


def test_3_a_report_without_its_tables_is_told_so(tmp_path: Path) -> None:
    text = litong_text()
    path = tmp_path / "no-tables.txt"
    path.write_text("\n".join(line for line in text.splitlines() if "\t" not in line), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1 and all(f"缺少{name}" in out for name in ("表二", "表三", "表四"))


def test_3_a_pasted_fragment_says_which_tables_were_not_checked() -> None:
    text = litong_text()
    fragment = text[text.index("三、收到和处理") : text.index("四、政府信息公开行政复议")]
    code, out, _ = run("validate", "-", stdin=fragment)
    assert code == 0 and "所校验的内容中没有表二，该表未校验" in out and "所校验的内容中没有表四，该表未校验" in out


# 5 ------------------------------------------------------------ 5,000 digits

def test_5_a_5000_digit_cell_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    text = litong_text()
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收政府信息公开申请数量"))
    path = tmp_path / "digits.txt"
    path.write_text(text.replace(row, row.replace("\t38\t", "\t" + "9" * 5000 + "\t", 1)), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1 and "有 5000 位，不可能是件数或金额" in out
    assert run("parse", str(path))[0] == 0
    kb = KnowledgeBase.open(load_settings())
    assert [Path(p).name for p in kb.ingest([path]).added] == ["digits.txt"]
    rerun_adds_nothing(kb, path)


def test_5_thousands_of_digits_in_the_text_are_compared_with_nothing(tmp_path: Path) -> None:
    text = litong_text()
    start = text.index("一、总体情况") + len("一、总体情况")
    path = tmp_path / "prose.txt"
    path.write_text(text[:start] + "\n本年度主动公开政府信息" + "9" * 5000 + "条，收到政府信息公开申请" + "1" * 4400 + "件。\n"
                    + text[start:], encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0 and "9999999999999" not in out
    kb = KnowledgeBase.open(load_settings())
    assert [Path(p).name for p in kb.ingest([path]).added] == ["prose.txt"]
    rerun_adds_nothing(kb, path)


# 6 ------------------------------------------------------------ an .xlsx zip bomb

def test_6_an_xlsx_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    import tracemalloc

    bomb = tmp_path / "figures.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            chunk = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
            for _ in range(260):  # 260 MB inflated, ~260 KB on disk
                member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    started = time.monotonic()
    code, _, err = run("draft", "--tables", "--figures", str(bomb))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 2 and "压缩炸弹" in one_sentence(err)
    assert time.monotonic() - started < 30 and peak < 100 * 1024 * 1024


# 7 ------------------------------------------------------------ a malformed .docx

def test_7_a_docx_whose_content_types_are_empty_is_one_sentence(tmp_path: Path) -> None:
    from tests.index.test_limits import docx_bytes, with_member

    path = tmp_path / "report.docx"
    path.write_bytes(with_member(docx_bytes(), "[Content_Types].xml", b"<Types/>"))
    code, _, err = run("parse", str(path))
    assert code == 2 and "report.docx 已损坏（[Content_Types].xml 中没有正文部件）" in one_sentence(err)
    kb = KnowledgeBase.open(load_settings())
    result = kb.ingest([path])
    assert [Path(p).name for p, _ in result.failed] == ["report.docx"]
    consistent(kb)


# 8 ------------------------------------------------------------ device files, FIFOs, sockets

@pytest.mark.parametrize("args", [("parse", "/dev/zero"), ("validate", "{report}", "--previous", "/dev/urandom"), ("parse", "{fifo}")])
def test_8_devices_and_fifos_are_refused_by_type(args: tuple[str, ...], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block forever
    report = sample_path("litong-district-2024")
    started = time.monotonic()
    code, _, err = run(*(a.format(report=report, fifo=fifo) for a in args))
    assert code == 2 and "不是普通文件（是设备、管道或套接字），出于安全不予读取" in one_sentence(err)
    assert time.monotonic() - started < 10


def test_8_a_fifo_in_a_folder_is_skipped_and_the_rest_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(sample_path("litong-district-2024"), folder)
    kb = KnowledgeBase.open(load_settings())
    result = kb.ingest([folder])
    assert [Path(p).name for p in result.added] == ["litong-district-2024.txt"]
    assert result.notices() == ["pipe.txt：不是普通文件（设备、管道或套接字），已跳过。"]
    rerun_adds_nothing(kb, folder)


# 9 ------------------------------------------------------------ a 40 KB question on an empty home

def test_9_a_40_kb_question_on_an_empty_home_is_refused_before_any_ingest() -> None:
    started = time.monotonic()
    code, _, err = run("ask", "问" * 40_000)
    assert code == 2 and one_sentence(err) == "错误：问题太长（40000 字），请把问题缩短到 1000 字以内。"
    assert time.monotonic() - started < 5
    assert not (load_settings().home / "facts.sqlite3").exists()  # nothing was ingested for it


# 10 ----------------------------------------------------------- read-only home, full disk, logging

def test_10_a_log_file_that_cannot_be_written_steps_aside_silently(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from assistant.storage import setup_logging

    home = load_settings().home
    home.mkdir(parents=True)
    path = setup_logging(home)
    assert path is not None
    handler = next(h for h in logging.getLogger("disclosure").handlers if getattr(h, "baseFilename", None) == str(path))
    handler.emit = lambda record: _fail(handler, record)  # type: ignore[method-assign]  # the disk filled up
    logging.getLogger("disclosure.ingest").error("the disk is full")
    assert "Logging error" not in capsys.readouterr().err
    assert handler not in logging.getLogger("disclosure").handlers


def _fail(handler: object, record: object) -> None:
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        handler.handleError(record)  # type: ignore[attr-defined]


def test_10_ask_answers_from_a_read_only_home(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("ingest", str(sample_path("litong-district-2024")))[0] == 0
    home = load_settings().home
    real_access = os.access
    monkeypatch.setattr("assistant.storage.os.access", lambda p, mode: False if Path(p) == home and mode == os.W_OK else real_access(p, mode))
    code, out, err = run("ask", "利通区2024年不予公开多少件")
    assert code == 0 and out.startswith("利通区 2024 年不予公开 7 件"), err
    code, _, err = run("ingest", str(sample_path("hongqi-district-2024")))
    assert code == 2 and "无法写入（只读、没有权限或不存在）" in one_sentence(err.split("\n", 1)[-1])


def test_10_ask_from_a_read_only_mount(tmp_path: Path) -> None:
    """The real thing where the machine lets us mount (root in CI's container): a read-only bind mount."""
    assert run("ingest", str(sample_path("litong-district-2024")))[0] == 0
    home = load_settings().home
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(home), str(mount)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        env = {**os.environ, "DISCLOSURE_HOME": str(mount), "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "assistant", "ask", "利通区2024年不予公开多少件"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stdout.startswith("利通区 2024 年不予公开 7 件") and done.stderr == "", done.stderr
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_10_a_full_disk_during_export_leaves_no_part_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook

    assert run("ingest", str(sample_path("litong-district-2024")))[0] == 0

    def full(self: Workbook, filename: object) -> None:
        Path(str(filename)).write_bytes(b"PK partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    folder = tmp_path / "导出"
    folder.mkdir()
    code, _, err = run("export", "--xlsx", str(folder / "out.xlsx"))
    assert code == 2 and "磁盘空间已满" in err and "原有文件未被改动" in err
    assert list(folder.iterdir()) == []  # no .out.part.xlsx left


# 11 ----------------------------------------------------------- a missing output folder

@pytest.mark.parametrize("args", [
    ("export", "--xlsx", "{missing}/out.xlsx"),
    ("check", "{report}", "--xlsx", "{missing}/out.xlsx"),
    ("draft", "--section", "6", "--docx", "{missing}/out.docx"),
])
def test_11_a_missing_output_folder_is_one_sentence(args: tuple[str, ...], tmp_path: Path) -> None:
    missing = tmp_path / "不存在"
    code, _, err = run(*(a.format(missing=missing, report=sample_path("litong-district-2024")) for a in args))
    assert code == 2 and one_sentence(err) == f"错误：输出文件夹 {missing} 不存在；请先创建该文件夹，或换一个已有的文件夹。"
    assert not missing.exists()


# 12 ----------------------------------------------------------- a 1,000-character question

@pytest.mark.parametrize("question", [
    ("利通区2024年不予公开多少件，" * 80)[:1000],
    ("政府信息公开申请 " * 200)[:1000],
    ("2024年 38件 " * 200)[:1000],
    ("请问红旗区和利通区2023年与2024年的行政复议、行政诉讼、依申请公开各是多少，比较一下。" * 30)[:1000],
])
def test_12_a_1000_character_question_is_answered_quickly(question: str) -> None:
    from assistant.ask.answerer import Answerer

    kb = KnowledgeBase.open(load_settings())
    kb.ingest([sample_path("litong-district-2024"), sample_path("hongqi-district-2024")])
    answerer = Answerer(kb)
    answerer.ask("利通区2024年不予公开多少件")  # the word index and vocabularies built once
    started = time.process_time()
    answerer.ask(question)
    assert time.process_time() - started < 2.0  # was 17 s


def test_10_a_really_full_disk_during_export_is_one_sentence(tmp_path: Path) -> None:
    """A 4 KB tmpfs where the machine lets us mount one (root in CI's container): the sentence
    alone on stderr (no "Exception ignored in" from openpyxl's half-written sheets), no part file."""
    assert run("ingest", str(sample_path("litong-district-2024")))[0] == 0
    full = tmp_path / "full"
    full.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(full)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        env = {**os.environ, "DISCLOSURE_HOME": str(load_settings().home), "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "assistant", "export", "--xlsx", str(full / "out.xlsx")], env=env,
                              capture_output=True, text=True, timeout=120)
        lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith(("导出 export", "正在导出"))]
        assert done.returncode == 2 and lines == [
            f"错误：无法写入 {full / 'out.xlsx'}（磁盘空间已满）；请清理磁盘空间或检查写入权限后重试，原有文件未被改动。"]
        assert list(full.iterdir()) == []
    finally:
        subprocess.run(["umount", str(full)], capture_output=True)
