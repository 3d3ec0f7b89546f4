"""Shared fixtures: the bundled sample corpus and the golden tables read from it by hand."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from index.model import Report
from index.parser import parse_file

GOLDEN = Path(__file__).parent / "data" / "golden"
SAMPLES = Path(str(files("index").joinpath("samples")))
SAMPLE_NAMES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def sample_path(name: str) -> Path:
    return SAMPLES / golden(name)["source"]


_parsed: dict[str, Report] = {}


def parsed(name: str) -> Report:
    """Parse each sample once per test session (the parser is pure; reports are not mutated)."""
    if name not in _parsed:
        _parsed[name] = parse_file(sample_path(name))
    return _parsed[name].model_copy(deep=True)


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
