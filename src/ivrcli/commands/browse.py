"""`ivr list`, `show`, `validate`, `schema` and `catalogue`: the catalogue itself."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ivrcli.base import (
    AtOpt,
    BidiOpt,
    CatalogueOpt,
    HumanOpt,
    JsonOpt,
    NoColorOpt,
    ProfileOpt,
    UnusedCatalogueOpt,
    UnusedJsonOpt,
    UnusedProfileOpt,
    _at,
    _catalogue,
    _mode,
    _no_color,
    _set_bidi,
    acknowledge,
    app,
    boundary,
    catalogue_app,
    rebuild_on_corrupt_cache,
)


@app.command("list")
@rebuild_on_corrupt_cache
def list_(
    query: Annotated[
        list[str] | None, typer.Argument(help="Words to filter by (optional).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Only this category, e.g. mobile.")
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Only companies open at that moment.")
    ] = False,
    at: AtOpt = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
) -> None:
    """Companies (and matching services), optionally only those open now."""
    _set_bidi(bidi)
    with boundary(json):
        from ivrcli.app import company_status, find_all

        cat = _catalogue(catalogue)
        moment = _at(at)
        if query:
            seen: dict[int, list[str]] = {}
            for cand, route in find_all(cat, query):
                services = seen.setdefault(cand.company, [])
                if route.leaf is not None and len(services) < 5:
                    services.append(" › ".join(route.path))
            chosen = [(cat[i], seen[i]) for i in seen]
        else:
            chosen = [(c, []) for c in cat]
        if category:
            chosen = [(c, s) for c, s in chosen if c.get("category") == category]
        rows = []
        for company, services in chosen:
            state = company_status(cat, company, moment)
            if open_ and state is not True:
                continue
            rows.append((company, services, state))
        mode = _mode(json, human)
        if mode == "json":
            from ivrcli.render import emit_json

            emit_json(
                {
                    "companies": [
                        {
                            "id": c["id"],
                            "name": c["name"],
                            "category": c.get("category"),
                            "country": c["country"],
                            "open": state,
                            "services": services,
                        }
                        for c, services, state in rows
                    ]
                }
            )
        elif mode == "human":
            from ivrcli import human as view

            view.company_list(rows, _no_color(no_color))
        else:
            from ivrcli.textnorm import scrub

            for company, _, _ in rows:
                sys.stdout.write(f"{company['id']}\t{scrub(company['name'])}\n")
        if not rows:
            if not json:
                sys.stderr.write("ivr: no company matches\n")
            raise typer.Exit(3)


@app.command()
@rebuild_on_corrupt_cache
def show(
    company: Annotated[list[str], typer.Argument(help="Company id or name.")],
    at: AtOpt = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    human: HumanOpt = False,
    bidi: BidiOpt = False,
) -> None:
    """The whole phone menu of a company as a tree."""
    _set_bidi(bidi)
    with boundary(json):
        from ivrcli.search import search

        cat = _catalogue(catalogue)
        index = cat.find_id(" ".join(company).strip().lower())
        if index is None:
            cand, _ = search(cat, cat.index, company)
            index = cand.company
        data = cat[index]
        moment = _at(at)
        if json:
            from ivrcli.catalogue import public
            from ivrcli.render import emit_json

            emit_json({"company": public(data), "yours": bool(data.get("_yours"))})
            return
        from ivrcli import human as view

        view.show(cat, data, moment, _no_color(no_color))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files to check; default: the active catalogue.")
    ] = None,
    catalogue: CatalogueOpt = None,
    profile: ProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check catalogue files; every problem as file:line:col: message."""
    with boundary(json):
        from ivrcli.catalogue import active_sources, check_file

        files = list(paths) if paths else active_sources(catalogue or None)[0]
        results = [check_file(p, strict=True) for p in files]
        problems = [p for r in results for p in r.problems]
        warnings = [w for r in results for w in r.warnings]
        if json:
            from ivrcli.render import emit_json

            emit_json(
                {
                    "ok": not problems,
                    "files": [str(p) for p in files],
                    "companies": sum(len(r.companies) for r in results),
                    "problems": [p.as_json() for p in problems],
                    "warnings": [w.as_json() for w in warnings],
                }
            )
        else:
            from ivrcli.textnorm import scrub

            for item in [*problems, *warnings]:
                sys.stderr.write(scrub(str(item)) + "\n")
            if not problems:
                count = sum(len(r.companies) for r in results)
                sys.stdout.write(f"ok: {count} companies in {len(files)} file(s)\n")
        if problems:
            if not json:
                sys.stderr.write(f"ivr: {len(problems)} problem(s) found\n")
            raise typer.Exit(1)


@catalogue_app.command("path")
def catalogue_path(
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    catalogue: UnusedCatalogueOpt = None,
    profile: UnusedProfileOpt = "default",
) -> None:
    """Print the folder whose *.yaml files are merged over the bundled catalogue."""
    with boundary(json):
        from ivrcli.paths import overlay_dir

        if json:
            from ivrcli.render import emit_json

            emit_json({"path": str(overlay_dir())})
        else:
            sys.stdout.write(f"{overlay_dir()}\n")


@catalogue_app.command("stats")
@rebuild_on_corrupt_cache
def catalogue_stats(
    missing: Annotated[
        bool,
        typer.Option(
            "--missing", help="List the lines with no hours yet (company/line), one a line."
        ),
    ] = False,
    catalogue: CatalogueOpt = None,
    profile: UnusedProfileOpt = "default",
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """What the catalogue holds: companies, lines with hours, services, facts over a year old."""
    import datetime as dt

    with boundary(json):
        from ivrcli.stats import catalogue_stats as count
        from ivrcli.stats import stats_lines

        stats = count(_catalogue(catalogue), dt.date.today())
        if json:
            from ivrcli.render import emit_json

            emit_json(stats)
        elif missing:
            sys.stdout.write("".join(f"{name}\n" for name in stats["lines_without_hours"]))
        else:
            from ivrcli.render import emit_columns

            emit_columns(stats_lines(stats))


@catalogue_app.command("add")
def catalogue_add(
    file: Annotated[Path, typer.Argument(help="A catalogue file to validate and copy in.")],
    json: JsonOpt = False,
    no_color: NoColorOpt = False,
    catalogue: UnusedCatalogueOpt = None,
    profile: UnusedProfileOpt = "default",
) -> None:
    """Validate a catalogue file and copy it into your overlay folder."""
    with boundary(json):
        from ivrcli.catalogue import add_overlay
        from ivrcli.stats import n_companies

        target, replaced, count = add_overlay(file)
        verb = "replaced" if replaced else "added"
        acknowledge(
            json,
            {"path": str(target), "replaced": replaced, "companies": count},
            f"{verb} {target} ({n_companies(count)}, shown as yours)",
        )


@app.command()
def schema(
    catalogue: UnusedCatalogueOpt = None,
    profile: UnusedProfileOpt = "default",
    json: UnusedJsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Print the JSON Schema of catalogue files (for editors that validate YAML as you type)."""
    import json as json_lib

    from ivrcli.models import CatalogueFile

    data = CatalogueFile.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "ivr catalogue"
    sys.stdout.write(json_lib.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
