"""What an optional chat model is shown to word an answer (computed facts and cited passages), and
the check of its wording: every number it writes must be one of those, else its text is dropped
and the deterministic answer stands (assistant.ask.phrasing). A model fills plans in
assistant.ask.modelplan."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .prompts import load_prompt

if TYPE_CHECKING:

    from .answering import Answer

PROMPT_BODIES = 200  # bodies named in the routing prompt; the rest are counted
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_JSON = re.compile(r"\{.*?\}", re.S)


def answer_prompt(question: str, answer: Answer, language: str) -> str:
    facts = "\n".join(f"- {f.agency} {f.year} 年 {f.cell} = {f.value}（{f.report}）" for f in answer.facts) or "（无）"
    passages = "\n".join(f"[{p.citation()}] {p.text}" for p in answer.passages) or "（无）"
    return load_prompt("answer.zh").format(language="中文" if language == "zh" else "English", facts=facts,
                                           passages=passages, draft=answer.text, question=question)


def unsupported_numbers(text: str, answer: Answer, question: str) -> list[str]:
    """Numbers in a model's text that no computed fact, cited passage or the question holds."""
    allowed = set(_NUMBER.findall(answer.text)) | set(_NUMBER.findall(question))
    allowed |= {f"{f.value:g}" if isinstance(f.value, float) else str(f.value) for f in answer.facts if f.value is not None}
    for passage in answer.passages:
        allowed |= set(_NUMBER.findall(passage.text))
    return [n for n in _NUMBER.findall(text) if n not in allowed and n.rstrip("0").rstrip(".") not in allowed]
