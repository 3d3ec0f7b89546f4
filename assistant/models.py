"""The model seams: the only place that builds real model clients from settings."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

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
        return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=key, temperature=0, timeout=60, max_retries=1)
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigurationError("Install the llm extra: pip install 'disclosure-assistant[llm]'") from exc
    return ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or "http://127.0.0.1:11434", temperature=0)
