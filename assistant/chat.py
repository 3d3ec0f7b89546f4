"""What an optional chat model may do: read a question the rules could not (as a structured
query validated against the vocabulary, never free SQL), and phrase an answer from computed
facts and cited passages. Every number it writes must be one of those, else its text is
dropped and the deterministic answer stands."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .formatting import listing
from .prompts import load_prompt
from .questions import Query, measures, with_measure

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from index.facts import FactStore

    from .answering import Answer

PROMPT_BODIES = 200  # bodies named in the routing prompt; the rest are counted
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_JSON = re.compile(r"\{.*?\}", re.S)


def model_query(question: str, query: Query, facts: FactStore, model: BaseChatModel) -> Query | None:
    """A structured reading of the question by the model, or None when it gives nothing valid."""
    bodies = list(dict.fromkeys(r.agency or "" for r in facts.complete_reports()))
    prompt = load_prompt("route.zh").format(
        measures="\n".join(f"{m.id}：{m.label}" for m in measures().values()),
        agencies=listing(bodies[:PROMPT_BODIES], len(bodies), "、", True),
        question=question,
    )
    reply = str(model.invoke(prompt).content)
    match = _JSON.search(reply)
    if not match:
        return None
    try:
        data = json.loads(match.group())
    except json.JSONDecodeError:
        return None
    measure = data.get("measure")
    if not isinstance(measure, str) or measure not in measures():
        return None
    result = with_measure(query, measure)
    agency = data.get("agency")
    if isinstance(agency, str) and not result.agency_keys:
        keys = facts.agency_keys(agency)
        if keys:
            result = replace(result, agency_keys=tuple(keys), unknown_agency=None)
    year = data.get("year")
    if isinstance(year, int) and not result.years:
        result = replace(result, years=(year,))
    return result


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


def phrase(question: str, answer: Answer, language: str, model: BaseChatModel) -> Iterator[str]:
    """Stream the model's wording; the last item is the text to keep (see assistant.ask.phrasing:
    every number computed and beside its own label, else the deterministic answer)."""
    from .ask.phrasing import phrase_checked

    yield from phrase_checked(question, answer, language, model)
