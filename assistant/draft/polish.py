"""With an LLM configured: the model rewrites the deterministic section 五 for fluency. Its
text is kept only if it covers every note, adds no number, copies no style example beyond a
short phrase, keeps every suggestion word for word and keeps the structure; otherwise (or
when the endpoint fails) the deterministic draft stands, with one line saying why."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..prompts import load_prompt
from .notes import Measure, Notes
from .section5 import Form, check_section5

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel

COPY_LIMIT = 12  # characters a draft may share with a style example (and not with the notes' own draft)
_ORDINAL = re.compile(r"[一二三四五六七八九十]+是")


def copied_phrase(text: str, examples: list[str], own: str) -> str | None:
    """The first run of more than COPY_LIMIT characters taken from a style example (and not
    already in the deterministic draft)."""
    size = COPY_LIMIT + 1
    for start in range(len(text) - size + 1):
        window = text[start:start + size]
        if window not in own and any(window in example for example in examples):
            return window
    return None


def structure_kept(text: str, deterministic: str, form: Form) -> bool:
    if len(_ORDINAL.findall(text)) != len(_ORDINAL.findall(deterministic)):
        return False
    if form == "sections":
        return "（一）" in text and ("（二）" in text) == ("（二）" in deterministic)
    return ("下一步" in text) == ("下一步" in deterministic)


def polish(model: BaseChatModel, deterministic: str, notes: Notes, measures: list[Measure], form: Form, agency: str | None,
           examples: list[str], allowed: set[str]) -> tuple[str | None, str | None, str | None]:
    """(the model's text when it passes every guard, else None; what the model wrote; the one line saying why not)."""
    suggestions = [m.text for m in measures if m.suggested]
    prompt = load_prompt("polish_section5.zh").format(
        agency=agency or "本单位",
        structure="先写问题、再以“（二）改进情况”写措施" if form == "sections" else "一段话，先“一是……二是……”写问题，再以“下一步”引出措施",
        draft=deterministic, suggestions="\n".join(f"【建议】{s}" for s in suggestions) or "（无）",
        examples="\n\n".join(examples) or "（无）",
    )
    try:
        text = str(model.invoke(prompt).content).strip()
    except Exception as error:  # noqa: BLE001 - any failure of the endpoint falls back
        return None, None, f"模型服务调用失败（{type(error).__name__}），以下为按笔记逐条生成的稿件。"
    reasons = check_section5(text, notes, allowed).reasons()
    reasons += [f"改写了建议措施：{s}" for s in suggestions if s not in text]
    if not structure_kept(text, deterministic, form):
        reasons.append("改变了问题和措施的编号结构")
    copied = copied_phrase(text, examples, deterministic)
    if copied:
        reasons.append(f"照抄了范例中的句子“{copied}…”")
    if reasons:
        return None, text, "模型润色稿未采用（" + "；".join(reasons) + "），以下为按笔记逐条生成的稿件。"
    return text, text, None
