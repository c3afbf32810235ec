"""The layout's rules (docs/architecture.md), read from the code itself.

cli -> services -> catalogue/search/journal -> leaves, and cli -> output -> leaves:
imports run one way with no cycle, typer and rich stay in cli/ and output/,
every byte printed comes from output/, and no module grows past 300 lines.
Imports inside functions count; imports under ``if TYPE_CHECKING:`` do not.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "ivrcli"
MAX_LINES = 300

#: which layers each layer may import (besides its own)
ALLOWED = {
    "entry": {"cli"},
    "cli": {"services", "output", "leaf"},
    "services": {"domain", "leaf"},
    "output": {"leaf"},
    "domain": {"leaf"},
    "leaf": set(),
}
DOMAIN = ("catalogue", "search", "journal")
PRINTING = {"print", "input"}
PRINTING_ATTRIBUTES = {"echo", "secho", "prompt", "confirm", "print", "print_json"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if module == "ivrcli.__main__":
        return "entry"
    if len(parts) > 1 and parts[1] in ("cli", "services", "output"):
        return parts[1]
    if len(parts) > 1 and parts[1] in DOMAIN:
        return "domain"
    return "leaf"


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@dataclass(frozen=True)
class Import:
    module: str  # what is imported, resolved to a module where it names one
    line: int


def imports(path: Path) -> list[Import]:
    """Every import statement at any depth, except under ``if TYPE_CHECKING:``."""
    found: list[Import] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.append(
                    Import(candidate if candidate in MODULES else node.module, node.lineno)
                )
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def own_imports(module: str) -> set[str]:
    return {i.module for i in imports(MODULES[module]) if i.module in MODULES} - {module}


def test_every_module_has_a_layer_and_the_layers_are_what_the_docs_say() -> None:
    layers = {layer(m) for m in MODULES}
    assert layers == set(ALLOWED)
    assert layer("ivrcli.catalogue.cache") == "domain"
    assert layer("ivrcli.model") == "leaf"
    # what the issue forbids outright
    assert {"services", "cli"}.isdisjoint(ALLOWED["output"])
    assert "output" not in ALLOWED["services"]
    assert "domain" not in ALLOWED["cli"]  # a command goes through its service


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module: str) -> None:
    mine = layer(module)
    wrong = sorted(
        f"{module} ({mine}) imports {other} ({layer(other)})"
        for other in own_imports(module)
        if layer(other) != mine and layer(other) not in ALLOWED[mine]
    )
    assert wrong == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets, as the modules around it."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph.get(module, set())):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other) :], other])
            elif other not in state:
                visit(other, [*trail, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_import_cycle() -> None:
    graph = {m: own_imports(m) for m in MODULES}
    # a package's __init__ is imported with each of its modules: not a real edge back
    graph = {m: {o for o in out if not m.startswith(o + ".")} for m, out in graph.items()}
    assert find_cycles(graph) == []


def test_the_cycle_check_finds_cycles() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"c"}}) == [["c", "c"]]
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_only_cli_loads_modules_by_name() -> None:
    """cli.main imports each command's module by name (lazily); nobody else may."""
    users = sorted(
        module
        for module, path in MODULES.items()
        if "import_module" in path.read_text(encoding="utf-8")
    )
    assert users == ["ivrcli.cli.main"]


TERMINAL = ("typer", "rich", "click")


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if layer(m) not in ("cli", "output", "entry"))
)
def test_no_typer_or_rich_outside_cli_and_output(module: str) -> None:
    every = [i for i in _all_imports(MODULES[module]) if i.module.split(".")[0] in TERMINAL]
    assert every == [], f"{module} imports {[i.module for i in every]}"


def _all_imports(path: Path) -> list[Import]:
    """Every import statement, TYPE_CHECKING ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(Import(node.module, node.lineno))
    return found


def test_importing_the_core_loads_no_typer_or_rich() -> None:
    core = sorted(m for m in MODULES if layer(m) not in ("cli", "output", "entry"))
    script = (
        "import importlib, json, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stdout))
    assert loaded.isdisjoint(TERMINAL)


def test_plain_find_imports_no_renderer(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "sys.argv = ['ivr', 'find', 'bezeq', '--plain']\n"
        "from ivrcli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'pydantic')"
        " or m.startswith(('ivrcli.output.human', 'ivrcli.output.console', 'ivrcli.output.json'))))"
    )
    env = {"IVR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TZ": "Asia/Jerusalem"}
    subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True)
    warm = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert warm.stdout.splitlines() == ["199", "[]"]


def printing(path: Path) -> list[str]:
    """Where a module prints: print()/input(), sys.stdout/stderr (but ``.isatty()``),
    echo/prompt/confirm, a console's print."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # asking whether a stream is a terminal is not printing
    asked = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "isatty"
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in PRINTING:
                found.append(f"{path.name}:{node.lineno} {func.id}()")
            if isinstance(func, ast.Attribute) and func.attr in PRINTING_ATTRIBUTES:
                found.append(f"{path.name}:{node.lineno} .{func.attr}()")
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
            and id(node) not in asked
        ):
            found.append(f"{path.name}:{node.lineno} sys.{node.attr}")
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) != "output"))
def test_every_byte_printed_comes_from_output(module: str) -> None:
    """The one exception, cli/clipboard, writes OSC 52 to /dev/tty: no stdout, no print."""
    assert printing(MODULES[module]) == []


def test_the_printing_scan_sees_printing(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sys\nprint(1)\nsys.stdout.write('x')\ntyper.echo('y')\nsys.stderr.isatty()\n"
    )
    assert sorted(w.split(" ", 1)[1] for w in printing(sample)) == [
        ".echo()",
        "print()",
        "sys.stdout",
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_300_lines(module: str) -> None:
    count = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert count <= MAX_LINES, f"{module}: {count} lines"
