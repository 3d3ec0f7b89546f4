"""Shared fixtures: the bundled sample corpus and the golden tables read from it by hand."""

from __future__ import annotations

import json
import os
import socket
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


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data home and the fake embedding; no DISCLOSURE_* leaks in."""
    for name in list(os.environ):
        if name.startswith("DISCLOSURE_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("DISCLOSURE_HOME", str(home))
    monkeypatch.setenv("DISCLOSURE_EMBEDDING_BACKEND", "fake")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("DISCLOSURE_SERVICE_IDLE", "0")  # no warm question service outlives a test
    return home


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach beyond this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
            raise RuntimeError(f"network access in a test: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
