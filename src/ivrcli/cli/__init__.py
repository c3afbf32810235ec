"""The command line: Typer, the only place that reads arguments.

``main`` builds the app and runs only the command asked for; ``options`` gives
every command the shared options; ``boundary`` turns errors into exit codes.
A command is a function here that calls ``ivrcli.services`` and prints through
``ivrcli.output``.
"""
