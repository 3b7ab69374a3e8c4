"""Python sources read with `ast`, never imported: the top-level definitions a name needs,
collected from module to module, for `qa-tui export-script` to inline into one script.

`Script.need(module, names)` brings those names in with everything they use; names imported
from another project module are followed there, other imports are kept as import lines.
`Script.whole(module)` takes a module's whole body (a lesson). A name defined twice is an error.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ExportError", "Module", "Script", "join"]

PROJECT = ("demos", "tui")  # packages the script must not import


class ExportError(LookupError):
    """The sources do not follow the lesson convention (a bug to report, not a user error)."""


@dataclass
class Module:
    """One parsed source file: its top-level definitions and what each import binds."""

    name: str
    path: Path
    source: str
    tree: ast.Module
    defs: dict[str, ast.stmt] = field(default_factory=dict)
    imports: dict[str, tuple[ast.stmt, str, str]] = field(default_factory=dict)  # as, (stmt,
    # module, original name)

    @classmethod
    def load(cls, name: str) -> Module:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ExportError(f"no source for {name}")
        path = Path(spec.origin)
        source = path.read_text(encoding="utf-8")
        module = cls(name, path, source, ast.parse(source, filename=str(path)))
        for node in module.tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                module.defs[node.name] = node
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    for leaf in ast.walk(target):
                        if isinstance(leaf, ast.Name):
                            module.defs[leaf.id] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                module.defs[node.target.id] = node
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    bound = alias.asname or alias.name.partition(".")[0]
                    module.imports[bound] = (node, alias.name, "")
            elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = (
                        node,
                        node.module or "",
                        alias.name,
                    )
        return module

    def text(self, node: ast.stmt) -> str:
        """The statement's source, with its decorators and any comment lines just above it."""
        lines = self.source.splitlines()
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
        while first > 0 and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        end = node.end_lineno or node.lineno
        return "\n".join(lines[first:end])


def is_project(module: str) -> bool:
    return module.partition(".")[0] in PROJECT


def used_names(node: ast.AST) -> set[str]:
    """Every name the node reads, annotations left out (they are never evaluated here)."""
    found: set[str] = set()

    def visit(item: ast.AST) -> None:
        if isinstance(item, ast.arg | ast.AnnAssign):
            if isinstance(item, ast.AnnAssign) and item.value is not None:
                visit(item.value)
            return
        if isinstance(item, ast.FunctionDef):
            for part in (*item.decorator_list, item.args, *item.body):
                visit(part)
            return
        if isinstance(item, ast.arguments):
            for default in (*item.defaults, *(d for d in item.kw_defaults if d is not None)):
                visit(default)
            return
        if isinstance(item, ast.Name):
            found.add(item.id)
        for child in ast.iter_child_nodes(item):
            visit(child)

    visit(node)
    return found


class Script:
    """Collects definitions from modules, in dependency order, and the imports they need."""

    def __init__(self) -> None:
        self.modules: dict[str, Module] = {}
        self.imports: list[str] = []
        self.cells: dict[str, list[tuple[int, str]]] = {}  # module -> (line, definition)
        self.defined: dict[str, str] = {}  # name -> module that defines it in the script
        self.uses: dict[str, set[str]] = {}  # module -> project modules it takes names from

    def module(self, name: str) -> Module:
        if name not in self.modules:
            self.modules[name] = Module.load(name)
        return self.modules[name]

    def add_import(self, module: Module, bound: str) -> None:
        node, source_module, original = module.imports[bound]
        if isinstance(node, ast.Import):
            plain = bound == source_module.partition(".")[0]
            text = f"import {source_module}" + ("" if plain else f" as {bound}")
        else:
            text = f"from {source_module} import {original}"
            text += f" as {bound}" if bound != original else ""
        if text not in self.imports:
            self.imports.append(text)

    def define(self, name: str, origin: str) -> bool:
        """Record that `origin` defines `name`; False if it already does (nothing to add)."""
        other = self.defined.get(name)
        if other == origin:
            return False
        if other is not None:
            raise ExportError(f"{name} is defined by both {other} and {origin}")
        self.defined[name] = origin
        return True

    def need(self, module: Module, names: Iterable[str]) -> None:
        """Bring `names` of `module` into the script, with everything they use."""
        for name in names:
            if name in module.defs:
                node = module.defs[name]
                targets = [n for n, d in module.defs.items() if d is node]
                if not all(self.define(target, module.name) for target in targets):
                    continue
                self.need(module, sorted(used_names(node) - {name}))
                self.cells.setdefault(module.name, []).append((node.lineno, module.text(node)))
            elif name in module.imports:
                _, source_module, original = module.imports[name]
                if is_project(source_module):
                    if not original:
                        raise ExportError(f"{module.name} imports a whole project module")
                    self.uses.setdefault(module.name, set()).add(source_module)
                    self.need(self.module(source_module), [original])
                    if original != name:
                        raise ExportError(f"{module.name} renames {original} on import")
                else:
                    self.add_import(module, name)

    def ordered(self, names: Iterable[str]) -> list[str]:
        """These modules' cells, each after the cells of the modules it uses."""
        out: list[str] = []

        def visit(name: str) -> None:
            if name in out:
                return
            for used in sorted(self.uses.get(name, ())):
                visit(used)
            if name in self.cells:
                out.append(name)

        for name in names:
            visit(name)
        return out

    def whole(self, module: Module) -> str:
        """The module's body without its docstring, imports and future import; its imports
        are added to the script's, and its project imports inlined before it."""
        lines = module.source.splitlines()
        drop: set[int] = set()
        body = module.tree.body
        for index, node in enumerate(body):
            docstring = (
                index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            )
            if docstring or isinstance(node, ast.Import | ast.ImportFrom):
                drop.update(range(node.lineno - 1, node.end_lineno or node.lineno))
        for bound in module.imports:
            self.need(module, [bound])
        for name in module.defs:
            if not self.define(name, module.name):
                raise ExportError(f"{name} of {module.name} is already defined")
        kept = [line for number, line in enumerate(lines) if number not in drop]
        return "\n".join(kept).strip("\n")


def join(definitions: list[tuple[int, str]]) -> str:
    """Definitions in source order: one-line constants together, two blank lines otherwise."""
    texts = [text for _, text in sorted(definitions)]
    out = texts[0] if texts else ""
    for previous, text in itertools.pairwise(texts):
        out += ("\n" if "\n" not in previous + text else "\n\n\n") + text
    return out
