"""A chat model fills the same plan the rules fill: a JSON object validated against a schema,
every id checked against the vocabulary and the catalogue (an invented one is refused), no
year unless the question names it. The numbers still come only from the executor."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, ValidationError

from ..formatting import listing
from ..prompts import load_prompt
from .plan import Plan, metric_from_id, valid_metric_ids
from .words import normalize

if TYPE_CHECKING:  # the chat-model stack loads when a model is built (assistant.models)
    from langchain_core.language_models import BaseChatModel

    from index.facts import FactStore

PROMPT_BODIES = 200
MODEL_OPERATIONS = ("value", "breakdown", "sum", "difference", "change", "rank", "filter", "trend", "compare", "reports", "errors", "narrative")
_JSON = re.compile(r"\{.*\}", re.S)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class ModelUnavailable(RuntimeError):
    """The endpoint failed or timed out."""


class PlanSchema(BaseModel):
    operation: Literal[MODEL_OPERATIONS]  # type: ignore[valid-type]
    metric: str | None = None
    bodies: list[str] = Field(default_factory=list, max_length=20)
    years: list[int] = Field(default_factory=list, max_length=20)
    order: Literal["desc", "asc"] | None = None
    limit: int | None = Field(default=None, ge=1, le=1000)


class RefusedPlan(ValueError):
    """The model's plan names something that does not exist."""


def validate_plan(data: object, base: Plan, facts: FactStore) -> Plan:
    """The model's JSON as a plan, or RefusedPlan/ValidationError when it invents an id."""
    if isinstance(data, dict) and "measure" in data and "metric" not in data:  # the older routing reply
        data = {"operation": "value", "metric": data.get("measure"),
                "bodies": [data["agency"]] if isinstance(data.get("agency"), str) else [],
                "years": [data["year"]] if isinstance(data.get("year"), int) else []}
    schema = PlanSchema.model_validate(data)
    metric = None
    if schema.metric is not None:
        if schema.metric not in valid_metric_ids():
            raise RefusedPlan(f"unknown metric id {schema.metric!r}")
        metric = metric_from_id(schema.metric)
    bodies: list[str] = []
    for name in schema.bodies:
        keys = facts.agency_keys(name)
        if not keys:
            raise RefusedPlan(f"unknown body {name!r}")
        bodies += [k for k in keys if k not in bodies]
    stated = {int(y) for y in _YEAR.findall(normalize(base.question))}
    years = tuple(y for y in schema.years if y in stated) or base.years  # no year the question does not name
    if schema.operation not in ("reports", "errors", "narrative") and metric is None:
        raise RefusedPlan("an operation on numbers needs a metric")
    return replace(base, operation=schema.operation, metric=metric, bodies=tuple(bodies) or base.bodies, years=years,
                   ascending=schema.order == "asc", limit=schema.limit, unknown_body=None if bodies else base.unknown_body,
                   source="model")


def model_plan(question: str, base: Plan, facts: FactStore, model: BaseChatModel) -> Plan | None:
    """The plan the model fills for a question, None when its reply is not a valid plan;
    ModelUnavailable when the endpoint fails."""
    from .measures import measures
    from .plan import derived_metrics

    bodies = list(dict.fromkeys(r.agency or "" for r in facts.complete_reports()))
    metrics = [f"{m.id}：{m.label}" for m in measures().values()] + [f"{d.id}：{d.label}" for d in derived_metrics().values()]
    prompt = load_prompt("plan.zh").format(operations="、".join(MODEL_OPERATIONS), metrics="\n".join(metrics),
                                           agencies=listing(bodies[:PROMPT_BODIES], len(bodies), "、", True), question=question)
    try:
        reply = str(model.invoke(prompt).content)
    except Exception as exc:  # noqa: BLE001 - connection refused, timeout, HTTP error: all mean "no model now"
        raise ModelUnavailable(str(exc)) from exc
    match = _JSON.search(reply)
    if not match:
        return None
    try:
        return validate_plan(json.loads(match.group()), base, facts)
    except (json.JSONDecodeError, ValidationError, RefusedPlan):
        return None
