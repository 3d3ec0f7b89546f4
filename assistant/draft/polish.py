"""With an LLM configured: the model rewrites the deterministic section 五 for fluency. Its
text is kept only if it covers every note (its numbers and most of its characters on its side), adds
or drops no number, copies no style example beyond a short phrase, keeps every suggestion word for word
with its mark and keeps the structure; otherwise (or
when the endpoint fails) the deterministic draft stands, with one line saying why."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..prompts import load_prompt
from .notes import _CJK, _NUMBER, Measure, Notes
from .section5 import Form, _timeless, check_section5

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


COVER = 0.6  # of a clause's characters its side of the polished text keeps (rewording changes words, not the things named)


def polish_faults(text: str, deterministic: str, notes: Notes, allowed: set[str]) -> list[str]:
    """What a polished text may not do, which is less than a draft may not: rewording is its job, so a
    clause of the notes counts as kept when its numbers and most of its characters are on its side
    (word pairs, the drafts' test, fall with every rewording); no number may come or go; the numbering,
    the English and the repeats are checked as in a draft."""
    from .section5 import regions

    check = check_section5(text, notes, allowed)
    reasons = [f"出现笔记中没有的数字：{'、'.join(check.unsupported_numbers)}"] if check.unsupported_numbers else []
    gone = [n for n in dict.fromkeys(_NUMBER.findall(deterministic)) if n not in text]
    if gone:
        reasons.append("漏掉了数字：" + "、".join(gone))
    parts = regions(text)
    missing: dict[str, list[str]] = {"problem": [], "measure": []}
    for clause in notes.clauses:
        said = _timeless(re.sub(r"^【建议】", "", clause.text))
        region = parts[clause.side]
        chars = set(_CJK.findall(said))
        kept = all(n in region for n in _NUMBER.findall(said)) and (not chars or len({c for c in chars if c in region}) >= COVER * len(chars))
        if not kept and clause.side in missing:
            missing[clause.side].append(said)
    reasons += [f"漏掉了问题：{'；'.join(missing['problem'])}"] if missing["problem"] else []
    reasons += [f"漏掉了措施：{'；'.join(missing['measure'])}"] if missing["measure"] else []
    reasons += [f"同一句话重复出现：{'；'.join(check.repeated)}"] if check.repeated else []
    reasons += [f"留有英文：{'、'.join(check.english)}"] if check.english else []
    return reasons + ([] if check.numbered else ["缺少“一是……二是……”的编号结构"])


def polish(model: BaseChatModel, deterministic: str, notes: Notes, measures: list[Measure], form: Form, agency: str | None,
           examples: list[str], allowed: set[str]) -> tuple[str | None, str | None, str | None]:
    """(the model's text when it passes every guard, else None; what the model wrote; the one line saying why not)."""
    suggestions = [m.text for m in measures if m.suggested]
    prompt = load_prompt("polish_section5.zh").format(
        agency=agency or "本单位",
        structure="先写问题、再以“（二）改进情况”写措施" if form == "sections" else "一段话，先“一是……二是……”写问题，再以“下一步”引出措施",
        draft=deterministic, suggestions="\n".join(s if s.startswith("【建议】") else f"【建议】{s}" for s in suggestions) or "（无）",
        examples="\n\n".join(examples) or "（无）",
    )
    try:
        text = str(model.invoke(prompt).content).strip()
    except Exception as error:  # noqa: BLE001 - any failure of the endpoint falls back
        return None, None, f"模型服务调用失败（{type(error).__name__}），以下为按笔记逐条生成的稿件。"
    reasons = polish_faults(text, deterministic, notes, allowed)
    reasons += [f"改写了建议措施：{s}" for s in suggestions if s not in text]
    if not structure_kept(text, deterministic, form):
        reasons.append("改变了问题和措施的编号结构")
    copied = copied_phrase(text, examples, deterministic)
    if copied:
        reasons.append(f"照抄了范例中的句子“{copied}…”")
    if reasons:
        return None, text, "模型润色稿未采用（" + "；".join(reasons) + "），以下为按笔记逐条生成的稿件。"
    return text, text, None
