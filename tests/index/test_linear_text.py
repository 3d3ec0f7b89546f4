"""Text handling is linear in its input: no regular expression with nested or adjacent
quantifiers runs over unbounded text. Pathological pastes (the attack of issue 16: "# a",
3,000 spaces, "b" took 28 s) are read, parsed and checked in well under a second."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import InputError
from index.parser import parse_document
from index.readers import read_pasted
from index.readers.text import _is_pipe_separator, _numeric_tail, read_text, split_row

# Pieces that made the old expressions backtrack: runs of spaces between hashes, numbers,
# pipes and dashes; CJK and digits around them.
PIECES = [" ", "  ", "\t", "#", "# ", "1", "1 ", "12.5 ", "-", "--", "|", "| ", ":", "/", "/ ", "a", "政", "年", "2024", "\u3000", "**"]


def _elapsed(text: str) -> float:
    start = time.process_time()
    try:
        parse_document(read_pasted(text))
    except InputError:
        pass
    return time.process_time() - start


@pytest.mark.parametrize("text", [
    "# a" + " " * 3000 + "b",
    "# a" + " " * 20000 + "b",
    "|--" + " " * 20000 + "x",
    "a" + " " * 20000 + "1 x",
    "1 " * 10000 + "x",
    "#" * 20000,
    "本年新收" + " " * 20000 + "2024 年" + " 1" * 3000,
])
def test_the_known_pathological_lines_are_read_at_once(text: str) -> None:
    assert _elapsed(text) < 2.0  # CPU seconds: the old expressions took minutes here


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 3000)), min_size=1, max_size=6))
def test_any_line_of_repeated_pieces_is_read_in_linear_time(runs: list[tuple[str, int]]) -> None:
    """Up to ~20 KB in one line, from the pieces that backtrack: well under a second each."""
    text = "".join(piece * count for piece, count in runs)[:20000]
    assert _elapsed(text) < 2.0, repr(text[:80])


def test_what_the_linear_readers_read_is_unchanged() -> None:
    assert split_row("一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21") == ["一、本年新收政府信息公开申请数量", "21", "0", "0", "0", "0", "0", "21"]
    assert split_row("  3  4 / ") == ["3", "4", "/"]
    assert split_row("截至 2024 年 1 月 1 日 3") is None  # prose ending in a date and a number
    assert split_row("其中 abc12 3") is None
    assert split_row("规章 -1 2.5") == ["规章", "-1", "2.5"]
    doc = read_text("## 一、总体情况 ##\n|---|:--:|\n# \n####### 七级\n正文", "t")
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("heading", "一、总体情况", 2), ("paragraph", "#", None), ("heading", "# 七级", 6), ("paragraph", "正文", None)]


# The expressions the linear code replaced: the oracle for short strings, where they are fast.
_OLD_TAIL = re.compile(r"^(?P<label>.*?)(?P<numbers>(?:(?:^|\s+)(?:[+-]?\d+(?:\.\d+)?|/))+)\s*$")
_OLD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["3", " 4", "x", "+2", "0.5"]), max_size=12).map("".join))
def test_the_linear_code_agrees_with_the_old_expressions(line: str) -> None:
    line = line.strip()
    old = _OLD_TAIL.match(line)
    new = _numeric_tail(line)
    assert (None if old is None else (old.group("label").strip(), old.group("numbers").split())) == new
    assert bool(_OLD_SEPARATOR.match(line)) == _is_pipe_separator(line)


def test_the_reported_attack_through_the_cli_is_one_sentence_at_once() -> None:
    """`python3 -c "print('# a'+' '*3000+'b')" | disclosure validate -` took 28 s."""
    from click.testing import CliRunner

    from assistant.cli import main

    start = time.process_time()
    result = CliRunner().invoke(main, ["validate", "-"], input="# a" + " " * 3000 + "b\n")
    assert time.process_time() - start < 2
    assert result.exit_code == 2 and "看起来不是政府信息公开工作年度报告" in result.output
