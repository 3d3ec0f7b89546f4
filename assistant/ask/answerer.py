"""The ask path: question → plans (rules, or a chat model filling the same plan) → executor →
answer; with a chat model, the wording is checked number by number against the answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from index.limits import check_question

from ..answering import Answer
from ..knowledge import KnowledgeBase
from .executor import Executor
from .phrasing import MODEL_UNAVAILABLE, combine, phrase_checked
from .measures import vocab
from .plan import Plan, lexicon
from .understanding import plan_question

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel


SCOPED_BY_PICKER = ("value", "narrative", "compare", "derived", "change", "trend", "breakdown", "sum", "prose", "not_recorded")


def names_every_body(question: str) -> bool:
    """Whether a question asks about every body itself ("所有机关合计", "across all bodies")."""
    text = question.lower()
    return any(w.lower() in text for w in lexicon()["operations"]["all_bodies"] + vocab()["intents"]["rank"])


class Answerer:
    """A chat over a knowledge base: answers questions, keeps the previous plan for follow-ups.

    With a chat model, the model may fill the plan for a question the rules could not read
    (schema-validated, ids checked) and word the answer; numbers come only from the executor.
    """

    def __init__(self, kb: KnowledgeBase, chat_model: BaseChatModel | None = None) -> None:
        self.kb = kb
        self.chat_model = chat_model
        self.previous_plan: Plan | None = None
        self.executor = Executor(kb)

    def ask(self, question: str, agency: str | None = None, year: int | None = None) -> Answer:
        *_, result = self.ask_stream(question, agency, year)  # the last event is the Answer
        assert isinstance(result, Answer)
        return result

    def _embeddings(self) -> object | None:
        vectors = getattr(self.kb, "vectors", None)
        embeddings = getattr(vectors, "embeddings", None)
        if embeddings is None or type(embeddings).__name__.startswith("Deterministic"):
            return None  # the fake embedding's similarities mean nothing
        return embeddings

    def plans(self, question: str, agency: str | None = None, year: int | None = None) -> tuple[list[Plan], list[str]]:
        """The plans for a question, and notes on how they were made (model unavailable …)."""
        check_question(question)  # a 40 KB question took 16 s to understand
        notes: list[str] = []
        plans = plan_question(question, self.kb.facts, self.previous_plan, self._embeddings)  # resolved only if the rules need it
        if self.chat_model is not None:
            from .modelplan import ModelUnavailable, model_plan

            for i, plan in enumerate(plans):
                if plan.operation in ("narrative",) and plan.metric is None:
                    try:
                        filled = model_plan(question if len(plans) == 1 else plan.question, plan, self.kb.facts, self.chat_model)
                    except ModelUnavailable:
                        notes.append(MODEL_UNAVAILABLE[plan.language])
                        break
                    if filled is not None:
                        plans[i] = filled
        out = []
        for plan in plans:
            if agency and not plan.bodies and not plan.region and plan.operation in SCOPED_BY_PICKER \
                    and not (plan.operation == "sum" and names_every_body(plan.question)):
                keys = tuple(self.kb.facts.agency_keys(agency))
                if keys:  # the picker's body scopes a question that names none ("不予公开多少件")
                    one_year = plan.operation == "sum" and len(plan.years) <= 1 and not plan.year_range
                    plan = replace(plan, bodies=keys, unknown_body=None, operation="value" if one_year else plan.operation)
            if year and not plan.years and plan.operation in ("value", "narrative", "rank", "sum", "breakdown", "filter", "prose"):
                plan = replace(plan, years=(year,))
            out.append(plan)
        return out, notes

    def ask_stream(self, question: str, agency: str | None = None, year: int | None = None) -> Iterator[str | Answer]:
        """Yield the answer text as it grows (when a model words it), then the Answer.

        ``agency`` and ``year`` are filters chosen beside the question (the UI's pickers):
        they apply when the question itself names no body or year.
        """
        plans, notes = self.plans(question, agency, year)
        results = [self.executor.run(plan) for plan in plans]
        result = combine(results, plans[0].language)
        result.notes[:0] = notes
        result.plans = plans
        if result.kind not in ("unknown", "clarify", "not_recorded"):
            self.previous_plan = plans[-1]
        if self.chat_model is not None and result.kind not in ("unknown", "clarify") and not notes:
            yield from phrase_checked(question, result, plans[0].language, self.chat_model)
        yield result


def answer(question: str, kb: KnowledgeBase) -> Answer:
    """One question, no history."""
    return Answerer(kb).ask(question)


def warm(kb: KnowledgeBase) -> None:
    """Build what questions need over the whole corpus (word index, body names) ahead of the first
    question: at province scale that takes about a minute, which a served app spends at start."""
    import gc

    from .bodies import warm_names
    from .named import english_names_index
    from .passages import name_tokens

    kb.retriever.warm()
    english_names_index(kb.facts)
    warm_names(kb.facts)
    name_tokens(frozenset(r.agency or "" for r in kb.reports()))
    # What is built now lives as long as the app: keep it out of the garbage collector's full
    # passes, which otherwise pause a question for ~200 ms at 10,000 reports.
    gc.collect()
    gc.freeze()
