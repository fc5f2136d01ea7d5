"""The package's layout keeps its promise: imports flow one way and never in a circle.

Layers, lowest first (docs/architecture.md): a module imports from its own layer or lower
ones at module level. An import inside a function may reach up only where listed in
LAZY_UPWARD, and no chain of imports, lazy ones included, comes back to where it started.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "contentkit"

LAYERS = [
    # 0: what everything stands on
    {"_lazy", "errors", "config", "files", "language_codes", "language", "platforms", "brand", "tags", "writing",
     "history", "history_io", "prompts", "checks", "llm", "spelling", "material", "seasons", "moments"},
    # 1: one post's parts
    {"drafting", "hashtags", "images"},
    # 2: many posts, the comments they draw, and how a period went
    {"plans", "inbox", "review"},
    # 3: plans written out
    {"export"},
    # 4: the surfaces
    {"commands", "cli", "__main__", "ui"},
]
# ContentPlan.to_csv() and friends keep the design's spelling by importing the exporter
# when called; the data model itself never imports it.
LAZY_UPWARD = {("contentkit.plans.model", "contentkit.export")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported contentkit module, imported at module level) for each import in ``path``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.startswith("contentkit"):
                    for alias in child.names:
                        full = f"{target}.{alias.name}"
                        found.append((full if _exists(full) else target, top))
            elif isinstance(child, ast.Import):
                found.extend((a.name, top) for a in child.names if a.name.startswith("contentkit"))
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(child, inner)

    visit(tree, True)
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "_lazy"
    for i, layer in enumerate(LAYERS):
        if top in layer:
            return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")


def _graph() -> dict[str, list[tuple[str, bool]]]:
    return {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer() -> None:
    for module in _graph():
        if module != "contentkit":
            _layer(module)


def test_imports_flow_down_the_layers() -> None:
    wrong = []
    for module, imports in _graph().items():
        if module == "contentkit":
            continue  # the public API names everything, lazily
        for target, top in imports:
            if target == "contentkit" or _layer(target) <= _layer(module):
                continue
            lazy_ok = any(module == a and target.startswith(b) for a, b in LAZY_UPWARD)
            if top or not lazy_ok:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layers: " + ", ".join(wrong)


def test_no_import_circles() -> None:
    graph = {m: {t for t, _ in imps if t != m} for m, imps in _graph().items() if m != "contentkit"}
    # A package's __init__ re-exports lazily; what counts is which modules import which.
    graph = {m: {t for t in ts if not (m.startswith(t + ".") )} for m, ts in graph.items()}
    for a, b in LAZY_UPWARD:
        graph[a] = {t for t in graph[a] if not t.startswith(b)}
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                walk(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)


def test_no_module_repeats_its_folders_name() -> None:
    for path in PACKAGE.rglob("*.py"):
        folder = path.parent.name
        if path.parent != PACKAGE:
            stem = folder.rstrip("s")
            assert not path.stem.startswith((folder, stem + "_")), f"{path}: drop the '{folder}' prefix"


@pytest.mark.parametrize("package", ["contentkit", "contentkit.hashtags", "contentkit.images",
                                     "contentkit.plans", "contentkit.export", "contentkit.inbox",
                                     "contentkit.review"])
def test_importing_a_package_stays_cheap(package: str) -> None:
    code = (f"import sys, {package}; heavy = [m for m in ('torch', 'transformers', 'streamlit', 'sklearn', 'PIL')"
            " if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import {package} loaded {out.stdout.strip()}"


def test_public_names_resolve() -> None:
    import contentkit as ck
    import contentkit.export as export
    import contentkit.hashtags as hashtags
    import contentkit.images as images
    import contentkit.plans as plans

    for module in (ck, hashtags, images, plans, export):
        for name in module.__all__:
            assert getattr(module, name) is not None, f"{module.__name__}.{name}"
    assert ck.ContentPlan is plans.ContentPlan
