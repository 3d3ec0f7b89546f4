"""The ask path exists once: questions → plans (assistant.ask.understanding) → executor → the
operation families of assistant.ask.ops. The old reader (assistant.questions), the old table
answerer (TableAnswerer) and the plan's way back to it (Plan.legacy) are gone, answering.py holds
only what an answer is, and the modules of the ask path import each other without a circle."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("assistant", "index", "ui", "bench", "tests") for p in (REPO / folder).rglob("*.py")]


def test_no_module_imports_the_old_reader_or_the_table_answerer() -> None:
    assert not (REPO / "assistant" / "questions.py").exists()
    offenders = []
    for path in SOURCES:
        if path == Path(__file__).resolve():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                names = {a.name for a in node.names}
                old_reader = module in ("assistant.questions", ".questions", "..questions") or "questions" in names and module in (".", "..", "assistant")
                if old_reader or "TableAnswerer" in names:
                    offenders.append(f"{path.relative_to(REPO)}: from {module} import {', '.join(sorted(names))}")
            elif isinstance(node, ast.Import) and any(a.name == "assistant.questions" for a in node.names):
                offenders.append(f"{path.relative_to(REPO)}: import assistant.questions")
            elif isinstance(node, ast.Attribute) and node.attr in ("TableAnswerer", "legacy"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and (  # lazy("assistant.questions", …)
                    node.value in ("assistant.questions", "TableAnswerer") or node.value == "assistant.answering" and path.name != "test_one_ask_path.py"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    assert not offenders, offenders


def test_answering_holds_only_answer_and_fact() -> None:
    tree = ast.parse((REPO / "assistant" / "answering.py").read_text(encoding="utf-8"))
    defined = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    assert defined == {"Answer", "Fact"}


def _module_imports(path: Path) -> set[str]:
    """Modules of the package a file imports at load time (not inside functions or TYPE_CHECKING)."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if path.name != "__init__.py":
                base = base[:-1]
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("assistant"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def test_the_ask_path_has_no_import_circle() -> None:
    files = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): p for p in (REPO / "assistant").rglob("*.py")}
    graph = {name: {m for m in _module_imports(path) if m in files and m != name} for name, path in files.items()}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                circles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, circles
