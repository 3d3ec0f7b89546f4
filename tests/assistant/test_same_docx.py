"""The page and the command line hand over the same .docx for the same notes: byte for byte,
the suggested measure highlighted in both."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from docx.enum.text import WD_COLOR_INDEX

from assistant.cli import main
from assistant.settings import load_settings
from ui.app import SECTIONS, Services, draft

NOTES = "政策解读形式单一；新媒体更新慢\n下一步搞图解和视频解读"  # 新媒体更新慢 has no measure: one is suggested


def _highlighted(path: Path) -> list[str]:
    return [run.text for p in docx.Document(str(path)).paragraphs for run in p.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]


def test_the_web_docx_is_the_command_lines(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    services = Services(load_settings())
    services.kb  # the samples in, as the command line finds them
    cli_docx = tmp_path / "cli.docx"
    done = CliRunner().invoke(main, ["draft", "--section", "5", "--notes", str(notes), "--agency", "利通区", "--year", "2025",
                                     "--docx", str(cli_docx)])
    assert done.exit_code == 0, done.output
    *_, web_path = draft(services, SECTIONS[0], NOTES, "利通区", 2025, "")
    assert _highlighted(cli_docx), "the suggested measure is highlighted"
    assert _highlighted(Path(web_path)) == _highlighted(cli_docx)
    assert Path(web_path).read_bytes() == cli_docx.read_bytes()
