"""The user's observations (``observed.yaml``): what calls taught, merged inside companies.

The file is in the catalogue format, except that a company or line the
catalogue has may give only its ``id`` and what was heard. It is written only
by ``ivr`` (:func:`record`: under a lock, atomically, mode 0600) and never
rewritten when it cannot be read.

Merging (product.md section 10): a known line id merges into that line; an
observed node takes the place of the sibling with the same keys, or of a
keyless sibling whose name or an alias equals its name (normalised); a
renamed node keeps its old name as an alias; unobserved nodes stay; anything
else is added. A service whose documented path failed (or was never known)
and which was heard at another path moves there, with what was below it.
"""

from __future__ import annotations

import copy
from pathlib import Path

from ivrcli.errors import CatalogueError, StateError
from ivrcli.keys import parse_keys, render_keys
from ivrcli.model import CompanyData, Holder, public, walk_nodes
from ivrcli.textnorm import normalise

#: keys that say a fact was heard on a call, and how later calls went
HEARD = ("observed", "verified", "failed", "confirmations")
#: set on what the user's own observations brought (shown as "your call")
MINE = "_mine"


def read(path: Path) -> list[CompanyData]:
    """The observed companies as plain data; [] when the file does not exist.

    A file that cannot be read or does not validate is a CatalogueError naming
    it (``file:line:col``); it is left as it is.
    """
    from ivrcli.catalogue.validate import check_observations

    if not path.exists():
        return []
    checked = check_observations(path)
    if checked.problems:
        first = checked.problems[0]
        more = f" (and {len(checked.problems) - 1} more)" if len(checked.problems) > 1 else ""
        raise CatalogueError(f"{first}{more}", checked.problems)
    return checked.companies


def apply(companies: list[CompanyData], observed: list[CompanyData], origin: str) -> None:
    """Merge observations into compiled companies (in place; new whole companies appended)."""
    from ivrcli.catalogue.compiled import compile_company

    by_id = {c["id"]: c for c in companies}
    for entry in observed:
        entry = _mark(copy.deepcopy(entry))
        base = by_id.get(entry["id"])
        if base is not None:
            merge_company(base, entry)
            compile_company(base, base["_origin"])
            continue
        whole = _whole(entry)
        if whole is not None:
            whole["_yours"] = True
            companies.append(compile_company(_mark(whole), origin))
            by_id[whole["id"]] = whole
        # a patch for a company the catalogue in use does not have cannot apply


def _whole(entry: CompanyData) -> CompanyData | None:
    """A new company heard on calls, as a validated whole entry; None when it is partial."""
    from pydantic import ValidationError

    from ivrcli.catalogue.compiled import as_data
    from ivrcli.catalogue.schema import Company

    try:
        return as_data(Company.model_validate(public(entry)))
    except ValidationError:
        return None


def _mark(entry: CompanyData) -> CompanyData:
    """Mark every holder that carries a heard fact as the user's own."""
    holders: list[Holder] = [entry]
    for line in entry.get("lines", []):
        holders.append(line)
        holders.extend(nodes[-1] for _, nodes in walk_nodes(line.get("menu", [])))
    for holder in holders:
        if any(holder.get(k) is not None for k in HEARD):
            holder[MINE] = True
    return entry


def merge_company(base: CompanyData, entry: CompanyData) -> None:
    """``entry``'s facts over ``base``'s (in place), lines merged by id."""
    for key, value in entry.items():
        if key not in ("id", "lines"):
            base[key] = value
    lines = {line["id"]: line for line in base.setdefault("lines", [])}
    for line in entry.get("lines", []):
        target = lines.get(line["id"])
        if target is None:
            if line.get("number"):
                base["lines"].append(line)
                lines[line["id"]] = line
            continue
        for key, value in line.items():
            if key not in ("id", "menu"):
                target[key] = value
        merge_menu(target.setdefault("menu", []), line.get("menu", []))
        _move_heard(target)


def merge_menu(menu: list[Holder], observed: list[Holder]) -> None:
    """Observed nodes into a menu (in place), by keys, else by name of a keyless sibling."""
    for node in observed:
        target = sibling(menu, node)
        if target is None:
            menu.append(node)
            continue
        old = target.get("name")
        for key, value in node.items():
            if key != "menu":
                target[key] = value
        if old and normalise(old) != normalise(target["name"]):
            aliases = target.setdefault("aliases", [])
            if old not in aliases:
                aliases.append(old)
        merge_menu(target.setdefault("menu", []), node.get("menu", []))


def canonical(keys: str) -> str:
    """Key notation compared the way calls compare it (``"2,id#"`` is ``"2, ID#"``)."""
    return render_keys(parse_keys(keys)).lower()


def sibling(menu: list[Holder], node: Holder) -> Holder | None:
    """The node of ``menu`` an observed ``node`` merges into: the same keys, else a keyless
    one whose name or an alias is its name (normalised); None when it is new."""
    if node.get("keys") is not None:
        want = canonical(node["keys"])
        for sibling in menu:
            if sibling.get("keys") is not None and canonical(sibling["keys"]) == want:
                return sibling
    name = normalise(node["name"])
    for sibling in menu:
        names = [sibling.get("name") or "", *sibling.get("aliases", [])]
        if sibling.get("keys") is None and name in {normalise(n) for n in names}:
            return sibling
    return None


def _move_heard(line: Holder) -> None:
    """A service heard at a path gives its name's other node on the line way, with what
    was below it: a node whose documented keys failed (on or before that day) in the same
    menu, or, for a path heard from the line's root, such a node or a node whose path was
    never known anywhere on the line."""
    while _move_one(line.get("menu", [])):
        pass


def _move_one(root: list[Holder]) -> bool:
    menus = [root, *(nodes[-1].get("menu", []) for _, nodes in walk_nodes(root))]
    for menu in menus:
        for node in [n for n in menu if n.get("observed")]:
            name = normalise(node["name"])
            for parent, other in _nodes_in(menus if menu is root else [menu]):
                if other is node or normalise(other["name"]) != name or _related(other, node):
                    continue
                failed = other.get("failed") and str(other["failed"]) <= str(node["observed"])
                unknown = menu is root and other.get("keys") is None
                if failed or unknown:
                    parent.remove(other)
                    merge_menu(node.setdefault("menu", []), other.get("menu", []))
                    return True
    return False


def _nodes_in(menus: list[list[Holder]]) -> list[tuple[list[Holder], Holder]]:
    return [(menu, node) for menu in menus for node in menu]


def _related(a: Holder, b: Holder) -> bool:
    """One stands below the other."""

    def below(node: Holder) -> list[Holder]:
        return [nodes[-1] for _, nodes in walk_nodes(node.get("menu", []))]

    return any(n is a for n in below(b)) or any(n is b for n in below(a))


def record(path: Path, entry: CompanyData) -> None:
    """Merge one company's observations into the file, under its lock, atomically."""
    from ivrcli.storage import locked, replace_private

    with locked(path, "observations"):
        try:
            current = read(path)
        except CatalogueError as exc:
            raise StateError(f"{exc.message}; the observations file was left as it is") from None
        by_id = {c["id"]: c for c in current}
        if entry["id"] in by_id:
            merge_company(by_id[entry["id"]], entry)
        else:
            current.append(entry)
        replace_private(path, dump(current), "observations")


def dump(companies: list[CompanyData]) -> str:
    """The observations file's text (YAML, Hebrew as letters)."""
    import yaml

    header = "# Written by ivr (ivr map, and the keys question after a call). Not for editing.\n"
    data = {"version": 1, "companies": [public(c) for c in companies]}
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
