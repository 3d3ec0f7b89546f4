"""The vector store: chunks in a Chroma collection, one collection per embedding model.

We pass our own vectors (no Chroma embedding function) and reuse the vector of any chunk
whose text was embedded before (boilerplate repeats across reports).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from langchain_core.embeddings import Embeddings

from .chunking import Chunk
from .embedding import embeddings_name
from .errors import StoreUnavailable


class VectorStoreUnavailable(StoreUnavailable):
    """The Chroma server cannot be reached (or went away mid-operation)."""


UNAVAILABLE = (
    "向量库（Chroma）无法访问：{error}。已完成导入的报告不受影响；请检查向量库服务后重新运行导入，未完成的报告会自动修复并重新导入。"
    " (The vector store is unavailable; committed reports are safe — re-run the ingest when it is back.)"
)


def chroma_client(location: str, server: tuple[str, int] | None) -> Any:
    """A Chroma client: a local persistent directory, or a server at host:port."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if server is not None:
        try:
            return chromadb.HttpClient(host=server[0], port=server[1], settings=settings)
        except Exception as exc:  # chromadb raises plain exceptions for connection problems
            raise VectorStoreUnavailable(UNAVAILABLE.format(error=f"{server[0]}:{server[1]} {exc}")) from None
    return chromadb.PersistentClient(path=location, settings=settings)


def collection_name(embeddings: Embeddings) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", embeddings_name(embeddings)).strip("-._") or "model"
    return f"chunks-{slug}"[:60]


_LOOKUP_BATCH = 200
_WRITE_PART = 500  # chunks per write
_SHARED_PART = 32  # chunks per write when writes share the process with people waiting for answers


class VectorStore:
    """Chunks and their vectors in Chroma, filtered by agency, year and section."""

    def __init__(self, client: Any, embeddings: Embeddings, batch: int = 64, server: tuple[str, int] | None = None) -> None:
        self.embeddings = embeddings
        self.batch = batch
        self.server = server  # (host, port) of a Chroma server, None for a local directory
        self.collection = client.get_or_create_collection(
            collection_name(embeddings), embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        # Every text ever embedded, by content hash: boilerplate repeated across reports is
        # embedded once. A cache only — reports live in ``collection``.
        self.texts = client.get_or_create_collection(
            collection_name(embeddings).replace("chunks-", "texts-", 1), embedding_function=None
        )

    def known_vectors(self, text_hashes: list[str]) -> dict[str, list[float]]:
        """Vectors already computed for these texts (looked up by content hash, in small batches)."""
        found: dict[str, list[float]] = {}
        for start in range(0, len(text_hashes), _LOOKUP_BATCH):
            got = self.texts.get(ids=text_hashes[start : start + _LOOKUP_BATCH], include=["embeddings"])
            vectors = got["embeddings"] if got["embeddings"] is not None else []
            found.update({text_hash: list(vector) for text_hash, vector in zip(got["ids"], vectors)})
        return found

    def add(self, chunks: list[Chunk], metas: dict[str, dict[str, Any]], pause: float = 0.0) -> int:
        """Embed (unless known) and upsert chunks; ``metas`` maps a report id to the metadata
        its chunks carry (agency, year). Returns how many texts were embedded. ``pause``: see
        ``_write``."""
        if not chunks:
            return 0
        known = self.known_vectors(sorted({c.text_hash for c in chunks}))
        todo = list({c.text_hash: c for c in chunks if c.text_hash not in known}.values())
        part = _SHARED_PART if pause else _WRITE_PART
        for start in range(0, len(todo), self.batch):
            batch = todo[start : start + self.batch]
            vectors = self.embeddings.embed_documents([c.text for c in batch])
            for first in range(0, len(batch), part):
                self._write(self.texts.upsert, pause, ids=[c.text_hash for c in batch[first : first + part]],
                            embeddings=vectors[first : first + part])
            known.update({c.text_hash: v for c, v in zip(batch, vectors)})
        for start in range(0, len(chunks), part):
            some = chunks[start : start + part]
            # the text itself lives in the facts store (search reads it there): Chroma keeps ids and vectors
            self._write(self.collection.upsert, pause, ids=[c.id for c in some], embeddings=[known[c.text_hash] for c in some],
                        metadatas=[{**metas[c.report_id], "section": c.section, "kind": c.kind, "text_hash": c.text_hash} for c in some])
        return len(todo)

    @staticmethod
    def _write(call: Callable[..., Any], pause: float, **arguments: Any) -> None:
        """One write. A local Chroma holds Python's interpreter lock for the whole of a write, so
        every other thread of the process stops meanwhile; with ``pause`` (a served app) writes
        are small and each is followed by ``pause`` times its own length of sleep, in which the
        people asking questions run."""
        start = time.perf_counter()
        call(**arguments)
        if pause:
            time.sleep(pause * (time.perf_counter() - start))

    def delete_report(self, report_id: str, pause: float = 0.0) -> None:
        self._write(self.collection.delete, pause, where={"report_id": report_id})

    def report_ids(self) -> set[str]:
        got = self.collection.get(include=["metadatas"])
        return {m["report_id"] for m in got["metadatas"] or []}

    def count(self) -> int:
        return self.collection.count()

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine distance) of the k nearest chunks."""
        if self.collection.count() == 0:
            return []
        result = self.collection.query(query_embeddings=[self.embeddings.embed_query(query)], n_results=k, where=where or None, include=["distances"])
        return list(zip(result["ids"][0], result["distances"][0]))
