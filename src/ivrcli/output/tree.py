"""``ivr show``: a company's whole menu as a tree, every hours expression with its state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ivrcli.model import heard
from ivrcli.output.console import console, text
from ivrcli.output.phrases import (
    heard_note,
    reported_wait,
    source_line,
    stale_note,
    status_text,
)

if TYPE_CHECKING:
    from ivrcli.model import Holder
    from ivrcli.services.browse import Shown


def show(shown: Shown, no_color: bool) -> None:
    from rich.tree import Tree

    company = shown.company
    out = console(no_color=no_color)
    head = f"{company['name']} ({company['id']})"
    if shown.yours:
        head += " — yours"
    elif shown.subscription:
        head += f" — from subscription {shown.subscription}"
    tree = Tree(text(head, "bold"))
    facts = [
        company.get("category"),
        company["country"],
        f"hours in your local time ({shown.zone})" if company.get("local_time") else shown.zone,
        company.get("website"),
    ]
    tree.add(text(" · ".join(str(f) for f in facts if f), "dim"))
    if company.get("aliases"):
        tree.add(text("also: " + ", ".join(company["aliases"]), "dim"))
    for channel in company.get("channels", []):
        tree.add(text(f"{channel['kind']}: {channel['address']}"))
    if company.get("note"):
        tree.add(text(f"note: {company['note']}", "dim"))

    def add_source(branch: Any, holder: Holder, above: str | None) -> str | None:
        source = holder.get("source")
        if source and source != above:
            branch.add(text(source_line(source, holder.get("checked")), "dim"))
        return source or above

    def add_waits(branch: Any, holder: Holder) -> None:
        for wait in holder.get("waits", []):
            figure = branch.add(text(f"reported wait: {reported_wait(wait, None)}"))
            if wait.get("note"):
                figure.add(text(wait["note"], "dim"))
            figure.add(text(source_line(wait["source"], wait["checked"]), "dim"))

    def hours_text(hours: str) -> str:
        return f"{hours} — {status_text(shown.hours[hours], shown.zone, shown.at)}"

    def add_nodes(branch: Any, menu: list[Holder], above: str | None) -> None:
        for node in menu:
            keys = node.get("keys")
            label = f"[{keys}] " if keys else "[listen] "
            label += node["name"]
            extra = [x for x in (node.get("kind"), node.get("topic")) if x]
            if node.get("shortcut"):
                extra.append("shortcut")
            if extra:
                label += f" ({', '.join(extra)})"
            said = heard(node)
            if said:
                label += f" — {heard_note(*said)}"
            child = branch.add(text(label))
            here = add_source(child, node, above)
            if node.get("hours"):
                child.add(text(hours_text(node["hours"]), "dim"))
            if node.get("note"):
                child.add(text(f"note: {node['note']}", "dim"))
            add_nodes(child, node.get("menu", []), here)

    company_source = company.get("source")
    for line in company["lines"]:
        label = f"{line.get('name') or line['id']}: {line['number']}"
        if line.get("greeting"):
            label += f" (greeting {line['greeting']})"
        branch = tree.add(text(label, "bold"))
        branch.add(text(hours_text(line["hours"]) if line.get("hours") else "hours unknown", "dim"))
        if line.get("note"):
            branch.add(text(f"note: {line['note']}", "dim"))
        here = add_source(branch, line, company_source)
        add_waits(branch, line)
        add_nodes(branch, line.get("menu", []), here)
    add_waits(tree, company)
    if company_source:
        tree.add(text(source_line(company_source, company.get("checked")), "dim"))
    if shown.stale:
        tree.add(text(stale_note(shown.stale), "yellow"))
    out.print(tree)
