"""Report text is shown as text (issue 16, attack 8): a report containing Markdown images, links
or HTML makes the browser fetch nothing, wherever its text is displayed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.answering import Answer
from assistant.presenting import answer_markdown, escape_markdown
from index.retrieval import Passage

BEACON = "![b](http://host/beacon.png)"
HOSTILE = [BEACON, '<img src="http://host/x.png">', "[点此](javascript:alert(1))", "<script>alert(1)</script>",
           "[x][r]\n\n[r]: http://host/r.png", "`code`", "**粗体** _斜体_", "# 标题", "| a | b |", "$$x$$"]


def renders_nothing_active(markdown: str) -> bool:
    """No image or link syntax and no raw tag survives (what a Markdown renderer would turn into a fetch)."""
    unescaped = re.sub(r"\\.", "", markdown)  # what is left once every backslash escape is taken as a literal
    return not re.search(r"!?\[[^\]]*\]\s*[(\[]|<\s*[a-zA-Z/!]|\]:", unescaped)


def test_each_hostile_snippet_is_escaped_into_plain_characters() -> None:
    for snippet in HOSTILE:
        assert renders_nothing_active(escape_markdown(snippet)), snippet
    assert escape_markdown(BEACON) == r"!\[b\](http://host/beacon.png)"
    assert escape_markdown("<img src=x>") == "&lt;img src=x&gt;"
    assert escape_markdown("利通区 2024 年不予公开 7 件（保护第三方合法权益 6 件）。") == "利通区 2024 年不予公开 7 件（保护第三方合法权益 6 件）。"


@given(st.lists(st.sampled_from(HOSTILE + ["政府", " ", "\n", "(", ")", "!", "\\", "]", "["]), max_size=12).map("".join))
def test_any_mix_of_markdown_and_html_stays_inert(text: str) -> None:
    assert renders_nothing_active(escape_markdown(text))


def test_an_answer_quoting_a_hostile_report_renders_no_image() -> None:
    passage = Passage(chunk_id="c", report_id="r", agency=f"利通区{BEACON}", year=2024, title=None, section=5, heading="五、存在的主要问题",
                      paragraph=0, start=0, end=10, kind="text", text=f"改进措施：{BEACON}<img src=http://host/y.png>", score=1.0)
    answer = Answer(text=f"利通区：{BEACON}", kind="narrative", passages=[passage], notes=[BEACON])
    shown = answer_markdown(answer)
    assert BEACON not in shown and "<img" not in shown and renders_nothing_active(shown.replace("<details><summary>", "").replace("</summary>", "").replace("</details>", ""))
