"""No body or place name of the sample reports or of the published reports in ../shared/reports/real
in the code or vocabulary under assistant/, index/ and ui/: knowledge of bodies is derived from what
is indexed, never listed. Comments, docstrings, and the measure library's source attributions
(``source = "…"``) may name the report a sentence came from; the bundled sample reports are data."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin

REPO = Path(__file__).resolve().parents[1]
# The places and bodies of the seven samples and the eight real reports (and a nickname of one).
PLACES = ["利通", "红旗区", "红寺堡", "洪泽", "吴忠", "平潭", "淮安", "岚岛", "清江浦", "盱眙"]
ENGLISH = {"".join(lazy_pinyin(p)) for p in PLACES} | {"hongsibu", "huai'an", "huai an"}
NAMES = re.compile("|".join(map(re.escape, PLACES + sorted(ENGLISH))), re.IGNORECASE)
SKIPPED_DIRS = {"samples", "__pycache__"}


def _code_text(path: Path) -> str:
    """A Python file without its comments and docstrings (the strings an expression statement is)."""
    source = path.read_text(encoding="utf-8")
    kept: list[str] = []
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            continue
        if token.type == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            previous = token.type
            continue  # a docstring (or a bare string statement)
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
        kept.append(token.string)
    return " ".join(kept)


def _data_text(path: Path) -> str:
    """A vocabulary file without its comments and source attributions."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        lines.append(re.sub(r'source\s*=\s*"[^"]*"', "", line))
    return "\n".join(lines)


def _files() -> list[Path]:
    found = []
    for top in ("assistant", "index", "ui"):
        for path in sorted((REPO / top).rglob("*")):
            if path.is_file() and not SKIPPED_DIRS & set(path.relative_to(REPO).parts) and path.suffix in (".py", ".toml", ".json", ".txt", ".yaml", ".csv", ".md"):
                found.append(path)
    return found


def test_the_check_sees_code_and_vocabulary() -> None:
    names = {p.name for p in _files()}
    assert {"bodies.py", "names.toml", "lexicon.toml", "app.py", "agencies.py"} <= names
    assert NAMES.search(_code_text(REPO / "tests" / "test_no_body_names.py"))  # this file lists them, outside comments


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_sample_or_real_body_name(path: Path) -> None:
    text = _code_text(path) if path.suffix == ".py" else _data_text(path)
    hits = sorted({m.group() for m in NAMES.finditer(text)})
    assert not hits, f"{path.relative_to(REPO)} names {hits}: derive it from what is indexed instead"
