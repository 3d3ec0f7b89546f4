"""The repository holds code, not a data home (issue 25: facts.sqlite3 and chroma/ were committed
at its root). Data homes and build outputs are ignored; the default home is outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")


@needs_git
def test_no_data_home_is_committed() -> None:
    tracked = _git("ls-files").splitlines()
    assert [f for f in tracked if f.endswith((".sqlite3", ".sqlite3-journal", ".lock")) or f.startswith("chroma/")
            or "/chroma/" in f or f.endswith(".part.xlsx")] == []


@needs_git
@pytest.mark.parametrize("path", ["facts.sqlite3", "chroma/chroma.sqlite3", "logs/disclosure.log", "ingest.lock",
                                  "build/x", "dist/x.whl", "bench/results/x.json", "out.part.xlsx"])
def test_data_homes_and_build_outputs_are_ignored(path: str) -> None:
    assert _git("check-ignore", "--no-index", path).strip() == path


def test_the_default_data_home_is_outside_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCLOSURE_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.chdir(ROOT)
    home = Settings().home.resolve()
    assert ROOT not in home.parents and home != ROOT
