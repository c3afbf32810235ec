"""Plain text: data lines on stdout, one-line messages on stderr, CSV, and prompts.

No rich here: the plain ``find`` path prints through this module alone.
Catalogue and user text is scrubbed of control characters before it is printed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ivrcli.errors import Ambiguous, IvrError
from ivrcli.textnorm import scrub

if TYPE_CHECKING:
    from ivrcli.errors import Problem
    from ivrcli.journal.record import CallRecord
    from ivrcli.services.browse import Listed, Validation, WantedRow
    from ivrcli.services.calls import History
    from ivrcli.services.catalogue import Pulled, Subscription
    from ivrcli.services.find import Found
    from ivrcli.services.learn import Mapped

CSV_COLUMNS = (
    "id",
    "company_id",
    "company_name",
    "service",
    "number",
    "started",
    "waited_seconds",
    "total_seconds",
    "outcome",
    "rep",
    "reference",
    "note",
    "over_limit",
    "keys",
    "keys_ok",
    "topic",
    "line_id",
)


def line(value: str) -> None:
    """One line of data on stdout, as it is (a dial string, a ``tel:`` URI, a path)."""
    sys.stdout.write(value + "\n")


def write(value: str) -> None:
    """Text on stdout exactly as it is (a complaint, its lines already ended)."""
    sys.stdout.write(value)


def lines(values: list[str]) -> None:
    sys.stdout.write("".join(f"{value}\n" for value in values))


def message(value: str) -> None:
    """One line for the user on stderr: ``ivr: ...``."""
    sys.stderr.write(f"ivr: {scrub(value)}\n")


def closed_no_call(found: Found) -> None:
    """``ivr dial --if-open`` on a closed line: why no call was placed."""
    from ivrcli.output.phrases import status_text

    said = status_text(found.status, found.zone or found.route.company["timezone"], found.at)
    message(f"{said}: no call placed")


def acknowledge(json_mode: bool, data: dict[str, Any], value: str) -> None:
    """A command that changed something says so: JSON on stdout, or one line on stderr."""
    if json_mode:
        from ivrcli.output.json import emit

        emit(data)
    else:
        message(value)


def error(exc: IvrError) -> None:
    """An error on stderr: the tied candidates first, then ``ivr: message``."""
    if isinstance(exc, Ambiguous):
        from ivrcli.output.phrases import candidate_name

        message("ambiguous: these match equally well:")
        sys.stderr.write("".join(f"  {scrub(candidate_name(m))}\n" for m in exc.candidates))
    if exc.message:
        message(exc.message)


def columns(rows: list[tuple[str, str]]) -> None:
    """Label/value rows, the labels padded to one width (values scrubbed)."""
    width = max((len(label) for label, _ in rows), default=0)
    sys.stdout.write("".join(f"{label:<{width}}  {scrub(value)}\n" for label, value in rows))


def companies(rows: list[Listed]) -> None:
    """``ivr list`` piped: ``id<TAB>name`` a line."""
    sys.stdout.write("".join(f"{row.id}\t{scrub(row.name)}\n" for row in rows))


def wanted(rows: list[WantedRow]) -> None:
    """``ivr list --wanted`` piped: ``id<TAB>name`` a line."""
    sys.stdout.write("".join(f"{row.id}\t{scrub(row.name)}\n" for row in rows))


def problems(found: list[Problem]) -> None:
    """Located problems and warnings, one a line on stderr."""
    sys.stderr.write("".join(scrub(str(p)) + "\n" for p in found))


def validation(result: Validation) -> None:
    problems([*result.problems, *result.warnings])
    if not result.problems:
        line(f"ok: {result.companies} companies in {len(result.files)} file(s)")


def catalogue_stats(stats: dict[str, Any]) -> None:
    """``ivr catalogue stats``: one labelled row per figure."""
    from ivrcli.output.phrases import n_companies, n_services, percent

    countries = ", ".join(f"{code} {n}" for code, n in stats["countries"].items())
    categories = ", ".join(f"{name} {n}" for name, n in stats["categories"].items())
    uncategorised = stats["uncategorised"]
    stale = stats["stale_companies"]
    rows = [
        ("companies", f"{stats['companies']} ({countries})"),
        (
            "categories",
            f"{len(stats['categories'])} ({categories})"
            + (f", {n_companies(uncategorised)} without one" if uncategorised else ""),
        ),
        (
            "lines",
            f"{stats['lines']}, {stats['lines_with_hours']} with hours "
            f"({percent(stats['lines_with_hours'], stats['lines'])})",
        ),
        ("services", str(stats["services"])),
        ("6-minute topics", str(stats["services_with_topic"])),
        ("human routes", n_companies(stats["companies_with_human"])),
        ("sourced key paths", str(stats["sourced_key_paths"])),
        (
            "over a year old",
            n_companies(len(stale))
            + (f" ({', '.join(stale)})" if stale else "")
            + f", {n_services(stats['stale_services'])}",
        ),
    ]
    if stats["yours"]:
        rows.insert(1, ("yours", n_companies(stats["yours"])))
    columns(rows)


def subscriptions(rows: list[Subscription]) -> None:
    """``ivr catalogue subscriptions``: ``name<TAB>url<TAB>commit`` a line (none: a message)."""
    if not rows:
        message("no subscriptions: add one with ivr catalogue subscribe URL")
    sys.stdout.write(
        "".join(f"{r.name}\t{scrub(r.url or '?')}\t{_short(r.commit)}\n" for r in rows)
    )


def pulls(results: list[Pulled]) -> None:
    """``ivr catalogue subscribe`` and ``update``: a line per subscription on stderr, then a
    line per number the pull changes."""
    from ivrcli.output.phrases import n_companies

    if not results:
        message("no subscriptions: add one with ivr catalogue subscribe URL")
    for r in results:
        companies = n_companies(r.companies or 0)
        if r.status == "subscribed":
            message(f"{r.name}: subscribed to {r.url} ({companies}) in {r.path}")
        elif r.status == "updated":
            message(f"{r.name}: updated {_short(r.previous)} → {_short(r.commit)} ({companies})")
        elif r.status == "unchanged":
            message(f"{r.name}: unchanged ({_short(r.commit)})")
        else:
            message(f"{r.name}: refused, the previous files stay in use: {r.problem}")
        for c in r.changed:
            message(f"{r.name}: {c.company}/{c.line}: {c.old or '(none)'} → {c.new or '(none)'}")


def _short(commit: str | None) -> str:
    return commit[:10] if commit else "no commit"


def csv_row(record: CallRecord) -> list[str]:
    """A call's cells in :data:`CSV_COLUMNS` order: None is "", booleans "true"/"false"."""
    from ivrcli.output.json import call

    flat = call(record)
    company = flat.pop("company")
    flat["company_id"] = company["id"]
    flat["company_name"] = company["name"]
    return [_cell(flat[column]) for column in CSV_COLUMNS]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def history_csv(result: History) -> None:
    """``ivr history --csv``: a header row, then a call a row."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(r) for r in result.calls)


def mapped(result: Mapped) -> str:
    """The one line ``ivr map`` ends with: what was recorded, what find now dials."""
    what = f"{result.options} option{'' if result.options == 1 else 's'}"
    head = f"recorded {what} for {result.company_name} (line {result.line_id})"
    if result.new:
        head += f", a new company: {result.company_id}"
    if result.example is None:
        return head
    path, dial = result.example
    if result.query:
        return f"{head}; ivr find {result.query} now dials {dial}"
    return f"{head}; {' › '.join(path)} now dials {dial}"


def recorded(record: CallRecord) -> None:
    """What ``ivr call`` stored, in one line."""
    from ivrcli.output.phrases import clock

    waited = record.waited_seconds
    wait_text = "no one answered" if waited is None else f"waited {clock(waited)}"
    line(f"Recorded call #{record.id}: {wait_text}, {clock(record.total_seconds or 0)} in all")


def ask_value(field: str, hidden: bool) -> str:
    """A profile value typed at the prompt (without echo when ``hidden``)."""
    import typer

    value: str = typer.prompt(field, hide_input=hidden)
    return value


def silence_stdout() -> None:
    """The reader went away (``ivr ... | head``): send what is left nowhere, quietly."""
    import contextlib
    import os

    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush
