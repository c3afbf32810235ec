"""The human (rich) views. Catalogue text is always literal ``Text``, never markup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ivrcli.render import (
    console,
    is_stale,
    route_arrow,
    status_text,
    text,
)

IPHONE_NOTE = "iPhones will not auto-dial tel: links holding * or #: paste the dial string instead."


def find(found: Any, at: dt.datetime, no_color: bool, reveal: bool) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    route = found.route
    company = route.company
    out = console(no_color=no_color)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    title = company["name"]
    if route.leaf is not None:
        title += " · " + " › ".join(route.path)
    grid.add_row("Call", text(route_arrow(route)))
    dial_style = "bold green" if found.dial.complete else "bold yellow"
    grid.add_row("Dial", text(found.dial.display, dial_style))
    if found.dial.missing:
        names = ", ".join(found.dial.missing)
        grid.add_row(
            "Missing", text(f"{names}: set with ivr profile set {found.dial.missing[0]}", "yellow")
        )
    if route.leaf is not None and route.keys is None:
        grid.add_row(
            "",
            text("The key path is not documented: listen to the menu for this service.", "yellow"),
        )
    status = found.status
    open_style = (
        "green" if status and status.open else ("red" if status and status.open is False else "")
    )
    grid.add_row("Hours", text(status_text(status, company["timezone"], at), open_style))
    if route.hours:
        grid.add_row("", text(route.hours, "dim"))
    leaf = route.leaf or {}
    details = [x for x in (leaf.get("kind"), route.topic and f"topic: {route.topic}") if x]
    if details:
        grid.add_row("Kind", text(" · ".join(details)))
    if leaf.get("note"):
        grid.add_row("Note", text(leaf["note"]))
    for channel in company.get("channels", []):
        grid.add_row(channel["kind"].capitalize(), text(channel["address"]))
    checked = route.inherited("checked")
    source = route.inherited("source")
    if source:
        shown = readable_url(source)
        grid.add_row("Source", text(f"{shown} (checked {checked})" if checked else shown, "dim"))
    stale = is_stale(route, dt.date.today())
    if stale:
        grid.add_row(
            "",
            text(
                f"These facts date from {stale}, over a year ago: listen before you press.",
                "yellow",
            ),
        )
    tel = found.dial.tel if found.dial.complete else None
    if tel and not reveal and "•" in found.dial.display:
        hidden = "hidden: it holds a secret (--reveal shows it, --tel prints it)"
        grid.add_row("Link", text(hidden, "dim"))
    elif tel:
        grid.add_row("Link", text(tel, "dim"))
        if "*" in tel or "%23" in tel:
            grid.add_row("", text(IPHONE_NOTE, "dim"))
    out.print(Panel(Group(grid), title=text(title, "bold"), title_align="left", expand=False))
    if route.leaf is None and not found.candidate.human:
        services(out, company)


def services(out: Any, company: dict[str, Any]) -> None:
    """The services of a company, for a query that named only the company."""
    from rich.table import Table

    from ivrcli.search import walk_nodes

    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    for col in ("number", "keys", "service"):
        table.add_column(col)
    rows = 0
    for line in company["lines"]:
        for _, nodes in walk_nodes(line.get("menu", [])):
            known = all(n.get("keys") for n in nodes)
            keys = ", ".join(str(n["keys"]) for n in nodes) if known else "listen"
            name = " › ".join(str(n["name"]) for n in nodes)
            table.add_row(text(line["number"]), text(keys), text(name))
            rows += 1
    if rows:
        out.print(text(f"Services: ivr find {company['id']} SERVICE", "bold"))
        out.print(table)


def readable_url(url: str) -> str:
    """Percent-encoded Hebrew paths shown as letters (the link itself stays in JSON)."""
    from urllib.parse import unquote

    return unquote(url)


def source_line(source: str, checked: str | None) -> str:
    return f"source: {readable_url(source)} (checked {checked or '?'})"


def matches(items: list[Any], no_color: bool) -> None:
    from rich.table import Table

    out = console(no_color=no_color)
    table = Table(show_header=True, header_style="bold", box=None)
    for col in ("score", "company", "service", "keys", "number"):
        table.add_column(col)
    for cand, route in items:
        service = " › ".join(route.path) or "(main line)"
        table.add_row(
            str(cand.score),
            text(route.company["id"]),
            text(service),
            text(route.keys or ("" if route.leaf is None else "?")),
            text(route.line["number"]),
        )
    out.print(table)


def company_list(rows: list[Any], no_color: bool) -> None:
    from rich.table import Table

    out = console(no_color=no_color)
    table = Table(show_header=True, header_style="bold", box=None)
    for col in ("id", "name", "category", "open", "number"):
        table.add_column(col)
    for company, services, state in rows:
        lines = company["lines"]
        main = next((ln for ln in lines if ln["id"] == "main"), lines[0])
        mark = {True: "open", False: "closed", None: "?"}[state]
        table.add_row(
            text(company["id"]),
            text(company["name"]),
            text(company.get("category") or ""),
            text(mark, {"open": "green", "closed": "red"}.get(mark, "")),
            text(main["number"]),
        )
        for service in services:
            table.add_row("", text(f"  › {service}", "dim"), "", "", "")
    out.print(table)


def show(cat: Any, company: dict[str, Any], at: dt.datetime, no_color: bool) -> None:
    from rich.tree import Tree

    from ivrcli.app import holiday_table
    from ivrcli.hours import evaluate

    out = console(no_color=no_color)
    table = holiday_table(cat, company["country"])
    head = f"{company['name']} ({company['id']})"
    if company.get("_yours"):
        head += " — yours"
    tree = Tree(text(head, "bold"))
    facts = [
        company.get("category"),
        company["country"],
        company["timezone"],
        company.get("website"),
    ]
    tree.add(text(" · ".join(str(f) for f in facts if f), "dim"))
    if company.get("aliases"):
        tree.add(text("also: " + ", ".join(company["aliases"]), "dim"))
    for channel in company.get("channels", []):
        tree.add(text(f"{channel['kind']}: {channel['address']}"))

    def add_source(branch: Any, holder: dict[str, Any], above: str | None) -> str | None:
        source = holder.get("source")
        if source and source != above:
            branch.add(text(source_line(source, holder.get("checked")), "dim"))
        return source or above

    def hours_text(hours: str) -> str:
        status = evaluate(hours, company["timezone"], at, table)
        return f"{hours} — {status_text(status, company['timezone'], at)}"

    def add_nodes(branch: Any, menu: list[dict[str, Any]], above: str | None) -> None:
        for node in menu:
            keys = node.get("keys")
            label = f"[{keys}] " if keys else "[listen] "
            label += node["name"]
            extra = [x for x in (node.get("kind"), node.get("topic")) if x]
            if node.get("shortcut"):
                extra.append("shortcut")
            if extra:
                label += f" ({', '.join(extra)})"
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
        here = add_source(branch, line, company_source)
        add_nodes(branch, line.get("menu", []), here)
    if company_source:
        tree.add(text(source_line(company_source, company.get("checked")), "dim"))
    stale = is_stale(company, dt.date.today())
    if stale:
        tree.add(
            text(
                f"These facts date from {stale}, over a year ago: listen before you press.",
                "yellow",
            )
        )
    out.print(tree)


def qr(tel: str) -> None:
    import sys

    import segno

    code = segno.make(tel, error="m")
    code.terminal(out=sys.stdout, compact=True, border=2)
    sys.stdout.write(tel + "\n")


def history(records: list[Any], summary: dict[str, Any], no_color: bool) -> None:
    from rich.table import Table

    from ivrcli.companion import clock

    out = console(no_color=no_color)
    if not records:
        out.print(text("No calls recorded yet: ivr call QUERY, or ivr log QUERY --waited 7m"))
        return
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("when", no_wrap=True)
    table.add_column("company")
    table.add_column("service")
    table.add_column("waited", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("rep · ref")
    for rec in records:
        waited = "—" if rec.waited_seconds is None else clock(rec.waited_seconds)
        who = " · ".join(x for x in (rec.rep, rec.reference and f"#{rec.reference}") if x)
        table.add_row(
            text(rec.started.strftime("%d %b %H:%M")),
            text(rec.company_name),
            text(rec.service or "(main line)"),
            text(waited, "red" if rec.over_limit else ""),
            text(rec.outcome or ""),
            text(who),
        )
        if rec.note:
            table.add_row("", "", text(f"note: {rec.note}", "dim"), "", "", "")
    out.print(table)
    names = {rec.company_id: rec.company_name for rec in records}
    for company_id, entry in summary.items():
        median = entry["median_wait"]
        wait = "no waits recorded" if median is None else f"median wait {clock(median)}"
        over = entry["over_limit"]
        line = f"{names[company_id]}: {entry['calls']} call(s), {wait}"
        if over:
            line += f", {over} over the 6-minute legal limit"
        out.print(text(line, "red" if over else "dim"))
