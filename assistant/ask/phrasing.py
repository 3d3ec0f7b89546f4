"""Putting answers together and letting an optional model word them, behind a number guard:
every number the model writes must be a computed one, and stand beside its own label
(7 beside 不予公开; 14 beside 不予公开 is rejected). Chinese numerals (八件, 九十九件) are
read as numbers first (cn2an)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections.abc import Iterator
from functools import cache


from ..answering import Answer, Fact
from ..chat import answer_prompt, unsupported_numbers
from .measures import measures

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel

MODEL_UNAVAILABLE = {"zh": "（模型暂时不可用，以下为确定性答案。）", "en": "(The model is unavailable; this is the deterministic answer.)"}
_CN_COUNT = re.compile(r"([零〇一二两三四五六七八九十百千万]+)(?=\s*(?:件|个|条|次|份|项|家|名|场|万元|起|人))")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_OUTCOMES = {"upheld": "维持", "corrected": "纠正", "other": "其他结果", "pending": "尚未审结"}


def combine(results: list[Answer], language: str) -> Answer:
    """Several parts of one question → one answer that answers every part, in order."""
    if len(results) == 1:
        return results[0]
    text = "\n".join(f"{'（' + str(i + 1) + '）' if language == 'zh' else f'({i + 1}) '}{r.text}" for i, r in enumerate(results))
    kinds = [r.kind for r in results]
    combined = Answer(text, "multi" if len(set(kinds)) > 1 or True else kinds[0],
                      [f for r in results for f in r.facts], [p for r in results for p in r.passages],
                      list(dict.fromkeys(n for r in results for n in r.notes)))
    combined.parts = results  # type: ignore[attr-defined]
    return combined


def arabic(text: str) -> str:
    """Chinese counts as digits: 八件 → 8件, 九十九件 → 99件 (cn2an)."""
    import cn2an

    def convert(m: re.Match[str]) -> str:
        try:
            return str(cn2an.cn2an(m.group(1), "smart"))
        except (ValueError, KeyError):
            return m.group(1)

    return _CN_COUNT.sub(convert, text)


@cache
def _labels_of_row(table: str, row: str, column: str) -> frozenset[str]:
    labels = set()
    for m in measures().values():
        if m.table != table:
            continue
        if any(r == row for r in m.rows) and (table == "table3" or m.column == column or len(m.rows) == 1 and table == "table4" and column == "total"):
            if len(m.rows) == 1 or row.count(".") == 0:
                labels.add(m.label)
        if table == "table3" and row.count(".") == 0 and any(r.startswith(row + ".") for r in m.rows) and len(m.rows) > 1:
            labels.add(m.label)  # a group total (table3.withheld.total)
    if table == "table4" and column in _OUTCOMES:
        labels.add(_OUTCOMES[column])
    return frozenset(labels)


def fact_labels(fact: Fact) -> frozenset[str]:
    parts = fact.cell.split(".")
    if len(parts) < 3:
        return frozenset()
    table, row, column = parts[0], ".".join(parts[1:-1]), parts[-1]
    return _labels_of_row(table, row, column)


def mislabelled_numbers(text: str, answer: Answer) -> list[str]:
    """Numbers that stand beside a label whose cells hold other values ("不予公开 14 件")."""
    text = arabic(text)
    by_label: dict[str, set[str]] = {}
    for fact in answer.facts:
        if fact.value is None:
            continue
        shown = f"{fact.value:g}" if isinstance(fact.value, float) else str(fact.value)
        for label in fact_labels(fact):
            by_label.setdefault(label, set()).add(shown)
    wrong = []
    for match in _NUMBER.finditer(text):
        before = re.split(r"[，。；,;：:（(、\d]", text[max(0, match.start() - 16): match.start()])[-1]
        near = [label for label in by_label if label in before]
        if near:
            label = max(near, key=lambda lb: (before.rfind(lb) + len(lb), len(lb)))
            if match.group() not in by_label[label]:
                wrong.append(f"{label} {match.group()}")
    return wrong


def phrase_checked(question: str, answer: Answer, language: str, model: BaseChatModel) -> Iterator[str]:
    """Stream the model's wording; the last item is the text kept: the model's when every number
    is computed and beside its own label, else the deterministic answer. A model that fails or
    times out leaves the deterministic answer and one line saying so."""
    pieces: list[str] = []
    try:
        for chunk in model.stream(answer_prompt(question, answer, language)):
            pieces.append(str(chunk.content))
            yield "".join(pieces)
    except Exception:  # noqa: BLE001 - any failure of the endpoint: the deterministic answer stands
        answer.notes.insert(0, MODEL_UNAVAILABLE["zh" if language == "zh" else "en"])
        yield answer.text
        return
    text = "".join(pieces).strip()
    wrong = unsupported_numbers(arabic(text), answer, question) + mislabelled_numbers(text, answer)
    if wrong or not text:
        answer.notes.append(("模型的回答含有未经核对的数字（" if language == "zh" else "The model's wording had unchecked numbers (")
                            + "、".join(wrong) + ("），已改用确定性答案。" if language == "zh" else "); showing the deterministic answer."))
        yield answer.text
        return
    answer.notes.append("由模型根据核对过的事实措辞。" if language == "zh" else "Worded by the model from checked facts.")
    answer.text = text
    yield text
