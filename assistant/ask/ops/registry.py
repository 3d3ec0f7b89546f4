"""The registry of operations: name → a small function (executor, plan) → Answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...answering import Answer
    from ..executor import Executor
    from ..plan import Plan

Operation = Callable[["Executor", "Plan"], "Answer"]
OPERATIONS: dict[str, Operation] = {}


def operation(name: str) -> Callable[[Operation], Operation]:
    def register(fn: Operation) -> Operation:
        OPERATIONS[name] = fn
        return fn
    return register
