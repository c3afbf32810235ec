"""Validating catalogue files: the schema, the checks, every problem located.

:func:`check_file` reads a file, validates it against the pydantic schema,
runs the cross-field checks, and compiles the companies when all is well.
A problem is a :class:`~ivrcli.errors.Problem` with ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ivrcli.catalogue.compiled import as_data, compile_company, compile_wanted
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

if TYPE_CHECKING:
    from pydantic import BaseModel

T = TypeVar("T", bound="BaseModel")


@dataclass
class Checked:
    """The result of validating one file: compiled companies and wanted entries, problems
    and warnings."""

    path: str
    companies: list[CompanyData] = field(default_factory=list)
    wanted: list[CompanyData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def describe(err: dict[str, Any]) -> tuple[str, bool]:
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


class _Locator:
    """``line, col`` of a data path, composing the YAML only when a problem needs it."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._positions: Positions | None = None

    def problem(self, loc: tuple[Any, ...], message: str, key: bool = False) -> Problem:
        if self._positions is None:
            self._positions = Positions(self.text)
        line, column = self._positions.find(loc, key)
        return Problem(self.name, line, column, message)


def _text(path: Path, result: Checked) -> str | None:
    """The file's text; None (the problem in ``result``) when it cannot be read."""
    try:
        return read_text(path)
    except CatalogueError as exc:
        result.problems.extend(exc.problems)
        return None


def _modelled(model: type[T], name: str, text: str, result: Checked) -> tuple[_Locator, T] | None:
    """The text parsed and validated as ``model``, with a locator for later problems; None
    with every YAML or schema problem located in ``result``."""
    from pydantic import ValidationError

    where = _Locator(name, text)
    try:
        return where, model.model_validate(parse_yaml(name, text))
    except CatalogueError as exc:
        result.problems.extend(exc.problems)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, at_key = describe(dict(err))
            result.problems.append(where.problem(_data_path(tuple(err["loc"])), message, at_key))
    return None


def check_file(path: Path, *, strict: bool = False, chunked_min: int | None = None) -> Checked:
    """Validate one file; ``strict`` adds the checks only ``ivr validate`` pays for.

    A large valid file is read one company at a time (:func:`_check_chunked`);
    whenever that path meets a problem, the whole file is read again the plain
    way, which locates every problem.
    """
    from ivrcli.catalogue.checks import check_companies
    from ivrcli.catalogue.schema import CatalogueFile

    name = str(path)
    result = Checked(name)
    text = _text(path, result)
    if text is None:
        return result
    threshold = CHUNKED_MIN_BYTES if chunked_min is None else chunked_min
    if not strict and len(text) >= threshold:
        chunked = _check_chunked(name, text)
        if chunked is not None:
            return chunked
    modelled = _modelled(CatalogueFile, name, text, result)
    if modelled is None:
        return result
    where, model = modelled
    companies = [as_data(c) for c in model.companies]
    wanted = [_wanted_data(w) for w in model.wanted]
    semantic, warnings = check_companies(companies, strict, wanted)
    result.problems.extend(where.problem(loc, message) for loc, message in semantic)
    result.warnings.extend(
        Problem(p.file, p.line, p.column, p.message, "warning")
        for p in (where.problem(loc, message) for loc, message in warnings)
    )
    result.problems.sort(key=lambda p: (p.line, p.column))
    if not result.problems:
        result.companies = [compile_company(c, name) for c in companies]
        result.wanted = [compile_wanted(w, name) for w in wanted]
    return result


def check_observations(path: Path) -> Checked:
    """Validate the observations file: its companies as plain data, not compiled."""
    from ivrcli.catalogue.checks import check_observed
    from ivrcli.catalogue.schema import ObservationsFile

    result = Checked(str(path))
    text = _text(path, result)
    modelled = None if text is None else _modelled(ObservationsFile, str(path), text, result)
    if modelled is None:
        return result
    where, model = modelled
    companies: list[CompanyData] = [
        c.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for c in model.companies
    ]
    result.problems.extend(where.problem(loc, msg) for loc, msg in check_observed(companies))
    result.problems.sort(key=lambda p: (p.line, p.column))
    if not result.problems:
        result.companies = companies
    return result


def _wanted_data(entry: Any) -> CompanyData:
    data: CompanyData = entry.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return data


def _check_chunked(name: str, text: str) -> Checked | None:
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
        wanted = [_wanted_data(w) for w in CatalogueFile.model_validate(head).wanted]
        for item in items:
            data = yaml.load(item, Loader=loader())
            if not isinstance(data, list) or len(data) != 1 or has_shared_node(data):
                return None
            companies.append(as_data(Company.model_validate(data[0])))
    except (yaml.YAMLError, ValidationError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    problems, _ = check_companies(companies, False, wanted)
    if problems:
        return None
    return Checked(
        name,
        [compile_company(c, name) for c in companies],
        [compile_wanted(w, name) for w in wanted],
    )
