"""Validating catalogue files: the schema, the checks, every problem located.

:func:`check_file` reads a file, validates it against the pydantic schema,
runs the cross-field checks, and compiles the companies when all is well.
A problem is a :class:`~ivrcli.errors.Problem` with ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivrcli.catalogue.compiled import as_data, compile_company
from ivrcli.catalogue.yaml_io import (
    Positions,
    has_shared_node,
    loader,
    parse_yaml,
    read_text,
    split_companies,
    yaml_module,
)
from ivrcli.errors import CatalogueError, Problem
from ivrcli.model import CompanyData


@dataclass
class Checked:
    """The result of validating one file: compiled companies, problems and warnings."""

    path: str
    companies: list[CompanyData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _message(err: dict[str, Any]) -> tuple[str, bool]:
    """A pydantic error as a user message; second item: point at the key, not the value."""
    loc = err.get("loc", ())
    name = _loc_name(loc)
    kind = err.get("type", "")
    msg = str(err.get("msg", "invalid"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "extra_forbidden":
        return f"unknown key {name!r}{_suggest(name, loc)}", True
    if kind == "missing":
        return f"missing required key {name!r}", False
    if kind.startswith("recursion") or msg.startswith("Recursion error"):  # wording varies
        return "menus nested too deeply to validate (keep menus under 100 levels)", False
    if kind == "string_pattern_mismatch":
        return f"{name}: a slug of lowercase letters, digits and hyphens, like 'hot-mobile'", False
    if kind in ("model_type", "dict_type"):
        return f"{name}: expected a mapping of keys and values", False
    if kind == "list_type":
        return f"{name}: expected a list", False
    if kind == "string_type":
        return f"{name}: must be a string (quote it in YAML)", False
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"{name}: not a date (write YYYY-MM-DD): {msg}", False
    return f"{name}: {msg}", False


def _loc_name(loc: tuple[Any, ...]) -> str:
    """``("companies", 0, "lines", 2)`` -> ``lines[2]``; ``(..., "number")`` -> ``number``."""
    parts = [p for p in _data_path(tuple(loc))]
    if not parts:
        return "value"
    if isinstance(parts[-1], int) and len(parts) > 1:
        return f"{parts[-2]}[{parts[-1]}]"
    return str(parts[-1])


def _suggest(name: str, loc: tuple[Any, ...]) -> str:
    import difflib

    from ivrcli.catalogue import schema

    fields: set[str] = set()
    for model in (schema.Company, schema.Line, schema.Node, schema.Channel, schema.CatalogueFile):
        fields.update(model.model_fields)
    close = difflib.get_close_matches(name, sorted(fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _data_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic locs may hold function-validator labels; keep only data keys and indices."""
    return tuple(
        part for part in loc if isinstance(part, int) or not str(part).startswith("function-")
    )


#: files at least this large are read company by company (bounded memory), when valid
CHUNKED_MIN_BYTES = 512 * 1024


def check_file(path: Path, *, strict: bool = False, chunked_min: int | None = None) -> Checked:
    """Validate one file; ``strict`` adds the checks only ``ivr validate`` pays for.

    A large valid file is read one company at a time (:func:`_check_chunked`);
    whenever that path meets a problem, the whole file is read again the plain
    way, which locates every problem.
    """
    name = str(path)
    result = Checked(name)
    try:
        text = read_text(path)
    except CatalogueError as exc:
        result.problems.extend(exc.problems)
        return result
    threshold = CHUNKED_MIN_BYTES if chunked_min is None else chunked_min
    if not strict and len(text) >= threshold:
        companies = _check_chunked(name, text)
        if companies is not None:
            result.companies = companies
            return result
    try:
        data = parse_yaml(name, text)
    except CatalogueError as exc:
        result.problems.extend(exc.problems)
        return result
    from pydantic import ValidationError

    from ivrcli.catalogue.checks import check_companies
    from ivrcli.catalogue.schema import CatalogueFile

    positions: Positions | None = None

    def locate(loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        nonlocal positions
        if positions is None:
            positions = Positions(text)
        return positions.find(loc, key)

    model: CatalogueFile | None = None
    try:
        model = CatalogueFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, at_key = _message(dict(err))
            line, column = locate(_data_path(tuple(err["loc"])), at_key)
            result.problems.append(Problem(name, line, column, message))
    companies = [as_data(c) for c in model.companies] if model else []
    semantic, warnings = check_companies(companies, strict) if model else ([], [])
    for loc, message in semantic:
        line, column = locate(loc)
        result.problems.append(Problem(name, line, column, message))
    for loc, message in warnings:
        line, column = locate(loc)
        result.warnings.append(Problem(name, line, column, message, "warning"))
    result.problems.sort(key=lambda p: (p.line, p.column))
    if model is not None and not result.problems:
        result.companies = [compile_company(c, name) for c in companies]
    return result


def _check_chunked(name: str, text: str) -> list[CompanyData] | None:
    """Validate and compile company by company; None at the first problem of any kind."""
    from pydantic import ValidationError

    from ivrcli.catalogue.checks import check_companies
    from ivrcli.catalogue.schema import CatalogueFile, Company

    split = split_companies(text)
    if split is None:
        return None
    header, items = split
    yaml = yaml_module()
    companies: list[CompanyData] = []
    try:
        head = yaml.load(header, Loader=loader())
        if not isinstance(head, dict):
            return None
        CatalogueFile.model_validate(head)
        for item in items:
            data = yaml.load(item, Loader=loader())
            if not isinstance(data, list) or len(data) != 1 or has_shared_node(data):
                return None
            companies.append(as_data(Company.model_validate(data[0])))
    except (yaml.YAMLError, ValidationError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    problems, _ = check_companies(companies, False)
    if problems:
        return None
    return [compile_company(c, name) for c in companies]
