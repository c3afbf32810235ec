"""What each command does, with plain objects in and out: one module per command family.

Services compute every value a view shows (hours included); they never print
and never import typer, rich or ``ivrcli.output``.
"""
