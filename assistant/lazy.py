"""Names whose module is imported on first use, so that a command line which only parses its
arguments (``disclosure --help``) or answers from the facts store never loads the parser,
Chroma, the embedding model or the chat-model stack.

>>> Answerer = lazy("assistant.ask.answerer", "Answerer")   # nothing imported yet
>>> Answerer(kb).ask("…")                                 # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


class lazy:  # noqa: N801 - used like the name it stands for
    """A stand-in for ``module.name``: calling it, reading an attribute or an item imports it."""

    __slots__ = ("_module", "_name", "_target")

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name, self._target = module, name, None

    def resolve(self) -> Any:
        if self._target is None:
            self._target = getattr(import_module(self._module), self._name)
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.resolve(), attribute)

    def __getitem__(self, key: Any) -> Any:
        return self.resolve()[key]

    def __iter__(self) -> Any:
        return iter(self.resolve())

    def __repr__(self) -> str:
        return f"lazy({self._module}.{self._name})"
