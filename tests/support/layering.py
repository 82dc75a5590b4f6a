"""The import graph of a source tree, read with ``ast`` (nothing is imported), and the
layering rules Huikuan keeps.

A module's imports are every ``import`` / ``from … import`` in it, at any depth (inside
functions and ``if TYPE_CHECKING`` blocks too: the rules hold for type-only imports as
well). ``from package import name`` counts as importing ``package.name`` when that is a
module of the tree.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGES = ("shared", "services", "tooling")
DOMAIN = re.compile(r"^services\.(?P<service>\w+)\.domain(\.|$)")
ENTRYPOINTS = re.compile(r"^services\.(?P<service>\w+)\.entrypoints(\.|$)")
ADAPTERS = re.compile(r"^services\.(?P<service>\w+)\.adapters(\.|$)")
SERVICE = re.compile(r"^services\.(?P<service>\w+)(\.|$)")
DOMAIN_MAY_IMPORT = ("shared.kernel", "shared.contracts")
KERNEL_MAY_IMPORT_THIRD_PARTY = frozenset({"pydantic", "pydantic_core"})
IO_LIBRARIES = frozenset(
    {"redis", "faststream", "fastapi", "starlette", "structlog", "httpx", "uvicorn"}
)
STDLIB = frozenset(sys.stdlib_module_names)


@dataclass
class Graph:
    """Modules of the tree (dotted names) and what each imports (dotted names)."""

    imports: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path) -> Graph:
        graph = cls()
        modules = dict(_modules(root))
        for name, path in modules.items():
            graph.imports[name] = set(_imported(name, path, set(modules)))
        return graph

    def internal(self, name: str) -> set[str]:
        return {m for m in self.imports[name] if m in self.imports}

    def io_reachable(self, start: str) -> set[str]:
        """The I/O libraries some module reachable from ``start`` imports."""
        tops = {m.split(".")[0] for r in self.reachable(start) for m in self.imports[r]}
        return tops & IO_LIBRARIES

    def reachable(self, start: str) -> set[str]:
        """Every module of the tree ``start`` imports, directly or not (``start`` too)."""
        seen, todo = {start}, [start]
        while todo:
            for nxt in self.internal(todo.pop()) - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen


def _modules(root: Path) -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            yield ".".join(parts), path


def _imported(name: str, path: Path, modules: set[str]) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            yield base
            yield from (f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*parent, *([node.module] if node.module else [])])


def _within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


def violations(graph: Graph) -> list[str]:
    """Every broken rule, one line each (empty when the tree keeps them all)."""
    found: list[str] = []
    for module in sorted(graph.imports):
        found += _domain_rule(graph, module) + _edge_rules(graph, module)
    return found


def _domain_rule(graph: Graph, module: str) -> list[str]:
    """A domain module imports nothing of the tree but the kernel, the contracts and its
    own domain, and reaches no I/O library; the contracts import only contracts and the
    kernel; the kernel imports no third party but pydantic."""
    found: list[str] = []
    if _within(module, ("shared.contracts",)):
        for imported in sorted(graph.internal(module)):
            if not _within(imported, DOMAIN_MAY_IMPORT) and imported not in PACKAGES:
                found.append(f"{module}: a contract imports {imported}")
    if match := DOMAIN.match(module):
        own = f"services.{match['service']}.domain"
        for imported in sorted(graph.internal(module)):
            if not _within(imported, (*DOMAIN_MAY_IMPORT, own)) and imported not in PACKAGES:
                found.append(f"{module}: a domain module imports {imported}")
        for library in sorted(graph.io_reachable(module)):
            found.append(f"{module}: a domain module reaches {library}")
    if _within(module, ("shared.kernel",)):
        for imported in sorted(graph.imports[module] - set(graph.imports)):
            top = imported.split(".")[0]
            if top not in PACKAGES and top not in KERNEL_MAY_IMPORT_THIRD_PARTY | STDLIB:
                found.append(f"{module}: the kernel imports {imported}")
    return found


def _edge_rules(graph: Graph, module: str) -> list[str]:
    found: list[str] = []
    for imported in sorted(graph.internal(module)):
        entry, adapter = ENTRYPOINTS.match(module), ADAPTERS.match(imported)
        if entry and adapter:
            found.append(f"{module}: an entrypoint imports the adapter {imported}")
        here, there = SERVICE.match(module), SERVICE.match(imported)
        if here and there and here["service"] != there["service"]:
            found.append(f"{module}: a service imports another service's {imported}")
        if _within(module, ("services", "shared")) and _within(imported, ("tooling",)):
            found.append(f"{module}: imports developer tooling {imported}")
    return found
