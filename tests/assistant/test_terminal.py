"""Every line of the command line's help and usage errors is Chinese, for every command of the
``disclosure`` group — also those added later (the group is walked, not listed here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.terminal import display_width, wrap

ROOT = Path(__file__).resolve().parents[2]
# three or more English words in a row: a sentence (option names, metavars in capitals, file
# suffixes and environment variable names are not words here)
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,]+[A-Za-z][a-z]+){2,}\b")


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        found += _paths(command, (*prefix, name)) if isinstance(command, click.Group) else [(*prefix, name)]
    return found


def _english(text: str) -> list[str]:
    return ENGLISH_SENTENCE.findall(text.replace("disclosure", ""))


def test_every_help_page_is_chinese() -> None:
    paths = _paths(main)
    assert len(paths) >= 10  # the group and its commands
    for path in paths:
        result = CliRunner().invoke(main, [*path, "--help"], prog_name="disclosure", terminal_width=100)
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("用法： disclosure"), result.output
        assert "选项：" in result.output and "显示此帮助并退出。" in result.output
        assert _english(result.output) == [], (path, _english(result.output))
        for line in result.output.splitlines():
            assert display_width(line) <= 100, line


def test_a_command_added_later_gets_chinese_help_by_itself() -> None:
    @main.command(help="示例命令。")
    @click.option("--count", type=int, default=3, show_default=True, help="次数。")
    def later(count: int) -> None:
        pass

    try:
        result = CliRunner().invoke(main, ["later", "--help"], prog_name="disclosure")
        assert "用法： disclosure later [选项]" in result.output
        assert "--count 整数  次数。 [默认：3]" in result.output
        assert _english(result.output) == []
    finally:
        del main.commands["later"]


def test_usage_errors_are_chinese() -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["ask"], prog_name="disclosure")
    assert missing.exit_code == 2
    assert "错误：缺少参数 'QUESTION'" in missing.output and "运行“disclosure ask --help”查看帮助。" in missing.output
    assert "没有命令“nope”" in runner.invoke(main, ["nope"], prog_name="disclosure").output
    assert "“x”不是有效的数字" in runner.invoke(main, ["serve", "--port", "x"], prog_name="disclosure").output
    assert "没有选项“--nope”" in runner.invoke(main, ["reports", "--nope"], prog_name="disclosure").output
    absent = runner.invoke(main, ["ingest", "/没有这个文件夹"], prog_name="disclosure")
    assert "“/没有这个文件夹”不存在" in absent.output and "Path" not in absent.output
    for result in (missing, absent):
        assert _english(result.output) == []


def test_chinese_wraps_between_characters_and_never_inside_a_word() -> None:
    lines = wrap("表格数字：按表格排布的 .xlsx、JSON，或每行“table3.granted.natural_person = 3”（编号见 docs/format.md）", 30)
    assert all(display_width(line) <= 32 for line in lines)  # closing punctuation may hang one character over
    assert "table3.granted.natural_person" in "".join(lines) and not any(line.startswith(("，", "。", "）")) for line in lines)


def test_the_console_script_help_in_a_new_process_is_chinese() -> None:
    done = subprocess.run([sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stderr == "" and done.stdout.startswith("用法：")


@pytest.mark.slow
def test_ctrl_c_ends_serve_with_one_line(tmp_path: Path) -> None:
    """Ctrl-C in the terminal (SIGINT to the whole process group, workers included): one Chinese
    line, no traceback from the app or its worker processes, no English."""
    import os
    import signal
    import time

    from tests.ui.browser import free_port, wait_until_serving

    port = free_port()
    env = os.environ | {"PYTHONPATH": str(ROOT), "DISCLOSURE_WORKERS": "1"}
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/")
        time.sleep(1)
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    text = output.decode("utf-8", "replace")
    assert text.rstrip().splitlines()[-1] == "已停止。", text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text and _english(text) == [], text


def test_a_refused_file_is_in_the_log_file_of_the_data_home(tmp_path: Path, isolated_env: Path) -> None:
    empty = tmp_path / "空报告.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(empty)], prog_name="disclosure")
    assert result.exit_code == 2 and result.output.startswith("错误：")
    assert len(result.output.strip().splitlines()) == 1  # the sentence once, no log line on the terminal
    log = isolated_env / "logs" / "disclosure.log"
    assert "空报告.txt" in log.read_text(encoding="utf-8")


def test_a_slow_step_says_it_is_working_on_a_terminal_only() -> None:
    import io
    import time

    from assistant.progress import after

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        with after(0.05, "正在查找答案…", stream):
            time.sleep(0.3)
        with after(5, "不该出现", stream):
            pass
    assert terminal.getvalue() == "正在查找答案…\n" and pipe.getvalue() == ""
