"""The import graph of ``src/unspin`` keeps the layering docs/architecture.md draws.

Every import counts, module-level or inside a function (a lazy import is still a dependency); only imports under
``if TYPE_CHECKING:`` are left out (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
FACES = ("unspin.cli", "unspin.web", "unspin.batch")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            subs = {f"{base}.{a.name}" for a in node.names}
            out |= subs
            if not all((SRC / Path(*m.split("."))).with_suffix(".py").is_file() or (SRC / Path(*m.split("."))).is_dir()
                       for m in subs):
                out.add(base)  # a name defined in the module itself, not a submodule of a package
    return {m for m in out if m == "unspin" or m.startswith("unspin.")}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in (SRC / "unspin").rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


GRAPH = _graph()


def _inside(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@pytest.mark.parametrize("face", FACES)
def test_faces_go_through_the_entry_point(face: str) -> None:
    bad = {(m, d) for m, deps in GRAPH.items() if _inside(m, face) for d in deps
           if _inside(d, "unspin.pipeline", "unspin.analysers")}
    assert not bad, f"{face} must call unspin.api, not the pipeline or analysers: {sorted(bad)}"


def test_report_and_renderers_know_no_analyser() -> None:
    bad = {(m, d) for m, deps in GRAPH.items() if _inside(m, "unspin.report", "unspin.render") for d in deps
           if _inside(d, "unspin.analysers")}
    assert not bad, sorted(bad)


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(GRAPH[node]):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(GRAPH):
        if node not in state:
            cycle = visit(node)
            assert cycle is None, " -> ".join(cycle)


def test_the_graph_is_read() -> None:
    assert "unspin.report" in GRAPH["unspin.api"]
    assert "unspin.pipeline" in GRAPH["unspin.api"]
