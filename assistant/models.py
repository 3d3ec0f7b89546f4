"""The model seams: the only place that builds real model clients from settings."""

from __future__ import annotations

from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from index.embedding import E5Embeddings, SentenceTransformerEmbeddings

from .settings import Settings

FAKE_EMBEDDING_SIZE = 64


def make_embeddings(settings: Settings) -> Embeddings:
    """The embedding model the settings name (nothing is loaded until first use)."""
    if settings.embedding_backend == "e5":
        return E5Embeddings()
    if settings.embedding_backend == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.embedding_model)
    return DeterministicFakeEmbedding(size=FAKE_EMBEDDING_SIZE)
