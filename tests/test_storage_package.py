"""The storage package imports one way: no cycle inside it, none through the rest of the core.

An ast scan of cmdesk/ (every import, also those inside functions) builds the module
graph; the storage modules must form a graph without cycles, reach each other only at
module level (a function-local import is how a cycle hides), and no other core module may
close a cycle through them.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORAGE = "cmdesk.storage"
STORAGE_MODULES = {"audit", "audit_anchor", "change_log", "encryption", "db", "backup",
                   "integrity", "desk", "password", "recovery", "lock", "failures",
                   "sqlite_file", "first_look"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _core_modules() -> dict[str, ast.Module]:
    return {_module_name(path): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "cmdesk").rglob("*.py"))}


def _imported(node: ast.AST, known: set[str]) -> list[str]:
    """The core modules one import statement loads (a name imported from a package counts
    as its submodule when there is one)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        found = []
        for alias in node.names:
            submodule = f"{node.module}.{alias.name}"
            if submodule in known:
                found.append(submodule)
            elif node.module in known:
                found.append(node.module)
        return found
    return []


def _graph(modules: dict[str, ast.Module], nested: bool) -> dict[str, set[str]]:
    """module -> core modules it imports; `nested` False: module-level imports only."""
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        nodes = ast.walk(tree) if nested else iter(tree.body)
        graph[name] = {target for node in nodes for target in _imported(node, known)
                       if target != name}
    return graph


def _cycles_through(graph: dict[str, set[str]], members: set[str]) -> list[list[str]]:
    """Every import cycle (as a path back to its start) that passes through `members`."""
    cycles = []
    for start in sorted(members):
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for target in sorted(graph.get(node, ())):
                if target == start:
                    cycles.append([*path, start])
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    return cycles


def test_the_storage_modules_live_in_one_package():
    modules = _core_modules()
    storage = {name.removeprefix(STORAGE + ".") for name in modules
               if name.startswith(STORAGE + ".")}
    assert storage == STORAGE_MODULES
    flat = {"db", "encryption", "desk", "backup", "integrity", "audit", "change_log"}
    assert not {f"cmdesk.{name}" for name in flat} & set(modules)


def test_the_storage_package_has_no_import_cycle():
    graph = _graph(_core_modules(), nested=True)
    storage = {name for name in graph if name.startswith(STORAGE + ".")}
    inside = {name: graph[name] & storage for name in storage}
    assert _cycles_through(inside, storage) == []


def test_no_core_module_closes_a_cycle_through_storage():
    graph = _graph(_core_modules(), nested=True)
    storage = {name for name in graph if name.startswith(STORAGE + ".")}
    assert _cycles_through(graph, storage) == []


def test_storage_modules_reach_each_other_only_at_module_level():
    modules = _core_modules()
    known = set(modules)
    hidden = []
    for name, tree in modules.items():
        if not name.startswith(STORAGE + "."):
            continue
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            if id(node) in top_level:
                continue
            hidden += [f"{name}:{node.lineno} imports {target}"
                       for target in _imported(node, known) if target.startswith("cmdesk.")]
    assert hidden == []
