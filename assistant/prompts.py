"""Prompts are files in prompts/, loaded by name and checked for the variables they need."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from index.errors import ConfigurationError

if TYPE_CHECKING:  # LangChain loads with the first prompt, not with the answering module
    from langchain_core.prompts import PromptTemplate

EXPECTED = {
    "answer.zh": {"language", "facts", "passages", "draft", "question"},
    "polish_section5.zh": {"agency", "structure", "draft", "suggestions", "examples"},
    "read_notes.zh": {"notes"},
}


@cache
def load_prompt(name: str) -> PromptTemplate:
    """``load_prompt("answer.zh")`` → the template in prompts/answer.zh.md."""
    from langchain_core.prompts import PromptTemplate

    path = files("prompts").joinpath(f"{name}.md")
    if not path.is_file():
        raise ConfigurationError(f"No prompt named {name!r} in prompts/")
    template = PromptTemplate.from_template(path.read_text(encoding="utf-8"))
    expected = EXPECTED.get(name)
    if expected is not None and set(template.input_variables) != expected:
        raise ConfigurationError(f"prompts/{name}.md uses {sorted(template.input_variables)}, expected {sorted(expected)}")
    return template
