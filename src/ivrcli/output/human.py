"""The human (rich) views: panels and tables laid out from the services' results.

Views compute nothing: every value (hours included) comes in the result.
Catalogue text is always literal ``Text``, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ivrcli.output.console import console, text, title
from ivrcli.output.phrases import (
    IPHONE_NOTE,
    PATH_UNKNOWN,
    clock,
    heard_note,
    readable_url,
    reported_wait,
    route_arrow,
    service_name,
    stale_note,
    status_text,
    your_wait,
)

if TYPE_CHECKING:
    from ivrcli.search.resolve import Match
    from ivrcli.services.browse import Listed, WantedRow
    from ivrcli.services.calls import History
    from ivrcli.services.find import Found, Service


def find(found: Found, no_color: bool) -> None:
    """The answer in a panel; for a company alone, its services below."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    route = found.route
    company = route.company
    out = console(no_color=no_color)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    heading = company["name"]
    if route.leaf is not None:
        heading += " · " + " › ".join(route.path)
    grid.add_row("Call", text(route_arrow(route)))
    dial_style = "bold green" if found.dial.complete else "bold yellow"
    grid.add_row("Dial", text(found.dial.display, dial_style))
    if found.dial.missing:
        names = ", ".join(found.dial.missing)
        grid.add_row(
            "Missing", text(f"{names}: set with ivr profile set {found.dial.missing[0]}", "yellow")
        )
    if route.leaf is not None and route.keys is None:
        grid.add_row("", text(PATH_UNKNOWN, "yellow"))
    said = found.heard
    if said:
        style = "yellow" if said[0] == "failed" else "green"
        grid.add_row("Keys", text(heard_note(*said), style))
    status = found.status
    open_style = (
        "green" if status and status.open else ("red" if status and status.open is False else "")
    )
    zone = found.zone or company["timezone"]
    grid.add_row("Hours", text(status_text(status, zone, found.at), open_style))
    if route.hours:
        grid.add_row("", text(route.hours, "dim"))
    leaf = route.leaf or {}
    details = [x for x in (leaf.get("kind"), route.topic and f"topic: {route.topic}") if x]
    if details:
        grid.add_row("Kind", text(" · ".join(details)))
    for holder in (leaf, route.line, company):
        if holder.get("note"):
            grid.add_row("Note", text(holder["note"]))
    for channel in company.get("channels", []):
        grid.add_row(channel["kind"].capitalize(), text(channel["address"]))
    checked = route.inherited("checked")
    source = route.inherited("source")
    if source:
        shown = readable_url(source)
        grid.add_row("Source", text(f"{shown} (checked {checked})" if checked else shown, "dim"))
    if found.stale:
        grid.add_row("", text(stale_note(found.stale), "yellow"))
    _waits(grid, found)
    tel = found.dial.tel if found.dial.complete else None
    if tel and found.dial.masked:
        hidden = "hidden: it holds a secret (--reveal shows it, --tel prints it)"
        grid.add_row("Link", text(hidden, "dim"))
    elif tel:
        grid.add_row("Link", text(tel, "dim"))
        if "*" in tel or "%23" in tel:
            grid.add_row("", text(IPHONE_NOTE, "dim"))
    # the panel's frame and the title's padding take 6 columns
    shown = title(heading, "bold", out.width - 6)
    out.print(Panel(Group(grid), title=shown, title_align="left", expand=False))
    menu = found.services
    if menu:
        services(out, company["id"], menu)


def _waits(grid: Any, found: Found) -> None:
    """The published wait for the route, then yours from the journal (section 12)."""
    wait = found.reported_wait
    if wait:
        grid.add_row("Reported", text(reported_wait(wait, found.route.topic)))
        if wait.get("note"):
            grid.add_row("", text(wait["note"], "dim"))
        grid.add_row("", text(f"{readable_url(wait['source'])} (checked {wait['checked']})", "dim"))
    if found.your_wait:
        head, best = your_wait(found.your_wait)
        grid.add_row("Your wait", text(head))
        grid.add_row("", text(best))


def services(out: Any, company_id: str, found: list[Service]) -> None:
    """The services of a company, for a query that named only the company."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    for col in ("number", "keys", "service"):
        table.add_column(col)
    for service in found:
        keys = service.keys or "listen"
        table.add_row(text(service.number), text(keys), text(" › ".join(service.path)))
    out.print(text(f"Services: ivr find {company_id} SERVICE", "bold"))
    out.print(table)


def matches(found: list[Match], no_color: bool) -> None:
    """``find --all``: every match with its score."""
    from rich.table import Table

    out = console(no_color=no_color)
    table = Table(show_header=True, header_style="bold", box=None)
    for col in ("score", "company", "service", "keys", "number"):
        table.add_column(col)
    for match in found:
        route = match.route
        table.add_row(
            str(match.score),
            text(route.company["id"]),
            text(service_name(route.path)),
            text(route.keys or ("" if route.leaf is None else "?")),
            text(route.line["number"]),
        )
    out.print(table)


def company_list(rows: list[Listed], no_color: bool) -> None:
    """``ivr list``: a company a row, its matching services below it."""
    from rich.table import Table

    out = console(no_color=no_color)
    table = Table(show_header=True, header_style="bold", box=None)
    for col in ("id", "name", "category", "open", "number"):
        table.add_column(col)
    for row in rows:
        mark = {True: "open", False: "closed", None: "?"}[row.open]
        table.add_row(
            text(row.id),
            text(row.name),
            text(row.category or ""),
            text(mark, {"open": "green", "closed": "red"}.get(mark, "")),
            text(row.number),
        )
        for service in row.services:
            table.add_row("", text(f"  › {service}", "dim"), "", "", "")
    out.print(table)


def wanted_list(rows: list[WantedRow], no_color: bool) -> None:
    """``ivr list --wanted``: known to exist, number not sourced yet."""
    from rich.table import Table

    out = console(no_color=no_color)
    table = Table(show_header=True, header_style="bold", box=None)
    for col in ("id", "name", "category", "note"):
        table.add_column(col)
    for row in rows:
        table.add_row(text(row.id), text(row.name), text(row.category or ""), text(row.note or ""))
    out.print(table)
    out.print(text("No sourced number yet: heard one on a call? ivr map ID --name NAME --number N"))


def history(result: History, no_color: bool, *, over_limit: bool = False) -> None:
    """The journal as a table (``#`` is the id ``ivr complaint`` takes), then a line per
    company: calls, median wait, breaches."""
    from rich.table import Table

    records = result.calls
    out = console(no_color=no_color)
    if not records and over_limit:
        out.print(text("No calls over the 6-minute limit in the journal."))
        return
    if not records:
        out.print(text("No calls recorded yet: ivr call QUERY, or ivr log QUERY --waited 7m"))
        return
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("#", justify="right", no_wrap=True)
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
            str(rec.id),
            text(rec.started.strftime("%d %b %H:%M")),
            text(rec.company_name),
            text(rec.service or "(main line)"),
            text(waited, "red" if rec.over_limit else ""),
            text(rec.outcome or ""),
            text(who),
        )
        if rec.note:
            table.add_row("", "", "", text(f"note: {rec.note}", "dim"), "", "", "")
    out.print(table)
    names = {rec.company_id: rec.company_name for rec in records}
    for company_id, entry in result.summary.items():
        median = entry["median_wait"]
        wait = "no waits recorded" if median is None else f"median wait {clock(median)}"
        over = entry["over_limit"]
        line = f"{names[company_id]}: {entry['calls']} call(s), {wait}"
        if over:
            line += f", {over} over the 6-minute legal limit"
        out.print(text(line, "red" if over else "dim"))
    if over_limit:
        out.print(text("A complaint about one of them: ivr complaint # [--lang he]", "dim"))
