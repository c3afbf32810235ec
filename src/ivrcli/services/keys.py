"""The keys question after a call (and ``ivr log --keys``): what the journal keeps, what
the observations learn.

Typed keys are the full path from the line's menu root, compared with the
documented path in canonical form: equal means the keys worked (``verified``);
different means the documented path ``failed`` and the service's path becomes
the typed one, ``observed`` (relative to its parent when it starts with the
parent's full path, else a flat path at the line's root); no documented path
means the typed one, ``observed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivrcli.errors import UsageError
from ivrcli.keys import Step, parse_keys, render_keys
from ivrcli.model import CompanyData, Holder, Route

if TYPE_CHECKING:
    from ivrcli.services.session import Session


@dataclass(frozen=True)
class KeysAnswer:
    """What the caller said: whether the documented keys worked, and the keys typed."""

    worked: bool | None = None
    typed: str | None = None


@dataclass(frozen=True)
class Learned:
    """The journal's ``keys`` and ``keys_ok``, and the observation to record (if any)."""

    keys: str | None = None
    keys_ok: bool | None = None
    entry: CompanyData | None = None


def typed(session: Session, text: str) -> str:
    """Typed keys in canonical notation, identifiers as tokens; TypedKeysError otherwise
    (a prompt asks again)."""
    from ivrcli.services.learn import identifiers
    from ivrcli.typed import typed_keys

    return typed_keys(text, identifiers(session))


def learn(session: Session, route: Route, answer: KeysAnswer) -> Learned:
    """What a keys answer means for this route (UsageError when it cannot apply)."""
    from ivrcli.typed import TypedKeysError

    leaf = route.leaf
    if leaf is None:
        raise UsageError("keys are learned for a service: name one, e.g. ivr log bezeq billing")
    documented = route.steps if route.keys is not None else None
    if documented is None and answer.worked is False and not answer.typed:
        raise UsageError("this service has no documented keys that could have failed")
    try:
        heard = parse_keys(typed(session, answer.typed)) if answer.typed else None
    except TypedKeysError as exc:
        raise UsageError(f"--keys: {exc}") from None
    today = dt.date.today().isoformat()
    above = [_container(n) for n in route.nodes[:-1]]
    name = leaf["name"]
    if documented is not None and (
        answer.worked is True or (heard is not None and _same(heard, documented))
    ):
        confirmed = (leaf.get("confirmations") or 0) + 1
        node = {"keys": leaf["keys"], "name": name, "verified": today, "confirmations": confirmed}
        return Learned(render_keys(documented), True, _entry(route, _nest(above, [node])))
    if heard is None:
        if documented is None or answer.worked is not False:
            return Learned()
        node = {"keys": leaf["keys"], "name": name, "failed": today}
        return Learned(None, False, _entry(route, _nest(above, [node])))
    failed = [{"keys": leaf["keys"], "name": name, "failed": today}] if documented else []
    parent = _steps_of(route.nodes[:-1])
    new = {"name": name, "observed": today}
    if parent is not None and len(heard) > len(parent) and _same(heard[: len(parent)], parent):
        menu = _nest(above, [*failed, {"keys": render_keys(heard[len(parent) :]), **new}])
    else:
        menu = [*(_nest(above, failed) if failed else []), {"keys": render_keys(heard), **new}]
    return Learned(render_keys(heard), False if documented else None, _entry(route, menu))


def save(learned: Learned) -> str | None:
    """Record the observation; a warning (never an error) when it cannot be written."""
    from ivrcli.catalogue.observations import record
    from ivrcli.errors import IvrError
    from ivrcli.paths import observed_path

    if learned.entry is None:
        return None
    try:
        record(observed_path(), learned.entry)
    except (IvrError, OSError) as exc:
        why = exc.message if isinstance(exc, IvrError) else (exc.strerror or str(exc))
        return f"the call is recorded, but what the keys taught could not be saved: {why}"
    return None


def _container(node: Holder) -> Holder:
    """A node on the way, as the observation names it (its keys match it when it has some,
    else its name)."""
    return (
        {"keys": node["keys"], "name": node["name"]} if node.get("keys") else {"name": node["name"]}
    )


def _nest(above: list[Holder], menu: list[Holder]) -> list[Holder]:
    """``menu`` below the chain of nodes ``above``, as one menu from the line's root."""
    for node in reversed(above):
        menu = [{**node, "menu": menu}]
    return menu


def _steps_of(nodes: list[Holder]) -> list[Step] | None:
    steps: list[Step] = []
    for node in nodes:
        if node.get("keys") is None:
            return None
        steps.extend(parse_keys(node["keys"]))
    return steps


def _same(a: list[Step], b: list[Step]) -> bool:
    return render_keys(a).lower() == render_keys(b).lower()


def _entry(route: Route, menu: list[Holder]) -> CompanyData:
    return {"id": route.company["id"], "lines": [{"id": route.line["id"], "menu": menu}]}
