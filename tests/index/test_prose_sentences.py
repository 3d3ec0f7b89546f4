"""Prose figures in the wordings of real reports and of clerks (tests/data/prose_sentences.toml):
each sentence read alone gives exactly its figures, measure and number."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from index.prose import figures_in, measure

SENTENCES = tomllib.loads((Path(__file__).parent.parent / "data" / "prose_sentences.toml").read_text(encoding="utf-8"))["sentence"]


def test_enough_sentences_from_real_wordings() -> None:
    assert len(SENTENCES) >= 40
    assert sum(s["from"] == "real" for s in SENTENCES) >= 25
    assert all(measure(key) is not None for s in SENTENCES for key, _ in s["figures"])


@pytest.mark.parametrize("sentence", SENTENCES, ids=[s["text"][:24] for s in SENTENCES])
def test_sentence_gives_its_figures(sentence: dict) -> None:
    found = Counter((m.key, number.value) for m, _phrase, number, _offset in figures_in(sentence["text"]))
    assert found == Counter(tuple(f) for f in sentence["figures"])
