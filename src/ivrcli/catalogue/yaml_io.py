"""Catalogue YAML: the C safe loader, located errors, line:col positions, company pieces.

The normal path is cheap: the C loader reads the file, and only when there
are problems to report is the YAML composed again (:class:`Positions`) to
recover the ``line:col`` of each one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ivrcli.errors import CatalogueError, Problem


def yaml_module() -> Any:
    import yaml

    return yaml


_LOADER: Any = None


def loader() -> Any:
    """The C safe loader, with timestamps kept as strings (pydantic parses and locates them)."""
    global _LOADER
    if _LOADER is None:
        yaml = yaml_module()
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def construct_mapping(self: Any, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = getattr(key_node, "value", None)
                if isinstance(key, str):
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key!r}", key_node.start_mark
                        )
                    seen.add(key)
            return base.construct_mapping(self, node, deep)

        _LOADER = type("IvrLoader", (base,), {"construct_mapping": construct_mapping})
        _LOADER.add_constructor("tag:yaml.org,2002:timestamp", base.construct_yaml_str)
    return _LOADER


def read_text(path: Path) -> str:
    """The file's text; a located :class:`CatalogueError` when it cannot be read."""
    name = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise located(name, 1, 1, "is a directory, not a catalogue file") from None
    except FileNotFoundError:
        raise located(name, 1, 1, "no such file") from None
    except PermissionError:
        raise located(name, 1, 1, "permission denied") from None
    except OSError as exc:
        raise located(name, 1, 1, f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise located(
            name, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None


def located(name: str, line: int, column: int, message: str) -> CatalogueError:
    problem = Problem(name, line, column, message)
    return CatalogueError(str(problem), [problem])


def parse_yaml(name: str, text: str) -> Any:
    """YAML text to plain data; syntax errors, aliases and empty files are located errors."""
    yaml = yaml_module()
    try:
        data = yaml.load(text, Loader=loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "YAML syntax error"
        if "\t" in text and "tab" not in problem and _tab_near(text, line):
            problem += " (a tab character: YAML indents with spaces only)"
        if problem.startswith("duplicate key"):
            raise located(name, line, column, problem) from None
        raise located(name, line, column, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise located(name, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise located(name, 1, 1, "YAML nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value
        raise located(name, 1, 1, f"YAML value error: {exc}") from None
    if data is None:
        raise located(name, 1, 1, "the file is empty: expected 'version: 1' and 'companies:'")
    if not isinstance(data, dict):
        raise located(
            name, 1, 1, "expected a mapping with 'version: 1' and 'companies:' at the top"
        )
    shared = has_shared_node(data)
    if shared:
        line, column = _first_alias(text)
        raise located(
            name, line, column, "YAML anchors and aliases are not supported; write it out"
        )
    return data


def _tab_near(text: str, line: int) -> bool:
    lines = text.splitlines()
    return any("\t" in lines[i] for i in range(max(0, line - 2), min(len(lines), line + 1)))


def has_shared_node(data: Any) -> bool:
    """True when a mapping or list is reachable twice (an alias), without expanding it."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


def _first_alias(text: str) -> tuple[int, int]:
    yaml = yaml_module()
    for event in yaml.parse(text, Loader=loader()):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            return mark.line + 1, mark.column + 1
    return 1, 1  # pragma: no cover - only called when an alias exists


class Positions:
    """Maps a data path (``("companies", 3, "lines", 0, "number")``) to ``line, col``."""

    def __init__(self, text: str) -> None:
        yaml = yaml_module()
        self.root = yaml.compose(text, Loader=loader())

    def find(self, loc: Iterable[Any], key: bool = False) -> tuple[int, int]:
        yaml = yaml_module()
        node = self.root
        if node is None:
            return 1, 1
        path = list(loc)
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if getattr(k, "value", None) == part:
                        node = k if (last and key) else v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                else:
                    break
            else:
                break
        mark = node.start_mark
        return mark.line + 1, mark.column + 1


_TOP_KEY = re.compile(r"companies:[ \t]*(#.*)?")


def split_companies(text: str) -> tuple[str, list[str]] | None:
    """The file's text outside the ``companies`` list, and each list item's text.

    Only for the common block layout (``companies:`` at column 0, items as
    ``- `` lines at one indentation); None for anything else. Each piece is
    parsed on its own, so a piece that is not valid YAML alone sends the
    caller back to reading the whole file.
    """
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if _TOP_KEY.fullmatch(ln.rstrip("\r\n"))), None)
    if start is None:
        return None
    items: list[list[str]] = []
    indent = -1
    end = len(lines)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            if items:
                items[-1].append(line)
            continue
        depth = len(line) - len(body)
        if body.startswith("\t"):
            return None
        if indent < 0:
            if not body.startswith("-"):
                return None
            indent = depth
        if depth < indent or (depth == indent and not body.startswith("-")):
            if depth != 0:
                return None
            end = i
            break
        if depth == indent:
            items.append([])
        items[-1].append(line)
    header = "".join(lines[:start]) + "companies: []\n" + "".join(lines[end:])
    return header, ["".join(item) for item in items]
