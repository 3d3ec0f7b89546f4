"""The terminal in Chinese: Click's usage, help and errors (its messages from
``assistant/vocab/terminal.toml`` put in place of its gettext), a help formatter that names the
option types in Chinese, third-party warnings sent to the log file instead of the screen, and
Ctrl-C as one line.

Every command added to the ``disclosure`` group, now or later, gets all of this through the
group's ``command_class`` and ``context_class``: nothing to do in the command itself.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from typing import Any

import click

# Click's modules that call gettext (each binds ``_``/``ngettext`` at its import).
_CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils", "_termui_impl", "shell_completion")
INTERRUPTED = "已中断。"


@cache
def _vocabulary() -> dict[str, dict[str, str]]:
    import tomllib
    from importlib.resources import files

    return tomllib.loads(files("assistant").joinpath("vocab/terminal.toml").read_text(encoding="utf-8"))


def translate(message: str) -> str:
    """Click's message in Chinese (the message itself when the vocabulary lacks it)."""
    return _vocabulary()["messages"].get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


@cache
def _metavars() -> re.Pattern[str]:
    names = sorted(_vocabulary()["metavars"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")


def chinese_metavars(text: str) -> str:
    """``--port INTEGER`` → ``--port 整数``, ``[OPTIONS] COMMAND [ARGS]...`` → ``[选项] 命令 [参数]...``."""
    table = _vocabulary()["metavars"]
    return _metavars().sub(lambda m: table[m.group(1)], text)


def install() -> None:
    """Put the Chinese messages in place of Click's gettext (idempotent, cheap: attributes only)."""
    import logging

    logging.getLogger("disclosure").addHandler(logging.NullHandler())  # until a data home's log file: nothing on stderr
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


_CLOSING = frozenset("，。；：、）》」”’！？")  # never at the start of a line
_TOKENS = re.compile(r"[!-~]+|\s+|.")  # a run of printable ASCII (a word, an option, a path) is never split


HANG = 2  # columns kept free at the end of a help line for closing punctuation that hangs over


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: Chinese breaks between any two characters, a Latin
    word or an option name never in the middle."""
    lines, line, used = [], "", 0
    for token in _TOKENS.findall(" ".join(text.split())):
        size = display_width(token)
        if used + size > width and line.strip() and token not in _CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and token.isspace():
            continue
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's formatter with the option types, the usage line's placeholders and the headings in
    Chinese, and columns measured in terminal columns (a Chinese character is two wide)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, chinese_metavars(args), prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max((self.width or 80) - self.current_indent, 20)
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.write("\n")
            for line in wrap(paragraph, width - HANG):
                self.write(indent + line + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(chinese_metavars(first), second) for first, second in rows]
        if not rows:
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * (self.current_indent + first_col)
        text_width = max((self.width or 80) - first_col - self.current_indent - 2, 20)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + indent)
            lines = wrap(second, text_width - HANG)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(indent + line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseCommand(click.Command):
    context_class = ChineseContext


class ChineseGroup(click.Group):
    """The ``disclosure`` group: its commands (and groups) get the Chinese context and formatter."""

    context_class = ChineseContext
    command_class = ChineseCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        install()
        quiet_third_party_warnings()
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:  # Click turns it into "Aborted!" in standalone mode; this is the rest
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)


ChineseGroup.group_class = ChineseGroup


def quiet_third_party_warnings() -> None:
    """Warnings of the libraries (Gradio's "parameter not yet implemented", deprecations …) go
    to the log file in the data home, not to the person's terminal."""
    import logging

    if getattr(quiet_third_party_warnings, "done", False):
        return
    quiet_third_party_warnings.done = True  # type: ignore[attr-defined]
    logging.captureWarnings(True)
    logger = logging.getLogger("py.warnings")
    logger.propagate = False
    logger.addHandler(logging.NullHandler())  # never Python's last-resort handler on stderr (the log file joins in storage.setup_logging)
