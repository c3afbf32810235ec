"""CONTRIBUTING.md's format reference: Markdown field tables generated from the schema."""

from __future__ import annotations

from ivrcli.catalogue.schema import (
    SLUG,
    CatalogueFile,
    Channel,
    Company,
    Line,
    Node,
    ReportedWait,
    Wanted,
)


def format_reference() -> str:
    """The Markdown field tables of CONTRIBUTING.md, generated from these models."""
    out: list[str] = []
    for model in (CatalogueFile, Company, Channel, Line, Node, ReportedWait, Wanted):
        doc = (model.__doc__ or "").strip().splitlines()[0]
        out += [f"#### {model.__name__}", "", doc, ""]
        out += ["| field | required | type | meaning |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            kind = _field_type(info.annotation, info.metadata)
            out.append(f"| `{name}` | {required} | {kind} | {info.description or ''} |")
        out.append("")
    return "\n".join(out)


_VALIDATOR_NAMES = {
    "_plain_text": "text",
    "_url": "URL",
    "_hours": "hours (OSM opening_hours)",
    "_keys": "keys (key notation)",
    "_wait": "wait (`6s`)",
    "_number": "phone number",
    "_average": "wait (`2m31s`)",
    "_period": "period (`2025`, `2025-Q2`, `2025-02`, `A/B`)",
    "_shares": "map of wait (`6m`) to share (0-1)",
}


def _field_type(annotation: object, metadata: list[object]) -> str:
    import typing

    for item in metadata:
        func = getattr(item, "func", None)
        if func is not None and func.__name__ in _VALIDATOR_NAMES:
            return _VALIDATOR_NAMES[func.__name__]
        if getattr(item, "pattern", None) == SLUG:
            return "slug (`a-z`, `0-9`, `-`)"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _field_type(args[0], list(args[1:]))
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_field_type(args[0], [])}"
    if args and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return _field_type(rest[0], [])
    if isinstance(annotation, type):
        names = {"str": "text", "bool": "true/false", "date": "date (YYYY-MM-DD)"}
        return names.get(annotation.__name__, annotation.__name__)
    return str(annotation)
