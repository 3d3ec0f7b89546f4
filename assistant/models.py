"""The model seams: the only place that builds real model clients from settings."""

from __future__ import annotations

import logging
import os
import time
from functools import cache
from typing import TYPE_CHECKING, Any

from index.errors import ConfigurationError

from .settings import Settings

if TYPE_CHECKING:  # LangChain loads when a model is built, not when this module is imported
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

FAKE_EMBEDDING_SIZE = 64


def make_embeddings(settings: Settings) -> Embeddings:
    """The embedding model the settings name (nothing is loaded until first use)."""
    from langchain_core.embeddings import DeterministicFakeEmbedding

    from index.embedding import E5Embeddings, SentenceTransformerEmbeddings

    if settings.embedding_backend == "e5":
        return E5Embeddings()
    if settings.embedding_backend == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.embedding_model)
    return DeterministicFakeEmbedding(size=FAKE_EMBEDDING_SIZE)


@cache
def _latency_log() -> type:
    """The callback class (LangChain loads when a model is built, not when this module is imported)."""
    from langchain_core.callbacks import BaseCallbackHandler

    class LatencyLog(BaseCallbackHandler):
        """Logs each model call's latency (and failures) to the data home's log file."""

        def __init__(self, model: str) -> None:
            self.model = model
            self.started: dict[Any, float] = {}

        def on_chat_model_start(self, serialized: Any, messages: Any, *, run_id: Any, **kwargs: Any) -> None:
            self.started[run_id] = time.perf_counter()

        def on_llm_end(self, response: Any, *, run_id: Any, **kwargs: Any) -> None:
            elapsed = time.perf_counter() - self.started.pop(run_id, time.perf_counter())
            logging.getLogger("disclosure.model").info("model %s answered in %.2f s", self.model, elapsed)

        def on_llm_error(self, error: BaseException, *, run_id: Any, **kwargs: Any) -> None:
            elapsed = time.perf_counter() - self.started.pop(run_id, time.perf_counter())
            logging.getLogger("disclosure.model").warning("model %s failed after %.2f s: %s", self.model, elapsed, error)

    return LatencyLog


def __getattr__(name: str) -> Any:
    if name == "LatencyLog":
        return _latency_log()
    raise AttributeError(name)


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model the settings name, or None (every job then runs deterministically)."""
    if settings.llm_backend == "none":
        return None
    if settings.llm_backend == "openai":
        key = os.environ.get(settings.llm_api_key_env)
        if not key and settings.llm_base_url:
            key = "unused"  # a keyless local server (llama.cpp, vLLM, LM Studio): the client needs some string
        if not key:
            raise ConfigurationError(f"Set the {settings.llm_api_key_env} environment variable to the API key of the OpenAI-compatible endpoint.")
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ConfigurationError("Install the llm extra: pip install 'disclosure-assistant[llm]'") from exc
        return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=key, temperature=0, timeout=60, max_retries=1,
                          callbacks=[_latency_log()(settings.llm_model)])
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigurationError("Install the llm extra: pip install 'disclosure-assistant[llm]'") from exc
    return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434", temperature=0,
                      callbacks=[_latency_log()(settings.llm_model)])
