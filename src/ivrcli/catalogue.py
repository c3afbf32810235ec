"""Catalogue files: YAML loading with positions, validation, merging, compiling.

The normal path is cheap: the C loader reads the file, pydantic validates the
plain data, and only when there are problems to report is the YAML composed
again to recover the ``line:col`` of each one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivrcli.errors import CatalogueError, Problem
from ivrcli.keys import parse_keys, render_keys

#: company fields a user may type: kept for ``show`` and ``find``
Company = dict[str, Any]


@dataclass
class Checked:
    """The result of validating one file: compiled companies, problems and warnings."""

    path: str
    companies: list[Company] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def _yaml() -> Any:
    import yaml

    return yaml


_LOADER: Any = None


def _loader() -> Any:
    """The C safe loader, with timestamps kept as strings (pydantic parses and locates them)."""
    global _LOADER
    if _LOADER is None:
        yaml = _yaml()
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
        raise _one(name, 1, 1, "is a directory, not a catalogue file") from None
    except FileNotFoundError:
        raise _one(name, 1, 1, "no such file") from None
    except PermissionError:
        raise _one(name, 1, 1, "permission denied") from None
    except OSError as exc:
        raise _one(name, 1, 1, f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _one(name, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None


def _one(name: str, line: int, column: int, message: str) -> CatalogueError:
    problem = Problem(name, line, column, message)
    return CatalogueError(str(problem), [problem])


def parse_yaml(name: str, text: str) -> Any:
    """YAML text to plain data; syntax errors, aliases and empty files are located errors."""
    yaml = _yaml()
    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "YAML syntax error"
        if "\t" in text and "tab" not in problem and _tab_near(text, line):
            problem += " (a tab character: YAML indents with spaces only)"
        if problem.startswith("duplicate key"):
            raise _one(name, line, column, problem) from None
        raise _one(name, line, column, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise _one(name, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise _one(name, 1, 1, "YAML nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value
        raise _one(name, 1, 1, f"YAML value error: {exc}") from None
    if data is None:
        raise _one(name, 1, 1, "the file is empty: expected 'version: 1' and 'companies:'")
    if not isinstance(data, dict):
        raise _one(name, 1, 1, "expected a mapping with 'version: 1' and 'companies:' at the top")
    shared = _shared_node(data)
    if shared:
        line, column = _first_alias(text)
        raise _one(name, line, column, "YAML anchors and aliases are not supported; write it out")
    return data


def _tab_near(text: str, line: int) -> bool:
    lines = text.splitlines()
    return any("\t" in lines[i] for i in range(max(0, line - 2), min(len(lines), line + 1)))


def _shared_node(data: Any) -> bool:
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
    yaml = _yaml()
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            return mark.line + 1, mark.column + 1
    return 1, 1  # pragma: no cover - only called when an alias exists


# --------------------------------------------------------------------------- positions


class Positions:
    """Maps a data path (``("companies", 3, "lines", 0, "number")``) to ``line, col``."""

    def __init__(self, text: str) -> None:
        yaml = _yaml()
        self.root = yaml.compose(text, Loader=_loader())

    def find(self, loc: Iterable[Any], key: bool = False) -> tuple[int, int]:
        yaml = _yaml()
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


# --------------------------------------------------------------------------- validation

_FRIENDLY = {
    "Extra inputs are not permitted": "unknown key",
    "Field required": "missing required key",
}


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

    from ivrcli import models

    fields: set[str] = set()
    for model in (models.Company, models.Line, models.Node, models.Channel, models.CatalogueFile):
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

    from ivrcli.models import CatalogueFile

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
    semantic, warnings = _semantic(model, strict) if model else ([], [])
    for loc, message in semantic:
        line, column = locate(loc)
        result.problems.append(Problem(name, line, column, message))
    for loc, message in warnings:
        line, column = locate(loc)
        result.warnings.append(Problem(name, line, column, message, "warning"))
    result.problems.sort(key=lambda p: (p.line, p.column))
    if model is not None and not result.problems:
        result.companies = [compile_company(c, name) for c in model.companies]
    return result


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


def _check_chunked(name: str, text: str) -> list[Company] | None:
    """Validate and compile company by company; None at the first problem of any kind."""
    from types import SimpleNamespace

    from pydantic import ValidationError

    from ivrcli.models import CatalogueFile
    from ivrcli.models import Company as CompanyModel

    split = split_companies(text)
    if split is None:
        return None
    header, items = split
    yaml = _yaml()
    models = []
    try:
        head = yaml.load(header, Loader=_loader())
        if not isinstance(head, dict):
            return None
        CatalogueFile.model_validate(head)
        for item in items:
            data = yaml.load(item, Loader=_loader())
            if not isinstance(data, list) or len(data) != 1 or _shared_node(data):
                return None
            models.append(CompanyModel.model_validate(data[0]))
    except (yaml.YAMLError, ValidationError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    problems, _ = _semantic(SimpleNamespace(companies=models), False)
    if problems:
        return None
    return [compile_company(c, name) for c in models]


def _semantic(
    model: Any, strict: bool
) -> tuple[list[tuple[tuple[Any, ...], str]], list[tuple[tuple[Any, ...], str]]]:
    """Checks that span fields: unique ids and sibling keys, numbers, zones, PH coverage."""
    from ivrcli.hours import eve_warnings, uses_ph
    from ivrcli.numbers import NumberError, check_number
    from ivrcli.regions import default_timezone, zones_by_country

    problems: list[tuple[tuple[Any, ...], str]] = []
    warnings: list[tuple[tuple[Any, ...], str]] = []
    seen_ids: dict[str, int] = {}
    today = dt.date.today()
    for ci, company in enumerate(model.companies):
        at = ("companies", ci)
        if company.id in seen_ids:
            problems.append(
                (
                    (*at, "id"),
                    f"duplicate company id {company.id!r} "
                    f"(first at entry {seen_ids[company.id] + 1})",
                )
            )
        seen_ids.setdefault(company.id, ci)
        if company.timezone is None and default_timezone(company.country) is None:
            zones = zones_by_country().get(company.country, [])
            example = f": e.g. timezone: {zones[0]}" if zones else ""
            problems.append(
                (
                    (*at, "country"),
                    f"{company.country} spans several time zones; add timezone{example}",
                )
            )
        tz = company.timezone or default_timezone(company.country) or "UTC"
        line_ids: set[str] = set()
        for li, line in enumerate(company.lines):
            lat = (*at, "lines", li)
            if line.id in line_ids:
                problems.append(((*lat, "id"), f"duplicate line id {line.id!r} in {company.id}"))
            line_ids.add(line.id)
            try:
                check_number(line.number, company.country)
            except NumberError as exc:
                problems.append(((*lat, "number"), str(exc)))
            for loc, hours in _hours_in(line, lat):
                if uses_ph(hours):
                    problems.extend(_ph_problems(loc, hours, company.country))
                    if strict and not problems:
                        for day, holiday in eve_warnings(hours, tz, company.country, today):
                            warnings.append(
                                (
                                    loc,
                                    f"the eve rule opens {day:%a %Y-%m-%d} (before {holiday}), "
                                    "a day the line is otherwise closed",
                                )
                            )
            problems.extend(_sibling_clashes(line.menu, (*lat, "menu")))
    return problems, warnings


def _ph_problems(
    loc: tuple[Any, ...], hours: str, country: str
) -> list[tuple[tuple[Any, ...], str]]:
    from ivrcli.hours import supports_ph

    if supports_ph(country):
        return []
    return [(loc, f"PH: no public-holiday data for country {country}; write the dates instead")]


def _hours_in(holder: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if holder.hours:
        yield (*loc, "hours"), holder.hours
    for i, node in enumerate(holder.menu):
        yield from _hours_in(node, (*loc, "menu", i))


def _sibling_clashes(menu: list[Any], loc: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: dict[str, str] = {}
    for i, node in enumerate(menu):
        if node.keys is not None:
            canonical = render_keys(parse_keys(node.keys)).lower()
            if canonical in seen:
                problems.append(
                    (
                        (*loc, i, "keys"),
                        f"keys {node.keys!r} already lead to {seen[canonical]!r} in this menu",
                    )
                )
            seen.setdefault(canonical, node.name)
        problems.extend(_sibling_clashes(node.menu, (*loc, i, "menu")))
    return problems


# --------------------------------------------------------------------------- compiling


def compile_company(company: Any, origin: str) -> Company:
    """A validated company as plain data (what the cache stores and ``find`` reads)."""
    from ivrcli.regions import default_timezone

    data: Company = company.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["country"] = company.country
    data["timezone"] = company.timezone or default_timezone(company.country) or "UTC"
    data["_origin"] = origin
    for line in data["lines"]:
        # the dial form from the company's own country, so `find` needs no phonenumbers
        # ... and from Israel, the default home country
        line["_dial"] = {
            home: _dial_or_empty(line["number"], company.country, home)
            for home in dict.fromkeys((company.country, DEFAULT_HOME))
        }
        _add_terms(line)
    return data


DEFAULT_HOME = "IL"


def _dial_or_empty(number: str, country: str, home: str) -> str | None:
    """The precomputed dial form; None where it is not dialable (find then says why)."""
    from ivrcli.errors import IvrError
    from ivrcli.numbers import dial_number

    try:
        return dial_number(number, country, home)
    except IvrError:
        return None


def _add_terms(holder: dict[str, Any]) -> None:
    """Precompute normalised search terms (``_terms``) for a line and its menu."""
    from ivrcli.search import node_terms

    holder["_terms"] = node_terms(holder)
    for node in holder.get("menu", []):
        _add_terms(node)


def public(company: Company) -> Company:
    """A compiled company without the internal keys (those starting with ``_``)."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if not k.startswith("_")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    cleaned: Company = clean(company)
    return cleaned


# --------------------------------------------------------------------------- sources


def active_sources(cli_paths: list[Path] | None) -> tuple[list[Path], bool]:
    """The catalogue files in merge order, and whether they are the defaults.

    ``--catalogue`` wins over ``IVR_CATALOGUE``; either replaces the bundled
    file and the user's ``catalogue.d`` overlay.
    """
    if cli_paths:
        return list(cli_paths), False
    env = os.environ.get("IVR_CATALOGUE")
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p], False
    from ivrcli.paths import bundled_catalogue, overlay_dir

    files = [bundled_catalogue()]
    overlay = overlay_dir()
    if overlay.is_dir():
        files.extend(sorted(overlay.glob("*.yaml")) + sorted(overlay.glob("*.yml")))
    return files, True


def merge(checked: list[Checked], bundled: Path | None = None) -> list[Company]:
    """Later files' companies replace earlier ones with the same id, keeping first position."""
    merged: dict[str, Company] = {}
    for result in checked:
        yours = bundled is not None and result.path != str(bundled)
        for company in result.companies:
            if yours:
                company["_yours"] = True
            merged[company["id"]] = company
    return list(merged.values())


def load(paths: list[Path], defaults: bool) -> list[Company]:
    """Validate and merge ``paths``; every problem of every file in one CatalogueError."""
    from ivrcli.paths import bundled_catalogue

    results = [check_file(p) for p in paths]
    problems = [p for r in results for p in r.problems]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more: run ivr validate)" if len(problems) > 1 else ""
        raise CatalogueError(f"{first}{more}", problems)
    return merge(results, bundled_catalogue() if defaults else None)


def add_overlay(source: Path) -> tuple[Path, bool, int]:
    """Validate ``source`` and copy it atomically into ``catalogue.d``.

    Returns the target, whether it replaced a file of the same name, and its
    company count. An invalid file is refused with every problem, nothing copied.
    """
    import shutil
    import tempfile

    from ivrcli.paths import ensure_private_dir, overlay_dir

    checked = check_file(source, strict=True)
    if checked.problems:
        first = checked.problems[0]
        more = f" (and {len(checked.problems) - 1} more)" if len(checked.problems) > 1 else ""
        raise CatalogueError(f"{first}{more}; nothing was copied", checked.problems)
    folder = overlay_dir()
    name = source.name if source.suffix in (".yaml", ".yml") else f"{source.name}.yaml"
    target = folder / name
    replaced = target.exists()
    try:
        ensure_private_dir(folder)
        fd, tmp = tempfile.mkstemp(prefix=".add-", suffix=".yaml", dir=folder)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
        os.replace(tmp, target)
    except OSError as exc:
        raise CatalogueError(f"{folder}: cannot write here ({exc.strerror})") from None
    return target, replaced, len(checked.companies)
